/** Turns the engine's `BlockResult` into the protocol's `SendResult`: 0-based lines, per-call summaries, results redacted unless revealed. */

import type { BlockResult } from '../engine/index';
import type { BlockNode } from '../language/index';
import type { CallResultJson, SendResult } from '../protocol';
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

export function sendResultJson(result: BlockResult, context: SendResultContext): SendResult {
  const { engine } = context;
  const calls = result.calls.map((c): CallResultJson => {
    const written = context.block.calls[c.call.number - 1]?.line;
    const base = { call: c.call.number, service: written?.service.text ?? c.call.service, action: written?.action?.text ?? c.call.action, line: c.call.line };
    if (!c.ok) return { ...base, ok: false, passed: false, error: c.error, summary: engine.summarizeCallResult(c) };
    const value = context.reveal ? c.value : engine.redactValue(c.value, context.secrets);
    return { ...base, ok: true, passed: true, result: value, summary: engine.summarizeCallResult(c, value) };
  });
  return {
    uri: context.uri,
    ...(context.environment ? { environment: context.environment } : {}),
    block: result.block - 1,
    ...(result.title !== undefined ? { title: result.title } : {}),
    line: result.line,
    ok: result.ok,
    passed: result.ok,
    durationMs: result.durationMs,
    calls,
    ...(result.error ? { error: { kind: result.error.kind, message: result.error.message } } : {}),
    ...(result.responseText !== undefined ? { responseText: prettyBody(result.responseText) } : {}),
    ...(result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {}),
  };
}
