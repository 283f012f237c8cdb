/**
 * Resolves a call against the schema: its service and action, the `objectType` in force for each
 * object path, and each segment of a parameter key (what it names and its type).
 */

import type { CallNode, ParamLine } from '../parser/kreqNodes';
import type { KalturaSchema } from '../schema/schemaIndex';
import type { ActionDef, ParamDef, PropertyDef, ServiceDef, TypeRef } from '../schema/schemaModel';

export const SCALAR_TYPES = new Set(['int', 'string', 'bool', 'float', 'bigint', 'file']);

/** Reserved request keys (spec §4), valid in any call or as common parameters, with their types. */
export const RESERVED_KEYS: ReadonlyMap<string, { type: TypeRef; description: string }> = new Map([
  ['ks', { type: { type: 'string' }, description: 'The Kaltura session (KS) for this call.' }],
  ['partnerId', { type: { type: 'int' }, description: 'Partner id, for calls without a KS or to impersonate a partner.' }],
  ['clientTag', { type: { type: 'string' }, description: 'Free text for server logs and analytics (default `kreq`).' }],
  ['apiVersion', { type: { type: 'string' }, description: 'The API version the client was written for.' }],
  ['language', { type: { type: 'string' }, description: 'Language of multi-lingual fields: a code of 2–4 letters, optionally `-` or `_` and 2–4 more (`en`, `en_US`), or `multi`.' }],
  ['format', { type: { type: 'int', enumType: 'KalturaResponseType' }, description: 'Response format: 1 JSON (kreq default), 2 XML, 3 PHP.' }],
  ['ignoreNull', { type: { type: 'bool' }, description: 'Omit null properties from XML responses.' }],
  ['responseProfile', { type: { type: 'KalturaBaseResponseProfile' }, description: 'Selects the fields and related objects of the response.' }],
]);

/**
 * `responseProfile:` (spec §4): the server reads `id` or `systemName` (a stored profile, the keys of this class) and,
 * when neither names one, builds a `KalturaDetachedResponseProfile` from all the keys, so without an `objectType` the
 * keys of both classes are valid there.
 */
const RESPONSE_PROFILE_HOLDER = 'KalturaResponseProfileHolder';
const DETACHED_RESPONSE_PROFILE = 'KalturaDetachedResponseProfile';

export type StepKind =
  | 'param' // an action parameter
  | 'reserved' // a reserved request key
  | 'property' // a property of the class in force
  | 'objectType' // `X:objectType`
  | 'null' // `prop__null`
  | 'emptyArray' // `arr:-`
  | 'index' // an array index
  | 'mapKey' // a key of a map
  | 'unknown'; // nothing the schema knows

export interface KeyStep {
  readonly kind: StepKind;
  readonly segment: string;
  /** The type of what this segment names (for `objectType`: the declared class it picks from). */
  readonly type?: TypeRef;
  readonly param?: ParamDef;
  readonly property?: PropertyDef;
  /** The class this segment was looked up in. */
  readonly owner?: string;
  /** For `unknown`: why, in words. */
  readonly expected?: 'param' | 'property' | 'index' | 'nothing';
}

export interface ResolvedCall {
  readonly call: CallNode;
  readonly service?: ServiceDef;
  readonly action?: ActionDef;
  /** Object path (`filter`, `entry:operationAttributes:0`) → the `objectType` value written for it. */
  readonly objectTypes: ReadonlyMap<string, string>;
}

export function resolveCall(schema: KalturaSchema | undefined, call: CallNode): ResolvedCall {
  const service = schema?.service(call.line.service.text);
  const action = service && call.line.action ? schema!.action(service, call.line.action.text) : undefined;
  return { call, service, action, objectTypes: objectTypesOf(call.params) };
}

export function objectTypesOf(params: readonly ParamLine[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const p of params) {
    const segs = p.key.segments;
    if (segs.length >= 2 && segs[segs.length - 1].text === 'objectType') {
      map.set(segs.slice(0, -1).map((s) => s.text).join(':'), p.value.content);
    }
  }
  return map;
}

export function isClassType(type: TypeRef | undefined): boolean {
  return !!type && type.type !== 'array' && type.type !== 'map' && !SCALAR_TYPES.has(type.type);
}

/** The class in force for an object at `path` declared as `declared`: a valid `objectType` or the declared class. */
export function classInForce(schema: KalturaSchema, declared: string, path: string, objectTypes: ReadonlyMap<string, string>): string {
  const written = objectTypes.get(path);
  if (written !== undefined) {
    const cls = findClass(schema, written);
    if (cls && schema.isSubclassOf(cls, declared)) return cls;
  }
  if (isResponseProfile(declared, path)) return DETACHED_RESPONSE_PROFILE;
  return declared;
}

