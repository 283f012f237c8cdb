/**
 * `media` and `baseEntry` over the sandbox store: add/get/update/delete/count, read-only and insert-only checks, the
 * default READY-only list, filters, ordering and the pager.
 */

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorLine, useSandbox } from './sandboxClient';

const START = 1_700_000_000;
let clock = START * 1000;
let ks = '';
const client = useSandbox({ now: () => clock }, async (c) => {
  ks = await c.adminKs();
});

interface Entry {
  readonly id: string;
  readonly name: string;
  readonly status: number;
  readonly createdAt: number;
  readonly objectType: string;
  readonly [key: string]: unknown;
}
interface List {
  readonly objects: Entry[];
  readonly totalCount: number;
}

/** Adds an entry one second after the previous one. */
async function add(fields: Record<string, string>, service = 'media'): Promise<Entry> {
  clock += 1000;
  return (await client.call(service, 'add', { ks, 'entry:mediaType': '1', ...fields })) as Entry;
}

async function list(fields: Record<string, string>, service = 'media'): Promise<List> {
  return (await client.call(service, 'list', { ks, ...fields })) as List;
}

const names = (l: List) => l.objects.map((e) => e.name);


describe('CRUD', () => {
  test('add gives an id, NO_CONTENT status and server fields; get returns it', async () => {
    const entry = await add({ 'entry:name': 'first', 'entry:description': 'd' });
    assert.match(entry.id, /^0_[a-z0-9]{8}$/);
    assert.deepEqual(
      [entry.status, entry.partnerId, entry.createdAt, entry.userId, entry.type, entry.mediaType, entry.objectType],
      [7, 100, Math.floor(clock / 1000), 'admin@example.com', 1, 1, 'KalturaMediaEntry'],
    );
    assert.deepEqual(await client.call('media', 'get', { ks, entryId: entry.id }), entry);
    assert.deepEqual(await client.call('baseEntry', 'get', { ks, entryId: entry.id }), entry);
  });

  test('update changes writable properties and updatedAt', async () => {
    const entry = await add({ 'entry:name': 'before' });
    clock += 5000;
    const updated = (await client.call('media', 'update', { ks, entryId: entry.id, 'mediaEntry:name': 'after', 'mediaEntry:id': entry.id, 'mediaEntry:mediaType': '1' })) as Entry;
    assert.deepEqual([updated.name, updated.updatedAt, updated.createdAt], ['after', Math.floor(clock / 1000), entry.createdAt]);
  });

  const rejected: [string, string, Record<string, string>, string][] = [
    ['read-only with another value', 'media', { 'mediaEntry:id': '0_other' }, 'KalturaMediaEntry::id'],
    ['insert-only with another value', 'media', { 'mediaEntry:mediaType': '2' }, 'KalturaMediaEntry::mediaType'],
    ['read-only nulled', 'media', { 'mediaEntry:status__null': '' }, 'KalturaMediaEntry::status'],
    ['class as sent', 'baseEntry', { 'baseEntry:partnerId': '5' }, 'KalturaBaseEntry::partnerId'],
  ];
  for (const [name, service, fields, prop] of rejected) {
    test(`update rejects ${name}`, async () => {
      const entry = await add({});
      const reply = await client.call(service, 'update', { ks, entryId: entry.id, ...fields });
      assert.equal(errorLine(reply), `PROPERTY_VALIDATION_NOT_UPDATABLE: The property "${prop}" cannot be updated {"PROP_NAME":"${prop}"}`);
    });
  }

  test('delete, then the entry is gone', async () => {
    const entry = await add({ 'entry:name': 'doomed' });
    assert.equal(await client.call('media', 'delete', { ks, entryId: entry.id }), null);
    assert.equal(errorLine(await client.call('media', 'get', { ks, entryId: entry.id })), `ENTRY_ID_NOT_FOUND: Entry id "${entry.id}" not found {"ENTRY_ID":"${entry.id}"}`);
    assert.equal(errorLine(await client.call('baseEntry', 'delete', { ks, entryId: entry.id })), `ENTRY_ID_NOT_FOUND: Entry id "${entry.id}" not found {"ENTRY_ID":"${entry.id}"}`);
  });

  test('media actions do not see non-media entries', async () => {
    const entry = await add({ 'entry:name': 'plain base' }, 'baseEntry');
    assert.equal(entry.objectType, 'KalturaBaseEntry');
    assert.equal(errorLine(await client.call('media', 'get', { ks, entryId: entry.id })), `ENTRY_ID_NOT_FOUND: Entry id "${entry.id}" not found {"ENTRY_ID":"${entry.id}"}`);
    assert.equal((await client.call('baseEntry', 'get', { ks, entryId: entry.id }) as Entry).name, 'plain base');
  });
});

