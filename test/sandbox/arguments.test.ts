/**
 * Argument building against protocol.md §3: `:` flattening (incl. `-` and `__null`), scalar casts, relative times,
 * enum checks, mandatory params, polymorphic `objectType`, abstract types, unknown properties, read-only properties.
 */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorLine, useSandbox } from './sandboxClient';

const client = useSandbox();

type Entry = Record<string, unknown>;

async function addMedia(fields: Record<string, string>): Promise<Entry> {
  const ks = await client.adminKs();
  return (await client.call('media', 'add', { ks, 'entry:mediaType': '1', ...fields })) as Entry;
}

function pick(entry: Entry, ...names: string[]): Entry {
  return Object.fromEntries(names.map((n) => [n, entry[n]]));
}

describe('flattening', () => {
  test('`:` paths build nested objects', async () => {
    const entry = await addMedia({ 'entry:objectType': 'KalturaMediaEntry', 'entry:name': 'flat', 'entry:tags': 'a,b' });
    assert.deepEqual(pick(entry, 'name', 'tags', 'mediaType', 'objectType'), { name: 'flat', tags: 'a,b', mediaType: 1, objectType: 'KalturaMediaEntry' });
  });

  test('JSON: nested objects and top-level `:` keys mix', async () => {
    const ks = await client.adminKs();
    const reply = await client.json('/api_v3/service/media/action/add', { format: 1, ks, entry: { mediaType: 2, name: 'nested' }, 'entry:tags': 'top' });
    assert.deepEqual(pick(JSON.parse(reply.text) as Entry, 'name', 'tags', 'mediaType'), { name: 'nested', tags: 'top', mediaType: 2 });
  });

  test('arrays of objects by index, `-` empties, `__null` clears', async () => {
    const ks = await client.adminKs();
    const entry = await addMedia({ 'entry:description': 'to be cleared' });
    const id = String(entry.id);
    const withClip = (await client.call('media', 'update', {
      ks,
      entryId: id,
      'mediaEntry:operationAttributes:1:objectType': 'KalturaClipAttributes',
      'mediaEntry:operationAttributes:1:offset': '7',
      'mediaEntry:operationAttributes:0:objectType': 'KalturaClipAttributes',
      'mediaEntry:operationAttributes:0:offset': '5',
    })) as Entry;
    assert.deepEqual(withClip.operationAttributes, [
      { offset: 5, objectType: 'KalturaClipAttributes' },
      { offset: 7, objectType: 'KalturaClipAttributes' },
    ]);
    const cleared = (await client.call('media', 'update', { ks, entryId: id, 'mediaEntry:operationAttributes:-': '', 'mediaEntry:description__null': '' })) as Entry;
    assert.deepEqual(pick(cleared, 'operationAttributes', 'description'), { operationAttributes: [], description: undefined });
  });

  test('JSON `{"-": ""}` is an empty array', async () => {
    const ks = await client.adminKs();
    const entry = await addMedia({ 'entry:operationAttributes:0:objectType': 'KalturaClipAttributes', 'entry:operationAttributes:0:offset': '1' });
    const reply = await client.json('/api_v3/service/media/action/update', { format: 1, ks, entryId: entry.id, mediaEntry: { operationAttributes: { '-': '' } } });
    assert.deepEqual((JSON.parse(reply.text) as Entry).operationAttributes, []);
  });

  test('unknown properties are ignored', async () => {
    const entry = await addMedia({ 'entry:nmae': 'typo', 'entry:name': 'kept' });
    assert.equal(entry.name, 'kept');
    assert.equal(entry.nmae, undefined);
  });
});

describe('casts', () => {
  const cases: [string, Record<string, string>, Entry][] = [
    ['int takes the leading number', { 'entry:msDuration': '12.9xyz' }, { msDuration: 12 }],
    ['int of text is 0', { 'entry:msDuration': 'abc' }, { msDuration: 0 }],
    ['bool "false" (any case)', { 'entry:blockAutoTranscript': 'FALSE' }, { blockAutoTranscript: false }],
    ['bool "0"', { 'entry:blockAutoTranscript': '0' }, { blockAutoTranscript: false }],
    ['bool other text', { 'entry:blockAutoTranscript': 'no' }, { blockAutoTranscript: true }],
    ['string enum by value', { 'entry:sourceType': '32' }, { sourceType: '32' }],
    ['int enum numeric text', { 'entry:mediaType': ' 5' }, { mediaType: 5 }],
    ['absolute time kept', { 'entry:startDate': '1700000000' }, { startDate: 1700000000 }],
  ];
  for (const [name, fields, expected] of cases) {
    test(name, async () => {
      const entry = await addMedia(fields);
      assert.deepEqual(pick(entry, ...Object.keys(expected)), expected);
    });
  }

  test('relative time is seconds from now', async () => {
    const before = Math.floor(Date.now() / 1000);
    const entry = await addMedia({ 'entry:startDate': '-3600' });
    const startDate = Number(entry.startDate);
    assert.ok(startDate >= before - 3600 && startDate <= before - 3600 + 5, `startDate ${startDate}`);
  });
});