function isResponseProfile(declared: string, path: string): boolean {
  return declared === 'KalturaBaseResponseProfile' && path === 'responseProfile';
}

/** A property of an object, with the class it was looked up in. */
export interface PropertyInForce {
  readonly property: PropertyDef;
  readonly owner: string;
}

/**
 * The properties an object at `path` declared as `declared` takes: those of the class in force; for
 * `responseProfile:`, also the stored-profile keys (`id`, `systemName`), which the server reads whatever the class.
 */
export function propertiesInForce(schema: KalturaSchema, declared: string, path: string, objectTypes: ReadonlyMap<string, string>): Map<string, PropertyInForce> {
  const owner = classInForce(schema, declared, path, objectTypes);
  const map = new Map<string, PropertyInForce>();
  for (const [name, property] of schema.properties(owner)) map.set(name, { property, owner });
  if (isResponseProfile(declared, path) && owner !== RESPONSE_PROFILE_HOLDER) {
    for (const [name, property] of schema.properties(RESPONSE_PROFILE_HOLDER)) if (!map.has(name)) map.set(name, { property, owner: RESPONSE_PROFILE_HOLDER });
  }
  return map;
}

/** Class names resolve case-insensitively on the server (`class_exists`). */
export function findClass(schema: KalturaSchema, name: string): string | undefined {
  if (schema.class(name)) return name;
  const lower = name.toLowerCase();
  return schema.data.classes.find((c) => c.name.toLowerCase() === lower)?.name;
}

/**
 * Resolves each segment of a key. Resolution stops after the first `unknown` step, so the result
 * may be shorter than `segments`.
 */
export function resolveKey(
  schema: KalturaSchema,
  action: ActionDef | undefined,
  segments: readonly string[],
  objectTypes: ReadonlyMap<string, string>,
): KeyStep[] {
  const steps: KeyStep[] = [];
  const first = segments[0];
  let type: TypeRef | undefined;
  const param = action?.params.find((p) => p.name === first);
  if (param) {
    type = param;
    steps.push({ kind: 'param', segment: first, type, param });
  } else if (RESERVED_KEYS.has(first)) {
    type = RESERVED_KEYS.get(first)!.type;
    steps.push({ kind: 'reserved', segment: first, type });
  } else {
    steps.push({ kind: 'unknown', segment: first, expected: 'param' });
    return steps;
  }
  for (let i = 1; i < segments.length; i++) {
    const seg = segments[i];
    const path = segments.slice(0, i).join(':');
    const step = nextStep(schema, type, seg, path, objectTypes, i === segments.length - 1);
    steps.push(step);
    if (step.kind === 'unknown' || step.kind === 'objectType' || step.kind === 'null' || step.kind === 'emptyArray') break;
    type = step.type;
  }
  return steps;
}

function nextStep(
  schema: KalturaSchema,
  type: TypeRef | undefined,
  seg: string,
  path: string,
  objectTypes: ReadonlyMap<string, string>,
  last: boolean,
): KeyStep {
  if (!type) return { kind: 'unknown', segment: seg, expected: 'nothing' };
  if (type.type === 'array' || type.type === 'map') {
    if (seg === '-' && last) return { kind: 'emptyArray', segment: seg };
    const element: TypeRef = { type: type.arrayType ?? 'string' };
    if (type.type === 'map') return { kind: 'mapKey', segment: seg, type: element };
    if (/^[0-9]+$/.test(seg)) return { kind: 'index', segment: seg, type: element };
    return { kind: 'unknown', segment: seg, expected: 'index' };
  }
  if (!isClassType(type)) return { kind: 'unknown', segment: seg, expected: 'nothing' };
  const owner = classInForce(schema, type.type, path, objectTypes);
  if (seg === 'objectType' && last) return { kind: 'objectType', segment: seg, type: { type: type.type }, owner };
  const props = propertiesInForce(schema, type.type, path, objectTypes);
  const found = props.get(seg);
  if (found) return { kind: 'property', segment: seg, type: found.property, property: found.property, owner: found.owner };
  if (seg.endsWith('__null') && last) {
    const nulled = props.get(seg.slice(0, -6));
    if (nulled) return { kind: 'null', segment: seg, property: nulled.property, owner: nulled.owner };
  }
  return { kind: 'unknown', segment: seg, owner, expected: 'property' };
}

/** The parameter names a call has written at top level (`entry:name` counts for `entry`). */
export function writtenTopLevelNames(call: CallNode): Set<string> {
  const names = new Set<string>();
  for (const p of call.params) {
    const first = p.key.segments[0].text;
    names.add(first);
  }
  return names;
}
