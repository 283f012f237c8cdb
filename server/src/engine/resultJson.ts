/**
 * Turns the engine's results into the protocol's `SendResult`, the one shape results have from the engine to every
 * client: 0-based lines, the block's span, per-call summaries, results redacted unless revealed, and, for a flow, each
 * call's assertions and captures, whether it passed, tries and skips.
 */

import type { BlockNode, KreqDocument } from '../language/index';
import { type AssertionResultJson, type CallResultJson, type CaptureResultJson, type LineSpan, type SendResult, zeroBased } from '../protocol';
import type { BlockResult } from './engineTypes';
import type { FlowBlockResult, FlowCallResult } from './flowTypes';
import { redactValue } from './redaction';
import { summarizeCallResult } from './resultSummary';

export interface SendResultContext {
  readonly uri: string;
  /** The document the block is in (for its span). */
  readonly document: KreqDocument;
  /** The block as sent: calls are named as written there (`uploadToken.upload`, not the wire's `uploadtoken`). */
  readonly block: BlockNode;
  readonly environment?: string;
  /** Show results as they came (secrets included). */
  readonly reveal: boolean;
  /** Literal secrets to mask in results (KS-looking strings and secret-named properties are masked anyway). */
  readonly secrets: readonly string[];
  /** Says why a failed call failed, when kreq knows more than the server said (a KS missing for lack of credentials). */
  readonly hint?: (result: BlockResult) => string | undefined;
}

/** 0-based line of the line holding `offset` (binary search over the lines, which tile the text). */
function lineAt(document: KreqDocument, offset: number): number {
  const lines = document.lines;
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lines[middle].start <= offset) low = middle;
    else high = middle - 1;
  }
  return lines[low]?.line ?? 0;
}

/** The block's lines: from its first line to the line before the next block (else the document's last line). */
export function blockSpan(document: KreqDocument, block: BlockNode): LineSpan {
  const startLine = lineAt(document, block.start);
  const next = document.blocks[block.index + 1];
  const last = document.lines[document.lines.length - 1]?.line ?? 0;
  return { startLine, endLine: next ? Math.max(startLine, lineAt(document, next.start) - 1) : Math.max(startLine, last) };
}

/** Pretty-printed JSON when the body is JSON, else the body as it is. */
function prettyBody(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.stringify(JSON.parse(text) as unknown, null, 2);
  } catch {
    return text;
  }
}

/** `?? result:status == READY` → `result:status == READY`. */
export function assertionText(lineText: string): string {
  return lineText.trim().replace(/^\?\?\s*/, '');
}

function assertionsJson(flow: FlowCallResult): AssertionResultJson[] {
  return flow.assertions.map((a) => ({
    line: a.outcome.line.line,
    text: assertionText(a.outcome.line.text),
    ok: a.outcome.ok,
    actual: a.actual,
    ...(a.expected !== undefined ? { expected: a.expected } : {}),
    message: a.message,
  }));
}

function capturesJson(flow: FlowCallResult): CaptureResultJson[] {
  return flow.captures.map((c) => {
    const base = { line: c.outcome.line.line, name: c.outcome.name };
    if (c.outcome.captured && c.shown !== undefined) return { ...base, value: c.shown };
    return { ...base, reason: c.outcome.captured ? 'no value' : c.outcome.reason };
  });
}

/** A plain send's result (no flow): every call passes when it succeeded. */
export function sendResultJson(result: BlockResult, context: SendResultContext, flowCalls?: readonly FlowCallResult[]): SendResult {
  const calls = result.calls.map((c, index): CallResultJson => {
    const written = context.block.calls[c.call.number - 1]?.line;
    const flow = flowCalls?.[index];
    const base = {
      call: c.call.number,
      service: written?.service.text ?? c.call.service,
      action: written?.action?.text ?? c.call.action,
      line: c.call.line,
      passed: flow ? flow.passed : c.ok,
      ...(flow && flow.assertions.length > 0 ? { assertions: assertionsJson(flow) } : {}),
      ...(flow && flow.captures.length > 0 ? { captures: capturesJson(flow) } : {}),
    };
    if (!c.ok) return { ...base, ok: false, error: c.error, summary: summarizeCallResult(c) };
    const value = context.reveal ? c.value : redactValue(c.value, context.secrets);
    const summary = result.file ? `${result.file.contentType.split(';')[0]} file · ${result.file.bytes} bytes` : summarizeCallResult(c, value);
    return { ...base, ok: true, result: value, summary };
  });
  return {
    uri: context.uri,
    ...(context.environment ? { environment: context.environment } : {}),
    block: zeroBased(result.block),
    ...(result.title !== undefined ? { title: result.title } : {}),
    line: result.line,
    ok: result.ok,
    passed: flowCalls ? !result.error && calls.length > 0 && calls.every((c) => c.passed) : result.ok,
    durationMs: result.durationMs,
    calls,
    ...(result.error ? { error: { kind: result.error.kind, message: result.error.message } } : {}),
    // The calls' results (and the response document) say what a readable answer said; only an answer that could not
    // be read (an HTML page, a body that is no JSON) is kept as it came.
    ...(result.responseText !== undefined && calls.length === 0 ? { responseText: prettyBody(result.responseText) } : {}),
    ...(result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {}),
    span: blockSpan(context.document, context.block),
    callCount: context.block.calls.length,
    ...(result.url !== undefined ? { url: result.url } : {}),
    ...(result.sentAt !== undefined ? { sentAt: result.sentAt } : {}),
    ...(result.responseBytes !== undefined ? { responseBytes: result.responseBytes } : {}),
    ...(result.contentType !== undefined ? { contentType: result.contentType } : {}),
    ...(result.file ? { file: result.file } : {}),
    ...hintOf(result, context),
  };
}

function hintOf(result: BlockResult, context: SendResultContext): { hint?: string } {
  const hint = context.hint?.(result);
  return hint ? { hint } : {};
}

/** A flow block's result: the send's, with what the runner decided (passed, tries, skipped, name). */
export function flowResultJson(flow: FlowBlockResult, context: Omit<SendResultContext, 'block'>): SendResult {
  const json = sendResultJson(flow.result, { ...context, block: flow.block }, flow.calls);
  return {
    ...json,
    // The runner's own numbering wins: a skipped block's `result` may not name it.
    block: flow.block.index,
    passed: flow.passed,
    ...(flow.name !== undefined ? { name: flow.name } : {}),
    ...(flow.tries > 1 ? { tries: flow.tries } : {}),
    ...(flow.skipped !== undefined ? { skipped: flow.skipped } : {}),
  };
}
