/**
 * Fuzz test of the language core: thousands of random and mutated documents, from a seeded PRNG so a
 * failure can be replayed (`FUZZ_SEED=<seed>`; `FUZZ_COUNT=<n>` changes the number of documents). For
 * each document: the parser never throws and its tree is sound, validation never throws and keeps
 * its ranges inside the document, and every other feature answers at a random position without
 * throwing and with ranges (edits, symbols, folding, hover, definition) inside the document.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, DocumentSymbol, Position, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService, parseKreq, type LanguageService, type SchemaStatus } from '../../server/src/language/index';
import { realSchemaStatus, schema2016 } from '../support/realSchema';
import { SCHEMA_2016, testData } from '../support/repoPaths';
import { makeDocument, memoryFileSystem } from '../support/fixtureText';
import { treeViolations } from './treeInvariants';

const SEED = Number(process.env.FUZZ_SEED ?? 0x6b726571);
const COUNT = Number(process.env.FUZZ_COUNT ?? 6000);

/** mulberry32: small, fast, good enough for fuzzing, and reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...'{}<>:=@#"\\\r\n\t ./-_$,;!?*()[]',
  '\n',
  '\n',
  ' ',
  'é',
  'ß',
  '日',
  '😀',
  '\uD83D', // a lone surrogate
  '\u2028',
  '\uFEFF',
  '\u0000',
];

const WORDS = [
  '###',
  '### title',
  '#',
  '//',
  '@',
  ' = ',
  '=',
  ':',
  '.',
  '\n',
  '\r\n',
  '{{',
  '}}',
  '{{a}}',
  '{{ $env HOME }}',
  '{{$timestamp}}',
  '{1:result',
  '{1:result:objects:0:id}',
  '<2:result:id>',
  ':result',
  '}',
  '>',
  '"',
  '\\u00e9',
  '@./clips/intro.mp4',
  'media',
  'media.list',
  'media.get',
  'baseEntry',
  'uploadToken.upload',
  'caption_captionAsset.setContent',
  'data.serve',
  'metadata',
  'entryId',
  'filter',
  'filter:objectType',
  'KalturaMediaEntryFilter',
  'KalturaContentResource',
  'objectType',
  'advancedSearch:items:0',
  'pager:pageSize',
  'responseProfile',
  'fileData',
  '__null',
  ':-',
  '_all',
  'ks',
  'true',
  '12',
  'READY',
  '> ',
  '> id = result:id',
  '> all = result:objects:_all:id',
  '>x=error:code',
  '??',
  '?? ',
  '?? result:status == READY',
  '?? error:code == ENTRY_ID_NOT_FOUND',
  '?? result exists',
  ' == ',
  ' <= ',
  ' !exists',
  ' contains ',
  ' matches /a(/',
  ' matches /^x$/i',
  'result',
  'error:message',
  '# @poll every 5s for 10m',
  '# @poll',
  '# @prompt',
  '# @prompt token the token',
  '// @name x',
  '# @nosuch',
  '{{$dotenv NAME}}',
];

/** Templates of flow lines (spec §10), each `$` filled with a random piece, so that valid and broken ones both occur. */
const FLOW_LINES = [
  '> $ = result:$',
  '> $ = $',
  '>$=result:$:$',
  '?? result:$ $ $',
  '?? $ $',
  '?? error:$ == $',
  '??result:$$$',
  '# @$ $',
  '// @$',
  '# @poll every $ for $',
  '# @prompt $ $',
  '$.$',
  '$ = $',
  '###$',
];

const FLOW_PIECES = [
  '', ' ', 'id', 'status', 'objects', '0', '_all', 'name', 'views', 'code', 'message', 'result', 'error', 'media', 'get', 'list', 'add',
  '==', '!=', '<', '>=', 'contains', 'startsWith', 'matches', 'exists', '!exists', '~=', 'READY', '2', 'true', '/a(/', '/x/q', '"q', '{{a}}', '{{',
  '5s', '10m', '0s', '1d', 'poll', 'prompt', 'name', 'x-y', '9x', ':', '::', '😀', '\t', '=',
];

