/** Reads a pasted `curl` command into a Kaltura request: URL, `-d`/`--data-*`, `--data-urlencode`, `-F`/`--form-string`, JSON bodies. */

import type { ReadResult } from './importTypes';
import { FieldCollector, formPairs, jsonBodyPairs, readApiUrl } from './requestFields';
import { shellWords } from './shellWords';

/** Options whose value is data for the body, as curl sends it. */
const DATA_OPTIONS = new Set(['-d', '--data', '--data-raw', '--data-ascii', '--data-binary']);
/** Options with a value that does not change the request's parameters (skipped with their value). */
const VALUE_OPTIONS = new Set([
  '-X', '--request', '-o', '--output', '-u', '--user', '-A', '--user-agent', '-e', '--referer', '-b', '--cookie', '-c', '--cookie-jar',
  '-m', '--max-time', '--connect-timeout', '-x', '--proxy', '-w', '--write-out', '--retry', '--cacert', '--cert', '--key', '-E',
  '--resolve', '--limit-rate', '-r', '--range', '-T', '--upload-file', '--proto', '--max-redirs', '-K', '--config',
]);

interface CurlParts {
  url?: string;
  readonly data: string[];
  readonly forms: Array<[string, string]>;
  readonly files: Array<[string, string]>;
  readonly headers: string[];
  readonly notes: string[];
}

/** Splits `name=value` (the value may be empty); undefined without `=`. */
function nameValue(text: string): [string, string] | undefined {
  const eq = text.indexOf('=');
  return eq <= 0 ? undefined : [text.slice(0, eq), text.slice(eq + 1)];
}

/** `-F name=value`, `-F name=@file;type=…` (a file), `-F name=<file` (not read: noted). */
function readForm(parts: CurlParts, text: string, literal: boolean): void {
  const pair = nameValue(text);
  if (!pair) {
    parts.notes.push(`Left out the form part \`${text}\`: it has no name=value.`);
    return;
  }
  const [name, value] = pair;
  if (!literal && value.startsWith('@')) {
    const file = value.slice(1).replace(/;(type|filename|headers)=.*$/, '');
    parts.files.push([name, file.replace(/^"(.*)"$/, '$1')]);
  } else if (!literal && value.startsWith('<')) {
    parts.notes.push(`Left out the form part \`${name}\`: its value is read from the file ${value.slice(1)}, which an import does not open.`);
  } else parts.forms.push([name, value]);
}

/** `--data-urlencode`: `name=content` sends `content` encoded, so the parameter's value is `content` as written. */
function readUrlencoded(parts: CurlParts, text: string): void {
  const eq = text.indexOf('=');
  if (eq < 0 || text.includes('@') && text.indexOf('@') < eq) {
    parts.notes.push(`Left out \`--data-urlencode ${text}\`: only the name=content form is imported.`);
    return;
  }
  if (eq === 0) {
    parts.data.push(encodeURIComponent(text.slice(1)));
    return;
  }
  parts.data.push(`${encodeURIComponent(text.slice(0, eq))}=${encodeURIComponent(text.slice(eq + 1))}`);
}

function readWords(words: readonly string[]): CurlParts {
  const parts: CurlParts = { data: [], forms: [], files: [], headers: [], notes: [] };
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    const long = word.startsWith('--') ? word.split('=', 1)[0] : word;
    const inline = word.startsWith('--') && word.includes('=') ? word.slice(long.length + 1) : undefined;
    const value = (): string => inline ?? words[++i] ?? '';
    if (DATA_OPTIONS.has(long)) {
      const data = value();
      if (data.startsWith('@') && long !== '--data-raw') parts.notes.push(`Left out \`${long} ${data}\`: its data is read from a file, which an import does not open.`);
      else parts.data.push(data);
    } else if (word.startsWith('-d') && word.length > 2 && !word.startsWith('--')) parts.data.push(word.slice(2));
    else if (long === '--data-urlencode') readUrlencoded(parts, value());
    else if (long === '-F' || long === '--form') readForm(parts, value(), false);
    else if (long === '--form-string') readForm(parts, value(), true);
    else if (long === '-H' || long === '--header') parts.headers.push(value());
    else if (long === '--url') parts.url = value();
    else if (VALUE_OPTIONS.has(long)) value();
    else if (word.startsWith('-X') && word.length > 2) continue;
    else if (!word.startsWith('-') && parts.url === undefined) parts.url = word;
  }
  return parts;
}

/** True when the headers say the body is JSON. */
function jsonContentType(headers: readonly string[]): boolean {
  return headers.some((h) => /^content-type\s*:\s*application\/json/i.test(h.trim()));
}

/** A `curl …` command as a Kaltura request; a problem when it has no URL or its body does not read. */
export function readCurlCommand(text: string): ReadResult {
  const split = shellWords(text);
  if ('problem' in split) return split;
  const words = split.words;
  if (words[0] !== 'curl') return { problem: 'The text does not start with `curl`.' };
  const parts = readWords(words);
  if (!parts.url) return { problem: 'The cURL command has no URL.' };
  const url = readApiUrl(parts.url);
  if (!url) return { problem: `\`${parts.url}\` is not an http(s) URL.` };
  const fields = new FieldCollector();
  const body = parts.data.join('&');
  const trimmed = body.trim();
  if (jsonContentType(parts.headers) && trimmed.startsWith('{')) {
    const pairs = jsonBodyPairs(trimmed);
    if ('problem' in pairs) return pairs;
    for (const [k, v] of pairs) fields.set(k, v);
  } else if (trimmed.startsWith('{') && trimmed.endsWith('}') && parts.data.length === 1) {
    // A JSON body without `Content-Type: application/json` is not read by the server (protocol §2): import it, say so.
    const pairs = jsonBodyPairs(trimmed);
    if ('problem' in pairs) return pairs;
    for (const [k, v] of pairs) fields.set(k, v);
    parts.notes.push('The body is JSON but the command sends no `Content-Type: application/json`, so the server would not read it; imported as parameters anyway.');
  } else for (const [k, v] of formPairs(body)) fields.set(k, v);
  for (const [k, v] of parts.forms) {
    // A multipart `json` field carries the whole request (as Kaltura's clients upload files).
    if (k === 'json' && v.trim().startsWith('{')) {
      const pairs = jsonBodyPairs(v.trim());
      if ('problem' in pairs) return pairs;
      for (const [jk, jv] of pairs) fields.set(jk, jv);
    } else fields.set(k, v);
  }
  for (const [k, v] of url.queryPairs) fields.set(k, v);
  for (const [k, v] of url.pathPairs) fields.set(k, v);
  return { source: 'curl', ...(url.isApi ? { serviceUrl: url.serviceUrl } : {}), fields: fields.entries(), files: parts.files, notes: parts.notes };
}
