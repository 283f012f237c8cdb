/** The import converter's entry point: tells a cURL command, a Kaltura API URL and an API log line apart and converts each to a `.kreq` block. */

import { parseKreq, type KalturaSchema } from '../language/index';
import { readApiLog } from './apiLogReader';
import { readCurlCommand } from './curlCommandReader';
import type { ImportResult, ImportSource, ReadResult } from './importTypes';
import { importKind } from './importDetection';
import { FieldCollector, readApiUrl } from './requestFields';
import { writeKreqBlock } from './kreqBlockWriter';

export { importKind };

/** A single Kaltura API URL (path pairs and query) as a request. */
function readUrl(text: string): ReadResult {
  const url = readApiUrl(text);
  if (!url || !url.isApi) return { problem: 'The URL is not a Kaltura API URL (…/api_v3/…).' };
  const fields = new FieldCollector();
  for (const [k, v] of url.queryPairs) fields.set(k, v);
  for (const [k, v] of url.pathPairs) fields.set(k, v);
  return { source: 'url', serviceUrl: url.serviceUrl, fields: fields.entries(), files: [], notes: [] };
}

function read(text: string, kind: ImportSource): ReadResult {
  if (kind === 'curl') return readCurlCommand(text);
  if (kind === 'log') return readApiLog(text);
  return readUrl(text);
}

/** Converts pasted text to a `.kreq` block (pure). The schema, when given, spells services and actions as it does. */
export function importText(text: string, schema?: KalturaSchema): ImportResult {
  const trimmed = text.trim();
  // Any cURL command is read (one to another path is told so); other text only when it clearly is a URL or log line.
  const kind: ImportSource | undefined = /^curl\s/.test(trimmed) ? 'curl' : importKind(trimmed);
  if (!kind) return { problem: 'Not a cURL command, a Kaltura API URL (…/api_v3/service/…) or a Kaltura API log line (Params [Array (…).' };
  const request = read(trimmed, kind);
  if ('problem' in request) return request;
  const result = writeKreqBlock(request, schema);
  if ('problem' in result) return result;
  const parsed = parseKreq(result.kreq);
  if (parsed.syntaxErrors.length > 0) {
    const first = parsed.syntaxErrors[0];
    return { problem: `The imported block does not parse (${first.message}); the text has a key kreq cannot write.` };
  }
  return result;
}
