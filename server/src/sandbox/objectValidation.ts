/**
 * `KalturaObject::validateForInsert/validateForUpdate`: read-only properties may not be sent on add; read-only and
 * insert-only properties may not change on update (`PROPERTY_VALIDATION_NOT_UPDATABLE`, `Class::property`).
 */

import type { KalturaSchema } from '../language/index';
import { ApiError } from './apiError';
import { KObject, NULL_FIELD, type KValue } from './kalturaObject';

function isUnset(value: KValue | undefined): boolean {
  return value === undefined || value === null;
}

function comparable(value: KValue | undefined): string {
  if (value === undefined || value === null || value === NULL_FIELD) return '';
  if (typeof value === 'boolean') return value ? '1' : '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value instanceof KObject ? [...value.values] : value);
}

/** Fails on the first read-only property that is set. */
export function validateForInsert(schema: KalturaSchema, input: KObject): void {
  for (const [name, property] of schema.properties(input.objectType)) {
    if (property.readOnly && !isUnset(input.get(name))) throw new ApiError('PROPERTY_VALIDATION_NOT_UPDATABLE', `${input.objectType}::${name}`);
  }
}

/** Fails on the first read-only or insert-only property whose value differs from `current`. */
export function validateForUpdate(schema: KalturaSchema, input: KObject, current: KObject): void {
  for (const [name, property] of schema.properties(input.objectType)) {
    if (!property.readOnly && !property.insertOnly) continue;
    const value = input.get(name);
    if (isUnset(value)) continue;
    if (value === NULL_FIELD || comparable(value) !== comparable(current.get(name))) {
      throw new ApiError('PROPERTY_VALIDATION_NOT_UPDATABLE', `${input.objectType}::${name}`);
    }
  }
}

/** `validatePropertyNotNull`. */
export function requireProperty(input: KObject, name: string): void {
  const value = input.get(name);
  if (isUnset(value) || value === NULL_FIELD) throw new ApiError('PROPERTY_VALIDATION_CANNOT_BE_NULL', `${input.objectType}::${name}`);
}

/** Copies the set properties of `input` onto `target` (a `__null` property clears it). */
export function applyProperties(schema: KalturaSchema, input: KObject, target: KObject): void {
  const declared = schema.properties(target.objectType);
  for (const [name, value] of input.values) {
    if (!declared.has(name) || value === null) continue;
    if (value === NULL_FIELD) target.values.delete(name);
    else target.set(name, value);
  }
}
