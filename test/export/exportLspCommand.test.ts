/**
 * The `kreq.exportBlock` LSP command through the real bundled server (`node dist/server.js --stdio`): registered,
 * the block at a line written for each library from the environment's settings (its secret never in the answer),
 * `curl` answered as `kreq.copyAsCurl`, a block the libraries cannot call answered as a problem, bad arguments refused.
 */

import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol';
import { SEND_COMMANDS } from '../../server/src/lsp/sendCommands';
import { Commands, type ExportBlockResult } from '../../server/src/protocol';
import { SCHEMA_22 } from '../support/repoPaths';
import { LspSession, within } from '../server/lspSession';

const SECRET = 'lsp-export-admin-secret';
const DOCUMENT = ['### list', 'media.list', 'filter:objectType = KalturaMediaEntryFilter', 'filter:mediaTypeEqual = VIDEO', '', '### unknown', 'noSuchService.act', ''].join('\n');

let folder = '';
let session: LspSession;
let uri = '';

function execute<T>(argument: unknown): Promise<T> {
  return within(session.connection.sendRequest(ExecuteCommandRequest.type, { command: Commands.exportBlock, arguments: [argument] }) as Promise<T>, 15_000, 'kreq.exportBlock');
}

describe('kreq.exportBlock', () => {
  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-export-lsp-'));
    fs.writeFileSync(path.join(folder, 'kreq.env.json'), JSON.stringify({ demo: { serviceUrl: 'http://127.0.0.1:9', partnerId: 321 } }));
    fs.writeFileSync(path.join(folder, 'kreq.env.private.json'), JSON.stringify({ demo: { adminSecret: SECRET } }));
    fs.writeFileSync(path.join(folder, 'export.kreq'), DOCUMENT);
    uri = pathToFileURL(path.join(folder, 'export.kreq')).href;
    session = new LspSession();
    await session.initialize({ schema: SCHEMA_22, cacheDir: path.join(folder, 'cache'), environment: 'demo' });
    await session.open(uri, DOCUMENT);
  });

  after(async () => {
    try {
      if (session.alive) await session.shutdown();
    } finally {
      session.dispose();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('the server registers it', () => {
    assert.ok(SEND_COMMANDS.includes(Commands.exportBlock));
    assert.equal(Commands.exportBlock, 'kreq.exportBlock');
  });

  for (const [language, expected] of [
    ['node', /kaltura\.services\.media\.listAction\(filter\)/],
    ['ts', /new MediaListAction\(/],
    ['python', /client\.media\.list\(filter\)/],
    ['php', /\$client->media->listAction\(\$filter\)/],
  ] as const) {
    test(`the block at a line as ${language}, from the environment's settings, without its secret`, async () => {
      const result = await execute<ExportBlockResult>({ uri, line: 2, language, environment: 'demo' });
      assert.ok('code' in result, JSON.stringify(result));
      assert.equal(result.language, language);
      assert.match(result.code, expected);
      assert.match(result.code, /127\.0\.0\.1:9/);
      assert.match(result.code, /321/);
      assert.match(result.code, /KALTURA_ADMIN_SECRET/);
      assert.ok(!result.code.includes(SECRET), result.code);
    });
  }

  test('curl is the Copy as cURL text', async () => {
    const result = await execute<ExportBlockResult>({ uri, block: 0, language: 'curl', environment: 'demo' });
    assert.ok('code' in result, JSON.stringify(result));
    assert.match(result.code, /^curl -X POST 'http:\/\/127\.0\.0\.1:9\/api_v3\/service\/media\/action\/list'/);
    assert.ok(!result.code.includes(SECRET));
  });

  test('a call the schema does not know is a problem, as a value', async () => {
    const result = await execute<ExportBlockResult>({ uri, block: 1, language: 'node', environment: 'demo' });
    assert.ok('problem' in result && /noSuchService/.test(result.problem), JSON.stringify(result));
  });

  test('an unknown language is an argument error', async () => {
    await assert.rejects(execute({ uri, block: 0, language: 'java' }), /`language` must be one of node, ts, python, php, curl/);
  });
});
