/**
 * Keeps, per document, the `kaltura` diagnostics of the last send of each block: one on the block's `###` line when
 * the block failed as a whole (refused, timeout, dns…: code = the kind, the full message), one per failed call, on the
 * key of the parameter the error names (`PARAM_NAME`, `PROP_NAME`) or else on the call line, and one per failed
 * assertion on its line (`assertion-failed`); and each assertion's last outcome, for hover. They follow their block when the
 * text around it changes, and are dropped as soon as the block's own text changes.
 */

import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ApiError, FlowCallResult, ShownAssertion } from '../engine/index';
import type { AssertionOutcomeInfo, BlockNode, CallNode, KeyNode, KreqDocument } from '../language/index';
import { RESULT_DIAGNOSTIC_SOURCE } from '../protocol';

/** A diagnostic of a sent call, in offsets relative to its block's start. */
interface StoredDiagnostic {
  readonly start: number;
  readonly end: number;
  readonly code: string;
  readonly message: string;
}

/** The code of a failed assertion's diagnostic. */
export const ASSERTION_FAILED = 'assertion-failed';

/** An assertion's last outcome, at an offset relative to its block's start. */
interface StoredOutcome extends AssertionOutcomeInfo {
  readonly start: number;
}

/** A block as it was sent, and where it is now. */
interface SentBlock {
  /** Names the results (`SendResult.resultId`). */
  readonly id: number;
  /** The block's text when it was sent: the diagnostics live as long as some block still reads exactly so. */
  readonly text: string;
  /** The block's index in the latest parse it was matched against. */
  readonly index: number;
  readonly diagnostics: readonly StoredDiagnostic[];
  readonly outcomes: readonly StoredOutcome[];
}

function blockText(model: KreqDocument, block: BlockNode): string {
  return model.text.slice(block.start, block.end);
}

/** The key a parameter name denotes in a call: the whole key, else its first segment, else its last one. */
function keyForParameter(call: CallNode, name: string): KeyNode | undefined {
  const keys = call.params.map((p) => p.key);
  return (
    keys.find((k) => k.text === name) ??
    keys.find((k) => k.segments[0]?.text === name) ??
    keys.find((k) => k.segments[k.segments.length - 1]?.text === name)
  );
}

/** `KalturaMediaEntry::name` → the key of that call whose last segment is `name`. */
function keyForProperty(call: CallNode, qualified: string): KeyNode | undefined {
  const name = qualified.slice(qualified.lastIndexOf('::') + (qualified.includes('::') ? 2 : 0)).trim();
  if (name === '') return undefined;
  return call.params.map((p) => p.key).find((k) => k.segments[k.segments.length - 1]?.text === name);
}

/** Where an error belongs: the named parameter's key, else the call line (`service.action`). */
export function errorRange(call: CallNode, error: ApiError): { readonly start: number; readonly end: number } {
  const param = error.args.PARAM_NAME;
  const property = error.args.PROP_NAME;
  const key = (param !== undefined ? keyForParameter(call, param) : undefined) ?? (property !== undefined ? keyForProperty(call, property) : undefined);
  if (key) return { start: key.start, end: key.end };
  const line = call.line;
  return { start: line.service.start, end: (line.action ?? line.service).end };
}

/** `Assertion failed: `result:status == READY` — expected READY, was PENDING`. */
export function assertionFailedMessage(text: string, assertion: Pick<ShownAssertion, 'actual' | 'expected'>): string {
  const expected = assertion.expected !== undefined ? `expected ${assertion.expected}, ` : '';
  return `Assertion failed: \`${text}\` — ${expected}was ${assertion.actual}`;
}

/** A failure of a block as a whole (`BlockResult.error`): `refused`, `timeout`, `build`… */
export interface BlockFailure {
  readonly kind: string;
  readonly message: string;
}

/** The block's first line (its `###` separator, else its first line), trimmed, as offsets in the document. */
export function blockHeadRange(model: KreqDocument, block: BlockNode): { readonly start: number; readonly end: number } {
  const newline = model.text.indexOf('\n', block.start);
  const end = newline < 0 || newline > block.end ? block.end : newline;
  const text = model.text.slice(block.start, end);
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  return trimmed === '' ? { start: block.start, end: block.start } : { start: block.start + lead, end: block.start + lead + trimmed.length };
}

/** `refused: Nothing is listening on http://127.0.0.1:9 (connection refused). Is `kreq sandbox` … running? …` */
export function blockFailureMessage(failure: BlockFailure): string {
  return `${failure.kind}: ${failure.message}`;
}

/** The trimmed text of a line, as offsets. */
function lineContent(line: { readonly start: number; readonly text: string }): { readonly start: number; readonly end: number; readonly text: string } {
  const lead = line.text.length - line.text.trimStart().length;
  const text = line.text.trim();
  return { start: line.start + lead, end: line.start + lead + text.length, text };
}

export class ResultDiagnostics {
  private readonly documents = new Map<string, SentBlock[]>();
  private nextId = 1;
  /** The last reconciliation against each parse: one check of a document asks for its sent blocks and for their
   *  diagnostics, and neither should compare the block texts again for the same parse. */
  private readonly reconciled = new WeakMap<KreqDocument, { readonly sent: readonly SentBlock[]; readonly out: SentBlock[] }>();

