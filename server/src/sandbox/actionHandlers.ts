/** The table of actions the sandbox implements, by `serviceId.actionname` (lower case). */

import { CATEGORY_HANDLERS } from './categoryHandlers';
import type { HandlerTable } from './dispatcher';
import { ENTRY_HANDLERS } from './entryHandlers';
import { FLAVOR_ASSET_HANDLERS } from './flavorAssetHandlers';
import { SESSION_HANDLERS } from './sessionHandlers';
import { SYSTEM_HANDLERS } from './systemHandlers';
import { UPLOAD_TOKEN_HANDLERS } from './uploadTokenHandlers';
import { USER_HANDLERS } from './userHandlers';

export const SANDBOX_HANDLERS: HandlerTable = new Map([
  ...SESSION_HANDLERS,
  ...SYSTEM_HANDLERS,
  ...ENTRY_HANDLERS,
  ...UPLOAD_TOKEN_HANDLERS,
  ...USER_HANDLERS,
  ...CATEGORY_HANDLERS,
  ...FLAVOR_ASSET_HANDLERS,
]);

/** `serviceid.actionname` keys (lower case, as dispatched) of the implemented actions. */
export function implementedActions(): string[] {
  return [...SANDBOX_HANDLERS.keys()];
}
