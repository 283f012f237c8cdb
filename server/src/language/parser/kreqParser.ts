/**
 * Parses `.kreq` text into lines, blocks and calls. Never throws: a line that fits no form of
 * spec §2 becomes an `error` line and a syntax error beside the tree, and parsing goes on.
 */

import {
  ASSERTION_OPERATORS,
  type AssertionLine,
  type AssertionOperator,
  type BlockNode,
  type CallLine,
  type CaptureLine,
  type DirectiveLine,
  type OutcomePath,
} from './kreqNodes';
import type {
  CallNode,
  KeyNode,
  KreqDocument,
  LineNode,
  ParamLine,
  SeparatorLine,
  Span,
  SyntaxError,
  ValueNode,
  VariableLine,
} from './kreqNodes';
import { scanParts, withoutVariables } from './valueScanner';
import { oversizeReason } from './documentBounds';

const CALL_LINE = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)?$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

interface RawLine {
  start: number;
  end: number;
  fullEnd: number;
  line: number;
}

function splitLines(text: string): RawLine[] {
  const lines: RawLine[] = [];
  let start = 0;
  let line = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      lines.push({ start, end: text.length, fullEnd: text.length, line });
      return lines;
    }
    const end = nl > start && text[nl - 1] === '\r' ? nl - 1 : nl;
    lines.push({ start, end, fullEnd: nl + 1, line });
    start = nl + 1;
    line++;
  }
}

function trimmedSpan(text: string, from: number, to: number): Span {
  while (from < to && isBlank(text.charCodeAt(from))) from++;
  while (to > from && isBlank(text.charCodeAt(to - 1))) to--;
  return { start: from, end: to, text: text.slice(from, to) };
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 0xfeff || code === 13;
}

/** Parses the text after `=` (already trimmed to `value`); `tokens` false: only variables are scanned (assertions). */
function parseValue(value: Span, errors: SyntaxError[], tokens = true): ValueNode {
  if (value.text.startsWith('"')) {
    let i = 1;
    while (i < value.text.length && value.text[i] !== '"') i += value.text[i] === '\\' ? 2 : 1;
    if (i >= value.text.length) {
      errors.push({ code: 'syntax', start: value.start, end: value.end, message: 'Unterminated quoted value: missing closing `"`' });
      const scan = scanParts(value.text, value.start, tokens);
      errors.push(...scan.errors);
      return { start: value.start, end: value.end, text: value.text, quoted: true, content: value.text, parts: scan.parts };
    }
    const literal = value.text.slice(0, i + 1);
    if (i + 1 < value.text.length) {
      let after = i + 1;
      while (isBlank(value.text.charCodeAt(after))) after++;
      errors.push({
        code: 'syntax',
        start: value.start + after,
        end: value.end,
        message: 'Unexpected text after the closing `"` of a quoted value',
      });
    }
    let content = literal.slice(1, -1);
    try {
      content = JSON.parse(literal) as string;
    } catch {
      errors.push({ code: 'syntax', start: value.start, end: value.start + literal.length, message: 'Invalid escape in quoted value (it is a JSON string literal)' });
    }
    const scan = scanParts(literal.slice(1, -1), value.start + 1, tokens);
    errors.push(...scan.errors);
    return { start: value.start, end: value.end, text: value.text, quoted: true, content, parts: scan.parts };
  }
  const scan = scanParts(value.text, value.start, tokens);
  errors.push(...scan.errors);
  const filePath = tokens && value.text.startsWith('@')
    ? { start: value.start + 1, end: value.end, text: value.text.slice(1) }
    : undefined;
  return { start: value.start, end: value.end, text: value.text, quoted: false, content: value.text, parts: scan.parts, filePath };
}

function parseKey(key: Span, errors: SyntaxError[]): KeyNode {
  const segments: Span[] = [];
  let from = 0;
  for (;;) {
    const colon = key.text.indexOf(':', from);
    const to = colon < 0 ? key.text.length : colon;
    segments.push({ start: key.start + from, end: key.start + to, text: key.text.slice(from, to) });
    if (colon < 0) break;
    from = colon + 1;
  }
  if (segments.some((s) => s.text === '')) {
    errors.push({ code: 'syntax', start: key.start, end: key.end, message: 'Empty key segment: a key is `name:name:…` without `::` or a leading or trailing `:`' });
  }
  const scan = scanParts(key.text, key.start, false);
  errors.push(...scan.errors);
  return { start: key.start, end: key.end, text: key.text, segments, variables: scan.parts.filter((p) => p.kind === 'variable') };
}

