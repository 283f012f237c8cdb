/**
 * Finds what sits under a document offset: a call's service or action, a key segment, a value, a token
 * (segment), a variable, or a part of a flow line (capture name, path segment, operator, expected value,
 * directive).
 */

import type {
  AssertionLine,
  BlockNode,
  CallNode,
  CaptureLine,
  DependencyToken,
  DirectiveLine,
  KreqDocument,
  LineNode,
  OutcomePath,
  ParamLine,
  Span,
  VariableLine,
  VariableRef,
} from '../parser/kreqNodes';

/** Where a line stands: its block and, for a call line or a call's parameter, its call. */
export interface LinePlace {
  readonly line: LineNode;
  readonly block?: BlockNode;
  /** Absent for a common parameter (before the block's first call). */
  readonly call?: CallNode;
}

interface InParam {
  readonly param: ParamLine;
  readonly block?: BlockNode;
  readonly call?: CallNode;
}

/** Where a capture or an assertion line stands; `call` is absent for one before the block's first call (a syntax error). */
interface InOutcomeLine {
  readonly block?: BlockNode;
  readonly call?: CallNode;
}

export type NodeAtOffset =
  | { readonly kind: 'service' | 'action'; readonly span: Span; readonly call: CallNode; readonly block: BlockNode }
  | ({ readonly kind: 'keySegment'; readonly span: Span; readonly index: number } & InParam)
  | ({ readonly kind: 'value'; readonly span: Span } & InParam)
  | ({
      readonly kind: 'token';
      /** The token, or the segment under the offset. */
      readonly span: Span;
      readonly token: DependencyToken;
      /** The path segment under the offset; undefined elsewhere on the token. */
      readonly segmentIndex?: number;
      /** True when the offset is on the call number `N`. */
      readonly onNumber: boolean;
    } & InParam)
  | { readonly kind: 'variable'; readonly span: Span; readonly variable: VariableRef; readonly line: ParamLine | VariableLine | AssertionLine }
  | { readonly kind: 'variableName' | 'variableValue'; readonly span: Span; readonly line: VariableLine }
  | ({ readonly kind: 'captureName'; readonly span: Span; readonly line: CaptureLine } & InOutcomeLine)
  | ({
      readonly kind: 'outcomePath';
      /** The root or the segment under the offset. */
      readonly span: Span;
      readonly line: CaptureLine | AssertionLine;
      readonly path: OutcomePath;
      /** The segment under the offset; undefined on the root. */
      readonly segmentIndex?: number;
    } & InOutcomeLine)
  | ({ readonly kind: 'assertionOperator' | 'assertionExpected'; readonly span: Span; readonly line: AssertionLine } & InOutcomeLine)
  /** `block` is absent when the line stands after its block's first call: a plain comment there. */
  | { readonly kind: 'directive'; readonly span: Span; readonly line: DirectiveLine; readonly block?: BlockNode };

