/**
 * Where the sandbox once differed from Kaltura's server (issue 10 §3), each case decided against a named function of
 * kaltura/server: enum casts in `KalturaRequestDeserializer::buildObject`, protected exception properties and `_all`
 * in `KalturaFrontController`, `SessionService::startWidgetSession`, entry enums as numbers, the language pattern of
 * `KalturaDispatcher::dispatch`, and `getResponseProfile` / `KalturaObject::fromObject` field shaping.
 */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorLine, useSandbox } from './sandboxClient';

let ks = '';
const client = useSandbox({ convertSeconds: 0 }, async (c) => {
  ks = await c.adminKs();
});

type Fields = Record<string, string>;
type Result = Record<string, unknown>;

async function call(service: string, action: string, fields: Fields = {}): Promise<Result> {
  return (await client.call(service, action, { ks, ...fields })) as Result;
}

async function addMedia(fields: Fields = {}): Promise<Result> {
  return call('media', 'add', { 'entry:mediaType': '1', ...fields });
}

async function multi(fields: Fields): Promise<{ status: number; text: string; results: unknown[] }> {
  const reply = await client.form('/api_v3/service/multirequest', { format: '1', ks, ...fields });
  return { status: reply.status, text: reply.text, results: reply.status === 200 ? (JSON.parse(reply.text) as unknown[]) : [] };
}

function getEntry(index: number, entryId: string): Fields {
  return { [`${index}:service`]: 'media', [`${index}:action`]: 'get', [`${index}:entryId`]: entryId };
}

const notFound = (id: string) => `ENTRY_ID_NOT_FOUND: Entry id "${id}" not found {"ENTRY_ID":"${id}"}`;
const badEnum = (value: string, name: string, type: string) =>
  `INVALID_ENUM_VALUE: Invalid enumeration value "${value}" for parameter "${name}", expecting enumeration type "${type}" {"ENUM_VAL":"${value}","PARAM_NAME":"${name}","ENUM_TYPE":"${type}"}`;

describe('KalturaRequestDeserializer::buildObject — int-enum properties', () => {
  // `if(strtolower($value) == 'true') $value = 1; if(strtolower($value) == 'false' || ...) $value = 0;` before
  // `checkEnumValue`, so the error names the mapped value.
  const cases: [string, Fields, string | number][] = [
    ['"true" is 1 (KalturaMediaType VIDEO)', { 'entry:mediaType': 'true' }, 1],
    ['"TRUE" in any case is 1', { 'entry:mediaType': 'TRUE' }, 1],
    ['"false" is 0, not a KalturaMediaType: ENUM_VAL "0"', { 'entry:mediaType': 'false' }, badEnum('0', 'mediaType', 'KalturaMediaType')],
  ];
  for (const [name, fields, expected] of cases) {
    test(name, async () => {
      const entry = await addMedia(fields);
      if (typeof expected === 'number') assert.equal(entry.mediaType, expected, JSON.stringify(entry));
      else assert.equal(errorLine(entry), expected);
    });
  }

  // `... || ($type == 'KalturaNullableBoolean' && $value == '')) $value = 0;`
  test('a KalturaNullableBoolean property given "" is 0 (FALSE_VALUE)', async () => {
    const token = await call('uploadToken', 'add', { 'uploadToken:fileName': 'a.mp4', 'uploadToken:autoFinalize': '' });
    assert.equal(token.autoFinalize, 0, JSON.stringify(token));
  });

  test('a KalturaNullableBoolean property given "true" is 1 (and autoFinalize then needs fileSize)', async () => {
    const token = await call('uploadToken', 'add', { 'uploadToken:autoFinalize': 'true' });
    assert.equal(errorLine(token), 'UPLOAD_TOKEN_MISSING_FILE_SIZE: FileSize is mandatory when enabling autoFinalize []');
  });

  test('a KalturaNullableBoolean property given another text is still refused', async () => {
    const token = await call('uploadToken', 'add', { 'uploadToken:autoFinalize': 'maybe' });
    assert.equal(errorLine(token), badEnum('maybe', 'autoFinalize', 'KalturaNullableBoolean'));
  });
});

