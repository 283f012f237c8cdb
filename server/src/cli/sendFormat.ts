/** Prints what `kreq send` got back: a text report per block (with assertions and captures), the spec §9 JSON object, the summary line and the exit code. */

import { summarizeCallResult, type FlowBlockResult, type FlowCallResult } from '../engine/index';
import type { BlockNode } from '../language/index';
import { callJson, callName, flowCallLines, oneLine } from './flowOutcomeText';
import { oneBased } from '../protocol';

/** A block's flow result and how its values are shown (redacted unless `--reveal`). */
export interface ShownBlock {
  readonly flow: FlowBlockResult;
  readonly show: (value: unknown) => unknown;
  /** Why calls failed, when kreq knows more than the server said (no credentials for a KS). */
  readonly hint?: string;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

/** The full value under the call line, unless the summary already says all of it. */
function valueText(value: unknown, summary: string): string | undefined {
  if (value !== null && typeof value === 'object') return JSON.stringify(value, null, 2);
  if (typeof value === 'string' && summary !== value && value !== '') return JSON.stringify(value);
  return undefined;
}

function callText(block: BlockNode, flowCall: FlowCallResult, show: (value: unknown) => unknown): string {
  const call = flowCall.call;
  const { service, action } = callName(block, call);
  const head = `${flowCall.passed ? '✓' : '✗'} ${call.call.number} ${service}.${action} (line ${oneBased(call.call.line)})`;
  const notes = flowCallLines(flowCall).map((line) => `      ${line}\n`).join('');
  if (!call.ok) return `  ${head}: ${oneLine(`${call.error.code}: ${call.error.message}`)}\n${notes}`;
  const value = show(call.value);
  const summary = summarizeCallResult(call, value);
  const full = valueText(value, summary);
  return `  ${head}: ${summary}\n${notes}${full === undefined ? '' : indent(full, '      ') + '\n'}`;
}

/**
 * `### 1 List, then get the first — 183 ms`, then per call `  ✓ 1 media.list (line 5): KalturaMediaListResponse · totalCount 3`,
 * its assertions (`✓ status == READY`) and captures (`> entryId = 0_abc`), and its result as indented JSON, or
 * `  ✗ 2 media.get (line 11): CODE: message`; a block that failed as a whole: `  ✗ timeout: No answer from …`;
 * one not sent: `### 2 … — skipped` and the reason.
 */
export function formatSentBlock({ flow, show, hint }: ShownBlock): string {
  const { block, result } = flow;
  const title = result.title ? ` ${result.title}` : '';
  if (flow.skipped !== undefined) return `### ${result.block}${title} — skipped\n  - ${oneLine(flow.skipped)}\n`;
  const tries = flow.tries > 1 ? ` (${flow.tries} tries)` : '';
  let out = `### ${result.block}${title} — ${result.durationMs} ms${tries}\n`;
  if (result.error) {
    out += `  ✗ ${result.error.kind}: ${oneLine(result.error.message)}\n`;
    const problems = result.error.problems ?? [];
    if (problems.length > 1) for (const p of problems) out += `      line ${oneBased(p.line)}: ${oneLine(p.message)}\n`;
  }
  for (const call of flow.calls) out += callText(block, call, show);
  if (result.file) out += `      file: ${result.file.contentType}, ${result.file.bytes} bytes\n`;
  if (hint) out += `  hint: ${oneLine(hint)}\n`;
  return out;
}

/** The object of spec §9 (1-based lines, shown values); calls carry their assertions and captures. */
export function sendJsonObject(file: string, environment: string | undefined, blocks: readonly ShownBlock[]): unknown {
  return {
    file,
    ...(environment !== undefined ? { environment } : {}),
    blocks: blocks.map(({ flow, show }) => {
      const { block, result } = flow;
      return {
        block: result.block,
        ...(result.title !== undefined ? { title: result.title } : {}),
        ...(flow.name !== undefined ? { name: flow.name } : {}),
        line: oneBased(result.line),
        ok: result.ok,
        passed: flow.passed,
        durationMs: result.durationMs,
        ...(flow.tries > 1 ? { tries: flow.tries } : {}),
        ...(flow.dependency ? { dependency: true } : {}),
        ...(flow.skipped !== undefined ? { skipped: flow.skipped } : {}),
        ...(result.error ? { error: { kind: result.error.kind, message: result.error.message } } : {}),
        calls: flow.calls.map((c) => callJson(block, c, show)),
      };
    }),
  };
}

export function formatSendJson(file: string, environment: string | undefined, blocks: readonly ShownBlock[]): string {
  return JSON.stringify(sendJsonObject(file, environment, blocks), null, 2) + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `2 blocks sent: 3 calls ok, 1 API error, 1 assertion failed, 1 block failed, 1 block skipped` (the last three when any). */
export function formatSendSummary(blocks: readonly FlowBlockResult[]): string {
  const sent = blocks.filter((b) => b.skipped === undefined);
  const calls = sent.flatMap((b) => b.calls);
  const parts = [`${plural(calls.filter((c) => c.call.ok).length, 'call')} ok`, plural(calls.filter((c) => !c.call.ok).length, 'API error')];
  const expected = calls.filter((c) => !c.call.ok && c.passed).length;
  if (expected > 0) parts[1] += ` (${expected} expected)`;
  const failedAssertions = calls.flatMap((c) => c.assertions).filter((a) => !a.outcome.ok).length;
  if (failedAssertions > 0) parts.push(`${plural(failedAssertions, 'assertion')} failed`);
  const failed = sent.filter((b) => b.result.error).length;
  if (failed > 0) parts.push(`${plural(failed, 'block')} failed`);
  const skipped = blocks.length - sent.length;
  if (skipped > 0) parts.push(`${plural(skipped, 'block')} skipped`);
  return `${plural(sent.length, 'block')} sent: ${parts.join(', ')}`;
}

/** 2 when a block failed as a whole (transport, not built, cancelled), else 1 when a block did not pass (an API error, a failed
 *  assertion, session.start refused, not sent for a missing capture), else 0. */
export function sendExitCode(blocks: readonly FlowBlockResult[]): number {
  if (blocks.some((b) => b.result.error && b.result.error.kind !== 'session')) return 2;
  if (blocks.some((b) => !b.passed)) return 1;
  return 0;
}
