/** Scans a value or key text for `{{variables}}` and `{N:result…}` / `<N:result…>` dependency tokens. */

import type { DependencyToken, Span, SyntaxError, ValuePart, VariableRef } from './kreqNodes';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const BUILTINS = new Set(['$timestamp', '$uuid']);
/** Sticky: tried at one position, no copy of the text (a `slice` per `{` made long lines allocate per character). */
const TOKEN_START = /[{<]([0-9]+):result/y;

export interface ScanResult {
  readonly parts: ValuePart[];
  readonly errors: SyntaxError[];
}

function span(text: string, base: number, from: number, to: number): Span {
  return { start: base + from, end: base + to, text: text.slice(from, to) };
}

function syntax(start: number, end: number, message: string): SyntaxError {
  return { code: 'syntax', start, end, message };
}

/** Reads `{{…}}` at `i`; returns the part (or an error) and the index after it. */
function scanVariable(text: string, base: number, i: number, errors: SyntaxError[]): { part?: VariableRef; next: number } {
  const close = text.indexOf('}}', i + 2);
  if (close < 0) {
    errors.push(syntax(base + i, base + text.length, 'Unterminated variable: `{{` without `}}`'));
    return { next: text.length };
  }
  const inner = text.slice(i + 2, close);
  const lead = inner.length - inner.trimStart().length;
  const trimmed = inner.trim();
  const nameFrom = i + 2 + lead;
  const whole = span(text, base, i, close + 2);
  const envMatch = /^\$(env|dotenv)\s+(\S+)$/.exec(trimmed);
  if (envMatch) {
    const argFrom = nameFrom + trimmed.lastIndexOf(envMatch[2]);
    return {
      part: {
        start: whole.start,
        end: whole.end,
        text: whole.text,
        kind: 'variable',
        name: span(text, base, nameFrom, nameFrom + 1 + envMatch[1].length),
        argument: span(text, base, argFrom, argFrom + envMatch[2].length),
      },
      next: close + 2,
    };
  }
  if (trimmed === '$env' || trimmed === '$dotenv') {
    errors.push(syntax(whole.start, whole.end, `\`{{${trimmed}}}\` needs a variable name: \`{{${trimmed} NAME}}\``));
    return { next: close + 2 };
  }
  if (trimmed.startsWith('$') && !BUILTINS.has(trimmed)) {
    errors.push(syntax(whole.start, whole.end, `Unknown built-in variable \`${trimmed}\`: use \`$env NAME\`, \`$dotenv NAME\`, \`$timestamp\` or \`$uuid\``));
    return { next: close + 2 };
  }
  if (!BUILTINS.has(trimmed) && !IDENTIFIER.test(trimmed)) {
    errors.push(syntax(whole.start, whole.end, `Malformed variable \`{{${inner}}}\`: a name is letters, digits, \`_\`, \`.\` and \`-\``));
    return { next: close + 2 };
  }
  return {
    part: { start: whole.start, end: whole.end, text: whole.text, kind: 'variable', name: span(text, base, nameFrom, nameFrom + trimmed.length) },
    next: close + 2,
  };
}

/** Reads a dependency token at `i` (known to start with `{N:result` or `<N:result`). */
function scanToken(text: string, base: number, i: number, errors: SyntaxError[]): { part?: DependencyToken; next: number } {
  TOKEN_START.lastIndex = i;
  const match = TOKEN_START.exec(text)!;
  const form = text[i] === '{' ? 'curly' : 'angle';
  const closer = form === 'curly' ? '}' : '>';
  const afterResult = i + match[0].length;
  const next = text[afterResult];
  if (next === undefined) {
    errors.push(syntax(base + i, base + text.length, `Unterminated dependency token: \`${text[i]}\` without \`${closer}\``));
    return { next: text.length };
  }
  if (next !== ':' && next !== closer) {
    const end = text.indexOf(closer, afterResult);
    const to = end < 0 ? text.length : end + 1;
    errors.push(syntax(base + i, base + to, 'Malformed dependency token: expected `' + closer + '` or `:` after `result`'));
    return { next: to };
  }
  const close = text.indexOf(closer, afterResult);
  if (close < 0) {
    errors.push(syntax(base + i, base + text.length, `Unterminated dependency token: \`${text[i]}\` without \`${closer}\``));
    return { next: text.length };
  }
  const segments: Span[] = [];
  let from = afterResult;
  while (from < close && text[from] === ':') {
    const segStart = from + 1;
    let segEnd = text.indexOf(':', segStart);
    if (segEnd < 0 || segEnd > close) segEnd = close;
    segments.push(span(text, base, segStart, segEnd));
    from = segEnd;
  }
  if (segments.length > 0 && segments[segments.length - 1].text === '') segments.pop();
  const numberFrom = i + 1;
  const numberTo = numberFrom + match[1].length;
  const resultFrom = numberTo + 1;
  // No object spread here: it makes V8 keep the properties out of line (more memory on large files).
  return {
    part: {
      start: base + i,
      end: base + close + 1,
      text: text.slice(i, close + 1),
      kind: 'token',
      form,
      callNumber: { start: base + numberFrom, end: base + numberTo, text: match[1], value: Number.parseInt(match[1], 10) },
      result: span(text, base, resultFrom, resultFrom + 6),
      segments,
    },
    next: close + 1,
  };
}

function tokenStartsAt(text: string, i: number): boolean {
  TOKEN_START.lastIndex = i;
  return TOKEN_START.test(text);
}

/**
 * Finds variables and tokens in `text`, which starts at document offset `base`.
 * With `tokens` false (keys), only variables are looked for.
 */
export function scanParts(text: string, base: number, tokens: boolean): ScanResult {
  const parts: ValuePart[] = [];
  const errors: SyntaxError[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '{' && text[i + 1] === '{') {
      const { part, next } = scanVariable(text, base, i, errors);
      if (part) parts.push(part);
      i = next;
    } else if (tokens && (ch === '{' || ch === '<') && tokenStartsAt(text, i)) {
      const { part, next } = scanToken(text, base, i, errors);
      if (part) parts.push(part);
      i = next;
    } else {
      i++;
    }
  }
  return { parts, errors };
}

/**
 * `text` without its `{{…}}` (each `{{` up to the first `}`, which must open `}}`), as `replace(/\{\{[^}]*\}\}/g, '')`
 * would give, in one pass: the next `}` is remembered, so a run of `{{` without `}}` is not rescanned from each `{`.
 */
export function withoutVariables(text: string): string {
  if (!text.includes('{{')) return text;
  let out = '';
  let nextClose = -2;
  let copied = 0;
  for (let i = text.indexOf('{{'); i >= 0 && i < text.length; ) {
    if (nextClose !== -1 && nextClose < i + 2) nextClose = text.indexOf('}', i + 2);
    if (nextClose >= 0 && text.charCodeAt(nextClose + 1) === 125) {
      out += text.slice(copied, i);
      copied = nextClose + 2;
      i = text.indexOf('{{', copied);
    } else {
      i = text.indexOf('{{', i + 1);
    }
  }
  return out + text.slice(copied);
}
