/**
 * The `kreq test` reporters on made-up flow results: the text report's lines and closing count, the JSON object, and
 * the JUnit XML parsed back (structure, counts, times, escaping of `<&"'` and control characters).
 */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { BlockResult, CallResult, FlowBlockResult, FlowCallResult, ShownAssertion, ShownCapture } from '../../server/src/engine/index';
import { parseKreq, type BlockNode, type CallNode } from '../../server/src/language/index';
import { formatJunitReport, junitSeconds, xmlAttribute, xmlText } from '../../server/src/cli/junitReport';
import { formatJsonReport, formatTextReport, summaryLine, type FileRun } from '../../server/src/cli/testReport';

const TEXT = [
  '### Create', // 1
  '# @name create-entry',
  'media.add',
  'entry:mediaType = VIDEO',
  '> entryId = result:id',
  '?? result:status == NO_CONTENT',
  '',
  '### Wait', // 8
  '# @poll every 1s for 5s',
  'media.get',
  'entryId = {{entryId}}',
  '?? result:status == READY',
  '',
  '### Missing', // 14
  'media.get',
  'entryId = 0_nosuch',
  '?? error:code == ENTRY_ID_NOT_FOUND',
  '',
  '### Broken', // 19
  'media.get',
  'entryId = 0_x',
  '',
  '### Down', // 23
  'system.ping',
  '',
  '### Later', // 26
  'media.get',
  'entryId = {{other}}',
].join('\n');

const doc = parseKreq(TEXT);
const blocks = doc.blocks.filter((b) => b.calls.length > 0);

function blockResult(block: BlockNode, calls: CallResult[], extra: Partial<BlockResult> = {}): BlockResult {
  return {
    block: block.index + 1,
    title: block.separator?.title?.text,
    line: block.separator?.line ?? 0,
    ok: calls.length > 0 && calls.every((c) => c.ok),
    durationMs: 12,
    calls,
    curl: '',
    ...extra,
  };
}

function okCall(node: CallNode, value: unknown): CallResult {
  return { call: { number: node.number, service: node.line.service.text, action: node.line.action!.text, line: node.line.line }, ok: true, value };
}

function errorCall(node: CallNode, code: string, message: string): CallResult {
  return { call: { number: node.number, service: node.line.service.text, action: node.line.action!.text, line: node.line.line }, ok: false, error: { code, message, args: {} } };
}

function assertion(node: CallNode, ok: boolean, message: string, actual: string, expected?: string): ShownAssertion {
  return { outcome: { line: node.assertions[0], ok, actual, expected, message }, message, actual, ...(expected !== undefined ? { expected } : {}) };
}

function flow(block: BlockNode, calls: FlowCallResult[], extra: Partial<FlowBlockResult> = {}): FlowBlockResult {
  const passed = calls.length > 0 && calls.every((c) => c.passed);
  return { block, result: blockResult(block, calls.map((c) => c.call)), calls, passed, tries: 1, elapsedMs: 12, ...extra };
}

const [create, wait, missing, broken, down, later] = blocks;
const capture: ShownCapture = { outcome: { line: create.calls[0].captures[0], name: 'entryId', captured: true, value: '0_abc' }, shown: '0_abc' };

const RESULTS: FlowBlockResult[] = [
  flow(create, [{ call: okCall(create.calls[0], { id: '0_abc', status: '7' }), assertions: [assertion(create.calls[0], true, 'status == NO_CONTENT', 'NO_CONTENT', 'NO_CONTENT')], captures: [capture], passed: true }], {
    name: 'create-entry',
  }),
  flow(wait, [{ call: okCall(wait.calls[0], { status: '4' }), assertions: [assertion(wait.calls[0], false, 'status == READY (was PENDING)', 'PENDING', 'READY')], captures: [], passed: false }], {
    tries: 5,
    elapsedMs: 4100,
  }),
  flow(missing, [
    { call: errorCall(missing.calls[0], 'ENTRY_ID_NOT_FOUND', 'Entry id "0_nosuch" not found'), assertions: [assertion(missing.calls[0], true, 'error:code == ENTRY_ID_NOT_FOUND', 'ENTRY_ID_NOT_FOUND', 'ENTRY_ID_NOT_FOUND')], captures: [], passed: true },
  ]),
  flow(broken, [{ call: errorCall(broken.calls[0], 'ENTRY_ID_NOT_FOUND', 'Entry id "0_x" not found'), assertions: [], captures: [], passed: false }]),
  { block: down, result: blockResult(down, [], { ok: false, error: { kind: 'refused', message: 'Nothing is listening on http://127.0.0.1:9' } }), calls: [], passed: false, tries: 1, elapsedMs: 12 },
  { block: later, result: blockResult(later, [], { durationMs: 0 }), calls: [], passed: false, tries: 0, elapsedMs: 0, skipped: 'needs {{other}}, which has no value' },
];

