/**
 * `list`/`count` over entries: the filter fields the sandbox understands, the default READY-only status, `orderBy`
 * (±createdAt, ±updatedAt, ±name) and the pager (pageSize 30 by default, at most 500; pageIndex from 1).
 */

import { argObject, callPartnerId, type ActionCall } from './actionCall';
import { type KObject, kobject } from './kalturaObject';
import { ENTRY_STATUS_READY, isMediaEntry, settleEntry } from './entryRecords';
import { csv, filterChecks, includesFolded, type FieldCheck } from './objectFilters';
import type { StoredEntry } from './sandboxState';

export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 500;

/** `KalturaFilterPager::calcPageSize/calcPageIndex` applied to a list. */
export function pageOf<T>(items: readonly T[], pager: KObject | undefined): T[] {
  let size = pager?.number('pageSize') ?? DEFAULT_PAGE_SIZE;
  if (size <= 0) size = DEFAULT_PAGE_SIZE;
  size = Math.min(size, MAX_PAGE_SIZE);
  let index = pager?.number('pageIndex') ?? 1;
  if (index <= 0) index = 1;
  return items.slice((index - 1) * size, index * size);
}

/** True when the entry is in the category of full name `fullName` or in one below it (`Parent>Child`). */
function inCategoryNamed(entry: KObject, fullName: string): boolean {
  return csv(entry.text('categories') ?? '').some((name) => name === fullName || name.startsWith(`${fullName}>`));
}

/** Filter field → test of one entry against the field's value (as text). */
const CHECKS: Readonly<Record<string, FieldCheck>> = {
  idEqual: (e, v) => e.text('id') === v,
  idIn: (e, v) => csv(v).includes(e.text('id') ?? ''),
  idNotIn: (e, v) => !csv(v).includes(e.text('id') ?? ''),
  nameLike: (e, v) => includesFolded(e.text('name'), v),
  nameEqual: (e, v) => e.text('name') === v,
  nameMultiLikeOr: (e, v) => csv(v).some((w) => includesFolded(e.text('name'), w)),
  nameMultiLikeAnd: (e, v) => csv(v).every((w) => includesFolded(e.text('name'), w)),
  descriptionLike: (e, v) => includesFolded(e.text('description'), v),
  userIdEqual: (e, v) => e.text('userId') === v,
  userIdIn: (e, v) => csv(v).includes(e.text('userId') ?? ''),
  creatorIdEqual: (e, v) => e.text('creatorId') === v,
  tagsLike: (e, v) => includesFolded(e.text('tags'), v),
  tagsMultiLikeOr: (e, v) => csv(v).some((w) => includesFolded(e.text('tags'), w)),
  tagsMultiLikeAnd: (e, v) => csv(v).every((w) => includesFolded(e.text('tags'), w)),
  adminTagsLike: (e, v) => includesFolded(e.text('adminTags'), v),
  statusEqual: (e, v) => e.text('status') === v,
  statusNotEqual: (e, v) => e.text('status') !== v,
  statusIn: (e, v) => csv(v).includes(e.text('status') ?? ''),
  statusNotIn: (e, v) => !csv(v).includes(e.text('status') ?? ''),
  typeEqual: (e, v) => e.text('type') === v,
  typeIn: (e, v) => csv(v).includes(e.text('type') ?? ''),
  mediaTypeEqual: (e, v) => e.text('mediaType') === v,
  mediaTypeIn: (e, v) => csv(v).includes(e.text('mediaType') ?? ''),
  referenceIdEqual: (e, v) => e.text('referenceId') === v,
  referenceIdIn: (e, v) => csv(v).includes(e.text('referenceId') ?? ''),
  createdAtGreaterThanOrEqual: (e, v) => (e.number('createdAt') ?? 0) >= Number(v),
  createdAtLessThanOrEqual: (e, v) => (e.number('createdAt') ?? 0) <= Number(v),
  updatedAtGreaterThanOrEqual: (e, v) => (e.number('updatedAt') ?? 0) >= Number(v),
  updatedAtLessThanOrEqual: (e, v) => (e.number('updatedAt') ?? 0) <= Number(v),
  categoriesMatchOr: (e, v) => csv(v).some((name) => inCategoryNamed(e, name)),
  categoriesMatchAnd: (e, v) => csv(v).every((name) => inCategoryNamed(e, name)),
  categoriesFullNameIn: (e, v) => csv(v).some((name) => csv(e.text('categories') ?? '').includes(name)),
  categoriesIdsMatchOr: (e, v) => csv(v).some((id) => csv(e.text('categoriesIds') ?? '').includes(id)),
  categoriesIdsMatchAnd: (e, v) => csv(v).every((id) => csv(e.text('categoriesIds') ?? '').includes(id)),
  freeText: (e, v) => v.split(/\s+/).every((w) => w === '' || [e.text('name'), e.text('description'), e.text('tags')].some((t) => includesFolded(t, w))),
};

/** Entry lists show READY entries only unless the filter names a status (`statusEqual`, `statusIn`) or `idEqual`. */
function liftsDefaultStatus(filter: KObject | undefined): boolean {
  return !!filter && ['statusEqual', 'statusIn', 'idEqual'].some((name) => filter.text(name) !== undefined);
}

const ORDERS: Readonly<Record<string, (a: StoredEntry, b: StoredEntry) => number>> = {
  createdAt: (a, b) => (a.entry.number('createdAt') ?? 0) - (b.entry.number('createdAt') ?? 0) || a.seq - b.seq,
  updatedAt: (a, b) => (a.entry.number('updatedAt') ?? 0) - (b.entry.number('updatedAt') ?? 0) || a.seq - b.seq,
  name: (a, b) => (a.entry.text('name') ?? '').localeCompare(b.entry.text('name') ?? '') || a.seq - b.seq,
};

/** The entries of the call's partner matching `filter`, ordered (default: newest first). */
export function matchingEntries(call: ActionCall, filter: KObject | undefined, mediaOnly: boolean): StoredEntry[] {
  const partnerId = callPartnerId(call);
  const readyOnly = !liftsDefaultStatus(filter);
  const checks = filterChecks(filter, CHECKS);
  const own = [...call.runtime.state.entries.values()].filter((stored) => stored.entry.number('partnerId') === partnerId);
  const found = own.map((stored) => settleEntry(call.runtime, stored)).filter(
    ({ entry }) =>
      (!mediaOnly || isMediaEntry(call, entry)) &&
      (!readyOnly || entry.number('status') === ENTRY_STATUS_READY) &&
      checks.every(([check, value]) => check(entry, value)),
  );
  const orderBy = filter?.text('orderBy') ?? '-createdAt';
  const m = /^([+-])(createdAt|updatedAt|name)$/.exec(orderBy) ?? ['-createdAt', '-', 'createdAt'];
  const compare = ORDERS[m[2]];
  return found.sort((a, b) => (m[1] === '-' ? compare(b, a) : compare(a, b)));
}

/** `list`: a page of matching entries and their total. */
export function listEntries(call: ActionCall, mediaOnly: boolean, responseType: string): KObject {
  const found = matchingEntries(call, argObject(call, 'filter'), mediaOnly);
  return kobject(responseType, { objects: pageOf(found, argObject(call, 'pager')).map((s) => s.entry), totalCount: found.length });
}

/** `count`: how many entries match. */
export function countEntries(call: ActionCall, mediaOnly: boolean): number {
  return matchingEntries(call, argObject(call, 'filter'), mediaOnly).length;
}