/** True when `offset` touches `span` (both ends included, so a cursor just after a word still finds it). */
export function touches(span: { start: number; end: number }, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** The index of the span that holds `offset`: one strictly containing it, else one ending at it. */
function spanIndexAt(spans: readonly Span[], offset: number): number {
  const inside = spans.findIndex((s) => s.start <= offset && offset < s.end);
  if (inside >= 0) return inside;
  return spans.findIndex((s) => s.end === offset);
}

/** The line holding `offset` (an offset in a line break counts for the line it ends). */
export function lineAtOffset(doc: KreqDocument, offset: number): LineNode | undefined {
  const lines = doc.lines;
  let lo = 0;
  let hi = lines.length - 1;
  let found: LineNode | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid].start <= offset) {
      found = lines[mid];
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** The block and call a line belongs to. */
export function placeOfLine(doc: KreqDocument, line: LineNode): LinePlace {
  for (const block of doc.blocks) {
    if (block.separator === line || block.commonParams.includes(line as ParamLine) || block.directives.includes(line as DirectiveLine)) return { line, block };
    for (const call of block.calls) {
      if (call.line === line || call.params.includes(line as ParamLine) || call.captures.includes(line as CaptureLine) || call.assertions.includes(line as AssertionLine)) {
        return { line, block, call };
      }
    }
  }
  return { line };
}

function inToken(token: DependencyToken, offset: number, where: InParam): NodeAtOffset {
  if (touches(token.callNumber, offset)) return { kind: 'token', span: token, token, onNumber: true, ...where };
  const index = spanIndexAt(token.segments, offset);
  if (index >= 0) return { kind: 'token', span: token.segments[index], token, segmentIndex: index, onNumber: false, ...where };
  return { kind: 'token', span: token, token, onNumber: false, ...where };
}

function inParamLine(param: ParamLine, place: LinePlace, offset: number): NodeAtOffset | undefined {
  const where: InParam = { param, block: place.block, call: place.call };
  if (touches(param.key, offset)) {
    const variable = param.key.variables.find((v) => touches(v, offset));
    if (variable) return { kind: 'variable', span: variable, variable, line: param };
    const index = spanIndexAt(param.key.segments, offset);
    if (index >= 0) return { kind: 'keySegment', span: param.key.segments[index], index, ...where };
    return undefined;
  }
  if (touches(param.value, offset) && param.value.end > param.value.start) {
    const part = param.value.parts.find((p) => touches(p, offset));
    if (part?.kind === 'variable') return { kind: 'variable', span: part, variable: part, line: param };
    if (part?.kind === 'token') return inToken(part, offset, where);
    return { kind: 'value', span: param.value, ...where };
  }
  return undefined;
}

function inVariableLine(line: VariableLine, offset: number): NodeAtOffset | undefined {
  if (touches({ start: line.name.start - 1, end: line.name.end }, offset)) return { kind: 'variableName', span: line.name, line };
  if (touches(line.value, offset) && line.value.end > line.value.start) {
    const part = line.value.parts.find((p) => touches(p, offset));
    if (part?.kind === 'variable') return { kind: 'variable', span: part, variable: part, line };
    return { kind: 'variableValue', span: line.value, line };
  }
  return undefined;
}

function inOutcomePath(path: OutcomePath, offset: number, line: CaptureLine | AssertionLine, where: InOutcomeLine): NodeAtOffset | undefined {
  if (!touches(path, offset)) return undefined;
  const index = spanIndexAt(path.segments, offset);
  if (index >= 0) {
    return { kind: 'outcomePath', span: path.segments[index], line, path, segmentIndex: index, ...where };
  }
  return touches(path.root, offset) ? { kind: 'outcomePath', span: path.root, line, path, ...where } : undefined;
}

function inCaptureLine(line: CaptureLine, place: LinePlace, offset: number): NodeAtOffset | undefined {
  const where: InOutcomeLine = { block: place.block, call: place.call };
  if (touches(line.name, offset)) return { kind: 'captureName', span: line.name, line, ...where };
  return inOutcomePath(line.path, offset, line, where);
}

function inAssertionLine(line: AssertionLine, place: LinePlace, offset: number): NodeAtOffset | undefined {
  const where: InOutcomeLine = { block: place.block, call: place.call };
  const onSubject = inOutcomePath(line.subject, offset, line, where);
  if (onSubject) return onSubject;
  if (touches(line.operator, offset)) return { kind: 'assertionOperator', span: line.operator, line, ...where };
  const expected = line.expected;
  if (expected && touches(expected, offset)) {
    const part = expected.parts.find((p) => touches(p, offset));
    if (part?.kind === 'variable') return { kind: 'variable', span: part, variable: part, line };
    return { kind: 'assertionExpected', span: expected, line, ...where };
  }
  return undefined;
}

function inDirectiveLine(line: DirectiveLine, place: LinePlace, offset: number): NodeAtOffset | undefined {
  const word = { start: line.name.start - 1, end: line.name.end, text: `@${line.name.text}` };
  if (touches(word, offset)) return { kind: 'directive', span: word, line, block: place.block };
  if (line.argument.end > line.argument.start && touches(line.argument, offset)) return { kind: 'directive', span: line.argument, line, block: place.block };
  return undefined;
}

/** What is under `offset`, or undefined for blanks, comments, separators, `=` and the like. */
export function nodeAtOffset(doc: KreqDocument, offset: number): NodeAtOffset | undefined {
  const line = lineAtOffset(doc, offset);
  if (!line) return undefined;
  const at = Math.min(offset, line.end);
  switch (line.kind) {
    case 'call': {
      const place = placeOfLine(doc, line);
      if (!place.block || !place.call) return undefined;
      if (touches(line.service, at)) return { kind: 'service', span: line.service, call: place.call, block: place.block };
      if (line.action && touches(line.action, at)) return { kind: 'action', span: line.action, call: place.call, block: place.block };
      return undefined;
    }
    case 'param':
      return inParamLine(line, placeOfLine(doc, line), at);
    case 'variable':
      return inVariableLine(line, at);
    case 'capture':
      return inCaptureLine(line, placeOfLine(doc, line), at);
    case 'assertion':
      return inAssertionLine(line, placeOfLine(doc, line), at);
    case 'directive':
      return inDirectiveLine(line, placeOfLine(doc, line), at);
    default:
      return undefined;
  }
}
