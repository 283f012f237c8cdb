/**
 * Multirequests against protocol.md §5: sub-request layout, common params, the stop rule, and the exact semantics of
 * `{N:result…}` tokens (greedy detection, `_all`, scalar-only `{N:result}`, failed calls, forward references).
 */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorLine, useSandbox } from './sandboxClient';

let ks = '';
const client = useSandbox({}, async (c) => {
  ks = await c.adminKs();
});


async function multi(fields: Record<string, string>): Promise<unknown[]> {
  const reply = await client.form('/api_v3/service/multirequest', { format: '1', ks, ...fields });
  return JSON.parse(reply.text) as unknown[];
}

function addMedia(index: number, name: string): Record<string, string> {
  return { [`${index}:service`]: 'media', [`${index}:action`]: 'add', [`${index}:entry:mediaType`]: '1', [`${index}:entry:name`]: name };
}

function getEntry(index: number, entryId: string): Record<string, string> {
  return { [`${index}:service`]: 'media', [`${index}:action`]: 'get', [`${index}:entryId`]: entryId };
}

const notFound = (id: string) => `ENTRY_ID_NOT_FOUND: Entry id "${id}" not found {"ENTRY_ID":"${id}"}`;

describe('layout', () => {
  test('the protocol example: session, list, get', async () => {
    await client.call('media', 'add', { ks, 'entry:mediaType': '1', 'entry:name': 'mr-example' });
    const reply = await client.form('/api_v3/service/multirequest', {
      format: '1',
      '1:service': 'session',
      '1:action': 'start',
      '1:secret': 'sandbox-admin-secret',
      '1:partnerId': '100',
      '1:type': '2',
      '2:service': 'media',
      '2:action': 'list',
      '2:ks': '{1:result}',
      '2:filter:statusIn': '7',
      '2:pager:pageSize': '1',
      '3:service': 'media',
      '3:action': 'get',
      '3:ks': '{1:result}',
      '3:entryId': '{2:result:objects:0:id}',
    });
    const [session, list, entry] = JSON.parse(reply.text) as [string, { objects: { id: string }[] }, { id: string }];
    assert.equal(typeof session, 'string');
    assert.equal(entry.id, list.objects[0].id);
  });

  test('0-based keys: tokens still count executed requests from 1', async () => {
    const results = await multi({ ...addMedia(0, 'zero-based'), ...getEntry(1, '{1:result:id}') });
    assert.equal((results[1] as { name: string }).name, 'zero-based');
  });

  test('JSON body with numeric keys', async () => {
    const reply = await client.json('/api_v3/service/multirequest', { format: 1, ks, 1: { service: 'system', action: 'ping' }, 2: { service: 'system', action: 'getVersion' } });
    assert.equal(reply.text, '[true,"22.19.0"]');
  });

  test('stops at the first index without service/action', async () => {
    assert.deepEqual(await multi({ '1:service': 'system', '1:action': 'ping', '3:service': 'system', '3:action': 'ping' }), [true]);
    assert.deepEqual(await multi({ '2:service': 'system', '2:action': 'ping' }), []);
    assert.deepEqual(await multi({ '1:service': 'system', '2:service': 'system', '2:action': 'ping' }), []);
  });

  test('common ks is copied in; a sub-request format is ignored; errors are per item', async () => {
    const results = await multi({ ...getEntry(1, '0_missing'), '1:format': '2', '2:service': 'system', '2:action': 'ping' });
    assert.equal(errorLine(results[0]), notFound('0_missing'));
    assert.equal(results[1], true);
  });

  test('a sub-request without the common ks gets MISSING_KS', async () => {
    const reply = await client.form('/api_v3/service/multirequest', { format: '1', ...getEntry(1, 'x') });
    assert.equal(errorLine((JSON.parse(reply.text) as unknown[])[0]), 'MISSING_KS: Missing KS, session not established []');
  });
});

describe('tokens', () => {
  test('property path into an object; ints become strings', async () => {
    const results = await multi({ ...addMedia(1, 'source'), ...getEntry(2, '{1:result:id}'), ...getEntry(3, '{1:result:partnerId}') });
    assert.equal((results[1] as { name: string }).name, 'source');
    assert.equal(errorLine(results[2]), notFound('100'));
  });

  test('embedded in a longer string and in a nested object field', async () => {
    const results = await multi({ ...addMedia(1, 'original'), ...addMedia(2, 'Copy of {1:result:name}!') });
    assert.equal((results[1] as { name: string }).name, 'Copy of original!');
  });

  test('{N:result} is the value itself for a scalar', async () => {
    const results = await multi({ '1:service': 'system', '1:action': 'getVersion', ...getEntry(2, 'v{1:result}') });
    assert.equal(errorLine(results[1]), notFound('v22.19.0'));
  });

  test('{N:result} of an object is an empty string', async () => {
    const results = await multi({ ...addMedia(1, 'object'), ...getEntry(2, '[{1:result}]') });
    assert.equal(errorLine(results[1]), notFound('[]'));
  });

  test('two tokens in one value: one greedy path, replaced by an empty string', async () => {
    const results = await multi({ ...addMedia(1, 'a'), ...addMedia(2, 'b'), ...getEntry(3, '{1:result:id},{2:result:id}') });
    assert.equal(errorLine(results[2]), notFound(''));
  });

  test('a later `}` in the value breaks the token', async () => {
    const results = await multi({ ...addMedia(1, 'a'), ...getEntry(2, 'x{1:result:id}y}') });
    assert.equal(errorLine(results[1]), notFound('x'));
  });

  test('_all joins one attribute with a trailing comma', async () => {
    const first = (await client.call('media', 'add', { ks, 'entry:mediaType': '1', 'entry:name': 'all-1', 'entry:tags': 'alltag' })) as { id: string };
    const second = (await client.call('media', 'add', { ks, 'entry:mediaType': '1', 'entry:name': 'all-2', 'entry:tags': 'alltag' })) as { id: string };
    const results = await multi({
      '1:service': 'media',
      '1:action': 'list',
      '1:filter:statusIn': '7',
      '1:filter:tagsLike': 'alltag',
      '1:filter:orderBy': '+createdAt',
      ...getEntry(2, '{1:result:objects:_all:id}'),
    });
    assert.equal(errorLine(results[1]), notFound(`${first.id},${second.id},`));
  });

  test('an earlier failed call gives an empty string, and the call still runs', async () => {
    const results = await multi({ ...getEntry(1, '0_nope'), ...getEntry(2, '{1:result:id}') });
    assert.equal(errorLine(results[1]), notFound(''));
  });

  test('forward, self and {0:…} references stay literal', async () => {
    const results = await multi({ ...getEntry(1, '{2:result:id}'), ...getEntry(2, '{2:result:id}'), ...getEntry(3, '{0:result}') });
    assert.deepEqual(results.map(errorLine), [notFound('{2:result:id}'), notFound('{2:result:id}'), notFound('{0:result}')]);
  });

  test('a missing property or index gives an empty string', async () => {
    const results = await multi({ ...addMedia(1, 'p'), ...getEntry(2, '{1:result:nope}'), ...getEntry(3, '{1:result:operationAttributes:3}') });
    assert.deepEqual(results.slice(1).map(errorLine), [notFound(''), notFound('')]);
  });

  test('reading code/message of a failed call kills the request (HTTP 500)', async () => {
    const reply = await client.form('/api_v3/service/multirequest', { format: '1', ks, ...getEntry(1, '0_nope'), ...getEntry(2, '{1:result:code}') });
    assert.equal(reply.status, 500);
    assert.equal(reply.text, '');
  });
});
