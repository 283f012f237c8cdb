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
    notes: ['3: ✗ timeout: no answer within 5 s'],
    hovers: ['not answered: timeout'],
  },
  {
    name: 'a refused server: the meaning first, short; the whole message in the hover',
    result: {
      ...BASE, ok: false, passed: false, durationMs: 2, calls: [], callCount: 1,
      error: { kind: 'refused', message: 'Nothing is listening on http://127.0.0.1:9 (connection refused). Is `kreq sandbox` (or your local server) running? Check `serviceUrl` in kreq.env.json.' },
    },
    notes: ['3: ✗ refused: nothing listens on 127.0.0.1:9'],
    hovers: ['Is \\`kreq sandbox\\` \\(or your local server\\) running?'],
  },
  {
    name: 'sent without credentials: the hint says why on every call that failed so, and in their hovers',
    result: {
      ...BASE, ok: false, passed: false, hint: '"sandbox" has no adminSecret, ks or appToken.', calls: [
        { call: 1, service: 'media', action: 'list', line: 4, ok: false, passed: false, summary: '', error: { code: 'SERVICE_FORBIDDEN', message: 'The access to service [media->list] is forbidden', args: {} } },
        { call: 2, service: 'media', action: 'get', line: 6, ok: false, passed: false, summary: '', error: { code: 'SERVICE_FORBIDDEN', message: 'The access to service [media->get] is forbidden', args: {} } },
      ],
    },
    notes: [
      '4: ✗ SERVICE_FORBIDDEN · "sandbox" has no adminSecret, ks or appToken. · 183 ms for 2 calls',
      '6: ✗ SERVICE_FORBIDDEN · "sandbox" has no adminSecret, ks or appToken.',
    ],
    hovers: ['**Why:** "sandbox" has no adminSecret', '**Why:** "sandbox" has no adminSecret'],
  },
  {
    name: 'a hint that names the code says it once',
    result: {
      ...BASE, ok: false, passed: false, hint: 'MISSING_KS: "sandbox" has no adminSecret, ks or appToken.', calls: [
        { call: 1, service: 'media', action: 'list', line: 4, ok: false, passed: false, summary: '', error: { code: 'MISSING_KS', message: 'Missing KS, session not established', args: {} } },
      ],
    },
    notes: ['4: ✗ MISSING_KS · "sandbox" has no adminSecret, ks or appToken. · 183 ms'],
    hovers: ['**Why:** MISSING\\_KS: "sandbox" has no adminSecret'],
  },
  {
    name: 'an answer that is a file: its type and size; the hover opens it',
    result: {
      ...BASE, ok: true, passed: true, file: { path: '/tmp/kreq-files-x/thumb.png', contentType: 'image/png', bytes: 70 },
      calls: [{ call: 1, service: 'thumbAsset', action: 'serve', line: 4, ok: true, passed: true, summary: 'image/png file · 70 bytes', result: '/tmp/kreq-files-x/thumb.png' }],
    },
    notes: ['4: ✓ image/png file · 70 bytes · 183 ms'],
    hovers: [`A file: image/png, 70 bytes, saved as \`/tmp/kreq-files-x/thumb.png\`\n\n[Open the file](command:vscode.open?${encodeURIComponent(JSON.stringify([{ scheme: 'file', path: '/tmp/kreq-files-x/thumb.png', authority: '' }]))})`],
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

describe('inline notes of a flow', () => {
  const ASSERTED = { ...BASE, line: 9, block: 1, durationMs: 40 } as const;

  test('a call whose assertions held: their count, then its summary; a capture line: the value', () => {
    const notes = notesOfResult({
      ...ASSERTED, ok: true, passed: true, calls: [{
        call: 1, service: 'media', action: 'add', line: 10, ok: true, passed: true, summary: 'KalturaMediaEntry · id 0_abc123', result: { id: '0_abc123' },
        assertions: [
          { line: 12, text: 'result:status == NO_CONTENT', ok: true, actual: 'NO_CONTENT', expected: 'NO_CONTENT', message: 'status == NO_CONTENT' },
          { line: 13, text: 'result:name exists', ok: true, actual: 'x', message: 'name exists' },
          { line: 14, text: 'result:id startsWith 0_', ok: true, actual: '0_abc123', expected: '0_', message: 'id startsWith 0_' },
        ],
        captures: [{ line: 11, name: 'entryId', value: '0_abc123' }],
      }],
    });
    assert.deepEqual(notes.map((n) => [n.line, n.text, n.ok]), [
      [10, '✓ 3 assertions · KalturaMediaEntry · id 0_abc123 · 40 ms', true],
      [11, 'entryId = 0_abc123', true],
    ]);
    assert.ok(notes[0].hover.includes('✓ status == NO\\_CONTENT'), notes[0].hover);
    assert.ok(notes[1].hover.includes('0_abc123'));
  });

  test('one assertion: singular; the first failed one with the actual value; a cleared capture with its reason', () => {
    const one = notesOfResult({
      ...ASSERTED, ok: true, passed: true, calls: [{
        call: 1, service: 'media', action: 'get', line: 10, ok: true, passed: true, summary: 's', result: {},
        assertions: [{ line: 11, text: 'result:status == READY', ok: true, actual: 'READY', expected: 'READY', message: 'status == READY' }],
      }],
    });
    assert.equal(one[0].text, '✓ 1 assertion · s · 40 ms');
    const failed = notesOfResult({
      ...ASSERTED, ok: true, passed: false, tries: 3, calls: [{
        call: 1, service: 'media', action: 'get', line: 10, ok: true, passed: false, summary: 's', result: {},
        assertions: [
          { line: 11, text: 'result:name == x', ok: true, actual: 'x', expected: 'x', message: 'name == x' },
          { line: 12, text: 'result:status == READY', ok: false, actual: 'PENDING', expected: 'READY', message: 'status == READY (was PENDING)' },
          { line: 13, text: 'result:views > 3', ok: false, actual: '0', expected: '3', message: 'views > 3 (was 0)' },
        ],
        captures: [{ line: 14, name: 'flavorId', reason: 'the array has no item 0' }],
      }],
    });
    assert.deepEqual(failed.map((n) => [n.line, n.text, n.ok]), [
      [10, '✗ status == READY (was PENDING) (+1 more failed) · 40 ms · 3 tries', false],
      [14, 'flavorId cleared: the array has no item 0', false],
    ]);
  });

  test('an API error an `error:` assertion expects passes; one it does not expect shows the error', () => {
    const expected = notesOfResult({
      ...ASSERTED, ok: false, passed: true, calls: [{
        call: 1, service: 'media', action: 'get', line: 10, ok: false, passed: true, summary: '', error: { code: 'ENTRY_ID_NOT_FOUND', message: 'Entry id "0_x" not found', args: {} },
        assertions: [{ line: 11, text: 'error:code == ENTRY_ID_NOT_FOUND', ok: true, actual: 'ENTRY_ID_NOT_FOUND', expected: 'ENTRY_ID_NOT_FOUND', message: 'error:code == ENTRY_ID_NOT_FOUND' }],
      }],
    });
    assert.deepEqual(expected.map((n) => [n.text, n.ok]), [['✓ 1 assertion · ENTRY_ID_NOT_FOUND · 40 ms', true]]);
    const unexpected = notesOfResult({
      ...ASSERTED, ok: false, passed: false, calls: [{
        call: 1, service: 'media', action: 'get', line: 10, ok: false, passed: false, summary: '', error: { code: 'ENTRY_ID_NOT_FOUND', message: 'Entry id "0_x" not found', args: {} },
        assertions: [{ line: 11, text: 'result:status == READY', ok: false, actual: '(none)', expected: 'READY', message: 'status == READY (was (none))' }],
      }],
    });
    assert.deepEqual(unexpected.map((n) => [n.text, n.ok]), [['✗ ENTRY_ID_NOT_FOUND: Entry id "0_x" not found · 40 ms', false]]);
  });

  test('a block not sent: one note on its first line, with the reason', () => {
    const notes = notesOfResult({ ...ASSERTED, ok: false, passed: false, durationMs: 0, calls: [], skipped: 'needs {{entryId}}, which has no value' });
    assert.deepEqual(notes.map((n) => [n.line, n.text, n.ok]), [[9, '⊘ not sent: needs {{entryId}}, which has no value', false]]);
  });
});
