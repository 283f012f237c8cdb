import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ResultNotes, type TextChange } from '../../client/src/resultNotes';

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
  { name: 'Enter at the end of the line before B moves B down, keeps it', from: [3, 0], to: [3, 0], text: '\n', survivors: ['B', 'C'] },
  { name: 'lines inserted at the start of B’s first line keep B', from: [4, 0], to: [4, 0], text: '# note\n\n', survivors: ['A', 'B', 'C'] },
  { name: 'deleting the lines of A moves B and C up', from: [0, 0], to: [4, 0], text: '', survivors: ['B', 'C'] },
  { name: 'an edit across A and B drops both', from: [2, 3], to: [5, 2], text: '', survivors: ['C'] },
  { name: 'appending after C keeps everything', from: [11, 0], to: [11, 0], text: 'more\n', survivors: ['A', 'B'] },
  { name: 'a replacement of several lines by one in A moves the rest up', from: [1, 0], to: [3, 0], text: 'media.list\n', survivors: ['B', 'C'] },
];

function seeded(): ResultNotes {
  const notes = new ResultNotes();
  for (const [name, block] of Object.entries(BLOCKS)) {
    notes.set(URI, block, block.notes.map((line) => ({ line, text: `${name}@${line}`, ok: true, hover: '' })));
  }
  return notes;
}

describe('result notes follow edits', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const notes = seeded();
      const before = TextDocument.create(URI, 'kreq', 1, TEXT);
      const change: TextChange = { startLine: c.from[0], startCharacter: c.from[1], endLine: c.to[0], endCharacter: c.to[1], text: c.text };
      const after = TextDocument.update(TextDocument.create(URI, 'kreq', 1, TEXT), [{
        range: { start: { line: c.from[0], character: c.from[1] }, end: { line: c.to[0], character: c.to[1] } }, text: c.text,
      }], 2);
      notes.applyChanges(URI, [change]);
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
    const notes = seeded();
    notes.set(URI, { startLine: 4, endLine: 8 }, [{ line: 5, text: 'B again', ok: false, hover: '' }]);
    assert.deepEqual(notes.notesFor(URI).map((note) => note.text), ['A@1', 'B again', 'C@10']);
  });

  test('several changes apply in order; the last block gone forgets the document', () => {
    const notes = new ResultNotes();
    notes.set(URI, { startLine: 2, endLine: 3 }, [{ line: 2, text: 'x', ok: true, hover: '' }]);
    const insertAbove: TextChange = { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0, text: 'a\nb\n' };
    assert.equal(notes.applyChanges(URI, [insertAbove]), true);
    assert.deepEqual(notes.notesFor(URI).map((note) => note.line), [4]);
    const editIt: TextChange = { startLine: 4, startCharacter: 1, endLine: 4, endCharacter: 1, text: 'y' };
    notes.applyChanges(URI, [editIt]);
    assert.equal(notes.has(URI), false);
    assert.equal(notes.applyChanges(URI, [editIt]), false);
  });
});
