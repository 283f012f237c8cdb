/**
 * Plays the attacker against `kreq check` with files that are not what they seem: links to devices, named pipes,
 * link cycles, unreadable and huge files. Each is its own finding, the others are still checked, nothing hangs,
 * and a 50 MB file costs little time and memory. Runs the built `dist/cli.js` (after `npm run build`).
 */

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, SCHEMA_22 } from '../support/repoPaths';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const WORK_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-cli-special-'));
const POSIX = process.platform !== 'win32';
const TIME = '/usr/bin/time';

after(() => fs.rmSync(WORK_DIR, { recursive: true, force: true }));

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Peak resident memory in MB, when /usr/bin/time is there to tell. */
  readonly peakMb?: number;
}

function check(args: readonly string[], cwd: string): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, KREQ_CACHE_DIR: path.join(WORK_DIR, 'cache') };
  delete env.KREQ_SCHEMA;
  const measured = fs.existsSync(TIME);
  const command = measured ? TIME : process.execPath;
  const argv = [...(measured ? ['-f', 'peak-kb %M', process.execPath] : []), CLI, 'check', ...args];
  const started = performance.now();
  const r = spawnSync(command, argv, { cwd, env, encoding: 'utf8', timeout: 30_000 });
  const ms = performance.now() - started;
  const peak = /peak-kb (\d+)/.exec(r.stderr);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms, peakMb: peak ? Number(peak[1]) / 1024 : undefined };
}

/** `file code` per finding line. */
function fileCodes(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const m = /^(.*):\d+:\d+: \w+ ([a-z-]+): /.exec(l);
      assert.ok(m, `not a finding line: ${l}`);
      return `${m[1]} ${m[2]}`;
    });
}

function folder(name: string): string {
  const dir = path.join(WORK_DIR, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'good.kreq'), 'system.ping\n');
  fs.writeFileSync(path.join(dir, 'bad.kreq'), 'medai.list\n');
  return dir;
}

describe('kreq check: special files', { skip: !POSIX && 'needs symlinks to devices and named pipes' }, () => {
  test('links to devices, a pipe and a link cycle in a folder: one finding each, the other files still checked, exit 1', () => {
    const dir = folder('mixed');
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.kreq'));
    fs.symlinkSync('/dev/urandom', path.join(dir, 'random.kreq'));
    spawnSync('mkfifo', [path.join(dir, 'pipe.kreq')]);
    fs.symlinkSync('loop2.kreq', path.join(dir, 'loop1.kreq'));
    fs.symlinkSync('loop1.kreq', path.join(dir, 'loop2.kreq'));
    fs.symlinkSync('missing-target', path.join(dir, 'dangling.kreq'));
    const r = check(['--schema', SCHEMA_22, '.'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(fileCodes(r.stdout), [
      'bad.kreq unknown-service',
      'dangling.kreq file-unreadable',
      'loop1.kreq file-unreadable',
      'loop2.kreq file-unreadable',
      'pipe.kreq file-unreadable',
      'random.kreq file-unreadable',
      'zero.kreq file-unreadable',
    ]);
    assert.match(r.stdout, /zero\.kreq:1:1: error file-unreadable: Cannot read this file: a device, not a regular file\./);
    assert.match(r.stdout, /pipe\.kreq:1:1: error file-unreadable: Cannot read this file: a named pipe, not a regular file\./);
    assert.match(r.stdout, /loop1\.kreq:1:1: error file-unreadable: .*link cycle.*\(ELOOP\)/);
    assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/);
    assert.ok(r.ms < 10_000, `${r.ms} ms`);
  });

  test('only unreadable files named on the command line: each reported, exit 2', () => {
    const dir = folder('named');
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.kreq'));
    spawnSync('mkfifo', [path.join(dir, 'fifo')]);
    fs.symlinkSync('cycle-b', path.join(dir, 'cycle-a'));
    fs.symlinkSync('cycle-a', path.join(dir, 'cycle-b'));
    const r = check(['--schema', SCHEMA_22, 'zero.kreq', 'fifo', 'cycle-a'], dir);
    assert.equal(r.status, 2, r.stderr);
    assert.deepEqual(fileCodes(r.stdout), ['cycle-a file-unreadable', 'fifo file-unreadable', 'zero.kreq file-unreadable']);
    assert.match(r.stderr, /3 files checked: 3 errors/);
  });

  test('an unreadable file beside readable ones does not hide their findings', { skip: process.getuid?.() === 0 && 'root reads any file' }, () => {
    const dir = folder('permissions');
    const locked = path.join(dir, 'locked.kreq');
    fs.writeFileSync(locked, 'system.ping\n');
    fs.chmodSync(locked, 0o000);
    const r = check(['--schema', SCHEMA_22, '.'], dir);
    assert.equal(r.status, 1);
    assert.deepEqual(fileCodes(r.stdout), ['bad.kreq unknown-service', 'locked.kreq file-unreadable']);
    assert.match(r.stdout, /permission denied \(EACCES\)/);
  });

  test('a schema that is a device or a pipe is unavailable, not read', () => {
    const dir = folder('schema');
    spawnSync('mkfifo', [path.join(dir, 'schema.xml')]);
    for (const schema of ['/dev/zero', 'schema.xml']) {
      const r = check(['--schema', schema, 'good.kreq'], dir);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /information schema-unavailable: .*not a regular file/);
      assert.ok(r.ms < 10_000, `${r.ms} ms`);
    }
  });
});

describe('kreq check: big files', () => {
  test('a 50 MB file: one file-too-large information, in little time and memory', () => {
    const dir = folder('big');
    const line = 'media.list\nfilter:nameLike = {{a}} {1:result:id} <2:result> x\n';
    fs.writeFileSync(path.join(dir, 'big.kreq'), line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)));
    const r = check(['--schema', SCHEMA_22, '.'], dir);
    assert.equal(r.status, 1, r.stderr); // bad.kreq
    assert.deepEqual(fileCodes(r.stdout), ['bad.kreq unknown-service', 'big.kreq file-too-large']);
    assert.match(r.stdout, /big\.kreq:1:1: information file-too-large: This file is too large to check/);
    assert.ok(r.ms < 10_000, `${r.ms} ms`);
    if (r.peakMb !== undefined) assert.ok(r.peakMb < 500, `peak ${r.peakMb} MB`);
  });

  test('a file over the analysis bound but small enough to read: the same information, still bounded', () => {
    const dir = folder('medium');
    fs.writeFileSync(path.join(dir, 'medium.kreq'), 'system.ping\n'.repeat(300_000)); // 3.6 MB, 300,000 lines
    const r = check(['--schema', SCHEMA_22, 'medium.kreq'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(fileCodes(r.stdout), ['medium.kreq file-too-large']);
    assert.ok(r.ms < 10_000, `${r.ms} ms`);
    if (r.peakMb !== undefined) assert.ok(r.peakMb < 500, `peak ${r.peakMb} MB`);
  });
});
