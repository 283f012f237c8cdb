/**
 * The `user` actions `get` (the session's user when no id is given; another user's only with an admin session) and
 * `list` (filters on ids, names, e-mail, tags, status and times; deleted users left out unless asked for).
 */

import { argObject, argString, callPartnerId, callUserId, type ActionCall, type ActionHandler } from './actionCall';
import { ApiError } from './apiError';
import { pageOf } from './entryListing';
import { kobject, type KObject } from './kalturaObject';
import { SESSION_TYPE_ADMIN } from './ksCodec';
import { csv, includesFolded, matchesFilter, orderObjects, type FieldCheck } from './objectFilters';
import { findUser } from './userRecords';

const USER_STATUS_DELETED = '2';

const startsWithFolded = (text: string | undefined, prefix: string) => (text ?? '').toLowerCase().startsWith(prefix.toLowerCase());

const CHECKS: Readonly<Record<string, FieldCheck>> = {
  idEqual: (u, v) => u.text('id') === v,
  idIn: (u, v) => csv(v).includes(u.text('id') ?? ''),
  typeEqual: (u, v) => u.text('type') === v,
  typeIn: (u, v) => csv(v).includes(u.text('type') ?? ''),
  isAdminEqual: (u, v) => (u.text('isAdmin') === '1') === (v === '1'),
  firstNameStartsWith: (u, v) => startsWithFolded(u.text('firstName'), v),
  lastNameStartsWith: (u, v) => startsWithFolded(u.text('lastName'), v),
  idOrScreenNameStartsWith: (u, v) => startsWithFolded(u.text('id'), v) || startsWithFolded(u.text('screenName'), v),
  firstNameOrLastNameStartsWith: (u, v) => startsWithFolded(u.text('firstName'), v) || startsWithFolded(u.text('lastName'), v),
  loginEnabledEqual: (u, v) => (u.text('loginEnabled') === '1') === (v === '1'),
  screenNameLike: (u, v) => includesFolded(u.text('screenName'), v),
  screenNameStartsWith: (u, v) => startsWithFolded(u.text('screenName'), v),
  emailLike: (u, v) => includesFolded(u.text('email'), v),
  emailStartsWith: (u, v) => startsWithFolded(u.text('email'), v),
  tagsMultiLikeOr: (u, v) => csv(v).some((w) => includesFolded(u.text('tags'), w)),
  tagsMultiLikeAnd: (u, v) => csv(v).every((w) => includesFolded(u.text('tags'), w)),
  statusEqual: (u, v) => u.text('status') === v,
  statusIn: (u, v) => csv(v).includes(u.text('status') ?? ''),
  createdAtGreaterThanOrEqual: (u, v) => (u.number('createdAt') ?? 0) >= Number(v),
  createdAtLessThanOrEqual: (u, v) => (u.number('createdAt') ?? 0) <= Number(v),
  updatedAtGreaterThanOrEqual: (u, v) => (u.number('updatedAt') ?? 0) >= Number(v),
  updatedAtLessThanOrEqual: (u, v) => (u.number('updatedAt') ?? 0) <= Number(v),
};

const get: ActionHandler = (call: ActionCall) => {
  const userId = argString(call, 'userId') || callUserId(call);
  if (call.session.ks?.type !== SESSION_TYPE_ADMIN && userId !== callUserId(call)) throw new ApiError('CANNOT_RETRIEVE_ANOTHER_USER_USING_NON_ADMIN_SESSION', userId);
  const user = findUser(call.runtime, callPartnerId(call), userId);
  if (!user || user.text('status') === USER_STATUS_DELETED) throw new ApiError('INVALID_USER_ID', userId);
  return user;
};

const list: ActionHandler = (call: ActionCall) => {
  const partnerId = callPartnerId(call);
  const filter = argObject(call, 'filter');
  const statusAsked = filter?.text('statusEqual') !== undefined || filter?.text('statusIn') !== undefined;
  const own = [...call.runtime.state.users.values()].filter((user: KObject) => user.number('partnerId') === partnerId);
  const found = own.filter((user) => (statusAsked || user.text('status') !== USER_STATUS_DELETED) && matchesFilter(user, filter, CHECKS));
  const ordered = orderObjects(found, filter?.text('orderBy'), ['createdAt', 'updatedAt', 'id']);
  return kobject('KalturaUserListResponse', { objects: pageOf(ordered, argObject(call, 'pager')), totalCount: ordered.length });
};

export const USER_HANDLERS: ReadonlyArray<readonly [string, ActionHandler]> = [
  ['user.get', get],
  ['user.list', list],
];
