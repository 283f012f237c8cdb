/**
 * Session checks around a call, in the server's order: the KS is parsed first (malformed → `INVALID_KS`), its
 * expiry/logout is checked after the arguments, and access (`MISSING_KS`, `SERVICE_FORBIDDEN`) comes last.
 *
 * Access rule of the sandbox (the real server uses per-partner roles and permissions):
 * - `sessionRequired="none"`: anyone. `optional`: anyone without a KS; with a KS, the KS rules below.
 * - `always` without a KS: `SERVICE_FORBIDDEN` when a known partner is given by `partnerId`/`p`, else `MISSING_KS`.
 * - A widget KS (`session.startWidgetSession`) may call only `session.*`, `system.*`, `appToken.startSession` and
 *   `get`/`list`/`count` of `media` and `baseEntry`.
 * - A USER KS may not call admin-only actions: any action named `delete…` (except `uploadToken.delete`), and the
 *   services `appToken` (except `startSession`), `partner`, `permission`, `permissionItem`, `userRole`.
 * - Schemas without `sessionRequired` (2016): `session.start`, `session.startWidgetSession` and `system.*` need no KS,
 *   every other action is `always`.
 */

import type { ActionDef, ServiceDef, SessionRequired } from '../language/index';
import type { SandboxRuntime, SessionContext } from './actionCall';
import { ApiError } from './apiError';
import { decodeKs, isWidgetSession, SESSION_TYPE_USER } from './ksCodec';
import { phpToInt, phpToString, phpTruthy, type PhpArray, type PhpValue } from './phpValues';

/** `kCurrentContext::initKsPartnerUser`: reads `ks` and `p`/`partnerId`; a KS that does not parse is `INVALID_KS`. */
export function resolveSession(runtime: SandboxRuntime, params: PhpArray): SessionContext {
  const ksValue = params.get('ks');
  const ksString = ksValue === undefined || ksValue === null ? undefined : phpToString(ksValue);
  const hasKs = ksString !== undefined && phpTruthy(ksString);
  const partnerParam = (name: string): PhpValue | undefined => {
    const v = params.get(name);
    return v !== undefined && v !== null && (phpTruthy(v) || hasKs) ? v : undefined;
  };
  const p = partnerParam('p') ?? partnerParam('partnerId');
  const partnerId = p === undefined ? undefined : phpToInt(p);
  if (!hasKs) return { ksString, partnerId };
  const ks = decodeKs(ksString, (pid) => runtime.state.adminSecretOf(pid));
  if (!ks) throw new ApiError('INVALID_KS', ksString, -1, 'INVALID_STR');
  return { ksString, ks, partnerId: ks.partnerId };
}

/** Expired or ended sessions, reported after the arguments were read. */
export function checkSessionValidity(runtime: SandboxRuntime, session: SessionContext): void {
  const ks = session.ks;
  if (!ks) return;
  if (ks.validUntil <= Math.floor(runtime.now() / 1000)) throw new ApiError('INVALID_KS', 'EXPIRED', -1, 'INVALID_STR');
  if (!isWidgetSession(ks) && runtime.state.endedSessions.has(ks.hash)) throw new ApiError('INVALID_KS', 'LOGOUT', -1, 'INVALID_STR');
}

const NO_SESSION_IN_OLD_SCHEMAS = new Set(['session.start', 'session.startwidgetsession']);
const WIDGET_ACTIONS = new Set(['apptoken.startsession', 'media.get', 'media.list', 'media.count', 'baseentry.get', 'baseentry.list', 'baseentry.count']);
const WIDGET_SERVICES = new Set(['session', 'system']);
const ADMIN_ONLY_SERVICES = new Set(['apptoken', 'partner', 'permission', 'permissionitem', 'userrole']);

function sessionRequired(service: ServiceDef, action: ActionDef): SessionRequired {
  if (action.sessionRequired) return action.sessionRequired;
  const key = `${service.id}.${action.name.toLowerCase()}`;
  return NO_SESSION_IN_OLD_SCHEMAS.has(key) || service.id === 'system' ? 'none' : 'always';
}

function isAdminOnly(service: ServiceDef, action: ActionDef): boolean {
  if (/^delete/i.test(action.name) && service.id !== 'uploadtoken') return true;
  return ADMIN_ONLY_SERVICES.has(service.id) && !(service.id === 'apptoken' && action.name.toLowerCase() === 'startsession');
}

/** `KalturaBaseService::isPermitted` as the sandbox rule above. */
export function checkAccess(runtime: SandboxRuntime, service: ServiceDef, action: ActionDef, session: SessionContext): void {
  const required = sessionRequired(service, action);
  if (required === 'none') return;
  const forbidden = () => new ApiError('SERVICE_FORBIDDEN', `${service.id}->${action.name}`);
  const ks = session.ks;
  if (!ks) {
    if (required === 'optional') return;
    if (session.partnerId !== undefined && runtime.state.partners.has(session.partnerId)) throw forbidden();
    throw new ApiError('MISSING_KS');
  }
  const key = `${service.id}.${action.name.toLowerCase()}`;
  if (isWidgetSession(ks) && !WIDGET_SERVICES.has(service.id) && !WIDGET_ACTIONS.has(key)) throw forbidden();
  if (ks.type === SESSION_TYPE_USER && isAdminOnly(service, action)) throw forbidden();
}