describe('KalturaFrontController — multirequest tokens', () => {
  // KalturaAPIException declares `protected $codeStr; protected $args`; `getValueFromObject` reads them with
  // `$object->$currentProperty` from outside the class: a fatal Error, the whole multirequest answers HTTP 500.
  for (const property of ['args', 'codeStr', 'code', 'message']) {
    test(`reading ${property} of a failed call: HTTP 500 with an empty body`, async () => {
      const reply = await multi({ ...getEntry(1, '0_nope'), ...getEntry(2, `{1:result:${property}}`) });
      assert.deepEqual([reply.status, reply.text], [500, '']);
    });
  }

  test('objectType of a failed call is public: an empty string, not a failure', async () => {
    const reply = await multi({ ...getEntry(1, '0_nope'), ...getEntry(2, '{1:result:objectType}') });
    assert.equal(errorLine(reply.results[1]), notFound(''));
  });

  // `getValuesFromObjectsArray`: `if(!isset($object->$attr)) continue; $res .= $object->$attr . ",";`
  test('_all skips objects that lack the attribute', async () => {
    await addMedia({ 'entry:name': 'all-a', 'entry:tags': 'fidelity-all', 'entry:referenceId': 'ref-a' });
    await addMedia({ 'entry:name': 'all-b', 'entry:tags': 'fidelity-all' });
    const list = { '1:service': 'media', '1:action': 'list', '1:filter:statusIn': '7', '1:filter:tagsLike': 'fidelity-all', '1:filter:orderBy': '+createdAt' };
    const reply = await multi({ ...list, ...getEntry(2, '{1:result:objects:_all:referenceId}'), ...getEntry(3, '{1:result:objects:_all:name}') });
    assert.deepEqual(reply.results.slice(1).map(errorLine), [notFound('ref-a,'), notFound('all-a,all-b,')]);
  });

  test('_all with no attribute gives an empty string', async () => {
    const list = { '1:service': 'media', '1:action': 'list', '1:filter:statusIn': '7', '1:filter:tagsLike': 'fidelity-all' };
    const reply = await multi({ ...list, ...getEntry(2, '{1:result:objects:_all}') });
    assert.equal(errorLine(reply.results[1]), notFound(''));
  });
});

describe('SessionService::startWidgetSession', () => {
  test('userId is the number 0 (`$userId = 0`)', async () => {
    const reply = await call('session', 'startWidgetSession', { widgetId: '_100' });
    assert.deepEqual([reply.userId, reply.objectType], [0, 'KalturaStartWidgetSessionResponse']);
  });
});

describe('entry enums are JSON numbers, as the server answers them', () => {
  test('status, type and replacementStatus of add, get and list', async () => {
    const added = await addMedia({ 'entry:name': 'numbers', 'entry:tags': 'fidelity-numbers' });
    const got = await call('media', 'get', { entryId: String(added.id) });
    const listed = (await call('media', 'list', { 'filter:tagsLike': 'fidelity-numbers', 'filter:statusIn': '7' })) as { objects: Result[] };
    for (const entry of [added, got, listed.objects[0]]) {
      assert.deepEqual([entry.status, entry.type, entry.replacementStatus], [7, 1, 0], JSON.stringify(entry));
    }
  });

  test('a type sent as text is answered as a number; status filters still match', async () => {
    const added = await call('baseEntry', 'add', { 'entry:name': 'typed', 'entry:tags': 'fidelity-typed', type: '1' });
    assert.equal(added.type, 1);
    const listed = (await call('baseEntry', 'list', { 'filter:tagsLike': 'fidelity-typed', 'filter:statusEqual': '7', 'filter:typeIn': '1,2' })) as { totalCount: number };
    assert.equal(listed.totalCount, 1);
  });

  test('the XML answer is unchanged: <status>7</status>', async () => {
    const reply = await client.form('/api_v3/service/media/action/add', { format: '2', ks, 'entry:mediaType': '1' });
    assert.match(reply.text, /<status>7<\/status>.*<type>1<\/type>/s);
  });
});

describe('KalturaDispatcher::dispatch — language', () => {
  // `multiLingualUtils::LANGUAGE_CODE_REGEX = '/^[a-zA-Z]{2,4}([-_][a-zA-Z]{2,4})?$/'`, not the KalturaLanguageCode enum.
  const accepted = ['en', 'EN', 'xx', 'heb', 'zh-Hant', 'pt_BR', 'abcd-efgh', 'multi', 'MULTI', 'en\n'];
  for (const language of accepted) {
    test(`accepts ${JSON.stringify(language)}`, async () => {
      assert.equal(await client.call('system', 'ping', { language }), true);
    });
  }
  const refused = ['e', 'english', 'en-', 'e1', 'en-US-x', 'en US', 'abcde', ''];
  for (const language of refused) {
    test(`refuses ${JSON.stringify(language)}`, async () => {
      const answer = await client.call('system', 'ping', { language });
      assert.equal(errorLine(answer), `INVALID_LANGUAGE_CODE:  Invalid language code ["${language}"] ${JSON.stringify({ LANGUAGE_CODE: language })}`);
    });
  }
});

