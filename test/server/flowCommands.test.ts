/**
 * Flows through the real bundled server (`node dist/server.js --stdio`) against the Kaltura sandbox: `kreq.sendAll`
 * (captures flowing, assertion outcomes, `assertion-failed` diagnostics, stop on failure), `kreq.send` with the blocks
 * it needs sent first, `# @prompt` answers (the PROMPTS_NEEDED error and its data), `# @poll` progress and its
 * cancellation, `kreq.clearCaptures`, the Send All lens and the captured value in hover.
 */

import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import {
  CodeLensRequest,
  ConfigurationRequest,
  type Diagnostic,
  DiagnosticSeverity,
  ExecuteCommandRequest,
  HoverRequest,
  LSPErrorCodes,
  type MarkupContent,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol';
import { indexSchema, readSchemaXml } from '../../server/src/language/index';
import {
  Commands,
  CREDENTIALS_NEEDED_ERROR,
  PROMPTS_NEEDED_ERROR,
  RESULT_DIAGNOSTIC_SOURCE,
  SENT_BLOCKS_NOTIFICATION,
  type CredentialsNeeded,
  type SentBlocksParams,
  type PromptsNeeded,
  type RunResult,
  type SendResult,
} from '../../server/src/protocol';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../../server/src/sandbox/index';
import { REPO_ROOT } from '../support/repoPaths';
import { LspSession, within } from './lspSession';

const REQUEST_TIMEOUT_MS = 20_000;
/** The schema the build bundles (the same 22.19.0 snapshot). */
const SCHEMA = path.join(REPO_ROOT, 'dist', 'kaltura-schema.xml');

const FLOWS = [
  '### Create an entry', //                          0
  '# @name create-entry', //                         1
  'media.add', //                                    2
  'entry:objectType = KalturaMediaEntry', //         3
  'entry:name = Flow test', //                       4
  'entry:mediaType = VIDEO', //                      5
  '> entryId = result:id', //                        6
  '?? result:status == NO_CONTENT', //               7
  '', //                                             8
  '### Get it', //                                   9
  'media.get', //                                    10
  'entryId = {{entryId}}', //                        11
  '?? result:name == Flow test', //                  12
  '?? result:status == READY', //                    13
  '', //                                             14
  '### A missing entry', //                          15
  'media.get', //                                    16
  'entryId = 0_nosuch', //                           17
  '?? error:code == ENTRY_ID_NOT_FOUND', //          18
  '',
].join('\n');

const UPLOAD = [
  '### Create', //                                   0
  'media.add', //                                    1
  'entry:objectType = KalturaMediaEntry', //         2
  'entry:name = Polled', //                          3
  'entry:mediaType = VIDEO', //                      4
  '> polledId = result:id', //                       5
  '', //                                             6
  '### Upload', //                                   7
  'uploadToken.add', //                              8
  'uploadToken.upload', //                           9
  'uploadTokenId = {1:result:id}', //                10
  'fileData = @./clip.mp4', //                       11
  'media.addContent', //                             12
  'entryId = {{polledId}}', //                       13
  'resource:objectType = KalturaUploadedFileTokenResource', // 14
  'resource:token = {1:result:id}', //               15
  '', //                                             16
  '### Wait until it is ready', //                   17
  '# @poll every 300ms for 20s', //                  18
  'media.get', //                                    19
  'entryId = {{polledId}}', //                       20
  '?? result:status == READY', //                    21
  '', //                                             22
  '### Never deleted', //                            23
  '# @poll every 5s for 10m', //                     24
  'media.get', //                                    25
  'entryId = {{polledId}}', //                       26
  '?? result:status == DELETED', //                  27
  '',
].join('\n');

const PROMPTED = [
  '### Named', //                                    0
  '# @prompt entryName The name to look for', //     1
  '# @prompt apiToken', //                           2
  'media.list', //                                   3
  'filter:objectType = KalturaMediaEntryFilter', //  4
  'filter:nameEqual = {{entryName}}', //             5
  '?? result:totalCount >= 0', //                    6
  '',
].join('\n');

let sandbox: Sandbox;
let folder: string;
let session: LspSession;
const progress: Array<{ token: unknown; kind: string; title?: string; message?: string; at: number }> = [];

function fileUri(name: string): string {
  return pathToFileURL(path.join(folder, name)).href;
}

before(async () => {
  const xml = fs.readFileSync(SCHEMA, 'utf8');
  const read = readSchemaXml(xml);
  if ('problem' in read) throw new Error(read.problem);
  sandbox = await startSandbox({ schema: indexSchema(read.data), convertSeconds: 1 });
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-flow-lsp-'));
  fs.writeFileSync(path.join(folder, 'clip.mp4'), Buffer.alloc(64, 1));
  const { partnerId, adminSecret } = SANDBOX_CREDENTIALS;
  fs.writeFileSync(path.join(folder, 'kreq.env.json'), JSON.stringify({ local: { serviceUrl: sandbox.url, partnerId, adminSecret } }));
  session = new LspSession();
  session.connection.onRequest(WorkDoneProgressCreateRequest.method, () => null);
  session.connection.onUnhandledProgress((p) => {
    const value = p.value as { kind: string; title?: string; message?: string };
    progress.push({ token: p.token, ...value, at: performance.now() });
  });
  await session.initialize({ schema: SCHEMA, cacheDir: path.join(folder, 'cache'), environment: 'local' }, { window: { workDoneProgress: true } });
});

after(async () => {
  try {
    if (session.alive) await session.shutdown();
  } finally {
    session.dispose();
    await sandbox.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

function execute<T>(command: string, argument: unknown, token?: CancellationTokenSource): Promise<T> {
  return within(session.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: [argument] }, token?.token) as Promise<T>, REQUEST_TIMEOUT_MS, command);
}

/** `line CODE: message` of the `kaltura` diagnostics. */
function resultDiagnostics(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.filter((d) => d.source === RESULT_DIAGNOSTIC_SOURCE).map((d) => `${d.range.start.line} ${String(d.code)}: ${d.message}`).sort();
}

/** Each block as `index passed|failed|skipped` with its calls' assertion and capture outcomes. */
function outline(blocks: readonly SendResult[]): string[] {
  return blocks.map((b) => {
    const state = b.skipped !== undefined ? `skipped (${b.skipped})` : b.passed ? 'passed' : 'failed';
    const checks = b.calls.flatMap((c) => [
      ...(c.assertions ?? []).map((a) => `${a.line}:${a.ok ? '✓' : '✗'} ${a.message}`),
      ...(c.captures ?? []).map((k) => `${k.line}:> ${k.name}${k.value !== undefined ? ' = …' : ` cleared: ${k.reason}`}`),
    ]);
    return [`${b.block} ${state}`, ...checks].join(' | ');
  });
}

describe('flows over LSP against the sandbox', () => {
  test('a file with two blocks or more has a Send All lens on its first line', { timeout: 30_000 }, async () => {
    await session.open(fileUri('flows.kreq'), FLOWS);
    await session.open(fileUri('single.kreq'), '### one\nsystem.ping\n');
    const lenses = await within(session.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: fileUri('flows.kreq') } }), REQUEST_TIMEOUT_MS, 'lenses');
    const all = (lenses ?? []).filter((l) => l.command?.command === Commands.sendAll);
    assert.deepEqual(all.map((l) => [l.range.start.line, l.command?.title, l.command?.arguments]), [[0, '▶▶ Send All (3 blocks)', [{ uri: fileUri('flows.kreq') }]]]);
    const single = await within(session.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: fileUri('single.kreq') } }), REQUEST_TIMEOUT_MS, 'lenses');
    assert.deepEqual((single ?? []).map((l) => l.command?.command), [Commands.send]);
  });

  test('kreq.sendAll runs the blocks in order, captures flowing, and answers each block\'s outcome', { timeout: 30_000 }, async () => {
    const run = await execute<RunResult>(Commands.sendAll, { uri: fileUri('flows.kreq') });
    assert.equal(run.environment, 'local');
    assert.equal(run.passed, false);
    assert.deepEqual(outline(run.blocks), [
      '0 passed | 7:✓ status == NO_CONTENT | 6:> entryId = …',
      '1 failed | 12:✓ name == Flow test | 13:✗ status == READY (was NO_CONTENT)',
      '2 passed | 18:✓ error:code == ENTRY_ID_NOT_FOUND',
    ]);
    assert.equal(run.blocks[0].name, 'create-entry');
    const [entryId] = sandbox.state.entries.keys();
    assert.equal(run.blocks[0].calls[0].captures?.[0].value, entryId);
    const failed = run.blocks[1].calls[0].assertions?.[1];
    assert.deepEqual(failed, { line: 13, text: 'result:status == READY', ok: false, actual: 'NO_CONTENT', expected: 'READY', message: 'status == READY (was NO_CONTENT)' });
    assert.equal(run.blocks[1].calls[0].ok, true, 'the call succeeded');
    assert.equal(run.blocks[1].calls[0].passed, false, 'but did not pass');
    assert.equal(run.blocks[2].calls[0].ok, false, 'the missing entry is an API error…');
    assert.equal(run.blocks[2].calls[0].passed, true, '…that the error: assertion expects');
  });

  test('a failed assertion is an error diagnostic on its line, with what was expected and what was there', { timeout: 30_000 }, async () => {
    const published = await session.waitForDiagnostics(fileUri('flows.kreq'), (p) => resultDiagnostics(p.diagnostics).length > 0);
    assert.deepEqual(resultDiagnostics(published.diagnostics), ['13 assertion-failed: Assertion failed: `result:status == READY` — expected READY, was NO_CONTENT']);
    const diagnostic = published.diagnostics.find((d) => d.code === 'assertion-failed');
    assert.equal(diagnostic?.severity, DiagnosticSeverity.Error);
    assert.deepEqual(diagnostic?.range, { start: { line: 13, character: 0 }, end: { line: 13, character: '?? result:status == READY'.length } });
  });

  test('hover on {{entryId}} shows the value captured', { timeout: 30_000 }, async () => {
    const [entryId] = sandbox.state.entries.keys();
    const hover = await within(
      session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: fileUri('flows.kreq') }, position: { line: 11, character: 13 } }),
      REQUEST_TIMEOUT_MS,
      'hover',
    );
    const text = (hover?.contents as MarkupContent | undefined)?.value ?? '';
    assert.ok(text.includes(entryId), `the hover shows ${entryId}: ${text}`);
  });

  test('stopOnFailure: the blocks after the first failing one are not sent', { timeout: 30_000 }, async () => {
    const before = sandbox.state.entries.size;
    const run = await execute<RunResult>(Commands.sendAll, { uri: fileUri('flows.kreq'), stopOnFailure: true, blocks: [1, 2] });
    assert.deepEqual(run.blocks.map((b) => [b.block, b.passed, b.skipped]), [
      [1, false, undefined],
      [2, false, 'not run: block 2 failed and the run stops on failure'],
    ]);
    assert.equal(sandbox.state.entries.size, before, 'block 1 used the entry captured before: nothing was created');
  });

  test('kreq.send sends the block that captures a value first, and says so', { timeout: 30_000 }, async () => {
    assert.equal(await execute<number>(Commands.clearCaptures, { uri: fileUri('flows.kreq') }), 1);
    const entries = sandbox.state.entries.size;
    const before = progress.length;
    const sent = await execute<SendResult>(Commands.send, { uri: fileUri('flows.kreq'), block: 1 });
    assert.equal(sandbox.state.entries.size, entries + 1, 'block 0 created a new entry');
    assert.deepEqual(sent.dependencies?.map((d) => [d.block, d.passed, d.calls[0].captures?.[0].name]), [[0, true, 'entryId']]);
    assert.equal(sent.block, 1);
    assert.ok(progress.slice(before).some((p) => p.message === 'sending block 1 first: it captures {{entryId}}'), JSON.stringify(progress.slice(before)));
    const again = await execute<SendResult>(Commands.send, { uri: fileUri('flows.kreq'), block: 1 });
    assert.equal(again.dependencies, undefined, 'the value is known now');
    const alone = await execute<SendResult>(Commands.send, { uri: fileUri('flows.kreq'), block: 1, dependencies: false });
    assert.equal(alone.block, 1);
  });

  test('cleared, a value is not sent as an empty string: without its dependencies the block is not sent', { timeout: 30_000 }, async () => {
    assert.equal(await execute<number>(Commands.clearCaptures, {}), 1);
    const alone = await execute<SendResult>(Commands.send, { uri: fileUri('flows.kreq'), block: 1, dependencies: false });
    assert.deepEqual([alone.passed, alone.calls, alone.error?.kind], [false, [], 'build']);
    assert.match(alone.error?.message ?? '', /`\{\{entryId\}\}` has no value yet: it is captured by block 1/);
  });

  test('a prompt without an answer fails with PROMPTS_NEEDED and the prompts; answered, it is sent and kept', { timeout: 30_000 }, async () => {
    await session.open(fileUri('prompted.kreq'), PROMPTED);
    const error = await execute<SendResult>(Commands.send, { uri: fileUri('prompted.kreq'), block: 0 }).then(
      () => assert.fail('sent without answers'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ResponseError, String(error));
    assert.equal(error.code, PROMPTS_NEEDED_ERROR);
    assert.equal(error.message, 'Block 1 needs answers for: {{entryName}} (# @prompt entryName), {{apiToken}} (# @prompt apiToken) — pass them as `answers`');
    assert.deepEqual(error.data as PromptsNeeded, {
      prompts: [
        { name: 'entryName', description: 'The name to look for', secret: false, block: 0, line: 1 },
        { name: 'apiToken', secret: true, block: 0, line: 2 },
      ],
    });
    await assert.rejects(execute(Commands.sendAll, { uri: fileUri('prompted.kreq') }), (e: unknown) => e instanceof ResponseError && e.code === PROMPTS_NEEDED_ERROR);
    const sent = await execute<SendResult>(Commands.send, { uri: fileUri('prompted.kreq'), block: 0, answers: { entryName: 'Flow test', apiToken: 'not-shown-anywhere' } });
    assert.equal(sent.passed, true, JSON.stringify(sent.calls[0].assertions));
    const kept = await execute<SendResult>(Commands.send, { uri: fileUri('prompted.kreq'), block: 0 });
    assert.equal(kept.passed, true, 'the answers were kept');
    assert.ok(!session.logs.join('\n').includes('not-shown-anywhere'), 'the secret answer is not logged');
  });

  test('# @poll sends again until the assertions hold, and reports each try', { timeout: 30_000 }, async () => {
    await session.open(fileUri('upload.kreq'), UPLOAD);
    const before = progress.length;
    const upload = await execute<SendResult>(Commands.send, { uri: fileUri('upload.kreq'), block: 1 });
    assert.deepEqual(upload.dependencies?.map((d) => [d.block, d.passed]), [[0, true]], 'the create block ran first');
    assert.equal(upload.ok, true, JSON.stringify(upload.calls.map((c) => c.error)));
    const polled = await execute<SendResult>(Commands.send, { uri: fileUri('upload.kreq'), block: 2 });
    assert.equal(polled.passed, true, JSON.stringify(polled.calls[0].assertions));
    assert.ok((polled.tries ?? 1) > 1, `tried ${polled.tries} times`);
    const waits = progress.slice(before).filter((p) => /^try \d+ — waiting \d+ ms \(\d+ s left\)$/.test(p.message ?? ''));
    assert.ok(waits.length > 0, JSON.stringify(progress.slice(before).map((p) => p.message)));
  });

  test('cancelling a poll while it waits stops it at once', { timeout: 30_000 }, async (t) => {
    const source = new CancellationTokenSource();
    const before = progress.length;
    const request = execute<SendResult>(Commands.send, { uri: fileUri('upload.kreq'), block: 3 }, source);
    const deadline = performance.now() + 10_000;
    while (!progress.slice(before).some((p) => /waiting 5 s \(9 m 5\d s left\)/.test(p.message ?? ''))) {
      if (performance.now() > deadline) assert.fail(`no wait reported: ${JSON.stringify(progress.slice(before))}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const cancelledAt = performance.now();
    source.cancel();
    await assert.rejects(request, (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled);
    const elapsed = performance.now() - cancelledAt;
    t.diagnostic(`answered ${elapsed.toFixed(1)} ms after the cancellation`);
    // The spec's bound is 100 ms; the margin is for a loaded CI machine.
    assert.ok(elapsed < 250, `answered ${elapsed.toFixed(0)} ms after the cancellation`);
    const ended = progress.slice(before).find((p) => p.kind === 'end');
    assert.ok(ended, 'the progress ended');
    assert.ok(session.alive);
  });
});

describe('the kreq.run.stopOnFailure setting', () => {
  test('Send All stops at the first failing block when the client\'s setting says so, unless the command says otherwise', { timeout: 30_000 }, async () => {
    const other = new LspSession();
    try {
      other.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({ environment: 'local', run: { stopOnFailure: true } })));
      await other.initialize({ schema: SCHEMA, cacheDir: path.join(folder, 'cache') }, { workspace: { configuration: true } });
      const uri = fileUri('stop.kreq');
      await other.open(uri, '### fails\nsystem.ping\n?? result == false\n\n### not run\nsystem.ping\n');
      const run = (argument: Record<string, unknown>) =>
        within(other.connection.sendRequest(ExecuteCommandRequest.type, { command: Commands.sendAll, arguments: [{ uri, ...argument }] }) as Promise<RunResult>, REQUEST_TIMEOUT_MS, 'sendAll');
      assert.deepEqual((await run({})).blocks.map((b) => [b.passed, b.skipped]), [[false, undefined], [false, 'not run: block 1 failed and the run stops on failure']]);
      assert.deepEqual((await run({ stopOnFailure: false })).blocks.map((b) => [b.passed, b.skipped]), [[false, undefined], [true, undefined]]);
      await other.shutdown();
    } finally {
      other.dispose();
    }
  });
});

describe('an environment that cannot get a KS', () => {
  test('kreq.send answers CREDENTIALS_NEEDED before sending; sent anyway, the failed call carries why', { timeout: 30_000 }, async () => {
    const envFile = path.join(folder, 'kreq.env.json');
    const environments = JSON.parse(fs.readFileSync(envFile, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(envFile, JSON.stringify({ ...environments, bare: { serviceUrl: sandbox.url, partnerId: SANDBOX_CREDENTIALS.partnerId } }));
    await session.open(fileUri('bare.kreq'), '### list\nmedia.list\n');
    const refused = await execute<SendResult>(Commands.send, { uri: fileUri('bare.kreq'), block: 0, environment: 'bare' }).then(
      () => assert.fail('sent without credentials'),
      (error: unknown) => error,
    );
    assert.ok(refused instanceof ResponseError);
    assert.equal(refused.code, CREDENTIALS_NEEDED_ERROR);
    const data = refused.data as CredentialsNeeded;
    assert.deepEqual({ ...data, files: data.files.map((f) => path.basename(f)) }, {
      environment: 'bare',
      serviceUrl: sandbox.url,
      files: ['kreq.env.json'],
      line: 1,
      message: 'media.list needs a KS, and environment "bare" has no ks, adminSecret, userSecret or appToken to start a session with: Kaltura will answer MISSING_KS or SERVICE_FORBIDDEN.',
    });
    const sent = await execute<SendResult>(Commands.send, { uri: fileUri('bare.kreq'), block: 0, environment: 'bare', withoutSession: true });
    assert.equal(sent.ok, false);
    const code = sent.calls[0].error?.code ?? '';
    assert.ok(['MISSING_KS', 'SERVICE_FORBIDDEN'].includes(code), code);
    assert.equal(sent.hint, `${code}: environment "bare" has no ks, adminSecret, userSecret or appToken, so no KS was sent — set a secret (Kreq: Set Secret) or add one to kreq.env.private.json.`);
  });
});

describe('the server owns when results go stale', () => {
  test('kreq/sentBlocks moves a sent block with the text above it and drops it once its own text changes', { timeout: 30_000 }, async () => {
    const heard: SentBlocksParams[] = [];
    const listener = session.connection.onNotification(SENT_BLOCKS_NOTIFICATION, (params: SentBlocksParams) => void heard.push(params));
    try {
      const uri = fileUri('stale.kreq');
      await session.open(uri, '### one\nsystem.ping\n\n### two\nsystem.ping\n');
      const sent = await execute<SendResult>(Commands.send, { uri, block: 1 });
      assert.equal(typeof sent.resultId, 'number');
      const hear = async (what: string, predicate: (p: SentBlocksParams) => boolean): Promise<SentBlocksParams> => {
        const deadline = Date.now() + 10_000;
        for (;;) {
          const found = heard.find((p) => p.uri === uri && predicate(p));
          if (found) return found;
          if (Date.now() > deadline) throw new Error(`no kreq/sentBlocks ${what}: ${JSON.stringify(heard)}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      await hear('after the send', (p) => p.blocks.some((b) => b.id === sent.resultId && b.line === 3));
      heard.length = 0;
      await session.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# a comment\n\n' }]);
      await hear('moving the block two lines down', (p) => p.blocks.some((b) => b.id === sent.resultId && b.line === 5));
      heard.length = 0;
      await session.change(uri, 3, [{ range: { start: { line: 6, character: 11 }, end: { line: 6, character: 11 } }, text: 'x' }]);
      await hear('dropping it once its own text changed', (p) => p.blocks.length === 0);
    } finally {
      listener.dispose();
    }
  });
});
