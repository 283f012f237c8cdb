/** The undici-based transport: one kept-alive dispatcher (proxy from env), POST form or multipart, redirects, timeout, size cap. */

import { openAsBlob } from 'node:fs';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { EnvHttpProxyAgent, FormData, request, type Dispatcher } from 'undici';
import type { HttpRequest, HttpResponse, HttpTransport } from './engineTypes';
import { cancelledError, networkError, redirectError, timeoutError, tooLargeError, TransportError } from './transportErrors';

export interface HttpTransportOptions {
  /** Overrides HTTP_PROXY / HTTPS_PROXY / NO_PROXY (loopback hosts are never proxied). */
  readonly httpProxy?: string;
  readonly httpsProxy?: string;
  readonly noProxy?: string;
  /** How long an idle connection is kept for reuse (default 30 s, or what the server's Keep-Alive says). */
  readonly keepAliveTimeoutMs?: number;
  /** Default 5. */
  readonly maxRedirects?: number;
  /** Sent as `User-Agent`. */
  readonly userAgent?: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DEFAULT_MAX_REDIRECTS = 5;

/** Why the form (which carries the KS and secrets) must not follow a redirect from `from` to `to`; undefined
 *  when it may: only to the same origin (scheme, host and port), and never from https to http. */
export function redirectRefusal(from: string, to: string): string | undefined {
  let a: URL;
  let b: URL;
  try {
    a = new URL(from);
    b = new URL(to, from);
  } catch {
    return 'it is not a valid address';
  }
  if (a.protocol === 'https:' && b.protocol !== 'https:') return 'it leaves https for an unencrypted address, and the request carries your credentials';
  if (a.origin !== b.origin) return `it is another origin (${b.origin}, not ${a.origin}), and the request carries your credentials`;
  return undefined;
}

/** NO_PROXY plus the loopback names: a local server is never reached through a proxy. */
function noProxyList(explicit: string | undefined): string {
  const base = (explicit ?? process.env.no_proxy ?? process.env.NO_PROXY ?? '').trim();
  if (base === '*') return '*';
  return [base, 'localhost', '127.0.0.1', '[::1]'].filter((s) => s !== '').join(',');
}

async function requestBody(request: HttpRequest): Promise<{ body: string | FormData; headers: Record<string, string> }> {
  if (request.files.length === 0) {
    return { body: new URLSearchParams(request.fields.map(([k, v]): [string, string] => [k, v])).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  const form = new FormData();
  for (const [k, v] of request.fields) form.append(k, v);
  for (const file of request.files) {
    let blob: Blob;
    try {
      blob = await openAsBlob(file.path);
    } catch (error) {
      throw new TransportError('network', `Cannot read the file to upload, ${file.path}: ${(error as Error).message}.`);
    }
    form.append(file.field, blob, file.fileName);
  }
  return { body: form, headers: {} };
}

function headerText(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function decompressed(body: Readable, encoding: string | undefined): Readable {
  const coding = encoding?.trim().toLowerCase();
  const decoder = coding === 'gzip' || coding === 'x-gzip' ? createGunzip() : coding === 'deflate' ? createInflate() : coding === 'br' ? createBrotliDecompress() : undefined;
  if (!decoder) return body;
  body.on('error', (error) => decoder.destroy(error));
  return body.pipe(decoder);
}

/** Reads the whole body, giving up (and closing the connection) past `maxResponseBytes`. */
async function readBody(response: Dispatcher.ResponseData, headers: Record<string, string>, request: HttpRequest, url: string): Promise<Buffer> {
  const declared = Number(headers['content-length']);
  if (!headers['content-encoding'] && Number.isFinite(declared) && declared > request.maxResponseBytes) {
    response.body.destroy();
    throw tooLargeError(url, request.maxResponseBytes);
  }
  const stream = decompressed(response.body, headers['content-encoding']);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > request.maxResponseBytes) {
      stream.destroy();
      response.body.destroy();
      throw tooLargeError(url, request.maxResponseBytes);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** A transport with its own kept-alive connections (proxy settings read from the environment). */
export function createHttpTransport(options: HttpTransportOptions = {}): HttpTransport {
  const agent = new EnvHttpProxyAgent({
    httpProxy: options.httpProxy,
    httpsProxy: options.httpsProxy,
    noProxy: noProxyList(options.noProxy),
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    keepAliveMaxTimeout: 10 * 60_000,
    connect: { rejectUnauthorized: true },
  });
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const userAgent = options.userAgent ?? 'kreq';

  async function send(req: HttpRequest): Promise<HttpResponse> {
    if (req.signal?.aborted) throw cancelledError(req.url);
    const timeout = AbortSignal.timeout(req.timeoutMs);
    const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
    /** Whatever went wrong, said in the engine's terms: the user's abort wins, then the timeout. */
    const fail = (error: unknown, url: string): TransportError => {
      if (req.signal?.aborted) return cancelledError(url);
      if (timeout.aborted) return timeoutError(url, req.timeoutMs);
      return error instanceof TransportError ? error : networkError(error, url);
    };
    let url = req.url;
    let method: 'POST' | 'GET' = 'POST';
    for (let hop = 0; ; hop++) {
      try {
        const body = method === 'POST' ? await requestBody(req) : undefined;
        const response = await request(url, {
          method,
          dispatcher: agent,
          signal,
          body: body?.body,
          headers: { ...body?.headers, 'accept-encoding': 'gzip, deflate', accept: 'application/json, text/xml;q=0.9, */*;q=0.5', 'user-agent': userAgent },
        });
        const headers = headerText(response.headers);
        if (REDIRECTS.has(response.statusCode) && headers.location) {
          await response.body.dump();
          const next = new URL(headers.location, url);
          if (hop >= maxRedirects) throw redirectError(url, next.href, `more than ${maxRedirects} redirects`);
          if (next.protocol !== 'https:' && next.protocol !== 'http:') throw redirectError(url, next.href, 'it is not an http(s) address');
          const refused = redirectRefusal(url, next.href);
          if (refused) throw redirectError(url, next.href, refused, 'redirect');
          if (response.statusCode === 303) method = 'GET';
          url = next.href;
          continue;
        }
        const bytes = await readBody(response, headers, req, url);
        // undici hands the connection back to its pool a tick after the body ends: wait for it, so that
        // a request sent right after this one (a session start, then the block) reuses the connection.
        await new Promise((resolve) => setImmediate(resolve));
        return { status: response.statusCode, url, headers, body: bytes.toString('utf8').replace(/^\uFEFF/, ''), bytes };
      } catch (error) {
        throw fail(error, url);
      }
    }
  }

  return { send, close: () => agent.close() };
}

let shared: HttpTransport | undefined;

/** The process-wide transport `sendBlock` and sessions use unless given one. */
export function sharedHttpTransport(): HttpTransport {
  shared ??= createHttpTransport();
  return shared;
}
