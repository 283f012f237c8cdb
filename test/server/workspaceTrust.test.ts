/**
 * Workspace trust, played as an attacker through the real bundled server over stdio: an untrusted workspace whose
 * settings name a schema URL on a server the attacker runs, a `.kreq` that reads `{{$env …}}` and points `@file` paths
 * outside the workspace (directly and through a symbolic link) — nothing is fetched, sent, read or listed until the
 * client says `kreq/trust`, and then everything works at once.
 */

import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ResponseError } from 'vscode-jsonrpc/node';
import {
  CodeLensRefreshRequest,
  CodeLensRequest,
  CompletionRequest,
  type CompletionItem,
  type CompletionList,
  ConfigurationRequest,
  type Diagnostic,
  ExecuteCommandRequest,
  InitializedNotification,
  InitializeRequest,
} from 'vscode-languageserver-protocol';
import { Commands, TRUST_NOTIFICATION, WORKSPACE_UNTRUSTED_ERROR, type SendResult } from '../../server/src/protocol';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../../server/src/sandbox/index';
import { realSchema } from '../support/realSchema';
import { SCHEMA_22 } from '../support/repoPaths';
import { LspSession, within } from './lspSession';

const TIMEOUT_MS = 15_000;
const SECRET_VARIABLE = 'KREQ_TRUST_TEST_VALUE';
const SECRET_VALUE = 'value-only-a-trusted-workspace-reads';
const UNTRUSTED_TITLE = '⚠ Untrusted workspace: sending is off — Trust this workspace';

let folder: string;
let workspace: string;
let outside: string;
let sandbox: Sandbox;
let attacker: http.Server;
let attackerRequests = 0;
let userServer: http.Server;
let session: LspSession;
let lensRefreshes = 0;

function uri(name: string): string {
  return pathToFileURL(path.join(workspace, name)).href;
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function execute<T>(command: string, argument: unknown): Promise<T> {
  return within(session.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: [argument] }) as Promise<T>, TIMEOUT_MS, command);
}

/** The error a command answered (fails when it succeeded). */
async function refusal(command: string, argument: unknown): Promise<ResponseError<unknown>> {
  try {
    await execute(command, argument);
  } catch (e) {
    assert.ok(e instanceof ResponseError, String(e));
    return e;
  }
  assert.fail(`${command} ran in an untrusted workspace`);
}

/** `line code` of the file-not-found diagnostics. */
function missingFiles(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.filter((d) => d.code === 'file-not-found').map((d) => `${d.range.start.line} ${d.message}`);
}

async function completionLabels(name: string, line: number, character: number): Promise<string[]> {
  const answer = await within(
    session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri(name) }, position: { line, character } }),
    TIMEOUT_MS,
    'completion',
  );
  const items: CompletionItem[] = Array.isArray(answer) ? answer : ((answer as CompletionList | null)?.items ?? []);
  return items.map((i) => i.label).sort();
}

async function lensTitles(name: string): Promise<string[]> {
  const lenses = await within(session.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uri(name) } }), TIMEOUT_MS, 'code lenses');
  return (lenses ?? []).map((l) => `${l.range.start.line} ${l.command?.title} ${l.command?.command}`);
}

const REQUESTS = [
  '### ping', //                                   0
  'system.ping', //                                1
  `clientTag = {{$env ${SECRET_VARIABLE}}}`, //    2
  '', //                                           3
  '### outside, relative', //                      4
  'uploadToken.upload', //                         5
  'uploadTokenId = 1', //                          6
  'fileData = @../outside/missing.bin', //         7
  '', //                                           8
  '### inside', //                                 9
  'uploadToken.upload', //                         10
  'uploadTokenId = 1', //                          11
  'fileData = @./missing-inside.bin', //           12
  '', //                                           13
  '### outside, absolute', //                      14
  'uploadToken.upload', //                         15
  'uploadTokenId = 1', //                          16
  'fileData = @ABSOLUTE', //                       17
  '', //                                           18
  '### outside, through a link', //                19
  'uploadToken.upload', //                         20
  'uploadTokenId = 1', //                          21
  'fileData = @link/missing.bin', //               22
  '',
];

/** A document whose last line is `fileData = @<typed>`, for completion at its end. */
function completionDocument(typed: string): string {
  return ['uploadToken.upload', 'uploadTokenId = 1', `fileData = @${typed}`].join('\n');
}

before(async () => {
  folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-trust-')));
  workspace = path.join(folder, 'workspace');
  outside = path.join(folder, 'outside');
  fs.mkdirSync(workspace);
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'not for an untrusted workspace');
  fs.writeFileSync(path.join(workspace, 'inside.txt'), 'fine');
  fs.symlinkSync(outside, path.join(workspace, 'link'), 'dir');

  sandbox = await startSandbox({ schema: realSchema() });
  // The attacker's schema server: the workspace settings name it. Once trusted, it is the workspace's own schema.
  attacker = http.createServer((_request, response) => {
    attackerRequests++;
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end(fs.readFileSync(SCHEMA_22));
  });
  const attackerUrl = await listen(attacker);
  // The user's own service URL (initializationOptions): its background schema refresh fails, the snapshot stays.
  userServer = http.createServer((_request, response) => {
    response.writeHead(404);
    response.end();
  });
  const userUrl = await listen(userServer);
  fs.writeFileSync(
    path.join(workspace, 'kreq.env.json'),
    JSON.stringify({ local: { serviceUrl: sandbox.url, partnerId: SANDBOX_CREDENTIALS.partnerId, adminSecret: SANDBOX_CREDENTIALS.adminSecret } }),
  );

  process.env[SECRET_VARIABLE] = SECRET_VALUE;
  session = new LspSession();
  delete process.env[SECRET_VARIABLE];
  session.connection.onRequest(ConfigurationRequest.type, (params) =>
    params.items.map(() => ({ schema: `${attackerUrl}/api_v3/api_schema.php`, serviceUrl: attackerUrl, environment: 'local' })),
  );
  session.connection.onRequest(CodeLensRefreshRequest.method, () => {
    lensRefreshes++;
    return null;
  });
  await within(
    session.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(workspace).href,
      workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'workspace' }],
      capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true } } },
      initializationOptions: { trusted: false, serviceUrl: userUrl, cacheDir: path.join(folder, 'cache') },
    }),
    TIMEOUT_MS,
    'initialize',
  );
  await session.connection.sendNotification(InitializedNotification.type, {});
  await session.open(uri('requests.kreq'), REQUESTS.join('\n').replace('ABSOLUTE', path.join(outside, 'nope.bin')));
  await session.open(uri('outside.kreq'), completionDocument('../outside/'));
  await session.open(uri('absolute.kreq'), completionDocument(`${outside}/`));
  await session.open(uri('link.kreq'), completionDocument('link/'));
  await session.open(uri('inside.kreq'), completionDocument('./'));
});

