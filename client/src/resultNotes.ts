/**
 * The inline notes of sent blocks per document, kept in step with edits: a block's notes go when the block is
 * edited, the notes of other blocks move with the lines above them. Plain data and line numbers (no vscode).
 */

import type { ResultNote } from './resultNoteText';

/** One edit, as `TextDocumentContentChangeEvent` gives it (0-based; `end` is exclusive). */
export interface TextChange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
  readonly text: string;
}

/** The lines a sent block covers (inclusive) and its notes. */
interface BlockNotes {
  startLine: number;
  endLine: number;
  notes: ResultNote[];
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Whether the change leaves the text of `line` and every line after it as it was (it may move it). */
function endsBefore(change: TextChange, line: number): boolean {
  if (change.endLine < line) return true;
  // Lines inserted (or deleted) right in front of `line`'s first character: the line itself is intact.
  return change.endLine === line && change.endCharacter === 0 && (change.text === '' || change.text.endsWith('\n'));
}

export class ResultNotes {
  private readonly documents = new Map<string, BlockNotes[]>();

  /** Replaces the notes of the block spanning `startLine..endLine` (and of any block it overlaps). */
  set(uri: string, span: { readonly startLine: number; readonly endLine: number }, notes: readonly ResultNote[]): void {
    const startLine = Math.min(span.startLine, ...notes.map((note) => note.line));
    const endLine = Math.max(span.endLine, startLine, ...notes.map((note) => note.line));
    const kept = (this.documents.get(uri) ?? []).filter((block) => block.endLine < startLine || block.startLine > endLine);
    kept.push({ startLine, endLine, notes: notes.map((note) => ({ ...note })) });
    kept.sort((a, b) => a.startLine - b.startLine);
    this.documents.set(uri, kept);
  }

  /** The notes of a document, in line order. */
  notesFor(uri: string): readonly ResultNote[] {
    return (this.documents.get(uri) ?? []).flatMap((block) => block.notes);
  }

  has(uri: string): boolean {
    return this.documents.has(uri);
  }

  /** Applies edits in the order given; returns whether any note moved or went. */
  applyChanges(uri: string, changes: readonly TextChange[]): boolean {
    const blocks = this.documents.get(uri);
    if (!blocks) return false;
    let touched = false;
    let current = blocks;
    for (const change of changes) {
      const delta = countNewlines(change.text) - (change.endLine - change.startLine);
      const next: BlockNotes[] = [];
      for (const block of current) {
        if (change.startLine > block.endLine) {
          next.push(block);
        } else if (endsBefore(change, block.startLine)) {
          if (delta !== 0) {
            block.startLine += delta;
            block.endLine += delta;
            block.notes = block.notes.map((note) => ({ ...note, line: note.line + delta }));
            touched = true;
          }
          next.push(block);
        } else {
          touched = true; // the block itself was edited: its notes describe text that is no longer there
        }
      }
      current = next;
    }
    if (current.length) this.documents.set(uri, current);
    else this.documents.delete(uri);
    return touched;
  }

  clear(uri: string): void {
    this.documents.delete(uri);
  }
}
