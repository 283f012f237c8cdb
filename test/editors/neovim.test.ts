/**
 * Headless neovim as an independent LSP client of the bundled server (`dist/server.js --stdio`):
 * diagnostics on open, completion after `media.`, and diagnostics that follow a buffer edit; then, configured by
 * the README's neovim snippet, the `▶ Send Request` CodeLens and `kreq.send` against an in-process sandbox. The
 * Lua side (`neovim/kreq-lsp-test.lua`) prints what it saw; this file asserts on those lines.
 */

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SCHEMA_22, testData } from '../support/repoPaths';
import { SERVER_JS } from '../server/lspSession';
import { editorPresent, jsonAfter, probeEditor, runEditor, type EditorRun } from './editorRun';
import { luaString, readmeSnippet } from './readmeSnippets';
import { FAILING_CALL_LINE, SANDBOX_ENVIRONMENT, SEND_BLOCK_LINES, sentCalls, startSendWorkspace } from './sendWorkspace';

const NVIM_TIMEOUT_MS = 30_000;
const NVIM_INSTALL = 'apt-get install -y --no-install-recommends neovim';

function nvimVersion(): string | undefined {
  return probeEditor('nvim', ['--version']);
}

function runNvim(env: Record<string, string>): Promise<EditorRun> {
  const script = testData('editors', 'neovim', 'kreq-lsp-test.lua');
  return runEditor('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${script}`], env, NVIM_TIMEOUT_MS);
}

/** The README's snippet for this neovim: `vim.lsp.start` from 0.8, else the 0.7 `vim.lsp.start_client` one. */
function snippetFor(version: string): string {
  const [major, minor] = (/v(\d+)\.(\d+)/.exec(version) ?? ['', '0', '0']).slice(1).map(Number);
  const modern = major > 0 || minor >= 8;
  return readmeSnippet('lua', modern ? 'vim.lsp.start({' : 'vim.lsp.start_client({', process.execPath, SERVER_JS, luaString);
}

test('neovim drives the server: diagnostics, completion after `media.`, diagnostics after an edit', { timeout: 45_000 }, async (t) => {
  const version = nvimVersion();
  if (!editorPresent(t, version, 'nvim', NVIM_INSTALL)) return;
  assert.ok(fs.existsSync(SERVER_JS), `${SERVER_JS} is missing: run \`npm run build\` first`);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-nvim-'));
  const file = path.join(folder, 'requests.kreq');
  fs.writeFileSync(file, ['### checked by neovim', 'media.lst', 'pager:pageSize = 5', '', 'media.'].join('\n'));

  let run: EditorRun;
  try {
    run = await runNvim({
      KREQ_NODE: process.execPath,
      KREQ_SERVER: SERVER_JS,
      KREQ_SCHEMA: SCHEMA_22,
      KREQ_CACHE_DIR: path.join(folder, 'cache'),
      KREQ_FILE: file,
    });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  t.diagnostic(`nvim run: ${run.durationMs} ms`);
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

test('neovim with the README snippet: ▶ Send Request lenses, codelens.run() and kreq.send to a sandbox', { timeout: 45_000 }, async (t) => {
  const version = nvimVersion();
  if (!editorPresent(t, version, 'nvim', NVIM_INSTALL)) return;
  assert.ok(fs.existsSync(SERVER_JS), `${SERVER_JS} is missing: run \`npm run build\` first`);

  const workspace = await startSendWorkspace('kreq-nvim-send-', [...SEND_BLOCK_LINES, '', '### not sent', 'media.lst', 'pager:pageSize = 5']);
  let run: EditorRun;
  try {
    const snippet = path.join(workspace.folder, 'kreq-readme-snippet.lua');
    fs.writeFileSync(snippet, snippetFor(version));
    run = await runNvim({
      KREQ_SNIPPET: snippet,
      KREQ_SCHEMA: SCHEMA_22,
      KREQ_CACHE_DIR: path.join(workspace.folder, 'cache'),
      KREQ_FILE: workspace.file,
      KREQ_SEND_ENVIRONMENT: SANDBOX_ENVIRONMENT,
    });
  } finally {
    await workspace.close();
  }
  t.diagnostic(`nvim run: ${run.durationMs} ms`);
  const has = (line: string): boolean => run.lines.includes(line);
  const starting = (prefix: string): string[] => run.lines.filter((l) => l.startsWith(prefix));
  const context = `neovim output:\n${run.output}`;

  assert.equal(run.code, 0, context);
  assert.ok(!starting('LUA-ERROR').length, context);
  assert.ok(has('FILETYPE kreq'), `the snippet's filetype detection\n${context}`);
  assert.ok(has('ATTACHED true'), context);
  assert.ok(has('INITIALIZED true'), context);
  assert.ok(has('DIAGNOSED true'), context);
  assert.ok(starting('DIAG ').some((l) => /^DIAG 7:6 unknown-action /.test(l)), context);
  assert.ok(starting('COMMANDS ')[0]?.split(/[ ,]/).includes('kreq.send'), `the server advertises kreq.send\n${context}`);

  const lenses = starting('CODELENS ');
  assert.ok(
    lenses.some((l) => /^CODELENS 0 kreq\.send \[\{.*"block": ?0\b.*\}\] ▶ Send Request \(multirequest, 2 calls\)$/.test(l)),
    `a ▶ Send Request lens on block 0 (2 calls)\n${context}`,
  );
  assert.ok(lenses.some((l) => /^CODELENS 6 kreq\.send \[\{.*"block": ?1\b.*\}\] ▶ Send Request$/.test(l)), `a ▶ Send Request lens on block 1\n${context}`);
  assert.ok(lenses.some((l) => /^CODELENS 0 kreq\.sendAll \[\{"uri": ?"[^"]+"\}\] ▶▶ Send All \(2 blocks\)$/.test(l)), `a ▶▶ Send All lens on the first line\n${context}`);
  assert.ok(has('LENS-CHOICES ▶▶ Send All (2 blocks) | ▶ Send Request (multirequest, 2 calls)'), `codelens.run() offered both lenses of line 1\n${context}`);

  assert.ok(has('LENSES true'), `the snippet's on_attach refresh fetched the lenses\n${context}`);
  assert.ok(has('LENS-SENT true'), `codelens.run() sent block 0 and a kaltura diagnostic appeared\n${context}`);
  assert.ok(
    starting('RESULT-DIAG ').some((l) => l.startsWith(`RESULT-DIAG ${FAILING_CALL_LINE}:0 kaltura ENTRY_ID_NOT_FOUND `)),
    `the failing media.get is a kaltura diagnostic on its line\n${context}`,
  );
  assert.ok(starting('RESULT-DIAG ').some((l) => l.startsWith('RESULT-DIAG 7:6 kreq unknown-action ')), `the language diagnostics stay\n${context}`);

  assert.ok(!starting('SEND-ERROR').length, context);
  const calls = sentCalls(jsonAfter(run, 'SEND-RESULT '));
  assert.deepEqual(calls.map((c) => `${c.service}.${c.action}@${c.line}`), ['system.ping@1', `media.get@${FAILING_CALL_LINE}`], context);
  assert.equal(calls[0].result, true, `system.ping answers true\n${context}`);
  assert.equal(calls[1].error?.code, 'ENTRY_ID_NOT_FOUND', context);
  assert.ok(has('SERVER-EXIT 0'), `the server exits 0 after shutdown/exit\n${context}`);
  assert.ok(has('DONE'), context);
});
