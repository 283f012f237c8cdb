/** Masks secrets (ks, secrets, app-token hashes, sessions) in text shown to people: form bodies, cURL, responses, logs. */

import { decodeKs } from '../language/index';

/** Parameter and property names whose values are secret wherever they appear. */
export const SECRET_FIELD_NAMES: ReadonlySet<string> = new Set(['ks', 'secret', 'adminSecret', 'userSecret', 'tokenHash', 'token', 'password']);

export const MASK = '***';
/** Shorter "secrets" are not replaced as literals: they would mangle ordinary text. */
const MIN_SECRET_LENGTH = 4;
const NAMES = [...SECRET_FIELD_NAMES].join('|');
/** `ks=…`, `2:ks=…` (also `2%3Aks=…`) in form text and cURL arguments. */
const FORM_FIELD = new RegExp(`(^|[&\\s'"?])((?:[0-9]+(?::|%3A))?(?:${NAMES}))=([^&\\s'"]*)`, 'g');
/** `"ks": "…"` in JSON. */
const JSON_FIELD = new RegExp(`"(${NAMES})"(\\s*:\\s*)"((?:[^"\\\\]|\\\\.)*)"`, 'g');
/** `<ks>…</ks>` in XML. */
const XML_FIELD = new RegExp(`<(${NAMES})>([^<]*)</\\1>`, 'g');
const TOKEN_VALUE = /^(?:\{|%7B)[0-9]+(?::|%3A)result/i;

/** The ways a secret may be spelled in a body: raw, URL-encoded, JSON-escaped (PHP escapes `/` too). */
function spellings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), json, json.replace(/\//g, '\\/')];
}

function keep(value: string): boolean {
  return value === '' || value === MASK || TOKEN_VALUE.test(value);
}

/** Replaces every secret (and the values of `ks`/`secret`/`tokenHash`/… fields in form, cURL, JSON and XML text) with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  const literals = new Set<string>();
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) for (const s of spellings(secret)) literals.add(s);
  }
  for (const literal of [...literals].sort((a, b) => b.length - a.length)) {
    if (out.includes(literal)) out = out.split(literal).join(MASK);
  }
  out = out.replace(FORM_FIELD, (whole, lead: string, key: string, value: string) => (keep(value) ? whole : `${lead}${key}=${MASK}`));
  out = out.replace(JSON_FIELD, (whole, key: string, colon: string, value: string) => (keep(value) ? whole : `"${key}"${colon}"${MASK}"`));
  out = out.replace(XML_FIELD, (whole, key: string, value: string) => (keep(value) ? whole : `<${key}>${MASK}</${key}>`));
  return out;
}

/** True for a string that is a Kaltura session (v1 or v2). */
export function isKs(value: string): boolean {
  return value.length >= 20 && decodeKs(value) !== undefined;
}

/** A copy of a result value for display: secrets and KS strings masked, secret-named properties masked. */
export function redactValue(value: unknown, secrets: readonly string[]): unknown {
  const literals = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  const walk = (v: unknown, name?: string): unknown => {
    if (typeof v === 'string') {
      if (v === '') return v;
      if ((name !== undefined && SECRET_FIELD_NAMES.has(name)) || isKs(v)) return MASK;
      let out = v;
      for (const literal of literals) if (out.includes(literal)) out = out.split(literal).join(MASK);
      return out;
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

/** Every KS string inside a parsed result (session.start's string, `KalturaSessionInfo.ks`, …), to redact its text. */
export function sessionStrings(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (isKs(value)) found.add(value);
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
