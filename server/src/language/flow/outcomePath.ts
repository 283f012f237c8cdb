/**
 * The paths of captures and assertion subjects (`result:objects:0:id`, `error:code`): their type along the
 * action's result (as dependency tokens walk it) and their value in an actual outcome.
 */

import type { OutcomePath, Span } from '../parser/kreqNodes';
import type { KalturaSchema } from '../schema/schemaIndex';
import type { ActionDef, TypeRef } from '../schema/schemaModel';
import { isClassType } from '../features/keyResolution';
import { walkPath } from '../features/resultPath';

/** What a path reaches, statically. */
export type OutcomeSubject =
  | { readonly root: 'result'; readonly type: TypeRef; readonly joined: boolean }
  | { readonly root: 'error'; readonly field: 'code' | 'message' };

export type OutcomeTyping =
  | { readonly ok: true; readonly subject: OutcomeSubject }
  /** `span` is the text at fault; `voidResult` when the call returns nothing. */
  | { readonly ok: false; readonly span: Span; readonly reason: string; readonly voidResult?: boolean };

/** The type a path reaches on `action`'s outcome. */
export function typeOutcomePath(schema: KalturaSchema, action: ActionDef, path: OutcomePath): OutcomeTyping {
  if (path.root.value === 'error') {
    const [field, extra] = path.segments;
    if (!field || (field.text !== 'code' && field.text !== 'message')) {
      return { ok: false, span: field ?? path.root, reason: 'an error has `error:code` and `error:message`' };
    }
    if (extra) return { ok: false, span: extra, reason: `\`error:${field.text}\` is a string: it has no parts` };
    return { ok: true, subject: { root: 'error', field: field.text } };
  }
  const result = action.result;
  if (!result) return { ok: false, span: path.root, reason: `\`${action.name}\` returns nothing`, voidResult: true };
  const segments = path.segments.map((s) => s.text);
  const walk = walkPath(schema, result, segments);
  if (walk.badSegment) return { ok: false, span: path.segments[walk.badSegment.index] ?? path.root, reason: walk.badSegment.reason };
  const allAt = segments.indexOf('_all');
  if (allAt >= 0 && allAt + 2 < segments.length) {
    return { ok: false, span: path.segments[allAt + 2], reason: '`_all` is followed by exactly one property: the path ends there' };
  }
  return { ok: true, subject: { root: 'result', type: walk.type!, joined: allAt >= 0 } };
}

/** Whether a typed subject is one value (not an object, array or map). */
export function isScalarSubject(subject: OutcomeSubject): boolean {
  if (subject.root === 'error' || subject.joined) return true;
  const t = subject.type;
  return t.type !== 'array' && t.type !== 'map' && !isClassType(t);
}

/** A call's outcome as the engine read it. */
export type CallOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

export type PathValue = { readonly found: true; readonly value: unknown } | { readonly found: false; readonly reason: string };

/** The value at `path` in an outcome: the server's walk (properties, indexes, `_all` joined with commas). */
export function valueAtPath(outcome: CallOutcome, path: OutcomePath): PathValue {
  if (path.root.value === 'error') {
    if (outcome.ok) return { found: false, reason: 'the call succeeded' };
    const field = path.segments[0]?.text;
    return field === 'code' || field === 'message' ? { found: true, value: outcome.error[field] } : { found: false, reason: 'no such part of an error' };
  }
  if (!outcome.ok) return { found: false, reason: `the call failed: ${outcome.error.code}` };
  let value: unknown = outcome.value;
  const segments = path.segments.map((s) => s.text);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (value === null || value === undefined) return { found: false, reason: `nothing at \`${segments.slice(0, i).join(':') || 'result'}\`` };
    if (segment === '_all' && Array.isArray(value)) {
      const property = segments[i + 1];
      if (property === undefined) return { found: false, reason: '`_all` needs a property after it' };
      const items = value
        .map((item: unknown) => (item && typeof item === 'object' ? (item as Record<string, unknown>)[property] : undefined))
        .filter((v) => v !== undefined && v !== null);
      // An empty list has no value to capture (spec §10.1: the capture is cleared).
      if (items.length === 0) return { found: false, reason: value.length === 0 ? `\`${segments.slice(0, i).join(':') || 'result'}\` is an empty list` : `no item has \`${property}\`` };
      return { found: true, value: items.map(scalarText).join(',') };
    }
    if (Array.isArray(value)) {
      if (!/^[0-9]+$/.test(segment)) return { found: false, reason: `\`${segment}\` is not an index of the array` };
      value = value[Number(segment)];
      if (value === undefined) return { found: false, reason: `the array has no item ${segment}` };
      continue;
    }
    if (typeof value !== 'object') return { found: false, reason: `\`${segments.slice(0, i).join(':')}\` is not an object` };
    const next = (value as Record<string, unknown>)[segment];
    if (next === undefined) return { found: false, reason: `no \`${segment}\` in the result` };
    value = next;
  }
  return value === null ? { found: false, reason: 'the value is null' } : { found: true, value };
}

/** A scalar as text (`true`, `12`, `0_abc`); objects and arrays as JSON. */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}
