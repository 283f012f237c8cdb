/**
 * Diagnostics tests: each `test/language/diagnostics/<name>.kreq` carries its expected diagnostics as
 * annotation lines, and validation must produce exactly that set (no extra, no missing).
 *
 * Annotation format. An annotation line is any line whose first non-blank character is `^`:
 *
 *     media.lst
 *           ^^^ error unknown-action: Unknown action `lst`
 *
 * Its carets stand under the range on the nearest line above that is not an annotation: the first
 * caret sits at the range's start column, one caret per character (so a range at column 0 starts the
 * line with `^`). After the carets: the severity (`error`, `warning`, `information`, `hint`), the code,
 * a colon and a text the message must contain (a substring). Several annotation lines may follow one
 * line. A range carets cannot draw (empty, or over several lines) is written with explicit 0-based
 * positions in the stripped text: `^@<line>:<col>-<line>:<col> <severity> <code>: <text>`.
 * Annotation lines are removed before validating, so every position is one in the stripped text.
 *
 * Directives are comment lines and stay in the text:
 *   `#! files: clips/intro.mp4, b.mp4` — the files beside the document (default: none);
 *   `#! env: host, token` — the variables the environment defines (default: none);
 *   `#! schema: 22 | 2016 | unavailable | <name>.xml` — the schema (default: 22.19.0; a `.xml` name is
 *   read from the fixture folder).
 */

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import {
  getLanguageService,
  indexSchema,
  readSchemaXml,
  type DiagnosticCode,
  type LanguageServiceParams,
  type SchemaStatus,
} from '../../server/src/language/index';
import { realSchemaStatus, schema2016 } from '../support/realSchema';
import { SCHEMA_2016 } from '../support/repoPaths';
import { makeDocument, memoryFileSystem } from '../support/fixtureText';
import { testData } from '../support/repoPaths';

const DIR = testData('language', 'diagnostics');

/** Spec §6: every code and its severity. */
const SPEC_SEVERITY: Record<DiagnosticCode, 'error' | 'warning' | 'information'> = {
  syntax: 'error',
  'unknown-service': 'error',
  'unknown-action': 'error',
  'unknown-param': 'warning',
  'unknown-property': 'warning',
  'missing-param': 'error',
  'duplicate-key': 'error',
  'type-mismatch': 'error',
  'invalid-enum': 'error',
  constraint: 'error',
  'invalid-char': 'error',
  'abstract-type': 'error',
  'invalid-object-type': 'error',
  'read-only': 'warning',
  'insert-only': 'warning',
  deprecated: 'warning',
  'token-outside-multirequest': 'error',
  'token-bad-index': 'error',
  'token-bad-path': 'error',
  'token-multiple': 'error',
  'token-not-scalar': 'error',
  'token-void-result': 'error',
  'not-in-multirequest': 'error',
  'unknown-variable': 'error',
  'file-not-found': 'error',
  'schema-unavailable': 'information',
  'file-too-large': 'information',
  'file-unreadable': 'error',
  'capture-bad-path': 'error',
  'capture-not-scalar': 'error',
  'capture-used-before': 'warning',
  'duplicate-variable': 'error',
  'assertion-bad-path': 'error',
  'assertion-bad-value': 'error',
  'unknown-directive': 'information',
  'directive-bad-argument': 'error',
};

const SEVERITY_NAME: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

interface Expected {
  readonly range: string;
  readonly severity: string;
  readonly code: string;
  readonly text: string;
  /** 1-based line of the annotation in the fixture file, for messages. */
  readonly fixtureLine: number;
}

interface Fixture {
  readonly text: string;
  readonly expected: Expected[];
  readonly files: string[];
  readonly env: string[];
  readonly schema: string;
}

const ANNOTATION = /^(\s*)(\^+|\^@(\d+):(\d+)-(\d+):(\d+))\s+(error|warning|information|hint)\s+([a-z-]+):\s?(.*)$/;
const DIRECTIVE = /^#!\s*(files|env|schema):\s*(.*)$/;

function rangeKey(sl: number, sc: number, el: number, ec: number): string {
  return `${sl}:${sc}-${el}:${ec}`;
}

/** Splits a fixture into the text to validate, its expected diagnostics and its directives. */
function readFixture(source: string, name = 'fixture'): Fixture {
  const kept: string[] = [];
  const expected: Expected[] = [];
  const fixture = { files: [] as string[], env: [] as string[], schema: '22' };
  const lines = source.split('\n');
  lines.forEach((line, i) => {
    if (/^\s*\^/.test(line)) {
      const m = ANNOTATION.exec(line.replace(/\r$/, ''));
      if (!m) throw new Error(`${name}:${i + 1}: malformed annotation: ${line}`);
      const [, indent, carets, sl, sc, el, ec, severity, code, text] = m;
      let range: string;
      if (sl !== undefined) {
        range = rangeKey(Number(sl), Number(sc), Number(el), Number(ec));
      } else {
        if (kept.length === 0) throw new Error(`${name}:${i + 1}: an annotation needs a line above it`);
        const target = kept.length - 1;
        range = rangeKey(target, indent.length, target, indent.length + carets.length);
      }
      expected.push({ range, severity, code, text: text.trim(), fixtureLine: i + 1 });
      return;
    }
    const d = DIRECTIVE.exec(line.trim());
    if (d) {
      const values = d[2].split(',').map((s) => s.trim()).filter(Boolean);
      if (d[1] === 'files') fixture.files.push(...values);
      else if (d[1] === 'env') fixture.env.push(...values);
      else fixture.schema = d[2].trim();
    }
    kept.push(line);
  });
  return { text: kept.join('\n'), expected, ...fixture };
}

