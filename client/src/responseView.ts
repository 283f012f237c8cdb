/**
 * The response editor: one reusable, read-only `kreq-response:` document showing the last send's response document
 * (a big one is written to a temp file and opened from there), opened beside the request without taking the focus;
 * every shown response is added to the history, whose entries it also serves as read-only documents.
 */

import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunResult, SendResult } from '../../server/src/protocol';
import { registerResponseCommands } from './responseCommands';
import {
  MAX_HIGHLIGHTED_CHARS,
  MAX_VIRTUAL_DOCUMENT_CHARS,
  NO_RESPONSE,
  outcomeOfRun,
  outcomeOfSend,
  type ShownDocument,
  shownDocumentOfRun,
  shownDocumentOfSend,
  titleOfRun,
  titleOfSend,
} from './responseContent';
import { type HistoryEntry, type NewHistoryEntry, ResponseHistory } from './responseHistory';
import { ResponseLanguageFeatures } from './responseLanguageFeatures';
import { SHOW_RESPONSE_COMMAND } from './resultNoteText';

export const RESPONSE_SCHEME = 'kreq-response';
/** No file extension: the document's language is set for what it shows. */
export const RESPONSE_URI = vscode.Uri.from({ scheme: RESPONSE_SCHEME, path: '/Kreq Response' });
/** Where responses too big for a virtual document are written (one file per response, left to the OS to clean). */
export const BIG_RESPONSE_FOLDER = path.join(os.tmpdir(), 'kreq-responses');

const HISTORY_PATH = '/history/';

/** The read-only document of a history entry: `kreq-response:/history/<id>/<title> · <time>`. */
export function historyUri(entry: HistoryEntry): vscode.Uri {
  const title = entry.title.replace(/[\\/]/g, '_');
  const time = new Date(entry.savedAt).toLocaleTimeString();
  return vscode.Uri.from({ scheme: RESPONSE_SCHEME, path: `${HISTORY_PATH}${entry.id}/${title} · ${time}` });
}

function historyIdOf(uri: vscode.Uri): string | undefined {
  return uri.path.startsWith(HISTORY_PATH) ? uri.path.slice(HISTORY_PATH.length).split('/')[0] : undefined;
}

/** The language a shown document gets: plain text above the highlighting limit (the notes are drawn all the same). */
function languageFor(shown: ShownDocument): string {
  return shown.document.text.length > MAX_HIGHLIGHTED_CHARS ? 'plaintext' : shown.languageId;
}

interface CurrentResponse {
  readonly shown: ShownDocument;
  /** The editor's document: `RESPONSE_URI`, or the temp file of a big response. */
  readonly uri: vscode.Uri;
}

export class ResponseView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  readonly history: ResponseHistory;
  readonly features = new ResponseLanguageFeatures(new vscode.RelativePattern(vscode.Uri.file(BIG_RESPONSE_FOLDER), '*'));
  private current: CurrentResponse = { shown: { document: { text: NO_RESPONSE.text, sections: [], annotations: [], descriptions: [] }, languageId: 'jsonc' }, uri: RESPONSE_URI };
  private readonly disposables: vscode.Disposable[];

  constructor(context: vscode.ExtensionContext) {
    this.history = new ResponseHistory(context);
    this.disposables = [
      this.changed,
      this.features,
      vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, this),
      vscode.commands.registerCommand(SHOW_RESPONSE_COMMAND, () => this.reveal()),
      ...registerResponseCommands(this),
    ];
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    if (uri.toString() === RESPONSE_URI.toString()) return this.current.shown.document.text;
    const id = historyIdOf(uri);
    const document = id ? await this.history.read(id) : undefined;
    if (!document) return '// This response is no longer in the history.\n';
    this.features.set(uri, document);
    return document.text;
  }

  /** The text shown now (for tests). */
  get text(): string {
    return this.current.shown.document.text;
  }

  /** The document the response editor shows now: the virtual one, or a big response's temp file. */
  get uri(): vscode.Uri {
    return this.current.uri;
  }

  /** Shows the response of one `kreq.send` (dependencies included) and adds it to the history. */
  async show(result: SendResult): Promise<vscode.TextEditor> {
    const shown = shownDocumentOfSend(result);
    return this.showAndRecord(shown, { title: titleOfSend(result), environment: result.environment, outcome: outcomeOfSend(result), passed: result.passed, languageId: shown.languageId });
  }

  /** Shows the response of a Send All (every block run) and adds it to the history. */
  async showRun(run: RunResult): Promise<vscode.TextEditor> {
    const shown = shownDocumentOfRun(run);
    return this.showAndRecord(shown, { title: titleOfRun(run), environment: run.environment, outcome: outcomeOfRun(run), passed: run.passed, languageId: shown.languageId });
  }

  private async showAndRecord(shown: ShownDocument, entry: NewHistoryEntry): Promise<vscode.TextEditor> {
    const editor = await this.display(shown);
    const file = this.current.uri.scheme === 'file' ? this.current.uri.fsPath : undefined;
    try {
      await this.history.add({ ...entry, ...(file ? { file } : {}) }, shown.document);
    } catch (error) {
      vscode.window.setStatusBarMessage(`Kreq: the response could not be added to the history: ${error instanceof Error ? error.message : String(error)}`, 10_000);
    }
    return editor;
  }

  private async display(shown: ShownDocument): Promise<vscode.TextEditor> {
    if (this.current.uri.scheme === 'file') this.features.delete(this.current.uri);
    if (shown.document.text.length <= MAX_VIRTUAL_DOCUMENT_CHARS) {
      this.current = { shown, uri: RESPONSE_URI };
      this.features.set(RESPONSE_URI, shown.document);
      this.changed.fire(RESPONSE_URI);
      return this.revealFromTop();
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = vscode.Uri.file(path.join(BIG_RESPONSE_FOLDER, `Kreq Response ${stamp}.txt`));
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(BIG_RESPONSE_FOLDER));
    await vscode.workspace.fs.writeFile(file, Buffer.from(shown.document.text, 'utf8'));
    this.current = { shown, uri: file };
    this.features.set(file, shown.document);
    return this.revealFromTop();
  }

  /** A new response: shown from its header, not where the previous one was scrolled to. */
  private async revealFromTop(): Promise<vscode.TextEditor> {
    const editor = await this.reveal();
    editor.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
    return editor;
  }

  /** Opens (or brings forward) the response editor, without moving the focus. */
  async reveal(): Promise<vscode.TextEditor> {
    const { uri, shown } = this.current;
    let document = await vscode.workspace.openTextDocument(uri);
    const languageId = languageFor(shown);
    if (document.languageId !== languageId) document = await vscode.languages.setTextDocumentLanguage(document, languageId);
    const shownThere = [uri.toString(), RESPONSE_URI.toString()];
    const visible = vscode.window.visibleTextEditors.find((editor) => shownThere.includes(editor.document.uri.toString()));
    return vscode.window.showTextDocument(document, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.Beside,
      preserveFocus: true,
      preview: true,
    });
  }

  /** Opens a history entry's document (read-only), in its language; `show: false` only loads it (for a diff). */
  async openEntry(entry: HistoryEntry, show = true): Promise<vscode.TextDocument> {
    let document = await vscode.workspace.openTextDocument(historyUri(entry));
    const languageId = document.getText().length > MAX_HIGHLIGHTED_CHARS ? 'plaintext' : entry.languageId;
    if (document.languageId !== languageId) document = await vscode.languages.setTextDocumentLanguage(document, languageId);
    if (show) await vscode.window.showTextDocument(document, { preview: false });
    return document;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