const RUN: FileRun = { file: 'flows/a.kreq', environment: 'sandbox', results: RESULTS, durationMs: 2345.6 };

describe('text report', () => {
  test('a line per block, failures with expected and actual, captures, skipped reasons, and the closing count', () => {
    assert.equal(
      formatTextReport([RUN]),
      [
        'flows/a.kreq (sandbox)',
        '  ✓ create-entry (12 ms)',
        '      > entryId = 0_abc',
        '  ✗ Wait (5 tries, 4.1 s)',
        '      ✗ 1 media.get (line 10): status == READY (was PENDING)',
        '          expected: READY',
        '          actual:   PENDING',
        '  ✓ Missing (12 ms)',
        '  ✗ Broken (12 ms)',
        '      ✗ 1 media.get (line 20): ENTRY_ID_NOT_FOUND: Entry id "0_x" not found',
        '  ✗ Down (12 ms)',
        '      ✗ refused: Nothing is listening on http://127.0.0.1:9',
        '  - Later',
        '      skipped: needs {{other}}, which has no value',
        '',
        '2 passed, 3 failed, 1 skipped',
        '',
      ].join('\n'),
    );
  });

  test('the closing line leaves out skipped when none', () => {
    assert.equal(summaryLine({ passed: 3, failed: 0, skipped: 0 }), '3 passed, 0 failed');
    assert.equal(formatTextReport([]), '0 passed, 0 failed\n');
  });
});

describe('JSON report', () => {
  test('totals, files → blocks → calls with assertions (1-based lines) and captures', () => {
    const report = JSON.parse(formatJsonReport([RUN])) as {
      passed: number;
      failed: number;
      skipped: number;
      files: Array<{ file: string; environment: string; passed: number; blocks: Array<Record<string, unknown> & { calls: Array<Record<string, unknown>> }> }>;
    };
    assert.deepEqual([report.passed, report.failed, report.skipped], [2, 3, 1]);
    const file = report.files[0];
    assert.deepEqual([file.file, file.environment, file.passed, file.blocks.length], ['flows/a.kreq', 'sandbox', 2, 6]);
    assert.deepEqual(file.blocks[0], {
      block: 1,
      title: 'Create',
      name: 'create-entry',
      line: 1,
      passed: true,
      tries: 1,
      durationMs: 12,
      calls: [
        {
          call: 1,
          service: 'media',
          action: 'add',
          line: 3,
          ok: true,
          passed: true,
          assertions: [{ line: 6, text: '?? result:status == NO_CONTENT', ok: true, actual: 'NO_CONTENT', expected: 'NO_CONTENT', message: 'status == NO_CONTENT' }],
          captures: { entryId: '0_abc' },
        },
      ],
    });
    assert.equal(file.blocks[1].durationMs, 4100);
    assert.deepEqual(file.blocks[2].calls[0].error, { code: 'ENTRY_ID_NOT_FOUND', message: 'Entry id "0_nosuch" not found', args: {} });
    assert.equal(file.blocks[2].calls[0].passed, true);
    assert.deepEqual(file.blocks[4].error, { kind: 'refused', message: 'Nothing is listening on http://127.0.0.1:9' });
    assert.equal(file.blocks[5].skipped, 'needs {{other}}, which has no value');
  });
});

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'property'].includes(name) });

interface Testcase {
  name: string;
  classname: string;
  time: string;
  failure?: Array<{ message: string; type: string; '#text': string }>;
  error?: Array<{ message: string; type: string }>;
  skipped?: { message: string };
  'system-out'?: string;
}
interface Suites {
  testsuites: { tests: string; failures: string; errors: string; skipped: string; time: string; testsuite: Array<Record<string, string> & { testcase: Testcase[] }> };
}

