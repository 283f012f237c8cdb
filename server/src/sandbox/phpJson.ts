/**
 * PHP's JSON: `json_decode($text, true)` into ordered PHP arrays (JSON.parse would reorder integer-like keys), and
 * `json_encode` output as the Kaltura JSON serializer writes it (`\/` escaped, non-ASCII as `\uXXXX`).
 */

import type { PhpArray, PhpValue } from './phpValues';

/** Parses JSON as PHP `json_decode($text, true)` does; undefined when the text is not valid JSON. */
export function phpJsonDecode(text: string): PhpValue | undefined {
  let pos = 0;
  const fail = (): never => {
    throw new SyntaxError(`bad JSON at ${pos}`);
  };
  const skip = () => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++;
  };
  const parseString = (): string => {
     
    const m = /^"(?:[^"\\\u0000-\u001F]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(pos));
    if (!m) fail();
    pos += m![0].length;
    return JSON.parse(m![0]) as string;
  };
  const parseValue = (depth: number): PhpValue => {
    if (depth > 512) fail();
    skip();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const out: PhpArray = new Map();
      skip();
      if (text[pos] === '}') {
        pos++;
        return out;
      }
      for (;;) {
        skip();
        if (text[pos] !== '"') fail();
        const key = parseString();
        skip();
        if (text[pos++] !== ':') fail();
        out.set(key, parseValue(depth + 1));
        skip();
        const sep = text[pos++];
        if (sep === '}') return out;
        if (sep !== ',') fail();
      }
    }
    if (c === '[') {
      pos++;
      const out: PhpArray = new Map();
      skip();
      if (text[pos] === ']') {
        pos++;
        return out;
      }
      for (let i = 0; ; i++) {
        out.set(String(i), parseValue(depth + 1));
        skip();
        const sep = text[pos++];
        if (sep === ']') return out;
        if (sep !== ',') fail();
      }
    }
    if (c === '"') return parseString();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos));
    if (!literal) fail();
    pos += literal![0].length;
    return literal![0] === 'true' ? true : literal![0] === 'false' ? false : literal![0] === 'null' ? null : Number(literal![0]);
  };
  try {
    const value = parseValue(0);
    skip();
    return pos === text.length ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A value ready for `json_encode`: an object is an ordered list of entries. */
export type JsonNode = string | number | boolean | null | JsonNode[] | JsonObject;
export interface JsonObject {
  readonly entries: ReadonlyArray<readonly [string, JsonNode]>;
}

function encodeString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const code = text.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '/') out += '\\/';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function encodeNumber(n: number): string {
  if (!Number.isFinite(n)) return '0';
  return String(n);
}

/** PHP `json_encode` with default flags. */
export function phpJsonEncode(node: JsonNode): string {
  if (node === null) return 'null';
  if (typeof node === 'string') return encodeString(node);
  if (typeof node === 'number') return encodeNumber(node);
  if (typeof node === 'boolean') return node ? 'true' : 'false';
  if (Array.isArray(node)) return `[${node.map(phpJsonEncode).join(',')}]`;
  const obj = node as JsonObject;
  // An empty PHP array is a JSON list.
  if (obj.entries.length === 0) return '[]';
  return `{${obj.entries.map(([k, v]) => `${encodeString(k)}:${phpJsonEncode(v)}`).join(',')}}`;
}
