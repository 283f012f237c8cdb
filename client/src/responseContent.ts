/**
 * What the response view shows for a sent block: the server's (already pretty, redacted) response body, else the
 * pretty JSON of the calls' results, capped in size so that huge answers stay fast to show. Pure (no vscode).
 */

import type { SendResult } from '../../server/src/protocol';

/** Characters shown at most; the rest is cut with a note (the server caps responses far higher). */
export const MAX_RESPONSE_CHARS = 5 * 1024 * 1024;

/** Above this many characters the response is shown as plain text: JSON colouring and the JSON language features
 *  of a multi-megabyte document cost seconds each time it is shown (measured in code-server: 5 MB took 6.2 s as
 *  JSON, 3.7 s as plain text). */
export const MAX_HIGHLIGHTED_CHARS = 1024 * 1024;

export interface ResponseContent {
  readonly text: string;
  /** The VS Code language to show it in. */
  readonly languageId: 'json' | 'jsonc' | 'xml' | 'html' | 'plaintext';
  readonly truncated: boolean;
}

/** Shown before anything was sent (JSON with comments). */
export const NO_RESPONSE: ResponseContent = {
  text: '// No response yet: send a block of a .kreq file (▶ Send Request, or Ctrl+Alt+R in the block).\n',
  languageId: 'jsonc',
  truncated: false,
};

function megabytes(chars: number): string {
  return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
}

function languageOf(text: string): ResponseContent['languageId'] {
  const start = text.slice(0, 200).trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  if (/^<!doctype html|^<html/i.test(start)) return 'html';
  if (start.startsWith('<')) return 'xml';
  return start === '' ? 'json' : 'plaintext';
}

/** The JSON printed when the server sent no body (the block failed before an answer, or a client without it). */
function resultSummary(result: SendResult): string {
  const { uri: _uri, responseText: _text, ...rest } = result;
  return JSON.stringify(rest, null, 2);
}

export function responseContent(result: SendResult, maxChars = MAX_RESPONSE_CHARS, maxHighlighted = MAX_HIGHLIGHTED_CHARS): ResponseContent {
  const text = result.responseText ?? resultSummary(result);
  const found = languageOf(text);
  const languageId = text.length > maxHighlighted ? 'plaintext' : found;
  if (text.length <= maxChars) return { text, languageId, truncated: false };
  const cut = text.lastIndexOf('\n', maxChars);
  const shown = text.slice(0, cut > maxChars / 2 ? cut : maxChars);
  const note = `the response is ${megabytes(text.length)}; only its first ${megabytes(shown.length)} are shown`;
  const comment = found === 'json' ? `\n// … ${note}\n` : found === 'plaintext' ? `\n… ${note}\n` : `\n<!-- … ${note} -->\n`;
  return { text: shown + comment, languageId: languageId === 'json' ? 'jsonc' : languageId, truncated: true };
}
