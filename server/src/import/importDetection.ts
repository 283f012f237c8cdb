/** Tells whether pasted text is something kreq imports (a cURL command to the Kaltura API, an API URL, an API log line), cheaply and without converting it. */

import { ACCESS_LOG_REQUEST } from './apiLogReader';
import type { ImportSource } from './importTypes';

const LOG_MARKER = /Params \[\s*Array\s*\(/;

/** True when `text` reads as a URL to a Kaltura API path (`…/api_v3/…`, `…/api/…`) with a service. */
export function kalturaPath(text: string): boolean {
  return /^(https?:\/\/)?[^\s/]+(\/[^\s?]*)?\/api(_v3)?(\/|\?)/i.test(text) && /service/i.test(text);
}

/** Which kind of importable text this clearly is, or undefined (then a paste stays a plain paste). */
export function importKind(text: string): ImportSource | undefined {
  const trimmed = text.trim();
  if (/^curl\s/.test(trimmed)) return /\/api(_v3)?\//.test(trimmed) ? 'curl' : undefined;
  if (LOG_MARKER.test(trimmed)) return 'log';
  if (!trimmed.includes('\n') && ACCESS_LOG_REQUEST.test(trimmed)) return 'log';
  if (!/\s/.test(trimmed) && kalturaPath(trimmed)) return 'url';
  return undefined;
}
