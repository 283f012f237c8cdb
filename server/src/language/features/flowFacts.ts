/** What the features say about flow things: the static type of a capture or subject, and the names of calls, blocks and times in messages. */

import type { BlockNode, CallNode, OutcomePath } from '../parser/kreqNodes';
import type { KalturaSchema } from '../schema/schemaIndex';
import { typeOutcomePath, type OutcomeSubject } from '../flow/outcomePath';
import { resolveCall } from './keyResolution';
import { typeLabel } from './resultPath';

/** What `path` reaches on the outcome of `call`; undefined without a schema, for an unknown call or a path that does not resolve. */
export function outcomeSubjectOf(schema: KalturaSchema | undefined, call: CallNode | undefined, path: OutcomePath): OutcomeSubject | undefined {
  if (!schema || !call) return undefined;
  const action = resolveCall(schema, call).action;
  if (!action) return undefined;
  const typing = typeOutcomePath(schema, action, path);
  return typing.ok ? typing.subject : undefined;
}

/** `string`, `int (KalturaEntryStatus)`, `string (comma-joined)`. */
export function subjectTypeLabel(subject: OutcomeSubject): string {
  if (subject.root === 'error') return 'string';
  return subject.joined ? 'string (comma-joined)' : typeLabel(subject.type);
}

/** `media.add`, as written on the call line. */
export function callLabel(call: CallNode): string {
  return `${call.line.service.text}.${call.line.action?.text ?? ''}`;
}

/** `block 2` or `block 2 (Create an entry)`. */
export function blockLabel(block: BlockNode): string {
  const title = block.separator?.title?.text;
  return title ? `block ${block.index + 1} (${title})` : `block ${block.index + 1}`;
}

/** A time in milliseconds as ISO 8601, or the number when it is no valid time. */
export function isoTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}
