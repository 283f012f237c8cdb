/**
 * The HTTP side of the sandbox: the web server's rewrites (`/api_v3/service/…`, `/api/…` → `/api_v3/index.php/…`),
 * CORS preflight, `api_schema.php`, raw entry content, and writing the front controller's answer.
 */

import * as http from 'node:http';
import { randomInt } from 'node:crypto';
import type { SandboxRuntime } from './actionCall';
import type { HandlerTable } from './dispatcher';
import { runFrontController } from './frontController';
import { readRequestParams } from './requestParams';

const MAX_BODY_BYTES = 512 * 1024 * 1024;
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

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(req: http.IncomingMessage, res: http.ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, {
    Server: 'kreq-sandbox',
    'X-Me': 'kreq-sandbox',
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    'Content-Length': String(bytes.length),
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

function banner(runtime: SandboxRuntime): string {
  return `Kaltura API sandbox (kreq) for API ${runtime.schema.data.apiVersion}.\nSend requests to ${runtime.baseUrl()}/api_v3/service/{service}/action/{action}; the schema is at ${runtime.baseUrl()}/api_v3/api_schema.php.\n`;
}

async function handle(runtime: SandboxRuntime, handlers: HandlerTable, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const body = await readBody(req);
  if (req.method === 'OPTIONS') return send(req, res, 200, PREFLIGHT_HEADERS, '');
  if (pathname === '/api_v3/api_schema.php') {
    if (runtime.schemaXml === undefined) return send(req, res, 404, { 'Content-Type': 'text/plain' }, 'The sandbox was started without the schema XML text.\n');
    return send(req, res, 200, { 'Content-Type': 'text/xml' }, runtime.schemaXml);
  }
  const raw = /^\/p\/(\d+)\/sp\/\d+\/raw\/entry_id\/([^/]+)/.exec(pathname);
  if (raw) {
    const stored = runtime.state.entries.get(decodeURIComponent(raw[2]));
    if (!stored?.contentToken || stored.entry.number('partnerId') !== Number(raw[1])) return send(req, res, 404, { 'Content-Type': 'text/plain' }, 'Not found\n');
    return send(req, res, 200, { 'Content-Type': 'application/octet-stream' }, runtime.uploads.read(stored.contentToken));
  }
  if (pathname === '/') return send(req, res, 200, { 'Content-Type': 'text/plain; charset=utf-8' }, banner(runtime));
  const scriptPath = apiScriptPath(pathname);
  if (scriptPath === undefined) return send(req, res, 404, { 'Content-Type': 'text/plain' }, 'Not found\n');
  const request = readRequestParams({ method: req.method ?? 'GET', scriptPath, query, contentType: req.headers['content-type'] ?? '', body });
  const answer = runFrontController(runtime, handlers, request);
  const headers: Record<string, string> = { 'X-Kaltura-Session': String(randomInt(1, 2 ** 31)) };
  for (const [name, value] of answer.headers) headers[name] = value;
  send(req, res, answer.status, headers, answer.body);
}

export function createSandboxServer(runtime: SandboxRuntime, handlers: HandlerTable): http.Server {
  return http.createServer((req, res) => {
    handle(runtime, handlers, req, res).catch(() => {
      if (!res.headersSent) send(req, res, 500, {}, '');
      else res.destroy();
    });
  });
}
