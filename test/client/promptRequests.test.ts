import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promptBox, promptsNeeded } from '../../client/src/promptRequests';
import { PROMPTS_NEEDED_ERROR } from '../../server/src/protocol';

describe('prompts the server needs answered', () => {
  const prompts = [
    { name: 'entryName', description: 'The name to look for', secret: false, block: 0, line: 1 },
    { name: 'apiToken', secret: true, block: 2, line: 14 },
  ];

  test('are read from the PROMPTS_NEEDED error only', () => {
    assert.deepEqual(promptsNeeded({ code: PROMPTS_NEEDED_ERROR, message: 'm', data: { prompts } }), prompts);
    assert.equal(promptsNeeded({ code: -32602, message: 'bad', data: { prompts } }), undefined);
    assert.equal(promptsNeeded({ code: PROMPTS_NEEDED_ERROR, message: 'm' }), undefined);
    assert.equal(promptsNeeded({ code: PROMPTS_NEEDED_ERROR, data: { prompts: [{ nom: 'x' }] } }), undefined);
    assert.equal(promptsNeeded(new Error('boom')), undefined);
    assert.equal(promptsNeeded(undefined), undefined);
  });

  test('are asked in an input box titled with the variable, masked for secrets', () => {
    assert.deepEqual(promptBox(prompts[0]), { title: 'Kreq: {{entryName}}', prompt: 'The name to look for', password: false, ignoreFocusOut: true });
    assert.deepEqual(promptBox(prompts[1]), { title: 'Kreq: {{apiToken}}', prompt: 'A value for {{apiToken}} (# @prompt apiToken (line 15))', password: true, ignoreFocusOut: true });
  });
});
