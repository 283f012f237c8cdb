/**
 * "Kreq: Set Secret" (pick the environment and the key, type the value: it goes to VS Code's secret storage, bound
 * to the origin of the environment's `serviceUrl`) and "Kreq: Clear Secrets" (pick stored secrets to forget).
 * Values are never shown or logged.
 */

import * as vscode from 'vscode';
import { DEFAULT_ORIGIN, serviceOrigin } from '../../server/src/protocol';
import type { ActiveEnvironment } from './activeEnvironment';
import { type SecretName, secretLabel, secretOrigin, type SecretStore } from './secretStore';
import type { ServerCommands } from './serverCommands';

export const SET_SECRET_COMMAND = 'kreq.setSecret';
export const CLEAR_SECRETS_COMMAND = 'kreq.clearSecrets';

/** The keys of an environment that hold secrets (spec §7). */
const SECRET_KEYS: ReadonlyArray<{ readonly key: string; readonly detail: string }> = [
  { key: 'adminSecret', detail: 'starts an ADMIN session (session.start)' },
  { key: 'userSecret', detail: 'starts a USER session (session.start)' },
  { key: 'ks', detail: 'a Kaltura session to use as it is' },
  { key: 'appToken.token', detail: 'the token of the appToken (with appToken.id in kreq.env.json)' },
];
const KEY_PATTERN = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

type EnvironmentItem = vscode.QuickPickItem & { readonly environment?: string; readonly other?: boolean };

/** Environment names around the active .kreq file and their origins, when the server can tell. */
async function knownEnvironments(server: ServerCommands): Promise<{ readonly names: readonly string[]; readonly origins: Readonly<Record<string, string>> }> {
  const editor = vscode.window.activeTextEditor;
  const uri = editor?.document.languageId === 'kreq' ? editor.document.uri.toString() : undefined;
  if (!uri) return { names: [], origins: {} };
  try {
    const list = await server.listEnvironments(uri);
    return { names: list.names, origins: list.origins ?? {} };
  } catch {
    return { names: [], origins: {} };
  }
}

/** The origin the secret is for: the environment's, as the server says; else asked (default https://www.kaltura.com). */
async function pickOrigin(known: string | undefined, environment: string | undefined): Promise<string | undefined> {
  if (known) return known;
  const typed = await vscode.window.showInputBox({
    title: 'Kreq: Set Secret',
    prompt: `The serviceUrl ${environment ? `of "${environment}" ` : ''}the secret may be sent to (it is used with no other)`,
    value: DEFAULT_ORIGIN,
    validateInput: (value) => (/^https?:\/\/[^/\s]+/i.test(value.trim()) ? undefined : 'An http(s) address, e.g. https://www.kaltura.com'),
  });
  return typed?.trim() ? serviceOrigin(typed.trim()) : undefined;
}

async function pickEnvironment(server: ServerCommands, active: ActiveEnvironment): Promise<{ environment?: string; origin?: string } | undefined> {
  const known = await knownEnvironments(server);
  const names = new Set(known.names);
  if (active.current) names.add(active.current);
  const items: EnvironmentItem[] = [...names].map((name) => ({ label: name, environment: name, description: name === active.current ? 'active' : undefined }));
  items.push({ label: '$(globe) All environments', description: 'used where an environment does not set the key' });
  items.push({ label: '$(edit) Other environment…', other: true });
  const chosen = await vscode.window.showQuickPick(items, { title: 'Kreq: Set Secret (1/3)', placeHolder: 'Which environment is the secret for?' });
  if (!chosen) return undefined;
  if (!chosen.other) return { environment: chosen.environment, origin: chosen.environment ? known.origins[chosen.environment] : undefined };
  const typed = await vscode.window.showInputBox({
    title: 'Kreq: Set Secret (1/3)',
    prompt: 'Environment name, as in kreq.env.json',
    validateInput: (value) => (/^[^\s.$][^\s.]*$/.test(value.trim()) ? undefined : 'A name without spaces or dots'),
  });
  return typed?.trim() ? { environment: typed.trim(), origin: known.origins[typed.trim()] } : undefined;
}

