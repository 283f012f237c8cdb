/**
 * `kreq test` and the flow side of `kreq send` end to end: the built `dist/cli.js` runs as a child process against
 * sandboxes started in this process (with conversion delays of 1 s and 30 s), and its reports and exit codes are checked.
 */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { indexSchema } from '../../server/src/language/index';
import { readBundledSchema } from '../../server/src/node/schemaSource';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../../server/src/sandbox/index';
import { REPO_ROOT } from '../support/repoPaths';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

let fast: Sandbox;
let slow: Sandbox;
let folder: string;
let cacheDir: string;
let closedPort: number;

/** Runs the CLI (stdin not a terminal) without blocking this process, where the sandboxes answer. */
function kreq(args: readonly string[], cwd = folder): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, KREQ_CACHE_DIR: cacheDir };
  delete env.KREQ_SCHEMA;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: performance.now() - started });
    });
  });
}

function write(name: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
  fs.writeFileSync(path.join(folder, name), text);
}

/** A port where nothing listens (bound, then closed). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The spec §10 example, polling fast enough for a 1-second conversion. */
const SPEC_FLOW = [
  '### Create an entry',
  'media.add',
  'entry:objectType = KalturaMediaEntry',
  'entry:name = Intro',
  'entry:mediaType = VIDEO',
  '> entryId = result:id',
  '?? result:status == NO_CONTENT',
  '',
  '### Upload and attach',
  'uploadToken.add',
  'uploadToken.upload',
  'uploadTokenId = {1:result:id}',
  'fileData = @./clips/intro.mp4',
  'media.addContent',
  'entryId = {{entryId}}',
  'resource:objectType = KalturaUploadedFileTokenResource',
  'resource:token = {1:result:id}',
  '',
  '### Wait until it is ready',
  '# @poll every 200ms for 5s',
  'media.get',
  'entryId = {{entryId}}',
  '?? result:status == READY',
  '',
  '### Getting a missing entry fails',
  'media.get',
  'entryId = 0_nosuch',
  '?? error:code == ENTRY_ID_NOT_FOUND',
  '',
].join('\n');

before(async () => {
  process.env.KREQ_BUNDLED_SCHEMA ??= path.join(REPO_ROOT, 'dist', 'kaltura-schema.json');
  const data = readBundledSchema();
  if (!data) throw new Error('no bundled schema: run npm run build');
  const schema = indexSchema(data);
  fast = await startSandbox({ schema, convertSeconds: 1 });
  slow = await startSandbox({ schema, convertSeconds: 30 });
  closedPort = await freePort();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-test-cli-'));
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-test-cli-cache-'));
  const credentials = { partnerId: SANDBOX_CREDENTIALS.partnerId, adminSecret: SANDBOX_CREDENTIALS.adminSecret, session: { type: 'ADMIN' } };
  write(
    'kreq.env.json',
    JSON.stringify({
      fast: { serviceUrl: fast.url, ...credentials },
      slow: { serviceUrl: slow.url, ...credentials },
      down: { serviceUrl: `http://127.0.0.1:${closedPort}`, ...credentials },
    }),
  );
  write('clips/intro.mp4', 'not really a video');
  write('spec.kreq', SPEC_FLOW);
  write('failing.kreq', ['### Create', 'media.add', 'entry:mediaType = VIDEO', '?? result:status == READY', '?? result:mediaType == VIDEO', ''].join('\n'));
  write(
    'timeout.kreq',
    [SPEC_FLOW.split('### Wait')[0].trimEnd(), '', '### Wait a second', '# @poll every 200ms for 1s', 'media.get', 'entryId = {{entryId}}', '?? result:status == READY', ''].join('\n'),
  );
  write(
    'prompt.kreq',
    ['### Named', '# @prompt entryName the name of the new entry', 'media.add', 'entry:mediaType = VIDEO', 'entry:name = {{entryName}}', '?? result:name == {{entryName}}', ''].join('\n'),
  );
  write(
    'all.kreq',
    [
      '### Two entries',
      'media.add',
      'entry:mediaType = VIDEO',
      'entry:name = all-capture',
      'media.add',
      'entry:mediaType = AUDIO',
      'entry:name = all-capture',
      '',
      '### Their ids',
      'media.list',
      'filter:nameEqual = all-capture',
      'filter:statusIn = 7',
      '> ids = result:objects:_all:id',
      '?? result:totalCount == 2',
      '',
      '### Listed by id',
      'media.list',
      'filter:idIn = {{ids}}',
      'filter:statusIn = 7',
      '?? result:totalCount == 2',
      '?? result:objects:0:id exists',
      '',
    ].join('\n'),
  );
  write(
    'deps.kreq',
    ['### Create', 'media.add', 'entry:mediaType = VIDEO', '> entryId = result:id', '', '### Get it', 'media.get', 'entryId = {{entryId}}', '?? result:id == {{entryId}}', ''].join('\n'),
  );
  // The folder is a git repository: kreq.env.json above dotenv/ is found up to the git root (and no higher).
  write('.git/HEAD', 'ref: refs/heads/main\n');
  write('dotenv/.env', 'ENTRY_NAME=from-dotenv\n');
  write('dotenv/named.kreq', ['### From .env', 'media.add', 'entry:mediaType = VIDEO', 'entry:name = {{$dotenv ENTRY_NAME}}', '?? result:name == from-dotenv', ''].join('\n'));
  write('bail.kreq', ['### Fails', 'media.add', 'entry:mediaType = VIDEO', '?? result:status == READY', '', '### Ping', 'system.ping', ''].join('\n'));
  write('down.kreq', ['### Poll nothing', '# @poll every 200ms for 30s', 'media.get', 'entryId = 0_x', '?? result:status == READY', ''].join('\n'));
});

