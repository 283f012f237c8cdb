/**
 * Workspace trust on the VS Code side: tells the language server whether the workspace is trusted (at start and when
 * the user grants trust), maps the server's "⚠ Untrusted workspace" lens to "Manage Workspace Trust", and answers a
 * Send in an untrusted workspace with a message offering to trust it instead of sending.
 */

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, TRUST_NOTIFICATION, type TrustParams } from '../../server/src/protocol';

/** VS Code's own command that opens the Workspace Trust editor. */
export const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';
const TRUST_BUTTON = 'Trust Workspace…';

/** The `trusted` initialization option the server starts with. */
export function trustInitializationOption(): { readonly trusted: boolean } {
  return { trusted: vscode.workspace.isTrusted };
}

export class WorkspaceTrustBridge implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly ready: Promise<void>,
  ) {
    this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.tellServer()));
  }

  /** The server's `kreq.trustWorkspace` (the untrusted lens) opens VS Code's trust editor; undefined for other commands. */
  executeCommand(command: string): Thenable<unknown> | undefined {
    if (command !== Commands.trustWorkspace) return undefined;
    return vscode.commands.executeCommand(MANAGE_TRUST_COMMAND);
  }

  /** True in a trusted workspace; else says why nothing is sent, with a button to trust the workspace, and is false. */
  allowsSending(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window
      .showWarningMessage('Kreq: this workspace is not trusted, so kreq does not send requests from it.', TRUST_BUTTON)
      .then((choice) => (choice === TRUST_BUTTON ? vscode.commands.executeCommand(MANAGE_TRUST_COMMAND) : undefined));
    return false;
  }

  /** `kreq/trust`: the server enables sending, re-reads the schema settings and refreshes the lenses. */
  private async tellServer(): Promise<void> {
    try {
      await this.ready;
      const params: TrustParams = { trusted: true };
      await this.client.sendNotification(TRUST_NOTIFICATION, params);
    } catch (error) {
      this.client.outputChannel.error(`telling the kreq server that the workspace is trusted failed: ${String(error)}`);
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
