/**
 * Secrets for sending (adminSecret, userSecret, ks, appToken.token, …) kept in VS Code's SecretStorage, each bound to
 * an environment (or all) AND the origin of the `serviceUrl` it is for, with an index of their names in globalState
 * because SecretStorage cannot list its keys. Values never leave it except in `kreq.send`/`kreq.copyAsCurl` arguments.
 */

import type * as vscode from 'vscode';
import { DEFAULT_ORIGIN, serviceOrigin } from '../../server/src/protocol';

/** The name of one stored secret: for one environment, or for all when `environment` is undefined. */
export interface SecretName {
  readonly environment?: string;
  readonly key: string;
  /** The origin (`https://www.kaltura.com`) the secret may be sent to. Absent on secrets stored before origins
   *  existed: they are bound to the default origin, https://www.kaltura.com. */
  readonly origin?: string;
}

const INDEX_KEY = 'kreq.secretIndex';

/** The origin a secret is bound to. */
export function secretOrigin(name: SecretName): string {
  return name.origin ?? DEFAULT_ORIGIN;
}

/** `prod.adminSecret`, or `adminSecret` for every environment, for people (`secretOrigin` says where it may go). */
export function secretLabel(name: SecretName): string {
  return name.environment ? `${name.environment}.${name.key}` : name.key;
}

/** The key of protocol.ts `SendArguments.secrets`: `prod@https://www.kaltura.com.adminSecret`, or
 *  `@https://www.kaltura.com.adminSecret` for every environment; the server uses it only with that origin. */
export function secretArgumentKey(name: SecretName): string {
  return `${name.environment ?? ''}@${secretOrigin(name)}.${name.key}`;
}

function storageKey(name: SecretName): string {
  // Secrets stored before origins existed keep their old key.
  if (name.origin === undefined) return `kreq.${name.environment ? `${name.environment}.${name.key}` : name.key}`;
  return `kreq.${secretArgumentKey(name)}`;
}

function sameName(a: SecretName, b: SecretName): boolean {
  return (a.environment ?? '') === (b.environment ?? '') && a.key === b.key && a.origin === b.origin;
}

function isSecretName(item: unknown): item is SecretName {
  if (!item || typeof item !== 'object') return false;
  const name = item as SecretName;
  return typeof name.key === 'string'
    && (name.environment === undefined || typeof name.environment === 'string')
    && (name.origin === undefined || typeof name.origin === 'string');
}

export class SecretStore {
  constructor(
    private readonly storage: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {}

  /** Fires when a secret was stored or deleted (in this window or another). */
  get onDidChange(): vscode.Event<vscode.SecretStorageChangeEvent> {
    return this.storage.onDidChange;
  }

  /** The names stored, as indexed. */
  names(): readonly SecretName[] {
    const stored = this.state.get<unknown>(INDEX_KEY);
    return Array.isArray(stored) ? stored.filter(isSecretName) : [];
  }

  /** Stores a secret for `name.environment` and `name.origin` (normalised to an origin; required for new secrets). */
  async store(name: SecretName & { readonly origin: string }, value: string): Promise<void> {
    const bound: SecretName = { ...(name.environment ? { environment: name.environment } : {}), key: name.key, origin: serviceOrigin(name.origin) };
    await this.storage.store(storageKey(bound), value);
    const names = this.names().filter((known) => !sameName(known, bound));
    await this.state.update(INDEX_KEY, [...names, bound]);
  }

  async delete(name: SecretName): Promise<void> {
    await this.storage.delete(storageKey(name));
    await this.state.update(INDEX_KEY, this.names().filter((known) => !sameName(known, name)));
  }

  /**
   * The secrets that apply to `environment` (its own and those for every environment), keyed as
   * `SendArguments.secrets` wants them (`env@origin.key`, so that the server uses each only with its origin);
   * with `origin`, only those bound to it. Undefined when there are none.
   */
  async secretsFor(environment: string | undefined, origin?: string): Promise<Record<string, string> | undefined> {
    const secrets: Record<string, string> = {};
    const wanted = origin === undefined ? undefined : serviceOrigin(origin);
    let found = false;
    for (const name of this.names()) {
      if (name.environment !== undefined && name.environment !== environment) continue;
      if (wanted !== undefined && secretOrigin(name) !== wanted) continue;
      const value = await this.storage.get(storageKey(name));
      if (value === undefined) continue;
      secrets[secretArgumentKey(name)] = value;
      found = true;
    }
    return found ? secrets : undefined;
  }
}
