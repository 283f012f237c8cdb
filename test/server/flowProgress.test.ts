import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { MissingPrompt } from '../../server/src/engine/index';
import { parseKreq } from '../../server/src/language/index';
import { formatWait, progressMessage, promptsNeededMessage } from '../../server/src/lsp/flowProgress';

const DOC = parseKreq([
  '### Create', //          0
  'media.add', //           1
  '> entryId = result:id', // 2
  '> name = result:name', // 3
  '### Get', //             4
  '# @poll every 5s for 10m',
  'media.get', //           6
  'entryId = {{entryId}}', // 7
  '?? result:name == {{name}}',
  '',
].join('\n'));
const [CREATE, GET] = DOC.blocks;

describe('the words of flow progress', () => {
  test('waits', () => {
    assert.deepEqual([0, 500, 5000, 59_999, 60_000, 590_000, 3_600_000, 3_900_000].map(formatWait), ['0 ms', '500 ms', '5 s', '59 s', '1 m', '9 m 50 s', '1 h', '1 h 5 m']);
  });

  test('sending first, trying again, waiting', () => {
    assert.equal(progressMessage({ kind: 'send', block: CREATE, attempt: 1, dependency: true }, DOC, [GET]), 'sending block 1 first: it captures {{entryId}}, {{name}}');
    assert.equal(progressMessage({ kind: 'send', block: GET, attempt: 1, dependency: false }, DOC, [GET]), 'sending block 2');
    assert.equal(progressMessage({ kind: 'send', block: GET, attempt: 3, dependency: false }, DOC, [GET]), 'block 2: try 3');
    assert.equal(progressMessage({ kind: 'wait', block: GET, attempt: 3, waitMs: 5000, remainingMs: 590_000 }, DOC, [GET]), 'try 3 — waiting 5 s (9 m 50 s left)');
  });

  test('prompts needed', () => {
    const prompt = (name: string, block = GET): MissingPrompt => ({ name, secret: false, block, line: 5 });
    assert.equal(promptsNeededMessage([prompt('a'), prompt('b')]), 'Block 2 needs answers for: {{a}} (# @prompt a), {{b}} (# @prompt b) — pass them as `answers`');
    assert.equal(promptsNeededMessage([prompt('a', CREATE), prompt('b')]), 'Blocks 1, 2 need answers for: {{a}} (# @prompt a), {{b}} (# @prompt b) — pass them as `answers`');
  });
});
