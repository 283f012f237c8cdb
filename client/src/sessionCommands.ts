/**
 * "Kreq: Copy Session KS": asks the server for the active environment's KS (`kreq.sessionKs`, a session started when
 * needed) and copies it to the clipboard, saying which environment and until when — the KS itself is never shown or logged.
 */

import * as vscode from 'vscode';
import { Commands, type SessionKs } from '../../server/src/protocol';
import type { ActiveEnvironment } from './activeEnvironment';
import { copiedKsMessage } from './environmentLabel';
import type { SecretStore } from './secretStore';
import { errorMessage, type ServerCommands } from './serverCommands';

export const COPY_SESSION_KS_COMMAND = 'kreq.copySessionKs';

/** The .kreq document whose env files define the environments: the active one, else any open one. */
function kreqDocumentUri(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'kreq') return active.uri;
  return vscode.workspace.textDocuments.find((document) => document.languageId === 'kreq')?.uri;
}

export function registerSessionCommands(server: ServerCommands, environment: ActiveEnvironment, secrets: SecretStore, sessionChanged: () => void): vscode.Disposable[] {
  async function copySessionKs(): Promise<void> {
    const uri = kreqDocumentUri();
    if (!uri) {
      void vscode.window.showInformationMessage('Kreq: open a .kreq file first: environments are read from the kreq.env.json files beside it.');
      return;
    }
    const name = environment.current;
    const stored = await secrets.secretsFor(name);
    let answer: SessionKs;
    try {
      answer = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Kreq: getting the KS${name ? ` of "${name}"` : ''}…`, cancellable: true },
        (_progress, token) => server.execute<SessionKs>(Commands.sessionKs, [{
          uri: uri.toString(),
          ...(name !== undefined ? { environment: name } : {}),
          ...(stored ? { secrets: stored } : {}),
        }], token),
      );
    } catch (error) {
      void vscode.window.showErrorMessage(`Kreq: could not get the session KS: ${errorMessage(error)}`);
      return;
    }
    sessionChanged();
    if (!answer?.ks) {
      void vscode.window.showWarningMessage(`Kreq: no KS${answer?.environment ? ` for "${answer.environment}"` : ''}: ${answer?.problem ?? 'the server answered none'}`);
      return;
    }
    await vscode.env.clipboard.writeText(answer.ks);
    void vscode.window.showInformationMessage(copiedKsMessage(answer, Date.now()));
  }

  return [vscode.commands.registerCommand(COPY_SESSION_KS_COMMAND, copySessionKs)];
}
