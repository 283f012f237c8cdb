/**
 * "Paste as kreq": a paste edit provider for `.kreq` documents that, when the clipboard holds a cURL command to the
 * Kaltura API, a Kaltura API URL or an API log line ("Params [Array (…", or an access log line), asks the server
 * (`kreq.importText`) for the block and offers it. Only text that clearly is one of these gets an edit, which VS Code then applies by default
 * (the paste widget still offers "Insert Plain Text"); any other text is pasted as usual.
 */

import * as vscode from 'vscode';
import { Commands, type ImportTextResult } from '../../server/src/protocol';
import type { ServerCommands } from './serverCommands';

/** The kind of the edit (`text.kreq.import`): `editor.pasteAs.preferences` can name it. Made when registering. */
function pasteAsKreqKind(): vscode.DocumentDropOrPasteEditKind {
  return vscode.DocumentDropOrPasteEditKind.Text.append('kreq', 'import');
}

/** Longer clipboard text is no single request: not offered. */
const MAX_PASTE_CHARACTERS = 256 * 1024;

/** A cheap look at the text before asking the server: a cURL command or URL naming an API path, or a logged Params entry. */
export function looksImportable(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_PASTE_CHARACTERS) return false;
  if (/^curl\s/.test(trimmed)) return /\/api(_v3)?\//.test(trimmed);
  if (/Params \[\s*Array\s*\(/.test(trimmed)) return true;
  if (!trimmed.includes('\n') && /"(?:GET|POST|HEAD) \/api(?:_v3)?\/[^\s"]* HTTP\/[0-9.]+"/.test(trimmed)) return true;
  return !/\s/.test(trimmed) && /^(https?:\/\/)?[^\s/]+(\/[^\s?]*)?\/api(_v3)?(\/|\?)/i.test(trimmed) && /service/i.test(trimmed);
}

class PasteAsKreqProvider implements vscode.DocumentPasteEditProvider {
  constructor(
    private readonly server: ServerCommands,
    private readonly kind: vscode.DocumentDropOrPasteEditKind,
  ) {}

  async provideDocumentPasteEdits(
    document: vscode.TextDocument,
    ranges: readonly vscode.Range[],
    dataTransfer: vscode.DataTransfer,
    _context: vscode.DocumentPasteEditContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.DocumentPasteEdit[] | undefined> {
    const text = await dataTransfer.get('text/plain')?.asString();
    if (!text || token.isCancellationRequested || !looksImportable(text)) return undefined;
    let result: ImportTextResult;
    try {
      result = await this.server.execute<ImportTextResult>(Commands.importText, [{ text }], token);
    } catch {
      return undefined; // the server is not up (or failed): a plain paste
    }
    if (token.isCancellationRequested || !result || 'problem' in result) return undefined;
    // A block starts on its own line: after text on the line, the paste begins with a line break.
    const start = ranges[0]?.start;
    const before = start ? document.lineAt(start.line).text.slice(0, start.character) : '';
    const insert = (before.trim() === '' ? '' : '\n') + result.kreq;
    const edit = new vscode.DocumentPasteEdit(insert, 'Paste as kreq', this.kind);
    return [edit];
  }
}

/** Registers "Paste as kreq" for `.kreq` documents. */
export function registerPasteAsKreq(server: ServerCommands): vscode.Disposable {
  const kind = pasteAsKreqKind();
  return vscode.languages.registerDocumentPasteEditProvider({ language: 'kreq' }, new PasteAsKreqProvider(server, kind), {
    providedPasteEditKinds: [kind],
    pasteMimeTypes: ['text/plain'],
  });
}
