/**
 * The one reusable, read-only response editor: a `kreq-response:` document whose content is the last sent
 * block's response, opened beside the request without taking the focus.
 */

import * as vscode from 'vscode';
import type { SendResult } from '../../server/src/protocol';
import { NO_RESPONSE, type ResponseContent, responseContent } from './responseContent';
import { SHOW_RESPONSE_COMMAND } from './resultNoteText';

export const RESPONSE_SCHEME = 'kreq-response';
/** No file extension: the document starts as plain text, and only responses small enough are made JSON. */
export const RESPONSE_URI = vscode.Uri.from({ scheme: RESPONSE_SCHEME, path: '/Kreq Response' });

export class ResponseView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private content: ResponseContent = NO_RESPONSE;
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, this),
      vscode.commands.registerCommand(SHOW_RESPONSE_COMMAND, () => this.reveal()),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return uri.toString() === RESPONSE_URI.toString() ? this.content.text : '';
  }

  /** The text shown now (for tests). */
  get text(): string {
    return this.content.text;
  }

  /** Shows a block's response (replacing the previous one) beside the active editor. */
  async show(result: SendResult): Promise<vscode.TextEditor> {
    this.content = responseContent(result);
    this.changed.fire(RESPONSE_URI);
    return this.reveal();
  }

  /** Opens (or brings forward) the response editor, without moving the focus. */
  async reveal(): Promise<vscode.TextEditor> {
    let document = await vscode.workspace.openTextDocument(RESPONSE_URI);
    if (document.languageId !== this.content.languageId) {
      document = await vscode.languages.setTextDocumentLanguage(document, this.content.languageId);
    }
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === RESPONSE_URI.toString());
    return vscode.window.showTextDocument(document, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.Beside,
      preserveFocus: true,
      preview: true,
    });
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