/** Every `.kreq` fixture of the language tests: the seeds of the mutated documents. */
function fixtureTexts(): string[] {
  const out: string[] = [];
  for (const dir of ['parser', 'diagnostics']) {
    const folder = testData('language', dir);
    for (const f of fs.readdirSync(folder).sort()) {
      if (f.endsWith('.kreq')) out.push(fs.readFileSync(path.join(folder, f), 'utf8'));
    }
  }
  return out;
}

class Generator {
  constructor(
    readonly random: () => number,
    private readonly seeds: readonly string[],
  ) {}

  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Random text: characters and kreq-ish words. */
  randomText(maxParts: number): string {
    const parts: string[] = [];
    const n = this.int(maxParts) + 1;
    for (let i = 0; i < n; i++) parts.push(this.random() < 0.5 ? this.pick(CHARS) : this.pick(WORDS));
    return parts.join('');
  }

  /** A fixture with 1–4 random slice edits: delete, insert, duplicate, swap. */
  mutated(): string {
    let text = this.pick(this.seeds);
    const edits = this.int(4) + 1;
    for (let e = 0; e < edits; e++) {
      const a = this.int(text.length + 1);
      const b = Math.min(text.length, a + this.int(40));
      switch (this.int(4)) {
        case 0:
          text = text.slice(0, a) + text.slice(b);
          break;
        case 1: {
          const source = this.random() < 0.5 ? this.randomText(8) : this.slice(this.pick(this.seeds));
          text = text.slice(0, a) + source + text.slice(a);
          break;
        }
        case 2:
          text = text.slice(0, b) + text.slice(a, b) + text.slice(b);
          break;
        default: {
          const c = this.int(text.length + 1);
          const d = Math.min(text.length, c + this.int(40));
          const [first, second] = a <= c ? [[a, b], [c, d]] : [[c, d], [a, b]];
          if (first[1] <= second[0]) {
            text = text.slice(0, first[0]) + text.slice(second[0], second[1]) + text.slice(first[1], second[0]) + text.slice(first[0], first[1]) + text.slice(second[1]);
          }
        }
      }
    }
    return text;
  }

  /** A document of flow lines from the templates, under a call or not. */
  flowDocument(): string {
    const lines: string[] = [];
    const n = this.int(14) + 1;
    for (let i = 0; i < n; i++) lines.push(this.pick(FLOW_LINES).replace(/\$/g, () => this.pick(FLOW_PIECES)));
    return lines.join(this.random() < 0.9 ? '\n' : '\r\n');
  }

  slice(text: string): string {
    const a = this.int(text.length + 1);
    return text.slice(a, a + this.int(60));
  }

  /** Mostly a valid position; sometimes past the end of its line or of the document. */
  position(document: TextDocument): Position {
    const roll = this.random();
    if (roll < 0.05) return { line: document.lineCount + this.int(3), character: this.int(5) };
    if (roll < 0.1) return { line: this.int(document.lineCount), character: 1000 };
    return document.positionAt(this.int(document.getText().length + 1));
  }
}

function isValidPosition(document: TextDocument, p: Position): boolean {
  const q = document.positionAt(document.offsetAt(p));
  return q.line === p.line && q.character === p.character;
}

function isValidRange(document: TextDocument, r: Range): boolean {
  return isValidPosition(document, r.start) && isValidPosition(document, r.end) && document.offsetAt(r.start) <= document.offsetAt(r.end);
}

function checkDiagnostics(document: TextDocument, diagnostics: Diagnostic[]): string[] {
  const problems: string[] = [];
  for (const d of diagnostics) {
    const { start, end } = d.range;
    if (!isValidPosition(document, start) || !isValidPosition(document, end) || document.offsetAt(start) > document.offsetAt(end)) {
      problems.push(`diagnostic ${String(d.code)} has range ${JSON.stringify(d.range)} outside the document`);
    } else if (document.offsetAt(start) === document.offsetAt(end) && d.code !== 'schema-unavailable') {
      // Only the whole-file notice, on an empty first line, may have an empty range.
      problems.push(`diagnostic ${String(d.code)} has an empty range ${JSON.stringify(d.range)}`);
    }
  }
  return problems;
}

