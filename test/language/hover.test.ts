/** Hover on the real 22.19.0 schema: each input has a `|` cursor; the Markdown must hold the expected texts. */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { getLanguageService, type LanguageServiceParams } from '../../server/src/language/index';
import { realSchemaStatus } from '../support/realSchema';
import { makeDocument, takeCursor } from '../support/fixtureText';

/** The injected clock: 2025-06-01 12:00:00 UTC. */
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const NOW_S = NOW / 1000;

/** What the host captured, answered and asserted so far for the FLOW document below (lines are 0-based). */
const CAPTURED = new Map([
  ['entryId', { shown: '0_abc123', line: 5, source: 'media.add (call 1 of block 1)', at: NOW - 60_000 }],
  ['adminPassword', { shown: '••••••', line: 12, source: 'prompt', at: NOW - 120_000 }],
]);
const OUTCOMES = new Map([
  [7, { ok: true, message: 'status == NO_CONTENT', at: NOW - 60_000 }],
  [19, { ok: false, message: 'status == READY (was PENDING)', at: NOW }],
]);

const params: LanguageServiceParams = {
  schema: realSchemaStatus(),
  now: () => NOW,
  environmentVariables: () => new Set(['partnerSecret']),
  capturedValues: () => CAPTURED,
  assertionOutcomes: () => OUTCOMES,
};
const ls = getLanguageService(params);

/** A KS v1 as the server builds it: base64(sha1hex(secret + info) + "|" + info). */
function ksV1(validUntil: number, userId = 'me@example.com', privileges = 'disableentitlement', type = 2): string {
  const info = ['1234', '1234', String(validUntil), String(type), '98765', userId, privileges, '', ''].join(';');
  const hash = createHash('sha1').update('adminsecret' + info).digest('hex');
  return Buffer.from(`${hash}|${info}`).toString('base64');
}

/** A KS v2: base64url("v2|" + partnerId + "|" + encrypted bytes). */
function ksV2(partnerId: string): string {
  const encrypted = Buffer.from(Array.from({ length: 48 }, (_, i) => (i * 37 + 11) % 256));
  return Buffer.concat([Buffer.from(`v2|${partnerId}|`), encrypted]).toString('base64url');
}

const LIVE_KS = ksV1(NOW_S + 3 * 3600);
const EXPIRED_KS = ksV1(NOW_S - 2 * 86400, '', '', 0);
const V2_KS = ksV2('2468');

function hoverAt(input: string): { markdown: string; hovered: string } | null {
  const { text, offset } = takeCursor(input);
  const document = makeDocument(text);
  const hover = ls.doHover(document, document.positionAt(offset), ls.parse(document));
  if (!hover) return null;
  const contents = hover.contents as { kind: string; value: string };
  assert.equal(contents.kind, 'markdown');
  assert.ok(hover.range, 'a hover has a range');
  return { markdown: contents.value, hovered: text.slice(document.offsetAt(hover.range.start), document.offsetAt(hover.range.end)) };
}

/** A flow of three blocks; the line numbers match CAPTURED and OUTCOMES above. */
const FLOW = [
  '### Create', // 0
  'media.add', // 1
  'entry:objectType = KalturaMediaEntry', // 2
  'entry:mediaType = VIDEO', // 3
  'entry:name = {{$dotenv ENTRY_NAME}}', // 4
  '> entryId = result:id', // 5
  '> streamIds = result:streams:_all:id', // 6
  '?? result:status == NO_CONTENT', // 7
  '?? result:name == {{entryId}}', // 8
  '', // 9
  '### Wait', // 10
  '# @poll every 5s for 10m', // 11
  "# @prompt adminPassword the admin's password", // 12
  '# @name wait-ready', // 13
  '# @nosuch x', // 14
  '# @poll every sometimes', // 15
  'ks = {{adminPassword}}', // 16
  'media.get', // 17
  'entryId = {{entryId}}', // 18
  '?? result:status == READY', // 19
  '?? error:code == ENTRY_ID_NOT_FOUND', // 20
  '# @poll after the first call', // 21
  '', // 22
  '### List', // 23
  'media.list', // 24
  'filter:idIn = {{streamIds}}', // 25
].join('\n');