after(async () => {
  await fast.close();
  await slow.close();
  fs.rmSync(folder, { recursive: true, force: true });
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'failure', 'error'].includes(name) });

interface Junit {
  testsuites: {
    tests: string;
    failures: string;
    errors: string;
    skipped: string;
    testsuite: Array<{ name: string; tests: string; failures: string; testcase: Array<{ name: string; classname: string; time: string; failure?: Array<{ message: string; type: string }> }> }>;
  };
}

function parseJunit(xml: string): Junit['testsuites'] {
  assert.equal(XMLValidator.validate(xml), true, `well-formed XML:\n${xml}`);
  return (junit.parse(xml) as Junit).testsuites;
}

describe('kreq test', () => {
  test('the spec §10 flow passes: the poll waits for the conversion; JUnit written with --output', { timeout: 60_000 }, async () => {
    const r = await kreq(['test', 'spec.kreq', '--env', 'fast', '--reporter', 'junit', '--output', 'out/report.xml']);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '4 passed, 0 failed\n');
    const suites = parseJunit(fs.readFileSync(path.join(folder, 'out', 'report.xml'), 'utf8'));
    assert.deepEqual([suites.tests, suites.failures, suites.errors, suites.skipped], ['4', '0', '0', '0']);
    const cases = suites.testsuite[0].testcase;
    assert.deepEqual(
      cases.map((c) => [c.name, c.classname, c.failure]),
      [
        ['Create an entry', 'spec.kreq', undefined],
        ['Upload and attach', 'spec.kreq', undefined],
        ['Wait until it is ready', 'spec.kreq', undefined],
        ['Getting a missing entry fails', 'spec.kreq', undefined],
      ],
    );
    assert.ok(Number(cases[2].time) >= 0.5, `the poll waited for the 1 s conversion (${cases[2].time} s)`);
  });

  test('text report: tries of the poll, the capture, the closing count', { timeout: 60_000 }, async () => {
    const r = await kreq(['test', 'spec.kreq', '--env', 'fast']);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /^spec\.kreq \(fast\)\n {2}✓ Create an entry \(\d+ ms\)\n {6}> entryId = 0_[a-z0-9]{8}\n {2}✓ Upload and attach/);
    assert.match(r.stdout, /\n {2}✓ Wait until it is ready \([2-9]\d* tries, /);
    assert.match(r.stdout, /\n {2}✓ Getting a missing entry fails \(\d+ ms\)\n\n4 passed, 0 failed\n$/);
  });

  test('a failing assertion: exit 1, expected and actual as enum names', { timeout: 60_000 }, async () => {
    const r = await kreq(['test', 'failing.kreq', '--env', 'fast']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /✗ Create \(\d+ ms\)\n {6}✗ 1 media\.add \(line 2\): status == READY \(was NO_CONTENT\)\n {10}expected: READY\n {10}actual: {3}NO_CONTENT\n/);
    assert.ok(!r.stdout.includes('mediaType'), 'a holding assertion is not listed');
    assert.match(r.stdout, /\n0 passed, 1 failed\n$/);
    const json = await kreq(['test', 'failing.kreq', '--env', 'fast', '--reporter', 'json']);
    assert.equal(json.status, 1);
    const report = JSON.parse(json.stdout) as { failed: number; files: Array<{ blocks: Array<{ calls: Array<{ assertions: Array<Record<string, unknown>> }> }> }> };
    assert.equal(report.failed, 1);
    assert.deepEqual(report.files[0].blocks[0].calls[0].assertions[0], {
      line: 4,
      text: '?? result:status == READY',
      ok: false,
      actual: 'NO_CONTENT',
      expected: 'READY',
      message: 'status == READY (was NO_CONTENT)',
    });
    assert.equal(json.stderr, '0 passed, 1 failed\n');
  });

  test('a poll that times out fails with the last outcome, within its time', { timeout: 60_000 }, async () => {
    const r = await kreq(['test', 'timeout.kreq', '--env', 'slow', '--reporter', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { files: Array<{ blocks: Array<{ passed: boolean; tries: number; durationMs: number; calls: Array<{ assertions: Array<{ message: string }> }> }> }> };
    const wait = report.files[0].blocks[2];
    assert.equal(wait.passed, false);
    assert.equal(wait.calls[0].assertions[0].message, 'status == READY (was PRECONVERT)');
    assert.ok(wait.tries >= 3 && wait.tries <= 8, `tries every 200 ms for 1 s: ${wait.tries}`);
    assert.ok(wait.durationMs >= 900 && wait.durationMs < 3000, `bounded by the poll's 1 s: ${wait.durationMs} ms`);
  });

  test('a prompt answered by --var passes; unanswered without a terminal it is a usage error (exit 2)', { timeout: 60_000 }, async () => {
    const answered = await kreq(['test', 'prompt.kreq', '--env', 'fast', '--var', 'entryName=Prompted name']);
    assert.equal(answered.status, 0, answered.stderr + answered.stdout);
    const unanswered = await kreq(['test', 'prompt.kreq', '--env', 'fast']);
    assert.equal(unanswered.status, 2);
    assert.equal(unanswered.stderr, 'kreq: prompt.kreq: block 1 needs a value for {{entryName}} (# @prompt entryName): pass --var entryName=VALUE\n');
    assert.equal(unanswered.stdout, '');
    const send = await kreq(['send', 'prompt.kreq', '--env', 'fast']);
    assert.equal(send.status, 2);
    assert.equal(send.stderr, 'kreq: block 1 needs a value for {{entryName}} (# @prompt entryName): pass --var entryName=VALUE\n');
  });

  test('an _all capture gives the comma-joined ids to the next block', { timeout: 60_000 }, async () => {
    const r = await kreq(['test', 'all.kreq', '--env', 'fast']);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /> ids = 0_[a-z0-9]{8},0_[a-z0-9]{8}\n/);
  });

  test('{{$dotenv NAME}} reads the .env beside the .kreq file; a folder is searched', { timeout: 60_000 }, async () => {
    const r = await kreq(['test', 'dotenv', '--env', 'fast']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^dotenv\/named\.kreq \(fast\)\n {2}✓ From \.env/);
  });

  test('a poll against a port where nothing listens ends fast with one clear error (exit 2: no server reached)', { timeout: 60_000 }, async () => {
    const r = await kreq(['test', 'down.kreq', '--env', 'down']);
    assert.equal(r.status, 2, r.stdout);
    assert.ok(r.ms < 10_000, `not polled for 30 s: ${Math.round(r.ms)} ms`);
    const errors = r.stdout.split('\n').filter((line) => line.includes('✗ refused:'));
    assert.equal(errors.length, 1, r.stdout);
    assert.match(errors[0], new RegExp(`127\\.0\\.0\\.1:${closedPort}`));
    assert.match(r.stdout, / {2}✗ Poll nothing \(\d+ ms\)\n/, 'one try');
    assert.match(r.stderr, /^kreq: no server could be reached: /m);
  });

  test('--bail stops at the first block that fails: the rest is skipped and further files are not run', { timeout: 60_000 }, async () => {
    const r = await kreq(['test', 'failing.kreq', 'timeout.kreq', '--env', 'slow', '--bail']);
    assert.equal(r.status, 1);
    assert.ok(!r.stdout.includes('timeout.kreq'), r.stdout);
    assert.match(r.stderr, /--bail: stopped after failing\.kreq; 1 more file not run/);
    const within = await kreq(['test', 'bail.kreq', '--env', 'fast', '--bail']);
    assert.equal(within.status, 1);
    assert.match(within.stdout, /\n {2}- Ping\n {6}skipped: not run: block 1 failed and the run stops on failure\n\n0 passed, 1 failed, 1 skipped\n$/);
  });

  test('bad usage: exit 2', { timeout: 60_000 }, async () => {
    const cases: Array<[string[], RegExp]> = [
      [['test'], /test needs \.kreq files or folders/],
      [['test', 'nope.kreq'], /no such file or folder: nope\.kreq/],
      [['test', 'spec.kreq', '--env', 'nope'], /no environment "nope"/],
      [['test', 'spec.kreq', '--reporter', 'tap'], /--reporter must be text, json or junit/],
      [['test', 'clips'], /no \.kreq files in clips/],
    ];
    for (const [args, message] of cases) {
      const r = await kreq(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });
});

describe('kreq send with flows', () => {
  test('--block N sends the blocks that capture what it needs first, and says so', { timeout: 60_000 }, async () => {
    const r = await kreq(['send', 'deps.kreq', '--env', 'fast', '--block', '2']);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stderr, /^block 1 is sent first: it captures \{\{entryId\}\}, which block 2 uses\n/);
    assert.match(r.stdout, /^### 1 Create — \d+ ms\n {2}✓ 1 media\.add \(line 2\): KalturaMediaEntry · id (0_[a-z0-9]{8})\n {6}> entryId = 0_/);
    assert.match(r.stdout, /\n### 2 Get it — \d+ ms\n {2}✓ 1 media\.get \(line 7\): [^\n]*\n {6}✓ id == 0_[a-z0-9]{8}\n/);
    const given = await kreq(['send', 'deps.kreq', '--env', 'fast', '--block', '2', '--var', 'entryId=0_nosuch']);
    assert.equal(given.status, 1, 'a --var answers the need: nothing is sent first');
    assert.ok(!given.stderr.includes('sent first'), given.stderr);
  });

  test('assertions and captures in text and JSON; a failed assertion is exit 1', { timeout: 60_000 }, async () => {
    const text = await kreq(['send', 'failing.kreq', '--env', 'fast']);
    assert.equal(text.status, 1);
    assert.match(text.stdout, /\n {2}✗ 1 media\.add \(line 2\): [^\n]*\n {6}✗ status == READY \(was NO_CONTENT\)\n {6}✓ mediaType == VIDEO\n/);
    assert.match(text.stderr, /1 block sent: 1 call ok, 0 API errors, 1 assertion failed\n$/);
    const json = await kreq(['send', 'spec.kreq', '--env', 'fast', '--format', 'json']);
    assert.equal(json.status, 0, json.stderr);
    const blocks = (JSON.parse(json.stdout) as { blocks: Array<{ passed: boolean; tries?: number; calls: Array<{ captures: Record<string, string>; assertions: Array<{ ok: boolean }> }> }> }).blocks;
    assert.deepEqual(blocks.map((b) => b.passed), [true, true, true, true]);
    assert.match(blocks[0].calls[0].captures.entryId, /^0_[a-z0-9]{8}$/);
    assert.deepEqual(blocks[3].calls[0].assertions.map((a) => a.ok), [true]);
  });
});

describe('examples/flows.kreq', () => {
  test('kreq test examples/flows.kreq --env sandbox --reporter junit against a fresh kreq sandbox', { timeout: 90_000 }, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, KREQ_CACHE_DIR: cacheDir };
    delete env.KREQ_SCHEMA;
    const child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-flows-example-'));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /Kaltura sandbox on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${out}`)));
      });
      fs.cpSync(path.join(REPO_ROOT, 'examples'), path.join(work, 'examples'), { recursive: true });
      const envFile = path.join(work, 'examples', 'kreq.env.json');
      const environments = JSON.parse(fs.readFileSync(envFile, 'utf8')) as { sandbox: { serviceUrl: string } };
      environments.sandbox.serviceUrl = url;
      fs.writeFileSync(envFile, JSON.stringify(environments));
      const report = path.join(work, 'report.xml');
      const r = await kreq(['test', 'examples/flows.kreq', '--env', 'sandbox', '--reporter', 'junit', '--output', report], work);
      assert.equal(r.status, 0, r.stderr + r.stdout);
      const suites = parseJunit(fs.readFileSync(report, 'utf8'));
      assert.deepEqual([suites.tests, suites.failures, suites.errors, suites.skipped], ['4', '0', '0', '0']);
      assert.equal(suites.testsuite[0].name, 'examples/flows.kreq');
      assert.equal(suites.testsuite[0].testcase[0].name, 'create-entry', 'the # @name names the test case');
    } finally {
      child.kill('SIGTERM');
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
