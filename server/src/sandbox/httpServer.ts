/**
 * The HTTP side of the sandbox: the web server's rewrites (`/api_v3/service/…`, `/api/…` → `/api_v3/index.php/…`),
 * CORS preflight, `api_schema.php`, raw entry content, and writing the front controller's answer.
 */

import * as http from 'node:http';
import { randomInt } from 'node:crypto';
import type { SandboxRuntime } from './actionCall';
import type { HandlerTable } from './dispatcher';
import { runFrontController } from './frontController';
import { multipartBoundary, type MultipartBody } from './multipartBody';
import { BodyTooLargeError, MultipartStream, type BodyLimits } from './multipartStream';
import { readRequestParams } from './requestParams';

/** How the HTTP side behaves beyond the API: body limits, and whether browsers of any origin may call it. */
export interface HttpOptions {
  readonly limits: BodyLimits;
  /** `Access-Control-Allow-Origin: *` (loopback only: a page of any site could otherwise drive a public sandbox). */
  readonly cors: boolean;
}
const EXPOSED_HEADERS = 'Server, Content-Length, Content-Range, Date, X-Kaltura, X-Kaltura-Session, X-Me';

const PREFLIGHT_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Origin, X-Requested-With, Content-Type, Accept, Range, Cache-Control',
  'Access-Control-Allow-Methods': 'POST, GET, HEAD, OPTIONS',
  'Access-Control-Max-Age': '86400',
};

/** The script path the web server's rewrites give a request path, or undefined when it is not the API. */
export function apiScriptPath(pathname: string): string | undefined {
  if (pathname === '/api_v3' || pathname === '/api_v3/') return '/api_v3/index.php';
  if (pathname === '/api_v3/index.php' || pathname.startsWith('/api_v3/index.php/')) return pathname;
  if (pathname.startsWith('/api_v3/service/')) return `/api_v3/index.php/${pathname.slice('/api_v3/'.length)}`;
  if (pathname === '/api' || pathname.startsWith('/api/')) return `/api_v3/index.php${pathname.slice('/api'.length)}`;
  return undefined;
}

interface ReadBody {
  readonly body: Buffer;
  readonly multipart?: MultipartBody;
  readonly multipartStream?: MultipartStream;
}

/**
 * Reads the body as it arrives: a multipart POST through `MultipartStream` (files spooled to disk, each capped),
 * anything else into memory up to `maxFormBytes`. Rejects with `BodyTooLargeError` at the first byte over a limit.
 */
function readBody(runtime: SandboxRuntime, limits: BodyLimits, req: http.IncomingMessage): Promise<ReadBody> {
  const contentType = req.headers['content-type'] ?? '';
  const boundary = req.method === 'POST' && contentType.toLowerCase().startsWith('multipart/form-data') ? multipartBoundary(contentType) : undefined;
  const stream = boundary === undefined ? undefined : new MultipartStream(boundary, runtime.uploads.spoolDir, limits);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (e: unknown) => {
      stream?.dispose();
      req.removeAllListeners('data');
      req.resume();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    req.on('data', (chunk: Buffer) => {
      try {
        if (stream) return stream.write(chunk);
        size += chunk.length;
        if (size > limits.maxFormBytes) throw new BodyTooLargeError(limits.maxFormBytes, 'request body');
        chunks.push(chunk);
      } catch (e) {
        fail(e);
      }
    });
    req.on('end', () => {
      if (!stream) return resolve({ body: Buffer.concat(chunks) });
      try {
        resolve({ body: Buffer.alloc(0), multipart: stream.end(), multipartStream: stream });
      } catch (e) {
        fail(e);
      }
    });
    req.on('error', fail);
  });
}

function send(
  options: HttpOptions,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const cors: Record<string, string> = options.cors ? { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSED_HEADERS } : {};
  res.writeHead(status, {
    Server: 'kreq-sandbox',
    'X-Me': 'kreq-sandbox',
    ...cors,
    'Content-Length': String(bytes.length),
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

function banner(runtime: SandboxRuntime): string {
  return `Kaltura API sandbox (kreq) for API ${runtime.schema.data.apiVersion}.\nSend requests to ${runtime.baseUrl()}/api_v3/service/{service}/action/{action}; the schema is at ${runtime.baseUrl()}/api_v3/api_schema.php.\n`;
}

async function handle(runtime: SandboxRuntime, handlers: HandlerTable, options: HttpOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const reply = (status: number, headers: Record<string, string>, body: string | Buffer) => send(options, req, res, status, headers, body);
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  let read: ReadBody;
  try {
    read = await readBody(runtime, options.limits, req);
  } catch (e) {
    if (!(e instanceof BodyTooLargeError)) throw e;
    // As a web server in front of PHP would: 413, and the connection closed (the rest of the body is not read).
    res.setHeader('Connection', 'close');
    return reply(413, { 'Content-Type': 'text/plain; charset=utf-8' }, `Request Entity Too Large: ${e.message}\n`);
  }
  try {
    if (req.method === 'OPTIONS') return reply(200, options.cors ? PREFLIGHT_HEADERS : {}, '');
    if (pathname === '/api_v3/api_schema.php') {
      if (runtime.schemaXml === undefined) return reply(404, { 'Content-Type': 'text/plain' }, 'The sandbox was started without the schema XML text.\n');
      return reply(200, { 'Content-Type': 'text/xml' }, runtime.schemaXml);
    }
    const raw = /^\/p\/(\d+)\/sp\/\d+\/raw\/entry_id\/([^/]+)/.exec(pathname);
    if (raw) {
      const stored = runtime.state.entries.get(decodeURIComponent(raw[2]));
      if (!stored?.contentToken || stored.entry.number('partnerId') !== Number(raw[1])) return reply(404, { 'Content-Type': 'text/plain' }, 'Not found\n');
      return reply(200, { 'Content-Type': 'application/octet-stream' }, runtime.uploads.read(stored.contentToken));
    }
    if (pathname === '/') return reply(200, { 'Content-Type': 'text/plain; charset=utf-8' }, banner(runtime));
    const scriptPath = apiScriptPath(pathname);
    if (scriptPath === undefined) return reply(404, { 'Content-Type': 'text/plain' }, 'Not found\n');
    const contentType = req.headers['content-type'] ?? '';
    const request = readRequestParams({ method: req.method ?? 'GET', scriptPath, query, contentType, body: read.body, multipart: read.multipart });
    const answer = runFrontController(runtime, handlers, request);
    const headers: Record<string, string> = { 'X-Kaltura-Session': String(randomInt(1, 2 ** 31)) };
    for (const [name, value] of answer.headers) headers[name] = value;
    reply(answer.status, headers, answer.body);
  } finally {
    read.multipartStream?.dispose();
  }
}

export function createSandboxServer(runtime: SandboxRuntime, handlers: HandlerTable, options: HttpOptions): http.Server {
  return http.createServer((req, res) => {
    handle(runtime, handlers, options, req, res).catch(() => {
      if (!res.headersSent) send(options, req, res, 500, {}, '');
      else res.destroy();
    });
  });
}
