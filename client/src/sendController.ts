/**
 * Sending a block from VS Code: the `executeCommand` middleware for the server's `kreq.send` (CodeLens, other
 * extensions, tests) and `kreq.copyAsCurl`, and "Kreq: Send Request" at the cursor, all through one path: complete
 * the arguments, ask the server under a cancellable progress notification, then show the notes and the response.
 */

import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { type ExecuteCommandSignature, type LanguageClient, WorkDoneProgress } from 'vscode-languageclient/node';
import { type BlockReference, Commands, type SendResult } from '../../server/src/protocol';
import { blockAt, type BlockSpan, blockSpans } from './blockLocator';
import type { ResultDecorations } from './resultDecorations';
import type { ResultNotes } from './resultNotes';
import { notesOfResult } from './resultNoteText';
import type { ResponseView } from './responseView';
import { isBlockReference, type SendArgumentsBuilder } from './sendArguments';
import { errorMessage, isCancellation, type ServerCommands } from './serverCommands';

export const SEND_REQUEST_COMMAND = 'kreq.sendRequest';

export interface SendControllerParts {
  readonly client: LanguageClient;
  readonly server: ServerCommands;
  readonly arguments: SendArgumentsBuilder;
  readonly notes: ResultNotes;
  readonly decorations: ResultDecorations;
  readonly response: ResponseView;
}

/** `Sending block 2 (3 calls)… to prod` from what the block's lens says (the server's own words replace it). */
function sendingMessage(span: BlockSpan | undefined, environment: string | undefined): string {
  const calls = span?.calls !== undefined ? ` (${span.calls} ${span.calls === 1 ? 'call' : 'calls'})` : '';
  const block = span ? ` block ${span.index + 1}${calls}` : '';
  return `Sending${block}…${environment ? ` to ${environment}` : ''}`;
}

function documentOf(uri: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri);
}

export class SendController implements vscode.Disposable {
  private readonly sent = new vscode.EventEmitter<SendResult>();
  /** Fires after a block's result was shown (notes drawn, response view updated). */
  readonly onDidSend = this.sent.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly parts: SendControllerParts) {
    this.disposables = [
      this.sent,
      vscode.commands.registerCommand(SEND_REQUEST_COMMAND, () => this.sendAtCursor()),
    ];
  }

  /** The `executeCommand` middleware of the language client. */
  executeCommand(command: string, args: unknown[], next: ExecuteCommandSignature): vscode.ProviderResult<unknown> {
    if (command === Commands.send && isBlockReference(args[0])) return this.send(args[0]);
    if (command === Commands.copyAsCurl && isBlockReference(args[0])) {
      return this.parts.arguments.forCurl(args[0]).then((completed) => next(command, [completed, ...args.slice(1)]));
    }
    return next(command, args);
  }

  /** "Kreq: Send Request": the block at the cursor of the active .kreq editor. */
  async sendAtCursor(): Promise<SendResult | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId !== 'kreq') {
      void vscode.window.showInformationMessage('Kreq: put the cursor in a block of a .kreq file to send it.');
      return undefined;
    }
    return this.send({ uri: editor.document.uri.toString(), line: editor.selection.active.line });
  }

  /** Sends a block; shows its result; resolves with it (undefined when cancelled or failed, which is reported). */
  async send(reference: BlockReference): Promise<SendResult | undefined> {
    const args = await this.parts.arguments.forSend(reference);
    const document = documentOf(args.uri);
    const span = document ? blockAt(await blockSpans(document), args) : undefined;
    const workDoneToken = randomUUID();
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Kreq', cancellable: true },
      async (progress, token) => {
        progress.report({ message: sendingMessage(span, args.environment) });
        // The server reports on our token instead of opening a second progress of its own.
        const reports = this.parts.client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
          if (value.kind === 'end') return;
          const message = [value.kind === 'begin' ? value.title : undefined, value.message].filter(Boolean).join(' ');
          if (message) progress.report({ message });
        });
        try {
          return await this.parts.server.execute<SendResult>(Commands.send, [args], token, workDoneToken);
        } catch (error) {
          if (isCancellation(error, token)) {
            vscode.window.setStatusBarMessage('Kreq: sending cancelled', 5000);
          } else {
            this.parts.client.outputChannel.error(`kreq.send failed: ${errorMessage(error)}`);
            void vscode.window.showErrorMessage(`Kreq: could not send: ${errorMessage(error)}`);
          }
          return undefined;
        } finally {
          reports.dispose();
        }
      },
    );
    if (result) await this.show(args.uri, result);
    return result;
  }

  /** Draws the notes of a result, shows its response, then tells `onDidSend`. */
  private async show(uri: string, result: SendResult): Promise<void> {
    const notes = notesOfResult(result);
    const document = documentOf(uri);
    if (document) {
      const firstLine = result.calls[0]?.line ?? result.line;
      const span = blockAt(await blockSpans(document), { line: firstLine });
      const startLine = Math.min(result.line, span?.startLine ?? result.line);
      this.parts.notes.set(uri, { startLine, endLine: span?.endLine ?? startLine }, notes);
      this.parts.decorations.refresh(document.uri);
    }
    try {
      await this.parts.response.show(result);
    } catch (error) {
      this.parts.client.outputChannel.error(`could not show the response: ${errorMessage(error)}`);
    }
    this.sent.fire(result);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
