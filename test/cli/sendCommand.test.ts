/**
 * `kreq send` end to end: runs the built `dist/cli.js` as a child process against the Kaltura sandbox (started in this
 * process) and compares its text and JSON output, the blocks it sends, its exit codes and what it keeps secret.
 */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeKs } from '../../server/src/language/index';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../../server/src/sandbox/index';
import { realSchema } from '../support/realSchema';
import { REPO_ROOT, SCHEMA_22 } from '../support/repoPaths';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const ADMIN_SECRET = SANDBOX_CREDENTIALS.adminSecret;

interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let sandbox: Sandbox;
let stall: http.Server;
let folder: string;
let cacheDir: string;

/** Runs the CLI without blocking this process (the sandbox answers from here). */
function kreq(args: readonly string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, KREQ_CACHE_DIR: cacheDir };
  delete env.KREQ_SCHEMA;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: folder, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function write(name: string, text: string): void {
  fs.writeFileSync(path.join(folder, name), text);
}

/** Durations vary from run to run. */
function stableText(text: string): string {
  return text.replace(/ — \d+ ms$/gm, ' — N ms');
}

const REQUESTS = [
  '### ping',
  'system.ping',
  '',
  '### List, then get the first',
  'media.list',
  'filter:objectType = KalturaMediaEntryFilter',
  'filter:nameLike = no-such-entry',
  'filter:mediaTypeEqual = VIDEO',
  '',
  'media.get',
  'entryId = <1:result:objects:0:id>',
  '',
  '### session',
  'session.start',
  `secret = ${ADMIN_SECRET}`,
  `partnerId = ${SANDBOX_CREDENTIALS.partnerId}`,
  '',
].join('\n');

before(async () => {
  sandbox = await startSandbox({ schema: realSchema() });
  stall = http.createServer((req) => req.resume());
  await new Promise<void>((resolve) => stall.listen(0, '127.0.0.1', resolve));
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-send-cli-'));
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-send-cli-cache-'));
  const partnerId = SANDBOX_CREDENTIALS.partnerId;
  write(
    'kreq.env.json',
    JSON.stringify({
      $shared: { serviceUrl: sandbox.url, schema: SCHEMA_22 },
      admin: { partnerId },
      down: { serviceUrl: 'http://127.0.0.1:9', partnerId },
      stall: { serviceUrl: `http://127.0.0.1:${(stall.address() as AddressInfo).port}` },
      broken: { partnerId, schema: 'missing-schema.xml' },
    }),
  );
  write('kreq.env.private.json', JSON.stringify({ admin: { adminSecret: ADMIN_SECRET } }));
  write('requests.kreq', REQUESTS);
});

