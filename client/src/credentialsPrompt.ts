/**
 * Before a call that needs a KS is sent to an environment that cannot get one (`CREDENTIALS_NEEDED_ERROR`): offers
 * "Set Secret" (stored for that environment, then sent again), "Add to kreq.env.private.json" (the entry opened with
 * an `adminSecret` placeholder selected) or "Send Anyway", and says which the user chose.
 */

import * as vscode from 'vscode';
import { type CredentialsNeeded, DEFAULT_ORIGIN, serviceOrigin } from '../../server/src/protocol';
import { credentialsQuestion, privateFileFor } from './credentialsNeeded';
import { addAdminSecretEntry } from './privateEnvironmentEntry';
import { SET_SECRET_COMMAND } from './secretCommands';

export { credentialsNeeded } from './credentialsNeeded';

export const SET_SECRET_ACTION = 'Set Secret';
export const ADD_TO_PRIVATE_FILE_ACTION = 'Add to kreq.env.private.json';
export const SEND_ANYWAY_ACTION = 'Send Anyway';

/** What to do after the user answered: send again (a secret was stored), send without a session, or nothing. */
export type CredentialsAnswer = 'retry' | 'sendAnyway' | 'cancelled';

/** What the prompt needs from around it (VS Code's own by default; tests may replace them). */
export interface CredentialsPromptServices {
  /** The notification with its actions; resolves with the action chosen (undefined when dismissed). */
  readonly ask?: (message: string, actions: readonly string[]) => Thenable<string | undefined>;
  /** Runs a command (`kreq.setSecret`). */
  readonly executeCommand?: (command: string, ...args: unknown[]) => Thenable<unknown>;
  /** The folder to put a new kreq.env.private.json in when no environment file is known (the workspace folder). */
  readonly fallbackFolder?: () => string | undefined;
}

function defaultFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((folder) => folder.uri.scheme === 'file')?.uri.fsPath;
}

/** Asks for the environment's admin secret and stores it through `kreq.setSecret` (bound to its serviceUrl's origin). */
async function setSecret(data: CredentialsNeeded, services: CredentialsPromptServices): Promise<boolean> {
  const execute = services.executeCommand ?? vscode.commands.executeCommand;
  if (!data.environment) {
    // No environment chosen: the whole "Kreq: Set Secret" flow (which environment, which key).
    await execute(SET_SECRET_COMMAND);
    return true;
  }
  const origin = serviceOrigin(data.serviceUrl || DEFAULT_ORIGIN);
  const value = await vscode.window.showInputBox({
    title: `Kreq: adminSecret of "${data.environment}"`,
    prompt: `The admin secret of "${data.environment}" (kept in VS Code's secret storage, used only with ${origin}). For a user secret, a ks or an app token use Kreq: Set Secret.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (text) => (text ? undefined : 'Empty: press Escape to cancel'),
  });
  if (!value) return false;
  await execute(SET_SECRET_COMMAND, { environment: data.environment, key: 'adminSecret', value, origin });
  return true;
}

/** Opens (creating it when missing) the private file with the environment's `adminSecret` placeholder selected. */
export async function openPrivateEntry(file: string, environment: string): Promise<void> {
  const uri = vscode.Uri.file(file);
  let existing: string | undefined;
  try {
    existing = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    existing = undefined;
  }
  const open = vscode.workspace.textDocuments.find((document) => document.uri.fsPath === file);
  const edit = addAdminSecretEntry(open ? open.getText() : existing, environment);
  if (!open && existing === undefined) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(edit.text));
  const document = open ?? (await vscode.workspace.openTextDocument(uri));
  const editor = await vscode.window.showTextDocument(document);
  if (edit.changed && document.getText() !== edit.text) {
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    await editor.edit((builder) => builder.replace(whole, edit.text));
  }
  const selection = new vscode.Selection(document.positionAt(edit.start), document.positionAt(edit.end));
  editor.selection = selection;
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/**
 * Asks what to do about a call that needs a KS: "Set Secret" → the secret is stored, `'retry'`; "Add to
 * kreq.env.private.json" → the file is opened at the placeholder, `'cancelled'` (the user edits, saves, sends);
 * "Send Anyway" → `'sendAnyway'` (send again with `withoutSession: true`); dismissed → `'cancelled'`.
 */
export async function askForCredentials(data: CredentialsNeeded, services: CredentialsPromptServices = {}): Promise<CredentialsAnswer> {
  const ask = services.ask ?? ((message: string, actions: readonly string[]) => vscode.window.showWarningMessage(message, ...actions));
  const privateFile = privateFileFor(data, (services.fallbackFolder ?? defaultFolder)());
  const actions = [SET_SECRET_ACTION, ...(privateFile && data.environment ? [ADD_TO_PRIVATE_FILE_ACTION] : []), SEND_ANYWAY_ACTION];
  const chosen = await ask(credentialsQuestion(data), actions);
  if (chosen === SET_SECRET_ACTION) return (await setSecret(data, services)) ? 'retry' : 'cancelled';
  if (chosen === SEND_ANYWAY_ACTION) return 'sendAnyway';
  if (chosen === ADD_TO_PRIVATE_FILE_ACTION && privateFile && data.environment) {
    await openPrivateEntry(privateFile, data.environment);
    void vscode.window.setStatusBarMessage(`Kreq: type the admin secret of "${data.environment}", save, and send again`, 10_000);
  }
  return 'cancelled';
}
