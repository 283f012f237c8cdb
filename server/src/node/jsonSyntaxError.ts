/** Says where `JSON.parse` failed in a text, as a 1-based line and column with the parser's words (no position in them). */

/** A JSON syntax error, located. */
export interface JsonSyntaxError {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
  /** The parser's words without its position: `Expected ',' or '}' after property value`. */
  readonly message: string;
}

/** The 0-based offset of the first syntax error of a JSON text (the text's length when it ends too early), by a
 *  small scanner; for parsers whose message names no position (Node 20's `Unexpected token 'x', "…" is not valid JSON`). */
export function jsonErrorOffset(text: string): number {
  let at = 0;
  const fail = (): never => {
    throw at;
  };
  const space = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at])) at++;
  };
  const literal = (word: string): void => {
    for (const character of word) {
      if (text[at] !== character) fail();
      at++;
    }
  };
  const string = (): void => {
    at++; // the opening quote
    for (;;) {
      if (at >= text.length) fail();
      const character = text[at];
      if (character === '"') {
        at++;
        return;
      }
      if (character < ' ') fail();
      if (character === '\\') {
        at++;
        if (text[at] === 'u') {
          at++;
          for (let i = 0; i < 4; i++, at++) if (!/[0-9a-fA-F]/.test(text[at] ?? '')) fail();
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[at] ?? 'x')) fail();
      }
      at++;
    }
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (!match || match[0] === '' || match[0] === '-') fail();
    at += match![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 1000) fail();
    space();
    const character = text[at];
    if (character === '{') return container('}', () => member(depth));
    if (character === '[') return container(']', () => value(depth + 1));
    if (character === '"') return string();
    if (character === 't') return literal('true');
    if (character === 'f') return literal('false');
    if (character === 'n') return literal('null');
    if (character === '-' || (character !== undefined && character >= '0' && character <= '9')) return number();
    fail();
  };
  const member = (depth: number): void => {
    if (text[at] !== '"') fail();
    string();
    space();
    if (text[at] !== ':') fail();
    at++;
    value(depth + 1);
  };
  const container = (close: string, member: () => void): void => {
    at++;
    space();
    if (text[at] === close) {
      at++;
      return;
    }
    for (;;) {
      space();
      member();
      space();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === close) {
        at++;
        return;
      }
      fail();
    }
  };
  try {
    value(0);
    space();
    return at < text.length ? at : -1;
  } catch (offset) {
    if (typeof offset !== 'number') throw offset;
    return Math.min(offset, text.length);
  }
}

/** The parser's words without where: ` in JSON at position 42 (line 3 column 14)`, `, "…" is not valid JSON` go. */
function plainMessage(message: string): string {
  return message
    .replace(/\s*\(line \d+ column \d+\)\s*$/, '')
    .replace(/\s+(in JSON\s+)?at position \d+\s*$/, '')
    .replace(/^(Unexpected token .*?), ".*" is not valid JSON$/s, '$1')
    .replace(/\s+in JSON$/, '')
    .trim();
}

/** The 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { readonly line: number; readonly column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: before.length - lineStart + 1 };
}

/** Where and why `JSON.parse(text)` failed with `error`: the position the message names, else the scanner's. */
export function jsonSyntaxError(text: string, error: unknown): JsonSyntaxError {
  const message = error instanceof Error ? error.message : String(error);
  const named = /\(line (\d+) column (\d+)\)/.exec(message);
  const words = plainMessage(message) || 'invalid JSON';
  if (named) return { line: Number(named[1]), column: Number(named[2]), message: words };
  const position = /at position (\d+)/.exec(message);
  const scanned = jsonErrorOffset(text);
  const offset = position ? Number(position[1]) : scanned >= 0 ? scanned : text.length;
  return { ...lineAndColumn(text, offset), message: words };
}