function schemaStatus(name: string): SchemaStatus {
  if (name === '22') return realSchemaStatus();
  if (name === '2016') return { kind: 'loaded', schema: schema2016(), source: SCHEMA_2016 };
  if (name === 'unavailable') return { kind: 'unavailable', problem: 'no such file', source: '/nowhere/api_schema.xml' };
  const file = path.join(DIR, name);
  const result = readSchemaXml(fs.readFileSync(file, 'utf8'));
  if ('problem' in result) throw new Error(`${file}: ${result.problem}`);
  return { kind: 'loaded', schema: indexSchema(result.data), source: file };
}

function validate(fixture: Fixture): Diagnostic[] {
  const params: LanguageServiceParams = {
    schema: schemaStatus(fixture.schema),
    fileSystem: memoryFileSystem(fixture.files),
    environmentVariables: () => new Set(fixture.env),
  };
  const service = getLanguageService(params);
  const document = makeDocument(fixture.text);
  return service.doValidation(document, service.parse(document));
}

function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function describeActual(d: Diagnostic, text: string): string {
  const r = d.range;
  const line = text.split('\n')[r.start.line] ?? '';
  const shown = r.start.line === r.end.line ? line.slice(r.start.character, r.end.character) : line.slice(r.start.character) + '…';
  return `${rangeKey(r.start.line, r.start.character, r.end.line, r.end.character)} ${SEVERITY_NAME[d.severity ?? 0]} ${String(d.code)}: ${messageOf(d)}  [on ${JSON.stringify(shown)}]`;
}

/** Matches actual diagnostics to annotations one to one; returns what is left over on either side. */
function compare(fixture: Fixture, actual: Diagnostic[]): { missing: Expected[]; extra: Diagnostic[] } {
  const extra = [...actual];
  const missing: Expected[] = [];
  for (const e of fixture.expected) {
    const i = extra.findIndex((d) => {
      const r = d.range;
      return (
        rangeKey(r.start.line, r.start.character, r.end.line, r.end.character) === e.range &&
        SEVERITY_NAME[d.severity ?? 0] === e.severity &&
        d.code === e.code &&
        messageOf(d).includes(e.text)
      );
    });
    if (i < 0) missing.push(e);
    else extra.splice(i, 1);
  }
  return { missing, extra };
}

const fixtureFiles = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.kreq'))
  .sort();

const fixtures = new Map(fixtureFiles.map((f) => [f, readFixture(fs.readFileSync(path.join(DIR, f), 'utf8'), f)]));

describe('diagnostics fixtures', () => {
  for (const [file, fixture] of fixtures) {
    test(file, () => {
      const actual = validate(fixture);
      const { missing, extra } = compare(fixture, actual);
      const report = [
        ...missing.map((e) => `missing (annotation on line ${e.fixtureLine}): ${e.range} ${e.severity} ${e.code}: ${e.text}`),
        ...extra.map((d) => `unexpected: ${describeActual(d, fixture.text)}`),
      ];
      assert.deepEqual(report, [], `${file}:\n${report.join('\n')}`);
      for (const d of actual) {
        assert.equal(d.source, 'kreq');
        assert.equal(SEVERITY_NAME[d.severity ?? 0], SPEC_SEVERITY[d.code as DiagnosticCode], `severity of ${String(d.code)} (spec §6)`);
      }
    });
  }
});

describe('diagnostics coverage', () => {
  test('every code of spec §6 has its own fixture that shows it', () => {
    for (const code of Object.keys(SPEC_SEVERITY)) {
      // Its fixture would be a file of over 4 MB (documentBounds.test.ts builds one), or one `kreq check` cannot read.
      if (code === 'file-too-large' || code === 'file-unreadable') continue;
      const fixture = fixtures.get(`${code}.kreq`);
      assert.ok(fixture, `no fixture ${code}.kreq`);
      assert.ok(
        fixture.expected.some((e) => e.code === code),
        `${code}.kreq annotates no ${code} diagnostic`,
      );
    }
  });

  test('the ok-… fixtures expect no diagnostics at all', () => {
    const ok = [...fixtures].filter(([file]) => file.startsWith('ok-'));
    assert.ok(ok.length >= 3);
    for (const [file, fixture] of ok) assert.deepEqual(fixture.expected, [], file);
  });

  test('deprecated diagnostics carry the Deprecated tag', () => {
    const actual = validate(fixtures.get('deprecated.kreq')!);
    const deprecated = actual.filter((d) => d.code === 'deprecated');
    assert.ok(deprecated.length > 0);
    for (const d of deprecated) assert.deepEqual(d.tags, [2]);
  });

  test('the annotation reader places carets and explicit ranges in the stripped text', () => {
    const fixture = readFixture(['#! env: a', 'media.lst', '      ^^^ error unknown-action: lst', '^ warning x-y: z', '^@0:0-0:0 information schema-unavailable: s', 'x'].join('\n'));
    assert.equal(fixture.text, '#! env: a\nmedia.lst\nx');
    assert.deepEqual(fixture.env, ['a']);
    assert.deepEqual(
      fixture.expected.map((e) => `${e.range} ${e.severity} ${e.code}: ${e.text}`),
      ['1:6-1:9 error unknown-action: lst', '1:0-1:1 warning x-y: z', '0:0-0:0 information schema-unavailable: s'],
    );
  });
});
