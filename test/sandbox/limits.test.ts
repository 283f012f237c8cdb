/** The sandbox's bounds, played as an attacker would: huge multirequests, oversized bodies and uploads, CORS off loopback. */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_MULTIREQUEST_CALLS, startSandbox } from '../../server/src/sandbox/index';
import { runMultiRequest } from '../../server/src/sandbox/multiRequest';
import type { PhpArray } from '../../server/src/sandbox/phpValues';
import { realSchema } from '../support/realSchema';
import { useSandbox } from './sandboxClient';

const MB = 1024 * 1024;
const UPLOAD_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-limits-'));
let ks = '';
const client = useSandbox({ maxFormBytes: 1 * MB, maxFileBytes: 2 * MB, uploadDir: UPLOAD_DIR }, async (c) => {
  ks = await c.adminKs();
});

/** `n` pings, each after the first naming the previous result. */
function chain(n: number): PhpArray {
  const params: PhpArray = new Map([['format', '1']]);
  for (let i = 1; i <= n; i++) {
    params.set(`${i}:service`, 'system');
    params.set(`${i}:action`, 'ping');
    if (i > 1) params.set(`${i}:note`, `{${i - 1}:result}`);
  }
  return params;
}

function timeChain(n: number): number {
  const params = chain(n);
  const started = performance.now();
  const results = runMultiRequest(realSchema(), params, (p) => p.get('note') ?? 'first', Infinity);
  assert.equal(results.length, n);
  assert.equal(results[n - 1], 'first', 'every token was replaced by the previous call');
  return performance.now() - started;
}

describe('multirequest size', () => {
  test('token substitution is linear: 4× the calls take well under 16× the time', () => {
    timeChain(2_000); // warm up
    const small = timeChain(10_000);
    const large = timeChain(40_000);
    assert.ok(large < Math.max(small * 8, 50), `10,000 calls ${small.toFixed(0)} ms, 40,000 calls ${large.toFixed(0)} ms`);
    assert.ok(large < 5_000, `40,000 calls took ${large.toFixed(0)} ms`);
  });

  test(`${MAX_MULTIREQUEST_CALLS} calls run; more are refused as a whole with MULTIREQUEST_TOO_MANY_CALLS, at once`, async () => {
    const sandbox = await startSandbox({ schema: realSchema() }); // default body limits: 40,000 calls fit in 10 MB
    try {
      const post = async (n: number) => {
        const body = new URLSearchParams({ ks });
        for (const [k, v] of chain(n)) body.append(k, String(v));
        const reply = await fetch(`${sandbox.url}/api_v3/service/multirequest`, { method: 'POST', body });
        return JSON.parse(await reply.text()) as unknown;
      };
      assert.equal(((await post(MAX_MULTIREQUEST_CALLS)) as unknown[]).length, MAX_MULTIREQUEST_CALLS);
      const started = performance.now();
      const refused = (await post(40_000)) as Record<string, unknown>;
      assert.equal(refused.code, 'MULTIREQUEST_TOO_MANY_CALLS');
      assert.equal(refused.message, `A multirequest may hold at most ${MAX_MULTIREQUEST_CALLS} calls, this one has 40000`);
      assert.ok(performance.now() - started < 5_000);
    } finally {
      await sandbox.close();
    }
  });
});

describe('request bodies', () => {
  test('a form body over the limit: HTTP 413; the sandbox keeps answering', async () => {
    const reply = await client.form('/api_v3/service/system/action/ping', { format: '1', pad: 'x'.repeat(2 * MB) });
    assert.equal(reply.status, 413);
    assert.match(reply.text, /^Request Entity Too Large: request body larger than 1048576 bytes/);
    assert.equal((await client.get('/api_v3/service/system/action/ping', { format: '1' })).text, 'true');
  });

  test('a JSON body over the limit: HTTP 413', async () => {
    const reply = await client.json('/api_v3/service/system/action/ping', { format: 1, pad: 'x'.repeat(2 * MB) });
    assert.equal(reply.status, 413);
  });

  test('multipart text fields over the limit: HTTP 413', async () => {
    const body = new FormData();
    body.set('format', '1');
    body.set('pad', 'x'.repeat(2 * MB));
    const reply = await client.send('/api_v3/service/system/action/ping', { method: 'POST', body });
    assert.equal(reply.status, 413);
    assert.match(reply.text, /form fields larger than 1048576 bytes/);
  });

  async function upload(bytes: number): Promise<{ status: number; text: string; tokenId: string }> {
    const token = (await client.call('uploadToken', 'add', { ks })) as { id: string };
    const body = new FormData();
    for (const [k, v] of Object.entries({ format: '1', ks, uploadTokenId: token.id })) body.set(k, v);
    body.set('fileData', new Blob([Buffer.alloc(bytes, 7)]), 'big.bin');
    const reply = await client.send('/api_v3/service/uploadToken/action/upload', { method: 'POST', body });
    return { ...reply, tokenId: token.id };
  }

  test('an uploaded file over the per-file limit: HTTP 413, nothing left on disk', async () => {
    const reply = await upload(3 * MB);
    assert.equal(reply.status, 413);
    assert.match(reply.text, /file "big\.bin" larger than 2097152 bytes/);
    assert.deepEqual(fs.readdirSync(UPLOAD_DIR), []);
  });

  test('a file within the limit (larger than the form limit) is spooled to disk and stored whole', async () => {
    const reply = await upload(Math.floor(1.5 * MB));
    assert.equal(reply.status, 200);
    const token = JSON.parse(reply.text) as { status: number; uploadedFileSize: number };
    assert.deepEqual([token.status, token.uploadedFileSize], [2, Math.floor(1.5 * MB)]);
    assert.equal(fs.statSync(path.join(UPLOAD_DIR, reply.tokenId)).size, Math.floor(1.5 * MB));
  });
});

describe('CORS', () => {
  test('on loopback every answer allows any origin', async () => {
    const reply = await client.get('/api_v3/service/system/action/ping', { format: '1' });
    assert.equal(reply.headers.get('access-control-allow-origin'), '*');
  });

  test('on an address other machines reach, no CORS headers (preflight included)', async () => {
    const sandbox = await startSandbox({ schema: realSchema(), host: '0.0.0.0' });
    try {
      const url = `http://127.0.0.1:${sandbox.port}/api_v3/service/system/action/ping?format=1`;
      const reply = await fetch(url);
      assert.equal(await reply.text(), 'true');
      assert.equal(reply.headers.get('access-control-allow-origin'), null);
      const preflight = await fetch(url, { method: 'OPTIONS' });
      assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    } finally {
      await sandbox.close();
    }
  });
});
