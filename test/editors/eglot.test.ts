/**
 * Headless Emacs + eglot as an independent LSP client of the bundled server (`dist/server.js --stdio`), configured
 * by the README's eglot snippet: flymake diagnostics, completion after `media.` (capf and raw request), and
 * `kreq.send` through `workspace/executeCommand` and the snippet's `kreq-send-block` against an in-process sandbox.
 * The Emacs Lisp side (`eglot/kreq-eglot-test.el`) prints what it saw; this file asserts on those lines.
 */

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SCHEMA_22, testData } from '../support/repoPaths';
import { SERVER_JS } from '../server/lspSession';
import { editorPresent, jsonAfter, probeEditor, runEditor, type EditorRun } from './editorRun';
import { elispString, readmeSnippet } from './readmeSnippets';
import { FAILING_CALL_LINE, SANDBOX_ENVIRONMENT, SEND_BLOCK_LINES, sentCalls, startSendWorkspace } from './sendWorkspace';

const EMACS_TIMEOUT_MS = 40_000;
/** Debian's elpa-eglot installs here; `emacs -Q` does not activate it by itself. */
const ELPA_DIR = process.env.KREQ_ELPA_DIR ?? '/usr/share/emacs/site-lisp/elpa';

/** `GNU Emacs 28.2 + eglot 1.9`, or undefined when emacs or its eglot package is missing. */
function emacsWithEglot(): string | undefined {
  const probe = `(progn (require 'package) (setq package-directory-list (list ${elispString(ELPA_DIR)})) (package-initialize)
    (princ (format "%s + eglot %s" (car (split-string (emacs-version) "\\n")) (if (require 'eglot nil t) (let ((d (cadr (assq 'eglot package-alist)))) (if d (package-version-join (package-desc-version d)) "built-in")) "missing"))))`;
  const line = probeEditor('emacs', ['--batch', '-Q', '--eval', probe]);
  return line && !line.endsWith('missing') ? line : undefined;
}

function assertSent(result: unknown, context: string): void {
  const calls = sentCalls(result);
  assert.deepEqual(
    calls.map((c) => `${c.service}.${c.action}@${c.line}`),
    ['system.ping@1', `media.get@${FAILING_CALL_LINE}`],
    `the two calls of block 0\n${context}`,
  );
  assert.equal(calls[0].ok, true, context);
  assert.equal(calls[0].result, true, `system.ping answers true\n${context}`);
  assert.equal(calls[1].ok, false, context);
  assert.equal(calls[1].error?.code, 'ENTRY_ID_NOT_FOUND', context);
}

test('eglot drives the server: flymake diagnostics, completion after `media.`, kreq.send to a sandbox', { timeout: 60_000 }, async (t) => {
  const version = emacsWithEglot();
  if (!editorPresent(t, version, 'emacs with eglot', 'apt-get install -y --no-install-recommends emacs-nox elpa-eglot')) return;
  assert.ok(fs.existsSync(SERVER_JS), `${SERVER_JS} is missing: run \`npm run build\` first`);

  const workspace = await startSendWorkspace('kreq-eglot-', [...SEND_BLOCK_LINES, '', '### checked by eglot', 'media.lst', 'pager:pageSize = 5', '', 'media.']);
  let run: EditorRun;
  try {
    const snippet = path.join(workspace.folder, 'kreq-readme-snippet.el');
    fs.writeFileSync(snippet, readmeSnippet('elisp', 'eglot-server-programs', process.execPath, SERVER_JS, elispString));
    run = await runEditor('emacs', ['--batch', '-Q', '-l', testData('editors', 'eglot', 'kreq-eglot-test.el')], {
      KREQ_ELPA_DIR: ELPA_DIR,
      KREQ_SNIPPET: snippet,
      KREQ_SCHEMA: SCHEMA_22,
      KREQ_CACHE_DIR: path.join(workspace.folder, 'cache'),
      KREQ_FILE: workspace.file,
      KREQ_SEND_ENVIRONMENT: SANDBOX_ENVIRONMENT,
    }, EMACS_TIMEOUT_MS);
  } finally {
    await workspace.close();
  }
  t.diagnostic(`emacs run: ${run.durationMs} ms`);
  const has = (line: string): boolean => run.lines.includes(line);
  const starting = (prefix: string): string[] => run.lines.filter((l) => l.startsWith(prefix));
  const context = `emacs output:\n${run.output}`;

  assert.equal(run.code, 0, context);
  assert.ok(!starting('ELISP-ERROR').length, context);
  assert.ok(has('MODE kreq-mode'), `the snippet's auto-mode-alist entry\n${context}`);
  assert.ok(has('INITIALIZED t'), context);
  assert.ok(has('DIAGNOSED t'), context);
  const diagnostics = starting('DIAG ');
  assert.ok(diagnostics.some((l) => /^DIAG 7:6 kreq unknown-action .*Did you mean `list`/.test(l)), `unknown-action on media.lst\n${context}`);
  assert.ok(diagnostics.some((l) => /^DIAG 10:\d+ kreq syntax /.test(l)), `syntax error on the incomplete call line\n${context}`);

  for (const prefix of ['COMPLETION ', 'RAW-COMPLETION ']) {
    const labels = starting(prefix)[0]?.slice(prefix.length).split(',') ?? [];
    assert.ok(labels.includes('list') && labels.includes('get'), `${prefix.trim()} after media. offers list and get\n${context}`);
  }

  assert.ok(starting('COMMANDS ')[0]?.split(/[ ,]/).includes('kreq.send'), `the server advertises kreq.send\n${context}`);
  // The README's kreq-send-block puts the response document into *kreq response*: a heading per call, then its JSON.
  const response = jsonAfter(run, 'BLOCK-SEND-RESPONSE ') as string;
  assert.match(response, /^Kreq response · /, `the response document's header\n${context}`);
  assert.match(response, /\n1 · system\.ping · ✓ [^\n]*\ntrue\n/, `call 1's heading and result\n${context}`);
  assert.match(response, /\n2 · media\.get · ✗ ENTRY_ID_NOT_FOUND[^\n]*\n\{\n {2}"code": "ENTRY_ID_NOT_FOUND"/, `call 2's heading and error\n${context}`);
  assert.ok(has('RESULT-DIAGNOSED t'), `a kaltura diagnostic appeared after the send\n${context}`);
  const results = starting('RESULT-DIAG ');
  assert.ok(
    results.some((l) => l.startsWith(`RESULT-DIAG ${FAILING_CALL_LINE}:0 kaltura ENTRY_ID_NOT_FOUND `)),
    `the failing media.get is a kaltura diagnostic on its line\n${context}`,
  );
  assert.ok(results.some((l) => l.startsWith('RESULT-DIAG 7:6 kreq unknown-action ')), `the language diagnostics stay\n${context}`);
  assertSent(jsonAfter(run, 'SEND-RESULT '), context);
  assert.ok(has('SERVER-EXIT 0'), `the server exits 0 after shutdown/exit\n${context}`);
  assert.ok(has('DONE'), context);
});