describe('list and count', () => {
  let tagged: Entry[] = [];
  before(async () => {
    tagged = [
      await add({ 'entry:name': 'Banana split', 'entry:tags': 'fruit,dessert' }),
      await add({ 'entry:name': 'apple pie', 'entry:tags': 'fruit', 'entry:mediaType': '2' }),
      await add({ 'entry:name': 'Cherry', 'entry:tags': 'fruit,red', 'entry:mediaType': '5' }),
    ];
  });
  const fruit = { 'filter:tagsLike': 'fruit', 'filter:statusIn': '2,7' };

  test('READY only by default; statusIn/statusEqual/idEqual lift it, idIn does not', async () => {
    assert.equal((await list({ 'filter:tagsLike': 'fruit' })).totalCount, 0);
    assert.equal((await list(fruit)).totalCount, 3);
    assert.equal((await list({ 'filter:tagsLike': 'fruit', 'filter:statusEqual': '7' })).totalCount, 3);
    assert.deepEqual(names(await list({ 'filter:idEqual': tagged[1].id })), ['apple pie']);
    assert.equal((await list({ 'filter:idIn': tagged.map((e) => e.id).join(',') })).totalCount, 0);
    assert.equal(await client.call('media', 'count', { ks, ...fruit }), 3);
  });

  const filters: [string, Record<string, string>, string[]][] = [
    ['default order: newest first', {}, ['Cherry', 'apple pie', 'Banana split']],
    ['+createdAt', { 'filter:orderBy': '+createdAt' }, ['Banana split', 'apple pie', 'Cherry']],
    ['+name', { 'filter:orderBy': '+name' }, ['apple pie', 'Banana split', 'Cherry']],
    ['-name', { 'filter:orderBy': '-name' }, ['Cherry', 'Banana split', 'apple pie']],
    ['nameLike is case-insensitive', { 'filter:nameLike': 'AN' }, ['Banana split']],
    ['nameEqual', { 'filter:nameEqual': 'Cherry' }, ['Cherry']],
    ['tagsLike', { 'filter:tagsLike': 'red' }, ['Cherry']],
    ['mediaTypeEqual', { 'filter:mediaTypeEqual': '2' }, ['apple pie']],
    ['mediaTypeIn', { 'filter:mediaTypeIn': '1,5' }, ['Cherry', 'Banana split']],
    ['statusEqual READY', { 'filter:statusEqual': '2' }, []],
    ['createdAtGreaterThanOrEqual', { 'filter:createdAtGreaterThanOrEqual': 'SECOND' }, ['Cherry', 'apple pie']],
    ['createdAtLessThanOrEqual', { 'filter:createdAtLessThanOrEqual': 'SECOND' }, ['apple pie', 'Banana split']],
    ['pageSize and pageIndex', { 'pager:pageSize': '2', 'pager:pageIndex': '2' }, ['Banana split']],
  ];
  for (const [name, fields, expected] of filters) {
    test(name, async () => {
      const resolved = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === 'SECOND' ? String(tagged[1].createdAt) : v]));
      const result = await list({ ...fruit, ...resolved });
      assert.deepEqual(names(result), expected);
      assert.equal(result.totalCount, name.startsWith('page') ? 3 : expected.length);
    });
  }

  test('baseEntry.list ignores media-only filter fields unless the filter says KalturaMediaEntryFilter', async () => {
    assert.equal((await list({ ...fruit, 'filter:mediaTypeEqual': '2' }, 'baseEntry')).totalCount, 3);
    assert.deepEqual(names(await list({ ...fruit, 'filter:objectType': 'KalturaMediaEntryFilter', 'filter:mediaTypeEqual': '2' }, 'baseEntry')), ['apple pie']);
  });

  test('pager: 30 by default and for 0, pages from 1, large sizes allowed', async () => {
    const fields: Record<string, string> = { format: '1', ks };
    for (let i = 1; i <= 35; i++) Object.assign(fields, { [`${i}:service`]: 'media', [`${i}:action`]: 'add', [`${i}:entry:mediaType`]: '1', [`${i}:entry:tags`]: 'bulk' });
    await client.form('/api_v3/service/multirequest', fields);
    const bulk = { 'filter:tagsLike': 'bulk', 'filter:statusIn': '7' };
    const counts = async (pager: Record<string, string>) => {
      const l = await list({ ...bulk, ...pager });
      return [l.objects.length, l.totalCount];
    };
    assert.deepEqual(await counts({}), [30, 35]);
    assert.deepEqual(await counts({ 'pager:pageSize': '0' }), [30, 35]);
    assert.deepEqual(await counts({ 'pager:pageSize': '9999' }), [35, 35]);
    assert.deepEqual(await counts({ 'pager:pageIndex': '2' }), [5, 35]);
  });
});
