/** Validation in slices: the driver lets other work in between, and the scheduler drops a sliced result that a newer
 *  version superseded meanwhile. */

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticsScheduler } from '../../server/src/lsp/diagnosticsScheduler';
import type { Timer } from '../../server/src/lsp/runtimeEnvironment';
import { runInSlices } from '../../server/src/lsp/slicedWork';
import { RecordingLogger } from './fakeRuntime';

const realTimer: Timer = {
  setImmediate(callback) {
    const handle = setImmediate(callback);
    return { dispose: () => clearImmediate(handle) };
  },
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return { dispose: () => clearTimeout(handle) };
  },
};

function* busySteps(count: number, msEach: number): Generator<void, string> {
  for (let i = 0; i < count; i++) {
    const until = performance.now() + msEach;
    while (performance.now() < until) {
      // busy: a step of real work
    }
    yield;
  }
  return 'done';
}

test('runInSlices returns the generator’s value and lets other callbacks run between slices', async () => {
  let ticks = 0;
  let stop = false;
  const tick = (): void => {
    ticks++;
    if (!stop) setImmediate(tick);
  };
  setImmediate(tick);
  const value = await runInSlices(busySteps(40, 2), realTimer, 5);
  stop = true;
  assert.equal(value, 'done');
  assert.ok(ticks >= 8, `only ${ticks} other callbacks ran during 80 ms of slices`);
});

test('a sliced validation superseded by a newer version publishes only the newer one', async () => {
  const events: string[] = [];
  const scheduler = new DiagnosticsScheduler({
    timer: realTimer,
    logger: new RecordingLogger(),
    delayMs: 0,
    validate: () => {
      throw new Error('the sliced path is used');
    },
    validateInSlices: async (document) => {
      events.push(`start v${document.version}`);
      await runInSlices(busySteps(10, 2), realTimer, 1);
      return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: document.getText() }] as Diagnostic[];
    },
    publish: (_uri, version, diagnostics) => events.push(`publish v${version} [${diagnostics.map((d) => d.message).join(',')}]`),
  });
  const uri = 'file:///w/a.kreq';
  scheduler.validateNow(TextDocument.create(uri, 'kreq', 1, 'one'));
  await new Promise((resolve) => setTimeout(resolve, 5));
  scheduler.validateNow(TextDocument.create(uri, 'kreq', 2, 'two'));
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(events, ['start v1', 'start v2', 'publish v2 [two]']);
});
