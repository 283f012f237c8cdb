/** The `kreq.importText` LSP command: registered with the server's commands, its arguments checked, its answers as data. */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CommandError } from '../../server/src/lsp/commandArguments';
import { importTextCommand } from '../../server/src/lsp/importCommands';
import { SEND_COMMANDS } from '../../server/src/lsp/sendCommands';
import { Commands } from '../../server/src/protocol';
import { realSchema } from '../support/realSchema';

describe('kreq.importText', () => {
  test('the server registers it', () => {
    assert.ok(SEND_COMMANDS.includes(Commands.importText));
    assert.equal(Commands.importText, 'kreq.importText');
  });

  test('answers the block, or a problem as a value', () => {
    const answers = [
      importTextCommand({ text: 'https://www.kaltura.com/api_v3/service/media/action/get?entryId=0_a&format=1' }, realSchema()),
      importTextCommand({ text: 'hello' }, undefined),
      importTextCommand({ text: `curl https://x/api_v3/service/media/action/list -d 'a=${'x'.repeat(1024 * 1024)}'` }, undefined),
    ];
    assert.deepEqual(
      answers.map((a) => ('problem' in a ? `problem: ${a.problem.split(/[(;]/)[0].trim()}` : a.kreq)),
      [
        '### media.get (imported from a URL)\n# from https://www.kaltura.com\nmedia.get\nentryId = 0_a\n',
        'problem: Not a cURL command, a Kaltura API URL',
        'problem: The text has 1048631 characters',
      ],
    );
  });

  test('text that is not a string is an argument error', () => {
    assert.throws(() => importTextCommand({ text: 3 }, undefined), CommandError);
  });
});
