/**
 * Secrets for sending (adminSecret, userSecret, ks, appToken.token, …) kept in VS Code's SecretStorage under
 * `kreq.<env>.<key>` (or `kreq.<key>` for every environment), with an index of their names in globalState
 * because SecretStorage cannot list its keys. Values never leave it except in `kreq.send`/`kreq.copyAsCurl` arguments.
 */

import type * as vscode from 'vscode';

/** The name of one stored secret: for one environment, or for all when `environment` is undefined. */
export interface SecretName {
  readonly environment?: string;
  readonly key: string;
}

const INDEX_KEY = 'kreq.secretIndex';

/** `prod.adminSecret`, or `adminSecret` for every environment: the keys protocol.ts `SendArguments.secrets` takes. */
export function secretLabel(name: SecretName): string {
  return name.environment ? `${name.environment}.${name.key}` : name.key;
}

function storageKey(name: SecretName): string {
  return `kreq.${secretLabel(name)}`;
}

function sameName(a: SecretName, b: SecretName): boolean {
  return (a.environment ?? '') === (b.environment ?? '') && a.key === b.key;
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
    if (!Array.isArray(stored)) return [];
    return stored.filter((item): item is SecretName =>
      !!item && typeof item === 'object' && typeof (item as SecretName).key === 'string'
      && ((item as SecretName).environment === undefined || typeof (item as SecretName).environment === 'string'));
  }

  async store(name: SecretName, value: string): Promise<void> {
    await this.storage.store(storageKey(name), value);
    const names = this.names().filter((known) => !sameName(known, name));
    await this.state.update(INDEX_KEY, [...names, name.environment ? { environment: name.environment, key: name.key } : { key: name.key }]);
  }

  async delete(name: SecretName): Promise<void> {
    await this.storage.delete(storageKey(name));
    await this.state.update(INDEX_KEY, this.names().filter((known) => !sameName(known, name)));
  }

  /**
   * The secrets that apply to `environment` (its own and those for every environment), keyed as
   * `SendArguments.secrets` wants them; undefined when there are none.
   */
  async secretsFor(environment: string | undefined): Promise<Record<string, string> | undefined> {
    const secrets: Record<string, string> = {};
    let found = false;
    for (const name of this.names()) {
      if (name.environment !== undefined && name.environment !== environment) continue;
      const value = await this.storage.get(storageKey(name));
      if (value === undefined) continue;
      secrets[secretLabel(name)] = value;
      found = true;
    }
    return found ? secrets : undefined;
  }
}
