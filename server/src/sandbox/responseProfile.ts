/**
 * The `responseProfile` request parameter: built and validated as a `KalturaDetachedResponseProfile`
 * (kaltura/server `KalturaRequestDeserializer::getResponseProfile`), and its `fields` applied to the objects an action
 * returns (`KalturaObject::fromObject`: type 1 INCLUDE_FIELDS keeps only them, any other type drops them).
 */

import type { KalturaSchema } from '../language/index';
import { buildObject, type BuildContext } from './argumentBuilder';
import { KObject, type KValue } from './kalturaObject';
import { phpTruthy, type PhpArray } from './phpValues';
import type { CallResult } from './responseSerializers';

export const RESPONSE_PROFILE_PARAM = 'responseProfile';
const DETACHED_RESPONSE_PROFILE = 'KalturaDetachedResponseProfile';
const LIST_RESPONSE = 'KalturaListResponse';
const INCLUDE_FIELDS = 1;

/**
 * Results the server builds by hand rather than with `fromObject($db, $this->getResponseProfile())`, so a profile
 * never shapes them (`SessionService::getAction`, `startWidgetSession`, `AppTokenService::startSessionAction`).
 */
const BUILT_BY_HAND = new Set(['KalturaSessionInfo', 'KalturaStartWidgetSessionResponse']);

/**
 * The call's response profile, or undefined without one (`isset`). A stored profile (`id`/`systemName`) is not
 * looked up: the sandbox has none, and the server then builds the detached profile from the same keys too.
 */
export function buildResponseProfile(ctx: BuildContext, grouped: PhpArray): KObject | undefined {
  const value = grouped.get(RESPONSE_PROFILE_PARAM);
  if (value === undefined || value === null) return undefined;
  return buildObject(ctx, DETACHED_RESPONSE_PROFILE, value, RESPONSE_PROFILE_PARAM);
}

/** Which property names a profile keeps; undefined when it keeps all (no `fields`, or falsy ones as in PHP). */
function fieldFilter(profile: KObject): ((name: string) => boolean) | undefined {
  const fields = profile.text('fields');
  if (fields === undefined || !phpTruthy(fields)) return undefined;
  const names = new Set(fields.split(',').map((name) => name.trim()));
  const include = profile.number('type') === INCLUDE_FIELDS;
  return (name) => names.has(name) === include;
}

/** A copy of `obj` with only the kept properties; nested objects are shaped by the same profile (not arrays). */
function shapeObject(obj: KObject, keep: (name: string) => boolean): KObject {
  const shaped = new KObject(obj.objectType);
  for (const [name, value] of obj.values) {
    if (!keep(name)) continue;
    shaped.set(name, value instanceof KObject ? shapeObject(value, keep) : value);
  }
  return shaped;
}

function shapeValue(schema: KalturaSchema, value: KValue, keep: (name: string) => boolean): KValue {
  if (Array.isArray(value)) return value.map((item) => (item instanceof KObject ? shapeObject(item, keep) : item));
  if (!(value instanceof KObject) || BUILT_BY_HAND.has(value.objectType)) return value;
  if (schema.isSubclassOf(value.objectType, LIST_RESPONSE)) {
    // The list response itself is made by hand; its `objects` come from `fromDbArray($list, $responseProfile)`.
    const objects = value.get('objects');
    const copy = new KObject(value.objectType, new Map(value.values));
    return Array.isArray(objects) ? copy.set('objects', shapeValue(schema, objects, keep)) : copy;
  }
  return shapeObject(value, keep);
}

/** The action's result as the profile shapes it (errors and scalars as they are); stored objects are not changed. */
export function applyResponseProfile(schema: KalturaSchema, result: CallResult, profile: KObject | undefined): CallResult {
  if (!profile || !(result instanceof KObject || Array.isArray(result))) return result;
  const keep = fieldFilter(profile);
  return keep ? shapeValue(schema, result, keep) : result;
}
