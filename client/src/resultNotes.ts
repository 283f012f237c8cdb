/**
 * The inline notes of sent blocks per document, following what the server says of its sent blocks: a block's notes
 * go when the server drops its results (the block was edited) and move to where the server says the block is now.
 * Plain data and line numbers (no vscode).
 */

import type { ResultNote } from './resultNoteText';

/** The lines a sent block covers (inclusive), its notes, and the id the server names its results by. */
interface BlockNotes {
  readonly id?: number;
  startLine: number;
  endLine: number;
  notes: ResultNote[];
}

export class ResultNotes {
  private readonly documents = new Map<string, BlockNotes[]>();

  /** Replaces the notes of the block spanning `startLine..endLine` (and of any block it overlaps); `id` names the
   *  results as the server does (`SendResult.resultId`). */
  set(uri: string, span: { readonly startLine: number; readonly endLine: number }, notes: readonly ResultNote[], id?: number): void {
    const startLine = Math.min(span.startLine, ...notes.map((note) => note.line));
    const endLine = Math.max(span.endLine, startLine, ...notes.map((note) => note.line));
    const kept = (this.documents.get(uri) ?? []).filter((block) => block.endLine < startLine || block.startLine > endLine);
    kept.push({ ...(id !== undefined ? { id } : {}), startLine, endLine, notes: notes.map((note) => ({ ...note })) });
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

  /**
   * Follows the server, which alone decides when results go stale (`SENT_BLOCKS_NOTIFICATION`): the notes of a block
   * whose id is listed move to its line now; the others go (their block's text changed, or they have no id). Returns
   * whether any note moved or went.
   */
  follow(uri: string, blocks: ReadonlyArray<{ readonly id: number; readonly line: number }>): boolean {
    const current = this.documents.get(uri);
    if (!current) return false;
    const lines = new Map(blocks.map((b) => [b.id, b.line]));
    let touched = false;
    const kept: BlockNotes[] = [];
    for (const block of current) {
      const line = block.id !== undefined ? lines.get(block.id) : undefined;
      if (line === undefined) {
        touched = true;
        continue;
      }
      const delta = line - block.startLine;
      if (delta !== 0) {
        block.startLine += delta;
        block.endLine += delta;
        block.notes = block.notes.map((note) => ({ ...note, line: note.line + delta }));
        touched = true;
      }
      kept.push(block);
    }
    if (kept.length) this.documents.set(uri, kept.sort((a, b) => a.startLine - b.startLine));
    else this.documents.delete(uri);
    return touched;
  }

  clear(uri: string): void {
    this.documents.delete(uri);
  }
}
