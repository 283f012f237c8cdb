import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { SendResult } from '../../server/src/protocol';
import { codeBlock, formatDuration, notesOfResult } from '../../client/src/resultNoteText';

const BASE = { uri: 'file:///w/a.kreq', environment: 'prod', block: 0, line: 3, durationMs: 183 } as const;

interface Case {
  readonly name: string;
  readonly result: SendResult;
  /** `line: text` per note, ✓/✗ included. */
  readonly notes: readonly string[];
  /** Text each hover must contain, in note order. */
  readonly hovers: readonly string[];
}

const CASES: Case[] = [
  {
    name: 'one call, ok: its summary and the time',
    result: { ...BASE, ok: true, passed: true, calls: [{ call: 1, service: 'media', action: 'list', line: 4, ok: true, passed: true, summary: 'KalturaMediaListResponse · totalCount 3', result: { totalCount: 3, objects: [], objectType: 'KalturaMediaListResponse' } }] },
    notes: ['4: ✓ KalturaMediaListResponse · totalCount 3 · 183 ms'],
    hovers: ['"totalCount": 3'],
  },
  {
    name: 'a multirequest: the time on the first call, an error as CODE: message',
    result: {
      ...BASE, ok: false, passed: false, durationMs: 12_345, calls: [
        { call: 1, service: 'media', action: 'list', line: 4, ok: true, passed: true, summary: 'KalturaMediaListResponse · totalCount 0', result: { totalCount: 0 } },
        { call: 2, service: 'media', action: 'get', line: 9, ok: false, passed: false, summary: '', error: { code: 'ENTRY_ID_NOT_FOUND', message: 'Entry id "" not found', args: { ENTRY_ID: '' } } },
      ],
    },
    notes: ['4: ✓ KalturaMediaListResponse · totalCount 0 · 12.3 s for 2 calls', '9: ✗ ENTRY_ID_NOT_FOUND: Entry id "" not found'],
    hovers: ['call 1 of 2', '"ENTRY_ID": ""'],
  },
  {
    name: 'the whole block failed: one note on the block line',
    result: { ...BASE, ok: false, passed: false, durationMs: 5003, calls: [], error: { kind: 'timeout', message: 'No answer from http://127.0.0.1:9/ within\n5 s' } },
    notes: ['3: ✗ timeout: No answer from http://127.0.0.1:9/ within 5 s · 5003 ms'],
    hovers: ['not answered: timeout'],
  },
];

describe('inline notes of a result', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const notes = notesOfResult(c.result);
      assert.deepEqual(notes.map((note) => `${note.line}: ${note.text}`), c.notes);
      notes.forEach((note, index) => assert.ok(note.hover.includes(c.hovers[index]), `hover ${index}: ${note.hover}`));
      notes.forEach((note) => assert.ok(note.hover.includes('command:kreq.showResponse')));
    });
  }

  test('a long result shows 40 lines in its hover and says so', () => {
    const objects = Array.from({ length: 100 }, (_, id) => ({ id: `0_${id}` }));
    const [note] = notesOfResult({ ...BASE, ok: true, passed: true, calls: [{ call: 1, service: 'media', action: 'list', line: 4, ok: true, passed: true, summary: 's', result: { objects } }] });
    const code = /```json\n([\s\S]*?)\n```/.exec(note.hover);
    assert.equal(code?.[1].split('\n').length, 40);
    assert.ok(note.hover.includes('First 40 lines'));
  });

  test('code blocks are fenced beyond any backticks inside', () => {
    assert.equal(codeBlock('a ```b``` c', 'json'), '````json\na ```b``` c\n````');
  });

  test('durations', () => {
    assert.deepEqual([0, 183, 9999.4, 10_000, 61_234].map(formatDuration), ['0 ms', '183 ms', '9999 ms', '10.0 s', '61.2 s']);
  });
});
