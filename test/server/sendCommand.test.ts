/**
 * `kreq.send` and friends through the real bundled server (`node dist/server.js --stdio`) against the Kaltura sandbox:
 * the Send Request lenses, the `SendResult` shape, `kaltura` diagnostics (placed, shifted, cleared), environments,
 * sessions, progress, cancellation, and secrets kept out of the log.
 */

import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import {
  CodeLensRequest,
  ConfigurationRequest,
  type Diagnostic,
  DiagnosticSeverity,
  ErrorCodes,
  ExecuteCommandRequest,
  LSPErrorCodes,
  type ProgressToken,
  type WorkDoneProgressBegin,
  WorkDoneProgressCancelNotification,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol';
import { decodeKs } from '../../server/src/language/index';
import { Commands, RESULT_DIAGNOSTIC_SOURCE, type EnvironmentList, type SendResult, type SessionStatus } from '../../server/src/protocol';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../../server/src/sandbox/index';
import { realSchema } from '../support/realSchema';
import { SCHEMA_22 } from '../support/repoPaths';
import { LspSession, within } from './lspSession';

const REQUEST_TIMEOUT_MS = 15_000;

const DOCUMENT = [
  '### ping', //                                  0
  'system.ping', //                               1
  '', //                                          2
  '### list and get', //                          3
  'media.list', //                                4
  'filter:objectType = KalturaMediaEntryFilter', // 5
  'filter:mediaTypeEqual = 77', //                6
  '', //                                          7
  'media.get', //                                 8
  'entryId = {1:result:objects:0:id}', //         9
  '', //                                          10
  '### add', //                                   11
  'media.add', //                                 12
  'entry:objectType = KalturaMediaEntry', //      13
  'entry:name = x', //                            14
  'entry:id = 0_zzz', //                          15
  '', //                                          16
  '### nothing to send', //                       17
  '# only a comment', //                          18
  '', //                                          19
  '### list', //                                  20
  'media.list', //                                21
  '', //                                          22
  '### session', //                               23
  'session.start', //                             24
  `secret = ${SANDBOX_CREDENTIALS.adminSecret}`, // 25
  `partnerId = ${SANDBOX_CREDENTIALS.partnerId}`, // 26
  '',
].join('\n');

const VAULT_SECRET = SANDBOX_CREDENTIALS.adminSecret;

let sandbox: Sandbox;
let stall: http.Server;
let stalledRequests = 0;
let onStalledRequest: () => void = () => undefined;
let folder: string;
let session: LspSession;
const progressBegins: Array<{ token: ProgressToken; value: WorkDoneProgressBegin }> = [];
const progressEnds: ProgressToken[] = [];

function fileUri(name: string): string {
  return pathToFileURL(path.join(folder, name)).href;
}

before(async () => {
  sandbox = await startSandbox({ schema: realSchema() });
  stall = http.createServer((req) => {
    // Reads the request and never answers.
    req.resume();
    stalledRequests++;
    onStalledRequest();
  });
  await new Promise<void>((resolve) => stall.listen(0, '127.0.0.1', resolve));
  const stallUrl = `http://127.0.0.1:${(stall.address() as AddressInfo).port}`;
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-send-lsp-'));
  const partnerId = SANDBOX_CREDENTIALS.partnerId;
  fs.writeFileSync(
    path.join(folder, 'kreq.env.json'),
    JSON.stringify({
      local: { serviceUrl: sandbox.url, partnerId },
      stall: { serviceUrl: stallUrl, partnerId },
      vault: { serviceUrl: sandbox.url, partnerId },
    }),
  );
  fs.writeFileSync(path.join(folder, 'kreq.env.private.json'), JSON.stringify({ local: { adminSecret: SANDBOX_CREDENTIALS.adminSecret } }));
  session = new LspSession();
  session.connection.onRequest(WorkDoneProgressCreateRequest.method, () => null);
  session.connection.onUnhandledProgress((p) => {
    const value = p.value as { kind?: string };
    if (value.kind === 'begin') progressBegins.push({ token: p.token, value: p.value as WorkDoneProgressBegin });
    if (value.kind === 'end') progressEnds.push(p.token);
  });
  const cacheDir = path.join(folder, 'cache');
  await session.initialize({ schema: SCHEMA_22, cacheDir, environment: 'local' }, { window: { workDoneProgress: true } });
});

after(async () => {
  try {
    if (session.alive) await session.shutdown();
  } finally {
    session.dispose();
    stall.closeAllConnections();
    stall.close();
    await sandbox.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

function execute<T>(command: string, argument: unknown, token?: CancellationTokenSource): Promise<T> {
  return within(
    session.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: [argument] }, token?.token) as Promise<T>,
    REQUEST_TIMEOUT_MS,
    command,
  );
}

function send(argument: Record<string, unknown>, token?: CancellationTokenSource): Promise<SendResult> {
  return execute<SendResult>(Commands.send, argument, token);
}

/** Polls `condition` every 10 ms, failing after 5 s. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 5_000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `line:start-end CODE` of the `kaltura` diagnostics. */
function resultDiagnostics(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .filter((d) => d.source === RESULT_DIAGNOSTIC_SOURCE)
    .map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${String(d.code)}`)
    .sort();
}

/** The SendResult without what varies from run to run. */
/** The reply without what changes from run to run (times, sizes, the sandbox's port, the response document), each checked for its type. */
function stable(result: SendResult): unknown {
  const { durationMs, responseText, sentAt, url, responseBytes, response, ...rest } = result;
  assert.equal(typeof durationMs, 'number');
  assert.equal(responseText, undefined, 'the calls have their results: no raw body beside them');
  assert.equal(typeof sentAt, 'number');
  assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/api_v3\/service\//);
  assert.equal(typeof responseBytes, 'number');
  assert.equal(typeof response?.text, 'string');
  const { expiresAt, ...session } = rest.session ?? {};
  if (session.source) assert.equal(typeof expiresAt, 'number');
  return { ...rest, session };
}

describe('kreq.send over LSP against the sandbox', () => {
  const uri = () => fileUri('requests.kreq');

  test('advertises the commands, a Send All lens on the first line and a Send Request lens per block with calls', { timeout: 30_000 }, async () => {
    await session.open(uri(), DOCUMENT);
    const lenses = await within(session.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uri() } }), REQUEST_TIMEOUT_MS, 'code lenses');
    assert.deepEqual(
      (lenses ?? []).map((l) => `${l.range.start.line} ${l.command?.title} ${l.command?.command} ${JSON.stringify(l.command?.arguments)}`),
      [
        `0 ▶▶ Send All (5 blocks) kreq.sendAll [{"uri":"${uri()}"}]`,
        `0 ▶ Send Request kreq.send [{"uri":"${uri()}","block":0}]`,
        `3 ▶ Send Request (multirequest, 2 calls) kreq.send [{"uri":"${uri()}","block":1}]`,
        `11 ▶ Send Request kreq.send [{"uri":"${uri()}","block":2}]`,
        `20 ▶ Send Request kreq.send [{"uri":"${uri()}","block":4}]`,
        `23 ▶ Send Request kreq.send [{"uri":"${uri()}","block":5}]`,
      ],
    );
  });

  test('sends a block and answers the SendResult of the protocol', { timeout: 30_000 }, async () => {
    const ping = await send({ uri: uri(), block: 0 });
    assert.deepEqual(stable(ping), {
      uri: uri(),
      environment: 'local',
      block: 0,
      title: 'ping',
      line: 0,
      ok: true,
      passed: true,
      calls: [{ call: 1, service: 'system', action: 'ping', line: 1, ok: true, passed: true, result: true, summary: 'true' }],
      httpStatus: 200,
      span: { startLine: 0, endLine: 2 },
      callCount: 1,
      contentType: 'application/json',
      session: { environment: 'local' },
      resultId: 1,
    });
    const listAndGet = await send({ uri: uri(), line: 6 });
    assert.deepEqual(stable(listAndGet), {
      uri: uri(),
      environment: 'local',
      block: 1,
      title: 'list and get',
      line: 3,
      ok: false,
      passed: false,
      calls: [
        {
          call: 1,
          service: 'media',
          action: 'list',
          line: 4,
          ok: false,
          passed: false,
          error: {
            code: 'INVALID_ENUM_VALUE',
            message: 'Invalid enumeration value "77" for parameter "mediaTypeEqual", expecting enumeration type "KalturaMediaType"',
            args: { ENUM_VAL: '77', PARAM_NAME: 'mediaTypeEqual', ENUM_TYPE: 'KalturaMediaType' },
          },
          // Summaries are cut at 80 characters.
          summary: '✗ INVALID_ENUM_VALUE: Invalid enumeration value "77" for parameter "mediaTypeEq…',
        },
        {
          call: 2,
          service: 'media',
          action: 'get',
          line: 8,
          ok: false,
          passed: false,
          error: { code: 'ENTRY_ID_NOT_FOUND', message: 'Entry id "" not found', args: { ENTRY_ID: '' } },
          summary: '✗ ENTRY_ID_NOT_FOUND: Entry id "" not found',
        },
      ],
      httpStatus: 200,
      span: { startLine: 3, endLine: 10 },
      callCount: 2,
      contentType: 'application/json',
      session: { environment: 'local', source: 'session.start' },
      resultId: 2,
    });
    const list = await send({ uri: uri(), block: 4 });
    assert.equal(list.calls[0].summary, 'KalturaMediaListResponse · totalCount 0');
    assert.match(list.response?.text ?? '', /\n1 · media\.list · ✓ KalturaMediaListResponse[^\n]*\n\{\n {2}"objects": \[\],/);
  });

  test('publishes each failed call as a kaltura diagnostic, on the named parameter or the call line', { timeout: 30_000 }, async () => {
    await send({ uri: uri(), block: 1 });
    await send({ uri: uri(), block: 2 });
    const published = await session.waitForDiagnostics(uri(), (p) => resultDiagnostics(p.diagnostics).length === 3);
    assert.deepEqual(resultDiagnostics(published.diagnostics), ['15:0-8 PROPERTY_VALIDATION_NOT_UPDATABLE', '6:0-21 INVALID_ENUM_VALUE', '8:0-9 ENTRY_ID_NOT_FOUND']);
    const notUpdatable = published.diagnostics.find((d) => d.code === 'PROPERTY_VALIDATION_NOT_UPDATABLE');
    assert.equal(notUpdatable?.severity, DiagnosticSeverity.Error);
    assert.equal(notUpdatable?.message, 'PROPERTY_VALIDATION_NOT_UPDATABLE: The property "KalturaMediaEntry::id" cannot be updated');
    assert.ok(published.diagnostics.some((d) => d.source === 'kreq'), 'the language diagnostics are published beside them');
  });

  test('keeps them (shifted) when another block is edited, clears them when their block is edited', { timeout: 30_000 }, async () => {
    const count = session.publications.length;
    // A parameter line added to block 0 moves the blocks below one line down.
    await session.change(uri(), 2, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'clientTag = t\n' }]);
    const shifted = await session.waitForDiagnostics(uri(), (p) => p.version === 2 && session.publications.indexOf(p) >= count);
    assert.deepEqual(resultDiagnostics(shifted.diagnostics), ['16:0-8 PROPERTY_VALIDATION_NOT_UPDATABLE', '7:0-21 INVALID_ENUM_VALUE', '9:0-9 ENTRY_ID_NOT_FOUND']);
    // `entry:name = x` → `entry:name = xy` in the `add` block.
    await session.change(uri(), 3, [{ range: { start: { line: 15, character: 14 }, end: { line: 15, character: 14 } }, text: 'y' }]);
    const cleared = await session.waitForDiagnostics(uri(), (p) => p.version === 3);
    assert.deepEqual(resultDiagnostics(cleared.diagnostics), ['7:0-21 INVALID_ENUM_VALUE', '9:0-9 ENTRY_ID_NOT_FOUND']);
    // Sending the block again after fixing it: its diagnostics go.
    await session.change(uri(), 4, [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 26 } }, text: 'filter:mediaTypeEqual = 1' }]);
    await send({ uri: uri(), block: 1 });
    const resent = await session.waitForDiagnostics(uri(), (p) => p.version === 4 && resultDiagnostics(p.diagnostics).length > 0);
    assert.deepEqual(resultDiagnostics(resent.diagnostics), ['9:0-9 ENTRY_ID_NOT_FOUND']);
  });

  test('lists the environments and tells the session started for one', { timeout: 30_000 }, async () => {
    const list = await execute<EnvironmentList>(Commands.listEnvironments, { uri: uri() });
    assert.deepEqual(list, {
      names: ['local', 'stall', 'vault'],
      active: 'local',
      files: [path.join(folder, 'kreq.env.json'), path.join(folder, 'kreq.env.private.json')],
      problems: [],
      origins: Object.fromEntries(list.names.map((name) => [name, list.origins?.[name] ?? ''])),
      details: Object.fromEntries(list.names.map((name) => [name, list.details?.[name]])),
    });
    assert.equal(list.origins?.local, new URL(sandbox.url).origin);
    const partnerId = String(SANDBOX_CREDENTIALS.partnerId);
    assert.deepEqual(list.details, {
      local: { serviceUrl: sandbox.url, partnerId, session: 'adminSecret' },
      stall: { serviceUrl: list.details?.stall?.serviceUrl, partnerId, session: 'none' },
      vault: { serviceUrl: sandbox.url, partnerId, session: 'none' },
    });
    const status = await execute<SessionStatus>(Commands.sessionStatus, { uri: uri(), environment: 'local' });
    assert.equal(status.environment, 'local');
    assert.equal(status.source, 'session.start');
    assert.ok(typeof status.expiresAt === 'number' && status.expiresAt > Date.now(), `expires in the future: ${status.expiresAt}`);
    assert.deepEqual(await execute<SessionStatus>(Commands.sessionStatus, { uri: uri(), environment: 'stall' }), { environment: 'stall' });
  });

  test('answers InvalidParams for an unknown environment or block', { timeout: 30_000 }, async () => {
    for (const argument of [
      { uri: uri(), block: 0, environment: 'nowhere' },
      { uri: uri(), block: 42 },
      { uri: uri(), block: 3 },
      { uri: fileUri('not-open.kreq'), block: 0 },
    ]) {
      await assert.rejects(send(argument), (e: unknown) => e instanceof ResponseError && e.code === ErrorCodes.InvalidParams, JSON.stringify(argument));
    }
  });

  test('uses the secrets the client sends, and keeps them and every KS out of results and the log', { timeout: 30_000 }, async () => {
    const secrets = { 'vault.adminSecret': VAULT_SECRET };
    const listed = await send({ uri: uri(), block: 4, environment: 'vault', secrets });
    assert.equal(listed.ok, true, JSON.stringify(listed));
    assert.equal((await execute<SessionStatus>(Commands.sessionStatus, { uri: uri(), environment: 'vault' })).source, 'session.start');
    const hidden = await send({ uri: uri(), block: 5, environment: 'vault', secrets });
    assert.equal(hidden.calls[0].result, '***');
    assert.equal(hidden.calls[0].summary, '***');
    assert.ok(!JSON.stringify(hidden).includes(VAULT_SECRET));
    const revealed = await send({ uri: uri(), block: 5, environment: 'vault', secrets, reveal: true });
    const ks = revealed.calls[0].result;
    assert.ok(typeof ks === 'string' && decodeKs(ks) !== undefined, `a KS when revealed: ${String(ks)}`);
    const curl = await execute<string>(Commands.copyAsCurl, { uri: uri(), block: 4, environment: 'vault', secrets });
    assert.match(curl, /^curl -X POST '.*\/api_v3\/service\/media\/action\/list'/);
    assert.match(curl, /-d 'ks=\*\*\*'/);
    const log = session.logs.join('\n');
    assert.match(log, /kreq\.send: block 5 of .* \(1 call\), environment "vault"/);
    assert.match(log, /→ POST .*ks=\*\*\*/);
    assert.ok(!log.includes(VAULT_SECRET), 'no admin secret in the log');
    assert.ok(!log.includes(ks as string), 'no KS in the log');
    const ksLike = log.split(/[\s&='"]+/).filter((word) => word.length > 40 && decodeKs(word) !== undefined);
    assert.deepEqual(ksLike, [], 'nothing in the log reads as a KS');
  });

  test('reports cancellable progress, and stops when the user cancels it', { timeout: 30_000 }, async () => {
    const before = progressBegins.length;
    const answered = send({ uri: uri(), block: 1 });
    await answered;
    const begin = progressBegins.slice(before).find((p) => p.value.title.startsWith('Sending'));
    assert.ok(begin, 'a progress began');
    assert.deepEqual(begin.value, { kind: 'begin', title: 'Sending block 2 (2 calls)…', message: 'to local', cancellable: true });
    await waitFor(() => progressEnds.includes(begin.token), 'the end of the progress');

    const count = progressBegins.length;
    const arrived = new Promise<void>((resolve) => (onStalledRequest = resolve));
    const stalled = send({ uri: uri(), block: 0, environment: 'stall' });
    await within(arrived, REQUEST_TIMEOUT_MS, 'the stalled request');
    await waitFor(() => progressBegins.length > count, 'the progress of the stalled send');
    const token = progressBegins[count].token;
    await session.connection.sendNotification(WorkDoneProgressCancelNotification.type, { token });
    const result = await within(stalled, 3_000, 'the answer after cancelling the progress');
    assert.equal(result.ok, false);
    assert.equal(result.error?.kind, 'cancelled');
  });

  test('honours the timeout the client sends', { timeout: 30_000 }, async () => {
    const started = performance.now();
    const result = await send({ uri: uri(), block: 0, environment: 'stall', timeoutMs: 300 });
    assert.equal(result.error?.kind, 'timeout');
    assert.ok(performance.now() - started < 5_000);
  });

  test('a cancelled request answers RequestCancelled at once, and the server goes on', { timeout: 30_000 }, async () => {
    const seen = stalledRequests;
    const arrived = new Promise<void>((resolve) => (onStalledRequest = resolve));
    const source = new CancellationTokenSource();
    const started = performance.now();
    const request = send({ uri: uri(), block: 0, environment: 'stall' }, source);
    await within(arrived, REQUEST_TIMEOUT_MS, 'the stalled request');
    assert.equal(stalledRequests, seen + 1);
    source.cancel();
    await assert.rejects(within(request, 3_000, 'the cancelled send'), (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled);
    assert.ok(performance.now() - started < 5_000);
    const ping = await send({ uri: uri(), block: 0 });
    assert.equal(ping.ok, true);
    assert.ok(session.alive);
  });
});

describe('the kreq.environment setting', () => {
  test('a pulled kreq.environment chooses the environment before initializationOptions', { timeout: 30_000 }, async () => {
    const other = new LspSession();
    try {
      let answer: Record<string, string> = { environment: 'vault' };
      other.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => answer));
      await other.initialize({ schema: SCHEMA_22, cacheDir: path.join(folder, 'cache'), environment: 'local' }, { workspace: { configuration: true } });
      const uri = fileUri('setting.kreq');
      await other.open(uri, 'system.ping\n');
      const run = <T>(command: string, argument: unknown) =>
        within(other.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: [argument] }) as Promise<T>, REQUEST_TIMEOUT_MS, command);
      assert.equal((await run<EnvironmentList>(Commands.listEnvironments, { uri })).active, 'vault');
      const sent = await run<SendResult>(Commands.send, { uri, block: 0 });
      assert.equal(sent.environment, 'vault');
      assert.equal(sent.ok, true);
      // An empty setting (VS Code's default) leaves the choice to initializationOptions; the command's own wins over both.
      answer = { environment: '' };
      assert.equal((await run<SendResult>(Commands.send, { uri, block: 0 })).environment, 'local');
      assert.equal((await run<SendResult>(Commands.send, { uri, block: 0, environment: 'vault' })).environment, 'vault');
      await other.shutdown();
    } finally {
      other.dispose();
    }
  });
});
