/**
 * Walks a result path (`objects:0:id` of a dependency token, a capture or an assertion subject) along an
 * action's result type, as the server's `getValueFromObject` does: properties of objects, indexes and
 * `_all` of arrays, keys of maps.
 */

import type { Span } from '../parser/kreqNodes';
import type { KalturaSchema } from '../schema/schemaIndex';
import type { PropertyDef, TypeRef } from '../schema/schemaModel';
import { isClassType } from './keyResolution';

export type PathStep =
  | { readonly ok: true; readonly type: TypeRef; readonly property?: PropertyDef; readonly owner?: string }
  | { readonly ok: false; readonly reason: string };

/** Built once per class: every token of a large file walks the same result types. */
const readableCache = new WeakMap<KalturaSchema, Map<string, Map<string, { property: PropertyDef; owner: string }>>>();

/**
 * Properties readable on an object of class `name` in a result: its own and inherited ones, then
 * those only its subclasses declare (a result typed `KalturaBaseEntry` is often a `KalturaMediaEntry`).
 */
export function readableProperties(schema: KalturaSchema, name: string): ReadonlyMap<string, { property: PropertyDef; owner: string }> {
  let bySchema = readableCache.get(schema);
  if (!bySchema) readableCache.set(schema, (bySchema = new Map()));
  let out = bySchema.get(name);
  if (out) return out;
  out = new Map<string, { property: PropertyDef; owner: string }>();
  for (const [n, p] of schema.properties(name)) out.set(n, { property: p, owner: name });
  for (const sub of schema.subclasses(name)) {
    for (const p of sub.properties) if (!out.has(p.name)) out.set(p.name, { property: p, owner: sub.name });
  }
  bySchema.set(name, out);
  return out;
}

/** One step along the path from a value of `type`. `afterAll` is true right after an `_all`. */
export function walkSegment(schema: KalturaSchema, type: TypeRef, segment: string): PathStep {
  if (type.type === 'array') {
    const element: TypeRef = { type: type.arrayType ?? 'string' };
    if (/^[0-9]+$/.test(segment) || segment === '_all') return { ok: true, type: segment === '_all' ? type : element };
    return { ok: false, reason: `\`${type.arrayType ?? 'array'}\` array: expected an index or \`_all\`` };
  }
  if (type.type === 'map') return { ok: true, type: { type: type.arrayType ?? 'string' } };
  if (isClassType(type)) {
    const found = readableProperties(schema, type.type).get(segment);
    if (found) return { ok: true, type: found.property, property: found.property, owner: found.owner };
    return { ok: false, reason: `\`${segment}\` is no property of \`${type.type}\`` };
  }
  return { ok: false, reason: `a value of type \`${type.type}\` has no parts` };
}

export interface WalkResult {
  /** The type at the end of the walk, when every segment resolved. */
  readonly type?: TypeRef;
  /** Index of the first segment that does not resolve, with the reason. */
  readonly badSegment?: { readonly index: number; readonly reason: string };
}

/** Walks all segments. After `_all`, exactly one property of the element class is read; further segments are ignored. */
export function walkPath(schema: KalturaSchema, result: TypeRef, segments: readonly string[]): WalkResult {
  let type = result;
  for (let i = 0; i < segments.length; i++) {
    if (segments[i] === '') return { badSegment: { index: i, reason: 'empty path segment' } };
    if (segments[i] === '_all' && type.type === 'array') {
      const next = segments[i + 1];
      if (next === undefined) return { badSegment: { index: i, reason: '`_all` must be followed by a property name' } };
      const step = walkSegment(schema, { type: type.arrayType ?? 'string' }, next);
      if (!step.ok) return { badSegment: { index: i + 1, reason: step.reason } };
      return { type: { type: 'string' } };
    }
    const step = walkSegment(schema, type, segments[i]);
    if (!step.ok) return { badSegment: { index: i, reason: step.reason } };
    type = step.type;
  }
  return { type };
}

/** A readable name for a type: `KalturaMediaEntry`, `KalturaMediaEntry[]`, `map<KalturaString>`, `int`. */
export function typeLabel(type: TypeRef): string {
  if (type.type === 'array') return `${type.arrayType ?? 'unknown'}[]`;
  if (type.type === 'map') return `map<${type.arrayType ?? 'unknown'}>`;
  return type.enumType ? `${type.type} (${type.enumType})` : type.type;
}

/** One segment of a path, with the type it reaches or why it does not resolve. */
export interface PathStepInfo {
  readonly segment: Span;
  readonly label: string;
  readonly description?: string;
  readonly owner?: string;
  readonly problem?: string;
}

/**
 * Each path segment (of a token, a capture or an assertion subject) with the type it reaches, as `walkPath`
 * walks (`_all` included): what hover shows segment by segment.
 */
export function pathSteps(schema: KalturaSchema, result: TypeRef, segments: readonly Span[]): PathStepInfo[] {
  const steps: PathStepInfo[] = [];
  let type: TypeRef | undefined = result;
  let allOf: TypeRef | undefined;
  let stopped = '';
  for (const segment of segments) {
    if (!type && !allOf) {
      steps.push({ segment, label: '—', problem: stopped });
      continue;
    }
    if (allOf) {
      const step = walkSegment(schema, allOf, segment.text);
      steps.push(
        step.ok
          ? { segment, label: 'string (comma-joined)', description: 'This property of every item, joined with commas.', owner: step.owner }
          : { segment, label: '—', problem: step.reason },
      );
      allOf = undefined;
      type = undefined;
      stopped = step.ok ? 'ignored: the path ends after `_all` and a property' : 'not reached: an earlier segment does not resolve';
      continue;
    }
    const current: TypeRef = type!;
    if (segment.text === '_all' && current.type === 'array') {
      steps.push({ segment, label: `every item of ${typeLabel(current)}`, description: 'The next segment names the property collected from each item.' });
      allOf = { type: current.arrayType ?? 'string' };
      type = undefined;
      continue;
    }
    const step = walkSegment(schema, current, segment.text);
    if (step.ok) {
      steps.push({ segment, label: typeLabel(step.type), description: step.property?.description, owner: step.owner });
      type = step.type;
    } else {
      steps.push({ segment, label: '—', problem: step.reason });
      type = undefined;
      stopped = 'not reached: an earlier segment does not resolve';
    }
  }
  return steps;
}
