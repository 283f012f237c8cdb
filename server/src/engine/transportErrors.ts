/** Classifies what can go wrong between kreq and the server, each with a message that names the URL and what to check. */

import { STATUS_CODES } from 'node:http';
import type { BlockErrorKind } from './engineTypes';

export type TransportErrorKind = Exclude<BlockErrorKind, 'build' | 'session'>;

/** A failure of the request as a whole; `status`/`body` when the server did answer. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
    readonly status?: number,
    readonly body?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

const SERVICE_URL_HINT = 'Check `serviceUrl` in kreq.env.json.';
const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH)/;

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function hostname(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

function isLoopback(url: string): boolean {
  const host = hostname(url).replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || host === '0.0.0.0' || /^127\./.test(host);
}

/** Error codes of an error, its causes and its aggregated errors (several addresses tried). */
function codesOf(error: unknown, seen = new Set<unknown>()): string[] {
  if (!error || typeof error !== 'object' || seen.has(error)) return [];
  seen.add(error);
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const codes = typeof e.code === 'string' ? [e.code] : [];
  codes.push(...codesOf(e.cause, seen));
  if (Array.isArray(e.errors)) for (const inner of e.errors) codes.push(...codesOf(inner, seen));
  return codes;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error && error.cause.message && error.cause.message !== error.message ? `: ${error.cause.message}` : '';
    return `${error.message || error.name}${cause}`;
  }
  return String(error);
}

export function secondsText(ms: number): string {
  const s = ms / 1000;
  return `${Number(s.toFixed(s < 1 ? 2 : 1))} s`;
}

export function timeoutError(url: string, timeoutMs: number): TransportError {
  return new TransportError(
    'timeout',
    `No answer from ${url} within ${secondsText(timeoutMs)}. Is the server up and reachable (network, VPN, HTTPS_PROXY)? ${SERVICE_URL_HINT} A slow call may need a longer timeout.`,
  );
}

export function cancelledError(url: string): TransportError {
  return new TransportError('cancelled', `The request to ${url} was cancelled.`);
}

/** A failure before any answer: refused, DNS, TLS, reset… (timeouts and cancellation are decided by the caller's signals). */
export function networkError(error: unknown, url: string): TransportError {
  const codes = codesOf(error);
  if (codes.includes('ECONNREFUSED')) {
    const hint = isLoopback(url) ? 'Is `kreq sandbox` (or your local server) running?' : 'Is the server up, and is the port right?';
    return new TransportError('refused', `Nothing is listening on ${origin(url)} (connection refused). ${hint} ${SERVICE_URL_HINT}`);
  }
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN') || codes.includes('EAI_NODATA')) {
    const temporary = codes.includes('EAI_AGAIN') ? ' (the DNS server did not answer in time)' : '';
    return new TransportError('dns', `The host name "${hostname(url)}" of ${origin(url)} could not be resolved${temporary}. Check the spelling of \`serviceUrl\` in kreq.env.json, and your network or VPN.`);
  }
  const tls = codes.find((c) => TLS_CODE.test(c));
  if (tls) {
    const selfSigned = /SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)/.test(tls)
      ? ' For a private certificate authority or a self-signed certificate, trust it with NODE_EXTRA_CA_CERTS=/path/to/ca.pem.'
      : '';
    const wrongProtocol = /WRONG_VERSION|PACKET_LENGTH/.test(tls) ? ' The server may not speak HTTPS on that port: try `http://`.' : '';
    return new TransportError('tls', `The TLS connection to ${origin(url)} failed: ${tls} (${messageOf(error)}).${wrongProtocol}${selfSigned} ${SERVICE_URL_HINT}`);
  }
  if (codes.includes('UND_ERR_CONNECT_TIMEOUT') || codes.includes('ETIMEDOUT')) {
    return new TransportError('timeout', `Could not connect to ${origin(url)} in time (${codes.join(', ')}). Is the server reachable (network, VPN, firewall, HTTPS_PROXY)? ${SERVICE_URL_HINT}`);
  }
  const code = codes.length > 0 ? `${codes[0]}: ` : '';
  return new TransportError('network', `The request to ${url} failed (${code}${messageOf(error)}). Check your network and proxy settings (HTTPS_PROXY, NO_PROXY). ${SERVICE_URL_HINT}`);
}

