/** Matching stored objects against a list filter: field name → test of one object against the field's value (as text). */

import type { KObject } from './kalturaObject';

/** A test of one object against the value a filter field holds (as text). */
export type FieldCheck = (obj: KObject, value: string) => boolean;

/** The non-empty, trimmed items of a comma-separated value. */
export function csv(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Case-insensitive "contains", as the server's `…Like` filters (MySQL's collation). */
export function includesFolded(haystack: string | undefined, needle: string): boolean {
  return (haystack ?? '').toLowerCase().includes(needle.toLowerCase());
}

/** The checks of `checks` whose field the filter sets, with that field's value. */
export function filterChecks(filter: KObject | undefined, checks: Readonly<Record<string, FieldCheck>>): [FieldCheck, string][] {
  const out: [FieldCheck, string][] = [];
  for (const [name, check] of Object.entries(checks)) {
    const value = filter?.text(name);
    if (value !== undefined) out.push([check, value]);
  }
  return out;
}

/** True when `obj` passes every check the filter sets. */
export function matchesFilter(obj: KObject, filter: KObject | undefined, checks: Readonly<Record<string, FieldCheck>>): boolean {
  return filterChecks(filter, checks).every(([check, value]) => check(obj, value));
}

/**
 * The objects ordered by a filter's `orderBy` (`+field`/`-field`, one of `fields`, numbers compared as numbers,
 * text as text); another or no `orderBy` keeps the given order (creation order in the store).
 */
export function orderObjects(objects: readonly KObject[], orderBy: string | undefined, fields: readonly string[]): KObject[] {
  const m = /^([+-])(\w+)$/.exec(orderBy ?? '');
  if (!m || !fields.includes(m[2])) return [...objects];
  const field = m[2];
  const sign = m[1] === '-' ? -1 : 1;
  const compare = (a: KObject, b: KObject): number => {
    const x = a.number(field);
    const y = b.number(field);
    if (x !== undefined && y !== undefined) return x - y;
    return (a.text(field) ?? '').localeCompare(b.text(field) ?? '');
  };
  return objects.map((obj, index) => ({ obj, index })).sort((a, b) => sign * compare(a.obj, b.obj) || a.index - b.index).map(({ obj }) => obj);
}
