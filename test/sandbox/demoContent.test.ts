/**
 * The sandbox's demo content (`demoContent: true`, what `kreq sandbox` starts with) as the API shows it: entries by
 * media/baseEntry get and list with filters, the category, the user, the source flavors; and none of it by default.
 */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CONTENT } from '../../server/src/sandbox/index';
import { errorLine, useSandbox } from './sandboxClient';

const START = 1_700_000_000;
const DAY = 86_400;
const clock = START * 1000;

interface Listed {
  readonly objects: Array<Record<string, unknown>>;
  readonly totalCount: number;
}

let ks = '';
const demo = useSandbox({ now: () => clock, demoContent: true }, async (c) => {
  ks = await c.adminKs();
});

async function call(service: string, action: string, fields: Record<string, string> = {}): Promise<unknown> {
  return demo.call(service, action, { ks, ...fields });
}
async function listed(service: string, fields: Record<string, string> = {}): Promise<Listed> {
  return (await call(service, 'list', fields)) as Listed;
}
const ids = (l: Listed) => l.objects.map((o) => o.id);

describe('the demo content', () => {
  test('five READY entries, newest first, with fixed ids, names, tags and creation times', async () => {
    const all = await listed('media');
    assert.deepEqual(
      all.objects.map((e) => [e.id, e.name, e.tags, e.mediaType, e.status, e.userId, e.createdAt]),
      [
        ['0_sandbox5', 'Intro', 'demo,upload', 1, 2, 'demo@example.com', START - 3600],
        ['0_sandbox4', 'Sandbox logo', 'demo,image', 2, 2, 'demo@example.com', START - 2 * DAY],
        ['0_sandbox3', 'Kreq podcast, episode 1', 'demo,podcast,audio', 5, 2, 'demo@example.com', START - 3 * DAY],
        ['0_sandbox2', 'Ocean waves at dawn', 'demo,nature,ocean', 1, 2, 'demo@example.com', START - 4 * DAY],
        ['0_sandbox1', 'Welcome to the kreq sandbox', 'demo,welcome', 1, 2, 'demo@example.com', START - 5 * DAY],
      ],
    );
    assert.equal(all.totalCount, 5);
    assert.deepEqual(DEMO_CONTENT.entryIds, ['0_sandbox1', '0_sandbox2', '0_sandbox3', '0_sandbox4', '0_sandbox5']);
  });

  test('media.get and baseEntry.get see an entry as listed', async () => {
    const entry = (await call('media', 'get', { entryId: '0_sandbox1' })) as Record<string, unknown>;
    assert.deepEqual([entry.objectType, entry.name, entry.duration, entry.categories, entry.categoriesIds], ['KalturaMediaEntry', 'Welcome to the kreq sandbox', 42, 'Demo', '1']);
    assert.deepEqual(await call('baseEntry', 'get', { entryId: '0_sandbox1' }), entry);
  });

  const filters: [string, string, Record<string, string>, string[]][] = [
    ['nameLike (as examples/getting-started.kreq lists)', 'media', { 'filter:nameLike': 'Intro' }, ['0_sandbox5']],
    ['tagsLike', 'baseEntry', { 'filter:tagsLike': 'ocean' }, ['0_sandbox2']],
    ['mediaTypeEqual (audio)', 'media', { 'filter:mediaTypeEqual': '5' }, ['0_sandbox3']],
    ['categoriesIdsMatchOr', 'baseEntry', { 'filter:categoriesIdsMatchOr': '1' }, ['0_sandbox3', '0_sandbox2', '0_sandbox1']],
    ['categoriesMatchOr with another filter', 'baseEntry', { 'filter:categoriesMatchOr': 'Demo', 'filter:mediaTypeEqual': '1', 'filter:objectType': 'KalturaMediaEntryFilter' }, ['0_sandbox2', '0_sandbox1']],
    ['userIdEqual of the demo user', 'media', { 'filter:userIdEqual': 'demo@example.com', 'filter:orderBy': '+createdAt', 'pager:pageSize': '2' }, ['0_sandbox1', '0_sandbox2']],
    ['userIdEqual of another user', 'media', { 'filter:userIdEqual': 'me@example.com' }, []],
  ];
  for (const [name, service, fields, expected] of filters) {
    test(`${service}.list: ${name}`, async () => {
      assert.deepEqual(ids(await listed(service, fields)), expected);
    });
  }

  test('the uploaded video: READY with its source flavor only, its bytes at its downloadUrl, its token CLOSED', async () => {
    const entry = (await call('media', 'get', { entryId: '0_sandbox5' })) as Record<string, unknown>;
    assert.deepEqual([entry.status, entry.flavorParamsIds, entry.duration, entry.categories], [2, '0', 0, '']);
    const flavors = await listed('flavorAsset', { 'filter:entryIdEqual': '0_sandbox5' });
    assert.deepEqual(
      flavors.objects.map((f) => [f.id, f.entryId, f.flavorParamsId, f.isOriginal, f.status, f.fileExt, f.sizeInBytes, f.tags]),
      [['0_flavor05', '0_sandbox5', 0, true, 2, 'mp4', 24, 'source']],
    );
    const bytes = Buffer.from(await (await fetch(String(entry.downloadUrl))).arrayBuffer());
    assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp');
    const tokens = await listed('uploadToken', { 'filter:statusEqual': '3' });
    assert.equal(tokens.totalCount, 5);
    assert.ok(tokens.objects.some((t) => t.attachedObjectId === '0_sandbox5' && t.fileName === 'intro.mp4'));
  });

  test('flavorAsset.get, getByEntryId and list see the flavors; unknown ids fail as on the server', async () => {
    assert.deepEqual(ids(await listed('flavorAsset')), DEMO_CONTENT.flavorAssetIds);
    assert.equal(((await call('flavorAsset', 'get', { id: '0_flavor03' })) as Record<string, unknown>).entryId, '0_sandbox3');
    assert.deepEqual(((await call('flavorAsset', 'getByEntryId', { entryId: '0_sandbox3' })) as Array<Record<string, unknown>>).map((f) => f.id), ['0_flavor03']);
    assert.equal(errorLine(await call('flavorAsset', 'get', { id: '0_nosuch' })), 'FLAVOR_ASSET_ID_NOT_FOUND: Flavor asset id "0_nosuch" not found {"ID":"0_nosuch"}');
    assert.equal(errorLine(await call('flavorAsset', 'getByEntryId', { entryId: '0_nosuch' })), 'ENTRY_ID_NOT_FOUND: Entry id "0_nosuch" not found {"ENTRY_ID":"0_nosuch"}');
  });

  test('category.list and category.get show the category with its entry counts', async () => {
    const categories = await listed('category');
    assert.deepEqual(
      categories.objects.map((c) => [c.id, c.name, c.fullName, c.fullIds, c.depth, c.entriesCount, c.directEntriesCount, c.status, c.owner, c.objectType]),
      [[1, 'Demo', 'Demo', '1', 0, 3, 3, 2, 'demo@example.com', 'KalturaCategory']],
    );
    assert.deepEqual(await call('category', 'get', { id: '1' }), categories.objects[0]);
    assert.equal((await listed('category', { 'filter:fullNameEqual': 'Demo' })).totalCount, 1);
    assert.equal((await listed('category', { 'filter:parentIdEqual': '5' })).totalCount, 0);
    assert.equal(errorLine(await call('category', 'get', { id: '99' })), 'CATEGORY_NOT_FOUND: Category id "99" not found {"ID":"99"}');
  });

  test('user.get and user.list show the demo user; a USER session gets only itself', async () => {
    const users = await listed('user');
    assert.deepEqual(
      users.objects.map((u) => [u.id, u.screenName, u.fullName, u.firstName, u.lastName, u.email, u.status, u.createdAt, u.objectType]),
      [['demo@example.com', 'Demo User', 'Demo User', 'Demo', 'User', 'demo@example.com', 1, START - 7 * DAY, 'KalturaUser']],
    );
    assert.deepEqual(await call('user', 'get', { userId: 'demo@example.com' }), users.objects[0]);
    assert.equal((await listed('user', { 'filter:firstNameOrLastNameStartsWith': 'dem' })).totalCount, 1);
    assert.equal(errorLine(await call('user', 'get', { userId: 'nobody' })), 'INVALID_USER_ID: Invalid user id []');
    const userKs = await demo.userKs('demo@example.com');
    assert.equal(((await demo.call('user', 'get', { ks: userKs })) as Record<string, unknown>).id, 'demo@example.com', 'no userId: the session user');
    const other = await demo.userKs('someone@example.com');
    assert.equal(
      errorLine(await demo.call('user', 'get', { ks: other, userId: 'demo@example.com' })),
      'CANNOT_RETRIEVE_ANOTHER_USER_USING_NON_ADMIN_SESSION: cannot retrieve another user "demo@example.com" using non-admin session {"USER_ID":"demo@example.com"}',
    );
  });
});

