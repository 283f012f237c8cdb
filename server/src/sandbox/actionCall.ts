/** What an action handler receives (the sandbox runtime, the session, the built arguments) and small readers over it. */

import type { ActionDef, KalturaSchema, ServiceDef } from '../language/index';
import { KObject, NULL_FIELD, type KValue } from './kalturaObject';
import type { ParsedKs } from './ksCodec';
import type { SandboxState } from './sandboxState';
import type { UploadFiles } from './uploadFiles';

/** The sandbox as handlers see it. */
export interface SandboxRuntime {
  readonly schema: KalturaSchema;
  /** The schema XML as given (served by `api_schema.php`). */
  readonly schemaXml?: string;
  readonly state: SandboxState;
  readonly uploads: UploadFiles;
  /** Milliseconds since the epoch (injectable). */
  now(): number;
  /** How long an entry stays PRECONVERT after content is attached (0: READY at once). */
  readonly convertSeconds: number;
  /** `http://host:port` once listening. */
  baseUrl(): string;
}

/** The session of one call (`kCurrentContext`). */
export interface SessionContext {
  /** The KS string as sent (also when empty). */
  readonly ksString?: string;
  /** The parsed, signature-checked KS. */
  readonly ks?: ParsedKs;
  /** The KS partner, else the `partnerId`/`p` parameter. */
  readonly partnerId?: number;
}

export interface ActionCall {
  readonly runtime: SandboxRuntime;
  readonly service: ServiceDef;
  readonly action: ActionDef;
  readonly args: ReadonlyMap<string, KValue>;
  readonly session: SessionContext;
}

/** An action's implementation: returns the result or throws an `ApiError`. */
export type ActionHandler = (call: ActionCall) => KValue;

export function nowSeconds(runtime: SandboxRuntime): number {
  return Math.floor(runtime.now() / 1000);
}

/** A string argument, or undefined when null. */
export function argString(call: ActionCall, name: string): string | undefined {
  const v = call.args.get(name);
  if (v === undefined || v === null || v === NULL_FIELD) return undefined;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : typeof v === 'boolean' ? (v ? '1' : '') : undefined;
}

/** A numeric argument, or undefined when null. */
export function argNumber(call: ActionCall, name: string): number | undefined {
  const v = call.args.get(name);
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function argObject(call: ActionCall, name: string): KObject | undefined {
  const v = call.args.get(name);
  return v instanceof KObject ? v : undefined;
}

/** The partner the call acts for (KS partner, else `partnerId`). */
export function callPartnerId(call: ActionCall): number {
  return call.session.ks?.partnerId ?? call.session.partnerId ?? 0;
}

/** The user of the session (`''` when anonymous). */
export function callUserId(call: ActionCall): string {
  return call.session.ks?.userId ?? '';
}