  /**
   * After a send of `block` (as parsed in `model`, the parse that was sent): that block's diagnostics become the one
   * of its `failure` as a whole (on its `###` line; a cancelled send has none) and those of its failed calls and
   * failed assertions in `calls` (none when every call passed), and its assertions' outcomes those of `calls`, dated `at`.
   * Answers the id naming these results (`SendResult.resultId`), kept while the block's text stays as sent.
   */
  record(uri: string, model: KreqDocument, block: BlockNode, calls: readonly FlowCallResult[], at: number, failure?: BlockFailure): number {
    const diagnostics: StoredDiagnostic[] = [];
    const outcomes: StoredOutcome[] = [];
    if (failure && failure.kind !== 'cancelled') {
      const head = blockHeadRange(model, block);
      diagnostics.push({ start: head.start - block.start, end: head.end - block.start, code: failure.kind || 'error', message: blockFailureMessage(failure) });
    }
    for (const flow of calls) {
      const result = flow.call;
      const call = block.calls[result.call.number - 1];
      const expectsError = flow.assertions.some((a) => a.outcome.line.subject.root.value === 'error');
      if (!result.ok && !expectsError) {
        const range = call ? errorRange(call, result.error) : { start: block.start, end: block.start };
        diagnostics.push({
          start: range.start - block.start,
          end: range.end - block.start,
          code: result.error.code,
          message: `${result.error.code}: ${result.error.message}`,
        });
      }
      for (const assertion of flow.assertions) {
        const line = lineContent(assertion.outcome.line);
        outcomes.push({ start: line.start - block.start, ok: assertion.outcome.ok, message: assertion.message, at });
        // A failed call's `result:` assertions fail with it: its error says why.
        if (assertion.outcome.ok || (!result.ok && assertion.outcome.line.subject.root.value !== 'error')) continue;
        const text = line.text.replace(/^\?\?\s*/, '');
        diagnostics.push({ start: line.start - block.start, end: line.end - block.start, code: ASSERTION_FAILED, message: assertionFailedMessage(text, assertion) });
      }
    }
    const kept = this.reconcile(this.documents.get(uri) ?? [], model).filter((b) => b.index !== block.index);
    const id = this.nextId++;
    kept.push({ id, text: blockText(model, block), index: block.index, diagnostics, outcomes });
    this.store(uri, kept);
    return id;
  }

  /** Whether the document has sent blocks (whose results may go stale). */
  has(uri: string): boolean {
    return this.documents.has(uri);
  }

  /** The sent blocks still current in the document's current parse, and the line each starts on now. */
  sentBlocks(document: TextDocument, model: KreqDocument): Array<{ readonly id: number; readonly line: number }> {
    const current = this.reconcile(this.documents.get(document.uri) ?? [], model);
    this.store(document.uri, current);
    return current.map((entry) => ({ id: entry.id, line: document.positionAt(model.blocks[entry.index].start).line })).sort((a, b) => a.line - b.line);
  }

  /** The last outcome of each assertion line of the document's current parse (0-based line → outcome). */
  assertionOutcomes(document: TextDocument, model: KreqDocument): ReadonlyMap<number, AssertionOutcomeInfo> | undefined {
    const sent = this.documents.get(document.uri);
    if (!sent) return undefined;
    const out = new Map<number, AssertionOutcomeInfo>();
    for (const entry of this.reconcile(sent, model)) {
      const start = model.blocks[entry.index].start;
      for (const { start: offset, ...outcome } of entry.outcomes) out.set(document.positionAt(start + offset).line, outcome);
    }
    return out.size > 0 ? out : undefined;
  }

  /** The diagnostics for the document's current parse (blocks whose text changed have lost theirs). */
  diagnostics(document: TextDocument, model: KreqDocument): Diagnostic[] {
    const sent = this.documents.get(document.uri);
    if (!sent) return [];
    const current = this.reconcile(sent, model);
    this.store(document.uri, current);
    const out: Diagnostic[] = [];
    for (const entry of current) {
      const start = model.blocks[entry.index].start;
      for (const d of entry.diagnostics) {
        out.push({
          range: { start: document.positionAt(start + d.start), end: document.positionAt(start + d.end) },
          severity: DiagnosticSeverity.Error,
          source: RESULT_DIAGNOSTIC_SOURCE,
          code: d.code,
          message: d.message,
        });
      }
    }
    return out;
  }

  /** Forgets a closed document. */
  clear(uri: string): void {
    this.documents.delete(uri);
  }

  private store(uri: string, sent: SentBlock[]): void {
    if (sent.length === 0) this.documents.delete(uri);
    else this.documents.set(uri, sent);
  }

  /** Matches each sent block to a block of `model` with the same text (the nearest by index when several do); the rest are dropped. */
  private reconcile(sent: readonly SentBlock[], model: KreqDocument): SentBlock[] {
    if (sent.length === 0) return [];
    const last = this.reconciled.get(model);
    // Reconciling a reconciled list against the same parse gives it again.
    if (last && (last.sent === sent || last.out === sent)) return last.out;
    const out = this.match(sent, model);
    this.reconciled.set(model, { sent, out });
    return out;
  }

  private match(sent: readonly SentBlock[], model: KreqDocument): SentBlock[] {
    const texts = model.blocks.map((b) => blockText(model, b));
    const taken = new Set<number>();
    const out: SentBlock[] = [];
    for (const entry of [...sent].sort((a, b) => a.index - b.index)) {
      let best = -1;
      texts.forEach((text, index) => {
        if (text !== entry.text || taken.has(index)) return;
        if (best < 0 || Math.abs(index - entry.index) < Math.abs(best - entry.index)) best = index;
      });
      if (best < 0) continue;
      taken.add(best);
      out.push(best === entry.index ? entry : { ...entry, index: best });
    }
    return out;
  }
}
