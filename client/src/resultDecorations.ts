/**
 * Draws the notes of sent blocks after their lines (muted for results, the error colour for errors) with their
 * hovers, keeps them in step with edits, and draws them again whenever an editor of the document becomes visible.
 */

import * as vscode from 'vscode';
import type { ResultNotes } from './resultNotes';
import { type ResultNote, SHOW_RESPONSE_COMMAND } from './resultNoteText';

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
      vscode.workspace.onDidChangeTextDocument((event) => {
        const uri = event.document.uri.toString();
        const changes = event.contentChanges.map((change) => ({
          startLine: change.range.start.line,
          startCharacter: change.range.start.character,
          endLine: change.range.end.line,
          endCharacter: change.range.end.character,
          text: change.text,
        }));
        if (this.notes.applyChanges(uri, changes)) this.refresh(event.document.uri);
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of editors) if (this.notes.has(editor.document.uri.toString())) this.draw(editor);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.notes.clear(document.uri.toString())),
    ];
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
    hover.isTrusted = { enabledCommands: [SHOW_RESPONSE_COMMAND] };
    return { range: new vscode.Range(end, end), hoverMessage: hover, renderOptions: { after: { contentText: note.text } } };
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
