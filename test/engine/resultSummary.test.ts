/** The one-line summaries of call results (inline notes, `kreq send`): each kind of value and an error. */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { summarizeCallResult, summarizeValue, type WireCall } from '../../server/src/engine/index';

const CALL: WireCall = { number: 1, service: 'media', action: 'get', line: 0 };

describe('summarizeValue', () => {
  const cases: Array<[unknown, string]> = [
    [{ objects: [], totalCount: 3, objectType: 'KalturaMediaListResponse' }, 'KalturaMediaListResponse · totalCount 3'],
    [{ id: '0_abc', name: 'x', objectType: 'KalturaMediaEntry' }, 'KalturaMediaEntry · id 0_abc'],
    // XML results (format=2) carry numbers as text.
    [{ totalCount: '1', objectType: 'KalturaMediaListResponse' }, 'KalturaMediaListResponse · totalCount 1'],
    [{ ks: '***', objectType: 'KalturaSessionInfo' }, 'KalturaSessionInfo'],
    [{ a: 1 }, 'object'],
    ['0_abc', '0_abc'],
    ['', '""'],
    ['line one\nline two', 'line one line two'],
    ['x'.repeat(100), `${'x'.repeat(79)}…`],
    [42, '42'],
    [true, 'true'],
    [null, 'null'],
    [undefined, 'null'],
    [[1, 2, 3], '3 items'],
    [[{}], '1 item'],
  ];
  for (const [value, expected] of cases) {
    test(`${JSON.stringify(value)?.slice(0, 40)} → ${expected}`, () => assert.equal(summarizeValue(value), expected));
  }
});

describe('summarizeCallResult', () => {
  test('an API error', () => {
    const summary = summarizeCallResult({ call: CALL, ok: false, error: { code: 'ENTRY_ID_NOT_FOUND', message: 'Entry id "" not found', args: { ENTRY_ID: '' } } });
    assert.equal(summary, '✗ ENTRY_ID_NOT_FOUND: Entry id "" not found');
  });

  test('the shown (redacted) value rather than the one received', () => {
    assert.equal(summarizeCallResult({ call: CALL, ok: true, value: 'a-real-ks' }, '***'), '***');
    assert.equal(summarizeCallResult({ call: CALL, ok: true, value: 'plain' }), 'plain');
  });
});
