/**
 * Classifies the completion cursor: what is being typed there (service, action, key, value, variable,
 * dependency token, file path, a flow line's path, operator, expected value or directive, or nothing)
 * and the one offset range every offered item replaces. Works from the parsed structure plus the raw
 * text of the cursor's line, which may be half-typed.
 */

import { ASSERTION_OPERATORS, type AssertionOperator, type BlockNode, type CallNode, type KreqDocument, type LineNode, type OutcomePath, type Span } from '../parser/kreqNodes';
import { withoutVariables } from '../parser/valueScanner';

/** Document offsets: `start` inclusive, `end` exclusive. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/** Where the cursor's line stands in the document's structure. */
export interface CursorScope {
  readonly block?: BlockNode;
  /** The call the line belongs to: the last call of its block that starts above it. */
  readonly call?: CallNode;
  /** The cursor's line; what it already holds does not count as written. */
  readonly line: LineNode;
}

/** Which part of a `{N:result:seg…}` / `<N:result:seg…>` token is being typed. */
export type TokenStep =
  | { readonly part: 'callNumber' }
  | { readonly part: 'result'; readonly callNumber: number }
  | { readonly part: 'path'; readonly callNumber: number; readonly segments: readonly string[] };

export type CompletionContext =
  | { readonly kind: 'none' }
  /** A word at the start of a line outside any call (or before a `.`); block preludes also take reserved keys. */
  | { readonly kind: 'service'; readonly range: OffsetRange; readonly scope: CursorScope; readonly dotFollows: boolean; readonly reservedKeysToo: boolean }
  | { readonly kind: 'action'; readonly range: OffsetRange; readonly serviceName: string }
  /**
   * A key segment after `prefix` (empty: a top-level key). `continues`: the key goes on after the
   * range (`:` or `=` follows), so items insert the bare name. `servicesToo`: a bare word under a
   * call, which may as well start a new call.
   */
  | {
      readonly kind: 'key';
      readonly range: OffsetRange;
      readonly scope: CursorScope;
      readonly prefix: readonly string[];
      readonly continues: boolean;
      readonly servicesToo: boolean;
    }
  | { readonly kind: 'value'; readonly range: OffsetRange; readonly scope: CursorScope; readonly key: readonly string[] }
  /** Inside `{{`; `closed` when `}}` already follows the name. */
  | { readonly kind: 'variable'; readonly range: OffsetRange; readonly scope: CursorScope; readonly closed: boolean }
  /** A part of a dependency token. `continues`: a `:` follows the range, so items insert the bare part. */
  | { readonly kind: 'token'; readonly range: OffsetRange; readonly scope: CursorScope; readonly step: TokenStep; readonly continues: boolean }
  /** After `@` in a value; `directory` is the path typed before the last `/` (with it), `''` for the file's folder. */
  | { readonly kind: 'filePath'; readonly range: OffsetRange; readonly scope: CursorScope; readonly key: readonly string[]; readonly directory: string }
  /**
   * A capture path (`> name = |`) or an assertion subject (`?? |`): the root word (`result`, `error`) while
   * `root` is absent, else the segment after `root:segments…`. `continues`: a `:` follows the range.
   */
  | {
      readonly kind: 'outcomePath';
      readonly range: OffsetRange;
      readonly scope: CursorScope;
      readonly root?: 'result' | 'error';
      readonly segments: readonly string[];
      readonly continues: boolean;
    }
  /** An assertion's operator, after its subject. `continues`: text follows the range. */
  | { readonly kind: 'assertionOperator'; readonly range: OffsetRange; readonly scope: CursorScope; readonly subject: OutcomePath; readonly continues: boolean }
  /** An assertion's expected value, after its operator. */
  | { readonly kind: 'assertionExpected'; readonly range: OffsetRange; readonly scope: CursorScope; readonly subject: OutcomePath; readonly operator: AssertionOperator }
  /** The word after `# @` (or `// @`) on a line before a block's first call. `continues`: text follows the range. */
  | { readonly kind: 'directive'; readonly range: OffsetRange; readonly scope: CursorScope; readonly continues: boolean };

export const NO_CONTEXT: CompletionContext = { kind: 'none' };

const NAME_CHAR = /[A-Za-z0-9_]/;
const VARIABLE_CHAR = /[A-Za-z0-9_.$-]/;
const KEY_CHAR = /[^:=\s]/;
const TOKEN_SEGMENT_CHAR = /[^:{}<>\s]/;
const NOT_BLANK = /\S/;
const PATH_CHAR = /[^/\s]/;
const OUTCOME_SEGMENT_CHAR = /[A-Za-z0-9_]/;
const SUBJECT_CHAR = /[^\s=!<>]/;
const DIRECTIVE_CHAR = /[A-Za-z0-9_-]/;

