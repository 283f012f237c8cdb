/** Load: 200 concurrent clients on loopback for a bounded time and request count get every answer right. */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSandbox } from './sandboxClient';

const CLIENTS = 200;
const SECONDS = 3;
const MAX_REQUESTS = 20_000;

let ks = '';
const client = useSandbox({}, async (c) => {
  ks = await c.adminKs();
});

test(`${CLIENTS} concurrent clients for ${SECONDS} s: 0 failures`, async (t) => {
  const url = client.sandbox().url;
  const deadline = performance.now() + SECONDS * 1000;
  let sent = 0;
  let failures = 0;
  const problems: string[] = [];
  const calls: [string, Record<string, string>, (text: string) => boolean][] = [
    ['system/action/ping', { format: '1' }, (t) => t === 'true'],
    ['media/action/list', { format: '1', ks, 'pager:pageSize': '5' }, (t) => t.includes('"objectType":"KalturaMediaListResponse"')],
    ['media/action/add', { format: '1', ks, 'entry:mediaType': '1', 'entry:name': 'load' }, (t) => t.includes('"objectType":"KalturaMediaEntry"')],
    ['multirequest', { format: '1', ks, '1:service': 'system', '1:action': 'ping', '2:service': 'session', '2:action': 'get' }, (t) => t.startsWith('[true,{')],
  ];
  const worker = async (n: number) => {
    for (let i = n; performance.now() < deadline && sent < MAX_REQUESTS; i++) {
      sent++;
      const [path, fields, ok] = calls[i % calls.length];
      try {
        const reply = await fetch(`${url}/api_v3/service/${path}`, { method: 'POST', body: new URLSearchParams(fields) });
        const text = await reply.text();
        if (reply.status !== 200 || !ok(text)) throw new Error(`${path}: HTTP ${reply.status} ${text.slice(0, 120)}`);
      } catch (e) {
        failures++;
        if (problems.length < 5) problems.push((e as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, n) => worker(n)));
  t.diagnostic(`${sent} requests, ${failures} failures`);
  assert.equal(failures, 0, problems.join('\n'));
  assert.ok(sent >= CLIENTS, `only ${sent} requests were sent`);
});
