/**
 * Turns request parameters into action arguments as `KalturaRequestDeserializer` does: `:` paths grouped into
 * nested arrays, then each declared param cast, checked (mandatory, enums, abstract types) and built into objects.
 */

import type { ActionDef, KalturaSchema, ParamDef, PropertyDef } from '../language/index';
import { ApiError } from './apiError';
import { KObject, NULL_FIELD, type KMap, type KValue } from './kalturaObject';
import { isPhpArray, ksortEntries, phpToString, UploadedFile, type PhpArray, type PhpValue } from './phpValues';
import { castSimple, checkIntEnum, checkStringEnum, isSimpleType, NULL_DEFAULT, validateConstraints } from './scalarCasts';

/** Stores `value` at the `:`-separated path; a last segment `-` only makes sure the array exists (empty array marker). */
function setElementByPath(target: PhpArray, path: readonly string[], value: PhpValue): void {
  let current = target;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const last = i === path.length - 1;
    if (key === '-' && last) break;
    if (!isPhpArray(current.get(key))) current.set(key, new Map());
    if (last) current.set(key, value);
    else current = current.get(key) as PhpArray;
  }
}

/** `groupParams`: every top-level key split on `:` into nested arrays (nested keys are taken literally). */
export function groupParams(params: PhpArray): PhpArray {
  const grouped: PhpArray = new Map();
  for (const [key, value] of params) setElementByPath(grouped, key.split(':'), value);
  return grouped;
}

export interface BuildContext {
  readonly schema: KalturaSchema;
  /** Unix seconds, for relative times. */
  readonly nowSeconds: number;
}

const classNames = new WeakMap<KalturaSchema, Map<string, string>>();

/** The class named `name` in any case (PHP `class_exists` is case-insensitive). */
function findClass(schema: KalturaSchema, name: string): string | undefined {
  let map = classNames.get(schema);
  if (!map) {
    map = new Map(schema.data.classes.map((c) => [c.name.toLowerCase(), c.name]));
    classNames.set(schema, map);
  }
  return map.get(name.toLowerCase());
}

function isArrayType(type: string): boolean {
  return type === 'array' || type === 'map';
}

/** The default of an absent optional param, cast like a sent value (PHP: `(int)null` is 0, `(string)null` is ''). */
function defaultValue(param: ParamDef, cast: (value: PhpValue) => KValue): KValue {
  return cast(param.default === undefined || param.default === NULL_DEFAULT ? null : param.default);
}

/** Items of an array or map value: `ksort`ed, stopping at a `-` key (the empty-array marker). */
function buildItems(ctx: BuildContext, value: PhpArray, itemType: string, objectName: string, keepKeys: boolean): KValue[] | KMap {
  const items: KValue[] = [];
  const map: KMap = new Map();
  for (const [key, item] of ksortEntries(value)) {
    if (key === '-') break;
    const built = buildObject(ctx, itemType, item, objectName);
    if (keepKeys) map.set(key, built);
    else items.push(built);
  }
  return keepKeys ? map : items;
}

/** `buildObject`: honours `objectType` only for a subclass of `declared`; unknown properties are ignored. */
export function buildObject(ctx: BuildContext, declared: string, params: PhpValue, objectName: string): KObject {
  const { schema } = ctx;
  if (!isPhpArray(params)) throw new ApiError('PROPERTY_VALIDATION_WRONG_FORMAT', objectName, 'array');
  let type = findClass(schema, declared) ?? declared;
  if (params.has('objectType')) {
    const wanted = phpToString(params.get('objectType') ?? null);
    if (wanted.toLowerCase() !== type.toLowerCase()) {
      const actual = findClass(schema, wanted);
      if (actual && schema.isSubclassOf(actual, type)) type = actual;
    }
  }
  if (schema.class(type)?.abstract) throw new ApiError('OBJECT_TYPE_ABSTRACT', type);
  const properties = schema.properties(type);
  const obj = new KObject(type);
  for (const [rawName, value] of params) {
    const isNull = rawName.endsWith('__null');
    const name = isNull ? rawName.split('__null').join('') : rawName;
    const property = properties.get(name);
    if (!property) continue;
    if (isNull && !isArrayType(property.type)) {
      obj.set(name, NULL_FIELD);
      continue;
    }
    const built = buildProperty(ctx, property, value, `${objectName}:${name}`);
    if (built !== undefined) obj.set(name, built);
  }
  return obj;
}

/** One property's value; undefined when the value is ignored (non-array for an object or array property). */
function buildProperty(ctx: BuildContext, property: PropertyDef, value: PhpValue, path: string): KValue | undefined {
  const { name } = property;
  if (isSimpleType(property)) {
    const cast = castSimple(property.isTime ? 'time' : property.type, value, ctx.nowSeconds, name);
    validateConstraints(name, cast, property);
    return cast;
  }
  if (property.enumType && property.type === 'int') return checkIntEnum(ctx.schema, value, name, property.enumType, 'property');
  if (property.enumType) return castSimple('string', checkStringEnum(ctx.schema, value, name, property.enumType), ctx.nowSeconds, name);
  if (isArrayType(property.type)) {
    return isPhpArray(value) ? buildItems(ctx, value, property.arrayType ?? 'KalturaObjectBase', path, property.type === 'map') : undefined;
  }
  if (property.type === 'file') return value instanceof UploadedFile ? value : undefined;
  return isPhpArray(value) ? buildObject(ctx, property.type, value, path) : undefined;
}

/** One action argument (see `buildActionArguments`). */
function buildArgument(ctx: BuildContext, param: ParamDef, grouped: PhpArray): KValue {
  const { name } = param;
  const present = grouped.has(name);
  const value = grouped.get(name) ?? null;
  if (isSimpleType(param)) {
    const cast = (v: PhpValue) => castSimple(param.isTime ? 'time' : param.type, v, ctx.nowSeconds, name);
    if (present) return cast(value);
    if (param.optional) return defaultValue(param, (v) => castSimple(param.type, v, ctx.nowSeconds, name));
  } else if (param.type === 'file') {
    if (present) {
      if (!(value instanceof UploadedFile) || value.failed) throw new ApiError('UPLOAD_ERROR');
      return value;
    }
    if (param.optional) return null;
  } else if (param.enumType && param.type === 'int') {
    if (present) return checkIntEnum(ctx.schema, value, name, param.enumType, 'param');
    if (param.optional) return defaultValue(param, (v) => castSimple('int', v, ctx.nowSeconds, name));
  } else if (param.enumType) {
    if (present) return phpToString(checkStringEnum(ctx.schema, value, name, param.enumType));
    // String enums keep their default as is (always `null` in the schema).
    if (param.optional) return param.default === undefined || param.default === NULL_DEFAULT ? null : param.default;
  } else if (isArrayType(param.type)) {
    // An absent array param is an empty array, even when mandatory.
    const keepKeys = param.type === 'map';
    if (isPhpArray(value)) return buildItems(ctx, value, param.arrayType ?? 'KalturaObjectBase', name, keepKeys);
    return keepKeys ? new Map() : [];
  }
  if (present && value !== null) return buildObject(ctx, param.type, value, name);
  if (param.optional) return null;
  throw new ApiError('MISSING_MANDATORY_PARAMETER', name);
}

/** `buildActionArguments`: the arguments of `action`, by param name, in declaration order. */
export function buildActionArguments(ctx: BuildContext, action: ActionDef, grouped: PhpArray): Map<string, KValue> {
  const args = new Map<string, KValue>();
  for (const param of action.params) args.set(param.name, buildArgument(ctx, param, grouped));
  return args;
}