/** FLOW with the cursor `at` characters into the first occurrence of `needle` after `after`. */
function inFlow(needle: string, at: number, after = ''): string {
  const offset = FLOW.indexOf(needle, FLOW.indexOf(after)) + at;
  assert.ok(FLOW.indexOf(needle) >= 0, needle);
  return FLOW.slice(0, offset) + '|' + FLOW.slice(offset);
}

/** [input with `|`, texts the Markdown must contain, the hovered text]. */
const CASES: readonly (readonly [string, readonly string[], string])[] = [
  // Captures: name and path show the type and the current value
  [inFlow('> entryId', 5), ['entryId: string', 'Captured from `result:id` of `media.add`', 'Value: `0_abc123` — from media.add (call 1 of block 1), 2025-06-01T11:59:00.000Z'], 'entryId'],
  [inFlow('> streamIds', 5), ['streamIds: string (comma-joined)', 'No value yet: send block 1 (Create) first.'], 'streamIds'],
  [inFlow('result:id', 2), ['**Capture** `result:id` → `string`', 'Result of `media.add` (line 2)', '- `id` → `string`', 'Value: `0_abc123`'], 'result'],
  [inFlow('result:id', 8), ['id: string', 'Property of `KalturaMediaEntry`', 'In `result:id` · Result of `media.add`'], 'id'],
  [inFlow('_all:id', 6), ['id: string (comma-joined)'], 'id'],
  [inFlow('_all:id', 2), ['every item of KalturaStreamContainer[]'], '_all'],
  // Assertions: the subject's type and the last outcome
  [inFlow('result:status == NO', 1), ['**Assertion subject** `result:status` → `string (KalturaEntryStatus)`', 'Last run: ✓ `status == NO_CONTENT` — 2025-06-01T11:59:00.000Z'], 'result'],
  [inFlow('status == NO', 2), ['status: string (KalturaEntryStatus)', 'Subject `result:status`: `string (KalturaEntryStatus)`', 'Last run: ✓'], 'status'],
  [inFlow('== NO_CONTENT', 1), ['result:status == NO_CONTENT', 'Subject `result:status`', 'Last run: ✓ `status == NO_CONTENT`'], '=='],
  [inFlow('NO_CONTENT', 3), ['NO_CONTENT = 7', 'Value of enum `KalturaEntryStatus`', 'Last run: ✓'], 'NO_CONTENT'],
  [inFlow('READY', 2), ['READY = 2', 'Last run: ✗ `status == READY (was PENDING)` — 2025-06-01T12:00:00.000Z'], 'READY'],
  [inFlow('error:code', 8), ['code: string', '`media.get` throws: `ENTRY_ID_NOT_FOUND`'], 'code'],
  [inFlow('error:code', 1), ['The API error of the call'], 'error'],
  // Directives
  [inFlow('@poll every 5s', 2), ['Sends the block again every 5 s until all its assertions hold, for at most 10 min'], '@poll'],
  [inFlow('@prompt', 3), ['Asks for `{{adminPassword}}` before the block is sent', 'masked', "the admin's password", 'Value: `••••••` — from prompt'], '@prompt'],
  [inFlow('@name', 1), ['Names the block in test reports'], '@name'],
  [inFlow('@nosuch', 1), ['`@nosuch` is no directive kreq knows', '`@poll`, `@prompt`, `@name`'], '@nosuch'],
  [inFlow('every sometimes', 2), ['**Not read**', 'expected `# @poll every <duration> for <duration>`'], 'every sometimes'],
  [inFlow('@poll after', 2), ['A comment here: `@poll` is a directive only in a block, on a line before'], '@poll'],
  // Variables set by flows, and $dotenv
  [inFlow('{{entryId}}', 4, 'media.get'), ['> entryId = result:id', 'Captured by `media.add` in block 1 (Create) (line 6) · `string`', 'Value: `0_abc123`'], '{{entryId}}'],
  [inFlow('{{entryId}}', 4), ['Captured by `media.add`'], '{{entryId}}'],
  [inFlow('{{streamIds}}', 4), ['Captured by `media.add`', '`string (comma-joined)`', 'No value yet: send block 1 (Create) first.'], '{{streamIds}}'],
  [inFlow('{{adminPassword}}', 4), ["# @prompt adminPassword the admin's password", 'Asked before block 2 (Wait) is sent (line 13).', 'Value: `••••••`'], '{{adminPassword}}'],
  [inFlow('$dotenv', 3), ['`ENTRY_NAME` from the nearest `.env` file'], '{{$dotenv ENTRY_NAME}}'],
  // Services
  ['med|ia.list', ['**Service** `media`', 'id `media`', '33 actions', 'Media service lets you upload'], 'media'],
  ['metadata_metadataProfile|.list', ['`metadata_metadataProfile`', 'plugin `metadata`', 'id `metadata_metadataprofile`'], 'metadata_metadataProfile'],
  ['access|Control.list', ['`accessControl`', '**deprecated**'], 'accessControl'],
  // Actions
  [
    'media.g|et',
    ['media.get(\n  entryId: string,\n  version?: int = -1\n): KalturaMediaEntry', 'Get media entry by ID', '`sessionRequired`): `always`', 'Returns `KalturaMediaEntry`', 'Throws:', '`ENTRY_ID_NOT_FOUND`: Entry id "@ENTRY_ID@" not found'],
    'get',
  ],
  ['media.list|', ['filter?: KalturaMediaEntryFilter = null', 'pager?: KalturaFilterPager = null', '): KalturaMediaListResponse'], 'list'],
  ['session.st|art', ['type?: int (KalturaSessionType) = 0', '`none` — needs no KS', 'START_SESSION_ERROR'], 'start'],
  ['session.e|nd', ['session.end(): void', 'Returns nothing'], 'end'],
  ['caption_captionAsset.se|rve', ['`enableInMultiRequest=0`', 'cannot run inside a multirequest', '`optional`', 'CAPTION_ASSET_ID_NOT_FOUND'], 'serve'],
  ['media.addFrom|Url', ['**Deprecated**'], 'addFromUrl'],
  ['baseEntry.bulk|Delete', ['`baseEntry.bulkDelete`', 'plugin `bulkUpload`'], 'bulkDelete'],
  // Parameters
  ['media.get\nentry|Id = 0_abc', ['entryId: string', 'Parameter of `media.get` · mandatory', 'Media entry id'], 'entryId'],
  ['media.get\nentryId = x\nver|sion = 2', ['version?: int = -1', 'optional, default `-1`'], 'version'],
  ['session.start\nty|pe = ADMIN', ['type?: int (KalturaSessionType) = 0', 'Enum `KalturaSessionType` (int): `USER` = `0`, `ADMIN` = `2`'], 'type'],
  ['media.list\nfil|ter:nameLike = x', ['filter?: KalturaMediaEntryFilter = null', 'optional, default `null`'], 'filter'],
  // Properties
  ['media.add\nentry:na|me = Intro', ['name: string', 'Property of `KalturaBaseEntry` (inherited by `KalturaMediaEntry`)', 'Entry name (Min 1 chars)', 'Requires permissions: `update`'], 'name'],
  ['media.add\nentry:mediaType| = VIDEO', ['mediaType: int (KalturaMediaType)', 'insert-only', '`VIDEO` = `1`'], 'mediaType'],
  ['media.update\nentryId = x\nmediaEntry:i|d = y', ['id: string', 'read-only'], 'id'],
  ['media.add\nentry:userI|d = me', ['Constraints: length 0–100'], 'userId'],
  ['media.list\nfilter:createdAtGreaterThanOr|Equal = 0', ['createdAtGreaterThanOrEqual: int', 'Unix time, in seconds'], 'createdAtGreaterThanOrEqual'],
  ['media.list\nfilter:objectType = KalturaMediaEntryFilter\nfilter:statusI|n = 2', ['Comma-separated values of `KalturaEntryStatus`'], 'statusIn'],
  ['media.list\nresponseProfile:systemN|ame = x', ['Property of `KalturaResponseProfileHolder`'], 'systemName'],
  ['media.list\nlangu|age = en_US', ['language: string', 'Reserved request key', 'optionally `-` or `_` and 2–4 more (`en`, `en_US`), or `multi`'], 'language'],
  ['media.list\nresponseProfile:fie|lds = id,name', ['fields: string', 'Property of `KalturaDetachedResponseProfile`', 'Comma separated fields list'], 'fields'],
  ['media.list\nresponseProfile:relatedProfiles:0:ty|pe = 1', ['type: int (KalturaResponseProfileType)', 'Property of `KalturaDetachedResponseProfile`', '`INCLUDE_FIELDS` = `1`'], 'type'],
  ['media.addContent\nentryId = x\nresource:objectType = KalturaUrlResource\nresource:u|rl = http://x', ['url: string', 'Property of `KalturaUrlResource`'], 'url'],
  ['media.addContent\nentryId = x\nresour|ce:url = http://x', ['resource?: KalturaResource', '`KalturaResource` is abstract'], 'resource'],
  // Reserved keys and key forms
  ['k|s = abc\nmedia.list', ['ks: string', 'Reserved request key', 'The Kaltura session (KS)'], 'ks'],
  ['media.list\nform|at = 1', ['format: int (KalturaResponseType)', '`RESPONSE_TYPE_JSON` = `1`'], 'format'],
  ['media.list\nfilter:objectT|ype = KalturaMediaEntryFilter', ['filter:objectType', 'Picks the class of `filter`: `KalturaMediaEntryFilter` or one of its'], 'objectType'],
  ['media.addContent\nentryId = x\nresource:objectT|ype = KalturaUrlResource', ['`KalturaResource` is abstract'], 'objectType'],
  ['media.update\nentryId = x\nmediaEntry:description__n|ull =', ['Sends `description` as null', 'Entry description'], 'description__null'],
  ['media.update\nentryId = x\nmediaEntry:operationAttributes:|- =', ['Sends `mediaEntry:operationAttributes` as an empty array'], '-'],
  ['media.update\nentryId = x\nmediaEntry:operationAttributes:|0:objectType = KalturaClipAttributes', ['mediaEntry:operationAttributes:0: KalturaOperationAttributes', 'Item 0 of the array'], '0'],
  // objectType values
  ['media.list\nfilter:objectType = KalturaMedia|EntryFilter', ['class KalturaMediaEntryFilter extends KalturaMediaEntryBaseFilter', 'properties'], 'KalturaMediaEntryFilter'],
  ['media.addContent\nentryId = x\nresource:objectType = KalturaUrl|Resource', ['class KalturaUrlResource extends', 'Used to ingest media that is available on remote server'], 'KalturaUrlResource'],
  ['media.list\nfilter:advancedSearch:objectType = KalturaSearch|Item', ['class KalturaSearchItem', '**abstract**'], 'KalturaSearchItem'],
  // Enum values, both ways
  ['media.add\nentry:mediaType = VID|EO', ['VIDEO = 1', 'Value of enum `KalturaMediaType` (int)'], 'VIDEO'],
  ['media.add\nentry:mediaType = |1', ['VIDEO = 1', '`KalturaMediaType`'], '1'],
  ['session.start\nsecret = s\ntype = 2|', ['ADMIN = 2', '`KalturaSessionType`'], '2'],
  ['media.list\nfilter:statusIn = 2,|7', ['`2` → `READY = 2`', '`7` → `NO_CONTENT = 7`'], '2,7'],
  // Times
  ['media.list\nfilter:createdAtGreaterThanOrEqual = 17|00000000', ['`2023-11-14T22:13:20.000Z`'], '1700000000'],
  // Dependency tokens
  [
    'media.list\n\nmedia.get\nentryId = {1:res|ult:objects:0:id}',
    ['**Dependency token** → `string`', 'Result of call 1: `media.list` (line 1)', '`objects` → `KalturaMediaEntry[]`', '`0` → `KalturaMediaEntry`', '`id` → `string`'],
    '{1:result:objects:0:id}',
  ],
  ['media.list\n\nmedia.get\nentryId = {|1:result:objects:0:id}', ['→ `string`', 'call 1'], '{1:result:objects:0:id}'],
  ['media.list\n\nmedia.get\nentryId = {1:result:obj|ects:0:id}', ['objects: KalturaMediaEntry[]', 'Property of `KalturaMediaListResponse`', 'Result of call 1: `media.list`'], 'objects'],
  ['media.list\n\nmedia.get\nentryId = {1:result:objects:0:i|d}', ['id: string', 'Property of `KalturaMediaEntry`', 'In `{1:result:objects:0:id}`'], 'id'],
  ['media.list\n\nmedia.get\nentryId = <1:resu|lt:objects:0:id>', ['→ `string`', 'Sent in the curly form `{1:result:objects:0:id}`'], '<1:result:objects:0:id>'],
  ['media.list\n\nmedia.list\nfilter:idIn = {1:result:objects:_all:i|d}', ['id: string (comma-joined)'], 'id'],
  ['media.list\n\nmedia.get\nentryId = {1:result:objects:0:nam|e:x}', ['name: string'], 'name'],
  ['media.list\n\nmedia.get\nentryId = {1:result:objects:0:na:|x}', ['**Not resolved**: not reached'], 'x'],
  ['media.list\n\nmedia.get\nentryId = {1:res|ult:objectz}', ['**broken path**', '**not resolved**'], '{1:result:objectz}'],
  ['media.list\n\nmedia.get\nentryId = {|3:result}', ['Refers to call 3, but this block has 2 calls'], '{3:result}'],
  ['media.list\nfilter:nameLike = {1:res|ult:id}', ['Only works in a multirequest', '`id` is no property of `KalturaMediaListResponse`'], '{1:result:id}'],
  ['media.list\n\nmedia.get\nentryId = {2:res|ult:id}', ['Call 2 does not run before this call (#2)'], '{2:result:id}'],
  ['session.end\n\nmedia.get\nentryId = {1:res|ult}', ['returns nothing'], '{1:result}'],
  ['media.add\nentry:name = x\n\nmedia.get\nentryId = {1:res|ult}', ['→ `KalturaMediaEntry`', "Ends on an object, not one value: the server sends `''`"], '{1:result}'],
  ['media.list\n\nmedia.list\nfilter:idIn = {1:res|ult:objects}', ["Ends on an array, not one value: the server sends `''`"], '{1:result:objects}'],
  ['media.list\n\nmedia.get\nentryId = {1:res|ult:objects:0:id}}', ["The server reads `{1:result:objects:0:id}}` as one token", "sends `''` (an empty string) in its place"], '{1:result:objects:0:id}'],
  ['media.list\n\nmedia.get\nentryId = {1:result:objects:0:id}, <1:resu|lt:totalCount>', ['reads `{1:result:objects:0:id}, <1:result:totalCount>` as one token'], '<1:result:totalCount>'],
  // Variables
  ['@pageSize = 5\nmedia.list\npager:pageSize = {{page|Size}}', ['@pageSize = 5', 'File variable (line 1)'], '{{pageSize}}'],
  ['media.list\npager:pageSize = {{part|nerSecret}}', ['defined by the active environment'], '{{partnerSecret}}'],
  ['media.list\npager:pageSize = {{nowh|ere}}', ['`nowhere` is not defined'], '{{nowhere}}'],
  ['media.list\npager:pageSize = {{toStr|ing}}', ['`toString` is not defined'], '{{toString}}'],
  ['media.list\nfilter:createdAtLessThanOrEqual = {{$time|stamp}}', ['current unix time'], '{{$timestamp}}'],
  ['media.list\nfilter:nameLike = {{$env HO|ME}}', ['process environment variable `HOME`'], '{{$env HOME}}'],
  // KS values
  [`ks = ${LIVE_KS.slice(0, 5)}|${LIVE_KS.slice(5)}\nmedia.list`, ['**KS v1**', 'Partner: `1234`', 'Type: `ADMIN` (2)', 'User: `me@example.com`', 'Privileges: `disableentitlement`', '`2025-06-01T15:00:00.000Z` — expires in 3 h'], LIVE_KS],
  [`media.list\nks = |${EXPIRED_KS}`, ['Type: `USER` (0)', 'User: *none*', 'Privileges: *none*', 'expired 2 days ago'], EXPIRED_KS],
  [`media.list\nks = ${V2_KS}|`, ['**KS v2** · partner `2468`', 'encrypted'], V2_KS],
  [`@myKs = ${LIVE_KS}\nmedia.list\nks = {{my|Ks}}`, ['File variable (line 1)', '**KS v1**', 'expires in 3 h'], '{{myKs}}'],
  [`@my|Ks = ${V2_KS}\nmedia.list`, ['partner `2468`'], 'myKs'],
  [`session.get\nsession = ${LIVE_KS}|`, ['**KS v1**'], LIVE_KS],
  [`ks = ${ksV1(9000000000000)}|\nmedia.list`, ['Expiry: `9000000000000`', 'expires in'], ksV1(9000000000000)],
];

