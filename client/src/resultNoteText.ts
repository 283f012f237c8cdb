/**
 * The words shown after a block was sent: one short inline note per call line (`✓ summary`, `✗ CODE: message`,
 * the time taken) and the Markdown of its hover, as pure functions of a `SendResult` (no vscode).
 */

import type { CallResultJson, SendResult } from '../../server/src/protocol';
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

function callNoteText(call: CallResultJson): string {
  if (call.ok) return `✓ ${oneLine(call.summary || callName(call))}`;
  const error = call.error;
  return `✗ ${oneLine(error ? `${error.code}: ${error.message}` : call.summary || 'failed')}`;
}

/** ` · 183 ms` on a single call, ` · 183 ms for 3 calls` on the first call of a multirequest. */
function timeSuffix(result: SendResult): string {
  const duration = formatDuration(result.durationMs);
  if (!duration) return '';
  return result.calls.length > 1 ? ` · ${duration} for ${result.calls.length} calls` : ` · ${duration}`;
}

function where(result: SendResult): string {
  const parts = [result.environment ? `\`${result.environment.replace(/`/g, "'")}\`` : 'no environment'];
  const duration = formatDuration(result.durationMs);
  if (duration) parts.push(duration);
  if (result.httpStatus !== undefined) parts.push(`HTTP ${result.httpStatus}`);
  return parts.join(' · ');
}

const OPEN_RESPONSE = `[Open the whole response](command:${SHOW_RESPONSE_COMMAND})`;

function callHover(result: SendResult, call: CallResultJson, index: number): string {
  const position = result.calls.length > 1 ? ` · call ${index + 1} of ${result.calls.length}` : '';
  const header = `**${call.ok ? '✓' : '✗'} ${escapeMarkdown(callName(call))}**${position} · ${where(result)}`;
  const sections = [header];
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

/** The notes of a result, in line order: one per call; one on the block's line for an error of the whole block. */
export function notesOfResult(result: SendResult): ResultNote[] {
  const notes: ResultNote[] = [];
  const suffix = timeSuffix(result);
  result.calls.forEach((call, index) => {
    notes.push({
      line: call.line,
      text: callNoteText(call) + (index === 0 ? suffix : ''),
      ok: call.ok,
      hover: callHover(result, call, index),
    });
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
