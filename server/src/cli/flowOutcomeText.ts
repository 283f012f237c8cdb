/**
 * How the outcome of a flow block and its calls is named and shown in every command-line output (`kreq send`, the
 * `kreq test` reporters): block labels, call names as written, assertion and capture lines, and their JSON (spec §9).
 */

import type { CallResult, FlowBlockResult, FlowCallResult, ShownAssertion, ShownCapture } from '../engine/index';
import type { BlockNode } from '../language/index';
import { oneBased } from '../protocol';

/** The call as written in the block (`uploadToken.upload`, not the wire's `uploadtoken`). */
export function callName(block: BlockNode, call: CallResult): { readonly service: string; readonly action: string } {
  const written = block.calls[call.call.number - 1]?.line;
  return { service: written?.service.text ?? call.call.service, action: written?.action?.text ?? call.call.action };
}

/** 1-based line of the block (its separator, else its first line). */
export function blockLineNumber(result: FlowBlockResult): number {
  return oneBased(result.result.line);
}

/** `# @name`, else the title, else `block N (line L)`. */
export function blockLabel(result: FlowBlockResult): string {
  return result.name ?? result.result.title ?? `block ${oneBased(result.block.index)} (line ${blockLineNumber(result)})`;
}

/** Collapses line breaks (messages are shown on one line). */
export function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}

/** `✓ status == READY` or `✗ status == READY (was PENDING)`. */
export function assertionText(assertion: ShownAssertion): string {
  return `${assertion.outcome.ok ? '✓' : '✗'} ${oneLine(assertion.message)}`;
}

/** `> entryId = 0_abc` (masked when secret), or `> entryId cleared: <reason>`. */
export function captureText(capture: ShownCapture): string {
  const { outcome } = capture;
  if (capture.shown !== undefined) return `> ${outcome.name} = ${oneLine(capture.shown)}`;
  return `> ${outcome.name} cleared: ${outcome.captured ? 'no value' : oneLine(outcome.reason)}`;
}

/** The lines under a call: its assertions, then its captures. */
export function flowCallLines(call: FlowCallResult): string[] {
  return [...call.assertions.map(assertionText), ...call.captures.map(captureText)];
}

/** `{ line (1-based), text, ok, actual, expected?, message }` of spec §9. */
export function assertionJson(assertion: ShownAssertion): Record<string, unknown> {
  const line = assertion.outcome.line;
  return {
    line: oneBased(line.line),
    text: line.text.trim(),
    ok: assertion.outcome.ok,
    actual: assertion.actual,
    ...(assertion.expected !== undefined ? { expected: assertion.expected } : {}),
    message: assertion.message,
  };
}

/** `{ name: value }`: the shown (masked) value, null when the capture was cleared. */
export function capturesJson(captures: readonly ShownCapture[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const c of captures) out[c.outcome.name] = c.shown ?? null;
  return out;
}

/**
 * One call of spec §9's JSON: number, name as written, 1-based line, ok and passed, its error, assertions and captures;
 * `show` adds the result (as shown: redacted unless revealed), which `kreq send` prints and the test report leaves out.
 */
export function callJson(block: BlockNode, c: FlowCallResult, show?: (value: unknown) => unknown): Record<string, unknown> {
  return {
    call: c.call.call.number,
    ...callName(block, c.call),
    line: oneBased(c.call.call.line),
    ok: c.call.ok,
    passed: c.passed,
    ...(c.call.ok ? (show ? { result: show(c.call.value) ?? null } : {}) : { error: c.call.error }),
    assertions: c.assertions.map(assertionJson),
    captures: capturesJson(c.captures),
  };
}

/** One reason a call did not pass. */
export interface CallFailure {
  readonly type: 'assertion' | 'api-error';
  /** `2 media.get (line 11)`. */
  readonly where: string;
  /** 1-based line of the assertion, or of the call for an API error. */
  readonly line: number;
  /** `status == READY (was PENDING)` or `ENTRY_ID_NOT_FOUND: Entry id "x" not found`, on one line. */
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
}

/** Why a call did not pass: its API error when no assertion expected one, then each failed assertion. */
export function callFailures(block: BlockNode, call: FlowCallResult): CallFailure[] {
  if (call.passed) return [];
  const { service, action } = callName(block, call.call);
  const where = `${call.call.call.number} ${service}.${action} (line ${oneBased(call.call.call.line)})`;
  const out: CallFailure[] = [];
  const expectsError = call.assertions.some((a) => a.outcome.line.subject.root.value === 'error');
  if (!call.call.ok && !expectsError) {
    out.push({ type: 'api-error', where, line: oneBased(call.call.call.line), message: oneLine(`${call.call.error.code}: ${call.call.error.message}`) });
  }
  for (const a of call.assertions) {
    if (a.outcome.ok) continue;
    out.push({
      type: 'assertion',
      where,
      line: oneBased(a.outcome.line.line),
      message: oneLine(a.message),
      ...(a.expected !== undefined ? { expected: oneLine(a.expected) } : {}),
      actual: oneLine(a.actual),
    });
  }
  return out;
}
