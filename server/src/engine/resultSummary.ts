/** Says in one short line what a call returned (for inline notes and the CLI): a type and its count or id, a value, or the error. */

import type { CallResult } from './engineTypes';

/** Longer strings are cut, with `…`. */
const MAX_SUMMARY_LENGTH = 80;

/** Each run of blanks holding a line break becomes one space; the result is cut at MAX_SUMMARY_LENGTH. One pass, and
 *  it stops once enough is read (a regular expression over a run of blanks without a line break rescanned it per blank). */
function oneLine(text: string): string {
  let flat = '';
  let i = 0;
  while (i < text.length && flat.length <= MAX_SUMMARY_LENGTH) {
    if (!/\s/.test(text[i])) {
      flat += text[i++];
      continue;
    }
    const from = i;
    let lineBreak = false;
    while (i < text.length && /\s/.test(text[i]) && i - from <= MAX_SUMMARY_LENGTH) {
      if (text[i] === '\n') lineBreak = true;
      i++;
    }
    // A run longer than the summary is cut anyway; what remains of it is read as a new run.
    flat += lineBreak ? ' ' : text.slice(from, i);
  }
  const more = i < text.length;
  return flat.length > MAX_SUMMARY_LENGTH || more ? `${flat.slice(0, MAX_SUMMARY_LENGTH - 1)}…` : flat;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * `KalturaMediaListResponse · totalCount 3`, `KalturaMediaEntry · id 0_abc`, `KalturaUploadToken`, a string or number
 * as it is (`""` for the empty string), `null`, `3 items` for a list; an XML result (format=2) reads the same.
 */
export function summarizeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value === '') return '""';
  const scalar = scalarText(value);
  if (scalar !== undefined) return oneLine(scalar);
  if (Array.isArray(value)) return value.length === 1 ? '1 item' : `${value.length} items`;
  if (typeof value !== 'object') return oneLine(String(value));
  const object = value as Record<string, unknown>;
  const type = scalarText(object.objectType) ?? 'object';
  const totalCount = scalarText(object.totalCount);
  if (totalCount !== undefined) return oneLine(`${type} · totalCount ${totalCount}`);
  const id = scalarText(object.id);
  if (id !== undefined) return oneLine(`${type} · id ${id}`);
  return oneLine(type);
}

/** `✗ CODE: message` for an API error, else `summarizeValue` of the result (pass the value as it will be shown, redacted). */
export function summarizeCallResult(result: CallResult, shownValue: unknown = result.ok ? result.value : undefined): string {
  if (!result.ok) return oneLine(`✗ ${result.error.code}: ${result.error.message}`);
  return summarizeValue(shownValue);
}
