/**
 * Headless neovim as an independent LSP client of the bundled server (`dist/server.js --stdio`):
 * diagnostics on open, completion after `media.`, and diagnostics that follow a buffer edit. The Lua
 * side (`neovim/kreq-lsp-test.lua`) prints what it saw; this file asserts on those lines.
 */

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SCHEMA_22, testData } from '../support/repoPaths';
import { SERVER_JS } from '../server/lspSession';

const NVIM_TIMEOUT_MS = 30_000;

function editorsRequired(): boolean {
  const ci = process.env.CI;
  return (!!ci && ci !== 'false' && ci !== '0') || process.env.KREQ_REQUIRE_EDITORS === '1';
}

function nvimVersion(): string | undefined {
  const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return probe.status === 0 ? probe.stdout.split('\n')[0] : undefined;
}

interface NvimRun {
  readonly code: number | null;
  readonly lines: readonly string[];
  readonly output: string;
}

function runNvim(script: string, env: Record<string, string>): Promise<NvimRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${script}`], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nvim did not finish within ${NVIM_TIMEOUT_MS} ms; output so far:\n${output}`));
    }, NVIM_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      // Drop the `[123ms] ` prefix; keep the facts.
      const lines = output.split(/\r?\n/).map((l) => l.replace(/^\[\d+ms\] /, '').trim());
      resolve({ code, lines, output });
    });
  });
}

test('neovim drives the server: diagnostics, completion after `media.`, diagnostics after an edit', { timeout: 45_000 }, async (t) => {
  const version = nvimVersion();
  if (!version) {
    if (editorsRequired()) assert.fail('nvim is not installed (CI installs it: apt-get install -y --no-install-recommends neovim)');
    t.skip('nvim not installed');
    return;
  }
  t.diagnostic(version);
  assert.ok(fs.existsSync(SERVER_JS), `${SERVER_JS} is missing: run \`npm run build\` first`);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-nvim-'));
  const file = path.join(folder, 'requests.kreq');
  fs.writeFileSync(file, ['### checked by neovim', 'media.lst', 'pager:pageSize = 5', '', 'media.'].join('\n'));

  let run: NvimRun;
  try {
    run = await runNvim(testData('editors', 'neovim', 'kreq-lsp-test.lua'), {
      KREQ_NODE: process.execPath,
      KREQ_SERVER: SERVER_JS,
      KREQ_SCHEMA: SCHEMA_22,
      KREQ_CACHE_DIR: path.join(folder, 'cache'),
      KREQ_FILE: file,
    });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  const has = (line: string): boolean => run.lines.includes(line);
  const starting = (prefix: string): string[] => run.lines.filter((l) => l.startsWith(prefix));
  const context = `neovim output:\n${run.output}`;

  assert.equal(run.code, 0, context);
  assert.ok(!starting('LUA-ERROR').length, context);
  assert.ok(has('INITIALIZED true'), context);
  assert.ok(has('DIAGNOSED true'), context);
  const before = starting('DIAG ');
  assert.ok(before.some((l) => /^DIAG 1:6 unknown-action .*Did you mean `list`/.test(l)), `unknown-action on media.lst\n${context}`);
  assert.ok(before.some((l) => /^DIAG 4:\d+ syntax /.test(l)), `syntax error on the incomplete call line\n${context}`);

  const completion = starting('COMPLETION ')[0]?.slice('COMPLETION '.length).split(',') ?? [];
  assert.ok(completion.includes('list'), `completion after media. offers list\n${context}`);
  assert.ok(has('HOVER contents') || has('HOVER null'), context);

  assert.ok(has('UPDATED true'), `the diagnostics followed the edit\n${context}`);
  const after = starting('DIAG-AFTER-EDIT ').filter((l) => !l.startsWith('DIAG-AFTER-EDIT-COUNT'));
  assert.ok(!after.some((l) => l.includes(' unknown-action ')), context);
  assert.ok(after.some((l) => /^DIAG-AFTER-EDIT 4:\d+ syntax /.test(l)), `the other diagnostics stay\n${context}`);
  assert.ok(has('SERVER-EXIT 0'), `the server exits 0 after shutdown/exit\n${context}`);
  assert.ok(has('DONE'), context);
});
