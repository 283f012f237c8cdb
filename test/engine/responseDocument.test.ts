/**
 * The response document of a send, as data: whole documents as text (single call, multirequest, transport failure,
 * skipped block), the enum/time notes and descriptions at their exact positions, and the caps on a huge answer.
 */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CallResultJson, ResponseDocument, SendResult } from '../../server/src/protocol';
import {
  buildResponseDocument,
  MAX_RESPONSE_ANNOTATIONS,
  MAX_RESPONSE_DESCRIPTIONS,
} from '../../server/src/engine/responseDocument';
import { realSchema } from '../support/realSchema';

const SENT_AT = Date.UTC(2026, 11, 6, 10, 42, 1);
const URL = 'http://127.0.0.1:8080/api_v3/service/multirequest';
/** 2025-12-06 10:42:01 UTC in unix seconds, as Kaltura sends times. */
const CREATED_AT = 1765017721;

function block(fields: Partial<SendResult>): SendResult {
  return { uri: 'file:///w/a.kreq', environment: 'sandbox', block: 0, line: 0, ok: true, passed: true, durationMs: 183, calls: [], ...fields };
}

function call(fields: Partial<CallResultJson>): CallResultJson {
  return { call: 1, service: 'media', action: 'list', line: 1, ok: true, summary: '', passed: true, ...fields };
}

const ENTRY = { objectType: 'KalturaMediaEntry', id: '0_a', status: 2, createdAt: CREATED_AT, mediaType: 1 };
const LIST = { objectType: 'KalturaMediaListResponse', totalCount: 1, objects: [ENTRY] };
const NOT_FOUND = { code: 'ENTRY_ID_NOT_FOUND', message: 'Entry id "0_x" not found', args: { ENTRY_ID: '0_x' } };

function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

/** The text of each section after its heading (what "copy the call's JSON" copies). */
function sectionBodies(document: ResponseDocument): string[] {
  const all = document.text.split('\n');
  return document.sections.map((section) => all.slice(section.line + 1, section.endLine + 1).join('\n'));
}

describe('whole documents', () => {
  test('a single call: header, block line, request line, heading with the time, JSON', () => {
    const result = block({
      block: 1, line: 4, title: 'get an entry', url: URL, httpStatus: 200, sentAt: SENT_AT, responseBytes: 612,
      calls: [call({ action: 'get', line: 5, result: { objectType: 'KalturaMediaEntry', id: '0_a', name: 'Kitten' } })],
    });
    const document = buildResponseDocument([result], realSchema());
    assert.equal(document.text, lines(
      'Kreq response · sandbox · 2026-12-06 10:42:01 UTC · 183 ms · 612 B',
      '',
      '### Block 2 · line 5 · get an entry',
      'http://127.0.0.1:8080/api_v3/service/multirequest · HTTP 200 · 183 ms · 612 B',
      '1 · media.get · ✓ KalturaMediaEntry · 183 ms',
      '{',
      '  "objectType": "KalturaMediaEntry",',
      '  "id": "0_a",',
      '  "name": "Kitten"',
      '}',
      '',
    ));
    assert.deepEqual(document.sections, [{ line: 4, endLine: 9, title: '1 · media.get · ✓ KalturaMediaEntry · 183 ms', ok: true }]);
  });

  test('a multirequest with one ✓ and one ✗: one heading per call, each followed by its JSON', () => {
    const result = block({
      url: URL, httpStatus: 200, sentAt: SENT_AT, responseBytes: 2048, ok: false, passed: false,
      calls: [call({ result: LIST }), call({ call: 2, action: 'get', line: 3, ok: false, passed: false, error: NOT_FOUND })],
    });
    const document = buildResponseDocument([result], realSchema());
    assert.equal(document.text, lines(
      'Kreq response · sandbox · 2026-12-06 10:42:01 UTC · 183 ms · 2.0 KB',
      '',
      '### Block 1 · line 1',
      'http://127.0.0.1:8080/api_v3/service/multirequest · HTTP 200 · 183 ms · 2.0 KB',
      '1 · media.list · ✓ KalturaMediaListResponse',
      '{',
      '  "objectType": "KalturaMediaListResponse",',
      '  "totalCount": 1,',
      '  "objects": [',
      '    {',
      '      "objectType": "KalturaMediaEntry",',
      '      "id": "0_a",',
      '      "status": 2,',
      '      "createdAt": 1765017721,',
      '      "mediaType": 1',
      '    }',
      '  ]',
      '}',
      '',
      '2 · media.get · ✗ ENTRY_ID_NOT_FOUND',
      '{',
      '  "code": "ENTRY_ID_NOT_FOUND",',
      '  "message": "Entry id \\"0_x\\" not found",',
      '  "args": {',
      '    "ENTRY_ID": "0_x"',
      '  }',
      '}',
      '',
    ));
    assert.deepEqual(document.sections.map(({ line, endLine, ok }) => ({ line, endLine, ok })), [
      { line: 4, endLine: 17, ok: true },
      { line: 19, endLine: 26, ok: false },
    ]);
    // Copying a call's JSON gives valid JSON, the same as received.
    assert.deepEqual(sectionBodies(document).map((body) => JSON.parse(body)), [LIST, NOT_FOUND]);
  });

  test('a transport failure: a readable explanation with 1-based block and line, never the internal object', () => {
    const result = block({
      block: 5, line: 39, title: 'list entries', url: URL, sentAt: SENT_AT, durationMs: 3, ok: false, passed: false,
      error: { kind: 'refused', message: 'Nothing answers at http://127.0.0.1:8080 (connection refused).\nIs the server up?' },
      hint: 'Start the sandbox with `kreq sandbox`.',
    });
    const document = buildResponseDocument([result], realSchema());
    assert.equal(document.text, lines(
      'Kreq response · sandbox · 2026-12-06 10:42:01 UTC · 3 ms',
      '',
      '### Block 6 · line 40 · list entries',
      'http://127.0.0.1:8080/api_v3/service/multirequest · no answer · 3 ms',
      '✗ Block 6 (line 40) failed: refused',
      '  Nothing answers at http://127.0.0.1:8080 (connection refused).',
      '  Is the server up?',
      '  Hint: Start the sandbox with `kreq sandbox`.',
      '',
    ));
    assert.deepEqual(document.sections, [{ line: 4, endLine: 7, title: '✗ Block 6 (line 40) failed: refused', ok: false }]);
  });

  test('a Send All with a skipped block: the header counts the blocks, the skipped one says why', () => {
    const first = block({
      url: URL, httpStatus: 200, sentAt: SENT_AT, durationMs: 120, responseBytes: 100, ok: false, passed: false,
      calls: [call({ action: 'get', ok: false, passed: false, error: NOT_FOUND })],
    });
    const second = block({ block: 1, line: 7, name: 'cleanup', ok: false, passed: false, durationMs: 0, skipped: 'an earlier block failed and the run stops' });
    const document = buildResponseDocument([first, second], realSchema());
    assert.equal(document.text, lines(
      'Kreq response · sandbox · 2026-12-06 10:42:01 UTC · 2 blocks, 0 passed · 120 ms · 100 B',
      '',
      '### Block 1 · line 1',
      'http://127.0.0.1:8080/api_v3/service/multirequest · HTTP 200 · 120 ms · 100 B',
      '1 · media.get · ✗ ENTRY_ID_NOT_FOUND · 120 ms',
      '{',
      '  "code": "ENTRY_ID_NOT_FOUND",',
      '  "message": "Entry id \\"0_x\\" not found",',
      '  "args": {',
      '    "ENTRY_ID": "0_x"',
      '  }',
      '}',
      '',
      '### Block 2 · line 8 · cleanup',
      '– Skipped: an earlier block failed and the run stops',
      '',
    ));
  });

  test('nothing sent', () => {
    assert.equal(buildResponseDocument([], undefined).text, lines('Kreq response · no environment · nothing was sent', ''));
  });
});

