/**
 * Plays a misbehaving client against the bundled server over stdio, with raw bytes: requests before `initialize`
 * and after `shutdown` get their LSP errors, and broken framing ends the server with a logged error instead of
 * leaving it silent.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { SERVER_JS, within } from './lspSession';

interface RawServer {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** The JSON messages received so far. */
  readonly messages: Array<{ id?: number; result?: unknown; error?: { code: number; message: string } }>;
  stderr: string;
  send(message: object | string): void;
  /** Resolves when a message with this id arrived. */
  answer(id: number): Promise<RawServer['messages'][number]>;
}

function startRaw(): RawServer {
  assert.ok(fs.existsSync(SERVER_JS), `${SERVER_JS} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let buffer = '';
  const server: RawServer = {
    child,
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    messages: [],
    stderr: '',
    send(message) {
      const body = typeof message === 'string' ? message : JSON.stringify(message);
      child.stdin!.write(typeof message === 'string' ? body : `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    },
    async answer(id) {
      const started = Date.now();
      for (;;) {
        const found = server.messages.find((m) => m.id === id);
        if (found) return found;
        if (Date.now() - started > 10_000) throw new Error(`no answer to request ${id}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
  child.stderr!.on('data', (chunk: Buffer) => (server.stderr += chunk.toString('utf8')));
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (;;) {
      const header = /^Content-Length: (\d+)\r\n\r\n/.exec(buffer);
      if (!header || buffer.length < header[0].length + Number(header[1])) return;
      server.messages.push(JSON.parse(buffer.slice(header[0].length, header[0].length + Number(header[1]))));
      buffer = buffer.slice(header[0].length + Number(header[1]));
    }
  });
  return server;
}

const hover = (id: number) => ({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///a.kreq' }, position: { line: 0, character: 0 } } });
const initialize = (id: number) => ({ jsonrpc: '2.0', id, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {}, initializationOptions: { schema: '/nonexistent.xml' } } });

test('a request before initialize is answered ServerNotInitialized (-32002); initialize then works', { timeout: 20_000 }, async () => {
  const server = startRaw();
  try {
    server.send(hover(1));
    const refused = await server.answer(1);
    assert.equal(refused.error?.code, -32002);
    assert.match(refused.error!.message, /not initialized/);
    server.send(initialize(2));
    assert.ok((await server.answer(2)).result);
  } finally {
    server.child.kill();
  }
});

test('a request after shutdown is refused with InvalidRequest (-32600); exit then ends the process with 0', { timeout: 20_000 }, async () => {
  const server = startRaw();
  try {
    server.send(initialize(1));
    await server.answer(1);
    server.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
    server.send({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
    assert.equal((await server.answer(2)).error, undefined);
    server.send(hover(3));
    const refused = await server.answer(3);
    assert.equal(refused.error?.code, -32600);
    assert.match(refused.error!.message, /after `shutdown`/);
    server.send({ jsonrpc: '2.0', method: 'exit' });
    assert.equal(await within(server.exited, 5_000, 'the server to exit'), 0);
  } finally {
    server.child.kill();
  }
});

for (const [name, bytes] of [
  ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{}'],
  ['a header without a colon', 'garbage\r\n\r\n'],
  ['no Content-Length at all', 'Content-Type: x\r\n\r\n{}'],
] as const) {
  test(`broken framing (${name}) ends the server with 1 and a message on stderr`, { timeout: 20_000 }, async () => {
    const server = startRaw();
    try {
      server.send(initialize(1));
      await server.answer(1);
      server.send(bytes);
      assert.equal(await within(server.exited, 5_000, 'the server to exit'), 1);
      assert.match(server.stderr, /unreadable message from the client, exiting/);
    } finally {
      server.child.kill();
    }
  });
}

test('the end of input without shutdown ends the server with 1', { timeout: 20_000 }, async () => {
  const server = startRaw();
  server.send(initialize(1));
  await server.answer(1);
  server.child.stdin!.end();
  assert.equal(await within(server.exited, 5_000, 'the server to exit'), 1);
});