/** Inputs where hover shows nothing. */
const NOTHING: readonly string[] = [
  '|',
  'media.list\n|',
  '# a comment|',
  '### Tit|le\nmedia.list',
  'medai|.list',
  'media.lits|',
  'media.|',
  'media.list\nfilter:nameLike |= x',
  'media.list\nnoSuch|Param = x',
  'media.list\nfilter:noSuch|Prop = x',
  'media.get\nentryId = 0_ab|c',
  'media.add\nentry:mediaType = VIDEOO|',
  'ks = not-a-k|s\nmedia.list',
  'ks = pre{{myKs}}x|\nmedia.list',
  'media.list\nfilter:createdAtGreaterThanOrEqual = 12|',
  'media.list\nfilter:objectType = NoSuch|Class',
  'media.get\n> x |= result:id',
  'media.get\n?? result:id | exists',
  'nosuch.get\n?? res|ult:id exists',
  '### A\n#| @poll every 5s for 10m',
  '# @ poll|',
];

describe('hover', () => {
  for (const [input, expected, hovered] of CASES) {
    test(JSON.stringify(input.length > 90 ? input.slice(0, 90) + '…' : input), () => {
      const result = hoverAt(input);
      assert.ok(result, 'expected a hover');
      for (const text of expected) assert.ok(result.markdown.includes(text), `missing ${JSON.stringify(text)} in:\n${result.markdown}`);
      assert.equal(result.hovered, hovered);
    });
  }
  for (const input of NOTHING) {
    test(`nothing for ${JSON.stringify(input)}`, () => {
      assert.equal(hoverAt(input), null);
    });
  }

  test("a token that reads one value, or is sent literally, says nothing of ''", () => {
    for (const input of [
      'session.start\nsecret = s\n\nmedia.list\nks = {1:res|ult}',
      'media.add\nentry:name = x\n\nmedia.get\nentryId = {1:res|ult:id}',
      'media.list\n\nmedia.get\nentryId = {5:res|ult:objects:0:id}}',
    ]) {
      const markdown = hoverAt(input)?.markdown ?? '';
      assert.match(markdown, /Dependency token/);
      assert.doesNotMatch(markdown, /''/, input);
    }
  });

  test('without a schema, reserved keys and KS values still hover; schema things do not', () => {
    const bare = getLanguageService({ schema: { kind: 'unavailable', problem: 'offline', source: 'x' }, now: () => NOW });
    const at = (input: string): string | undefined => {
      const { text, offset } = takeCursor(input);
      const document = makeDocument(text);
      const h = bare.doHover(document, document.positionAt(offset), bare.parse(document));
      return h ? (h.contents as { value: string }).value : undefined;
    };
    assert.match(at('k|s = x\nmedia.list') ?? '', /Reserved request key/);
    assert.match(at(`ks = ${LIVE_KS}|\nmedia.list`) ?? '', /expires in 3 h/);
    assert.equal(at('med|ia.list'), undefined);
    assert.equal(at('media.list\n\nmedia.get\nentryId = {1:res|ult:id}')?.includes('Result of call 1'), true);
  });

  test('never throws and never returns an empty hover, at any offset', () => {
    const text = [
      `@ks = ${LIVE_KS}`,
      '### List',
      'ks = {{ks}}',
      'media.list',
      'filter:objectType = KalturaMediaEntryFilter',
      'filter:statusIn = 2,7',
      'pager:pageSize = {{pageSize}}',
      '',
      'media.get',
      'entryId = Copy of {1:result:objects:0:id} <3:result:x> {{$env HOME}}',
      'x:y:z = "quoted {{ks}}"',
      '###',
      'nosuch.thing',
      'media.',
      '{1:result} = 2',
      'media.get\r\nentryId = {1:result:objects:_all}',
      '= broken',
      '> a = result:objects:_all:id',
      '> b = error:code:x',
      '?? result:status == {{a}}',
      '?? error:code !exists',
      '?? result:nosuch:deeper matches /x(/',
      '### flow',
      '# @poll every 5s',
      '# @prompt',
      '# @prompt p  described',
      '// @zzz',
      '> early = result',
      'session.end',
      '> c = result:x',
      '?? result exists',
    ].join('\n');
    const document = makeDocument(text);
    const doc = ls.parse(document);
    for (let offset = 0; offset <= text.length + 1; offset++) {
      const h = ls.doHover(document, document.positionAt(offset), doc);
      if (h) assert.ok((h.contents as { value: string }).value.length > 0, `empty hover at ${offset}`);
    }
  });
});

