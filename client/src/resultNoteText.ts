/**
 * The words shown after a block was sent: one short inline note per call line (`✓ summary`, `✗ CODE: message`,
 * `✓ 3 assertions`, `✗ status == READY (was PENDING)`, the time taken), one per capture line (`entryId = 0_abc`),
 * one for a block not sent, and the Markdown of their hovers, as pure functions of a `SendResult` (no vscode).
 */

import type { AssertionResultJson, CallResultJson, CaptureResultJson, SendResult } from '../../server/src/protocol';
import { jsonHead } from './jsonPreview';

/** One inline note: the text after a line's end and the Markdown shown when hovering it. */
export interface ResultNote {
  /** 0-based line of the call (or of the block, for an error of the whole block). */
  readonly line: number;
  readonly text: string;
  readonly ok: boolean;
  /** Markdown; its only command link is `kreq.showResponse`. */
  readonly hover: string;
}

/** The command a hover links to for the whole response. */
export const SHOW_RESPONSE_COMMAND = 'kreq.showResponse';
/** Lines of a result's JSON shown in its hover. */
export const HOVER_JSON_LINES = 40;
/** Characters of an inline note, at most. */
const NOTE_LENGTH = 140;

/** `183 ms`, `12.4 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** One line, at most `length` characters. */
function oneLine(text: string, length = NOTE_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/** Text that Markdown shows as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (character) => `\\${character}`);
}

/** A fenced code block whose fence no backtick run inside the code can close. */
export function codeBlock(code: string, language: string): string {
  const longestRun = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${language}\n${code}\n${fence}`;
}

function callName(call: CallResultJson): string {
  return `${call.service}.${call.action}`;
}

/** `1 assertion`, `3 assertions`. */
export function assertionCount(count: number): string {
  return count === 1 ? '1 assertion' : `${count} assertions`;
}

/** The assertions that failed on their own: a failed call's `result:` assertions fail with it (its error says why). */
export function failedAssertions(call: CallResultJson): AssertionResultJson[] {
  return (call.assertions ?? []).filter((a) => !a.ok && (call.ok || a.text.startsWith('error:')));
}

function errorText(call: CallResultJson): string {
  const error = call.error;
  return error ? `${error.code}: ${error.message}` : call.summary || 'failed';
}

function callNoteText(call: CallResultJson): string {
  const assertions = call.assertions ?? [];
  const failed = failedAssertions(call);
  if (failed.length > 0) return `✗ ${oneLine(failed[0].message)}${failed.length > 1 ? ` (+${failed.length - 1} more failed)` : ''}`;
  if (assertions.length > 0 && call.passed) {
    const outcome = call.ok ? call.summary || callName(call) : call.error?.code ?? '';
    return `✓ ${assertionCount(assertions.length)}${outcome ? ` · ${oneLine(outcome)}` : ''}`;
  }
  if (call.ok) return `✓ ${oneLine(call.summary || callName(call))}`;
  return `✗ ${oneLine(errorText(call))}`;
}

/** ` · 183 ms` on a single call, ` · 183 ms for 3 calls` on the first call of a multirequest; ` · 3 tries` after a poll. */
function timeSuffix(result: SendResult): string {
  const duration = formatDuration(result.durationMs);
  const tries = result.tries !== undefined && result.tries > 1 ? ` · ${result.tries} tries` : '';
  if (!duration) return tries;
  return (result.calls.length > 1 ? ` · ${duration} for ${result.calls.length} calls` : ` · ${duration}`) + tries;
}

/** `entryId = 0_abc123`, or `entryId cleared: the call failed: ENTRY_ID_NOT_FOUND`. */
export function captureNoteText(capture: CaptureResultJson): string {
  if (capture.value !== undefined) return oneLine(`${capture.name} = ${capture.value}`);
  return oneLine(`${capture.name} cleared: ${capture.reason ?? 'no value'}`);
}

function where(result: SendResult): string {
  const parts = [result.environment ? `\`${result.environment.replace(/`/g, "'")}\`` : 'no environment'];
  const duration = formatDuration(result.durationMs);
  if (duration) parts.push(duration);
  if (result.httpStatus !== undefined) parts.push(`HTTP ${result.httpStatus}`);
  return parts.join(' · ');
}

