/** Produces every diagnostic of a document (spec §6): syntax, schema checks, references, flows, schema availability. */

import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BlockNode, KreqDocument, LineNode } from '../parser/kreqNodes';
import type { LanguageServiceParams } from '../languageTypes';
import { DiagnosticSink, toLspDiagnostic, type Finding } from './diagnosticSink';
import { resolveCall } from './keyResolution';
import { checkCall, checkCommonParams } from './validateCall';
import { checkBlockTokens, checkVariables } from './validateReferences';
import { checkBlockFlow, checkFileFlow } from './validateFlow';

/** Stands in for a document whose finding is known to be on line 0. */
const ONE_LINE = { positionAt: (offset: number) => ({ line: 0, character: offset }) } as TextDocument;

/** The numbers of the lines that hold a syntax error (spec §6: such a line is skipped). */
function linesWithSyntaxErrors(doc: KreqDocument): Set<number> {
  const out = new Set<number>();
  for (const e of doc.syntaxErrors) {
    let lo = 0;
    let hi = doc.lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (doc.lines[mid].start <= e.start) lo = mid;
      else hi = mid - 1;
    }
    out.add(lo);
  }
  return out;
}

/** The block without its lines that hold a syntax error: their keys count as absent, their captures and assertions are not checked. */
function withoutBrokenLines(block: BlockNode, broken: ReadonlySet<number>): BlockNode {
  if (broken.size === 0) return block;
  const keep = (p: LineNode): boolean => !broken.has(p.line);
  return {
    ...block,
    commonParams: block.commonParams.filter(keep),
    calls: block.calls.map((c) => ({ ...c, params: c.params.filter(keep), captures: c.captures.filter(keep), assertions: c.assertions.filter(keep) })),
  };
}

/** Calls checked between two pauses of `findingSteps`. */
const CALLS_PER_STEP = 50;

/** Diagnostics as offsets (used by the CLI and by tests through `doValidation`). */
export function collectFindings(params: LanguageServiceParams, documentUri: string, doc: KreqDocument): Finding[] {
  const steps = findingSteps(params, documentUri, doc);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** `collectFindings` in steps: the generator pauses (yields) every CALLS_PER_STEP calls, so that a host can answer
 *  other requests in between; its return value is the findings. */
export function* findingSteps(params: LanguageServiceParams, documentUri: string, doc: KreqDocument): Generator<void, Finding[]> {
  const sink = new DiagnosticSink();
  if (doc.oversize) {
    const firstLineEnd = doc.text.indexOf('\n');
    sink.add(
      { start: 0, end: Math.min(firstLineEnd < 0 ? doc.text.length : firstLineEnd, 200) },
      'file-too-large',
      `This file is too large to check: ${doc.oversize}. Completion, hover, the outline and sending are off for it; split it into smaller files.`,
    );
    return sink.findings;
  }
  for (const e of doc.syntaxErrors) sink.add(e, 'syntax', e.message);
  const schema = params.schema.kind === 'loaded' ? params.schema.schema : undefined;
  if (!schema) {
    // Spec §6: without a schema only syntax is checked.
    const first = doc.lines[0];
    sink.add(
      { start: 0, end: first ? first.end : 0 },
      'schema-unavailable',
      `Kaltura API schema unavailable (${params.schema.source}): ${params.schema.kind === 'unavailable' ? params.schema.problem : 'not loaded'}. Only syntax is checked. Set \`kreq.schema\` (or \`--schema\`) to a schema file or URL.`,
    );
    return sink.findings.sort((a, b) => a.start - b.start || a.end - b.end);
  }
  yield;
  const broken = linesWithSyntaxErrors(doc);
  const ctx = { schema, sink, documentUri, fileSystem: params.fileSystem };
  const blocks = doc.blocks.map((written) => withoutBrokenLines(written, broken));
  yield;
  let calls = 0;
  for (const block of blocks) {
    const resolvedCalls = block.calls.map((c) => resolveCall(schema, c));
    checkCommonParams(ctx, block.commonParams);
    for (const r of resolvedCalls) {
      checkCall(ctx, r, block);
      if (++calls % CALLS_PER_STEP === 0) yield;
    }
    checkBlockTokens(schema, sink, block, resolvedCalls);
    checkBlockFlow(schema, sink, block, resolvedCalls);
  }
  yield;
  const environmentNames = params.environmentVariables?.(documentUri);
  checkVariables(sink, doc, environmentNames, broken);
  yield;
  checkFileFlow(sink, doc, blocks, environmentNames);
  yield;
  return sink.findings.sort((a, b) => a.start - b.start || a.end - b.end);
}

export function doValidation(params: LanguageServiceParams, document: TextDocument, doc: KreqDocument): Diagnostic[] {
  return toDiagnostics(document, doc, collectFindings(params, document.uri, doc));
}

/** `doValidation` in steps (see `findingSteps`). */
export function* validationSteps(params: LanguageServiceParams, document: TextDocument, doc: KreqDocument): Generator<void, Diagnostic[]> {
  const findings = yield* findingSteps(params, document.uri, doc);
  if (doc.oversize) return toDiagnostics(document, doc, findings);
  const out: Diagnostic[] = [];
  for (const f of findings) {
    out.push(toLspDiagnostic(document, f));
    if (out.length % (CALLS_PER_STEP * 4) === 0) yield;
  }
  return out;
}

function toDiagnostics(document: TextDocument, doc: KreqDocument, findings: Finding[]): Diagnostic[] {
  if (doc.oversize) {
    // Its one finding is on the first line: placed without `positionAt`, which would index every line of the text.
    return findings.map((f) => ({ ...toLspDiagnostic(ONE_LINE, f), range: { start: { line: 0, character: f.start }, end: { line: 0, character: f.end } } }));
  }
  return findings.map((f) => toLspDiagnostic(document, f));
}
