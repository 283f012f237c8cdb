/**
 * Checks the flow lines of a document (spec §10): capture paths, assertions and directives of each
 * block, and captured names across the file (defined twice, used in a block above their capture).
 */

import type { AssertionLine, BlockNode, CaptureLine, KreqDocument, OutcomePath, Span } from '../parser/kreqNodes';
import type { KalturaSchema } from '../schema/schemaIndex';
import type { TypeRef } from '../schema/schemaModel';
import { checkAssertion } from '../flow/assertions';
import { blockDirectives, KNOWN_DIRECTIVES, readDirective } from '../flow/directives';
import { captureSites, variablesOfBlock } from '../flow/flowModel';
import { isScalarSubject, typeOutcomePath, type OutcomeTyping } from '../flow/outcomePath';
import type { DiagnosticSink } from './diagnosticSink';
import type { ResolvedCall } from './keyResolution';
import { nearestName } from './nearestName';
import { blockLabel, callLabel } from './flowFacts';
import { typeLabel } from './resultPath';

/** The typing of a path on the call's outcome; undefined when the schema does not know the call (reported on the call line). */
function typingOf(schema: KalturaSchema, resolved: ResolvedCall, path: OutcomePath): OutcomeTyping | undefined {
  return resolved.action ? typeOutcomePath(schema, resolved.action, path) : undefined;
}

/** Why a path does not resolve, as the first sentence of a message. */
function pathProblem(resolved: ResolvedCall, path: OutcomePath, typing: Extract<OutcomeTyping, { ok: false }>): string {
  if (typing.voidResult) return `\`${callLabel(resolved.call)}\` returns nothing: there is no \`result\``;
  if (path.root.value === 'error') return `\`${path.text}\`: ${typing.reason}`;
  const result = resolved.action?.result;
  return `\`${callLabel(resolved.call)}\` returns \`${result ? typeLabel(result) : 'nothing'}\`: ${typing.reason}`;
}

/** What a non-scalar path reaches and what to capture instead. */
function notScalarMessage(path: OutcomePath, type: TypeRef): string {
  const shown = `\`${path.text}\` is \`${typeLabel(type)}\``;
  if (type.type === 'array') return `${shown}, an array, not one value: capture one item's property (\`${path.text}:0:…\`) or one property of all items (\`${path.text}:_all:…\`).`;
  if (type.type === 'map') return `${shown}, a map, not one value: capture one of its keys (\`${path.text}:…\`).`;
  return `${shown}, an object, not one value: capture one of its properties (\`${path.text}:…\`).`;
}

function checkCapture(schema: KalturaSchema, sink: DiagnosticSink, resolved: ResolvedCall, line: CaptureLine): void {
  const typing = typingOf(schema, resolved, line.path);
  if (!typing) return;
  if (!typing.ok) {
    sink.add(typing.span, 'capture-bad-path', `${pathProblem(resolved, line.path, typing)}. The capture would always be cleared.`);
    return;
  }
  const subject = typing.subject;
  if (subject.root === 'result' && !isScalarSubject(subject)) sink.add(line.path, 'capture-not-scalar', notScalarMessage(line.path, subject.type));
}

function checkAssertionLine(schema: KalturaSchema, sink: DiagnosticSink, resolved: ResolvedCall, line: AssertionLine): void {
  const typing = typingOf(schema, resolved, line.subject);
  if (typing && !typing.ok) {
    sink.add(typing.span, 'assertion-bad-path', `${pathProblem(resolved, line.subject, typing)}. The assertion could never hold.`);
    return;
  }
  // Without a typing (unknown call) the subject is of any type: only what holds for every type is checked.
  const problem = checkAssertion(schema, typing?.subject, line);
  if (problem) sink.add(problem.span, 'assertion-bad-value', problem.message);
}

/** `@word` of a directive line: the text `unknown-directive` sits on. */
function directiveWord(name: Span): { start: number; end: number } {
  return { start: name.start - 1, end: name.end };
}

