/** Reads the parameters of a Kaltura request from its parts — URL (path pairs, query), form text, JSON body — as flat `a:b:c` keys. */

/** Parameters in first-seen order; a later source of higher precedence replaces a value in place (PHP `array_replace`). */
export class FieldCollector {
  private readonly values = new Map<string, string>();

  set(key: string, value: string): void {
    this.values.set(key, value);
  }

  entries(): Array<readonly [string, string]> {
    return [...this.values];
  }
}

/** `%41` and `+` decoded as PHP's form parser does; a malformed escape is kept as written. */
export function formDecode(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(/%([0-9A-Fa-f]{2})/g, (_whole, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
}

/** PHP's bracket form (`filter[nameLike]`, `a[b][0]`) written with Kaltura's `:` (`filter:nameLike`). */
export function bracketsToColons(key: string): string {
  const open = key.indexOf('[');
  if (open <= 0 || !key.endsWith(']')) return key;
  const rest = key.slice(open);
  if (!/^(\[[^\]]*\])+$/.test(rest)) return key;
  return [key.slice(0, open), ...rest.slice(1, -1).split('][')].join(':');
}

/** `a=1&b=2` (form-urlencoded text) as decoded pairs. */
export function formPairs(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = formDecode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : formDecode(part.slice(eq + 1));
    if (key !== '') pairs.push([bracketsToColons(key), value]);
  }
  return pairs;
}

/** A JSON value as flat wire pairs: objects and arrays by `:`-joined keys, an empty array as `key:-`, `null` as an empty
 *  string (the server casts it so), booleans as `true`/`false`. */
export function flattenJson(value: unknown, prefix: string, out: Array<[string, string]>): void {
  if (Array.isArray(value)) {
    if (value.length === 0 && prefix) out.push([`${prefix}:-`, '']);
    value.forEach((item, index) => flattenJson(item, prefix ? `${prefix}:${index}` : String(index), out));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) flattenJson(item, prefix ? `${prefix}:${key}` : key, out);
    return;
  }
  if (!prefix) return;
  out.push([prefix, value === null ? '' : String(value)]);
}

/** A JSON body (`{…}`) as flat pairs, or a problem. */
export function jsonBodyPairs(text: string): Array<[string, string]> | { readonly problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { problem: `The JSON body does not parse: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { problem: 'The JSON body is not an object ({…}).' };
  const out: Array<[string, string]> = [];
  flattenJson(parsed, '', out);
  return out;
}

/** The parts of a Kaltura API URL. */
export interface ApiUrl {
  /** Before `/api_v3` (or `/api`); the whole origin when the URL has neither. */
  readonly serviceUrl: string;
  /** `key/value` pairs of the path after the script (`service/media/action/list`), decoded. */
  readonly pathPairs: Array<[string, string]>;
  readonly queryPairs: Array<[string, string]>;
  /** True when the path has `/api_v3/` or `/api/`. */
  readonly isApi: boolean;
}

/** Reads a URL (with or without scheme) the way the Kaltura server does (protocol §1, §2); undefined when it is not a URL. */
export function readApiUrl(text: string): ApiUrl | undefined {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const segments = url.pathname.split('/');
  const apiAt = segments.findIndex((s) => s === 'api_v3' || s === 'api');
  const isApi = apiAt >= 0;
  const base = isApi ? segments.slice(0, apiAt).join('/') : '';
  const rest = isApi ? segments.slice(apiAt + 1).filter((s) => s !== '' && s !== 'index.php') : [];
  const pathPairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < rest.length; i += 2) pathPairs.push([safeDecode(rest[i]), safeDecode(rest[i + 1])]);
  if (rest.length % 2 === 1) pathPairs.push([safeDecode(rest[rest.length - 1]), '']);
  return { serviceUrl: `${url.origin}${base}`, pathPairs, queryPairs: formPairs(url.search.replace(/^\?/, '')), isApi };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