describe('KalturaRequestDeserializer::getResponseProfile / KalturaObject::fromObject', () => {
  const names = (value: unknown) => Object.keys(value as object).sort();

  test('an invalid type is INVALID_ENUM_VALUE (built as KalturaDetachedResponseProfile)', async () => {
    const entry = await addMedia();
    const answer = await call('media', 'get', { entryId: String(entry.id), 'responseProfile:type': '3', 'responseProfile:fields': 'id' });
    assert.equal(errorLine(answer), badEnum('3', 'type', 'KalturaResponseProfileType'));
  });

  test('a plain value is PROPERTY_VALIDATION_WRONG_FORMAT', async () => {
    const answer = await call('system', 'ping', { responseProfile: 'x' });
    assert.equal(errorLine(answer), 'PROPERTY_VALIDATION_WRONG_FORMAT: The property "responseProfile" must match format array {"PROP_NAME":"responseProfile","FORMAT":"array"}');
  });

  test('type 1 (INCLUDE_FIELDS) keeps only the fields; objectType stays', async () => {
    const entry = await addMedia({ 'entry:name': 'shaped' });
    const answer = await call('media', 'get', { entryId: String(entry.id), 'responseProfile:type': '1', 'responseProfile:fields': 'id, name' });
    assert.deepEqual(answer, { id: entry.id, name: 'shaped', objectType: 'KalturaMediaEntry' });
  });

  test('type 2 (EXCLUDE_FIELDS) drops the fields; the stored entry keeps them', async () => {
    const entry = await addMedia({ 'entry:name': 'kept' });
    const answer = await call('media', 'get', { entryId: String(entry.id), 'responseProfile:type': '2', 'responseProfile:fields': 'name,status' });
    assert.deepEqual(names(answer), names(entry).filter((name) => name !== 'name' && name !== 'status'));
    assert.equal((await call('media', 'get', { entryId: String(entry.id) })).name, 'kept');
  });

  test('fields without a type exclude (`$responseProfile->type == INCLUDE_FIELDS` is false)', async () => {
    const entry = await addMedia();
    const answer = await call('media', 'get', { entryId: String(entry.id), 'responseProfile:fields': 'id' });
    assert.equal(answer.id, undefined);
    assert.equal(answer.objectType, 'KalturaMediaEntry');
  });

  test('JSON body with objectType KalturaDetachedResponseProfile, as clients send it', async () => {
    const entry = await addMedia({ 'entry:name': 'json' });
    const reply = await client.json('/api_v3/service/media/action/get', {
      format: 1,
      ks,
      entryId: entry.id,
      responseProfile: { objectType: 'KalturaDetachedResponseProfile', type: 1, fields: 'name' },
    });
    assert.deepEqual(JSON.parse(reply.text), { name: 'json', objectType: 'KalturaMediaEntry' });
  });

  test('a list keeps totalCount and shapes each object', async () => {
    await addMedia({ 'entry:tags': 'fidelity-profile' });
    const answer = (await call('media', 'list', {
      'filter:tagsLike': 'fidelity-profile',
      'filter:statusIn': '7',
      'responseProfile:type': '1',
      'responseProfile:fields': 'tags',
    })) as { totalCount: number; objects: Result[]; objectType: string };
    assert.deepEqual(answer, { objects: [{ tags: 'fidelity-profile', objectType: 'KalturaMediaEntry' }], totalCount: 1, objectType: 'KalturaMediaListResponse' });
  });

  test('results built by hand are not shaped (session.get)', async () => {
    const answer = await call('session', 'get', { 'responseProfile:type': '1', 'responseProfile:fields': 'ks' });
    assert.equal(answer.partnerId, 100);
  });

  test('a token reads the shaped result', async () => {
    const entry = await addMedia();
    const reply = await multi({
      ...getEntry(1, String(entry.id)),
      '1:responseProfile:type': '2',
      '1:responseProfile:fields': 'id',
      ...getEntry(2, '{1:result:id}'),
    });
    assert.equal(errorLine(reply.results[1]), notFound(''));
  });
});
