/**
 * Plays the attacker with big documents against the language core: past the analysis bounds a document costs
 * one information diagnostic and nothing else, within them everything works, and the outline stays capped.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { getLanguageService, MAX_ANALYSED_CHARACTERS, MAX_ANALYSED_LINES, MAX_FOLDING_RANGES, MAX_OUTLINE_SYMBOLS } from '../../server/src/language/index';
import { realSchemaStatus } from '../support/realSchema';
import { makeDocument } from '../support/fixtureText';

const ls = getLanguageService({ schema: realSchemaStatus(), now: () => 0 });
const UNIT = '### get\nmedia.get\nentryId = 0_abc\n> name = result:name\n?? result:status == READY\n\n';

function analyse(text: string) {
  const document = makeDocument(text);
  const started = performance.now();
  const doc = ls.parse(document);
  const diagnostics = ls.doValidation(document, doc);
  const symbols = ls.getDocumentSymbols(document, doc);
  const folding = ls.getFoldingRanges(document, doc);
  const end = document.positionAt(text.length);
  const hover = ls.doHover(document, { line: 1, character: 3 }, doc);
  const completion = ls.doComplete(document, end, doc);
  return { doc, diagnostics, symbols, folding, hover, completion, ms: performance.now() - started };
}

test('a document over the character bound gets one information diagnostic and no analysis', () => {
  const text = UNIT.repeat(Math.ceil((50 * 1024 * 1024) / UNIT.length)).replace(/\n/g, ' '); // 50 MB on one line
  const result = analyse(text);
  assert.equal(result.doc.lines.length, 0);
  assert.equal(result.diagnostics.length, 1);
  const [d] = result.diagnostics;
  assert.equal(d.code, 'file-too-large');
  assert.equal(d.severity, DiagnosticSeverity.Information);
  assert.match(String(d.message), /too large to check: it has 50 M characters, more than the 4 M kreq analyses/);
  assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 200 } });
  assert.deepEqual([result.symbols, result.folding, result.hover, result.completion.items], [[], [], null, []]);
  assert.ok(result.ms < 1000, `${result.ms} ms`);
});

test('a document over the line bound gets one information diagnostic', () => {
  const text = '# a comment\n'.repeat(MAX_ANALYSED_LINES);
  const result = analyse(text);
  assert.deepEqual(result.diagnostics.map((d) => d.code), ['file-too-large']);
  assert.match(String(result.diagnostics[0].message), /more than 120,000 lines/);
  // One line fewer is analysed in full.
  const within = analyse('# a comment\n'.repeat(MAX_ANALYSED_LINES - 1));
  assert.equal(within.doc.lines.length, MAX_ANALYSED_LINES);
});

test('a document just within the character bound is analysed in full, in reasonable time', () => {
  const unit = `### get\nmedia.get\nentryId = ${'x'.repeat(200)}\n`;
  const text = unit.repeat(Math.floor(MAX_ANALYSED_CHARACTERS / unit.length));
  assert.ok(text.split('\n').length <= MAX_ANALYSED_LINES);
  const result = analyse(text);
  assert.ok(result.doc.blocks.length > 1000);
  assert.ok(!result.diagnostics.some((d) => d.code === 'file-too-large'));
  assert.ok(result.ms < 10_000, `${result.ms} ms`);
});

test('the outline and the folding ranges are capped', () => {
  const result = analyse(UNIT.repeat(8_000));
  const count = (symbols: typeof result.symbols): number => symbols.reduce((n, s) => n + 1 + count(s.children ?? []), 0);
  assert.equal(count(result.symbols), MAX_OUTLINE_SYMBOLS);
  assert.equal(result.folding.length, MAX_FOLDING_RANGES);
  assert.equal(result.symbols[0].name, 'get');
  const long = analyse('### ' + 't'.repeat(100_000) + '\nsystem.ping\n');
  assert.equal(long.symbols[0].name.length, 200);
});
