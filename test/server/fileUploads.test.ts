/**
 * `@path` uploads through the real bundled server (issue 8), played as an attacker: a file outside the document's
 * folder is sent only after the user answers "Allow" to window/showMessageRequest (asked once per path), Cancel fails
 * the send, and a private env file or a `~/.ssh` key is never sent, with no question asked.
 */

import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExecuteCommandRequest, ShowMessageRequest, type ShowMessageRequestParams } from 'vscode-languageserver-protocol';
import { Commands, type SendResult } from '../../server/src/protocol';
import { answerJson, startServer, type LoopbackServer } from '../engine/loopbackServer';
import { SCHEMA_22 } from '../support/repoPaths';
import { LspSession, within } from './lspSession';

let server: LoopbackServer;
let session: LspSession;
let home: string;
let project: string;
const questions: ShowMessageRequestParams[] = [];
let answer: string | null = 'Cancel';

before(async () => {
  server = await startServer((_r, res) => answerJson(res, { id: '0_tok', objectType: 'KalturaUploadToken' }));
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-uploads-lsp-'));
  project = path.join(home, 'project');
  fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(home, '.ssh', 'id_rsa'), 'PRIVATE KEY');
  fs.writeFileSync(path.join(home, 'clip.bin'), 'clip bytes');
  fs.writeFileSync(path.join(home, 'other.bin'), 'other bytes');
  fs.writeFileSync(path.join(home, 'third.bin'), 'third bytes');
  fs.writeFileSync(path.join(home, 'kreq.env.private.json'), '{"prod":{"adminSecret":"mine"}}');
  fs.writeFileSync(path.join(project, 'kreq.env.json'), JSON.stringify({ local: { serviceUrl: server.url, ks: 'a-ks' } }));
  session = new LspSession();
  session.connection.onRequest(ShowMessageRequest.type, (params) => {
    questions.push(params);
    return answer === null ? null : { title: answer };
  });
  await session.initialize({ schema: SCHEMA_22, cacheDir: path.join(home, 'cache'), environment: 'local' });
});

after(async () => {
  try {
    if (session.alive) await session.shutdown();
  } finally {
    session.dispose();
    await server.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
});

async function sendUpload(name: string, file: string): Promise<SendResult> {
  const uri = pathToFileURL(path.join(project, name)).href;
  await session.open(uri, `uploadToken.upload\nuploadTokenId = 1\nfileData = @${file}\n`);
  return within(
    session.connection.sendRequest(ExecuteCommandRequest.type, { command: Commands.send, arguments: [{ uri, block: 0 }] }) as Promise<SendResult>,
    20_000,
    'the send',
  );
}

describe('uploads of files outside the workspace over LSP', () => {
  test('attacker: Cancel (or no answer) fails the send; nothing is uploaded', { timeout: 30_000 }, async () => {
    answer = 'Cancel';
    const result = await sendUpload('a.kreq', '../clip.bin');
    assert.equal(result.ok, false);
    assert.equal(result.error?.kind, 'build');
    assert.match(result.error!.message, /the upload of .*clip\.bin to http:\/\/127\.0\.0\.1:\d+ was not allowed/);
    assert.equal(questions.length, 1);
    assert.equal(questions[0].message.startsWith(`Upload ${path.join(home, 'clip.bin')} to ${server.url}?`), true, questions[0].message);
    assert.deepEqual(questions[0].actions?.map((a) => a.title), ['Allow', 'Allow for this workspace', 'Cancel']);
    answer = null;
    assert.equal((await sendUpload('b.kreq', '../clip.bin')).ok, false);
    assert.equal(server.received.length, 0);
  });

  test('Allow uploads it, and the same path is not asked again', { timeout: 30_000 }, async () => {
    answer = 'Allow';
    const asked = questions.length;
    const first = await sendUpload('c.kreq', '../clip.bin');
    assert.equal(first.error, undefined, first.error?.message);
    assert.equal(server.received.at(-1)?.files.fileData?.content, 'clip bytes');
    answer = 'Cancel';
    const second = await sendUpload('d.kreq', '../clip.bin');
    assert.equal(second.error, undefined, second.error?.message);
    assert.equal(questions.length, asked + 1, 'asked once');
  });

  test('"Allow for this workspace" lets every other file outside it go without asking again', { timeout: 30_000 }, async () => {
    answer = 'Allow for this workspace';
    const asked = questions.length;
    assert.equal((await sendUpload('f.kreq', '../other.bin')).error, undefined);
    answer = 'Cancel';
    assert.equal((await sendUpload('g.kreq', '../third.bin')).error, undefined);
    assert.equal(server.received.at(-1)?.files.fileData?.content, 'third bytes');
    assert.equal(questions.length, asked + 1);
  });

  test('attacker: a private env file and ~/.ssh are never uploaded, and not even asked about', { timeout: 30_000 }, async () => {
    answer = 'Allow for this workspace';
    const asked = questions.length;
    const sent = server.received.length;
    for (const file of ['../kreq.env.private.json', '../.ssh/id_rsa', './kreq.env.json']) {
      const result = await sendUpload('e.kreq', file);
      assert.equal(result.ok, false, file);
      assert.match(result.error!.message, /kreq never uploads it/, file);
    }
    assert.equal(questions.length, asked);
    assert.equal(server.received.length, sent);
  });
});