/** The offset after the run of `pattern` characters starting at `from`, not beyond `limit`. */
function runEnd(text: string, from: number, limit: number, pattern: RegExp): number {
  let i = from;
  while (i < limit && pattern.test(text[i])) i++;
  return i;
}

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\ufeff';
}

/** The line holding `offset` (lines tile the text; a line owns its end-of-line offset). */
function lineAt(doc: KreqDocument, offset: number): LineNode | undefined {
  const lines = doc.lines;
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lines[lo];
}

/** Index of the last element whose `start(el)` is at most `offset`, or -1. */
function lastStartingAtOrBefore<T>(items: readonly T[], offset: number, start: (item: T) => number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (start(items[mid]) <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

function scopeOf(doc: KreqDocument, line: LineNode): CursorScope {
  const blockIndex = lastStartingAtOrBefore(doc.blocks, line.start, (b) => b.start);
  const block = blockIndex < 0 ? undefined : doc.blocks[blockIndex];
  if (!block) return { line };
  const callIndex = lastStartingAtOrBefore(block.calls, line.start - 1, (c) => c.line.start);
  return { block, call: callIndex < 0 ? undefined : block.calls[callIndex], line };
}

/**
 * An unclosed `{{` in `typed` (the text before the cursor): the variable context, `NO_CONTEXT`
 * when the text after `{{` is no name being typed (`{{$env NA…`), or undefined when there is no open `{{`.
 */
function openVariable(text: string, typed: string, offset: number, lineEnd: number, scope: CursorScope): CompletionContext | undefined {
  const open = typed.lastIndexOf('{{');
  if (open < 0 || typed.indexOf('}}', open) >= 0) return undefined;
  const inner = typed.slice(open + 2);
  const name = inner.trimStart();
  if (!/^[A-Za-z0-9_.$-]*$/.test(name)) return NO_CONTEXT;
  const end = runEnd(text, offset, lineEnd, VARIABLE_CHAR);
  let after = end;
  while (after < lineEnd && isBlank(text[after])) after++;
  const closed = text.startsWith('}}', after);
  return { kind: 'variable', range: { start: offset - name.length, end }, scope, closed };
}

/** A dependency token being typed at the end of `typed` (a value from `base` to the cursor). */
function openToken(text: string, typed: string, base: number, offset: number, lineEnd: number, scope: CursorScope): CompletionContext | undefined {
  const opener = Math.max(typed.lastIndexOf('{'), typed.lastIndexOf('<'));
  if (opener < 0) return undefined;
  const inside = typed.slice(opener + 1);
  const token = (range: OffsetRange, step: TokenStep): CompletionContext => ({ kind: 'token', range, scope, step, continues: range.end < lineEnd && text[range.end] === ':' });
  if (/^[0-9]*$/.test(inside)) {
    return token({ start: base + opener + 1, end: runEnd(text, offset, lineEnd, /[0-9]/) }, { part: 'callNumber' });
  }
  const result = /^([0-9]+):([A-Za-z_]*)$/.exec(inside);
  if (result) {
    return token({ start: offset - result[2].length, end: runEnd(text, offset, lineEnd, NAME_CHAR) }, { part: 'result', callNumber: Number(result[1]) });
  }
  const path = /^([0-9]+):result((?::[^:{}<>\s]*)*):([^:{}<>\s]*)$/.exec(inside);
  if (path) {
    const segments = path[2] === '' ? [] : path[2].slice(1).split(':');
    const range = { start: offset - path[3].length, end: runEnd(text, offset, lineEnd, TOKEN_SEGMENT_CHAR) };
    return token(range, { part: 'path', callNumber: Number(path[1]), segments });
  }
  return undefined;
}

/** The cursor right of `=`: a variable, a token, a file path or a plain value. */
function classifyValue(doc: KreqDocument, offset: number, scope: CursorScope, keyText: string, equals: number, isVariableLine: boolean): CompletionContext {
  const text = doc.text;
  const lineEnd = scope.line.end;
  let valueStart = equals + 1;
  while (valueStart < offset && isBlank(text[valueStart])) valueStart++;
  const typed = text.slice(valueStart, offset);
  const variable = openVariable(text, typed, offset, lineEnd, scope);
  if (variable) return variable;
  if (isVariableLine) return NO_CONTEXT;
  const token = openToken(text, typed, valueStart, offset, lineEnd, scope);
  if (token) return token;
  if (typed.startsWith('"')) return NO_CONTEXT;
  const key = keyText.split(':');
  if (typed.startsWith('@')) {
    const slash = typed.lastIndexOf('/');
    const directory = slash < 0 ? '' : typed.slice(1, slash + 1);
    const start = slash < 0 ? valueStart + 1 : valueStart + slash + 1;
    return { kind: 'filePath', range: { start, end: runEnd(text, offset, lineEnd, PATH_CHAR) }, scope, key, directory };
  }
  return { kind: 'value', range: { start: valueStart, end: runEnd(text, offset, lineEnd, NOT_BLANK) }, scope, key };
}

/** The cursor left of `=` on a parameter line, or on a line with no `=` at all. */
function classifyKeyOrWord(doc: KreqDocument, offset: number, scope: CursorScope, head: string, hasEquals: boolean): CompletionContext {
  const text = doc.text;
  const lineEnd = scope.line.end;
  const variable = openVariable(text, head, offset, lineEnd, scope);
  if (variable) return variable;
  // Blanks may only stand inside `{{…}}`.
  const bare = withoutVariables(head);
  if (/\s/.test(bare)) return NO_CONTEXT;
  if (!hasEquals) {
    const action = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z0-9_]*)$/.exec(head);
    if (action) {
      return { kind: 'action', range: { start: offset - action[2].length, end: runEnd(text, offset, lineEnd, NAME_CHAR) }, serviceName: action[1] };
    }
  }
  if (head.includes(':')) {
    if (bare.includes('.')) return NO_CONTEXT;
    const segments = head.split(':');
    const partial = segments.pop()!;
    const end = runEnd(text, offset, lineEnd, KEY_CHAR);
    const continues = hasEquals || text.slice(end, lineEnd).trim() !== '';
    return { kind: 'key', range: { start: offset - partial.length, end }, scope, prefix: segments, continues, servicesToo: false };
  }
  if (!/^[A-Za-z0-9_]*$/.test(head)) return NO_CONTEXT;
  const end = runEnd(text, offset, lineEnd, NAME_CHAR);
  const range = { start: offset - head.length, end };
  const rest = text.slice(end, lineEnd);
  if (hasEquals || rest.startsWith(':')) return { kind: 'key', range, scope, prefix: [], continues: true, servicesToo: false };
  if (rest.startsWith('.')) return { kind: 'service', range, scope, dotFollows: true, reservedKeysToo: false };
  if (rest.trim() !== '') return NO_CONTEXT;
  if (scope.call) return { kind: 'key', range, scope, prefix: [], continues: false, servicesToo: true };
  return { kind: 'service', range, scope, dotFollows: false, reservedKeysToo: scope.block !== undefined };
}

