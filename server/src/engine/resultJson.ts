/**
 * Turns the engine's results into the protocol's `SendResult`: 0-based lines, per-call summaries, results redacted
 * unless revealed, and, for a flow, each call's assertions and captures, whether it passed, tries and skips.
 */

import type { BlockResult, FlowBlockResult, FlowCallResult } from '../engine/index';
import type { BlockNode } from '../language/index';
import type { AssertionResultJson, CallResultJson, CaptureResultJson, SendResult } from '../protocol';
import type { RequestEngine } from './runtimeEnvironment';

export interface SendResultContext {
  readonly engine: RequestEngine;
  readonly uri: string;
  /** The block as sent: calls are named as written there (`uploadToken.upload`, not the wire's `uploadtoken`). */
  readonly block: BlockNode;
  readonly environment?: string;
  /** Show results as they came (secrets included). */
  readonly reveal: boolean;
  /** Literal secrets to mask in results (KS-looking strings and secret-named properties are masked anyway). */
  readonly secrets: readonly string[];
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
  const { engine } = context;
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
    if (!c.ok) return { ...base, ok: false, error: c.error, summary: engine.summarizeCallResult(c) };
    const value = context.reveal ? c.value : engine.redactValue(c.value, context.secrets);
    return { ...base, ok: true, result: value, summary: engine.summarizeCallResult(c, value) };
  });
  return {
    uri: context.uri,
    ...(context.environment ? { environment: context.environment } : {}),
    block: result.block - 1,
    ...(result.title !== undefined ? { title: result.title } : {}),
    line: result.line,
    ok: result.ok,
    passed: flowCalls ? !result.error && calls.length > 0 && calls.every((c) => c.passed) : result.ok,
    durationMs: result.durationMs,
    calls,
    ...(result.error ? { error: { kind: result.error.kind, message: result.error.message } } : {}),
    ...(result.responseText !== undefined ? { responseText: prettyBody(result.responseText) } : {}),
    ...(result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {}),
  };
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
