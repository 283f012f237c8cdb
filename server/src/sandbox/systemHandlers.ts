/** The `system` actions: `ping`, `pingDatabase` (always true), `getVersion` (the schema's apiVersion), `getTime`. */

import { nowSeconds, type ActionHandler } from './actionCall';

export const SYSTEM_HANDLERS: ReadonlyArray<readonly [string, ActionHandler]> = [
  ['system.ping', () => true],
  ['system.pingdatabase', () => true],
  ['system.getversion', (call) => call.runtime.schema.data.apiVersion],
  ['system.gettime', (call) => nowSeconds(call.runtime)],
];
