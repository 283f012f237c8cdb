/**
 * Draws the notes of sent blocks after their lines (muted for results, the error colour for errors) with their
 * hovers, moves or drops them as the server says of its sent blocks, and draws them again whenever an editor of the
 * document becomes visible.
 */

import * as vscode from 'vscode';
import type { SentBlocksParams } from '../../server/src/protocol';
import type { ResultNotes } from './resultNotes';
import { OPEN_FILE_COMMAND, type ResultNote, SHOW_RESPONSE_COMMAND } from './resultNoteText';

function noteStyle(color: string): vscode.DecorationRenderOptions {
  return {
    after: { color: new vscode.ThemeColor(color), margin: '0 0 0 2em', fontStyle: 'italic' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedOpen,
  };
}

export class ResultDecorations implements vscode.Disposable {
  private readonly okType = vscode.window.createTextEditorDecorationType(noteStyle('editorCodeLens.foreground'));
  private readonly errorType = vscode.window.createTextEditorDecorationType(noteStyle('errorForeground'));
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly notes: ResultNotes) {
    this.disposables = [
      this.okType,
      this.errorType,
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of editors) if (this.notes.has(editor.document.uri.toString())) this.draw(editor);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.notes.clear(document.uri.toString())),
    ];
  }

  /** What the server says of a document's sent blocks (`SENT_BLOCKS_NOTIFICATION`): notes move or go, and are drawn again.
   *  Between an edit and this, VS Code keeps each note after its line as the text moves. */
  follow(params: SentBlocksParams): void {
    if (this.notes.follow(params.uri, params.blocks)) this.refresh(vscode.Uri.parse(params.uri));
  }

  /** Draws the notes of a document in each visible editor of it. */
  refresh(uri: vscode.Uri): void {
    const key = uri.toString();
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === key) this.draw(editor);
  }

  private draw(editor: vscode.TextEditor): void {
    const document = editor.document;
    const ok: vscode.DecorationOptions[] = [];
    const failed: vscode.DecorationOptions[] = [];
    for (const note of this.notes.notesFor(document.uri.toString())) {
      if (note.line >= document.lineCount) continue;
      (note.ok ? ok : failed).push(this.decoration(document, note));
    }
    editor.setDecorations(this.okType, ok);
    editor.setDecorations(this.errorType, failed);
  }

  private decoration(document: vscode.TextDocument, note: ResultNote): vscode.DecorationOptions {
    const end = document.lineAt(note.line).range.end;
    const hover = new vscode.MarkdownString(note.hover);
    hover.isTrusted = { enabledCommands: [SHOW_RESPONSE_COMMAND, OPEN_FILE_COMMAND] };
    return { range: new vscode.Range(end, end), hoverMessage: hover, renderOptions: { after: { contentText: note.text } } };
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
