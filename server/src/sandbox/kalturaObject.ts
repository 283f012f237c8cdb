/** The API-side values the sandbox builds from requests and answers with: Kaltura objects, typed arrays, maps, scalars. */

import type { KalturaSchema } from '../language/index';
import type { UploadedFile } from './phpValues';

/** `KalturaNullField`: a property sent as `prop__null`, meaning "set it to NULL". */
export const NULL_FIELD: unique symbol = Symbol('KalturaNullField');
export type NullField = typeof NULL_FIELD;

export type KValue = string | number | boolean | null | KObject | KValue[] | KMap | UploadedFile | NullField;
/** A `type="map"` value: keys kept. */
export type KMap = Map<string, KValue>;

/** An instance of a Kaltura API class: its (most derived) class name and the properties that are set. */
export class KObject {
  constructor(
    public objectType: string,
    readonly values: Map<string, KValue> = new Map(),
  ) {}

  get(name: string): KValue | undefined {
    return this.values.get(name);
  }

  /** The value as a string, or undefined when unset/null. */
  text(name: string): string | undefined {
    const v = this.values.get(name);
    if (v === undefined || v === null || v === NULL_FIELD) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    if (typeof v === 'boolean') return v ? '1' : '';
    return undefined;
  }

  /** The value as a number, or undefined when unset/null/not numeric. */
  number(name: string): number | undefined {
    const v = this.values.get(name);
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    if (typeof v === 'boolean') return v ? 1 : 0;
    return undefined;
  }

  set(name: string, value: KValue | undefined): this {
    if (value === undefined) this.values.delete(name);
    else this.values.set(name, value);
    return this;
  }
}

/** Builds an object from plain fields (undefined ones are left out). */
export function kobject(objectType: string, fields: Record<string, KValue | undefined>): KObject {
  const obj = new KObject(objectType);
  for (const [name, value] of Object.entries(fields)) obj.set(name, value);
  return obj;
}

/**
 * Builds an object of `objectType` keeping only the fields its class declares (undefined ones left out), so that the
 * store never holds what the API cannot show; without the class in the schema, nothing is kept.
 */
export function declaredObject(schema: KalturaSchema, objectType: string, fields: Record<string, KValue | undefined>): KObject {
  const declared = schema.properties(objectType);
  const obj = new KObject(objectType);
  for (const [name, value] of Object.entries(fields)) if (declared.has(name)) obj.set(name, value);
  return obj;
}

export function isKMap(value: unknown): value is KMap {
  return value instanceof Map;
}

/**
 * The object's properties in PHP's order (the class's own declared properties first, then its bases'), with
 * unset ones as null; values of undeclared names follow. Without the class in the schema: as set.
 */
export function objectProperties(schema: KalturaSchema, obj: KObject): [string, KValue][] {
  const declared = schema.class(obj.objectType) ? [...schema.properties(obj.objectType).keys()] : [];
  const out: [string, KValue][] = declared.map((name) => [name, obj.values.get(name) ?? null]);
  const known = new Set(declared);
  for (const [name, value] of obj.values) if (!known.has(name)) out.push([name, value]);
  return out;
}
