/** Prints what `kreq send` got back: a text report per block, the spec §9 JSON object, the summary line and the exit code. */

import { summarizeCallResult, type BlockResult, type CallResult } from '../engine/index';
import type { BlockNode } from '../language/index';

/** A block's result and how its values are shown (redacted unless `--reveal`). */
export interface ShownBlock {
  /** The block as sent: calls are named as written there (`uploadToken.upload`, not the wire's `uploadtoken`). */
  readonly block: BlockNode;
  readonly result: BlockResult;
  readonly show: (value: unknown) => unknown;
}

function callName(block: BlockNode, call: CallResult): { readonly service: string; readonly action: string } {
  const written = block.calls[call.call.number - 1]?.line;
  return { service: written?.service.text ?? call.call.service, action: written?.action?.text ?? call.call.action };
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}

/** The full value under the call line, unless the summary already says all of it. */
function valueText(value: unknown, summary: string): string | undefined {
  if (value !== null && typeof value === 'object') return JSON.stringify(value, null, 2);
  if (typeof value === 'string' && summary !== value && value !== '') return JSON.stringify(value);
  return undefined;
}

function callText(block: BlockNode, call: CallResult, show: (value: unknown) => unknown): string {
  const { service, action } = callName(block, call);
  const head = `${call.call.number} ${service}.${action} (line ${call.call.line + 1})`;
  if (!call.ok) return `  ✗ ${head}: ${oneLine(`${call.error.code}: ${call.error.message}`)}\n`;
  const value = show(call.value);
  const summary = summarizeCallResult(call, value);
  const full = valueText(value, summary);
  return `  ✓ ${head}: ${summary}\n${full === undefined ? '' : indent(full, '      ') + '\n'}`;
}

/**
 * `### 1 List, then get the first — 183 ms`, then per call `  ✓ 1 media.list (line 5): KalturaMediaListResponse · totalCount 3`
 * and its result as indented JSON, or `  ✗ 2 media.get (line 11): CODE: message`; a block that failed as a whole:
 * `  ✗ timeout: No answer from …`.
 */
export function formatSentBlock({ block, result, show }: ShownBlock): string {
  const title = result.title ? ` ${result.title}` : '';
  let out = `### ${result.block}${title} — ${result.durationMs} ms\n`;
  if (result.error) {
    out += `  ✗ ${result.error.kind}: ${oneLine(result.error.message)}\n`;
    const problems = result.error.problems ?? [];
    if (problems.length > 1) for (const p of problems) out += `      line ${p.line + 1}: ${oneLine(p.message)}\n`;
  }
  for (const call of result.calls) out += callText(block, call, show);
  return out;
}

/** The object of spec §9 (1-based lines, shown values). */
export function sendJsonObject(file: string, environment: string | undefined, blocks: readonly ShownBlock[]): unknown {
  return {
    file,
    ...(environment !== undefined ? { environment } : {}),
    blocks: blocks.map(({ block, result, show }) => ({
      block: result.block,
      ...(result.title !== undefined ? { title: result.title } : {}),
      line: result.line + 1,
      ok: result.ok,
      durationMs: result.durationMs,
      ...(result.error ? { error: { kind: result.error.kind, message: result.error.message } } : {}),
      calls: result.calls.map((c) => ({
        call: c.call.number,
        ...callName(block, c),
        line: c.call.line + 1,
        ok: c.ok,
        ...(c.ok ? { result: show(c.value) ?? null } : { error: c.error }),
      })),
    })),
  };
}

export function formatSendJson(file: string, environment: string | undefined, blocks: readonly ShownBlock[]): string {
  return JSON.stringify(sendJsonObject(file, environment, blocks), null, 2) + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `2 blocks sent: 3 calls ok, 1 API error, 1 block failed`. */
export function formatSendSummary(blocks: readonly ShownBlock[]): string {
  const calls = blocks.flatMap((b) => b.result.calls);
  const parts = [`${plural(calls.filter((c) => c.ok).length, 'call')} ok`, plural(calls.filter((c) => !c.ok).length, 'API error')];
  const failed = blocks.filter((b) => b.result.error).length;
  if (failed > 0) parts.push(`${plural(failed, 'block')} failed`);
  return `${plural(blocks.length, 'block')} sent: ${parts.join(', ')}`;
}

/** 2 when a block failed as a whole (transport, not sent, cancelled), else 1 when any call (or session.start) returned an API error, else 0. */
export function sendExitCode(results: readonly BlockResult[]): number {
  if (results.some((r) => r.error && r.error.kind !== 'session')) return 2;
  if (results.some((r) => r.error || r.calls.some((c) => !c.ok))) return 1;
  return 0;
}