describe('KS decoding through hover', () => {
  const decoded = (ks: string): string | undefined => hoverAt(`ks = ${ks}|\nmedia.list`)?.markdown;

  test('v1 in standard base64, without padding, and in the url-safe alphabet', () => {
    // A user id whose KS has padding and `+` or `/`, so that the three forms differ.
    const user = Array.from({ length: 200 }, (_, i) => `ü~~~${i}@x`).find((u) => /=$/.test(ksV1(NOW_S + 60, u, 'sview:*,edit:0_abc')) && /[+/]/.test(ksV1(NOW_S + 60, u, 'sview:*,edit:0_abc')))!;
    const ks = ksV1(NOW_S + 60, user, 'sview:*,edit:0_abc');
    const forms = [ks, ks.replace(/=+$/, ''), ks.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')];
    assert.equal(new Set(forms).size, 3, 'the three forms differ');
    for (const form of forms) {
      const markdown = decoded(form) ?? '';
      for (const text of ['Partner: `1234`', `User: \`${user}\``, 'Privileges: `sview:*,edit:0_abc`', 'expires in 1 min']) {
        assert.ok(markdown.includes(text), `${form}: missing ${text} in\n${markdown}`);
      }
    }
  });

  test('v2 shows the partner id only', () => {
    assert.ok(V2_KS.startsWith('djJ8'));
    assert.ok(decoded(V2_KS)?.includes('partner `2468`'));
    assert.ok(!decoded(V2_KS)?.includes('Expiry'));
  });

  test('texts that are no KS show nothing', () => {
    const noKs = [
      'abcdefgh',
      'djJ8eHl6',
      Buffer.from('no bar here, just text').toString('base64'),
      Buffer.from(`${'a'.repeat(40)}|x;y;z;w`).toString('base64'),
      Buffer.from(`${'a'.repeat(39)}|1;1;1;1`).toString('base64'),
      Buffer.from('v2|abc|xyz').toString('base64'),
    ];
    for (const text of noKs) assert.equal(decoded(text), undefined, text);
  });
});
