/**
 * The first send a newcomer makes: `kreq send examples/getting-started.kreq --env sandbox` with the built CLI against a
 * fresh `kreq sandbox` (a child process, as a user starts it) exits 0 thanks to the demo content; `--empty` fails it.
 */

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/repoPaths';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-getting-started-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KREQ_CACHE_DIR: path.join(work, 'cache') };
  delete env.KREQ_SCHEMA;
  return env;
}

/** Starts `kreq sandbox --port 0 …argv` and resolves to its URL (read from its first line) and the process. */
function startSandbox(argv: readonly string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0', ...argv], { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Kaltura sandbox on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], child });
    });
    child.on('exit', (code) => reject(new Error(`kreq sandbox exited with ${code}: ${out}`)));
  });
}

/** A copy of examples/ whose `sandbox` environment points at `url` (the real one names port 8765). */
function examplesFor(url: string, name: string): string {
  const folder = path.join(work, name);
  fs.cpSync(path.join(REPO_ROOT, 'examples'), folder, { recursive: true });
  const envFile = path.join(folder, 'kreq.env.json');
  const environments = JSON.parse(fs.readFileSync(envFile, 'utf8')) as { sandbox: { serviceUrl: string } };
  assert.equal(environments.sandbox.serviceUrl, 'http://127.0.0.1:8765', 'the examples name the default sandbox port');
  environments.sandbox.serviceUrl = url;
  fs.writeFileSync(envFile, JSON.stringify(environments));
  return folder;
}

function send(cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'send', 'getting-started.kreq', '--env', 'sandbox'], { cwd, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('examples/getting-started.kreq against a fresh kreq sandbox', () => {
  test('kreq send … --env sandbox exits 0: the list finds the demo video Intro and media.get gets it', { timeout: 90_000 }, async () => {
    const { url, child } = await startSandbox([]);
    try {
      const r = await send(examplesFor(url, 'demo'));
      assert.equal(r.status, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /✓ 1 media\.list \(line \d+\): KalturaMediaListResponse · totalCount 1\n/);
      assert.match(r.stdout, /✓ 2 media\.get \(line \d+\): KalturaMediaEntry · id 0_sandbox5\n/);
      assert.match(r.stdout, /✓ 3 baseEntry\.addFromUploadedFile \(line \d+\): KalturaMediaEntry · id 0_[a-z0-9]{8}\n/);
      assert.match(r.stderr, /3 blocks sent: 6 calls ok, 0 API errors\n$/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  test('with --empty the first block fails with ENTRY_ID_NOT_FOUND and kreq send exits 1', { timeout: 90_000 }, async () => {
    const { url, child } = await startSandbox(['--empty']);
    try {
      const r = await send(examplesFor(url, 'empty'));
      assert.equal(r.status, 1, r.stderr + r.stdout);
      assert.match(r.stdout, /✓ 1 media\.list \(line \d+\): KalturaMediaListResponse · totalCount 0\n/);
      assert.match(r.stdout, /✗ 2 media\.get \(line \d+\): ENTRY_ID_NOT_FOUND/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
