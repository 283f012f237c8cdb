/**
 * Scalar argument handling of `KalturaRequestDeserializer`: `castSimpleType` (incl. relative times), the XML-char
 * check, `minLength`/`maxLength`/`minValue`/`maxValue` constraints and the enum membership checks.
 */

import type { KalturaSchema, PropertyDef, TypeRef } from '../language/index';
import { ApiError } from './apiError';
import type { KValue } from './kalturaObject';
import { isXmlValidContent, looseEqualsInt, looseEqualsString, phpToFloat, phpToInt, phpToString, phpTruthy, type PhpValue } from './phpValues';

/** The schema's spelling of a null default. */
export const NULL_DEFAULT = 'null';

/** `kTime` relative times: |value| up to 10 years is taken as seconds from now. */
export const MAX_RELATIVE_TIME = 315360000;

const SIMPLE_TYPES = new Set(['int', 'string', 'bool', 'float', 'bigint']);

/** A scalar that is not an enum. */
export function isSimpleType(ref: TypeRef): boolean {
  return SIMPLE_TYPES.has(ref.type) && !ref.enumType;
}

/** `castSimpleType` for `int|string|bool|float|bigint|time`; strings are checked for XML-invalid characters. */
export function castSimple(type: string, value: PhpValue, nowSeconds: number, name: string): KValue {
  switch (type) {
    case 'int':
      return phpToInt(value);
    case 'string': {
      const text = phpToString(value);
      if (!isXmlValidContent(text)) throw new ApiError('INVALID_PARAMETER_CHAR', name);
      return text;
    }
    case 'bool':
      return typeof value === 'string' && value.toLowerCase() === 'false' ? false : phpTruthy(value);
    case 'float':
    case 'bigint':
      return phpToFloat(value);
    case 'time': {
      if (value === null || value === '') return 0;
      const n = phpToInt(value);
      return n !== 0 && Math.abs(n) <= MAX_RELATIVE_TIME ? nowSeconds + n : n;
    }
    default:
      return null;
  }
}

/** `validateParameter`: the property's length and value constraints. */
export function validateConstraints(name: string, value: KValue, property: PropertyDef): void {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  const length = Buffer.byteLength(text, 'utf8');
  const number = typeof value === 'number' ? value : Number(text);
  if (property.minLength !== undefined && length < property.minLength) throw new ApiError('PROPERTY_VALIDATION_MIN_LENGTH', name, property.minLength);
  if (property.maxLength !== undefined && length > property.maxLength) throw new ApiError('PROPERTY_VALIDATION_MAX_LENGTH', name, property.maxLength);
  if (property.minValue !== undefined && number < property.minValue) throw new ApiError('PROPERTY_VALIDATION_MIN_VALUE', name, property.minValue);
  if (property.maxValue !== undefined && number > property.maxValue) throw new ApiError('PROPERTY_VALIDATION_MAX_VALUE', name, property.maxValue);
}

/** Where an int enum value was sent: an action param, or a property of an object param. */
export type EnumSite = 'param' | 'property';

/**
 * An int enum value (`buildActionArguments` / `buildObject`): `true`/`false` (any case) are taken as 1/0 first, and
 * a `KalturaNullableBoolean` *property* given an empty string is 0; then the value must loosely equal one of the enum's
 * constants, else `INVALID_ENUM_VALUE` naming the mapped value.
 */
export function checkIntEnum(schema: KalturaSchema, value: PhpValue, name: string, enumType: string, site: EnumSite): number {
  let v: PhpValue = value;
  if (typeof v === 'string' && v.toLowerCase() === 'true') v = 1;
  else if (typeof v === 'string' && v.toLowerCase() === 'false') v = 0;
  else if (site === 'property' && enumType === 'KalturaNullableBoolean' && (v === '' || v === null)) v = 0;
  const def = schema.enum(enumType);
  if (def && !def.consts.some((c) => looseEqualsInt(v, Number(c.value)))) throw new ApiError('INVALID_ENUM_VALUE', phpToString(v), name, enumType);
  return phpToInt(v);
}

/** A string (or dynamic) enum value: must be one of the enum's constants, else `INVALID_ENUM_VALUE`. */
export function checkStringEnum(schema: KalturaSchema, value: PhpValue, name: string, enumType: string): PhpValue {
  const def = schema.enum(enumType);
  if (def && !def.consts.some((c) => looseEqualsString(value, c.value))) throw new ApiError('INVALID_ENUM_VALUE', phpToString(value), name, enumType);
  return value;
}