describe('without demoContent (the default of startSandbox)', () => {
  let emptyKs = '';
  const empty = useSandbox({}, async (c) => {
    emptyKs = await c.adminKs();
  });

  test('no entries, categories, users, flavors or upload tokens', async () => {
    for (const service of ['media', 'baseEntry', 'category', 'user', 'flavorAsset', 'uploadToken']) {
      const result = (await empty.call(service, 'list', { ks: emptyKs, 'filter:statusIn': '0,1,2,3,7' })) as Listed;
      assert.equal(result.totalCount, 0, service);
    }
    assert.equal(errorLine(await empty.call('media', 'get', { ks: emptyKs, entryId: '0_sandbox1' })), 'ENTRY_ID_NOT_FOUND: Entry id "0_sandbox1" not found {"ENTRY_ID":"0_sandbox1"}');
  });

  test('adding an entry makes its owner a user; uploading to it makes its source flavor; deleting drops the flavor', async () => {
    const entry = (await empty.call('media', 'add', { ks: emptyKs, 'entry:mediaType': '1', 'entry:name': 'mine' })) as Record<string, unknown>;
    assert.deepEqual(((await empty.call('user', 'list', { ks: emptyKs })) as Listed).objects.map((u) => [u.id, u.status]), [['admin@example.com', 1]]);
    const token = (await empty.call('uploadToken', 'add', { ks: emptyKs })) as Record<string, unknown>;
    const upload = new FormData();
    upload.set('ks', emptyKs);
    upload.set('format', '1');
    upload.set('uploadTokenId', String(token.id));
    upload.set('fileData', new Blob(['hello']), 'clip.mov');
    await empty.send('/api_v3/service/uploadToken/action/upload', { method: 'POST', body: upload });
    await empty.call('media', 'addContent', { ks: emptyKs, entryId: String(entry.id), 'resource:objectType': 'KalturaUploadedFileTokenResource', 'resource:token': String(token.id) });
    const flavors = (await empty.call('flavorAsset', 'list', { ks: emptyKs, 'filter:entryIdEqual': String(entry.id) })) as Listed;
    assert.deepEqual(flavors.objects.map((f) => [f.entryId, f.fileExt, f.sizeInBytes, f.isOriginal]), [[entry.id, 'mov', 5, true]]);
    assert.match(String(flavors.objects[0].id), /^0_[a-z0-9]{8}$/);
    await empty.call('media', 'delete', { ks: emptyKs, entryId: String(entry.id) });
    assert.equal(((await empty.call('flavorAsset', 'list', { ks: emptyKs })) as Listed).totalCount, 0);
  });
});
