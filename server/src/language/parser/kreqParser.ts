/**
 * Parses `.kreq` text into lines, blocks and calls. Never throws: a line that fits no form of
 * spec §2 becomes an `error` line and a syntax error beside the tree, and parsing goes on.
 */

import type {
  BlockNode,
  CallLine,
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
import { scanParts } from './valueScanner';

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

/** Parses the text after `=` (already trimmed to `value`). */
function parseValue(value: Span, errors: SyntaxError[]): ValueNode {
  if (value.text.startsWith('"')) {
    let i = 1;
    while (i < value.text.length && value.text[i] !== '"') i += value.text[i] === '\\' ? 2 : 1;
    if (i >= value.text.length) {
      errors.push({ code: 'syntax', start: value.start, end: value.end, message: 'Unterminated quoted value: missing closing `"`' });
      const scan = scanParts(value.text, value.start, true);
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
    const scan = scanParts(literal.slice(1, -1), value.start + 1, true);
    errors.push(...scan.errors);
    return { start: value.start, end: value.end, text: value.text, quoted: true, content, parts: scan.parts };
  }
  const scan = scanParts(value.text, value.start, true);
  errors.push(...scan.errors);
  const filePath = value.text.startsWith('@')
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
  if (t.startsWith('#') || t.startsWith('//')) return { start, end, fullEnd, line, text: lineText, kind: 'comment' };
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
    if (keySpan.text === '' || /\s/.test(keySpan.text.replace(/\{\{[^}]*\}\}/g, ''))) {
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
  commonParams: ParamLine[];
  calls: { line: CallLine; params: ParamLine[]; end: number }[];
  start: number;
  end: number;
}

function finishBlocks(builders: BlockBuilder[]): BlockNode[] {
  return builders.map((b, index) => ({
    index,
    separator: b.separator,
    commonParams: b.commonParams,
    calls: b.calls.map(
      (c, i): CallNode => ({ number: i + 1, line: c.line, params: c.params, start: c.line.start, end: c.end }),
    ),
    start: b.start,
    end: b.end,
  }));
}

/** Parses a whole document. */
export function parseKreq(text: string): KreqDocument {
  const errors: SyntaxError[] = [];
  const lines: LineNode[] = [];
  const variables: VariableLine[] = [];
  const builders: BlockBuilder[] = [{ commonParams: [], calls: [], start: 0, end: 0 }];
  for (const raw of splitLines(text)) {
    const node = parseLine(text, raw, errors);
    lines.push(node);
    let block = builders[builders.length - 1];
    switch (node.kind) {
      case 'separator':
        block = { separator: node, commonParams: [], calls: [], start: node.start, end: node.end };
        builders.push(block);
        break;
      case 'variable':
        variables.push(node);
        block.end = node.end;
        break;
      case 'call':
        block.calls.push({ line: node, params: [], end: node.end });
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
