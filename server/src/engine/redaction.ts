/** Masks secrets (ks, secrets, app-token hashes, sessions) in text shown to people: form bodies, cURL, responses, logs. */

import { decodeKs } from '../language/index';

/** Parameter and property names whose values are secret wherever they appear. */
export const SECRET_FIELD_NAMES: ReadonlySet<string> = new Set(['ks', 'secret', 'adminSecret', 'userSecret', 'tokenHash', 'token', 'password']);

export const MASK = '***';
/** Shorter "secrets" are not replaced as literals: they would mangle ordinary text. */
const MIN_SECRET_LENGTH = 4;
/** The shortest text taken for a KS when it is not a known secret (a real one is far longer). */
const MIN_KS_LENGTH = 20;
/** decodeKs reads at most this much. */
const MAX_KS_LENGTH = 8192;
const NAMES = [...SECRET_FIELD_NAMES].join('|');
/** `ks=…`, `2:ks=…` (also `2%3Aks=…`) in form text and cURL arguments. */
const FORM_FIELD = new RegExp(`(^|[&\\s'"?])((?:[0-9]+(?::|%3A))?(?:${NAMES}))=([^&\\s'"]*)`, 'g');
/** The start of `"ks": "…"` in JSON (the string value is then read by `jsonStringEnd`, without a backtracking regex). */
const JSON_FIELD_START = new RegExp(`"(${NAMES})"[ \\t\\r\\n]{0,64}:[ \\t\\r\\n]{0,64}"`, 'g');
/** `<ks>…</ks>` in XML. */
const XML_FIELD = new RegExp(`<(${NAMES})>([^<]*)</\\1>`, 'g');
const TOKEN_VALUE = /^(?:\{|%7B)[0-9]+(?::|%3A)result/i;
/**
 * A run of characters a KS may be spelt with in text: base64 / base64url, `%XX` of URL encoding, `\\/` of JSON,
 * `=` (of padding, or of `ks=`). One character class: linear, no backtracking stack however long the run.
 */
const KS_RUN = /[A-Za-z0-9+/_%\\=-]+/g;
/** The part after the signature of a decoded KS v1: `|partner;partner;…` (up to a blank, quote or tag). */
const DECODED_KS_V1_TAIL = /\|-?[0-9]{1,20};-?[0-9]{1,20};[^\s"'<>&\\]*/g;
const HEX = /^[0-9a-fA-F]{40}$/;

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function toBase64Url(b64: string): string {
  return b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Text spellings of a secret: raw, URL- and form-encoded, JSON-escaped (PHP escapes `/` too), XML-escaped. */
function textSpellings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const xml = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
  return [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), json, json.replace(/\//g, '\\/'), xml];
}

/**
 * Every way kreq can recognise a secret in text: its text spellings; its base64 and base64url (with and without
 * padding); and, for a KS (itself base64), its base64url form and its decoded text.
 */
export function secretSpellings(secret: string): string[] {
  const out = new Set<string>(textSpellings(secret));
  const b64 = base64(secret);
  for (const s of [b64, b64.replace(/=+$/, ''), toBase64Url(b64)]) for (const t of textSpellings(s)) out.add(t);
  if (decodeKs(secret)) {
    out.add(toBase64Url(secret));
    out.add(secret.replace(/=+$/, ''));
    const binary = Buffer.from(secret.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    for (const decoded of [binary.toString('latin1'), binary.toString('utf8')]) for (const t of textSpellings(decoded)) out.add(t);
  }
  return [...out].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

/** The literals to replace for `secrets`, longest first (so a longer spelling is not cut by a shorter one). */
function literalsOf(secrets: readonly string[]): string[] {
  const literals = new Set<string>();
  for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH) for (const s of secretSpellings(secret)) literals.add(s);
  return [...literals].sort((a, b) => b.length - a.length);
}

function replaceLiterals(text: string, literals: readonly string[]): string {
  let out = text;
  for (const literal of literals) if (out.includes(literal)) out = out.split(literal).join(MASK);
  return out;
}

/** Base64 / base64url digit values by char code (-1: not a digit). */
const DIGIT = new Int8Array(128).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'].entries()) DIGIT[c.charCodeAt(0)] = i;
DIGIT['+'.charCodeAt(0)] = DIGIT['-'.charCodeAt(0)] = 62;
DIGIT['/'.charCodeAt(0)] = DIGIT['_'.charCodeAt(0)] = 63;
const ESCAPES: Readonly<Record<string, string>> = { '%2B': '+', '%2b': '+', '%2F': '/', '%2f': '/', '%3D': '=', '%3d': '=', '\\/': '/' };

interface KsRead {
  /** The unescaped text (at most `limit` characters). */
  readonly text: string;
  /** Where it ends in the run. */
  readonly end: number;
  /** The last few `/` of the text (text index, run index): a KS without padding may be followed by `/more/path`. */
  readonly slashes: ReadonlyArray<readonly [number, number]>;
}

/** Reads a KS spelling from `run` at `start`, unescaping `%2B %2F %3D \\/`; linear in what it reads. */
function readKs(run: string, start: number, limit = MAX_KS_LENGTH): KsRead {
  let text = '';
  let i = start;
  let padding = 0;
  const slashes: [number, number][] = [];
  while (i < run.length && text.length < limit) {
    const code = run.charCodeAt(i);
    let value: string;
    let width = 1;
    if (code === 0x25 || code === 0x5c) {
      width = code === 0x25 ? 3 : 2;
      const escaped = ESCAPES[run.slice(i, i + width)];
      if (escaped === undefined) break;
      value = escaped;
    } else value = run[i];
    if (value === '=') {
      if (padding >= 2) break;
      padding++;
    } else if (padding > 0 || code >= 128 || (width === 1 && DIGIT[code] < 0)) break;
    if (value === '/') {
      slashes.push([text.length, i]);
      if (slashes.length > 8) slashes.shift();
    }
    text += value;
    i += width;
  }
  // Longer than a KS can be (a KS followed by more path): its head, in whole base64 groups, must be one; all is masked.
  if (limit === MAX_KS_LENGTH && text.length >= MAX_KS_LENGTH) return { text: text.slice(0, MAX_KS_LENGTH - (MAX_KS_LENGTH % 4)), end: run.length, slashes: [] };
  return { text, end: i, slashes };
}

function isHexCode(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46);
}

const HEX40_BAR = /^[0-9a-fA-F]{40}\|/;

/**
 * Cheap checks before a full read: a KS v2 starts `djJ8`; a KS v1 (base64 of 40 hex digits, `|`, …) has 4 plain
 * first characters that decode to 3 hex digits, and 56 that decode to 40 hex digits and `|`.
 */
function ksPrefix(run: string, start: number): boolean {
  if (run.startsWith('djJ8', start)) return true;
  if (start + 4 > run.length) return false;
  const d = [0, 1, 2, 3].map((k) => {
    const code = run.charCodeAt(start + k);
    return code < 128 ? DIGIT[code] : -1;
  });
  if (d.some((v) => v < 0)) return false;
  if (!isHexCode((d[0] << 2) | (d[1] >> 4)) || !isHexCode(((d[1] & 15) << 4) | (d[2] >> 2)) || !isHexCode(((d[2] & 3) << 6) | d[3])) return false;
  const head = readKs(run, start, 56).text;
  return head.length === 56 && HEX40_BAR.test(Buffer.from(head.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1'));
}

interface KsSpan {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The KS starting at `start`, if any: all that was read, else cut before one of its last `/` (a path after it). */
function ksAt(run: string, start: number): KsSpan | undefined {
  if (!ksPrefix(run, start)) return undefined;
  const read = readKs(run, start);
  if (read.text.length >= MIN_KS_LENGTH && decodeKs(read.text)) return { start, end: read.end, text: read.text };
  for (let k = read.slashes.length - 1; k >= 0; k--) {
    const [textAt, runAt] = read.slashes[k];
    const text = read.text.slice(0, textAt);
    if (text.length >= 56 && decodeKs(text)) return { start, end: runAt, text };
  }
  return undefined;
}

/** Where KSes are in `run`: tried at its start and after each separator (`/`, `=`, `%XX`, `\\/`) of its first 64 characters. */
function ksSpans(run: string): KsSpan[] {
  const spans: KsSpan[] = [];
  let from = 0;
  while (from < run.length) {
    let found: KsSpan | undefined;
    for (let start = from; start < Math.min(run.length, from + 64) && !found; start++) {
      const before = start === from ? '' : run[start - 1];
      const after3 = start >= 3 && run[start - 3] === '%';
      if (start === from || before === '/' || before === '=' || after3) found = ksAt(run, start);
    }
    if (!found) {
      // No KS starts in this head: go on after the next separator beyond it.
      const next = run.slice(from + 64).search(/[/=%]/);
      if (next < 0) break;
      from = from + 64 + next + 1;
      continue;
    }
    spans.push(found);
    from = found.end;
  }
  return spans;
}

/** Masks KS-looking substrings: runs that decode as a KS (raw, URL-encoded, JSON-escaped, base64url), and decoded KS v1 text. */
export function maskKsLike(text: string): string {
  const masked = text.replace(KS_RUN, (run) => {
    if (run.length < MIN_KS_LENGTH) return run;
    const spans = ksSpans(run);
    if (spans.length === 0) return run;
    let out = '';
    let at = 0;
    for (const span of spans) {
      out += run.slice(at, span.start) + MASK;
      at = span.end;
    }
    return out + run.slice(at);
  });
  return maskDecodedKs(masked);
}

/** Masks decoded KS v1 text: 40 hex digits of signature, then `DECODED_KS_V1_TAIL` (found from the `|`: linear). */
function maskDecodedKs(text: string): string {
  if (!text.includes('|')) return text;
  let out = '';
  let at = 0;
  DECODED_KS_V1_TAIL.lastIndex = 0;
  for (let m = DECODED_KS_V1_TAIL.exec(text); m; m = DECODED_KS_V1_TAIL.exec(text)) {
    const start = m.index - 40;
    if (start < at || !HEX.test(text.slice(start, m.index))) continue;
    out += text.slice(at, start) + MASK;
    at = m.index + m[0].length;
  }
  return at === 0 ? text : out + text.slice(at);
}

/** The index just after the closing quote of the JSON string whose content starts at `from`, or -1. */
function jsonStringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i + 1;
  }
  return -1;
}

/** `"ks": "…"` → `"ks": "***"` (dependency tokens and empty values kept). */
function maskJsonFields(text: string): string {
  let out = '';
  let at = 0;
  JSON_FIELD_START.lastIndex = 0;
  for (let m = JSON_FIELD_START.exec(text); m; m = JSON_FIELD_START.exec(text)) {
    const valueStart = m.index + m[0].length;
    const end = jsonStringEnd(text, valueStart);
    if (end < 0) break;
    const value = text.slice(valueStart, end - 1);
    if (!keep(value)) out += text.slice(at, valueStart) + MASK + '"';
    else out += text.slice(at, end);
    at = end;
    JSON_FIELD_START.lastIndex = end;
  }
  return at === 0 ? text : out + text.slice(at);
}

function keep(value: string): boolean {
  return value === '' || value === MASK || TOKEN_VALUE.test(value);
}

/** Masks known literals, KS-looking text, and the values of `ks`/`secret`/`tokenHash`/… fields in form, cURL, JSON and XML text. */
function maskText(text: string, literals: readonly string[]): string {
  let out = maskKsLike(replaceLiterals(text, literals));
  out = out.replace(FORM_FIELD, (whole, lead: string, key: string, value: string) => (keep(value) ? whole : `${lead}${key}=${MASK}`));
  out = maskJsonFields(out);
  out = out.replace(XML_FIELD, (whole, key: string, value: string) => (keep(value) ? whole : `<${key}>${MASK}</${key}>`));
  return out;
}

/** Replaces every secret (in every spelling), every KS-looking string, and secret-named fields with `***`. Linear in the text. */
export function redact(text: string, secrets: readonly string[]): string {
  return maskText(text, literalsOf(secrets));
}

/** True for a string that is a Kaltura session (v1 or v2). */
export function isKs(value: string): boolean {
  return value.length >= MIN_KS_LENGTH && decodeKs(value) !== undefined;
}

/** A copy of a result value for display: secrets (every spelling) and KS strings masked, also inside longer strings; secret-named properties masked. */
export function redactValue(value: unknown, secrets: readonly string[]): unknown {
  const literals = literalsOf(secrets);
  const walk = (v: unknown, name?: string): unknown => {
    if (typeof v === 'string') {
      if (v === '') return v;
      if ((name !== undefined && SECRET_FIELD_NAMES.has(name) && !keep(v)) || isKs(v)) return MASK;
      return maskText(v, literals);
    }
    if (Array.isArray(v)) return v.map((item) => walk(item));
    if (v && typeof v === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) copy[k] = walk(item, k);
      return copy;
    }
    return v;
  };
  return walk(value);
}

/** Every KS string inside a parsed result (session.start's string, `KalturaSessionInfo.ks`, a KS inside a URL…), to redact its text. */
export function sessionStrings(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (isKs(value)) found.add(value);
    else if (value.length >= MIN_KS_LENGTH) for (const m of value.matchAll(KS_RUN)) if (m[0].length >= MIN_KS_LENGTH) for (const span of ksSpans(m[0])) found.add(span.text);
  } else if (Array.isArray(value)) {
    for (const item of value) sessionStrings(item, found);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'ks' && typeof item === 'string' && item.length >= MIN_SECRET_LENGTH) found.add(item);
      else sessionStrings(item, found);
    }
  }
  return found;
}
