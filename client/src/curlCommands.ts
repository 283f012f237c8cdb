/**
 * "Kreq: Copy as cURL" and "Kreq: Copy as cURL (with Secrets)": the block at the cursor as a `curl` command on
 * the clipboard, from the server's `kreq.copyAsCurl` (secrets masked unless the second command is used).
 */

import * as vscode from 'vscode';
import type { SendArgumentsBuilder } from './sendArguments';
import { errorMessage, isCancellation, type ServerCommands } from './serverCommands';

export const COPY_AS_CURL_COMMAND = 'kreq.copyBlockAsCurl';
export const COPY_AS_CURL_WITH_SECRETS_COMMAND = 'kreq.copyBlockAsCurlWithSecrets';

async function copyAsCurl(server: ServerCommands, builder: SendArgumentsBuilder, reveal: boolean): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId !== 'kreq') {
    void vscode.window.showInformationMessage('Kreq: put the cursor in a block of a .kreq file to copy it as cURL.');
    return undefined;
  }
  const args = await builder.forCurl({ uri: editor.document.uri.toString(), line: editor.selection.active.line, reveal });
  try {
    // Revealing may start a session (network): let it be cancelled.
    const curl = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Kreq: cURL', cancellable: true },
      (_progress, token) => server.copyAsCurl(args, token),
    );
    await vscode.env.clipboard.writeText(curl);
    vscode.window.setStatusBarMessage(reveal ? 'Kreq: cURL copied, WITH its secrets' : 'Kreq: cURL copied (secrets masked)', 5000);
    return curl;
  } catch (error) {
    if (!isCancellation(error)) void vscode.window.showErrorMessage(`Kreq: could not copy as cURL: ${errorMessage(error)}`);
    return undefined;
  }
}

export function registerCurlCommands(server: ServerCommands, builder: SendArgumentsBuilder): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COPY_AS_CURL_COMMAND, () => copyAsCurl(server, builder, false)),
    vscode.commands.registerCommand(COPY_AS_CURL_WITH_SECRETS_COMMAND, () => copyAsCurl(server, builder, true)),
  ];
}
