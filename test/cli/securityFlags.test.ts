/**
 * `kreq send` / `kreq test` as an attacker's cloned repository would use them (issue 8): env files and `.env` are not
 * read above the git root unless `--env-dir` says so, and `@path` files outside it need `--allow-file` or
 * `--allow-files-outside` (env files and `~/.*` only ever by name). Runs the built `dist/cli.js` against a loopback server.
 */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { answerJson, startServer, type LoopbackServer } from '../engine/loopbackServer';
import { REPO_ROOT, SCHEMA_22 } from '../support/repoPaths';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

let server: LoopbackServer;
/** The user's "home": their own private file, a clip, ~/.ssh; the cloned repository below it. */
let home: string;
let repo: string;

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function kreq(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, KREQ_CACHE_DIR: path.join(home, '.cache') };
  delete env.KREQ_SCHEMA;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: repo, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

before(async () => {
  server = await startServer((_r, res) => answerJson(res, { id: '0_tok', objectType: 'KalturaUploadToken' }));
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-cli-home-'));
  repo = path.join(home, 'work', 'repo');
  write(path.join(home, 'work', 'kreq.env.private.json'), JSON.stringify({ prod: { ks: 'users-own-ks' } }));
  write(path.join(home, 'work', '.env'), 'SECRET=users-dotenv\n');
  write(path.join(home, 'clip.bin'), 'clip bytes');
  write(path.join(home, '.ssh', 'id_rsa'), 'PRIVATE KEY');
  write(path.join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  write(path.join(repo, 'kreq.env.json'), JSON.stringify({ prod: { serviceUrl: server.url, schema: SCHEMA_22 } }));
  write(path.join(repo, 'ping.kreq'), 'media.list\n');
  write(path.join(repo, 'dotenv.kreq'), 'system.ping\nx = {{$dotenv SECRET}}\n');
  write(path.join(repo, 'clip.kreq'), 'uploadToken.upload\nuploadTokenId = 1\nfileData = @../../clip.bin\n');
  write(path.join(repo, 'ssh.kreq'), 'uploadToken.upload\nuploadTokenId = 1\nfileData = @../../.ssh/id_rsa\n');
  write(path.join(repo, 'private.kreq'), 'uploadToken.upload\nuploadTokenId = 1\nfileData = @../kreq.env.private.json\n');
});

after(async () => {
  await server.close();
  fs.rmSync(home, { recursive: true, force: true });
});

const sentFields = () => server.received.map((r) => JSON.stringify(r.fields)).join('\n');

describe('kreq send and test: where secrets and files come from', () => {
  test('attacker: the private file and .env above the git root are not read; --env-dir reads them on purpose', { timeout: 60_000 }, async () => {
    const before = server.received.length;
    const r = await kreq(['send', 'ping.kreq', '--env', 'prod', '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(server.received.length, before + 1);
    assert.ok(!sentFields().includes('users-own-ks'), 'the parent folder\'s ks is not sent');
    const dotenv = await kreq(['send', 'dotenv.kreq', '--env', 'prod']);
    assert.notEqual(dotenv.status, 0);
    assert.match(dotenv.stdout, /\{\{\$dotenv SECRET\}\}/);
    assert.ok(!sentFields().includes('users-dotenv'));

    // --env-dir names the user's folder: its private file holds ks but no serviceUrl, so the default applies there.
    write(path.join(home, 'mine', 'kreq.env.json'), JSON.stringify({ prod: { serviceUrl: server.url, schema: SCHEMA_22 } }));
    write(path.join(home, 'mine', 'kreq.env.private.json'), JSON.stringify({ prod: { ks: 'chosen-ks' } }));
    const chosen = await kreq(['send', 'ping.kreq', '--env', 'prod', '--env-dir', path.join(home, 'mine')]);
    assert.equal(chosen.status, 0, chosen.stderr + chosen.stdout);
    assert.equal(server.received.at(-1)?.fields.ks, 'chosen-ks');
    const missing = await kreq(['send', 'ping.kreq', '--env-dir', 'nowhere']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--env-dir nowhere is not a folder/);
  });

  test('attacker: a file outside the git root needs --allow-file or --allow-files-outside', { timeout: 60_000 }, async () => {
    const before = server.received.length;
    const refused = await kreq(['send', 'clip.kreq', '--env', 'prod']);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stdout, /is not uploaded: .*clip\.bin is outside .*repo; pass --allow-file PATH to upload it, or --allow-files-outside/);
    assert.equal(server.received.length, before, 'nothing was sent');

    const byName = await kreq(['send', 'clip.kreq', '--env', 'prod', '--allow-file', '../../clip.bin']);
    assert.equal(byName.status, 0, byName.stdout + byName.stderr);
    assert.equal(server.received.at(-1)?.files.fileData?.content, 'clip bytes');
    const outside = await kreq(['test', 'clip.kreq', '--env', 'prod', '--allow-files-outside']);
    assert.equal(outside.status, 0, outside.stdout + outside.stderr);
    assert.equal(server.received.length, before + 2);
  });

  test('attacker: ~/.ssh and a private env file are refused even with --allow-files-outside; only --allow-file names them', { timeout: 60_000 }, async () => {
    const before = server.received.length;
    for (const file of ['ssh.kreq', 'private.kreq']) {
      const r = await kreq(['send', file, '--env', 'prod', '--allow-files-outside']);
      assert.notEqual(r.status, 0, file);
      assert.match(r.stdout, /kreq never uploads it unless allowed by name \(--allow-file PATH\)/, file);
    }
    const tested = await kreq(['test', 'ssh.kreq', '--env', 'prod', '--allow-files-outside']);
    assert.equal(tested.status, 1);
    assert.equal(server.received.length, before, 'nothing was sent');
    const named = await kreq(['send', 'ssh.kreq', '--env', 'prod', '--allow-file', path.join(home, '.ssh', 'id_rsa')]);
    assert.equal(named.status, 0, named.stdout + named.stderr);
    assert.equal(server.received.at(-1)?.files.fileData?.content, 'PRIVATE KEY');
  });

  test('send --help and test --help name the flags', { timeout: 30_000 }, async () => {
    for (const command of ['send', 'test']) {
      const r = await kreq([command, '--help']);
      for (const flag of ['--env-dir DIR', '--allow-file PATH', '--allow-files-outside']) assert.ok(r.stdout.includes(flag), `${command}: ${flag}`);
    }
  });
});
