/**
 * What the Test Explorer reports for one sent block (pure, no vscode): passed, failed (an assertion that did not
 * hold, an API error), skipped (not sent) or errored (no answer: transport, session, build), with a message at each
 * failed assertion's line (expected and actual as shown: enum names) and at each failed call's line.
 */

import { type SendResult, oneBased } from '../../server/src/protocol';
import { formatDuration, failedAssertions } from './resultNoteText';

export type OutcomeState = 'passed' | 'failed' | 'skipped' | 'errored';

export interface OutcomeMessage {
  /** 0-based line the message belongs to. */
  readonly line: number;
  readonly message: string;
  /** For a failed assertion: what was expected and what was there, for a diff. */
  readonly expected?: string;
  readonly actual?: string;
}

export interface BlockOutcome {
  readonly block: number;
  readonly state: OutcomeState;
  readonly durationMs?: number;
  readonly messages: readonly OutcomeMessage[];
  /** One line for the run's output. */
  readonly summary: string;
}

function label(result: SendResult): string {
  return result.name ?? result.title ?? `block ${oneBased(result.block)} (line ${oneBased(result.line)})`;
}

function failureMessages(result: SendResult): OutcomeMessage[] {
  const messages: OutcomeMessage[] = [];
  for (const call of result.calls) {
    if (call.passed) continue;
    const failed = failedAssertions(call);
    for (const assertion of failed) {
      messages.push({
        line: assertion.line,
        message: `Assertion failed: ${assertion.message}`,
        expected: assertion.expected ?? assertion.text,
        actual: assertion.actual,
      });
    }
    if (failed.length > 0) continue;
    const error = call.error;
    messages.push({ line: call.line, message: error ? `${call.service}.${call.action} failed: ${error.code}: ${error.message}` : `${call.service}.${call.action} failed` });
  }
  return messages;
}

export function blockOutcome(result: SendResult): BlockOutcome {
  const name = label(result);
  if (result.skipped !== undefined) {
    return { block: result.block, state: 'skipped', messages: [], summary: `⊘ ${name}: not sent — ${result.skipped}` };
  }
  const duration = formatDuration(result.durationMs);
  const tries = result.tries !== undefined && result.tries > 1 ? `, ${result.tries} tries` : '';
  const timing = duration ? ` (${duration}${tries})` : '';
  if (result.error) {
    const message = `${result.error.kind}: ${result.error.message}`;
    return { block: result.block, state: 'errored', durationMs: result.durationMs, messages: [{ line: result.line, message }], summary: `✗ ${name}: ${message}${timing}` };
  }
  if (result.passed) {
    const count = result.calls.reduce((n, call) => n + (call.assertions?.length ?? 0), 0);
    const checks = count > 0 ? ` — ${count === 1 ? '1 assertion' : `${count} assertions`} held` : '';
    return { block: result.block, state: 'passed', durationMs: result.durationMs, messages: [], summary: `✓ ${name}${checks}${timing}` };
  }
  const messages = failureMessages(result);
  if (messages.length === 0) messages.push({ line: result.line, message: 'The block did not pass' });
  return { block: result.block, state: 'failed', durationMs: result.durationMs, messages, summary: `✗ ${name}: ${messages[0].message}${timing}` };
}