describe('argument errors', () => {
  const cases: [string, string, string, Record<string, string>, string][] = [
    ['missing simple param', 'media', 'get', {}, 'MISSING_MANDATORY_PARAMETER: Missing parameter "entryId" {"PARAM_NAME":"entryId"}'],
    ['missing object param', 'media', 'add', {}, 'MISSING_MANDATORY_PARAMETER: Missing parameter "entry" {"PARAM_NAME":"entry"}'],
    [
      'int enum param "true" is 1',
      'session',
      'start',
      { secret: 'x', type: 'true' },
      'INVALID_ENUM_VALUE: Invalid enumeration value "1" for parameter "type", expecting enumeration type "KalturaSessionType" {"ENUM_VAL":"1","PARAM_NAME":"type","ENUM_TYPE":"KalturaSessionType"}',
    ],
    [
      'int enum property',
      'media',
      'add',
      { 'entry:mediaType': '1abc' },
      'INVALID_ENUM_VALUE: Invalid enumeration value "1abc" for parameter "mediaType", expecting enumeration type "KalturaMediaType" {"ENUM_VAL":"1abc","PARAM_NAME":"mediaType","ENUM_TYPE":"KalturaMediaType"}',
    ],
    [
      'string enum property',
      'media',
      'add',
      { 'entry:mediaType': '1', 'entry:sourceType': 'bogus' },
      'INVALID_ENUM_VALUE: Invalid enumeration value "bogus" for parameter "sourceType", expecting enumeration type "KalturaSourceType" {"ENUM_VAL":"bogus","PARAM_NAME":"sourceType","ENUM_TYPE":"KalturaSourceType"}',
    ],
    [
      'abstract type without objectType',
      'media',
      'addContent',
      { entryId: '0_x', 'resource:token': 't' },
      'OBJECT_TYPE_ABSTRACT: The object type "KalturaResource" is abstract, use one of the object implementations {"OBJ_TYPE":"KalturaResource"}',
    ],
    [
      'objectType of an unrelated class is ignored',
      'media',
      'addContent',
      { entryId: '0_x', 'resource:objectType': 'KalturaMediaEntry' },
      'OBJECT_TYPE_ABSTRACT: The object type "KalturaResource" is abstract, use one of the object implementations {"OBJ_TYPE":"KalturaResource"}',
    ],
    [
      'abstract subclass',
      'media',
      'addContent',
      { entryId: '0_x', 'resource:objectType': 'KalturaContentResource' },
      'OBJECT_TYPE_ABSTRACT: The object type "KalturaContentResource" is abstract, use one of the object implementations {"OBJ_TYPE":"KalturaContentResource"}',
    ],
    ['object param given a scalar', 'media', 'add', { entry: 'x' }, 'PROPERTY_VALIDATION_WRONG_FORMAT: The property "entry" must match format array {"PROP_NAME":"entry","FORMAT":"array"}'],
    ['XML-invalid character', 'media', 'add', { 'entry:mediaType': '1', 'entry:name': 'a\u0001b' }, 'INVALID_PARAMETER_CHAR: Invalid char in "name" field {"XML_FIELD":"name"}'],
    [
      'maxLength',
      'media',
      'add',
      { 'entry:mediaType': '1', 'entry:userId': 'u'.repeat(101) },
      'PROPERTY_VALIDATION_MAX_LENGTH: The property "userId" cannot have more than 100 characters {"PROP_NAME":"userId","MAX_LEN":"100"}',
    ],
    [
      'read-only property on add',
      'media',
      'add',
      { 'entry:mediaType': '1', 'entry:id': '0_mine' },
      'PROPERTY_VALIDATION_NOT_UPDATABLE: The property "KalturaMediaEntry::id" cannot be updated {"PROP_NAME":"KalturaMediaEntry::id"}',
    ],
    ['media.add needs mediaType', 'media', 'add', { 'entry:name': 'x' }, 'PROPERTY_VALIDATION_CANNOT_BE_NULL: The property "KalturaMediaEntry::mediaType" cannot be null {"PROP_NAME":"KalturaMediaEntry::mediaType"}'],
  ];
  for (const [name, service, action, fields, expected] of cases) {
    test(name, async () => {
      const ks = await client.adminKs();
      assert.equal(errorLine(await client.call(service, action, { ks, ...fields })), expected);
    });
  }

  test('an int enum param "false" is 0', async () => {
    const ks = (await client.call('session', 'start', { secret: 'sandbox-user-secret', partnerId: '100', type: 'false' })) as string;
    assert.match(Buffer.from(ks, 'base64').toString(), /^[0-9a-f]{40}\|100;100;\d+;0;/);
  });
});

describe('polymorphism', () => {
  const cases: [string, string, Record<string, string>, string][] = [
    ['a subclass is honoured', 'baseEntry', { 'entry:objectType': 'KalturaMediaEntry', 'entry:mediaType': '1' }, 'KalturaMediaEntry'],
    ['class names are case-insensitive', 'baseEntry', { 'entry:objectType': 'kalturamediaentry', 'entry:mediaType': '1' }, 'KalturaMediaEntry'],
    ['a base class is not', 'media', { 'entry:objectType': 'KalturaBaseEntry', 'entry:mediaType': '1' }, 'KalturaMediaEntry'],
    ['an unknown class is not', 'media', { 'entry:objectType': 'KalturaNope', 'entry:mediaType': '1' }, 'KalturaMediaEntry'],
    ['no objectType: the declared class', 'baseEntry', { 'entry:name': 'plain' }, 'KalturaBaseEntry'],
  ];
  for (const [name, service, fields, expected] of cases) {
    test(name, async () => {
      const ks = await client.adminKs();
      const entry = (await client.call(service, 'add', { ks, ...fields })) as Entry;
      assert.equal(entry.objectType, expected, JSON.stringify(entry));
    });
  }
});
