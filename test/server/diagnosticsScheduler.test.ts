/** The diagnostics schedule with a manual timer: debounce, immediate open, superseded and closed documents. */

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticsScheduler } from '../../server/src/lsp/diagnosticsScheduler';
import { ManualTimer, RecordingLogger } from './fakeRuntime';

const URI = 'file:///w/a.kreq';
const DELAY = 200;

/** A scheduler whose validation reports the document's text, and a log of what was validated and published. */
function setup(validate?: (document: TextDocument) => void) {
  const timer = new ManualTimer();
  const logger = new RecordingLogger();
  const events: string[] = [];
  const scheduler = new DiagnosticsScheduler({
    timer,
    logger,
    delayMs: DELAY,
    validate: (document) => {
      validate?.(document);
      events.push(`validate v${document.version}`);
      return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: document.getText() }];
    },
    publish: (uri, version, diagnostics) => events.push(`publish ${uri === URI ? 'a' : uri} v${version ?? '-'} [${diagnostics.map((d) => d.message).join(',')}]`),
  });
  return { timer, logger, events, scheduler };
}

const doc = (version: number, text: string): TextDocument => TextDocument.create(URI, 'kreq', version, text);

test('edits are debounced: only the last version is validated, once the document is quiet', () => {
  const { timer, events, scheduler } = setup();
  scheduler.schedule(doc(2, 'a'));
  timer.advance(DELAY - 1);
  scheduler.schedule(doc(3, 'ab'));
  timer.advance(DELAY - 1);
  assert.deepEqual(events, []);
  timer.advance(1);
  assert.deepEqual(events, ['validate v3', 'publish a v3 [ab]']);
});

test('open validates on the next tick; the "content changed" of the same version adds nothing', () => {
  const { timer, events, scheduler } = setup();
  scheduler.validateNow(doc(1, 'x'));
  scheduler.schedule(doc(1, 'x'));
  timer.advance(0);
  assert.deepEqual(events, ['validate v1', 'publish a v1 [x]']);
  timer.advance(DELAY * 2);
  assert.equal(events.length, 2);
});

test('an immediate request replaces a debounced one of the same version', () => {
  const { timer, events, scheduler } = setup();
  scheduler.schedule(doc(4, 'y'));
  scheduler.validateNow(doc(4, 'y'));
  timer.advance(0);
  assert.deepEqual(events, ['validate v4', 'publish a v4 [y]']);
  timer.advance(DELAY);
  assert.equal(events.length, 2);
});

test('closing drops the pending validation and clears the diagnostics', () => {
  const { timer, events, scheduler } = setup();
  scheduler.schedule(doc(2, 'z'));
  scheduler.clear(URI);
  timer.advance(DELAY * 2);
  assert.deepEqual(events, ['publish a v- []']);
});

test('a validation that throws is logged and publishes nothing; the next one works', () => {
  let fail = true;
  const { timer, logger, events, scheduler } = setup(() => {
    if (fail) throw new Error('boom');
  });
  scheduler.validateNow(doc(1, 'q'));
  timer.advance(0);
  assert.deepEqual(events, []);
  assert.match(logger.lines[0], /^error: Validating file:\/\/\/w\/a\.kreq failed: Error: boom/);
  fail = false;
  scheduler.schedule(doc(2, 'r'));
  timer.advance(DELAY);
  assert.deepEqual(events, ['validate v2', 'publish a v2 [r]']);
});

test('after dispose nothing is validated or published', () => {
  const { timer, events, scheduler } = setup();
  scheduler.schedule(doc(2, 's'));
  scheduler.dispose();
  scheduler.validateNow(doc(3, 't'));
  scheduler.clear(URI);
  timer.advance(DELAY * 2);
  assert.deepEqual(events, []);
  assert.equal(timer.pending, 0);
});
