/**
 * Hover for flows (spec §10): capture names and paths, assertion parts with their last outcome,
 * directives, and `{{names}}` that a capture or a `# @prompt` defines, with their current values.
 */

import type { AssertionLine, CaptureLine, KreqDocument, OutcomePath } from '../parser/kreqNodes';
import type { KalturaSchema } from '../schema/schemaIndex';
import type { ActionDef, EnumDef } from '../schema/schemaModel';
import type { CapturedValueInfo, LanguageServiceParams } from '../languageTypes';
import { enumConst, subjectKind } from '../flow/assertions';
import { blockDirectives, KNOWN_DIRECTIVES, readDirective } from '../flow/directives';
import { captureSites } from '../flow/flowModel';
import type { OutcomeSubject } from '../flow/outcomePath';
import { blockLabel, callLabel, isoTime, outcomeSubjectOf, subjectTypeLabel } from './flowFacts';
import { code, codeBlock, enumConstHover, escapeMarkdown, pathStepHover, sections } from './hoverMarkdown';
import { resolveCall } from './keyResolution';
import type { NodeAtOffset } from './nodeAtOffset';
import { pathSteps, typeLabel } from './resultPath';

type OutcomePathAt = Extract<NodeAtOffset, { kind: 'outcomePath' }>;
type CaptureNameAt = Extract<NodeAtOffset, { kind: 'captureName' }>;
type AssertionPartAt = Extract<NodeAtOffset, { kind: 'assertionOperator' | 'assertionExpected' }>;
type DirectiveAt = Extract<NodeAtOffset, { kind: 'directive' }>;

/** Everything a flow hover reads: the schema, the host's values and outcomes for this document. */
export interface FlowHoverContext {
  readonly schema?: KalturaSchema;
  readonly params: LanguageServiceParams;
  readonly documentUri: string;
  readonly doc: KreqDocument;
}

function capturedValue(ctx: FlowHoverContext, name: string): CapturedValueInfo | undefined {
  return ctx.params.capturedValues?.(ctx.documentUri)?.get(name);
}

/** `Value: `0_abc` — from media.add (call 1 of block 2), 2025-…`. */
function valueLine(value: CapturedValueInfo): string {
  return `Value: ${code(value.shown)} — from ${escapeMarkdown(value.source)}, ${isoTime(value.at)}`;
}

