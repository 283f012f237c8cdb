/**
 * The response serializers of `format` 1 (JSON), 2 (XML), 3 (PHP `serialize`) and 9 (JSONP): how one result or error
 * is written, and the envelope/multirequest pieces the front controller puts around them.
 */

import type { KalturaSchema } from '../language/index';
import { ApiError, describeError } from './apiError';
import { isKMap, KObject, NULL_FIELD, objectProperties, type KValue } from './kalturaObject';
import { phpJsonEncode, type JsonNode } from './phpJson';
import { phpNumberString, UploadedFile } from './phpValues';

/** What an action answers: a value, or the API error it raised. */
export type CallResult = KValue | ApiError;

export interface ResponseSerializer {
  readonly contentType: string;
  serialize(value: CallResult): string;
  header(): string;
  footer(executionSeconds: number): string;
  multiHeader(count: number): string;
  itemHeader(index: number): string;
  itemFooter(last: boolean): string;
  multiFooter(): string;
}

function isNullish(value: KValue | undefined): boolean {
  return value === undefined || value === null || value === NULL_FIELD || value instanceof UploadedFile;
}

// ---- JSON ------------------------------------------------------------------------------------------------------

function toJsonNode(schema: KalturaSchema, value: CallResult): JsonNode {
  if (value instanceof ApiError) {
    const error = describeError(schema, value);
    const args: JsonNode = { entries: error.args.map(([k, v]) => [k, v] as const) };
    return { entries: [['code', error.code], ['message', error.message], ['objectType', 'KalturaAPIException'], ['args', args]] };
  }
  if (isNullish(value)) return null;
  if (value instanceof KObject) {
    const entries: [string, JsonNode][] = [];
    for (const [name, v] of objectProperties(schema, value)) if (!isNullish(v)) entries.push([name, toJsonNode(schema, v)]);
    entries.push(['objectType', value.objectType]);
    return { entries };
  }
  if (Array.isArray(value)) return value.map((v) => toJsonNode(schema, v));
  if (isKMap(value)) return { entries: [...value].map(([k, v]) => [k, toJsonNode(schema, v)] as const) };
  return value as string | number | boolean;
}

export function jsonSerializer(schema: KalturaSchema, callback?: string): ResponseSerializer {
  return {
    contentType: callback === undefined ? 'application/json' : 'application/javascript',
    serialize: (value) => phpJsonEncode(toJsonNode(schema, value)),
    header: () => (callback === undefined ? '' : `${callback}(`),
    footer: () => (callback === undefined ? '' : ');'),
    multiHeader: () => '[',
    itemHeader: () => '',
    itemFooter: (last) => (last ? '' : ','),
    multiFooter: () => ']',
  };
}

// ---- XML -------------------------------------------------------------------------------------------------------

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function toXml(schema: KalturaSchema, value: CallResult, ignoreNull: boolean): string {
  if (value instanceof ApiError) {
    const error = describeError(schema, value);
    const args = error.args
      .map(([k, v]) => `<item><objectType>KalturaApiExceptionArg</objectType><name>${xmlEscape(k)}</name><value>${xmlEscape(v)}</value></item>`)
      .join('');
    return `<error><code>${xmlEscape(error.code)}</code><message>${xmlEscape(error.message)}</message><objectType>KalturaAPIException</objectType><args>${args}</args></error>`;
  }
  if (isNullish(value)) return '';
  if (value instanceof KObject) {
    let out = `<objectType>${xmlEscape(value.objectType)}</objectType>`;
    for (const [name, v] of objectProperties(schema, value)) {
      if (isNullish(v) && ignoreNull) continue;
      out += `<${name}>${toXml(schema, v, ignoreNull)}</${name}>`;
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => `<item>${toXml(schema, v, ignoreNull)}</item>`).join('');
  if (isKMap(value)) return [...value].map(([k, v]) => `<item><itemKey>${xmlEscape(k)}</itemKey>${toXml(schema, v, ignoreNull)}</item>`).join('');
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return phpNumberString(value);
  return xmlEscape(String(value));
}

export function xmlSerializer(schema: KalturaSchema, ignoreNull: boolean): ResponseSerializer {
  return {
    contentType: 'text/xml',
    serialize: (value) => toXml(schema, value, ignoreNull),
    header: () => '<?xml version="1.0" encoding="utf-8"?><xml><result>',
    footer: (seconds) => `</result><executionTime>${seconds}</executionTime></xml>`,
    multiHeader: () => '',
    itemHeader: () => '<item>',
    itemFooter: () => '</item>',
    multiFooter: () => '',
  };
}

// ---- PHP serialize() -------------------------------------------------------------------------------------------

function phpString(text: string): string {
  return `s:${Buffer.byteLength(text, 'utf8')}:"${text}";`;
}

function phpKey(key: string): string {
  return /^(?:0|-?[1-9]\d{0,17})$/.test(key) ? `i:${key};` : phpString(key);
}

function toPhp(schema: KalturaSchema, value: CallResult): string {
  if (value instanceof ApiError) {
    const error = describeError(schema, value);
    const args = `a:${error.args.length}:{${error.args.map(([k, v]) => phpString(k) + phpString(v)).join('')}}`;
    return `a:4:{${phpString('code')}${phpString(error.code)}${phpString('message')}${phpString(error.message)}${phpString('objectType')}${phpString('KalturaAPIException')}${phpString('args')}${args}}`;
  }
  if (isNullish(value)) return 'N;';
  if (value instanceof KObject) {
    const props = objectProperties(schema, value);
    const body = props.map(([name, v]) => phpString(name) + toPhp(schema, v)).join('');
    return `O:${value.objectType.length}:"${value.objectType}":${props.length}:{${body}}`;
  }
  if (Array.isArray(value)) return `a:${value.length}:{${value.map((v, i) => `i:${i};${toPhp(schema, v)}`).join('')}}`;
  if (isKMap(value)) return `a:${value.size}:{${[...value].map(([k, v]) => phpKey(k) + toPhp(schema, v)).join('')}}`;
  if (typeof value === 'boolean') return `b:${value ? 1 : 0};`;
  if (typeof value === 'number') return Number.isInteger(value) ? `i:${value};` : `d:${value};`;
  return phpString(String(value));
}

export function phpSerializer(schema: KalturaSchema): ResponseSerializer {
  return {
    contentType: 'text/plain',
    serialize: (value) => toPhp(schema, value),
    header: () => '',
    footer: () => '',
    multiHeader: (count) => `a:${count}:{`,
    itemHeader: (index) => `i:${index};`,
    itemFooter: () => '',
    multiFooter: () => '}',
  };
}
