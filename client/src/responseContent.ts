/**
 * What the response view shows for a send or a run, as pure functions (no vscode): the server's response document,
 * else (a server without it) the (already pretty, redacted) response body or the pretty JSON of the result; and the
 * title and outcome a history entry names it by.
 */

import { type ResponseDocument, type RunResult, type SendResult, oneBased } from '../../server/src/protocol';

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

/** The response document of a send, or of a run: the server's (`response`), else one made of today's text. */
export interface ShownDocument {
  readonly document: ResponseDocument;
  /** `kreq-response` for the server's documents, else the language of the fallback text. */
  readonly languageId: ResponseContent['languageId'] | typeof RESPONSE_LANGUAGE;
}

/** The language of response documents (package.json `languages`, `syntaxes/kreq-response.tmLanguage.json`). */
export const RESPONSE_LANGUAGE = 'kreq-response';

/** Above this size a response is written to a temp file and opened from there (never cut). */
export const MAX_VIRTUAL_DOCUMENT_CHARS = 5 * 1024 * 1024;

function plainDocument(text: string): ResponseDocument {
  return { text, sections: [], annotations: [], descriptions: [] };
}

/** What the response view shows for one `kreq.send`: its document, or (a server without `response`) the body. */
export function shownDocumentOfSend(result: SendResult): ShownDocument {
  if (result.response) return { document: result.response, languageId: RESPONSE_LANGUAGE };
  const content = responseContent(result, Number.POSITIVE_INFINITY);
  return { document: plainDocument(content.text), languageId: content.languageId };
}

/** What the response view shows for a Send All: its document, or the last block's body that was answered. */
export function shownDocumentOfRun(run: RunResult): ShownDocument {
  if (run.response) return { document: run.response, languageId: RESPONSE_LANGUAGE };
  const last = [...run.blocks].reverse().find((block) => block.responseText !== undefined) ?? run.blocks[run.blocks.length - 1];
  return last ? shownDocumentOfSend(last) : { document: plainDocument('// Nothing was sent.\n'), languageId: 'jsonc' };
}

/** `passed`, or `failed` with the first error code (`failed · ENTRY_ID_NOT_FOUND`, `failed · refused`). */
export function outcomeOfSend(result: SendResult): string {
  if (result.passed) return 'passed';
  if (result.skipped) return 'skipped';
  const code = result.error?.kind ?? result.calls.find((call) => !call.ok)?.error?.code;
  return code ? `failed · ${code}` : 'failed';
}

/** The block's title, else its `# @name`, else `block N` (1-based). */
export function titleOfSend(result: SendResult): string {
  return result.title ?? result.name ?? `block ${oneBased(result.block)}`;
}

/** The file's name and how many blocks ran: `media.kreq · 4 blocks`. */
export function titleOfRun(run: RunResult): string {
  const file = decodeURIComponent(run.uri.slice(run.uri.lastIndexOf('/') + 1));
  return `${file} · ${run.blocks.length} block${run.blocks.length === 1 ? '' : 's'}`;
}

/** `passed`, or `failed` with the first failing block's outcome. */
export function outcomeOfRun(run: RunResult): string {
  if (run.passed) return 'passed';
  const failed = run.blocks.find((block) => !block.passed && !block.skipped);
  return failed ? outcomeOfSend(failed) : 'failed';
}