/** Splits `result:objects:0:id` (or `error:code`) at `:`; undefined when the root is neither `result` nor `error`. */
function parseOutcomePath(path: Span, errors: SyntaxError[], what: string): OutcomePath | undefined {
  const parts: Span[] = [];
  let from = 0;
  for (;;) {
    const colon = path.text.indexOf(':', from);
    const to = colon < 0 ? path.text.length : colon;
    parts.push({ start: path.start + from, end: path.start + to, text: path.text.slice(from, to) });
    if (colon < 0) break;
    from = colon + 1;
  }
  const [root, ...segments] = parts;
  if (root.text !== 'result' && root.text !== 'error') {
    errors.push({ code: 'syntax', start: path.start, end: path.end, message: `${what} starts with \`result\` or \`error\` (\`result:objects:0:id\`, \`error:code\`)` });
    return undefined;
  }
  if (segments.some((seg) => seg.text === '')) {
    errors.push({ code: 'syntax', start: path.start, end: path.end, message: `Empty segment in ${what.toLowerCase()}: segments are joined by single \`:\`` });
    return undefined;
  }
  return { ...path, root: { ...root, value: root.text }, segments };
}

/** `> name = path`. */
function parseCapture(text: string, content: Span, base: Pick<CaptureLine, 'start' | 'end' | 'fullEnd' | 'line' | 'text'>, errors: SyntaxError[]): CaptureLine | undefined {
  const eq = content.text.indexOf('=');
  const name = eq < 0 ? undefined : trimmedSpan(text, content.start + 1, content.start + eq);
  if (!name || !VARIABLE_NAME.test(name.text)) {
    errors.push({ code: 'syntax', start: content.start, end: content.end, message: 'Malformed capture: expected `> name = result:…` (name: letters, digits, `_`, `.`, `-`)' });
    return undefined;
  }
  const pathSpan = trimmedSpan(text, content.start + eq + 1, content.end);
  if (pathSpan.text === '' || /\s/.test(pathSpan.text)) {
    errors.push({ code: 'syntax', start: pathSpan.text === '' ? content.start : pathSpan.start, end: content.end, message: 'Malformed capture: after `=` comes one path such as `result:id` or `error:code`' });
    return undefined;
  }
  const path = parseOutcomePath(pathSpan, errors, 'A capture path');
  return path && { ...base, kind: 'capture', name, path };
}

const SYMBOL_OPERATORS = ['==', '!=', '<=', '>=', '<', '>'] as const;
const WORD_OPERATORS = new Set<string>(ASSERTION_OPERATORS.filter((o) => /^!?[a-z]/i.test(o)));

