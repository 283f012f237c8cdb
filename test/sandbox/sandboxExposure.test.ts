/** `kreq sandbox` played as an attacker would: a non-loopback `--host`, oversized and gzip-bomb `--schema` URLs. */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { MAX_SCHEMA_BYTES, runSandbox, type SandboxCommandIo } from '../../server/src/cli/sandboxCommand';
import type { Sandbox } from '../../server/src/sandbox/index';
import { SCHEMA_22 } from '../support/repoPaths';

const CACHE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-sandbox-exposure-'));
after(() => fs.rmSync(CACHE_DIR, { recursive: true, force: true }));

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly seen: Record<string, unknown>;
}

/** Runs `kreq sandbox argv`; `probe` runs once it listens, then the sandbox stops. */
async function run(argv: readonly string[], probe?: (sandbox: Sandbox, out: string) => Promise<Record<string, unknown>>): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const stop = new AbortController();
  let seen: Record<string, unknown> = {};
  let failure: unknown;
  const io: Partial<SandboxCommandIo> = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd: CACHE_DIR,
    env: { KREQ_CACHE_DIR: CACHE_DIR },
    signal: stop.signal,
    onListening: (sandbox) => {
      void (async () => (seen = (await probe?.(sandbox, out.join(''))) ?? {}))()
        .catch((e: unknown) => (failure = e))
        .finally(() => stop.abort());
    },
  };
  const code = await runSandbox(argv, io);
  if (failure) throw failure;
  return { code, out: out.join(''), err: err.join(''), seen };
}

async function startSession(sandbox: Sandbox, secret: string): Promise<unknown> {
  const url = `http://127.0.0.1:${sandbox.port}/api_v3/service/session/action/start`;
  const reply = await fetch(url, { method: 'POST', body: new URLSearchParams({ format: '1', secret, partnerId: '100', type: '2' }) });
  return JSON.parse(await reply.text()) as unknown;
}

describe('kreq sandbox --host', () => {
  test('a non-loopback host without --public is refused (exit 2), nothing listens', async () => {
    const r = await run(['--schema', SCHEMA_22, '--port', '0', '--host', '0.0.0.0']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^kreq sandbox: --host 0\.0\.0\.0 lets other machines reach the sandbox; add --public/);
  });

  test('--public: a warning, random secrets printed (the fixed ones fail), no CORS header', async () => {
    const r = await run(['--schema', SCHEMA_22, '--port', '0', '--host', '0.0.0.0', '--public'], async (sandbox, out) => {
      const secret = /admin secret ([0-9a-f]{32})/.exec(out)?.[1] ?? '';
      const ping = await fetch(`http://127.0.0.1:${sandbox.port}/api_v3/service/system/action/ping?format=1`);
      return { fixed: await startSession(sandbox, 'sandbox-admin-secret'), printed: await startSession(sandbox, secret), cors: ping.headers.get('access-control-allow-origin') };
    });
    assert.equal(r.code, 0);
    assert.match(r.err, /warning: listening on 0\.0\.0\.0: other machines can reach this sandbox/);
    assert.doesNotMatch(r.out, /sandbox-admin-secret|sandbox-user-secret|sandbox-app-token-secret/);
    assert.equal((r.seen.fixed as { code?: string }).code, 'START_SESSION_ERROR');
    assert.equal(typeof r.seen.printed, 'string');
    assert.equal(r.seen.cors, null);
  });

  test('--public --admin-secret S uses S', async () => {
    const r = await run(['--schema', SCHEMA_22, '--port', '0', '--host', '0.0.0.0', '--public', '--admin-secret', 'my-own-secret'], async (sandbox) => ({
      ks: await startSession(sandbox, 'my-own-secret'),
    }));
    assert.match(r.out, /admin secret my-own-secret,/);
    assert.equal(typeof r.seen.ks, 'string');
  });

  test('loopback keeps the fixed credentials and CORS', async () => {
    const r = await run(['--schema', SCHEMA_22, '--port', '0'], async (sandbox) => ({
      ks: await startSession(sandbox, 'sandbox-admin-secret'),
      cors: (await fetch(`${sandbox.url}/api_v3/service/system/action/ping`)).headers.get('access-control-allow-origin'),
    }));
    assert.equal(r.err, '');
    assert.equal(typeof r.seen.ks, 'string');
    assert.equal(r.seen.cors, '*');
  });
});

describe('kreq sandbox --schema URL', () => {
  let server: http.Server;
  let base = '';
  before(async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(MAX_SCHEMA_BYTES + 1024 * 1024, 0x20), { level: 9 });
    server = http.createServer((req, res) => {
      if (req.url === '/bomb.xml') {
        res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Encoding': 'gzip', 'Content-Length': String(bomb.length) });
        res.end(bomb);
      } else if (req.url === '/declared.xml') {
        res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': String(2 * 1024 ** 3) });
        res.write('<?xml version="1.0"?>');
        setTimeout(() => res.destroy(), 50);
      } else if (req.url === '/chunked.xml') {
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent <= MAX_SCHEMA_BYTES + chunk.length && res.write(chunk)) sent += chunk.length;
          if (sent > MAX_SCHEMA_BYTES + chunk.length) res.end();
          else res.once('drain', pump);
        };
        res.on('error', () => undefined);
        pump();
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  for (const [name, file] of [
    ['a gzip bomb (small download, over 50 MB decompressed)', 'bomb.xml'],
    ['a declared Content-Length over 50 MB', 'declared.xml'],
    ['a body that keeps coming past 50 MB', 'chunked.xml'],
  ]) {
    test(`${name}: a one-line error, exit 1, no stack trace`, async () => {
      const started = performance.now();
      const r = await run(['--schema', `${base}/${file}`, '--port', '0']);
      assert.equal(r.code, 1);
      assert.equal(r.err, `kreq sandbox: cannot download ${base}/${file}: the schema is larger than 50 MB\n`);
      assert.ok(performance.now() - started < 10_000);
    });
  }

  test('HTTP 404: a one-line error', async () => {
    const r = await run(['--schema', `${base}/missing.xml`, '--port', '0']);
    assert.equal(r.code, 1);
    assert.equal(r.err, `kreq sandbox: cannot download ${base}/missing.xml: HTTP 404\n`);
  });
});