function durationText(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/** The last outcome of an assertion line, as the host keeps it. */
function outcomeLine(ctx: FlowHoverContext, line: AssertionLine): string | undefined {
  const outcome = ctx.params.assertionOutcomes?.(ctx.documentUri)?.get(line.line);
  if (!outcome) return undefined;
  return `Last run: ${outcome.ok ? '✓' : '✗'} ${code(outcome.message)} — ${isoTime(outcome.at)}`;
}

function actionOf(ctx: FlowHoverContext, node: { readonly call?: OutcomePathAt['call'] }): ActionDef | undefined {
  return node.call ? resolveCall(ctx.schema, node.call).action : undefined;
}

/** `Subject `result:status`: `string (KalturaEntryStatus)``, or why it has no type. */
function subjectLine(ctx: FlowHoverContext, line: AssertionLine, call: AssertionPartAt['call']): string {
  const subject = outcomeSubjectOf(ctx.schema, call, line.subject);
  return `Subject ${code(line.subject.text)}: ${subject ? code(subjectTypeLabel(subject)) : 'type unknown'}`;
}

/** Hover of the `error` root or its `code` / `message`. */
function errorPathHover(action: ActionDef, callText: string, path: OutcomePath, segmentIndex: number | undefined): string {
  if (segmentIndex === undefined) {
    return sections(codeBlock('error'), "The API error of the call, when it fails: `error:code` and `error:message`. An `error:` assertion expects the call to fail.");
  }
  const field = path.segments[segmentIndex].text;
  if (segmentIndex > 0) return `**Not resolved**: ${code(`error:${path.segments[0].text}`)} is one value: it has no parts.`;
  if (field !== 'code' && field !== 'message') return `**Not resolved**: an error has ${code('error:code')} and ${code('error:message')} only.`;
  if (field === 'message') return sections(codeBlock('message: string'), "The error's message, as the server wrote it.");
  const thrown = action.throws;
  return sections(
    codeBlock('code: string'),
    `The error's code, e.g. ${code('ENTRY_ID_NOT_FOUND')}.`,
    thrown.length > 0 && `${code(callText)} throws: ${thrown.slice(0, 12).map(code).join(', ')}${thrown.length > 12 ? ', …' : ''}`,
  );
}

/** Hover of a capture path or an assertion subject: the root with the whole path, or one segment. */
function pathHover(ctx: FlowHoverContext, node: OutcomePathAt): string | undefined {
  const action = actionOf(ctx, node);
  if (!ctx.schema || !node.call || !action) return undefined;
  const callText = callLabel(node.call);
  if (node.path.root.value === 'error') return errorPathHover(action, callText, node.path, node.segmentIndex);
  const refers = `Result of ${code(callText)} (line ${node.call.line.line + 1})`;
  const result = action.result;
  if (!result) return sections(`${code(callText)} returns nothing: there is no ${code('result')}.`);
  const steps = pathSteps(ctx.schema, result, node.path.segments);
  if (node.segmentIndex !== undefined) {
    return pathStepHover(steps[node.segmentIndex], `In ${code(node.path.text)} · ${refers}`);
  }
  const subject = outcomeSubjectOf(ctx.schema, node.call, node.path);
  const list = [`- ${code('result')} → ${code(typeLabel(result))}`, ...steps.map((s) => `- ${code(s.segment.text)} → ${s.problem ? `**not resolved** (${s.problem})` : code(s.label)}`)];
  const what = node.line.kind === 'capture' ? '**Capture**' : '**Assertion subject**';
  return sections(`${what} ${code(node.path.text)} → ${subject ? code(subjectTypeLabel(subject)) : '**broken path**'}`, refers, list.join('\n'));
}

/** What a capture line tells: its type, where it comes from, its value. */
function captureHover(ctx: FlowHoverContext, line: CaptureLine, call: CaptureNameAt['call'], block: CaptureNameAt['block']): string {
  const name = line.name.text;
  const subject = outcomeSubjectOf(ctx.schema, call, line.path);
  const value = capturedValue(ctx, name);
  const from = call ? `Captured from ${code(line.path.text)} of ${code(callLabel(call))} when it succeeds; used as ${code(`{{${name}}}`)} in later blocks.` : undefined;
  return sections(
    codeBlock(`${name}: ${subject ? subjectTypeLabel(subject) : 'unknown'}`),
    from,
    value ? valueLine(value) : block && `No value yet: send ${blockLabel(block)} first.`,
  );
}

function enumOf(ctx: FlowHoverContext, subject: OutcomeSubject | undefined): EnumDef | undefined {
  return subjectKind(ctx.schema, subject).enumDef;
}

function assertionPartHover(ctx: FlowHoverContext, node: AssertionPartAt): string {
  const line = node.line;
  let head: string | undefined;
  if (node.kind === 'assertionOperator') {
    head = codeBlock(`${line.subject.text} ${line.operator.text}${line.expected ? ` ${line.expected.text}` : ''}`);
  } else {
    const e = enumOf(ctx, outcomeSubjectOf(ctx.schema, node.call, line.subject));
    const constant = e && line.expected && line.expected.parts.length === 0 ? enumConst(e, line.expected.content) : undefined;
    head = e && constant ? enumConstHover(e, constant) : codeBlock(line.expected?.text ?? '');
  }
  return sections(head, subjectLine(ctx, line, node.call), outcomeLine(ctx, line));
}

/** Hover of a capture or assertion line's part; undefined when there is nothing to say. */
export function outcomeLineHover(ctx: FlowHoverContext, node: Extract<NodeAtOffset, { kind: 'captureName' | 'outcomePath' | 'assertionOperator' | 'assertionExpected' }>): string | undefined {
  switch (node.kind) {
    case 'captureName':
      return captureHover(ctx, node.line, node.call, node.block);
    case 'outcomePath': {
      const path = pathHover(ctx, node);
      if (node.line.kind === 'capture') {
        const value = capturedValue(ctx, node.line.name.text);
        return sections(path, value && valueLine(value)) || undefined;
      }
      return sections(path, node.segmentIndex === undefined ? undefined : subjectLine(ctx, node.line, node.call), outcomeLine(ctx, node.line)) || undefined;
    }
    default:
      return assertionPartHover(ctx, node);
  }
}

/** What a directive does, read from its line. */
export function directiveHover(ctx: FlowHoverContext, node: DirectiveAt): string {
  const word = `@${node.line.name.text}`;
  if (!node.block) return `A comment here: ${code(word)} is a directive only in a block, on a line before the block's first call.`;
  const reading = readDirective(node.line);
  switch (reading.kind) {
    case 'poll':
      return sections(
        codeBlock(`# @poll every ${durationText(reading.everyMs)} for ${durationText(reading.forMs)}`),
        `Sends the block again every ${durationText(reading.everyMs)} until all its assertions hold, for at most ${durationText(reading.forMs)}; then it fails with the last outcome.`,
      );
    case 'prompt': {
      const value = capturedValue(ctx, reading.name.text);
      return sections(
        codeBlock(`# @prompt ${reading.name.text}`),
        `Asks for ${code(`{{${reading.name.text}}}`)} before the block is sent (an input box in the editor${reading.secret ? ', masked' : ''}; ${code(`--var ${reading.name.text}=…`)} in the CLI).`,
        reading.description && escapeMarkdown(reading.description),
        value && valueLine(value),
      );
    }
    case 'name':
      return sections(codeBlock(`# @name ${reading.text}`), 'Names the block in test reports and the test explorer, instead of its title.');
    case 'bad':
      return sections(codeBlock(`# ${word}`), `**Not read**: ${reading.message}`);
    case 'unknown':
      return sections(`${code(word)} is no directive kreq knows: the line is read as a comment.`, `Directives: ${KNOWN_DIRECTIVES.map((d) => code(`@${d}`)).join(', ')}.`);
  }
}

/** Hover of `{{name}}` when a capture or a `# @prompt` defines the name; undefined otherwise. */
export function flowVariableHover(ctx: FlowHoverContext, name: string): string | undefined {
  const site = captureSites(ctx.doc).get(name);
  const value = capturedValue(ctx, name);
  if (site) {
    const subject = outcomeSubjectOf(ctx.schema, site.call, site.line.path);
    return sections(
      codeBlock(`> ${name} = ${site.line.path.text}`),
      `Captured by ${code(callLabel(site.call))} in ${escapeMarkdown(blockLabel(site.block))} (line ${site.line.line + 1})${subject ? ` · ${code(subjectTypeLabel(subject))}` : ''}`,
      value ? valueLine(value) : `No value yet: send ${escapeMarkdown(blockLabel(site.block))} first.`,
    );
  }
  for (const block of ctx.doc.blocks) {
    const prompt = blockDirectives(block).prompts.find((p) => p.name.text === name);
    if (!prompt) continue;
    return sections(
      codeBlock(`# @prompt ${name}${prompt.description ? ` ${prompt.description}` : ''}`),
      `Asked before ${escapeMarkdown(blockLabel(block))} is sent (line ${prompt.line.line + 1}).`,
      value ? valueLine(value) : 'No answer yet.',
    );
  }
  return undefined;
}
