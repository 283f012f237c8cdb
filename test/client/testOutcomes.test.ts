import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { SendResult } from '../../server/src/protocol';
import { blockOutcome } from '../../client/src/testOutcomes';

const BASE = { uri: 'file:///w/flows.kreq', environment: 'sandbox', block: 1, line: 9, durationMs: 40, title: 'Get it' } as const;
const GET = { call: 1, service: 'media', action: 'get', line: 10, summary: 's' } as const;

describe('Test Explorer outcomes of a block', () => {
  test('passed: every call passed', () => {
    const outcome = blockOutcome({
      ...BASE, ok: true, passed: true, name: 'get-it', calls: [{ ...GET, ok: true, passed: true, result: {}, assertions: [
        { line: 11, text: 'result:status == READY', ok: true, actual: 'READY', expected: 'READY', message: 'status == READY' },
      ] }],
    });
    assert.deepEqual(outcome, { block: 1, state: 'passed', durationMs: 40, messages: [], summary: '✓ get-it — 1 assertion held (40 ms)' });
  });

  test('failed: a message at each failed assertion\'s line with expected and actual, an API error at its call line', () => {
    const result: SendResult = {
      ...BASE, ok: false, passed: false, tries: 4, calls: [
        { ...GET, ok: true, passed: false, result: {}, assertions: [
          { line: 11, text: 'result:status == READY', ok: false, actual: 'PENDING', expected: 'READY', message: 'status == READY (was PENDING)' },
          { line: 12, text: 'result:name exists', ok: false, actual: '(none)', message: 'name exists (was (none))' },
        ] },
        { ...GET, call: 2, line: 14, ok: false, passed: false, error: { code: 'ENTRY_ID_NOT_FOUND', message: 'Entry id "x" not found', args: {} }, assertions: [
          { line: 16, text: 'result:id exists', ok: false, actual: '(none)', message: 'id exists (was (none))' },
        ] },
      ],
    };
    const outcome = blockOutcome(result);
    assert.equal(outcome.state, 'failed');
    assert.deepEqual(outcome.messages, [
      { line: 11, message: 'Assertion failed: status == READY (was PENDING)', expected: 'READY', actual: 'PENDING' },
      { line: 12, message: 'Assertion failed: name exists (was (none))', expected: 'result:name exists', actual: '(none)' },
      { line: 14, message: 'media.get failed: ENTRY_ID_NOT_FOUND: Entry id "x" not found' },
    ]);
    assert.equal(outcome.summary, '✗ Get it: Assertion failed: status == READY (was PENDING) (40 ms, 4 tries)');
  });

  test('skipped: not sent; errored: no answer, at the block line', () => {
    assert.deepEqual(blockOutcome({ ...BASE, ok: false, passed: false, calls: [], skipped: 'needs {{entryId}}' }), {
      block: 1, state: 'skipped', messages: [], summary: '⊘ Get it: not sent — needs {{entryId}}',
    });
    const errored = blockOutcome({ ...BASE, title: undefined, ok: false, passed: false, calls: [], error: { kind: 'refused', message: 'Nothing listens on http://127.0.0.1:9' } });
    assert.equal(errored.state, 'errored');
    assert.deepEqual(errored.messages, [{ line: 9, message: 'refused: Nothing listens on http://127.0.0.1:9' }]);
    assert.equal(errored.summary, '✗ block 2 (line 10): refused: Nothing listens on http://127.0.0.1:9 (40 ms)');
  });
});
