/**
 * The server's memory of flows (spec §10.1): one store of captured values (and prompt answers) per file and
 * environment, the environment each document was last sent to, and those values as hover and completion show them.
 */

import type { FlowValues, FlowValueStore } from '../engine/index';
import type { CapturedValueInfo } from '../language/index';
import type { RuntimeEnvironment } from './runtimeEnvironment';

/** The store's key of "no environment". */
const NO_ENVIRONMENT = '';

export class FlowMemory {
  private store?: FlowValueStore;
  private readonly lastEnvironment = new Map<string, string>();
  /** The `kreq.environment` setting (or initialization option) as last read: the environment of documents not sent yet. */
  configuredEnvironment?: string;

  constructor(private readonly runtime: RuntimeEnvironment) {}

  /** The values of a document in an environment (undefined: none); created on first use. */
  values(uri: string, environment: string | undefined): FlowValues | undefined {
    const store = this.valueStore();
    return store?.values(uri, environment ?? NO_ENVIRONMENT);
  }

  /** After a send: the environment hover shows values of from now on. */
  sentTo(uri: string, environment: string | undefined): void {
    this.lastEnvironment.set(uri, environment ?? NO_ENVIRONMENT);
  }

  /** The environment a document's values are shown for: the one its last send used, else the configured one. */
  currentEnvironment(uri: string): string | undefined {
    const last = this.lastEnvironment.get(uri);
    if (last !== undefined) return last === NO_ENVIRONMENT ? undefined : last;
    return this.configuredEnvironment;
  }

  /** The values of a document in its current environment, as shown (secrets masked), for the language service. */
  capturedValues(uri: string): ReadonlyMap<string, CapturedValueInfo> | undefined {
    const values = this.store?.values(uri, this.currentEnvironment(uri) ?? NO_ENVIRONMENT);
    if (!values || values.size === 0) return undefined;
    const mask = this.runtime.sending?.engine.MASK ?? '***';
    const out = new Map<string, CapturedValueInfo>();
    for (const [name, v] of values) out.set(name, { shown: v.secret ? mask : v.value, line: v.line, source: v.source, at: v.at });
    return out;
  }

  /** Forgets the values of one document (every environment) or of all; returns how many went. */
  clear(uri?: string): number {
    return this.store?.clear(uri) ?? 0;
  }

  private valueStore(): FlowValueStore | undefined {
    if (!this.store && this.runtime.sending) this.store = this.runtime.sending.engine.createFlowValueStore();
    return this.store;
  }
}
