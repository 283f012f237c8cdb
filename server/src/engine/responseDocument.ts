/**
 * Lays out the response document of one send (the response view, `kreq send --output`): a header, then per block its
 * `###` line, URL and status, and per call a heading followed by its JSON, with the editor's annotations.
 */

import type { KalturaSchema, TypeRef } from '../language/index';
import { type CallResultJson, type ResponseDocument, type ResponseSection, type SendResult, oneBased } from '../protocol';
import { AnnotatedJsonWriter, PositionedText, utcTime } from './responseAnnotations';

export { MAX_RESPONSE_ANNOTATIONS, MAX_RESPONSE_DESCRIPTIONS } from './responseAnnotations';

/** The body of a block that failed without calls (an HTML error page…) is shown up to this many characters. */
export const MAX_FAILURE_BODY_CHARS = 2000;

/** `183 ms`, `2.4 s`. */
export function durationText(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `512 B`, `1.2 KB`, `3.4 MB`. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The header line: environment, when, how many blocks, total time and size. */
function headerLine(results: readonly SendResult[]): string {
  const sent = results.filter((result) => !result.skipped);
  const parts = [`Kreq response · ${results[0]?.environment ?? 'no environment'}`];
  const times = sent.map((result) => result.sentAt).filter((at): at is number => at !== undefined);
  if (times.length > 0) parts.push(utcTime(Math.min(...times)));
  if (results.length > 1) {
    const passed = results.filter((result) => result.passed).length;
    parts.push(`${plural(results.length, 'block')}, ${passed} passed`);
  }
  if (results.length === 0) parts.push('nothing was sent');
  else parts.push(durationText(sent.reduce((total, result) => total + result.durationMs, 0)));
  const sizes = sent.map((result) => result.responseBytes).filter((bytes): bytes is number => bytes !== undefined);
  if (sizes.length > 0) parts.push(sizeText(sizes.reduce((total, bytes) => total + bytes, 0)));
  return parts.join(' · ');
}

/** `### Block 2 · line 12 · list entries` (1-based). */
function blockLine(result: SendResult): string {
  const title = result.title ?? result.name;
  return `### Block ${oneBased(result.block)} · line ${oneBased(result.line)}${title ? ` · ${title}` : ''}`;
}

/** `http://…/service/multirequest · HTTP 200 · 183 ms · 1.2 KB`, when the block was sent. */
function requestLine(result: SendResult): string | undefined {
  if (!result.url) return undefined;
  const parts = [result.url, result.httpStatus !== undefined ? `HTTP ${result.httpStatus}` : 'no answer', durationText(result.durationMs)];
  if (result.responseBytes !== undefined) parts.push(sizeText(result.responseBytes));
  if (result.tries !== undefined && result.tries > 1) parts.push(`${result.tries} tries`);
  return parts.join(' · ');
}

/** What a successful call returned, in a word: its `objectType`, `file`, `array of 3`, `string`… */
function resultLabel(call: CallResultJson, file: boolean): string {
  const value = call.result;
  if (file) return 'file';
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (typeof value === 'object') {
    const type = (value as { objectType?: unknown }).objectType;
    return typeof type === 'string' ? type : 'object';
  }
  return typeof value;
}

/** `1 · media.list · ✓ KalturaMediaListResponse` (` · 183 ms` when the call is the block's only one). */
function callHeading(call: CallResultJson, result: SendResult): string {
  const outcome = call.ok ? `✓ ${resultLabel(call, result.file !== undefined)}` : `✗ ${call.error?.code ?? 'failed'}`;
  const parts = [`${call.call} · ${call.service}.${call.action} · ${outcome}`];
  if (result.calls.length === 1 && result.url) parts.push(durationText(result.durationMs));
  const failed = (call.assertions ?? []).filter((assertion) => !assertion.ok);
  if (failed.length > 0) parts.push(`✗ ?? ${failed[0].message}${failed.length > 1 ? ` (+${failed.length - 1} more)` : ''}`);
  return parts.join(' · ');
}

function resultTypeOf(schema: KalturaSchema | undefined, call: CallResultJson): TypeRef | undefined {
  const service = schema?.service(call.service);
  return service && schema?.action(service, call.action)?.result;
}

/** Builds the document of one send: `results` are its blocks in the order sent (dependencies first, then the target,
 *  or every block of a Send All). Pure; fast for big answers (annotations and descriptions are capped). */
export function buildResponseDocument(results: readonly SendResult[], schema: KalturaSchema | undefined): ResponseDocument {
  const out = new PositionedText();
  const json = new AnnotatedJsonWriter(out, schema);
  const sections: ResponseSection[] = [];
  const section = (line: number, title: string, ok: boolean): void => {
    sections.push({ line, endLine: Math.max(line, out.line - 1), title, ok });
  };
  out.writeLines(headerLine(results));
  out.newline();
  for (const result of results) {
    out.writeLines(blockLine(result));
    if (result.skipped) {
      out.writeLines(`– Skipped: ${result.skipped}`);
      out.newline();
      continue;
    }
    const request = requestLine(result);
    if (request) out.writeLines(request);
    if (result.file) out.writeLines(`File saved: ${result.file.path} · ${result.file.contentType} · ${sizeText(result.file.bytes)}`);
    if (result.error) {
      const start = out.line;
      const title = `✗ Block ${oneBased(result.block)} (line ${oneBased(result.line)}) failed: ${result.error.kind}`;
      out.writeLines(title);
      out.writeLines(result.error.message, '  ');
      if (result.hint) out.writeLines(`Hint: ${result.hint}`, '  ');
      if (result.calls.length === 0 && result.responseText) {
        const body = result.responseText;
        out.writeLines(`Response body${body.length > MAX_FAILURE_BODY_CHARS ? ` (first ${MAX_FAILURE_BODY_CHARS} characters)` : ''}:`, '  ');
        out.writeLines(body.slice(0, MAX_FAILURE_BODY_CHARS), '    ');
      }
      section(start, title, false);
      out.newline();
    } else if (result.hint) {
      out.writeLines(`Hint: ${result.hint}`);
    }
    for (const call of result.calls) {
      const start = out.line;
      const title = callHeading(call, result);
      out.writeLines(title);
      if (call.ok) {
        if (call.result !== undefined) json.writeResult(call.result, resultTypeOf(schema, call));
        else out.write(result.file ? JSON.stringify(result.file.path) : 'null');
      } else {
        json.writeResult(call.error ?? null, undefined);
      }
      out.newline();
      section(start, title, call.passed);
      out.newline();
    }
    if (result.calls.length === 0 && !result.error) out.newline();
  }
  return { text: out.toString(), sections, annotations: json.annotations, descriptions: json.descriptions };
}
