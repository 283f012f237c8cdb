/** Tiny `node:http` servers on 127.0.0.1 for transport tests: they record what arrived and answer as told. */

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedFile {
  readonly name: string;
  readonly content: string;
}

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly contentType: string;
  /** Form fields (urlencoded or multipart text parts); the last of a repeated name wins. */
  readonly fields: Record<string, string>;
  /** Field names in arrival order. */
  readonly fieldOrder: readonly string[];
  /** Multipart file parts by part name. */
  readonly files: Record<string, ReceivedFile>;
  /** The client's port: equal for two requests on one kept-alive connection. */
  readonly remotePort: number;
}

export type Handler = (request: Received, response: http.ServerResponse) => void | Promise<void>;

export interface LoopbackServer {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseForm(contentType: string, body: Buffer): Promise<Pick<Received, 'fields' | 'fieldOrder' | 'files'>> {
  const fields: Record<string, string> = {};
  const fieldOrder: string[] = [];
  const files: Record<string, ReceivedFile> = {};
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    for (const [name, value] of form.entries()) {
      fieldOrder.push(name);
      if (typeof value === 'string') fields[name] = value;
      else files[name] = { name: value.name, content: await value.text() };
    }
  } else {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
      fieldOrder.push(name);
      fields[name] = value;
    }
  }
  return { fields, fieldOrder, files };
}

/** Starts a server on 127.0.0.1 (any free port) that records each request, then lets `handler` answer. */
export async function startServer(handler: Handler): Promise<LoopbackServer> {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const contentType = request.headers['content-type'] ?? '';
      const entry: Received = {
        method: request.method ?? '',
        path: request.url ?? '',
        contentType,
        ...(await parseForm(contentType, body)),
        remotePort: request.socket.remotePort ?? 0,
      };
      received.push(entry);
      await handler(entry, response);
    })().catch(() => response.destroy());
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (a server was there a moment ago). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function answerJson(response: http.ServerResponse, value: unknown, status = 200): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

export function answerText(response: http.ServerResponse, body: string, status = 200, contentType = 'text/plain'): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