/** The `<title>` of an HTML page, for messages: the first `<title…>` followed by 1–200 characters other than `<` and
 *  `</title>`. Found with `indexOf` in one pass (a regular expression took minutes on a long page of unclosed `<title`). */
function htmlTitle(body: string): string | undefined {
  const opening = /<title/gi;
  const next = (from: number): number => {
    opening.lastIndex = from;
    return opening.exec(body)?.index ?? -1;
  };
  let gt = -1;
  let lt = -1;
  for (let at = next(0); at >= 0; at = next(at + 6)) {
    if (gt < at) {
      gt = body.indexOf('>', at + 6);
      if (gt < 0) return undefined;
      lt = body.indexOf('<', gt + 1);
      if (lt < 0) return undefined;
    }
    if (lt - gt - 1 >= 1 && lt - gt - 1 <= 200 && body.slice(lt, lt + 8).toLowerCase() === '</title>') return body.slice(gt + 1, lt).trim().replace(/\s+/g, ' ');
  }
  return undefined;
}

export function isHtml(body: string): boolean {
  return /^\s*<(!doctype\s+html|html)[\s>]/i.test(body);
}

export function httpStatusError(url: string, status: number, body: string): TransportError {
  const title = isHtml(body) ? htmlTitle(body) : undefined;
  const page = isHtml(body) ? ` with an HTML page${title ? ` ("${title}")` : ''}` : '';
  const hint =
    status === 404
      ? 'Check `serviceUrl` in kreq.env.json: it is the server root (like https://www.kaltura.com), without /api_v3.'
      : status >= 500
        ? `The server (or a proxy in front of it) failed; try again later, or check the server's logs. ${SERVICE_URL_HINT}`
        : status === 401 || status === 403 || status === 407
          ? `Something in between (a proxy, a firewall or a login page) refused the request. ${SERVICE_URL_HINT}`
          : SERVICE_URL_HINT;
  return new TransportError('http-status', `${url} answered HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd() + `${page} instead of an API response. ${hint}`, status, body);
}

export function htmlError(url: string, status: number, body: string): TransportError {
  const title = htmlTitle(body);
  return new TransportError(
    'html',
    `${url} answered with an HTML page${title ? ` ("${title}")` : ''}, not a Kaltura API response. Check that \`serviceUrl\` in kreq.env.json is a Kaltura server (like https://www.kaltura.com), not a web site, portal or login page.`,
    status,
    body,
  );
}

export function badFormatError(url: string, status: number, format: 'json' | 'xml', body: string, detail?: string): TransportError {
  const expected = format === 'xml' ? 'XML' : 'JSON';
  const shown = body.length === 0 ? 'an empty body' : `\`${body.slice(0, 200)}\`${body.length > 200 ? '…' : ''}`;
  return new TransportError(
    'bad-format',
    `${url} answered ${shown}, which is not ${expected}${detail ? ` (${detail})` : ''}. Check \`serviceUrl\` in kreq.env.json points at a Kaltura server, and \`format\` (1 JSON, 2 XML) in the block.`,
    status,
    body,
  );
}

export function tooLargeError(url: string, maxResponseBytes: number): TransportError {
  const mb = maxResponseBytes / (1024 * 1024);
  const size = mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB` : `${maxResponseBytes} bytes`;
  return new TransportError(
    'too-large',
    `The answer from ${url} is larger than ${size}; it was not read. Ask for less (a smaller \`pager:pageSize\`, a \`responseProfile\`), or raise the response size limit.`,
  );
}

/** A redirect kreq does not follow; `redirect` when following it would carry the credentials elsewhere. */
export function redirectError(url: string, location: string, reason: string, kind: 'redirect' | 'http-status' = 'http-status'): TransportError {
  return new TransportError(kind, `${url} redirected to ${location}, which kreq does not follow: ${reason}. Set \`serviceUrl\` in kreq.env.json to the final address.`);
}