describe('JUnit report', () => {
  test('one <testsuites>, a <testsuite> per file, a <testcase> per block, with counts and times in seconds', () => {
    const xml = formatJunitReport([RUN, { file: 'b.kreq', results: [RESULTS[0]], durationMs: 10 }]);
    assert.equal(XMLValidator.validate(xml), true);
    const { testsuites } = parser.parse(xml) as Suites;
    assert.deepEqual([testsuites.tests, testsuites.failures, testsuites.errors, testsuites.skipped, testsuites.time], ['7', '2', '1', '1', '2.356']);
    const [a, b] = testsuites.testsuite;
    assert.deepEqual([a.name, a.tests, a.failures, a.errors, a.skipped, a.time], ['flows/a.kreq', '6', '2', '1', '1', '2.346']);
    assert.deepEqual([b.name, b.tests, b.failures, b.errors, b.skipped, b.time], ['b.kreq', '1', '0', '0', '0', '0.010']);
    const cases = a.testcase;
    assert.deepEqual(
      cases.map((c) => [c.name, c.classname, c.time]),
      [
        ['create-entry', 'flows/a.kreq', '0.012'],
        ['Wait', 'flows/a.kreq', '4.100'],
        ['Missing', 'flows/a.kreq', '0.012'],
        ['Broken', 'flows/a.kreq', '0.012'],
        ['Down', 'flows/a.kreq', '0.012'],
        ['Later', 'flows/a.kreq', '0.000'],
      ],
    );
    assert.equal(cases[0]['system-out'], '> entryId = 0_abc');
    assert.deepEqual(
      cases[1].failure?.map((f) => [f.type, f.message, f['#text']]),
      [['assertion', '1 media.get (line 10): status == READY (was PENDING)', '1 media.get (line 10): status == READY (was PENDING)\n  expected: READY\n  actual:   PENDING']],
    );
    assert.equal(cases[2].failure, undefined);
    assert.deepEqual(cases[3].failure?.map((f) => [f.type, f.message]), [['api-error', '1 media.get (line 20): ENTRY_ID_NOT_FOUND: Entry id "0_x" not found']]);
    assert.deepEqual(cases[4].error?.map((e) => [e.type, e.message]), [['refused', 'Nothing is listening on http://127.0.0.1:9']]);
    assert.equal(cases[5].skipped?.message, 'needs {{other}}, which has no value');
    assert.match(xml, /<property name="environment" value="sandbox"\/>/);
  });

  test('several failures of one block are one <failure> (the JUnit schema allows one), listing them all', () => {
    const both: FlowCallResult = {
      call: okCall(wait.calls[0], { status: '4' }),
      assertions: [assertion(wait.calls[0], false, 'status == READY (was PENDING)', 'PENDING', 'READY'), assertion(wait.calls[0], false, 'name == x (was y)', 'y', 'x')],
      captures: [],
      passed: false,
    };
    const { testsuites } = parser.parse(formatJunitReport([{ file: 'w.kreq', results: [flow(wait, [both])], durationMs: 1 }])) as Suites;
    const failures = testsuites.testsuite[0].testcase[0].failure ?? [];
    assert.equal(failures.length, 1);
    assert.equal(failures[0].message, '1 media.get (line 10): status == READY (was PENDING) (and 1 more)');
    assert.match(failures[0]['#text'], /status == READY \(was PENDING\)[\s\S]*name == x \(was y\)/);
  });

  test("a block without title or @name is 'block N (line L)'", () => {
    const untitled = parseKreq('system.ping\n').blocks[0];
    const result = flow(untitled, [{ call: okCall(untitled.calls[0], true), assertions: [], captures: [], passed: true }]);
    const { testsuites } = parser.parse(formatJunitReport([{ file: 'u.kreq', results: [result], durationMs: 1 }])) as Suites;
    assert.equal(testsuites.testsuite[0].testcase[0].name, 'block 1 (line 1)');
  });

  test('escapes <&"\' and replaces control characters; line breaks survive in attributes', () => {
    const nasty = 'a <b> & "c" \'d\' \u0001\u0008\u000b\u001f\uffff\ud800 e\nf\tg';
    assert.equal(xmlText('<&>'), '&lt;&amp;&gt;');
    assert.equal(xmlAttribute('"\'\n'), '&quot;&apos;&#10;');
    const titled = parseKreq(`### ${nasty.replace(/\n/g, ' ')}\nsystem.ping\n`).blocks[0];
    const result: FlowBlockResult = {
      block: titled,
      result: blockResult(titled, [], { ok: false, error: { kind: 'http-status', message: nasty } }),
      calls: [],
      passed: false,
      elapsedMs: 0,
      tries: 1,
    };
    const xml = formatJunitReport([{ file: 'dir/<&>.kreq', results: [result], durationMs: 1 }]);
    assert.equal(XMLValidator.validate(xml), true, 'well-formed');
    assert.ok(!/[\u0001\u0008\u000b\u001f\uffff]/.test(xml), 'no control characters left');
    const entities = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'error'].includes(name), htmlEntities: true });
    const { testsuites } = entities.parse(xml) as Suites;
    const testcase = testsuites.testsuite[0].testcase[0];
    const shown = 'a <b> & "c" \'d\' \ufffd\ufffd\ufffd\ufffd\ufffd\ufffd e';
    assert.equal(testsuites.testsuite[0].name, 'dir/<&>.kreq');
    assert.equal(testcase.name, `${shown} f\tg`, 'the title (one line) keeps its tab');
    assert.equal(testcase.error?.[0].message, `${shown}\nf\tg`);
  });

  test('seconds with 3 decimals', () => {
    assert.deepEqual([junitSeconds(0), junitSeconds(1), junitSeconds(1234.5678), junitSeconds(-3)], ['0.000', '0.001', '1.235', '0.000']);
  });
});
