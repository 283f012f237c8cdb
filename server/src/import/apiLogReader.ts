/**
 * Reads a Kaltura API log line into a request: the `Params [Array ( [key] => value … ) ]` that
 * KalturaFrontController::run writes (`KalturaLog::debug("Params [" . print_r($params, true) . "]")`), multi-line as
 * logged, or folded onto one line as log viewers show it (nested arrays — JSON or bracket bodies — are read as `a:b`
 * keys); or a web server access log line (`"GET /api_v3/service/media/action/list?… HTTP/1.1"`), whose URL is read.
 */

import type { ReadResult } from './importTypes';
import { FieldCollector, readApiUrl } from './requestFields';

const MARKER = /Params \[\s*Array\s*\(/;
/** The request line of an access log entry (combined log format) to an API path. */
export const ACCESS_LOG_REQUEST = /"(?:GET|POST|HEAD) (\/api(?:_v3)?\/[^\s"]*) HTTP\/[0-9.]+"/;

/** The `[key] => value` entries of the print_r text from `start` (after the first `(`), with nested arrays flattened. */
function readEntries(text: string, start: number, folded: boolean, fields: FieldCollector): string | undefined {
  const prefixes: string[] = [];
  let i = start;
  const entry = /\s*\[([^\]\n]*)\] => ?/y;
  const close = /\s*\)\s*/y;
  const nested = /Array\s*\(/y;
  for (;;) {
    close.lastIndex = i;
    if (close.exec(text)) {
      i = close.lastIndex;
      if (prefixes.length === 0) return undefined;
      prefixes.pop();
      continue;
    }
    entry.lastIndex = i;
    const m = entry.exec(text);
    if (!m) return prefixes.length === 0 ? undefined : 'The Params entry ends before its arrays are closed.';
    i = entry.lastIndex;
    const key = [...prefixes.slice(-1), m[1]].join(':');
    nested.lastIndex = i;
    if (nested.exec(text)) {
      i = nested.lastIndex;
      prefixes.push(key);
      continue;
    }
    let end: number;
    if (folded) {
      const next = /\s+(\[[^\]\n]*\] => |\)(\s|$))/g;
      next.lastIndex = i;
      const found = next.exec(text);
      end = found ? found.index : text.length;
    } else {
      end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
    }
    fields.set(key, text.slice(i, end).replace(/\r$/, ''));
    i = end;
  }
}

/** An access log line's request URL (path and query) as a request. */
function readAccessLog(path: string): ReadResult {
  const url = readApiUrl(`http://log.invalid${path}`);
  if (!url) return { problem: 'The access log line has no request URL.' };
  const fields = new FieldCollector();
  for (const [k, v] of url.queryPairs) fields.set(k, v);
  for (const [k, v] of url.pathPairs) fields.set(k, v);
  return { source: 'log', fields: fields.entries(), files: [], notes: ['An access log line has the URL only: a POST body (and the server name) is not in it.'] };
}

/** A logged Params entry (or an access log line) as a request; a problem when the text has neither. */
export function readApiLog(text: string): ReadResult {
  const found = MARKER.exec(text);
  if (!found) {
    const access = ACCESS_LOG_REQUEST.exec(text);
    return access ? readAccessLog(access[1]) : { problem: 'No `Params [Array (` entry of a Kaltura API log in the text.' };
  }
  const start = found.index + found[0].length;
  const folded = !text.slice(start).includes('\n');
  const fields = new FieldCollector();
  const problem = readEntries(text, start, folded, fields);
  if (problem) return { problem };
  return { source: 'log', fields: fields.entries(), files: [], notes: ['A log line does not say which server it came from, nor the files uploaded.'] };
}
