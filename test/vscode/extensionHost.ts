/**
 * What the extension-host suites share: the activated kreq extension and its API, the workspace (a copy of examples/
 * made by .vscode-test.mjs), opening files, polling with a deadline, and cursor-marker documents.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
// eslint-disable-next-line no-restricted-imports -- these suites run inside VS Code's extension host
import * as vscode from 'vscode';
import type { KreqExtensionApi } from '../../client/src/extension';

export const EXTENSION_ID = 'kreq.kreq';

/** The workspace folder the suite runs in. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs with a workspace folder (.vscode-test.mjs copies examples/)');
  return folder.uri.fsPath;
}

/** Polls `probe` until it returns something truthy; fails with `what` and the last value after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Activates the extension (opening a .kreq file would too) and waits until its language server answered. */
export async function kreqApi(): Promise<KreqExtensionApi> {
  const extension = vscode.extensions.getExtension<KreqExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is loaded from the development path`);
  const api = await extension.activate();
  await api.ready;
  return api;
}

/** Writes `text` to a workspace file (folders made) and opens it in an editor. */
export async function openNewFile(relative: string, text: string): Promise<vscode.TextEditor> {
  const file = path.join(workspaceRoot(), relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return openFile(relative);
}

/** Opens a workspace file in an editor. */
export async function openFile(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(workspaceRoot(), relative)));
  assert.equal(document.languageId, 'kreq', `${relative} opens in language mode kreq`);
  return vscode.window.showTextDocument(document);
}

/** Splits off the `|` cursor marker: the text without it and the marker's offset. */
export function takeCursor(input: string): { text: string; offset: number } {
  const offset = input.indexOf('|');
  assert.ok(offset >= 0, `no | cursor in ${JSON.stringify(input)}`);
  return { text: input.slice(0, offset) + input.slice(offset + 1), offset };
}

/** The position of the first `needle` in the document (plus `delta` characters). */
export function positionOf(document: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${JSON.stringify(needle)} is in ${document.uri.fsPath}`);
  return document.positionAt(offset + delta);
}

/** The diagnostics of a document once `ready` accepts them. */
export function diagnosticsWhen(uri: vscode.Uri, what: string, ready: (diagnostics: readonly vscode.Diagnostic[]) => boolean, timeoutMs = 20_000): Promise<readonly vscode.Diagnostic[]> {
  return waitFor(what, () => {
    const diagnostics = vscode.languages.getDiagnostics(uri);
    return ready(diagnostics) ? diagnostics : undefined;
  }, timeoutMs);
}

/** A diagnostic's code as text (`unknown-action`, `ENTRY_ID_NOT_FOUND`). */
export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' && code !== null ? code.value : code);
}

/** Closes every editor (not the documents' files). */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