describe('what the editor draws over the JSON', () => {
  const result = block({ url: URL, httpStatus: 200, sentAt: SENT_AT, calls: [call({ result: LIST })] });
  const document = buildResponseDocument([result], realSchema());
  const textLines = document.text.split('\n');

  test('enum names and dates just after their values, at exact positions', () => {
    assert.deepEqual(document.annotations, [
      { line: 12, character: 17, label: 'READY', kind: 'enum' },
      { line: 13, character: 29, label: '2025-12-06 10:42:01 UTC', kind: 'time' },
      { line: 14, character: 20, label: 'VIDEO', kind: 'enum' },
    ]);
    // The positions are right after the values: `"status": 2|,`.
    assert.equal(textLines[12].slice(0, 17), '      "status": 2');
    assert.equal(textLines[13].slice(0, 29), '      "createdAt": 1765017721');
  });

  test('a property’s schema description, on its quoted name (inherited properties name their class)', () => {
    const createdAt = document.descriptions.find((description) => description.line === 13);
    assert.deepEqual(createdAt, {
      line: 13, start: 6, end: 17,
      markdown: '**KalturaBaseEntry.createdAt** · `int` (time, read-only)\n\nEntry creation date as Unix timestamp (In seconds)',
    });
    assert.equal(textLines[13].slice(6, 17), '"createdAt"');
    assert.deepEqual(document.descriptions.map((description) => textLines[description.line].slice(description.start, description.end)), [
      '"totalCount"', '"objects"', '"id"', '"status"', '"createdAt"', '"mediaType"',
    ]);
  });

  test('without a schema: no enum names nor descriptions, `…At` numbers still read as dates', () => {
    const plain = buildResponseDocument([result], undefined);
    assert.deepEqual(plain.annotations, [{ line: 13, character: 29, label: '2025-12-06 10:42:01 UTC', kind: 'time' }]);
    assert.deepEqual(plain.descriptions, []);
    assert.equal(plain.text, document.text);
  });

  test('the class of an object without `objectType` comes from the action’s declared result', () => {
    const bare = block({ calls: [call({ action: 'get', result: { id: '0_a', status: 7 } })] });
    assert.deepEqual(buildResponseDocument([bare], realSchema()).annotations, [{ line: 6, character: 13, label: 'NO_CONTENT', kind: 'enum' }]);
  });
});

describe('a huge answer', () => {
  test('30,000 entries: the JSON is whole and valid, the notes are capped, and it stays fast', () => {
    const objects = Array.from({ length: 30_000 }, (_, i) => ({
      ...ENTRY, id: `0_${i}`, name: `Entry ${i}`, updatedAt: CREATED_AT + i, tags: 'a,b', duration: 10,
    }));
    const list = { objectType: 'KalturaMediaListResponse', totalCount: objects.length, objects };
    const result = block({ url: URL, httpStatus: 200, calls: [call({ result: list })] });
    const started = performance.now();
    const document = buildResponseDocument([result], realSchema());
    const elapsed = performance.now() - started;
    assert.deepEqual(JSON.parse(sectionBodies(document)[0]), list);
    assert.equal(document.annotations.length, MAX_RESPONSE_ANNOTATIONS);
    assert.equal(document.descriptions.length, MAX_RESPONSE_DESCRIPTIONS);
    // Well under a second on a developer machine; the bound leaves room for a loaded CI runner.
    assert.ok(elapsed < 3000, `building took ${Math.round(elapsed)} ms`);
  });
});
