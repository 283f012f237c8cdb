/**
 * PHP's form-variable registration: `a=1&b[c]=2&d[]=3` into nested arrays exactly as `$_GET`/`$_POST` get them
 * (`.` and space in top-level names become `_`, `:` is kept, `[]` appends, an unclosed `[` becomes `_`).
 */

import { isPhpArray, type PhpArray, type PhpValue } from './phpValues';

/** PHP `urldecode`: `+` is a space, `%XX` a byte; invalid escapes stay as written. */
export function phpUrlDecode(text: string): string {
  if (!/[+%]/.test(text)) return text;
  try {
    // The fast path (valid escapes of valid UTF-8); the byte loop below keeps what decodeURIComponent rejects.
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // fall through
  }
  const bytes: number[] = [];
  const raw = Buffer.from(text, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (b === 0x2b) bytes.push(0x20);
    else if (b === 0x25 && i + 2 < raw.length && /^[0-9a-fA-F]{2}$/.test(raw.subarray(i + 1, i + 3).toString('latin1'))) {
      bytes.push(parseInt(raw.subarray(i + 1, i + 3).toString('latin1'), 16));
      i += 2;
    } else bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

function nextIndex(array: PhpArray): string {
  let next = 0;
  for (const key of array.keys()) if (/^(?:0|-?[1-9]\d*)$/.test(key)) next = Math.max(next, Number(key) + 1);
  return String(next);
}

/** Splits a variable name into PHP's base name and bracket indices (`null` for `[]`). */
export function splitVariableName(rawName: string): { base: string; indices: (string | null)[] } {
  const name = rawName.replace(/^ +/, '');
  let base = '';
  let i = 0;
  for (; i < name.length; i++) {
    const ch = name[i];
    if (ch === '[') break;
    base += ch === ' ' || ch === '.' ? '_' : ch;
  }
  const indices: (string | null)[] = [];
  if (i >= name.length) return { base, indices };
  // Bracket indices: each `[...]` right after the previous one; anything after a gap is dropped.
  let pos = i;
  while (pos < name.length && name[pos] === '[') {
    const close = name.indexOf(']', pos + 1);
    if (close < 0) {
      if (indices.length === 0) return { base: `${base}_${name.slice(pos + 1)}`, indices: [] };
      break;
    }
    const index = name.slice(pos + 1, close);
    indices.push(index === '' ? null : index);
    pos = close + 1;
  }
  return { base, indices };
}

/** Registers one variable into `target` as PHP does for `$_GET`/`$_POST`/`$_FILES`. */
export function registerVariable(target: PhpArray, rawName: string, value: PhpValue): void {
  const { base, indices } = splitVariableName(rawName);
  if (base === '') return;
  if (indices.length === 0) {
    target.set(base, value);
    return;
  }
  let container = target;
  let key = base;
  for (const index of indices) {
    let child = container.get(key);
    if (!isPhpArray(child)) {
      child = new Map();
      container.set(key, child);
    }
    container = child;
    key = index ?? nextIndex(container);
  }
  container.set(key, value);
}

/** Parses a query string or an `application/x-www-form-urlencoded` body. */
export function parsePhpQuery(query: string, target: PhpArray = new Map()): PhpArray {
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = phpUrlDecode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : phpUrlDecode(pair.slice(eq + 1));
    registerVariable(target, name, value);
  }
  return target;
}