function checkDirectives(sink: DiagnosticSink, block: BlockNode): void {
  for (const line of block.directives) {
    const reading = readDirective(line);
    if (reading.kind === 'unknown') {
      const best = nearestName(line.name.text, KNOWN_DIRECTIVES);
      const known = KNOWN_DIRECTIVES.map((d) => `\`@${d}\``).join(', ');
      sink.add(
        directiveWord(line.name),
        'unknown-directive',
        `\`@${line.name.text}\` is no directive kreq knows (${known}): the line is read as a comment.${best ? ` Did you mean \`@${best}\`?` : ''}`,
        best ? { replacement: `@${best}` } : undefined,
      );
    } else if (reading.kind === 'bad') {
      const onName = reading.span.start === line.name.start && reading.span.end === line.name.end;
      sink.add(onName ? directiveWord(line.name) : reading.span, 'directive-bad-argument', reading.message);
    }
  }
}

/** Checks the captures, assertions and directives of one block (its syntax-broken lines already left out). */
export function checkBlockFlow(schema: KalturaSchema, sink: DiagnosticSink, block: BlockNode, resolvedCalls: readonly ResolvedCall[]): void {
  checkDirectives(sink, block);
  for (const resolved of resolvedCalls) {
    for (const line of resolved.call.captures) checkCapture(schema, sink, resolved, line);
    for (const line of resolved.call.assertions) checkAssertionLine(schema, sink, resolved, line);
  }
}

/** `duplicate-variable`: a capture named like a file variable, or a name captured a second time. */
function checkCaptureNames(sink: DiagnosticSink, doc: KreqDocument, blocks: readonly BlockNode[]): void {
  const fileVariables = new Map<string, number>();
  for (const v of doc.variables) if (!fileVariables.has(v.name.text)) fileVariables.set(v.name.text, v.line);
  const firstCapture = new Map<string, number>();
  for (const block of blocks) {
    for (const call of block.calls) {
      for (const line of call.captures) {
        const name = line.name.text;
        const variableLine = fileVariables.get(name);
        const capturedLine = firstCapture.get(name);
        if (variableLine !== undefined) {
          sink.add(line.name, 'duplicate-variable', `\`${name}\` is both a file variable (line ${variableLine + 1}) and a capture: rename one of them.`);
        } else if (capturedLine !== undefined) {
          sink.add(line.name, 'duplicate-variable', `\`${name}\` is already captured on line ${capturedLine + 1}: a name is captured once per file.`);
        } else {
          firstCapture.set(name, line.line);
        }
      }
    }
  }
}

/**
 * `capture-used-before`: `{{name}}` in a block above the block that captures it. Names that have a value
 * there anyway are left alone: file variables, environment variables, the block's own prompts.
 */
function checkCapturesUsedBefore(sink: DiagnosticSink, doc: KreqDocument, blocks: readonly BlockNode[], environmentNames: ReadonlySet<string> | undefined): void {
  const sites = captureSites(doc);
  if (sites.size === 0) return;
  const fileVariables = new Set(doc.variables.map((v) => v.name.text));
  for (const block of blocks) {
    const prompted = new Set(blockDirectives(block).prompts.map((p) => p.name.text));
    for (const use of variablesOfBlock(block)) {
      const name = use.name.text;
      const site = sites.get(name);
      if (!site || site.block.index <= block.index || fileVariables.has(name) || environmentNames?.has(name) || prompted.has(name)) continue;
      sink.add(
        use,
        'capture-used-before',
        `\`${name}\` is captured below, by \`${callLabel(site.call)}\` in ${blockLabel(site.block)}, line ${site.line.line + 1}: sent in file order, it has no value yet here.`,
      );
    }
  }
}

/** Checks what spans blocks: captured names. `blocks` are the document's blocks without their syntax-broken lines. */
export function checkFileFlow(sink: DiagnosticSink, doc: KreqDocument, blocks: readonly BlockNode[], environmentNames: ReadonlySet<string> | undefined): void {
  checkCaptureNames(sink, doc, blocks);
  checkCapturesUsedBefore(sink, doc, blocks, environmentNames);
}
