/**
 * The `flavorAsset` actions `get`, `getByEntryId` and `list` (filters on ids, entries, flavor params, status, size,
 * tags and times; `orderBy` ±createdAt, ±updatedAt, ±size) over the flavors uploads left (see flavorAssetRecords.ts).
 */

import { argObject, argString, callPartnerId, type ActionCall, type ActionHandler } from './actionCall';
import { ApiError } from './apiError';
import { findEntry } from './entryRecords';
import { pageOf } from './entryListing';
import { flavorsOfEntry } from './flavorAssetRecords';
import { kobject } from './kalturaObject';
import { csv, includesFolded, matchesFilter, orderObjects, type FieldCheck } from './objectFilters';

const CHECKS: Readonly<Record<string, FieldCheck>> = {
  idEqual: (f, v) => f.text('id') === v,
  idIn: (f, v) => csv(v).includes(f.text('id') ?? ''),
  entryIdEqual: (f, v) => f.text('entryId') === v,
  entryIdIn: (f, v) => csv(v).includes(f.text('entryId') ?? ''),
  flavorParamsIdEqual: (f, v) => f.text('flavorParamsId') === v,
  flavorParamsIdIn: (f, v) => csv(v).includes(f.text('flavorParamsId') ?? ''),
  statusEqual: (f, v) => f.text('status') === v,
  statusIn: (f, v) => csv(v).includes(f.text('status') ?? ''),
  statusNotIn: (f, v) => !csv(v).includes(f.text('status') ?? ''),
  sizeGreaterThanOrEqual: (f, v) => (f.number('size') ?? 0) >= Number(v),
  sizeLessThanOrEqual: (f, v) => (f.number('size') ?? 0) <= Number(v),
  tagsLike: (f, v) => includesFolded(f.text('tags'), v),
  tagsMultiLikeOr: (f, v) => csv(v).some((w) => includesFolded(f.text('tags'), w)),
  tagsMultiLikeAnd: (f, v) => csv(v).every((w) => includesFolded(f.text('tags'), w)),
  createdAtGreaterThanOrEqual: (f, v) => (f.number('createdAt') ?? 0) >= Number(v),
  createdAtLessThanOrEqual: (f, v) => (f.number('createdAt') ?? 0) <= Number(v),
  updatedAtGreaterThanOrEqual: (f, v) => (f.number('updatedAt') ?? 0) >= Number(v),
  updatedAtLessThanOrEqual: (f, v) => (f.number('updatedAt') ?? 0) <= Number(v),
};

const get: ActionHandler = (call: ActionCall) => {
  const id = argString(call, 'id') ?? '';
  const flavor = call.runtime.state.flavorAssets.get(id);
  if (!flavor || flavor.number('partnerId') !== callPartnerId(call)) throw new ApiError('FLAVOR_ASSET_ID_NOT_FOUND', id);
  return flavor;
};

/** `getByEntryId` (deprecated on the server, still served): the entry's flavors as an array. */
const getByEntryId: ActionHandler = (call: ActionCall) => {
  const entryId = argString(call, 'entryId') ?? '';
  findEntry(call, entryId, false);
  return flavorsOfEntry(call.runtime, entryId);
};

const list: ActionHandler = (call: ActionCall) => {
  const partnerId = callPartnerId(call);
  const filter = argObject(call, 'filter');
  const found = [...call.runtime.state.flavorAssets.values()].filter((flavor) => flavor.number('partnerId') === partnerId && matchesFilter(flavor, filter, CHECKS));
  const ordered = orderObjects(found, filter?.text('orderBy'), ['createdAt', 'updatedAt', 'size']);
  return kobject('KalturaFlavorAssetListResponse', { objects: pageOf(ordered, argObject(call, 'pager')), totalCount: ordered.length });
};

export const FLAVOR_ASSET_HANDLERS: ReadonlyArray<readonly [string, ActionHandler]> = [
  ['flavorasset.get', get],
  ['flavorasset.getbyentryid', getByEntryId],
  ['flavorasset.list', list],
];
