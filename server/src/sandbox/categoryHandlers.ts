/**
 * The `category` actions `get` and `list` (filters on ids, parents, depth, full names and ids, tags, reference id,
 * privacy and status; deleted categories left out unless asked for; `orderBy` by the class's order fields).
 */

import { argNumber, argObject, callPartnerId, type ActionCall, type ActionHandler } from './actionCall';
import { ApiError } from './apiError';
import { CATEGORY_STATUS_ACTIVE } from './categoryRecords';
import { pageOf } from './entryListing';
import { kobject, type KObject } from './kalturaObject';
import { csv, includesFolded, matchesFilter, orderObjects, type FieldCheck } from './objectFilters';

const ORDER_FIELDS = ['createdAt', 'updatedAt', 'depth', 'name', 'fullName', 'entriesCount', 'directEntriesCount', 'directSubCategoriesCount', 'membersCount', 'partnerSortValue'];

const ids = (c: KObject) => (c.text('fullIds') ?? '').split('>');

const CHECKS: Readonly<Record<string, FieldCheck>> = {
  idEqual: (c, v) => c.text('id') === v,
  idIn: (c, v) => csv(v).includes(c.text('id') ?? ''),
  idNotIn: (c, v) => !csv(v).includes(c.text('id') ?? ''),
  parentIdEqual: (c, v) => c.text('parentId') === v,
  parentIdIn: (c, v) => csv(v).includes(c.text('parentId') ?? ''),
  depthEqual: (c, v) => c.text('depth') === v,
  fullNameEqual: (c, v) => c.text('fullName') === v,
  fullNameStartsWith: (c, v) => (c.text('fullName') ?? '').startsWith(v),
  fullNameIn: (c, v) => csv(v).includes(c.text('fullName') ?? ''),
  fullNameStartsWithIn: (c, v) => csv(v).some((prefix) => (c.text('fullName') ?? '').startsWith(prefix)),
  fullIdsEqual: (c, v) => c.text('fullIds') === v,
  fullIdsStartsWith: (c, v) => (c.text('fullIds') ?? '').startsWith(v),
  ancestorIdIn: (c, v) => csv(v).some((id) => ids(c).slice(0, -1).includes(id)),
  tagsLike: (c, v) => includesFolded(c.text('tags'), v),
  tagsMultiLikeOr: (c, v) => csv(v).some((w) => includesFolded(c.text('tags'), w)),
  tagsMultiLikeAnd: (c, v) => csv(v).every((w) => includesFolded(c.text('tags'), w)),
  referenceIdEqual: (c, v) => c.text('referenceId') === v,
  nameOrReferenceIdStartsWith: (c, v) => (c.text('name') ?? '').startsWith(v) || (c.text('referenceId') ?? '').startsWith(v),
  privacyEqual: (c, v) => c.text('privacy') === v,
  privacyIn: (c, v) => csv(v).includes(c.text('privacy') ?? ''),
  appearInListEqual: (c, v) => c.text('appearInList') === v,
  statusEqual: (c, v) => c.text('status') === v,
  statusIn: (c, v) => csv(v).includes(c.text('status') ?? ''),
  freeText: (c, v) => v.split(/\s+/).every((w) => w === '' || [c.text('name'), c.text('description'), c.text('tags'), c.text('referenceId')].some((t) => includesFolded(t, w))),
  createdAtGreaterThanOrEqual: (c, v) => (c.number('createdAt') ?? 0) >= Number(v),
  createdAtLessThanOrEqual: (c, v) => (c.number('createdAt') ?? 0) <= Number(v),
  updatedAtGreaterThanOrEqual: (c, v) => (c.number('updatedAt') ?? 0) >= Number(v),
  updatedAtLessThanOrEqual: (c, v) => (c.number('updatedAt') ?? 0) <= Number(v),
};

const get: ActionHandler = (call: ActionCall) => {
  const id = argNumber(call, 'id');
  const category = id === undefined ? undefined : call.runtime.state.categories.get(id);
  if (!category || category.number('partnerId') !== callPartnerId(call) || category.number('status') !== CATEGORY_STATUS_ACTIVE) {
    throw new ApiError('CATEGORY_NOT_FOUND', id ?? null);
  }
  return category;
};

const list: ActionHandler = (call: ActionCall) => {
  const partnerId = callPartnerId(call);
  const filter = argObject(call, 'filter');
  const statusAsked = filter?.text('statusEqual') !== undefined || filter?.text('statusIn') !== undefined;
  const own = [...call.runtime.state.categories.values()].filter((category) => category.number('partnerId') === partnerId);
  const found = own.filter((category) => (statusAsked || category.number('status') === CATEGORY_STATUS_ACTIVE) && matchesFilter(category, filter, CHECKS));
  const ordered = orderObjects(found, filter?.text('orderBy'), ORDER_FIELDS);
  return kobject('KalturaCategoryListResponse', { objects: pageOf(ordered, argObject(call, 'pager')), totalCount: ordered.length });
};

export const CATEGORY_HANDLERS: ReadonlyArray<readonly [string, ActionHandler]> = [
  ['category.get', get],
  ['category.list', list],
];
