/**
 * "Kreq: Copy as Code": the block at the cursor as code for a Kaltura client library (Node, TypeScript, Python, PHP)
 * or as cURL, chosen in a QuickPick and copied to the clipboard, from the server's `kreq.exportBlock`.
 */

import * as vscode from 'vscode';
import { Commands, type ExportBlockArguments, type ExportBlockResult, type ExportLanguage } from '../../server/src/protocol';
import { COPY_AS_CURL_COMMAND } from './curlCommands';
import type { SendArgumentsBuilder } from './sendArguments';
import { errorMessage, type ServerCommands } from './serverCommands';

export const COPY_AS_CODE_COMMAND = 'kreq.copyBlockAsCode';

interface LanguageItem extends vscode.QuickPickItem {
  readonly language: ExportLanguage;
}

const LANGUAGE_ITEMS: readonly LanguageItem[] = [
  { label: 'Node.js', description: 'kaltura-client (npm)', language: 'node' },
  { label: 'TypeScript', description: 'kaltura-typescript-client (npm)', language: 'ts' },
  { label: 'Python', description: 'KalturaApiClient (PyPI)', language: 'python' },
  { label: 'PHP', description: 'KalturaClient.php', language: 'php' },
  { label: 'cURL', description: 'secrets masked', language: 'curl' },
];

/** Asks the language (unless given, e.g. by a test or a keybinding's argument), exports and copies; the code, or undefined. */
async function copyAsCode(server: ServerCommands, builder: SendArgumentsBuilder, given?: unknown): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId !== 'kreq') {
    void vscode.window.showInformationMessage('Kreq: put the cursor in a block of a .kreq file to copy it as code.');
    return undefined;
  }
  const preset = LANGUAGE_ITEMS.find((item) => item.language === given);
  const picked = preset ?? (await vscode.window.showQuickPick(LANGUAGE_ITEMS, { title: 'Kreq: Copy as Code', placeHolder: 'The client library to write the block for' }));
  if (!picked) return undefined;
  // cURL is "Copy as cURL" itself (the KS added when one is known, secrets masked).
  if (picked.language === 'curl') return vscode.commands.executeCommand<string | undefined>(COPY_AS_CURL_COMMAND);
  const uri = editor.document.uri.toString();
  const { environment } = await builder.forCurl({ uri, line: editor.selection.active.line });
  const args: ExportBlockArguments = { uri, line: editor.selection.active.line, language: picked.language, ...(environment !== undefined ? { environment } : {}) };
  try {
    const result = await server.execute<ExportBlockResult>(Commands.exportBlock, [args]);
    if ('problem' in result) {
      void vscode.window.showWarningMessage(`Kreq: cannot copy as ${picked.label}: ${result.problem}`);
      return undefined;
    }
    await vscode.env.clipboard.writeText(result.code);
    void vscode.window.showInformationMessage(`Kreq: the block is on the clipboard as ${picked.label} code (secrets are read from environment variables).`);
    return result.code;
  } catch (error) {
    void vscode.window.showErrorMessage(`Kreq: could not copy as ${picked.label}: ${errorMessage(error)}`);
    return undefined;
  }
}

export function registerCodeExportCommand(server: ServerCommands, builder: SendArgumentsBuilder): vscode.Disposable {
  return vscode.commands.registerCommand(COPY_AS_CODE_COMMAND, (language?: unknown) => copyAsCode(server, builder, language));
}
