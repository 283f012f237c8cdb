/**
 * One API call as `KalturaDispatcher::dispatch` runs it: service and action lookup (case-insensitive, plugin ids,
 * alias actions), language check, KS parsing, argument building (and the `responseProfile`), KS expiry, access, then
 * the sandbox's handler, whose result the response profile shapes.
 * A known action without a handler is checked the same way and then answers `ACTION_BLOCKED` (see README).
 */

import type { ActionCall, ActionHandler, SandboxRuntime } from './actionCall';
import { ApiError, describeError, FatalError } from './apiError';
import { buildActionArguments, groupParams } from './argumentBuilder';
import { phpToString, phpTruthy, type PhpArray, type PhpValue } from './phpValues';
import { applyResponseProfile, buildResponseProfile } from './responseProfile';
import type { CallResult } from './responseSerializers';
import { checkAccess, checkSessionValidity, resolveSession } from './sessionAccess';

/** Extra response headers a call asks for (PHP `header()`). */
export type ResponseHeaders = Map<string, string>;

/** Handlers by `serviceId.actionname` (both lower case). */
export type HandlerTable = ReadonlyMap<string, ActionHandler>;

/** Header a not-implemented action adds, so that nobody mistakes the sandbox's answer for the server's. */
export const NOT_IMPLEMENTED_HEADER = 'X-Kreq-Sandbox';

/**
 * `multiLingualUtils::LANGUAGE_CODE_REGEX` (kaltura/server `alpha/apps/kaltura/lib/multiLingualUtils.php`); PHP's `$`
 * also matches before a final newline, hence the `\n?`.
 */
const LANGUAGE_CODE = /^[a-zA-Z]{2,4}([-_][a-zA-Z]{2,4})?\n?$/;

/** `KalturaDispatcher::dispatch`: `language` is `multi` (any case) or matches the server's language-code pattern. */
function checkLanguage(language: PhpValue | undefined): void {
  if (language === undefined || language === null) return;
  const code = phpToString(language);
  if (code.toLowerCase() === 'multi') return;
  if (!LANGUAGE_CODE.test(code)) throw new ApiError('INVALID_LANGUAGE_CODE', code);
}

function callAction(runtime: SandboxRuntime, handlers: HandlerTable, service: PhpValue | undefined, action: PhpValue | undefined, params: PhpArray, headers: ResponseHeaders): CallResult {
  if (service === undefined || service === null || !phpTruthy(service)) throw new ApiError('SERVICE_NOT_SPECIFIED');
  const serviceId = phpToString(service).toLowerCase();
  const serviceDef = runtime.schema.service(serviceId);
  if (!serviceDef) throw new ApiError('SERVICE_DOES_NOT_EXISTS', serviceId);
  if (action === undefined || action === null || !phpTruthy(action)) throw new ApiError('ACTION_NOT_SPECIFIED', serviceId);
  const actionName = phpToString(action).toLowerCase();
  const actionDef = runtime.schema.action(serviceDef, actionName);
  if (!actionDef) throw new ApiError('ACTION_DOES_NOT_EXISTS', actionName, serviceId);
  checkLanguage(params.get('language'));
  const session = resolveSession(runtime, params);
  const nowSeconds = Math.floor(runtime.now() / 1000);
  const ctx = { schema: runtime.schema, nowSeconds };
  const grouped = groupParams(params);
  const args = buildActionArguments(ctx, actionDef, grouped);
  const responseProfile = buildResponseProfile(ctx, grouped);
  checkSessionValidity(runtime, session);
  try {
    checkAccess(runtime, serviceDef, actionDef, session);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'SERVICE_FORBIDDEN') {
      headers.set('X-Kaltura', `error-${e.code}`);
      headers.set('X-Kaltura-App', `exiting on error ${e.code} - ${describeError(runtime.schema, e).message}`);
    }
    throw e;
  }
  const handler = handlers.get(`${serviceDef.id}.${actionName}`);
  if (!handler) {
    headers.set(NOT_IMPLEMENTED_HEADER, `not-implemented ${serviceDef.id}.${actionDef.name}`);
    throw new ApiError('ACTION_BLOCKED', actionName, serviceId);
  }
  const call: ActionCall = { runtime, service: serviceDef, action: actionDef, args, session };
  return applyResponseProfile(runtime.schema, handler(call), responseProfile);
}

/** Runs one call; API errors become the result, other failures `INTERNAL_SERVERL_ERROR` (a `FatalError` passes). */
export function dispatch(runtime: SandboxRuntime, handlers: HandlerTable, params: PhpArray, headers: ResponseHeaders): CallResult {
  try {
    return callAction(runtime, handlers, params.get('service'), params.get('action'), params, headers);
  } catch (e) {
    if (e instanceof ApiError) return e;
    if (e instanceof FatalError) throw e;
    return new ApiError('INTERNAL_SERVERL_ERROR');
  }
}