async function pickKey(): Promise<string | undefined> {
  const items: Array<vscode.QuickPickItem & { readonly other?: boolean }> = SECRET_KEYS.map(({ key, detail }) => ({ label: key, description: detail }));
  items.push({ label: '$(edit) Other key…', other: true });
  const chosen = await vscode.window.showQuickPick(items, { title: 'Kreq: Set Secret (2/3)', placeHolder: 'Which key of the environment?' });
  if (!chosen) return undefined;
  if (!chosen.other) return chosen.label;
  const typed = await vscode.window.showInputBox({
    title: 'Kreq: Set Secret (2/3)',
    prompt: 'Key, as in kreq.env.json (a variable name, or e.g. appToken.token)',
    validateInput: (value) => (KEY_PATTERN.test(value.trim()) ? undefined : 'Letters, digits, _ and $, parts joined by dots'),
  });
  return typed?.trim() || undefined;
}

/** `kreq.setSecret` with `{ environment?, key, value, origin? }` stores without asking (scripts, tests); without
 *  `origin`, the secret is bound to the environment's current origin (or https://www.kaltura.com). */
function isGivenSecret(value: unknown): value is SecretName & { readonly value: string } {
  if (!value || typeof value !== 'object') return false;
  const given = value as { environment?: unknown; key?: unknown; value?: unknown; origin?: unknown };
  return typeof given.key === 'string' && KEY_PATTERN.test(given.key) && typeof given.value === 'string' && given.value !== ''
    && (given.environment === undefined || (typeof given.environment === 'string' && given.environment !== ''))
    && (given.origin === undefined || typeof given.origin === 'string');
}

async function setSecret(store: SecretStore, server: ServerCommands, active: ActiveEnvironment, given: unknown): Promise<void> {
  if (isGivenSecret(given)) {
    const origin = given.origin ?? (given.environment ? (await knownEnvironments(server)).origins[given.environment] : undefined) ?? DEFAULT_ORIGIN;
    await store.store({ environment: given.environment, key: given.key, origin }, given.value);
    return;
  }
  const target = await pickEnvironment(server, active);
  if (!target) return;
  const origin = await pickOrigin(target.origin, target.environment);
  if (!origin) return;
  const key = await pickKey();
  if (!key) return;
  const name = { environment: target.environment, key, origin };
  const value = await vscode.window.showInputBox({
    title: 'Kreq: Set Secret (3/3)',
    prompt: `Value of ${secretLabel(name)} (kept in VS Code's secret storage, sent only to the kreq language server, used only with ${origin})`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (text) => (text ? undefined : 'Empty: press Escape to cancel'),
  });
  if (!value) return;
  await store.store(name, value);
  void vscode.window.showInformationMessage(`Kreq: ${secretLabel(name)} stored in VS Code's secret storage, for ${origin} only.`);
}

async function clearSecrets(store: SecretStore): Promise<void> {
  const names = store.names();
  if (!names.length) {
    void vscode.window.showInformationMessage('Kreq: no secrets are stored.');
    return;
  }
  const items = names.map((name) => ({
    label: secretLabel(name),
    description: `${name.environment ? '' : 'all environments · '}${secretOrigin(name)}`,
    picked: true,
    name,
  }));
  const chosen = await vscode.window.showQuickPick(items, { title: 'Kreq: Clear Secrets', placeHolder: 'Secrets to forget', canPickMany: true });
  if (!chosen?.length) return;
  for (const item of chosen) await store.delete(item.name);
  void vscode.window.showInformationMessage(`Kreq: forgot ${chosen.length === 1 ? chosen[0].label : `${chosen.length} secrets`}.`);
}

export function registerSecretCommands(store: SecretStore, server: ServerCommands, active: ActiveEnvironment): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(SET_SECRET_COMMAND, (given?: unknown) => setSecret(store, server, active, given)),
    vscode.commands.registerCommand(CLEAR_SECRETS_COMMAND, () => clearSecrets(store)),
  ];
}
