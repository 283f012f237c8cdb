/**
 * Plays the attacker against the language core's running time: each line kind, grown to 10k, 100k
 * and 1M characters, goes through parse, validation, completion and hover at the line's end, and
 * 10× the input may cost at most 15× the time (above a small floor, so tiny times do not flake).
 * `LINEAR_TIME_REPORT=1` prints the timings.
 */

import { test } from 'node:test';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import assert from 'node:assert/strict';
import { getLanguageService, type LanguageService } from '../../server/src/language/index';
import { realSchemaStatus } from '../support/realSchema';
import { makeDocument, memoryFileSystem } from '../support/fixtureText';

/** A line of (about) `n` characters; `prefix` sets the scene (a call above a parameter line). */
interface LineKind {
  readonly name: string;
  readonly prefix: string;
  readonly line: (n: number) => string;
  /** Where on the line completion and hover are asked (characters from its end); at its end when absent. */
  readonly back?: number;
}

const rep = (s: string, n: number): string => s.repeat(Math.max(1, Math.ceil(n / s.length))).slice(0, n);
const CALL = 'media.list\n';

const KINDS: readonly LineKind[] = [
  { name: 'call', prefix: '', line: (n) => 'media.' + rep('a', n) },
  { name: 'call without dot', prefix: '', line: (n) => rep('a', n) },
  { name: 'key', prefix: CALL, line: (n) => rep('filter:', n) + ' = 1' },
  { name: 'key of {{', prefix: CALL, line: (n) => rep('{{', n) + ' = 1' },
  { name: 'key of {{a} ', prefix: CALL, line: (n) => rep('{{a} ', n) + ' = 1' },
  { name: 'key of {…}a}}, in it', prefix: CALL, line: (n) => rep('{', n) + '}a}} = 1', back: 4 },
  { name: 'key of {{, in it', prefix: CALL, line: (n) => rep('{{', n) + ' = 1', back: 4 },
  { name: 'value of {', prefix: CALL, line: (n) => 'entryId = ' + rep('{', n) },
  { name: 'value of {{', prefix: CALL, line: (n) => 'entryId = ' + rep('{{', n) },
  { name: 'value of {{a}}', prefix: CALL, line: (n) => 'entryId = ' + rep('{{a}}', n) },
  { name: 'value of <', prefix: CALL, line: (n) => 'entryId = ' + rep('<', n) },
  { name: 'value of {1:result', prefix: CALL, line: (n) => 'entryId = ' + rep('{1:result', n) },
  { name: 'value of <1:result:', prefix: CALL, line: (n) => 'entryId = ' + rep('<1:result:', n) },
  { name: 'token path', prefix: CALL + 'media.get\n', line: (n) => 'entryId = {1:result' + rep(':objects', n) + '}' },
  { name: 'quoted value', prefix: CALL, line: (n) => 'entryId = "' + rep('\\"{', n) },
  { name: 'separator title', prefix: '', line: (n) => '### ' + rep('a', n) },
  { name: 'separator title of {', prefix: '', line: (n) => '###' + rep('{', n) },
  { name: 'comment', prefix: '', line: (n) => '# ' + rep('{{ ', n) },
  { name: 'capture', prefix: CALL, line: (n) => '> a = result' + rep(':objects', n) },
  { name: 'capture name', prefix: CALL, line: (n) => '> ' + rep('a', n) },
  { name: 'assertion', prefix: CALL, line: (n) => '?? result' + rep(':objects', n) + ' == 1' },
  { name: 'assertion value', prefix: CALL, line: (n) => '?? result:id == ' + rep('{{', n) },
  { name: 'assertion blanks', prefix: CALL, line: (n) => '?? result:id' + rep(' ', n) },
  { name: 'directive', prefix: '', line: (n) => '# @poll ' + rep('every ', n) },
  { name: 'directive name', prefix: '', line: (n) => '# @' + rep('p', n) },
  { name: 'variable', prefix: '', line: (n) => '@a = ' + rep('{{', n) },
  { name: 'variable name', prefix: '', line: (n) => '@' + rep('a', n) + ' = 1' },
  { name: 'blanks', prefix: CALL, line: (n) => 'entryId' + rep(' ', n) + '= 1' },
];

const SIZES = [10_000, 100_000, 1_000_000] as const;
/** Times below this many milliseconds count as this many: below it, noise and garbage collection dominate (the quadratic cases took seconds). */
const FLOOR_MS = 50;

function service(): LanguageService {
  return getLanguageService({
    schema: realSchemaStatus(),
    fileSystem: memoryFileSystem(['clips/intro.mp4']),
    environmentVariables: () => new Set(['envHost']),
    now: () => 1_700_000_000_000,
  });
}

v8.setFlagsFromString('--expose-gc');
/** A full garbage collection before each run, so that one run does not pay for the garbage of the one before. */
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** Parse + validate + complete + hover at the end of the line; the best of `runs`, in milliseconds. */
function timeAll(ls: LanguageService, text: string, runs: number, back = 0): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const document = makeDocument(text);
    const end = document.positionAt(text.length - back);
    collectGarbage();
    const started = performance.now();
    const doc = ls.parse(document);
    ls.doValidation(document, doc);
    ls.doComplete(document, end, doc);
    ls.doHover(document, end, doc);
    ls.doHover(document, { line: end.line, character: Math.floor(end.character / 2) }, doc);
    ls.getDocumentSymbols(document, doc);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

test('every line kind costs time linear in its length', () => {
  const ls = service();
  timeAll(ls, CALL + 'entryId = 1', 3); // warm-up: the schema, the JIT
  const failures: string[] = [];
  for (const kind of KINDS) {
    const times = SIZES.map((n) => timeAll(ls, kind.prefix + kind.line(n), n >= 1_000_000 ? 2 : 3, kind.back));
    if (process.env.LINEAR_TIME_REPORT) console.log(`${kind.name.padEnd(24)} ${times.map((t) => t.toFixed(1).padStart(9)).join(' ')} ms`);
    for (let i = 1; i < times.length; i++) {
      const ratio = Math.max(times[i], FLOOR_MS) / Math.max(times[i - 1], FLOOR_MS);
      if (ratio > 15) failures.push(`${kind.name}: ${SIZES[i - 1]} → ${SIZES[i]} chars took ${times[i - 1].toFixed(1)} → ${times[i].toFixed(1)} ms (×${ratio.toFixed(1)})`);
    }
    if (times[2] > 3000) failures.push(`${kind.name}: 1M chars took ${times[2].toFixed(0)} ms`);
  }
  assert.deepEqual(failures, []);
});