const OPEN_RESPONSE = `[Open the whole response](command:${SHOW_RESPONSE_COMMAND})`;

function assertionLines(call: CallResultJson): string | undefined {
  if (!call.assertions?.length) return undefined;
  return call.assertions.map((a) => `- ${a.ok ? '✓' : '✗'} ${escapeMarkdown(a.message)}`).join('\n');
}

function callHover(result: SendResult, call: CallResultJson, index: number): string {
  const position = result.calls.length > 1 ? ` · call ${index + 1} of ${result.calls.length}` : '';
  const header = `**${call.passed ? '✓' : '✗'} ${escapeMarkdown(callName(call))}**${position} · ${where(result)}`;
  const sections = [header];
  const checks = assertionLines(call);
  if (checks) sections.push(checks);
  if (call.ok) {
    const head = jsonHead(call.result, HOVER_JSON_LINES);
    sections.push(codeBlock(head.text, 'json'));
    sections.push(head.truncated ? `*First ${HOVER_JSON_LINES} lines.* ${OPEN_RESPONSE}` : OPEN_RESPONSE);
  } else if (call.error) {
    sections.push(`**${escapeMarkdown(call.error.code)}**: ${escapeMarkdown(call.error.message)}`);
    if (Object.keys(call.error.args ?? {}).length) sections.push(codeBlock(jsonHead(call.error.args, HOVER_JSON_LINES).text, 'json'));
    sections.push(OPEN_RESPONSE);
  } else {
    sections.push(escapeMarkdown(call.summary), OPEN_RESPONSE);
  }
  return sections.join('\n\n');
}

function blockErrorHover(result: SendResult, kind: string, message: string): string {
  return [
    `**✗ The block was not answered: ${escapeMarkdown(kind)}** · ${where(result)}`,
    escapeMarkdown(message),
    OPEN_RESPONSE,
  ].join('\n\n');
}

function captureHover(result: SendResult, capture: CaptureResultJson): string {
  const name = `**${escapeMarkdown(`{{${capture.name}}}`)}**`;
  const what = capture.value !== undefined
    ? `${name} =\n\n${codeBlock(capture.value, 'text')}`
    : `${name} has no value: ${escapeMarkdown(capture.reason ?? 'no value')}`;
  return [what, `Captured for the blocks below · ${where(result)}`].join('\n\n');
}

/** The notes of one block's result (not of the blocks sent before it), in line order: one per call and capture;
 *  one on the block's line for an error of the whole block or a block not sent. */
export function notesOfResult(result: SendResult): ResultNote[] {
  if (result.skipped !== undefined) {
    return [{ line: result.line, text: `⊘ not sent: ${oneLine(result.skipped)}`, ok: false, hover: `**⊘ Not sent** · ${where(result)}\n\n${escapeMarkdown(result.skipped)}` }];
  }
  const notes: ResultNote[] = [];
  const suffix = timeSuffix(result);
  result.calls.forEach((call, index) => {
    notes.push({
      line: call.line,
      text: callNoteText(call) + (index === 0 ? suffix : ''),
      ok: call.passed,
      hover: callHover(result, call, index),
    });
    for (const capture of call.captures ?? []) {
      notes.push({ line: capture.line, text: captureNoteText(capture), ok: capture.value !== undefined, hover: captureHover(result, capture) });
    }
  });
  if (result.error && !notes.some((note) => note.line === result.line)) {
    const kind = result.error.kind || 'error';
    notes.push({
      line: result.line,
      text: `✗ ${oneLine(`${kind}: ${result.error.message}`)}${result.calls.length ? '' : suffix}`,
      ok: false,
      hover: blockErrorHover(result, kind, result.error.message),
    });
  }
  return notes.filter((note) => Number.isInteger(note.line) && note.line >= 0).sort((a, b) => a.line - b.line);
}
