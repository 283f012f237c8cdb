/**
 * The `kaltura` diagnostic of a block that failed as a whole: on its `###` line (or first line), with the kind as code
 * and the whole message; none for a cancelled send; it follows the block and goes when the block is edited.
 */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseKreq } from '../../server/src/language/index';
import { type BlockFailure, ResultDiagnostics } from '../../server/src/lsp/resultDiagnostics';
import { RESULT_DIAGNOSTIC_SOURCE } from '../../server/src/protocol';

const REFUSED: BlockFailure = {
  kind: 'refused',
  message: 'Nothing is listening on http://127.0.0.1:9 (connection refused). Is `kreq sandbox` (or your local server) running? Check `serviceUrl` in kreq.env.json.',
};

interface Case {
  readonly name: string;
  /** The document; `|` marks the line of the block sent. */
  readonly text: string;
  readonly failure: BlockFailure;
  /** `line:start-end code message`, or none. */
  readonly expected: readonly string[];
}

const CASES: Case[] = [
  {
    name: 'on the ### line, trimmed, with the whole message',
    text: '### ping\nsystem.ping\n\n  ### |list  \nmedia.list\n',
    failure: REFUSED,
    expected: [`3:2-10 refused refused: ${REFUSED.message}`],
  },
  {
    name: 'on the first line of a block without a separator',
    text: '|system.ping\nclientTag = x\n',
    failure: { kind: 'timeout', message: 'No answer from http://x within 30 s.' },
    expected: ['0:0-11 timeout timeout: No answer from http://x within 30 s.'],
  },
  {
    name: 'none for a cancelled send',
    text: '### |ping\nsystem.ping\n',
    failure: { kind: 'cancelled', message: 'The request to http://x was cancelled.' },
    expected: [],
  },
];

function sent(text: string): { document: TextDocument; line: number } {
  const line = text.split('\n').findIndex((l) => l.includes('|'));
  return { document: TextDocument.create('file:///a.kreq', 'kreq', 1, text.replace('|', '')), line };
}

function shown(results: ResultDiagnostics, document: TextDocument): string[] {
  return results.diagnostics(document, parseKreq(document.getText())).map((d) => {
    assert.equal(d.source, RESULT_DIAGNOSTIC_SOURCE);
    return `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${String(d.code)} ${d.message}`;
  });
}

describe('ResultDiagnostics: a block that failed as a whole', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const { document, line } = sent(c.text);
      const model = parseKreq(document.getText());
      const block = model.blocks.find((b) => document.positionAt(b.start).line <= line && line <= document.positionAt(b.end).line);
      assert.ok(block, 'the block sent');
      const results = new ResultDiagnostics();
      results.record(document.uri, model, block, [], 0, c.failure);
      assert.deepEqual(shown(results, document), c.expected);
    });
  }

  test('follows its block when a line is added above, and goes when its block is edited', () => {
    const document = TextDocument.create('file:///b.kreq', 'kreq', 1, '### ping\nsystem.ping\n\n### list\nmedia.list\n');
    const model = parseKreq(document.getText());
    const results = new ResultDiagnostics();
    results.record(document.uri, model, model.blocks[1], [], 0, REFUSED);
    const moved = TextDocument.update(document, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'clientTag = t\n' }], 2);
    assert.deepEqual(shown(results, moved).map((d) => d.split(' ')[0]), ['4:0-8']);
    const edited = TextDocument.update(moved, [{ range: { start: { line: 5, character: 10 }, end: { line: 5, character: 10 } }, text: '\npager:pageSize = 1' }], 3);
    assert.deepEqual(shown(results, edited), []);
  });
});