after(async () => {
  try {
    if (session.alive) await session.shutdown();
  } finally {
    session.dispose();
    attacker.close();
    userServer.close();
    await sandbox.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

describe('an untrusted workspace (initializationOptions.trusted = false)', () => {
  test('checks from the bundled snapshot and never fetches the schema its settings name', { timeout: 30_000 }, async () => {
    const published = await session.waitForDiagnostics(uri('requests.kreq'), () => true);
    assert.ok(!published.diagnostics.some((d) => d.code === 'schema-unavailable'), JSON.stringify(published.diagnostics));
    assert.ok(session.logs.some((l) => l.includes('bundled with kreq')), session.logs.join('\n'));
    assert.equal(attackerRequests, 0, 'no request to the URL the workspace settings name');
  });

  test('refuses kreq.send, kreq.sendAll and kreq.copyAsCurl with a clear message', { timeout: 30_000 }, async () => {
    for (const command of [Commands.send, Commands.sendAll, Commands.copyAsCurl]) {
      const error = await refusal(command, { uri: uri('requests.kreq'), block: 0, environment: 'local', reveal: true });
      assert.equal(error.code, WORKSPACE_UNTRUSTED_ERROR);
      assert.match(error.message, /workspace is not trusted/);
      assert.ok(!error.message.includes(SECRET_VALUE));
    }
    const lens = await refusal(Commands.trustWorkspace, undefined);
    assert.equal(lens.code, WORKSPACE_UNTRUSTED_ERROR);
    assert.match(lens.message, /kreq\/trust/);
  });

  test('the Send lenses say why and offer to trust the workspace; no Send All', { timeout: 30_000 }, async () => {
    assert.deepEqual(await lensTitles('requests.kreq'), [0, 4, 9, 14, 19].map((line) => `${line} ${UNTRUSTED_TITLE} ${Commands.trustWorkspace}`));
  });

  test('never stats or lists a path outside the workspace folders (relative, absolute, through a link)', { timeout: 30_000 }, async () => {
    const published = await session.waitForDiagnostics(uri('requests.kreq'), () => true);
    assert.deepEqual(missingFiles(published.diagnostics), ['12 File not found: `./missing-inside.bin`.'], 'only the path inside is checked');
    assert.deepEqual(await completionLabels('outside.kreq', 2, 'fileData = @../outside/'.length), []);
    assert.deepEqual(await completionLabels('absolute.kreq', 2, `fileData = @${outside}/`.length), []);
    assert.deepEqual(await completionLabels('link.kreq', 2, 'fileData = @link/'.length), []);
    const inside = await completionLabels('inside.kreq', 2, 'fileData = @./'.length);
    assert.ok(inside.includes('inside.txt'), inside.join(', '));
    assert.equal(attackerRequests, 0);
  });
});

describe('after kreq/trust', () => {
  test('everything works at once: workspace schema re-read, lenses refreshed, paths checked, {{$env}} read, sending on', { timeout: 30_000 }, async () => {
    const before = session.publications.length;
    await session.connection.sendNotification(TRUST_NOTIFICATION, { trusted: true });
    const published = await session.waitForDiagnostics(uri('requests.kreq'), (p) => session.publications.indexOf(p) >= before && missingFiles(p.diagnostics).length === 4);
    assert.deepEqual(
      missingFiles(published.diagnostics).map((m) => m.split(' ')[0]),
      ['7', '12', '17', '22'],
    );
    await within(
      (async () => {
        while (attackerRequests === 0 || lensRefreshes === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      })(),
      TIMEOUT_MS,
      'the workspace schema download and a code lens refresh',
    );
    assert.deepEqual((await lensTitles('requests.kreq')).slice(0, 2), ['0 ▶▶ Send All (5 blocks) kreq.sendAll', '0 ▶ Send Request kreq.send']);
    assert.deepEqual(await completionLabels('outside.kreq', 2, 'fileData = @../outside/'.length), ['secret.txt']);
    assert.deepEqual(await completionLabels('link.kreq', 2, 'fileData = @link/'.length), ['secret.txt']);

    const curl = await execute<string>(Commands.copyAsCurl, { uri: uri('requests.kreq'), block: 0, environment: 'local', reveal: true });
    assert.ok(curl.includes(SECRET_VALUE), `{{$env}} is read once trusted: ${curl}`);
    const ping = await execute<SendResult>(Commands.send, { uri: uri('requests.kreq'), block: 0, environment: 'local' });
    assert.equal(ping.ok, true, JSON.stringify(ping));
    assert.equal(ping.calls[0].result, true);
  });
});
