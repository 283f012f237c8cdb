/**
 * Users in the sandbox store: the server makes a `KalturaUser` the first time a session's user id owns something
 * (an entry), and `ensureUser` does the same; demo users are made with their names filled in.
 */

import type { SandboxRuntime } from './actionCall';
import { declaredObject, type KObject, type KValue } from './kalturaObject';
import { userKey } from './sandboxState';

export const USER_STATUS_ACTIVE = 1;
const USER_TYPE_USER = 0;
const USER_MODE_NONE = 0;

/**
 * The user `userId` of the partner, made (ACTIVE, created at `nowSeconds`) when it is not there yet; `fields` fill in
 * a new user's names. An empty id (an anonymous session) makes no user.
 */
export function ensureUser(runtime: SandboxRuntime, partnerId: number, userId: string, nowSeconds: number, fields: Record<string, KValue> = {}): KObject | undefined {
  if (userId === '') return undefined;
  const key = userKey(partnerId, userId);
  const existing = runtime.state.users.get(key);
  if (existing) return existing;
  const user = declaredObject(runtime.schema, 'KalturaUser', {
    id: userId,
    partnerId,
    screenName: userId,
    fullName: '',
    email: '',
    status: USER_STATUS_ACTIVE,
    createdAt: nowSeconds,
    updatedAt: nowSeconds,
    statusUpdatedAt: nowSeconds,
    storageSize: 0,
    userMode: USER_MODE_NONE,
    type: USER_TYPE_USER,
    isAdmin: false,
    isGuest: false,
    isAccountOwner: false,
    loginEnabled: false,
    firstName: '',
    lastName: '',
    ...fields,
  });
  runtime.state.users.set(key, user);
  return user;
}

/** The user `userId` of the partner, or undefined. */
export function findUser(runtime: SandboxRuntime, partnerId: number, userId: string): KObject | undefined {
  return runtime.state.users.get(userKey(partnerId, userId));
}
