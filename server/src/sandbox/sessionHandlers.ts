/**
 * The session actions: `session.start/get/end/startWidgetSession` and `appToken.startSession`, issuing v1 KS
 * strings signed with the partner's admin secret.
 */

import { createHash } from 'node:crypto';
import { argNumber, argString, callPartnerId, nowSeconds, type ActionCall, type ActionHandler, type SandboxRuntime } from './actionCall';
import { ApiError } from './apiError';
import { kobject } from './kalturaObject';
import { buildPrivileges, decodeKs, encodeKsV1, parsePrivileges, SESSION_TYPE_USER } from './ksCodec';
import type { AppTokenHashType, SandboxPartner } from './sandboxState';

const DEFAULT_EXPIRY = 86400;
const ANONYMOUS_USER = '0';
const WIDGET_PRIVILEGES = 'view:*,widget:1';
const APP_TOKEN_ACTIVE = 2;

/** `microtime(true)` as PHP prints it (4 decimals). */
function microtime(runtime: SandboxRuntime): string {
  return String(Number(((runtime.now() + Math.random()) / 1000).toFixed(4)));
}

function issueKs(runtime: SandboxRuntime, partner: SandboxPartner, type: number, userId: string, expiry: number, privileges: string): { ks: string; validUntil: number } {
  const validUntil = nowSeconds(runtime) + expiry;
  const ks = encodeKsV1(partner.adminSecret, { partnerId: partner.id, validUntil, type, rand: microtime(runtime), userId, privileges });
  return { ks, validUntil };
}

/** `session.start`: the admin secret opens any type, the user secret only USER sessions. */
const start: ActionHandler = (call) => {
  const partnerId = argNumber(call, 'partnerId');
  const partner = partnerId === undefined ? undefined : call.runtime.state.partners.get(partnerId);
  const type = argNumber(call, 'type') ?? SESSION_TYPE_USER;
  const secret = argString(call, 'secret') ?? '';
  const valid = partner && (secret === partner.adminSecret || (type === SESSION_TYPE_USER && secret === partner.userSecret));
  if (!partner || !valid) throw new ApiError('START_SESSION_ERROR', partnerId ?? null);
  const expiry = argNumber(call, 'expiry') ?? DEFAULT_EXPIRY;
  return issueKs(call.runtime, partner, type, argString(call, 'userId') ?? '', expiry, argString(call, 'privileges') ?? '').ks;
};

/** `session.get`: decodes the given KS (default: the call's own); `ks` itself is left out. */
const get: ActionHandler = (call) => {
  const text = argString(call, 'session') || call.session.ksString || '';
  const ks = decodeKs(text, (pid) => call.runtime.state.adminSecretOf(pid));
  // ks::fromSecureString throws a plain Exception for a bad KS: the server maps it to an internal error.
  if (!ks) throw new ApiError('INTERNAL_SERVERL_ERROR');
  const partnerId = callPartnerId(call);
  if (ks.partnerId !== partnerId) throw new ApiError('PARTNER_ACCESS_FORBIDDEN', partnerId, ks.partnerId);
  return kobject('KalturaSessionInfo', { sessionType: ks.type, partnerId: ks.partnerId, userId: ks.userId, expiry: ks.validUntil, privileges: ks.privileges });
};

/** `session.end`: the call's KS stops working (`INVALID_KS` … `LOGOUT`). */
const end: ActionHandler = (call) => {
  if (call.session.ks) call.runtime.state.endedSessions.add(call.session.ks.hash);
  return null;
};

/** `session.startWidgetSession`: widget `_<partnerId>` gives an anonymous view-only USER session. */
const startWidgetSession: ActionHandler = (call) => {
  const widgetId = argString(call, 'widgetId') ?? '';
  const partner = [...call.runtime.state.partners.values()].find((p) => `_${p.id}` === widgetId);
  if (!partner) throw new ApiError('INVALID_WIDGET_ID', widgetId);
  const { ks } = issueKs(call.runtime, partner, SESSION_TYPE_USER, ANONYMOUS_USER, argNumber(call, 'expiry') ?? DEFAULT_EXPIRY, WIDGET_PRIVILEGES);
  // SessionService::startWidgetSession sets `$userId = 0` and returns it as is: the number 0, not the string.
  return kobject('KalturaStartWidgetSessionResponse', { partnerId: partner.id, ks, userId: 0 });
};

const HASH_ALGORITHMS: Record<AppTokenHashType, string> = { MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

function mergePrivileges(...lists: (string | undefined)[]): string {
  const merged = new Map<string, string[]>();
  for (const list of lists) {
    if (!list) continue;
    for (const [name, values] of parsePrivileges(list)) merged.set(name, [...(merged.get(name) ?? []), ...values]);
  }
  return buildPrivileges(merged);
}

/** `appToken.startSession`: `tokenHash` must be `hex(hash(hashType, <this call's KS> + token))`. */
const startSession: ActionHandler = (call: ActionCall) => {
  const { state } = call.runtime;
  const id = argString(call, 'id') ?? '';
  const partnerId = callPartnerId(call);
  const token = state.appTokens.get(id);
  if (!token || token.partnerId !== partnerId) throw new ApiError('APP_TOKEN_ID_NOT_FOUND', id);
  if ((token.status ?? APP_TOKEN_ACTIVE) !== APP_TOKEN_ACTIVE) throw new ApiError('APP_TOKEN_NOT_ACTIVE', id);
  const expected = createHash(HASH_ALGORITHMS[token.hashType ?? 'SHA1'])
    .update((call.session.ksString ?? '') + token.token)
    .digest('hex');
  if (expected !== argString(call, 'tokenHash')) throw new ApiError('INVALID_APP_TOKEN_HASH');
  let tokenExpiry = token.sessionDuration ?? DEFAULT_EXPIRY;
  if (token.expiry !== undefined) {
    tokenExpiry = Math.min(tokenExpiry, token.expiry - nowSeconds(call.runtime));
    if (tokenExpiry < 0) throw new ApiError('APP_TOKEN_EXPIRED', id);
  }
  const requested = argNumber(call, 'expiry');
  const expiry = requested ? Math.min(requested, tokenExpiry) : tokenExpiry;
  const type = token.sessionType ?? argNumber(call, 'type') ?? SESSION_TYPE_USER;
  const userId = token.sessionUserId ?? argString(call, 'userId');
  const privileges = mergePrivileges(`sessionid:${id},apptoken:${id}`, argString(call, 'sessionPrivileges'), token.sessionPrivileges);
  const partner = state.partners.get(partnerId);
  if (!partner) throw new ApiError('START_SESSION_ERROR', partnerId);
  const { ks, validUntil } = issueKs(call.runtime, partner, type, userId ?? '', expiry, privileges);
  return kobject('KalturaSessionInfo', { ks, sessionType: type, partnerId, userId, expiry: validUntil, privileges });
};

export const SESSION_HANDLERS: ReadonlyArray<readonly [string, ActionHandler]> = [
  ['session.start', start],
  ['session.get', get],
  ['session.end', end],
  ['session.startwidgetsession', startWidgetSession],
  ['apptoken.startsession', startSession],
];
