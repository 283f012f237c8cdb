/** Reads a Kaltura answer (JSON, or XML for format=2, protocol §5.3/§6) into one result or API error per call. */

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ApiError, CallResult, HttpResponse, WireRequest } from './engineTypes';
import { badFormatError, htmlError, httpStatusError, isHtml } from './transportErrors';

const API_EXCEPTION = 'KalturaAPIException';

type XmlNode = Record<string, unknown>;

function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@');
}

function childrenOf(node: XmlNode): XmlNode[] {
  const tag = tagOf(node);
  const children = tag === undefined ? undefined : node[tag];
  return Array.isArray(children) ? (children as XmlNode[]) : [];
}

function elementsOf(children: readonly XmlNode[]): XmlNode[] {
  return children.filter((c) => tagOf(c) !== '#text');
}

function textOf(children: readonly XmlNode[]): string {
  return children.map((c) => (typeof c['#text'] === 'string' ? c['#text'] : '')).join('');
}

/** The JSON shape of an XML element's content: text, array (`<item>`s), map (`<item><itemKey>`), object, or error. */
function xmlValue(children: readonly XmlNode[]): unknown {
  const elements = elementsOf(children);
  if (elements.length === 0) {
    const text = textOf(children);
    return text === '' ? null : text;
  }
  if (elements.length === 1 && tagOf(elements[0]) === 'error') {
    const inner = xmlValue(childrenOf(elements[0]));
    return { ...(inner && typeof inner === 'object' && !Array.isArray(inner) ? inner : { message: text(inner) }), objectType: API_EXCEPTION };
  }
  if (elements.every((e) => tagOf(e) === 'item')) {
    const isMap = elements.every((e) => elementsOf(childrenOf(e)).some((c) => tagOf(c) === 'itemKey'));
    if (!isMap) return elements.map((e) => xmlValue(childrenOf(e)));
    const map: Record<string, unknown> = {};
    for (const e of elements) {
      const inner = childrenOf(e);
      const keyNode = inner.find((c) => tagOf(c) === 'itemKey')!;
      map[textOf(childrenOf(keyNode))] = xmlValue(inner.filter((c) => c !== keyNode));
    }
    return map;
  }
  const object: Record<string, unknown> = {};
  for (const e of elements) {
    const value = xmlValue(childrenOf(e));
    // As in JSON, where null properties are left out.
    if (value !== null) object[tagOf(e)!] = value;
  }
  return object;
}

/** `<xml><result>…</result>…</xml>` → the value JSON would have given; a string when it is not that. */
export function parseKalturaXml(body: string): { readonly value: unknown } | { readonly problem: string } {
  const valid = XMLValidator.validate(body);
  if (valid !== true) return { problem: `invalid XML: ${valid.err.msg} at line ${valid.err.line}` };
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: true, parseTagValue: false, trimValues: false, ignoreDeclaration: true, ignorePiTags: true });
  const roots = elementsOf(parser.parse(body) as XmlNode[]);
  const xml = roots.find((n) => tagOf(n) === 'xml');
  const result = xml && elementsOf(childrenOf(xml)).find((n) => tagOf(n) === 'result');
  if (!result) return { problem: 'no <xml><result> element' };
  return { value: xmlValue(childrenOf(result)) };
}

function isApiException(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value) && (value as Record<string, unknown>).objectType === API_EXCEPTION;
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** `args` as name → value: JSON gives an object, or `[]` when empty; XML gives `KalturaApiExceptionArg` items. */
function apiArgs(args: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(args)) {
    for (const item of args) {
      if (item && typeof item === 'object' && 'name' in item) out[text((item as Record<string, unknown>).name)] = text((item as Record<string, unknown>).value);
    }
  } else if (args && typeof args === 'object') {
    for (const [k, v] of Object.entries(args)) out[k] = text(v);
  }
  return out;
}

export function apiError(value: Record<string, unknown>): ApiError {
  return { code: text(value.code), message: text(value.message), args: apiArgs(value.args) };
}

/** Results nested deeper than this are refused: showing, redacting and walking them would overflow the stack. */
export const MAX_RESULT_DEPTH = 512;

/** Whether `value` nests arrays or objects deeper than `max`; iterative, so a deep value cannot overflow the stack. */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
      if (child && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}

function tooDeep(request: Pick<WireRequest, 'url' | 'format'>, response: HttpResponse): never {
  throw badFormatError(request.url, response.status, request.format, response.body, `the result is nested more than ${MAX_RESULT_DEPTH} levels deep, which kreq does not read`);
}

/** The parsed body of a 2xx answer; throws a `TransportError` (html, bad-format) when it is not the requested format. */
export function parseBody(request: Pick<WireRequest, 'url' | 'format'>, response: HttpResponse): unknown {
  const body = response.body;
  if (isHtml(body)) throw htmlError(request.url, response.status, body);
  const kalturaHeader = response.headers['x-kaltura'];
  const detail = kalturaHeader?.startsWith('error') ? `X-Kaltura: ${kalturaHeader}` : undefined;
  if (body.trim() === '') throw badFormatError(request.url, response.status, request.format, body, detail);
  let value: unknown;
  if (request.format === 'xml') {
    let parsed: ReturnType<typeof parseKalturaXml>;
    try {
      parsed = parseKalturaXml(body);
    } catch (error) {
      // The XML reader recurses per level: a deep enough document overflows the stack.
      if (error instanceof RangeError) tooDeep(request, response);
      throw error;
    }
    if ('problem' in parsed) throw badFormatError(request.url, response.status, 'xml', body, detail ?? parsed.problem);
    value = parsed.value;
  } else {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      throw badFormatError(request.url, response.status, 'json', body, detail);
    }
  }
  if (nestedDeeperThan(value, MAX_RESULT_DEPTH)) tooDeep(request, response);
  return value;
}

/** One result per call: the value, or the `KalturaAPIException` it became. Throws a `TransportError` for a failed answer. */
export function readResponse(request: Pick<WireRequest, 'url' | 'format' | 'calls' | 'multirequest'>, response: HttpResponse): CallResult[] {
  if (response.status < 200 || response.status > 299) throw httpStatusError(request.url, response.status, response.body);
  const value = parseBody(request, response);
  const result = (call: (typeof request.calls)[number], item: unknown): CallResult =>
    isApiException(item) ? { call, ok: false, error: apiError(item) } : { call, ok: true, value: item };
  if (!request.multirequest) return [result(request.calls[0], value)];
  if (isApiException(value)) return request.calls.map((call) => result(call, value));
  if (!Array.isArray(value)) {
    throw badFormatError(request.url, response.status, request.format, response.body, `expected a list of ${request.calls.length} results for the multirequest`);
  }
  return request.calls.map((call, i) =>
    i < value.length
      ? result(call, value[i])
      : { call, ok: false, error: { code: 'NO_RESULT', message: `The server returned no result for call ${call.number} (a multirequest stops at the first call without a service or an action).`, args: {} } },
  );
}
