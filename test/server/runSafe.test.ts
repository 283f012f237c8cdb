/** `runSafe`: results, cancellation before and after the work, and exceptions turned into a logged fallback. */

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { runSafe, runSafeNotification } from '../../server/src/lsp/runSafe';
import { ManualTimer, RecordingLogger } from './fakeRuntime';

function context() {
  return { timer: new ManualTimer(), logger: new RecordingLogger() };
}

function isCancelled(value: unknown): boolean {
  return value instanceof ResponseError && value.code === LSPErrorCodes.RequestCancelled;
}

test('answers the function\'s result on the next tick', async () => {
  const ctx = context();
  const answer = runSafe(ctx, () => 42, -1, 'answer', new CancellationTokenSource().token);
  ctx.timer.advance(0);
  assert.equal(await answer, 42);
});

test('a token cancelled before the tick answers RequestCancelled without running the function', async () => {
  const ctx = context();
  const source = new CancellationTokenSource();
  let ran = false;
  const answer = runSafe(ctx, () => (ran = true), false, 'cancelled', source.token);
  source.cancel();
  ctx.timer.advance(0);
  assert.ok(isCancelled(await answer));
  assert.equal(ran, false);
});

test('a token cancelled while an async function runs answers RequestCancelled', async () => {
  const ctx = context();
  const source = new CancellationTokenSource();
  let release: () => void = () => undefined;
  const answer = runSafe(ctx, async () => {
    await new Promise<void>((resolve) => (release = resolve));
    return 'late';
  }, 'fallback', 'slow', source.token);
  ctx.timer.advance(0);
  source.cancel();
  release();
  assert.ok(isCancelled(await answer));
});

test('a throwing function (sync or async) answers the fallback and logs the error', async () => {
  const ctx = context();
  const token = new CancellationTokenSource().token;
  const sync = runSafe(ctx, (): number => {
    throw new Error('sync boom');
  }, 0, 'Hover failed', token);
  const async = runSafe(ctx, async (): Promise<number> => {
    throw new TypeError('async boom');
  }, 1, 'Completion failed', token);
  ctx.timer.advance(0);
  assert.equal(await sync, 0);
  assert.equal(await async, 1);
  assert.match(ctx.logger.lines[0], /^error: Hover failed: Error: sync boom/);
  assert.match(ctx.logger.lines[1], /^error: Completion failed: TypeError: async boom/);
});

test('notifications log what they throw', async () => {
  const logger = new RecordingLogger();
  runSafeNotification(logger, () => {
    throw new Error('open boom');
  }, 'Opening');
  runSafeNotification(logger, () => Promise.reject(new Error('load boom')), 'Loading');
  await new Promise((resolve) => setImmediate(resolve));
  assert.match(logger.lines[0], /^error: Opening: Error: open boom/);
  assert.match(logger.lines[1], /^error: Loading: Error: load boom/);
});