/** `result:objects:0:id` between `start` and `end` as a path node; undefined when the root is neither `result` nor `error`. */
function outcomePathOf(text: string, start: number, end: number): OutcomePath | undefined {
  const parts: Span[] = [];
  let from = start;
  for (;;) {
    const colon = text.indexOf(':', from);
    const to = colon < 0 || colon > end ? end : colon;
    parts.push({ start: from, end: to, text: text.slice(from, to) });
    if (to === end) break;
    from = to + 1;
  }
  const [root, ...segments] = parts;
  if (root.text !== 'result' && root.text !== 'error') return undefined;
  return { start, end, text: text.slice(start, end), root: { ...root, value: root.text }, segments };
}

/** A path typed from `start` to the cursor: its root word, or the segment after the root and the segments before it. */
function classifyOutcomePath(text: string, start: number, offset: number, lineEnd: number, scope: CursorScope): CompletionContext {
  const typed = text.slice(start, offset);
  if (!/^[A-Za-z0-9_:]*$/.test(typed)) return NO_CONTEXT;
  const parts = typed.split(':');
  const partial = parts.pop()!;
  const range = { start: offset - partial.length, end: runEnd(text, offset, lineEnd, OUTCOME_SEGMENT_CHAR) };
  const continues = text[range.end] === ':' && range.end < lineEnd;
  if (parts.length === 0) return { kind: 'outcomePath', range, scope, segments: [], continues };
  const root = parts[0];
  if (root !== 'result' && root !== 'error') return NO_CONTEXT;
  return { kind: 'outcomePath', range, scope, root, segments: parts.slice(1), continues };
}

/** `> name = path`: only the path (right of `=`) takes items. */
function classifyCapture(doc: KreqDocument, offset: number, scope: CursorScope, lead: number): CompletionContext {
  const text = doc.text;
  const equals = text.slice(lead, scope.line.end).indexOf('=');
  if (equals < 0 || offset <= lead + equals) return NO_CONTEXT;
  let start = lead + equals + 1;
  while (start < offset && isBlank(text[start])) start++;
  return classifyOutcomePath(text, start, offset, scope.line.end, scope);
}

/** Where an operator typed from `start` ends: a symbol operator (`==`, `<=`), a word (`contains`) or `!exists`. */
function operatorEnd(text: string, start: number, limit: number): number {
  const symbols = runEnd(text, start, limit, /[=!<>]/);
  if (symbols === start) return runEnd(text, start, limit, /[A-Za-z]/);
  if (symbols === start + 1 && text[start] === '!') return runEnd(text, symbols, limit, /[A-Za-z]/);
  return symbols;
}