after(async () => {
  stall.closeAllConnections();
  stall.close();
  await sandbox.close();
  fs.rmSync(folder, { recursive: true, force: true });
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

describe('kreq send', () => {
  test('prints a text report per block and exits 1 when a call returned an API error', { timeout: 60_000 }, async () => {
    const r = await kreq(['send', 'requests.kreq', '--env', 'admin']);
    assert.equal(
      stableText(r.stdout),
      [
        '### 1 ping — N ms',
        '  ✓ 1 system.ping (line 2): true',
        '',
        '### 2 List, then get the first — N ms',
        '  ✓ 1 media.list (line 5): KalturaMediaListResponse · totalCount 0',
        '      {',
        '        "objects": [],',
        '        "totalCount": 0,',
        '        "objectType": "KalturaMediaListResponse"',
        '      }',
        '  ✗ 2 media.get (line 10): ENTRY_ID_NOT_FOUND: Entry id "" not found',
        '',
        '### 3 session — N ms',
        '  ✓ 1 session.start (line 14): ***',
        '',
      ].join('\n'),
    );
    assert.equal(r.stderr, '3 blocks sent: 3 calls ok, 1 API error\n');
    assert.equal(r.status, 1);
  });

  test('prints the JSON object of spec §9, with 1-based lines', { timeout: 60_000 }, async () => {
    const r = await kreq(['send', 'requests.kreq', '--env', 'admin', '--block', '2', '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const printed = JSON.parse(r.stdout) as { blocks: Array<{ durationMs: unknown }> };
    assert.equal(typeof printed.blocks[0].durationMs, 'number');
    printed.blocks[0].durationMs = 'N';
    assert.deepEqual(printed, {
      file: 'requests.kreq',
      environment: 'admin',
      blocks: [
        {
          block: 2,
          title: 'List, then get the first',
          line: 4,
          ok: false,
          passed: false,
          durationMs: 'N',
          calls: [
            {
              call: 1,
              service: 'media',
              action: 'list',
              line: 5,
              ok: true,
              passed: true,
              result: { objects: [], totalCount: 0, objectType: 'KalturaMediaListResponse' },
              assertions: [],
              captures: {},
            },
            {
              call: 2,
              service: 'media',
              action: 'get',
              line: 10,
              ok: false,
              passed: false,
              error: { code: 'ENTRY_ID_NOT_FOUND', message: 'Entry id "" not found', args: { ENTRY_ID: '' } },
              assertions: [],
              captures: {},
            },
          ],
        },
      ],
    });
  });

  test('--block N sends one block, --all every block; exit 0 when every call succeeded', { timeout: 60_000 }, async () => {
    const one = await kreq(['send', 'requests.kreq', '--env=admin', '--block=1']);
    assert.equal(stableText(one.stdout), '### 1 ping — N ms\n  ✓ 1 system.ping (line 2): true\n');
    assert.equal(one.status, 0);
    const all = await kreq(['send', '--all', 'requests.kreq', '--env', 'admin', '--format', 'json']);
    assert.deepEqual(
      (JSON.parse(all.stdout) as { blocks: Array<{ block: number; ok: boolean }> }).blocks.map((b) => `${b.block} ${b.ok}`),
      ['1 true', '2 false', '3 true'],
    );
    assert.equal(all.status, 1);
  });

  test('--env picks the environment: without it no session is started', { timeout: 60_000 }, async () => {
    const without = await kreq(['send', 'requests.kreq', '--block', '2', '--format', 'json']);
    const calls = (JSON.parse(without.stdout) as { blocks: Array<{ calls: Array<{ error?: { code: string } }> }> }).blocks[0].calls;
    assert.deepEqual(
      calls.map((c) => c.error?.code),
      ['MISSING_KS', 'MISSING_KS'],
    );
    assert.equal(without.status, 1);
    assert.match(without.stderr, /^kreq: warning: media\.list needs a KS, and no environment \(none is chosen\) has no ks, adminSecret, userSecret or appToken/m);
    const text = await kreq(['send', 'requests.kreq', '--block', '2']);
    assert.match(text.stdout, /\n {2}hint: MISSING_KS: no environment \(none is chosen\) has no ks, adminSecret, userSecret or appToken, so no KS was sent/);
  });

  test('--output FILE writes the block\'s results as JSON (masked); a multirequest as a list; one block only', { timeout: 60_000 }, async () => {
    const single = await kreq(['send', 'requests.kreq', '--env', 'admin', '--block', '3', '--output', 'out/session.json']);
    assert.equal(single.status, 0, single.stderr);
    assert.equal(fs.readFileSync(path.join(folder, 'out', 'session.json'), 'utf8'), '"***"\n');
    assert.match(single.stderr, /the answer was written to .*session\.json/);
    const multi = await kreq(['send', 'requests.kreq', '--env', 'admin', '--block', '2', '--output', 'list.json']);
    assert.equal(multi.status, 1, multi.stderr);
    const written = JSON.parse(fs.readFileSync(path.join(folder, 'list.json'), 'utf8')) as Array<{ objectType: string; code?: string }>;
    assert.deepEqual(written.map((v) => v.objectType), ['KalturaMediaListResponse', 'KalturaAPIException']);
    assert.equal(written[1].code, 'ENTRY_ID_NOT_FOUND');
    const many = await kreq(['send', 'requests.kreq', '--env', 'admin', '--output', 'x.json']);
    assert.equal(many.status, 2);
    assert.match(many.stderr, /--output takes the answer of one block: add --block N \(requests\.kreq has 3 blocks with calls\)/);
  });

  test('an answer that is a file is saved: to --output, else to a temp file, its path printed', { timeout: 60_000 }, async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]);
    const files = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="thumb.jpg"' });
      res.end(jpeg);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    const environments = fs.readFileSync(path.join(folder, 'kreq.env.json'), 'utf8');
    try {
      write('files.kreq', `### thumb\nthumbAsset.serve\nthumbAssetId = 0_t\nks = abc\n`);
      const url = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
      write('kreq.env.json', JSON.stringify({ ...(JSON.parse(environments) as object), files: { serviceUrl: url } }));
      const saved = await kreq(['send', 'files.kreq', '--env', 'files', '--output', 'thumb-copy.jpg']);
      assert.equal(saved.status, 0, saved.stderr);
      assert.deepEqual(fs.readFileSync(path.join(folder, 'thumb-copy.jpg')), jpeg);
      assert.match(saved.stdout, /✓ 1 thumbAsset\.serve \(line 2\): .*thumb-copy\.jpg\n {6}file: image\/jpeg, 8 bytes\n/);
      const temp = await kreq(['send', 'files.kreq', '--env', 'files']);
      assert.equal(temp.status, 0, temp.stderr);
      const shown = /✓ 1 thumbAsset\.serve \(line 2\): (\S+thumb\.jpg)/.exec(temp.stdout)?.[1];
      assert.ok(shown && fs.existsSync(shown), temp.stdout);
      assert.deepEqual(fs.readFileSync(shown), jpeg);
      fs.rmSync(path.dirname(shown), { recursive: true, force: true });
    } finally {
      write('kreq.env.json', environments);
      files.close();
    }
  });

  test('masks secrets unless --reveal', { timeout: 60_000 }, async () => {
    const masked = await kreq(['send', 'requests.kreq', '--env', 'admin', '--block', '3', '--format', 'json']);
    assert.equal(masked.status, 0, masked.stderr);
    const hidden = (JSON.parse(masked.stdout) as { blocks: Array<{ calls: Array<{ result: unknown }> }> }).blocks[0].calls[0].result;
    assert.equal(hidden, '***');
    assert.ok(!masked.stdout.includes(ADMIN_SECRET) && !masked.stderr.includes(ADMIN_SECRET));
    const revealed = await kreq(['send', 'requests.kreq', '--env', 'admin', '--block', '3', '--reveal']);
    // A long string is cut in the summary and printed in full below it.
    const ks = JSON.parse(/^ {6}(".*")$/m.exec(revealed.stdout)?.[1] ?? '""') as string;
    assert.ok(decodeKs(ks) !== undefined, `a KS when revealed: ${revealed.stdout}`);
  });

  test('uploads an @file and names calls as written', { timeout: 60_000 }, async () => {
    write('clip.bin', 'twelve bytes');
    write('upload.kreq', ['uploadToken.add', '', 'uploadToken.upload', 'uploadTokenId = {1:result:id}', 'fileData = @clip.bin', ''].join('\n'));
    const r = await kreq(['send', 'upload.kreq', '--env', 'admin', '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const calls = (JSON.parse(r.stdout) as { blocks: Array<{ calls: Array<{ service: string; action: string; result: { status: number; uploadedFileSize?: number } }> }> }).blocks[0].calls;
    assert.deepEqual(
      calls.map((c) => `${c.service}.${c.action} ${c.result.status} ${c.result.uploadedFileSize}`),
      ['uploadToken.add 0 undefined', 'uploadToken.upload 2 12'],
    );
  });

  test('exit 2 on a transport failure: refused, timeout', { timeout: 60_000 }, async () => {
    const refused = await kreq(['send', 'requests.kreq', '--env', 'down', '--block', '1']);
    assert.match(refused.stdout, /^### 1 ping — \d+ ms\n {2}✗ refused: Nothing is listening on http:\/\/127\.0\.0\.1:9/);
    assert.equal(refused.stderr, '1 block sent: 0 calls ok, 0 API errors, 1 block failed\n');
    assert.equal(refused.status, 2);
    const started = performance.now();
    const stalled = await kreq(['send', 'requests.kreq', '--env', 'stall', '--block', '1', '--timeout', '0.5']);
    assert.match(stalled.stdout, /\n {2}✗ timeout: /);
    assert.equal(stalled.status, 2);
    assert.ok(performance.now() - started < 20_000);
  });

  test('exit 2 on bad usage', { timeout: 60_000 }, async () => {
    const cases: Array<[string[], RegExp]> = [
      [['send'], /send needs a \.kreq file/],
      [['send', 'a.kreq', 'b.kreq'], /send takes one file/],
      [['send', 'requests.kreq', '--block', '1', '--all'], /give --block N or --all, not both/],
      [['send', 'requests.kreq', '--block', '0'], /--block must be a block number from 1/],
      [['send', 'requests.kreq', '--block', '9'], /has no block 9 \(it has 3\)/],
      [['send', 'requests.kreq', '--format', 'xml'], /--format must be text or json/],
      [['send', 'requests.kreq', '--timeout', 'soon'], /--timeout must be a number of seconds/],
      [['send', 'requests.kreq', '--verbose'], /unknown option --verbose/],
      [['send', 'requests.kreq', '--env'], /--env needs a value/],
      [['send', 'requests.kreq', '--env', 'nope'], /no environment "nope" \(known: admin, down, stall, broken\)/],
      [['send', 'missing.kreq'], /no such file: missing\.kreq/],
    ];
    for (const [args, message] of cases) {
      const r = await kreq(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
  });

  test("uses the environment's schema, and warns when it cannot be loaded", { timeout: 60_000 }, async () => {
    const r = await kreq(['send', 'requests.kreq', '--env', 'broken', '--block', '1']);
    assert.match(r.stderr, /^kreq: warning: no schema \(.*missing-schema\.xml.*\); enum names are sent as written$/m);
    assert.equal(r.status, 0);
  });

  test('help lists send and sandbox', { timeout: 60_000 }, async () => {
    const r = await kreq(['help']);
    assert.match(r.stdout, /kreq send <file> \[--env NAME\] \[--block N \| --all\] \[--format text\|json\]/);
    assert.match(r.stdout, /kreq sandbox \[--schema <path\|url>\]/);
    assert.equal(r.status, 0);
  });
});

describe('kreq sandbox from the bundle', () => {
  test('starts without --schema on the bundled schema, answers, and serves that schema back', { timeout: 30_000 }, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.KREQ_SCHEMA;
    const child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /Kaltura sandbox on (http:\/\/[^\s]+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${out}`)));
      });
      const ping = await fetch(`${url}/api_v3/service/system/action/ping?format=1`);
      assert.equal(await ping.text(), 'true');
      const version = await (await fetch(`${url}/api_v3/service/system/action/getVersion?format=1`)).json();
      assert.equal(version, '22.19.0');
      const schema = await (await fetch(`${url}/api_v3/api_schema.php`)).text();
      assert.match(schema.slice(0, 200), /<xml apiVersion="22\.19\.0"/);
    } finally {
      child.kill('SIGINT');
    }
  });
});
