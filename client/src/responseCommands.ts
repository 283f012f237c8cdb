/**
 * The response commands: "Kreq: Response History" (pick a send, reopen it), "Kreq: Compare Responses" (pick two, diff
 * them) and "Kreq: Save Response As…" (the shown response document's text, header and headings included).
 */

import * as vscode from 'vscode';
import type { HistoryEntry } from './responseHistory';
import { historyPickItems, type HistoryPickItem } from './responseHistory';
import { RESPONSE_SCHEME, type ResponseView } from './responseView';

export const RESPONSE_HISTORY_COMMAND = 'kreq.responseHistory';
export const COMPARE_RESPONSES_COMMAND = 'kreq.compareResponses';
export const SAVE_RESPONSE_AS_COMMAND = 'kreq.saveResponseAs';
/** Not in the palette: the history's entries, newest first (for tests and other extensions). */
export const HISTORY_ENTRIES_COMMAND = 'kreq.responseHistoryEntries';

async function pickEntry(view: ResponseView, title: string, placeHolder: string, except?: HistoryEntry): Promise<HistoryEntry | undefined> {
  const entries = view.history.entries().filter((entry) => entry.id !== except?.id);
  if (entries.length === 0) {
    void vscode.window.showInformationMessage('Kreq: no response in the history yet: send a block first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick<HistoryPickItem>(historyPickItems(entries), { title, placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.entry;
}

/** "Kreq: Response History": reopens the picked send (or the one with this id). */
async function showHistory(view: ResponseView, id?: string): Promise<vscode.TextDocument | undefined> {
  const entry = id ? view.history.entry(id) : await pickEntry(view, 'Kreq: Response History', 'Pick a send to reopen its response');
  return entry && view.openEntry(entry);
}

/** "Kreq: Compare Responses": the older of the two on the left. */
async function compare(view: ResponseView, firstId?: string, secondId?: string): Promise<void> {
  if (view.history.entries().length < 2 && !(firstId && secondId)) {
    void vscode.window.showInformationMessage('Kreq: comparing needs two responses in the history: send again first.');
    return;
  }
  const first = firstId ? view.history.entry(firstId) : await pickEntry(view, 'Kreq: Compare Responses (1/2)', 'Pick the first response');
  if (!first) return;
  const second = secondId ? view.history.entry(secondId) : await pickEntry(view, 'Kreq: Compare Responses (2/2)', `Compare “${first.title}” with…`, first);
  if (!second) return;
  const [left, right] = first.savedAt <= second.savedAt ? [first, second] : [second, first];
  const [leftDocument, rightDocument] = [await view.openEntry(left, false), await view.openEntry(right, false)];
  const time = (entry: HistoryEntry): string => new Date(entry.savedAt).toLocaleTimeString();
  await vscode.commands.executeCommand('vscode.diff', leftDocument.uri, rightDocument.uri, `${left.title} (${time(left)}) ↔ ${right.title} (${time(right)})`);
}

/** The response document to save: `source` (the editor title bar's), the active editor's when it shows one, else the
 *  response view's. */
function responseToSave(view: ResponseView, source: vscode.Uri | undefined): vscode.TextDocument | undefined {
  const isResponse = (uri: vscode.Uri): boolean => uri.scheme === RESPONSE_SCHEME || uri.toString() === view.uri.toString();
  const candidates = [source, vscode.window.activeTextEditor?.document.uri, view.uri].filter((uri): uri is vscode.Uri => !!uri && isResponse(uri));
  for (const uri of candidates) {
    const document = vscode.workspace.textDocuments.find((open) => open.uri.toString() === uri.toString());
    if (document) return document;
  }
  return undefined;
}

/** "Kreq: Save Response As…": writes the response document's whole text (header and headings included) to the file
 *  picked, or to `target`. */
async function saveAs(view: ResponseView, source: vscode.Uri | undefined, target: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const text = responseToSave(view, source)?.getText() ?? view.text;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = target ?? (await vscode.window.showSaveDialog({
    title: 'Kreq: Save Response As',
    defaultUri: folder && vscode.Uri.joinPath(folder, 'response.txt'),
    filters: { 'Response document': ['txt'], 'All files': ['*'] },
  }));
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  vscode.window.setStatusBarMessage(`Kreq: response saved to ${vscode.workspace.asRelativePath(uri)}`, 5000);
  return uri;
}

export function registerResponseCommands(view: ResponseView): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(RESPONSE_HISTORY_COMMAND, (id?: unknown) => showHistory(view, typeof id === 'string' ? id : undefined)),
    vscode.commands.registerCommand(COMPARE_RESPONSES_COMMAND, (first?: unknown, second?: unknown) =>
      compare(view, typeof first === 'string' ? first : undefined, typeof second === 'string' ? second : undefined)),
    // From the editor title bar the first argument is the response's URI; from code, `(source?, target?)` or `(target)`.
    vscode.commands.registerCommand(SAVE_RESPONSE_AS_COMMAND, (first?: unknown, second?: unknown) => {
      const uris = [first, second].filter((value): value is vscode.Uri => value instanceof vscode.Uri);
      const source = uris.find((uri) => uri.scheme === RESPONSE_SCHEME);
      return saveAs(view, source, uris.find((uri) => uri !== source && uri.scheme === 'file'));
    }),
    vscode.commands.registerCommand(HISTORY_ENTRIES_COMMAND, () => view.history.entries()),
  ];
}
