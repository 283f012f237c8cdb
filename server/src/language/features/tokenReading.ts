/**
 * How the server reads the dependency tokens of one value (spec §5, §6 "Dependency tokens"): the text it takes as
 * one token (from the first `{N:result` to the value's last `}`), whether a token's path ends on one value, and
 * the scalar paths that could stand in for one that does not.
 */

import type { DependencyToken, ValueNode } from '../parser/kreqNodes';
import type { KalturaSchema } from '../schema/schemaIndex';
import type { TypeRef } from '../schema/schemaModel';
import { isClassType } from './keyResolution';
import { readableProperties } from './resultPath';

/** The tokens of a value, in order. */
export function tokensOfValue(value: ValueNode): DependencyToken[] {
  return value.parts.filter((p): p is DependencyToken => p.kind === 'token');
}

/**
 * The document range the server takes as one token when it is more than the value's first token: the server
 * finds the first `{N:result` and reads greedily to the value's LAST `}` (spec §6 `token-multiple`), so a second
 * token (an angle one is sent in curly form) or any later `}` makes one broken token, replaced by `''`.
 * Undefined when the first token stands alone. A `}` inside a `{{variable}}` is not sent; what a variable's value
 * holds is not known here.
 */
export function greedyTokenRange(value: ValueNode): { start: number; end: number; text: string } | undefined {
  const tokens = tokensOfValue(value);
  const first = tokens[0];
  if (!first) return undefined;
  // Parts hold document offsets; a quoted value's closing `"` is not sent.
  const textEnd = value.start + value.text.length - (value.quoted && value.text.length > 1 && value.text.endsWith('"') ? 1 : 0);
  let end = tokens.length > 1 ? tokens[tokens.length - 1].end : undefined;
  // The last `}` of the literal text after the first token, `{{…}}` skipped: scanned from the end, one pass.
  const variables = value.parts.filter((p) => p.kind === 'variable' && p.start >= first.end);
  let literalEnd = textEnd;
  for (let i = variables.length; i >= 0; i--) {
    const literalStart = i > 0 ? variables[i - 1].end : first.end;
    const brace = value.text.lastIndexOf('}', literalEnd - value.start - 1);
    if (brace >= literalStart - value.start) {
      end = Math.max(end ?? 0, value.start + brace + 1);
      break;
    }
    if (i > 0) literalEnd = variables[i - 1].start;
  }
  return end === undefined ? undefined : { start: first.start, end, text: value.text.slice(first.start - value.start, end - value.start) };
}

/** At most this many characters of the broken span are quoted in a message. */
const SHOWN_SPAN = 80;

/** The text of a broken span as a message quotes it: cut in the middle when long. */
export function shownSpan(text: string): string {
  return text.length <= SHOWN_SPAN ? text : `${text.slice(0, SHOWN_SPAN / 2)}…${text.slice(-SHOWN_SPAN / 2)}`;
}

/** Whether a value of this type is one value the server can put in a string (not an object, array or map). */
export function isScalarType(type: TypeRef): boolean {
  return type.type !== 'array' && type.type !== 'map' && !isClassType(type);
}

/** Whether a class has a readable `id` holding one value. */
function scalarId(schema: KalturaSchema, className: string): boolean {
  const id = readableProperties(schema, className).get('id');
  return !!id && isScalarType(id.property);
}

function arrayOfIdentified(schema: KalturaSchema, type: TypeRef | undefined): boolean {
  return !!type && type.type === 'array' && !!type.arrayType && isClassType({ type: type.arrayType }) && scalarId(schema, type.arrayType);
}

/**
 * Segments to append to a token ending on `type` (an object or array) so that it reads one value: `id` of an
 * object, `0:id` / `_all:id` of an array of objects, `objects:0:id` / `objects:_all:id` of a list response.
 * Empty when there is no `id` to read (a map, an object without `id`).
 */
export function scalarPathSuggestions(schema: KalturaSchema, type: TypeRef): string[] {
  if (arrayOfIdentified(schema, type)) return ['0:id', '_all:id'];
  if (!isClassType(type)) return [];
  if (scalarId(schema, type.type)) return ['id'];
  const objects = readableProperties(schema, type.type).get('objects');
  return arrayOfIdentified(schema, objects?.property) ? ['objects:0:id', 'objects:_all:id'] : [];
}

/** The token with `suffix` appended to its path, in the token's own form: `{1:result}` + `id` → `{1:result:id}`. */
export function tokenWithPath(token: DependencyToken, suffix: string): string {
  const inner = token.text.slice(1, -1).replace(/:+$/, '');
  return `${token.text[0]}${inner}:${suffix}${token.text[token.text.length - 1]}`;
}

/**
 * Hover's line for a token inside a span the server reads as one broken token, in call `callNumber`; undefined
 * when it is not in one, or when the value's first token names no earlier call (the value is then sent as it is).
 */
export function brokenTokenNote(value: ValueNode, token: DependencyToken, callNumber: number): string | undefined {
  const greedy = greedyTokenRange(value);
  const n = tokensOfValue(value)[0]?.callNumber.value ?? 0;
  if (!greedy || n < 1 || n >= callNumber || token.start < greedy.start || token.end > greedy.end) return undefined;
  return `The server reads \`${shownSpan(greedy.text)}\` as one token (from the first \`{N:result\` to the value's last \`}\`) and sends \`''\` (an empty string) in its place.`;
}

/** Hover's line for a token whose path ends on `type`; undefined when that is one value. */
export function notScalarNote(type: TypeRef): string | undefined {
  if (isScalarType(type)) return undefined;
  const what = type.type === 'array' ? 'an array' : type.type === 'map' ? 'a map' : 'an object';
  return `Ends on ${what}, not one value: the server sends \`''\` (an empty string) in its place.`;
}
