/**
 * Where a broken kreq.env.json is broken: `jsonSyntaxError` (1-based line and column, the parser's words without its
 * position, also when the message names none) and the "No environment" message naming the broken file.
 */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadEnvironments, unknownEnvironmentMessage } from '../../server/src/engine/index';
import { jsonErrorOffset, jsonSyntaxError } from '../../server/src/node/jsonSyntaxError';
import { removeFolder, tempFolder } from './engineInputs';

interface Case {
  /** The JSON text; `|` marks where the error is. */
  readonly text: string;
  /** A message as some Node version words it; absent: the one this Node gives. */
  readonly message?: string;
  /** `line:column message`. */
  readonly expected: string;
}

const CASES: Case[] = [
  { text: '{\n  "a": 1\n  |"b": 2\n}', expected: "3:3 Expected ',' or '}' after property value" },
  { text: '{ "a": 1, |}', expected: '1:11 Expected double-quoted property name' },
  { text: '{ "a": 1|', expected: "1:9 Expected ',' or '}' after property value" },
  { text: '{ "a": tru|}', message: 'Unexpected token \'}\', "{ "a": tru}" is not valid JSON', expected: "1:11 Unexpected token '}'" },
  { text: '{\n "a": [1, 2,|, 3]\n}', message: 'Unexpected token , in JSON at position 14', expected: '2:13 Unexpected token ,' },
  { text: '{}\n|x', message: "Unexpected non-whitespace character after JSON at position 3 (line 2 column 1)", expected: '2:1 Unexpected non-whitespace character after JSON' },
  { text: '|', expected: '1:1 Unexpected end of JSON input' },
];

function parseError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error(`${text} parsed`);
}

describe('jsonSyntaxError', () => {
  for (const c of CASES) {
    test(JSON.stringify(c.text), () => {
      const text = c.text.replace('|', '');
      const error = c.message !== undefined ? new SyntaxError(c.message) : parseError(text);
      const where = jsonSyntaxError(text, error);
      assert.equal(`${where.line}:${where.column} ${where.message}`, c.expected);
    });
  }

  test('the scanner finds the same offset as the marks, and -1 for valid JSON', () => {
    for (const c of CASES) assert.equal(jsonErrorOffset(c.text.replace('|', '')), c.text.indexOf('|'), c.text);
    assert.equal(jsonErrorOffset('{ "a": [1, -2.5e3, "x\\u00e9", true, false, null, {}] }'), -1);
  });
});

describe('unknownEnvironmentMessage', () => {
  test('names the broken file, line and column before the known environments', () => {
    const root = tempFolder({
      'kreq.env.json': '{\n  "sandbox": { "serviceUrl": "http://127.0.0.1:8765" }\n  "prod": {}\n}\n',
      'kreq.env.private.json': JSON.stringify({ prod: { adminSecret: 'x' } }),
    });
    try {
      const catalog = loadEnvironments(path.join(root, 'a.kreq'), { processEnv: {}, workspaceRoot: root });
      assert.equal(
        unknownEnvironmentMessage('sandbox', catalog),
        `No environment "sandbox": ${path.join(root, 'kreq.env.json')}:3:3: invalid JSON: Expected ',' or '}' after property value; its environments are ignored (known: prod)`,
      );
    } finally {
      removeFolder(root);
    }
  });

  test('names the files searched when none is broken', () => {
    assert.equal(unknownEnvironmentMessage('x', { names: ['a'], files: ['/w/kreq.env.json'], fileProblems: [] }), 'No environment "x": /w/kreq.env.json (known: a)');
    assert.equal(unknownEnvironmentMessage('x', undefined), 'No environment "x": no kreq.env.json was found from the document’s folder up');
  });
});
