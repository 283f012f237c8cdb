/**
 * Runs a headless editor (neovim, Emacs) as a bounded child process and collects the fact lines its test script
 * prints; decides whether a missing editor fails (CI, `KREQ_REQUIRE_EDITORS=1`) or skips the test.
 */

import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';

/** In CI a missing editor is a failure, elsewhere the test is skipped. */
export function editorsRequired(): boolean {
  const ci = process.env.CI;
  return (!!ci && ci !== 'false' && ci !== '0') || process.env.KREQ_REQUIRE_EDITORS === '1';
}

/** The first line of `<command> <args>`' output when it exits 0 (a version line), else undefined. */
export function probeEditor(command: string, args: readonly string[]): string | undefined {
  const probe = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  return probe.status === 0 ? probe.stdout.trim().split('\n')[0] : undefined;
}

/**
 * True when the editor was found (and logs its version); otherwise fails the test when editors are required, else
 * marks it skipped, and returns false so the test body returns.
 */
export function editorPresent(t: TestContext, version: string | undefined, name: string, install: string): version is string {
  if (!version) {
    if (editorsRequired()) assert.fail(`${name} is not installed (CI installs it: ${install})`);
    t.skip(`${name} not installed`);
    return false;
  }
  t.diagnostic(version);
  return true;
}

export interface EditorRun {
  readonly code: number | null;
  /** Output lines without their `[123ms] ` prefix, trimmed. */
  readonly lines: readonly string[];
  readonly output: string;
  /** Wall time from spawn to exit. */
  readonly durationMs: number;
}

/** Spawns the editor with `env` added to this process's environment; rejects when it outlives `timeoutMs`. */
export function runEditor(command: string, args: readonly string[], env: Record<string, string>, timeoutMs: number): Promise<EditorRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not finish within ${timeoutMs} ms; output so far:\n${output}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      // Drop the `[123ms] ` prefix; keep the facts.
      const lines = output.split(/\r?\n/).map((l) => l.replace(/^\[\d+ms\] /, '').trim());
      resolve({ code, lines, output, durationMs: Math.round(performance.now() - started) });
    });
  });
}

/** The JSON printed after `prefix` on the first line that starts with it (`SEND-RESULT {…}`). */
export function jsonAfter(run: EditorRun, prefix: string): unknown {
  const line = run.lines.find((l) => l.startsWith(prefix));
  assert.ok(line, `no ${prefix.trim()} line in the editor output:\n${run.output}`);
  return JSON.parse(line.slice(prefix.length)) as unknown;
}
