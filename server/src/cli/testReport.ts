/**
 * The `text` and `json` reports of `kreq test`: pure functions from the flow results of each file to text (the JUnit
 * report is in junitReport.ts); also how blocks are counted as passed, failed and skipped.
 */

import type { FlowBlockResult } from '../engine/index';
import { blockLabel, blockLineNumber, callFailures, callJson, captureText, oneLine } from './flowOutcomeText';
import { oneBased } from '../protocol';

/** The run of one file. */
export interface FileRun {
  /** The path as given on the command line (or the folder given joined with the path inside it). */
  readonly file: string;
  readonly environment?: string;
  /** In the order run. */
  readonly results: readonly FlowBlockResult[];
  readonly durationMs: number;
}

export type BlockVerdict = 'passed' | 'failed' | 'skipped';

export function verdictOf(result: FlowBlockResult): BlockVerdict {
  return result.skipped !== undefined ? 'skipped' : result.passed ? 'passed' : 'failed';
}

export interface Counts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export function countBlocks(results: readonly FlowBlockResult[]): Counts {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) counts[verdictOf(r)]++;
  return counts;
}

export function countRuns(runs: readonly FileRun[]): Counts {
  return countBlocks(runs.flatMap((r) => r.results));
}

/** `N passed, N failed` and `, N skipped` when any. */
export function summaryLine(counts: Counts): string {
  return `${counts.passed} passed, ${counts.failed} failed${counts.skipped > 0 ? `, ${counts.skipped} skipped` : ''}`;
}

/** The block's time in milliseconds: from its first send to the end of its last (a poll's tries and waits included). */
export function blockDurationMs(_run: FileRun, result: FlowBlockResult): number {
  return result.elapsedMs;
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The lines under a failed or skipped block (indented by the caller). */
function failureLines(result: FlowBlockResult): string[] {
  if (result.skipped !== undefined) return [`skipped: ${oneLine(result.skipped)}`];
  const out: string[] = [];
  const error = result.result.error;
  if (error) {
    out.push(`✗ ${error.kind}: ${oneLine(error.message)}`);
    if ((error.problems?.length ?? 0) > 1) for (const p of error.problems!) out.push(`    line ${oneBased(p.line)}: ${oneLine(p.message)}`);
  }
  for (const call of result.calls) {
    for (const f of callFailures(result.block, call)) {
      out.push(`✗ ${f.where}: ${f.message}`);
      if (f.type === 'assertion' && f.expected !== undefined) out.push(`    expected: ${f.expected}`, `    actual:   ${f.actual ?? ''}`);
    }
  }
  if (out.length === 0 && !result.passed) out.push('✗ not passed');
  return out;
}

/**
 * Per file a heading, per block `✓ title (12 ms)` / `✗ title` / `- title (skipped)`, the failed assertions with their
 * expected and actual values, the captures (`> entryId = 0_abc`, masked when secret), then `N passed, N failed[, N skipped]`.
 */
export function formatTextReport(runs: readonly FileRun[]): string {
  const lines: string[] = [];
  for (const run of runs) {
    lines.push(`${run.file}${run.environment !== undefined ? ` (${run.environment})` : ''}`);
    for (const result of run.results) {
      const verdict = verdictOf(result);
      const label = blockLabel(result);
      if (verdict === 'skipped') {
        lines.push(`  - ${label}`);
      } else {
        const tries = result.tries > 1 ? `${result.tries} tries, ` : '';
        lines.push(`  ${verdict === 'passed' ? '✓' : '✗'} ${label} (${tries}${duration(blockDurationMs(run, result))})`);
      }
      if (verdict !== 'passed') for (const line of failureLines(result)) lines.push(`      ${line}`);
      for (const call of result.calls) for (const capture of call.captures) lines.push(`      ${captureText(capture)}`);
    }
    lines.push('');
  }
  lines.push(summaryLine(countRuns(runs)));
  return lines.join('\n') + '\n';
}

function blockJson(run: FileRun, result: FlowBlockResult): Record<string, unknown> {
  const { block } = result;
  const error = result.result.error;
  return {
    block: oneBased(block.index),
    ...(result.result.title !== undefined ? { title: result.result.title } : {}),
    ...(result.name !== undefined ? { name: result.name } : {}),
    line: blockLineNumber(result),
    passed: result.passed,
    ...(result.skipped !== undefined ? { skipped: result.skipped } : {}),
    tries: result.tries,
    durationMs: Math.round(blockDurationMs(run, result)),
    ...(error ? { error: { kind: error.kind, message: error.message } } : {}),
    calls: result.calls.map((c) => callJson(block, c)),
  };
}

/** The report as one object: totals, then files → blocks → calls with their assertions and captures (results are left out: `kreq send --format json` prints them). */
export function testJsonObject(runs: readonly FileRun[]): Record<string, unknown> {
  return {
    ...countRuns(runs),
    durationMs: Math.round(runs.reduce((sum, r) => sum + r.durationMs, 0)),
    files: runs.map((run) => ({
      file: run.file,
      ...(run.environment !== undefined ? { environment: run.environment } : {}),
      ...countBlocks(run.results),
      durationMs: Math.round(run.durationMs),
      blocks: run.results.map((r) => blockJson(run, r)),
    })),
  };
}

export function formatJsonReport(runs: readonly FileRun[]): string {
  return JSON.stringify(testJsonObject(runs), null, 2) + '\n';
}
