/**
 * `service=multirequest` as `KalturaFrontController::handleMultiRequest` runs it: `N:` keys and numeric keys split
 * into sub-requests, common `ks`/`clientTag`/`partnerId` copied in, execution in index order until the first
 * index without `service`/`action`, and `{N:result…}` tokens replaced after each call (one greedy token per value).
 */

import type { KalturaSchema } from '../language/index';
import { ApiError, FatalError } from './apiError';
import { isKMap, KObject, NULL_FIELD, type KValue } from './kalturaObject';
import { isNumericString, isPhpArray, phpToInt, phpToString, type PhpArray, type PhpValue } from './phpValues';
import type { CallResult } from './responseSerializers';

/** Detection: from the first `{N:result` to the last `}` of the value's line (PHP `.` stops at a newline). */
const TOKEN_SEARCH = /\{[0-9]+:result:?([^\n]*)?\}/;
/** Substitution: the detected path must be exactly one token. */
const TOKEN_EXACT = /^\{([0-9]+):result:?([^\n]*)?\}$/;

/** One detected token: the array that holds it, its key there, the detected path, and the ordinal it names. */
interface TokenSite {
  readonly holder: PhpArray;
  readonly key: string;
  readonly path: string;
  readonly ordinal: number;
}

/**
 * Detection, once per sub-request: every value with a token, recursively. A path that is not exactly one token
 * (`{1:result:id},{2:result:id}`) is kept with ordinal 0, so it is never substituted (as on the server, where no
 * ordinal matches it).
 */
function findTokenSites(params: PhpArray, sites: TokenSite[]): void {
  for (const [key, value] of params) {
    if (isPhpArray(value)) findTokenSites(value, sites);
    else if (typeof value === 'string' && value.includes(':result')) {
      const m = TOKEN_SEARCH.exec(value);
      if (!m) continue;
      const exact = TOKEN_EXACT.exec(m[0]);
      sites.push({ holder: params, key, path: m[0], ordinal: exact ? phpToInt(exact[1]) : 0 });
    }
  }
}

/**
 * Properties of a failed call's `KalturaAPIException` that PHP cannot read from outside (reading them is a fatal
 * `Error`): `Exception`'s `code`, `message`, `file`, `line` and the class's own `codeStr` and `args`
 * (kaltura/server `api_v3/lib/exceptions/KalturaAPIException.php`: `protected $codeStr; protected $args`).
 */
const PROTECTED_EXCEPTION_PROPERTIES = new Set(['code', 'message', 'file', 'line', 'codeStr', 'args']);

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * `getValuesFromObjectsArray` (kaltura/server `KalturaFrontController.php`): `attr` of each object that has it set
 * (`isset`), each followed by a comma; objects without it are skipped, so no attribute at all gives `''`.
 */
function valuesOfAll(items: readonly KValue[], attr: string | undefined): string {
  let joined = '';
  for (const item of items) {
    if (!(item instanceof KObject) || attr === undefined) continue;
    const value = item.get(attr);
    if (value === undefined || value === null || value === NULL_FIELD) continue;
    // PHP `$object->$attr . ","`: an array reads "Array"; an object without __toString is a fatal Error.
    if (value instanceof KObject) throw new FatalError(`Object of class ${value.objectType} could not be converted to string`);
    joined += `${isScalar(value) ? phpToString(value) : 'Array'},`;
  }
  return joined;
}

/** `getValueFromObject`: walks `segments` from `value`; null when the path leads nowhere or to a non-scalar. */
export function valueAtPath(schema: KalturaSchema, value: CallResult | undefined, segments: readonly string[]): string | number | boolean | null {
  const [segment, ...rest] = segments;
  if (segment === undefined || segment === '') return isScalar(value) ? value : null;
  if (value instanceof ApiError) {
    if (PROTECTED_EXCEPTION_PROPERTIES.has(segment)) throw new FatalError(`Cannot access protected property KalturaAPIException::$${segment}`);
    return null;
  }
  if (value instanceof KObject) {
    // PHP `property_exists`: a declared property counts even when unset.
    const exists = value.values.has(segment) || schema.properties(value.objectType).has(segment);
    return exists ? valueAtPath(schema, value.get(segment) ?? null, rest) : null;
  }
  if (Array.isArray(value)) {
    if (segment === '_all') return valuesOfAll(value, rest[0]);
    return /^\d+$/.test(segment) && Number(segment) < value.length ? valueAtPath(schema, value[Number(segment)], rest) : null;
  }
  if (isKMap(value)) {
    if (segment === '_all') return valuesOfAll([...value.values()], rest[0]);
    return value.has(segment) ? valueAtPath(schema, value.get(segment), rest) : null;
  }
  return null;
}

