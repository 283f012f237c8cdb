/**
 * Inline notes follow the server's word on its sent blocks: the server's ResultDiagnostics decides which results are
 * stale after an edit and where the others' blocks are now (the `kreq/sentBlocks` notification), and the client's
 * ResultNotes moves or drops the notes accordingly — checked together, edit by edit.
 */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ResultNotes } from '../../client/src/resultNotes';
import { parseKreq } from '../../server/src/language/index';
import { ResultDiagnostics } from '../../server/src/lsp/resultDiagnostics';

const URI = 'file:///w/notes.kreq';

// Three blocks; each has notes on its call lines. Block spans: A 0-3, B 4-8, C 9-11.
const TEXT = [
  '### A', //        0
  'media.list', //   1  note A
  'filter:nameLike=x', // 2
  '', //             3
  '### B', //        4
  'media.get', //    5  note B
  'entryId=0_x', //  6
  'baseEntry.count', // 7  note B
  '', //             8
  '### C', //        9
  'system.ping', // 10  note C
  '', //            11
].join('\n');

const BLOCKS = { A: { startLine: 0, endLine: 3, notes: [1] }, B: { startLine: 4, endLine: 8, notes: [5, 7] }, C: { startLine: 9, endLine: 11, notes: [10] } };

interface Case {
  readonly name: string;
  /** The edit: replace `[start, end)` (line, character) with `text`. */
  readonly from: readonly [number, number];
  readonly to: readonly [number, number];
  readonly text: string;
  /** The blocks whose notes survive. */
  readonly survivors: ReadonlyArray<keyof typeof BLOCKS>;
}

const CASES: Case[] = [
  { name: 'typing in a call line of B drops B only', from: [5, 9], to: [5, 9], text: 'x', survivors: ['A', 'C'] },
  { name: 'typing in a parameter line of B drops B', from: [6, 0], to: [6, 0], text: 'y', survivors: ['A', 'C'] },
  { name: 'typing in the blank line after B belongs to B', from: [8, 0], to: [8, 0], text: 'z', survivors: ['A', 'C'] },
  { name: 'a new line in A moves B and C down', from: [2, 17], to: [2, 17], text: '\npager:pageSize=1', survivors: ['B', 'C'] },
  { name: 'Enter on the blank line between A and B moves B down, keeps both (their text is unchanged)', from: [3, 0], to: [3, 0], text: '\n', survivors: ['A', 'B', 'C'] },
  { name: 'a comment inserted above B’s separator ends A (A’s results go); B keeps its results', from: [4, 0], to: [4, 0], text: '# note\n\n', survivors: ['B', 'C'] },
  { name: 'deleting the lines of A moves B and C up', from: [0, 0], to: [4, 0], text: '', survivors: ['B', 'C'] },
  { name: 'an edit across A and B drops both', from: [2, 3], to: [5, 2], text: '', survivors: ['C'] },
  { name: 'appending after C keeps everything', from: [11, 0], to: [11, 0], text: 'more\n', survivors: ['A', 'B'] },
  { name: 'a replacement of several lines by one in A moves the rest up', from: [1, 0], to: [3, 0], text: 'media.list\n', survivors: ['B', 'C'] },
];

/** The three blocks sent: recorded by the server, their notes kept by the client under the server's ids. */
function seeded(): { notes: ResultNotes; server: ResultDiagnostics } {
  const notes = new ResultNotes();
  const server = new ResultDiagnostics();
  const model = parseKreq(TEXT);
  Object.entries(BLOCKS).forEach(([name, block], index) => {
    const id = server.record(URI, model, model.blocks[index], [], 0);
    notes.set(URI, block, block.notes.map((line) => ({ line, text: `${name}@${line}`, ok: true, hover: '' })), id);
  });
  return { notes, server };
}

/** What the server tells after checking `document`, applied to the notes. */
function follow(notes: ResultNotes, server: ResultDiagnostics, document: TextDocument): boolean {
  return notes.follow(URI, server.sentBlocks(document, parseKreq(document.getText())));
}

describe('result notes follow edits', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const { notes, server } = seeded();
      const before = TextDocument.create(URI, 'kreq', 1, TEXT);
      const after = TextDocument.update(TextDocument.create(URI, 'kreq', 1, TEXT), [{
        range: { start: { line: c.from[0], character: c.from[1] }, end: { line: c.to[0], character: c.to[1] } }, text: c.text,
      }], 2);
      follow(notes, server, after);
      const kept = notes.notesFor(URI);
      // Which blocks survived: the note texts name them.
      assert.deepEqual([...new Set(kept.map((note) => note.text.split('@')[0]))].sort(), [...c.survivors].sort());
      // Each surviving note sits on the line that holds the text it was made for.
      const lineText = (document: TextDocument, line: number) => document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
      for (const note of kept) {
        const originalLine = Number(note.text.split('@')[1]);
        assert.equal(lineText(after, note.line), lineText(before, originalLine), `${note.text} is now on line ${note.line}`);
      }
    });
  }

  test('sending a block again replaces its notes, not the others', () => {
    const { notes } = seeded();
    notes.set(URI, { startLine: 4, endLine: 8 }, [{ line: 5, text: 'B again', ok: false, hover: '' }]);
    assert.deepEqual(notes.notesFor(URI).map((note) => note.text), ['A@1', 'B again', 'C@10']);
  });

  test('edits one after another; the last block gone forgets the document; notes without an id go at once', () => {
    const notes = new ResultNotes();
    const server = new ResultDiagnostics();
    const text = '# top\n\n### X\nsystem.ping\n';
    const model = parseKreq(text);
    notes.set(URI, { startLine: 2, endLine: 3 }, [{ line: 3, text: 'x', ok: true, hover: '' }], server.record(URI, model, model.blocks[0], [], 0));
    notes.set(URI, { startLine: 0, endLine: 0 }, [{ line: 0, text: 'not sent', ok: false, hover: '' }]);
    let document = TextDocument.create(URI, 'kreq', 1, text);
    document = TextDocument.update(document, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'a\nb\n' }], 2);
    assert.equal(follow(notes, server, document), true);
    assert.deepEqual(notes.notesFor(URI).map((note) => [note.line, note.text]), [[5, 'x']]);
    document = TextDocument.update(document, [{ range: { start: { line: 5, character: 1 }, end: { line: 5, character: 1 } }, text: 'y' }], 3);
    follow(notes, server, document);
    assert.equal(notes.has(URI), false);
    assert.equal(follow(notes, server, document), false);
  });
});