/** Runs every feature over one document; returns the problems found (throws are caught by the caller). */
function exercise(service: LanguageService, text: string, gen: Generator): string[] {
  const doc = parseKreq(text);
  const problems = treeViolations(text, doc);
  const document = makeDocument(text);
  const diagnostics = service.doValidation(document, doc);
  problems.push(...checkDiagnostics(document, diagnostics));
  const position = gen.position(document);
  const rangeProblem = (what: string, r: Range | undefined): void => {
    if (r && !isValidRange(document, r)) problems.push(`${what}: range ${JSON.stringify(r)} outside the document`);
  };
  for (const item of service.doComplete(document, position, doc).items) {
    const edit = item.textEdit;
    if (edit && 'range' in edit) rangeProblem(`completion ${item.label}`, edit.range);
    else if (edit) {
      rangeProblem(`completion ${item.label} (insert)`, edit.insert);
      rangeProblem(`completion ${item.label} (replace)`, edit.replace);
    }
    for (const e of item.additionalTextEdits ?? []) rangeProblem(`completion ${item.label} additional edit`, e.range);
  }
  rangeProblem('hover', service.doHover(document, position, doc)?.range);
  const definition = service.findDefinition(document, position, doc);
  if (definition) rangeProblem('definition', definition.range);
  const other = gen.position(document);
  const range: Range = document.offsetAt(position) <= document.offsetAt(other) ? { start: position, end: other } : { start: other, end: position };
  for (const action of service.getCodeActions(document, range, { diagnostics: diagnostics.filter(() => gen.random() < 0.7) }, doc)) {
    for (const edits of Object.values(action.edit?.changes ?? {})) for (const e of edits) rangeProblem(`code action ${action.title}`, e.range);
  }
  const visit = (symbols: DocumentSymbol[]): void => {
    for (const s of symbols) {
      rangeProblem(`symbol ${s.name}`, s.range);
      rangeProblem(`symbol ${s.name} selection`, s.selectionRange);
      visit(s.children ?? []);
    }
  };
  visit(service.getDocumentSymbols(document, doc));
  for (const f of service.getFoldingRanges(document, doc)) {
    if (!(0 <= f.startLine && f.startLine <= f.endLine && f.endLine < document.lineCount)) problems.push(`folding range ${JSON.stringify(f)} outside the document`);
  }
  return problems;
}

test(`fuzz: ${COUNT} random and mutated documents (seed ${SEED})`, () => {
  const random = prng(SEED);
  const gen = new Generator(random, fixtureTexts());
  const statuses: SchemaStatus[] = [
    realSchemaStatus(),
    { kind: 'loaded', schema: schema2016(), source: SCHEMA_2016 },
    { kind: 'unavailable', problem: 'fuzz', source: 'nowhere' },
  ];
  const services = statuses.map((schema) =>
    getLanguageService({
      schema,
      fileSystem: memoryFileSystem(['clips/intro.mp4', 'a.mp4']),
      environmentVariables: () => new Set(['envHost']),
      now: () => 1_700_000_000_000,
    }),
  );
  const started = Date.now();
  for (let i = 0; i < COUNT; i++) {
    const roll = random();
    const text = roll < 0.3 ? gen.randomText(roll < 0.1 ? 400 : 60) : roll < 0.45 ? gen.flowDocument() : gen.mutated();
    const service = random() < 0.8 ? services[0] : gen.pick(services.slice(1));
    let problems: string[];
    try {
      problems = exercise(service, text, gen);
    } catch (e) {
      problems = [`threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`];
    }
    if (problems.length > 0) {
      assert.fail(`fuzz failure (seed ${SEED}, document ${i}; replay with FUZZ_SEED=${SEED}):\n${problems.slice(0, 10).join('\n')}\ninput: ${JSON.stringify(text)}`);
    }
  }
  assert.ok(Date.now() - started < 60_000, 'the fuzz run took over a minute');
});