/** `replaceMultiRequestResults` for one detected token: its value with the path replaced by the result's value. */
function replaceResult(schema: KalturaSchema, site: TokenSite, result: CallResult): void {
  const current = site.holder.get(site.key);
  if (current === undefined || current === null || isPhpArray(current)) return;
  const exact = TOKEN_EXACT.exec(site.path);
  const found = valueAtPath(schema, result, (exact?.[2] ?? '').split(':'));
  const text = found === null ? '' : phpToString(found);
  site.holder.set(site.key, phpToString(current).split(site.path).join(text));
}

/** Kaltura's server sets no limit; the sandbox answers more sub-requests than this with one error (see README.md). */
export const MAX_MULTIREQUEST_CALLS = 500;

const COPIED_COMMON_PARAMS = ['clientTag', 'ks', 'partnerId'];

/** Runs the sub-requests through `dispatch` and returns their results in order. */
export function runMultiRequest(
  schema: KalturaSchema,
  params: PhpArray,
  dispatch: (params: PhpArray) => CallResult,
  maxCalls = MAX_MULTIREQUEST_CALLS,
): CallResult[] {
  const common: PhpArray = new Map();
  const requests = new Map<number, PhpValue>();
  let first = 1;
  let last = 1;
  const note = (index: number) => {
    first = Math.min(first, index);
    last = Math.max(last, index);
  };
  for (const [name, value] of params) {
    if (isNumericString(name)) {
      const index = phpToInt(name);
      note(index);
      requests.set(index, value);
      continue;
    }
    const colon = name.indexOf(':');
    if (colon < 0 || !isNumericString(name.slice(0, colon))) {
      common.set(name, value);
      continue;
    }
    const index = phpToInt(name.slice(0, colon));
    note(index);
    let request = requests.get(index);
    if (!isPhpArray(request)) {
      request = new Map();
      requests.set(index, request);
    }
    request.set(name.slice(colon + 1), value);
  }
  if (requests.size > maxCalls) throw new ApiError('MULTIREQUEST_TOO_MANY_CALLS', requests.size, maxCalls);
  // Tokens by the ordinal they name, so each is visited once: linear in the size of the multirequest.
  const sitesByOrdinal = new Map<number, { readonly index: number; readonly site: TokenSite }[]>();
  for (const [index, request] of requests) {
    if (!isPhpArray(request)) continue;
    const sites: TokenSite[] = [];
    findTokenSites(request, sites);
    for (const site of sites) {
      if (site.ordinal <= 0) continue;
      let bucket = sitesByOrdinal.get(site.ordinal);
      if (!bucket) sitesByOrdinal.set(site.ordinal, (bucket = []));
      bucket.push({ index, site });
    }
  }

  const results: CallResult[] = [];
  for (let i = first; i <= last; i++) {
    const request = requests.get(i);
    const isSet = (key: string) => isPhpArray(request) && request.get(key) !== undefined && request.get(key) !== null;
    if (!isPhpArray(request) || !isSet('service') || !isSet('action')) break;
    const ordinal = results.length + 1;
    const current: PhpArray = new Map(request);
    for (const key of COPIED_COMMON_PARAMS) {
      const value = common.get(key);
      if (value !== undefined && value !== null && !isSet(key)) current.set(key, value);
    }
    current.delete('format');
    current.set('multirequest', true);
    const result = dispatch(current);
    for (const { index, site } of sitesByOrdinal.get(ordinal) ?? []) if (index > i) replaceResult(schema, site, result);
    sitesByOrdinal.delete(ordinal);
    results.push(result);
  }
  return results;
}
