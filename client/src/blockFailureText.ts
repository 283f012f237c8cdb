/**
 * What a block that failed as a whole (refused, dns, timeout, tls, http-status…) means, in a few words that lead with
 * the meaning (`refused: nothing listens on 127.0.0.1:9`), and where it was sent; pure, no vscode.
 */

/** The longest headline: it must fit beside a line of code with the response open beside it. */
export const HEADLINE_LENGTH = 60;

/** A block's failure as `SendResult.error` carries it. */
export interface BlockFailure {
  readonly kind: string;
  readonly message: string;
}

/** The first `http(s)://…` address in a text, without trailing punctuation. */
export function firstUrl(text: string): string | undefined {
  const match = /https?:\/\/[^\s"'`<>()]+/i.exec(text);
  return match ? match[0].replace(/[.,;:]+$/, '') : undefined;
}

/** `127.0.0.1:9`, `www.kaltura.com` (the port when the URL names one). */
export function hostAndPort(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Whether a `serviceUrl` is this machine (localhost, 127.x, ::1): a refused one may be a sandbox not started. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}

/** The port of a URL (the scheme's default when it names none); undefined when it is no URL. */
export function urlPort(url: string): number | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.port) return Number(parsed.port);
    return parsed.protocol === 'https:' ? 443 : parsed.protocol === 'http:' ? 80 : undefined;
  } catch {
    return undefined;
  }
}

/** The first sentence of a text, on one line. */
function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/[.!?](\s|$)/);
  return end > 0 ? flat.slice(0, end) : flat;
}

/** At most `length` characters, `…` when cut. */
export function clip(text: string, length = HEADLINE_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1).trimEnd()}…` : flat;
}

/** What the failure means, after its kind: `nothing listens on 127.0.0.1:9`. */
function meaning(failure: BlockFailure, httpStatus: number | undefined): string {
  const message = failure.message.replace(/\s+/g, ' ');
  const url = firstUrl(message);
  const host = url ? hostAndPort(url) : undefined;
  switch (failure.kind) {
    case 'refused':
      return host ? `nothing listens on ${host}` : 'connection refused';
    case 'dns': {
      const name = /host name "([^"]+)"/.exec(message)?.[1] ?? host;
      return name ? `no such host ${name}` : 'host name not found';
    }
    case 'timeout': {
      const within = /within ([\d.]+ s)/.exec(message)?.[1];
      return within ? `no answer within ${within}` : host ? `could not connect to ${host} in time` : 'no answer in time';
    }
    case 'tls': {
      const code = /failed: ([A-Z_]+)/.exec(message)?.[1];
      return `TLS failed${code ? ` (${code})` : ''}${host ? ` with ${host}` : ''}`;
    }
    case 'http-status': {
      const status = httpStatus ?? Number(/HTTP (\d{3})/.exec(message)?.[1] ?? NaN);
      const words = /HTTP \d{3} ([A-Za-z' -]+?)(?: with| instead|$)/.exec(message)?.[1]?.trim();
      return Number.isFinite(status) ? `HTTP ${status}${words ? ` ${words}` : ''}, not an API answer` : 'not an API answer';
    }
    case 'html':
      return `an HTML page, not the Kaltura API${host ? ` (${host})` : ''}`;
    case 'bad-format':
      return `the answer is not ${/not XML/.test(message) ? 'XML' : 'JSON'}`;
    case 'too-large': {
      const size = /larger than ([\d.]+ (?:MB|bytes))/.exec(message)?.[1];
      return `the answer is over ${size ?? 'the size limit'}`;
    }
    case 'redirect':
      return 'redirected elsewhere (not followed)';
    case 'network': {
      const code = /failed \(([A-Z][A-Z_]+):/.exec(message)?.[1];
      return code ? `${code}${host ? ` on ${host}` : ''}` : firstSentence(message);
    }
    default:
      return firstSentence(message);
  }
}

/** `refused: nothing listens on 127.0.0.1:9` — the kind, then what it means; at most `HEADLINE_LENGTH` characters. */
export function failureHeadline(failure: BlockFailure, httpStatus?: number): string {
  const kind = failure.kind || 'error';
  return clip(`${kind}: ${meaning(failure, httpStatus) || 'failed'}`);
}
