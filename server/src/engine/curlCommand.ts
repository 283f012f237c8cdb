/** Writes a request as a shell `curl` command and as one-line form text (for logs), both redacted. */

import type { WireFile } from './engineTypes';
import { redact } from './redaction';

export interface FormRequest {
  readonly url: string;
  readonly fields: ReadonlyArray<readonly [string, string]>;
  readonly files: readonly WireFile[];
}

/** Characters `encodeURIComponent` escapes that PHP's form parser reads fine raw: kept readable. */
const READABLE = /%(3A|7B|7D|2F|2C|40|5B|5D|24|7C|3B)/g;

/** Form-encodes one key or value, leaving `:`, `{}`, `/`, `,`, `@`… readable. */
export function formEncode(text: string): string {
  return encodeURIComponent(text).replace(READABLE, (_whole, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** `k=v&k2=v2`, as the body would read (with readable escaping). */
export function formText(fields: ReadonlyArray<readonly [string, string]>): string {
  return fields.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join('&');
}

/** Quotes for a POSIX shell. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** curl's `-F name=@file`: a path with `;`, `,` or `"` is double-quoted inside. */
function curlFilePath(path: string): string {
  return /[;,"]/.test(path) ? `"${path.replace(/(["\\])/g, '\\$1')}"` : path;
}

/** `curl -X POST '<url>' -d 'k=v' …` (or `-F` parts when files are attached), redacted unless `reveal`. */
export function curlCommand(request: FormRequest, secrets: readonly string[], reveal = false): string {
  const args = [`curl -X POST ${shellQuote(request.url)}`];
  if (request.files.length === 0) {
    for (const [k, v] of request.fields) args.push(`-d ${shellQuote(`${formEncode(k)}=${formEncode(v)}`)}`);
  } else {
    for (const [k, v] of request.fields) args.push(`--form-string ${shellQuote(`${k}=${v}`)}`);
    for (const f of request.files) args.push(`-F ${shellQuote(`${f.field}=@${curlFilePath(f.path)}`)}`);
  }
  const text = args.join(' \\\n  ');
  return reveal ? text : redact(text, secrets);
}
