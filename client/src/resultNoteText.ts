/**
 * The words shown after a block was sent: one short inline note per call line (`✓ summary`, `✗ CODE: message`,
 * `✓ 3 assertions`, `✗ status == READY (was PENDING)`, the time taken), one per capture line (`entryId = 0_abc`),
 * one for a block not sent or failed as a whole (`✗ refused: nothing listens on 127.0.0.1:9`), and the Markdown of
 * their hovers (the whole message, and the `hint` of why), as pure functions of a `SendResult` (no vscode).
 */

import { type AssertionResultJson, type CallResultJson, type CaptureResultJson, oneBased, type SendResult } from '../../server/src/protocol';
import { failureHeadline } from './blockFailureText';
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
/** VS Code's own "open this URI" command, which note hovers may run. */
export const OPEN_FILE_COMMAND = 'vscode.open';
/** Lines of a result's JSON shown in its hover. */
export const HOVER_JSON_LINES = 40;
/** Characters of an inline note's message, at most: it leads with its meaning (code, kind), the hover has it all. */
const NOTE_LENGTH = 80;

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

/** The note of a call; `hint` (why it failed, in the user's terms) replaces the server's message. */
function callNoteText(call: CallResultJson, hint?: string): string {
  const assertions = call.assertions ?? [];
  const failed = failedAssertions(call);
  if (failed.length > 0) return `✗ ${oneLine(failed[0].message)}${failed.length > 1 ? ` (+${failed.length - 1} more failed)` : ''}`;
  if (assertions.length > 0 && call.passed) {
    const outcome = call.ok ? call.summary || callName(call) : call.error?.code ?? '';
    return `✓ ${assertionCount(assertions.length)}${outcome ? ` · ${oneLine(outcome)}` : ''}`;
  }
  if (call.ok) return `✓ ${oneLine(call.summary || callName(call))}`;
  if (hint && call.error) {
    // A hint may name the code itself (`SERVICE_FORBIDDEN: environment "x" has no …`): it is said once.
    const why = hint.startsWith(call.error.code) ? hint.slice(call.error.code.length).replace(/^[\s:·—-]+/, '') : hint;
    return `✗ ${oneLine(`${call.error.code} · ${why}`)}`;
  }
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

/** `70 bytes`, `12.3 KB`, `4.1 MB`. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A hover link that opens a saved file in VS Code (an image in its preview). */
export function openFileLink(path: string): string {
  const argument = encodeURIComponent(JSON.stringify([{ scheme: 'file', path: path.replace(/\\/g, '/'), authority: '' }]));
  return `[Open the file](command:${OPEN_FILE_COMMAND}?${argument})`;
}

function callHover(result: SendResult, call: CallResultJson, index: number): string {
  const position = result.calls.length > 1 ? ` · call ${oneBased(index)} of ${result.calls.length}` : '';
  const header = `**${call.passed ? '✓' : '✗'} ${escapeMarkdown(callName(call))}**${position} · ${where(result)}`;
  const sections = [header];
  const checks = assertionLines(call);
  if (checks) sections.push(checks);
  if (call.ok && result.file) {
    const fence = result.file.path.includes('`') ? '``' : '`';
    sections.push(`A file: ${escapeMarkdown(result.file.contentType)}, ${fileSize(result.file.bytes)}, saved as ${fence}${result.file.path}${fence}`);
    sections.push(`${openFileLink(result.file.path)} · ${OPEN_RESPONSE}`);
  } else if (call.ok) {
    const head = jsonHead(call.result, HOVER_JSON_LINES);
    sections.push(codeBlock(head.text, 'json'));
    sections.push(head.truncated ? `*First ${HOVER_JSON_LINES} lines.* ${OPEN_RESPONSE}` : OPEN_RESPONSE);
  } else if (call.error) {
    sections.push(`**${escapeMarkdown(call.error.code)}**: ${escapeMarkdown(call.error.message)}`);
    if (result.hint) sections.push(`**Why:** ${escapeMarkdown(result.hint)}`);
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
    ...(result.hint ? [`**Why:** ${escapeMarkdown(result.hint)}`] : []),
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
  // The hint says why the first failed call failed; the calls that failed the same way get it too.
  const hinted = result.hint ? result.calls.find((call) => !call.ok && !call.passed)?.error?.code : undefined;
  result.calls.forEach((call, index) => {
    notes.push({
      line: call.line,
      text: callNoteText(call, hinted !== undefined && !call.passed && call.error?.code === hinted ? result.hint : undefined) + (index === 0 ? suffix : ''),
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
      text: `✗ ${failureHeadline({ kind, message: result.error.message }, result.httpStatus)}`,
      ok: false,
      hover: blockErrorHover(result, kind, result.error.message),
    });
  }
  return notes.filter((note) => Number.isInteger(note.line) && note.line >= 0).sort((a, b) => a.line - b.line);
}
