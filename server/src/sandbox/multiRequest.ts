/**
 * `service=multirequest` as `KalturaFrontController::handleMultiRequest` runs it: `N:` keys and numeric keys split
 * into sub-requests, common `ks`/`clientTag`/`partnerId` copied in, execution in index order until the first
 * index without `service`/`action`, and `{N:result…}` tokens replaced after each call (one greedy token per value).
 */

import type { KalturaSchema } from '../language/index';
import { ApiError, FatalError } from './apiError';
import { isKMap, KObject, type KValue } from './kalturaObject';
import { isNumericString, isPhpArray, phpToInt, phpToString, type PhpArray, type PhpValue } from './phpValues';
import type { CallResult } from './responseSerializers';

/** Detection: from the first `{N:result` to the last `}` of the value's line (PHP `.` stops at a newline). */
const TOKEN_SEARCH = /\{[0-9]+:result:?([^\n]*)?\}/;
/** Substitution: the detected path must be exactly one token. */
const TOKEN_EXACT = /^\{([0-9]+):result:?([^\n]*)?\}$/;

/** Where tokens were found in a sub-request: key → the detected path, or the paths under a nested array. */
type TokenPaths = Map<string, string | TokenPaths>;

function findTokenPaths(params: PhpArray): TokenPaths {
  const paths: TokenPaths = new Map();
  for (const [key, value] of params) {
    if (isPhpArray(value)) {
      const nested = findTokenPaths(value);
      if (nested.size > 0) paths.set(key, nested);
    } else if (typeof value === 'string') {
      const m = TOKEN_SEARCH.exec(value);
      if (m) paths.set(key, m[0]);
    }
  }
  return paths;
}

/** Exception properties PHP cannot read from outside (reading them is a fatal `Error`). */
const PROTECTED_EXCEPTION_PROPERTIES = new Set(['code', 'message', 'file', 'line']);

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function scalarText(value: KValue | undefined): string {
  return isScalar(value) ? phpToString(value) : '';
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
    if (segment === '_all') return value.map((item) => `${item instanceof KObject ? scalarText(item.get(rest[0] ?? '')) : ''},`).join('');
    return /^\d+$/.test(segment) && Number(segment) < value.length ? valueAtPath(schema, value[Number(segment)], rest) : null;
  }
  if (isKMap(value)) return value.has(segment) ? valueAtPath(schema, value.get(segment), rest) : null;
  return null;
}

/** `replaceMultiRequestResults`: substitutes the tokens of request `ordinal` in one later sub-request. */
function replaceResults(schema: KalturaSchema, ordinal: number, paths: TokenPaths, params: PhpArray, result: CallResult): PhpArray {
  const out: PhpArray = new Map(params);
  for (const [key, path] of paths) {
    const current = out.get(key);
    if (current === undefined || current === null) continue;
    if (typeof path !== 'string') {
      if (isPhpArray(current)) out.set(key, replaceResults(schema, ordinal, path, current, result));
      continue;
    }
    const m = TOKEN_EXACT.exec(path);
    if (!m || phpToInt(m[1]) !== ordinal) continue;
    const found = valueAtPath(schema, result, (m[2] ?? '').split(':'));
    const text = found === null ? '' : phpToString(found);
    out.set(key, phpToString(current).split(path).join(text));
  }
  return out;
}

const COPIED_COMMON_PARAMS = ['clientTag', 'ks', 'partnerId'];

/** Runs the sub-requests through `dispatch` and returns their results in order. */
export function runMultiRequest(schema: KalturaSchema, params: PhpArray, dispatch: (params: PhpArray) => CallResult): CallResult[] {
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
  const tokenPaths = new Map<number, TokenPaths>();
  for (const [index, request] of requests) if (isPhpArray(request)) tokenPaths.set(index, findTokenPaths(request));

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
    for (let next = i + 1; next <= requests.size; next++) {
      const paths = tokenPaths.get(next);
      const target = requests.get(next);
      if (paths && paths.size > 0 && isPhpArray(target)) requests.set(next, replaceResults(schema, ordinal, paths, target, result));
    }
    results.push(result);
  }
  return results;
}