/** `?? subject operator expected`: the subject's path, the operator after it, or the expected value after that. */
function classifyAssertion(doc: KreqDocument, offset: number, scope: CursorScope, lead: number): CompletionContext {
  const text = doc.text;
  const lineEnd = scope.line.end;
  if (offset < lead + 2) return NO_CONTEXT;
  let subjectStart = lead + 2;
  while (subjectStart < lineEnd && isBlank(text[subjectStart])) subjectStart++;
  if (offset < subjectStart) return NO_CONTEXT;
  const subjectEnd = runEnd(text, subjectStart, lineEnd, SUBJECT_CHAR);
  if (offset <= subjectEnd) return classifyOutcomePath(text, subjectStart, offset, lineEnd, scope);
  const subject = outcomePathOf(text, subjectStart, subjectEnd);
  if (!subject) return NO_CONTEXT;
  let opStart = subjectEnd;
  while (opStart < lineEnd && isBlank(text[opStart])) opStart++;
  const opEnd = operatorEnd(text, opStart, lineEnd);
  if (opStart === opEnd) {
    // Nothing operator-like after the subject: only an otherwise empty rest of the line takes operators.
    return opStart === lineEnd ? { kind: 'assertionOperator', range: { start: offset, end: offset }, scope, subject, continues: false } : NO_CONTEXT;
  }
  if (offset < opStart) return NO_CONTEXT;
  if (offset <= opEnd) return { kind: 'assertionOperator', range: { start: opStart, end: opEnd }, scope, subject, continues: text.slice(opEnd, lineEnd).trim() !== '' };
  const operator = ASSERTION_OPERATORS.find((o) => o === text.slice(opStart, opEnd));
  if (!operator) return NO_CONTEXT;
  let valueStart = opEnd;
  while (valueStart < offset && isBlank(text[valueStart])) valueStart++;
  const typed = text.slice(valueStart, offset);
  const variable = openVariable(text, typed, offset, lineEnd, scope);
  if (variable) return variable;
  if (typed.startsWith('"') || /\s/.test(typed)) return NO_CONTEXT;
  return { kind: 'assertionExpected', range: { start: valueStart, end: runEnd(text, offset, lineEnd, NOT_BLANK) }, scope, subject, operator };
}

/** `# @word` on a line before the block's first call: the directive's name. */
function classifyDirective(doc: KreqDocument, offset: number, scope: CursorScope, lead: number): CompletionContext {
  if (!scope.block || scope.call) return NO_CONTEXT;
  const text = doc.text;
  const typed = /^(?:#|\/\/)\s*@([A-Za-z0-9_-]*)$/.exec(text.slice(lead, offset));
  if (!typed) return NO_CONTEXT;
  const range = { start: offset - typed[1].length, end: runEnd(text, offset, scope.line.end, DIRECTIVE_CHAR) };
  return { kind: 'directive', range, scope, continues: text.slice(range.end, scope.line.end).trim() !== '' };
}

/** Classifies the cursor at `offset` of the parsed document. */
export function classifyCursor(doc: KreqDocument, offset: number): CompletionContext {
  if (offset < 0 || offset > doc.text.length) return NO_CONTEXT;
  const line = lineAt(doc, offset);
  if (!line || offset > line.end || line.kind === 'separator') return NO_CONTEXT;
  const text = doc.text;
  let lead = line.start;
  while (lead < line.end && isBlank(text[lead])) lead++;
  if (lead > offset) {
    // The cursor stands in the blanks before the line's text: only an otherwise blank line takes items.
    if (lead < line.end) return NO_CONTEXT;
    lead = offset;
  }
  const head = text.slice(lead, offset);
  const scope = scopeOf(doc, line);
  if (line.kind === 'comment' || line.kind === 'directive') return classifyDirective(doc, offset, scope, lead);
  if (text[lead] === '>') return classifyCapture(doc, offset, scope, lead);
  if (text.startsWith('??', lead)) return classifyAssertion(doc, offset, scope, lead);
  const equalsIndex = text.slice(lead, line.end).indexOf('=');
  const equals = equalsIndex < 0 ? -1 : lead + equalsIndex;
  if (text[lead] === '@') {
    return equals >= 0 && equals < offset ? classifyValue(doc, offset, scope, '', equals, true) : NO_CONTEXT;
  }
  if (equals >= 0 && equals < offset) return classifyValue(doc, offset, scope, text.slice(lead, equals).trim(), equals, false);
  return classifyKeyOrWord(doc, offset, scope, head, equals >= 0);
}
