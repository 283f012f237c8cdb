/**
 * Parser tests. Snapshot part: every `test/language/parser/<name>.kreq` is parsed and printed with
 * `printTree`; the print must equal `<name>.tree` exactly. A missing `.tree` is written on the first
 * run (review it by eye!); `UPDATE_SNAPSHOTS=1` rewrites them all. Property part: for every fixture
 * and a table of edge inputs, the lines tile the text and every node lies inside its line.
 */

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseKreq, printTree } from '../../server/src/language/index';
import { testData } from '../support/repoPaths';
import { treeViolations } from './treeInvariants';

const DIR = testData('language', 'parser');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

const fixtures = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.kreq'))
  .sort()
  .map((f) => ({ name: f.slice(0, -5), text: fs.readFileSync(path.join(DIR, f), 'utf8') }));

describe('parser snapshots', () => {
  test('the fixture folder has the expected cases', () => {
    // Guards against a lost file and against line-ending normalisation of the byte-exact fixtures.
    const names = new Set(fixtures.map((f) => f.name));
    for (const required of ['spec-example', 'crlf', 'bom', 'no-trailing-newline', 'empty', 'whitespace-only']) {
      assert.ok(names.has(required), `missing fixture ${required}.kreq`);
    }
    const text = (name: string): string => fixtures.find((f) => f.name === name)!.text;
    assert.ok(text('crlf').includes('\r\n'), 'crlf.kreq lost its CRLF line endings');
    assert.ok(text('bom').startsWith('\uFEFF'), 'bom.kreq lost its byte order mark');
    assert.ok(!text('no-trailing-newline').endsWith('\n'), 'no-trailing-newline.kreq gained a newline');
    assert.equal(text('empty'), '');
  });

  for (const { name, text } of fixtures) {
    test(name, (t) => {
      const actual = printTree(parseKreq(text));
      const treeFile = path.join(DIR, `${name}.tree`);
      if (UPDATE || !fs.existsSync(treeFile)) {
        fs.writeFileSync(treeFile, actual);
        t.diagnostic(`wrote ${treeFile}: review it`);
        return;
      }
      assert.equal(actual, fs.readFileSync(treeFile, 'utf8'));
    });
  }
});

/** Small inputs at the edges of the line and value grammar, beside the fixture files. */
const EDGE_INPUTS: readonly string[] = [
  '',
  '\n',
  '\r\n',
  '\r',
  '\n\n\n',
  '\uFEFF',
  '\uFEFF\r\n',
  'a\r\r\n',
  '###',
  '#',
  '//',
  '@',
  '@=',
  '=',
  ' = ',
  '.',
  'a.',
  '.b',
  'a.b',
  'a = "',
  'a = "\\',
  'a = "\\"',
  'a = {{',
  'a = {{}}',
  'a = {{ }}',
  'a = }}{{',
  'a = {1:result',
  'a = {1:result:',
  'a = <1:result:',
  'a = {99999999999999999999:result}',
  'a = {1:result}{1:result}',
  'a = {{$env   }}',
  '{{ x }} = 1',
  'a:b:c:::d = e',
  'a = @',
  'a = 😀 {1:result:😀} {{😀}}',
  '😀.😀',
  'media.list\r\nentryId = 1\r\n',
  '### t\r\n\r\n',
  'x = "\u2028"\n',
  '>',
  '> ',
  '>=',
  '> a =',
  '> a = result:',
  '> a = :',
  'a.b\n> a = result:😀',
  '??',
  '?? ',
  '??result==1',
  '?? result:',
  '?? result: ==',
  '?? result !',
  'a.b\n?? result:x == "',
  'a.b\n?? result:x == {{',
  'a.b\n?? error:code !exists x',
  '#@',
  '# @',
  '//@x',
  '# @x\r\n',
  '###\n# @poll\na.b\n# @poll',
];

describe('parser properties', () => {
  const cases = [...fixtures.map((f) => ({ name: f.name, text: f.text })), ...EDGE_INPUTS.map((text) => ({ name: JSON.stringify(text), text }))];
  for (const { name, text } of cases) {
    test(`lines tile the text and nodes lie within their lines: ${name}`, () => {
      const doc = parseKreq(text);
      assert.equal(doc.lines.map((l) => text.slice(l.start, l.fullEnd)).join(''), text);
      assert.deepEqual(treeViolations(text, doc), []);
    });
  }

  test('one line per line break, plus the last line', () => {
    for (const { text } of cases) {
      assert.equal(parseKreq(text).lines.length, text.split('\n').length, JSON.stringify(text));
    }
  });
});
