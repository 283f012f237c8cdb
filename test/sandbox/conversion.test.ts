/**
 * The sandbox's simulated conversion: an entry whose content was just attached is PRECONVERT until `convertSeconds`
 * have passed on the sandbox clock, then READY in `get`, `list` and `count`; `convertSeconds: 0` makes it READY at once.
 */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSandbox, type SandboxClient } from './sandboxClient';

const START = 1_700_000_000_000;
let clock = START;

interface Entry {
  readonly id: string;
  readonly status: number;
  readonly updatedAt: number;
  readonly [key: string]: unknown;
}

/** Adds an entry and attaches a fresh uploaded file to it; returns addContent's answer. */
async function entryWithContent(client: SandboxClient, ks: string, name: string): Promise<Entry> {
  const token = (await client.call('uploadToken', 'add', { ks })) as { id: string };
  const body = new FormData();
  for (const [k, v] of Object.entries({ format: '1', ks, uploadTokenId: token.id })) body.set(k, v);
  body.set('fileData', new Blob(['bytes']), 'clip.mp4');
  await client.send('/api_v3/service/uploadToken/action/upload', { method: 'POST', body });
  const entry = (await client.call('media', 'add', { ks, 'entry:mediaType': '1', 'entry:name': name })) as Entry;
  return (await client.call('media', 'addContent', { ks, entryId: entry.id, 'resource:objectType': 'KalturaUploadedFileTokenResource', 'resource:token': token.id })) as Entry;
}

describe('conversion delay (convertSeconds 3, injected clock)', () => {
  let ks = '';
  const client = useSandbox({ now: () => clock, convertSeconds: 3 }, async (c) => {
    ks = await c.adminKs();
  });

  test('PRECONVERT right after addContent, READY once the time has passed, in get, list and count', async () => {
    clock = START;
    const attached = await entryWithContent(client, ks, 'converting');
    assert.equal(attached.status, 1, 'addContent answers PRECONVERT');
    const get = async () => (await client.call('media', 'get', { ks, entryId: attached.id })) as Entry;
    const readyList = async () => (await client.call('media', 'list', { ks, 'filter:idIn': attached.id })) as { totalCount: number };
    const count = async () => Number(await client.call('media', 'count', { ks, 'filter:idIn': attached.id }));

    clock = START + 2_999;
    assert.equal((await get()).status, 1);
    assert.equal((await readyList()).totalCount, 0, 'a PRECONVERT entry is not in a default (READY-only) list');
    assert.equal(await count(), 0);
    const converting = (await client.call('media', 'list', { ks, 'filter:idEqual': attached.id })) as { objects: Entry[] };
    assert.equal(converting.objects[0].status, 1);

    clock = START + 3_000;
    assert.equal((await readyList()).totalCount, 1, 'list shows it READY once the time has passed');
    assert.equal(await count(), 1);
    const ready = await get();
    assert.equal(ready.status, 2);
    assert.equal(ready.updatedAt, (START + 3_000) / 1000, 'updated when it became READY');
  });

  test('content cannot be attached again while converting', async () => {
    clock = START;
    const attached = await entryWithContent(client, ks, 'twice');
    const token = (await client.call('uploadToken', 'add', { ks })) as { id: string };
    const again = (await client.call('media', 'addContent', { ks, entryId: attached.id, 'resource:objectType': 'KalturaUploadedFileTokenResource', 'resource:token': token.id })) as {
      code?: string;
    };
    assert.equal(again.code, 'ENTRY_ALREADY_WITH_CONTENT');
  });
});

describe('convertSeconds 0', () => {
  let ks = '';
  const client = useSandbox({ now: () => clock, convertSeconds: 0 }, async (c) => {
    ks = await c.adminKs();
  });

  test('READY at once', async () => {
    clock = START;
    const attached = await entryWithContent(client, ks, 'instant');
    assert.equal(attached.status, 2);
    assert.equal(((await client.call('media', 'get', { ks, entryId: attached.id })) as Entry).status, 2);
  });
});
