/**
 * Runs the real-editor suites from `npm test` when code-server is installed (scripts/install-code-server.sh): the
 * extension-host suite through @vscode/test-cli with the code-server shim as its VS Code, and the UI scenarios
 * (Playwright + Debian chromium). Without code-server each test reports a skip, unless editors are required (CI,
 * KREQ_REQUIRE_EDITORS=1), where it fails. Each run has a hard timeout.
 */

import { test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { editorsRequired } from '../editors/editorRun';
import { REPO_ROOT } from '../support/repoPaths';

const INSTALL_SCRIPT = path.join(REPO_ROOT, 'scripts', 'install-code-server.sh');
/** The whole run, code-server start and shutdown included; the shim's and the scenarios' own limits come first. */
const RUN_TIMEOUT_MS = 300_000;
const INNER_TIMEOUT_MS = 240_000;

/** The install script's marker of a finished install, for the version it pins. */
function installMarker(): string {
  const version = /^CODE_SERVER_VERSION=(\S+)/m.exec(fs.readFileSync(INSTALL_SCRIPT, 'utf8'))?.[1];
  assert.ok(version, `CODE_SERVER_VERSION in ${INSTALL_SCRIPT}`);
  const dir = process.env.KREQ_CODE_SERVER_DIR || path.join(os.homedir(), '.cache', 'kreq-code-server');
  return path.join(dir, `.installed-code-server-${version}`);
}

/** True when code-server and chromium are there; else fails (editors required) or reports a skip, and returns false. */
function codeServerPresent(t: TestContext): boolean {
  const marker = installMarker();
  const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
  const missing = [fs.existsSync(marker) ? '' : `code-server (${marker})`, fs.existsSync(chromium) ? '' : `chromium (${chromium})`].filter(Boolean);
  if (missing.length === 0) return true;
  if (editorsRequired()) assert.fail(`${missing.join(' and ')} not installed: run bash scripts/install-code-server.sh (CI does)`);
  t.skip(`${missing.join(' and ')} not installed (bash scripts/install-code-server.sh)`);
  return false;
}

interface Run {
  readonly code: number | null;
  readonly output: string;
  readonly seconds: string;
}

/** Runs `node <args>` in the repository, in its own process group, killed (the whole group) after `timeoutMs`. */
function runNode(args: readonly string[], env: Record<string, string>, timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-(child.pid ?? 0), signal);
      } catch {
        // already gone
      }
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      signalGroup('SIGTERM'); // lets the shim / the scenarios stop code-server and chromium
      setTimeout(() => signalGroup('SIGKILL'), 15_000).unref();
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (timedOut) reject(new Error(`node ${args.join(' ')} did not finish within ${timeoutMs} ms; its output:\n${output.slice(-6000)}`));
      else resolve({ code, output, seconds });
    });
  });
}

function tail(output: string, lines = 60): string {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}

test('the extension-host suite passes in VS Code (code-server as the test-cli VS Code, through the shim)', { timeout: RUN_TIMEOUT_MS + 30_000 }, async (t) => {
  if (!codeServerPresent(t)) return;
  const cli = path.join(REPO_ROOT, 'node_modules', '@vscode', 'test-cli', 'out', 'bin.mjs');
  const run = await runNode([cli], { KREQ_VSCODE_SHIM: '1', KREQ_SHIM_TIMEOUT_MS: String(INNER_TIMEOUT_MS) }, RUN_TIMEOUT_MS);
  const passing = /^\s*(\d+) passing/m.exec(run.output)?.[1];
  const failing = /^\s*(\d+) failing/m.exec(run.output)?.[1];
  t.diagnostic(`vscode-test: ${passing ?? '?'} passing, ${failing ?? 0} failing, exit code ${run.code}, ${run.seconds} s`);
  assert.equal(run.code, 0, `npx vscode-test failed:\n${tail(run.output)}`);
  assert.ok(passing && Number(passing) > 0 && !failing, `no passing tests reported:\n${tail(run.output)}`);
});

test('the UI scenarios pass in VS Code (code-server + Debian chromium, driven by Playwright)', { timeout: RUN_TIMEOUT_MS + 30_000 }, async (t) => {
  if (!codeServerPresent(t)) return;
  const run = await runNode([path.join(REPO_ROOT, 'test', 'e2e', 'scenarios.mjs')], { KREQ_E2E_TIMEOUT_MS: String(INNER_TIMEOUT_MS) }, RUN_TIMEOUT_MS);
  const summary = /^(\d+) passed, (\d+) failed$/m.exec(run.output);
  t.diagnostic(`UI scenarios: ${summary?.[0] ?? '(no summary)'}, ${run.seconds} s; screenshots in test-output/e2e/`);
  assert.equal(run.code, 0, `the UI scenarios failed:\n${tail(run.output)}`);
  assert.ok(summary && Number(summary[1]) > 0 && summary[2] === '0', `no passing scenarios reported:\n${tail(run.output)}`);
});
