/**
 * The `junit` report of `kreq test`: the JUnit XML that CI systems read, one `<testsuite>` per file and one
 * `<testcase>` per block, built as text from the flow results (a pure function, XML-escaped).
 */

import type { FlowBlockResult } from '../engine/index';
import { blockLabel, callFailures, captureText } from './flowOutcomeText';
import { blockDurationMs, countBlocks, verdictOf, type FileRun } from './testReport';
import { oneBased } from '../protocol';

/** Characters XML 1.0 does not allow (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates): shown as U+FFFD. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text content: `&`, `<`, `>` escaped, disallowed characters replaced. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value (in double quotes): also quotes, and tab/LF/CR as character references so they survive parsing. */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** Seconds with 3 decimals. */
export function junitSeconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

function attributes(pairs: ReadonlyArray<readonly [string, string | number]>): string {
  return pairs.map(([name, value]) => ` ${name}="${xmlAttribute(String(value))}"`).join('');
}

/**
 * Why the block did not pass, as ONE child (the JUnit schema allows one `<failure>` or `<error>` per testcase):
 * `<skipped>`, `<error>` when it failed as a whole, else a `<failure>` whose message is the first failed assertion or
 * API error (with "and N more") and whose body lists them all.
 */
function problemElements(result: FlowBlockResult): string[] {
  if (result.skipped !== undefined) return [`<skipped${attributes([['message', result.skipped]])}/>`];
  const error = result.result.error;
  if (error) {
    const problems = (error.problems ?? []).map((p) => `line ${oneBased(p.line)}: ${p.message}`);
    const body = [error.message, ...(problems.length > 1 ? problems : [])].join('\n');
    return [`<error${attributes([['message', error.message], ['type', error.kind]])}>${xmlText(body)}</error>`];
  }
  const failures = result.calls.flatMap((call) => callFailures(result.block, call));
  if (failures.length === 0) return result.passed ? [] : [`<failure${attributes([['message', 'not passed'], ['type', 'assertion']])}/>`];
  const texts = failures.map((f) => {
    const message = `${f.where}: ${f.message}`;
    return { message, body: [message, ...(f.expected !== undefined ? [`  expected: ${f.expected}`, `  actual:   ${f.actual ?? ''}`] : [])].join('\n') };
  });
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
  const type = failures.every((f) => f.type === failures[0].type) ? failures[0].type : 'assertion';
  return [`<failure${attributes([['message', texts[0].message + more], ['type', type]])}>${xmlText(texts.map((t) => t.body).join('\n'))}</failure>`];
}

function testcase(run: FileRun, result: FlowBlockResult): string {
  const head = `<testcase${attributes([
    ['name', blockLabel(result)],
    ['classname', run.file],
    ['time', junitSeconds(blockDurationMs(run, result))],
  ])}`;
  const children = verdictOf(result) === 'passed' ? [] : problemElements(result);
  const captures = result.calls.flatMap((c) => c.captures.map(captureText));
  if (captures.length > 0) children.push(`<system-out>${xmlText(captures.join('\n'))}</system-out>`);
  if (children.length === 0) return `    ${head}/>`;
  return [`    ${head}>`, ...children.map((c) => `      ${c}`), '    </testcase>'].join('\n');
}

interface SuiteCounts {
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
}

function suiteCounts(results: readonly FlowBlockResult[]): SuiteCounts {
  const counts = countBlocks(results);
  const errors = results.filter((r) => verdictOf(r) === 'failed' && r.result.error).length;
  return { tests: results.length, failures: counts.failed - errors, errors, skipped: counts.skipped };
}

function countAttributes(counts: SuiteCounts): Array<readonly [string, number]> {
  return [
    ['tests', counts.tests],
    ['failures', counts.failures],
    ['errors', counts.errors],
    ['skipped', counts.skipped],
  ];
}

/**
 * `<testsuites>` with the totals; per file `<testsuite name="{path}">` with its counts, time and environment; per block
 * `<testcase name="{@name, title or 'block N (line L)'}" classname="{path}" time="{s}">` holding one `<failure type="assertion|api-error">`
 * listing the failed assertions and API errors, `<error type="{kind}">` when the block failed as a whole (transport, session, build),
 * `<skipped>` when it was not sent, and its captures in `<system-out>`.
 */
export function formatJunitReport(runs: readonly FileRun[]): string {
  const suites = runs.map((run) => {
    const counts = suiteCounts(run.results);
    const head = `  <testsuite${attributes([['name', run.file], ...countAttributes(counts), ['time', junitSeconds(run.durationMs)]])}>`;
    const properties = run.environment !== undefined ? [`    <properties>`, `      <property${attributes([['name', 'environment'], ['value', run.environment]])}/>`, `    </properties>`] : [];
    return [head, ...properties, ...run.results.map((r) => testcase(run, r)), '  </testsuite>'].join('\n');
  });
  const total = suiteCounts(runs.flatMap((r) => r.results));
  const time = junitSeconds(runs.reduce((sum, r) => sum + r.durationMs, 0));
  const open = `<testsuites${attributes([['name', 'kreq test'], ...countAttributes(total), ['time', time]])}>`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', open, ...suites, '</testsuites>', ''].join('\n');
}