/** `?? subject operator expected`. */
function parseAssertion(text: string, content: Span, base: Pick<AssertionLine, 'start' | 'end' | 'fullEnd' | 'line' | 'text'>, errors: SyntaxError[]): AssertionLine | undefined {
  const body = trimmedSpan(text, content.start + 2, content.end);
  const subjectLength = /^[^\s=!<>]*/.exec(body.text)![0].length;
  if (subjectLength === 0) {
    errors.push({ code: 'syntax', start: content.start, end: content.end, message: 'Malformed assertion: expected `?? subject operator expected`, e.g. `?? result:status == READY`' });
    return undefined;
  }
  const subject = parseOutcomePath({ start: body.start, end: body.start + subjectLength, text: body.text.slice(0, subjectLength) }, errors, 'An assertion subject');
  if (!subject) return undefined;
  let at = subjectLength;
  while (at < body.text.length && isBlank(body.text.charCodeAt(at))) at++;
  const rest = body.text.slice(at);
  let operator: AssertionOperator | undefined = SYMBOL_OPERATORS.find((o) => rest.startsWith(o));
  let length = operator?.length ?? 0;
  if (!operator) {
    const word = /^!?[A-Za-z]+/.exec(rest)?.[0] ?? '';
    if (WORD_OPERATORS.has(word)) {
      operator = word as AssertionOperator;
      length = word.length;
    }
  }
  if (!operator) {
    const shown = rest === '' ? 'nothing' : `\`${/^\S*/.exec(rest)![0]}\``;
    errors.push({
      code: 'syntax',
      start: rest === '' ? subject.start : body.start + at,
      end: content.end,
      message: `Expected an operator after the subject, found ${shown}: ${ASSERTION_OPERATORS.map((o) => `\`${o}\``).join(', ')}`,
    });
    return undefined;
  }
  const opSpan = { start: body.start + at, end: body.start + at + length, text: operator, value: operator };
  const expectedSpan = trimmedSpan(text, opSpan.end, body.end);
  const expected = expectedSpan.text === '' ? undefined : parseValue(expectedSpan, errors, false);
  return { ...base, kind: 'assertion', subject, operator: opSpan, expected };
}

/** `# @word rest` or `// @word rest`: a directive line, whatever the word (checked later). */
const DIRECTIVE = /^(?:#|\/\/)\s*@([A-Za-z][A-Za-z0-9_-]*)/;

function parseDirective(text: string, content: Span, base: Pick<DirectiveLine, 'start' | 'end' | 'fullEnd' | 'line' | 'text'>): DirectiveLine | undefined {
  const m = DIRECTIVE.exec(content.text);
  if (!m) return undefined;
  const nameEnd = content.start + m[0].length;
  const name = { start: nameEnd - m[1].length, end: nameEnd, text: m[1] };
  const rest = trimmedSpan(text, nameEnd, content.end);
  const argument = rest.text === '' ? { start: content.end, end: content.end, text: '' } : rest;
  return { ...base, kind: 'directive', name, argument };
}

function parseLine(text: string, raw: RawLine, errors: SyntaxError[]): LineNode {
  const content = trimmedSpan(text, raw.start, raw.end);
  // Fields are written out in each literal below: object spread (`{ ...base }`) makes V8 keep the properties
  // out of line, which nearly doubled the tree's memory and parse time on large files.
  const { start, end, fullEnd, line } = raw;
  const lineText = text.slice(start, end);
  const t = content.text;
  if (t === '') return { start, end, fullEnd, line, text: lineText, kind: 'blank' };
  if (t.startsWith('###')) {
    const title = trimmedSpan(text, content.start + 3, content.end);
    return { start, end, fullEnd, line, text: lineText, kind: 'separator', title: title.text ? title : undefined };
  }
  if (t.startsWith('#') || t.startsWith('//')) {
    return parseDirective(text, content, { start, end, fullEnd, line, text: lineText }) ?? { start, end, fullEnd, line, text: lineText, kind: 'comment' };
  }
  if (t.startsWith('>')) return parseCapture(text, content, { start, end, fullEnd, line, text: lineText }, errors) ?? { start, end, fullEnd, line, text: lineText, kind: 'error' };
  if (t.startsWith('??')) return parseAssertion(text, content, { start, end, fullEnd, line, text: lineText }, errors) ?? { start, end, fullEnd, line, text: lineText, kind: 'error' };
  const eq = t.indexOf('=');
  if (t.startsWith('@')) {
    const name = eq < 0 ? undefined : trimmedSpan(text, content.start + 1, content.start + eq);
    if (!name || !VARIABLE_NAME.test(name.text)) {
      errors.push({
        code: 'syntax',
        start: content.start,
        end: content.end,
        message: 'Malformed file variable: expected `@name = value` (name: letters, digits, `_`, `.`, `-`)',
      });
      return { start, end, fullEnd, line, text: lineText, kind: 'error' };
    }
    const value = parseValue(trimmedSpan(text, content.start + eq + 1, content.end), errors);
    return { start, end, fullEnd, line, text: lineText, kind: 'variable', name, value } satisfies VariableLine;
  }
  if (eq >= 0) {
    const keySpan = trimmedSpan(text, content.start, content.start + eq);
    // Blanks are allowed only inside `{{…}}` (`{{ name }}`, `{{$env NAME}}`).
    if (keySpan.text === '' || /\s/.test(withoutVariables(keySpan.text))) {
      errors.push({
        code: 'syntax',
        start: content.start,
        end: content.end,
        message: keySpan.text === '' ? 'Missing parameter name before `=`' : 'A parameter name cannot contain blanks',
      });
      return { start, end, fullEnd, line, text: lineText, kind: 'error' };
    }
    const key = parseKey(keySpan, errors);
    const value = parseValue(trimmedSpan(text, content.start + eq + 1, content.end), errors);
    return { start, end, fullEnd, line, text: lineText, kind: 'param', key, equals: content.start + eq, value } satisfies ParamLine;
  }
  const call = CALL_LINE.exec(t);
  if (call) {
    const dot = content.start + call[1].length;
    const service = { start: content.start, end: dot, text: call[1] };
    const action = call[2] ? { start: dot + 1, end: content.end, text: call[2] } : undefined;
    if (!action) errors.push({ code: 'syntax', start: content.start, end: content.end, message: 'Missing action name after `.`' });
    return { start, end, fullEnd, line, text: lineText, kind: 'call', service, dot, action } satisfies CallLine;
  }
  errors.push({
    code: 'syntax',
    start: content.start,
    end: content.end,
    message: 'Unrecognised line: expected `service.action`, `key = value`, `@name = value`, `###` or a comment',
  });
  return { start, end, fullEnd, line, text: lineText, kind: 'error' };
}

interface BlockBuilder {
  separator?: SeparatorLine;
  directives: DirectiveLine[];
  commonParams: ParamLine[];
  calls: { line: CallLine; params: ParamLine[]; captures: CaptureLine[]; assertions: AssertionLine[]; end: number }[];
  start: number;
  end: number;
}

function finishBlocks(builders: BlockBuilder[]): BlockNode[] {
  return builders.map((b, index) => ({
    index,
    separator: b.separator,
    directives: b.directives,
    commonParams: b.commonParams,
    calls: b.calls.map(
      (c, i): CallNode => ({ number: i + 1, line: c.line, params: c.params, captures: c.captures, assertions: c.assertions, start: c.line.start, end: c.end }),
    ),
    start: b.start,
    end: b.end,
  }));
}

/** Lines parsed between two pauses of `parseSteps`. */
const LINES_PER_STEP = 250;

/** Parses a whole document; one past the analysis bounds is not read (its model is empty, with `oversize` saying why). */
export function parseKreq(text: string): KreqDocument {
  const steps = parseSteps(text);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * `parseKreq` in steps: the generator pauses (yields) every LINES_PER_STEP lines, so that a host can answer other
 * requests in between (the language server does, for big documents); its return value is the document.
 */
export function* parseSteps(text: string): Generator<void, KreqDocument> {
  const oversize = oversizeReason(text);
  if (oversize) return { text, lines: [], blocks: [], variables: [], syntaxErrors: [], oversize };
  const errors: SyntaxError[] = [];
  const lines: LineNode[] = [];
  const variables: VariableLine[] = [];
  const builders: BlockBuilder[] = [{ directives: [], commonParams: [], calls: [], start: 0, end: 0 }];
  for (const raw of splitLines(text)) {
    if (raw.line > 0 && raw.line % LINES_PER_STEP === 0) yield;
    const node = parseLine(text, raw, errors);
    lines.push(node);
    let block = builders[builders.length - 1];
    switch (node.kind) {
      case 'separator':
        block = { separator: node, directives: [], commonParams: [], calls: [], start: node.start, end: node.end };
        builders.push(block);
        break;
      case 'variable':
        variables.push(node);
        block.end = node.end;
        break;
      case 'call':
        block.calls.push({ line: node, params: [], captures: [], assertions: [], end: node.end });
        block.end = node.end;
        break;
      case 'param': {
        const call = block.calls[block.calls.length - 1];
        if (call) {
          call.params.push(node);
          call.end = node.end;
        } else {
          block.commonParams.push(node);
        }
        block.end = node.end;
        break;
      }
      case 'capture':
      case 'assertion': {
        const call = block.calls[block.calls.length - 1];
        if (call) {
          if (node.kind === 'capture') call.captures.push(node);
          else call.assertions.push(node);
          call.end = node.end;
        } else {
          const what = node.kind === 'capture' ? 'A capture' : 'An assertion';
          errors.push({ code: 'syntax', start: node.start + (node.text.length - node.text.trimStart().length), end: node.end, message: `${what} belongs under a call: put it after the \`service.action\` line whose outcome it reads` });
        }
        block.end = node.end;
        break;
      }
      case 'directive':
        // Before the block's first call it is a directive of the block; after it, a plain comment.
        if (block.calls.length === 0) block.directives.push(node);
        block.end = node.end;
        break;
      case 'comment':
      case 'error':
        block.end = node.end;
        break;
      case 'blank':
        break;
    }
  }
  // A first block that holds nothing (the file starts with `###`) is not a block.
  const first = builders[0];
  if (builders.length > 1 && first.calls.length === 0 && first.commonParams.length === 0) builders.shift();
  return { text, lines, blocks: finishBlocks(builders), variables, syntaxErrors: errors };
}
