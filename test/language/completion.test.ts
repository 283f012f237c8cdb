/** Completion on the real 22.19.0 schema: each case is a document with a `|` cursor and the documents its items produce. */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItemTag, type CompletionItem, type CompletionList } from 'vscode-languageserver-types';
import { getLanguageService, type KreqDocument } from '../../server/src/language/index';
import { realSchemaStatus } from '../support/realSchema';
import { makeDocument, memoryFileSystem, takeCursor } from '../support/fixtureText';
import type { Case, Expectations } from './completionCase';
import { FLOW_CASES } from './completionFlowCases';


const service = getLanguageService({
  schema: realSchemaStatus(),
  fileSystem: memoryFileSystem(['clips/intro.mp4', 'clips/outro.mp4', 'readme.txt']),
  environmentVariables: () => new Set(['envHost', 'pageSize']),
  // What the host captured so far: `newId` has a value, other captures have none.
  capturedValues: () => new Map([['newId', { shown: '0_new', line: 5, source: 'media.add (call 1 of block 2)', at: Date.UTC(2025, 5, 1, 12, 0, 0) }]]),
});

/** The last document parsed: a case completing at many offsets of one text parses it once. */
let lastParse: { text: string; document: TextDocument; doc: KreqDocument } | undefined;

function clientOrder(items: readonly CompletionItem[]): string[] {
  const key = (i: CompletionItem): string => i.sortText ?? i.label;
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.label.localeCompare(b.label))).map((i) => i.label);
}

/**
 * Completes at the cursor marker of `input` and checks the expectations, plus what holds for every
 * item: one text edit, on the cursor's line, containing the cursor, the same range for all items.
 * The only caller of the façade; returns the list and, with `timingRuns`, the fastest time `doComplete` took.
 */
function checkCompletion(input: string, expected: Expectations): { list: CompletionList; millis: number } {
  const { text, offset } = takeCursor(input);
  if (lastParse?.text !== text) {
    const fresh = makeDocument(text);
    lastParse = { text, document: fresh, doc: service.parse(fresh) };
  }
  const { document, doc } = lastParse;
  const position = document.positionAt(offset);
  let list = service.doComplete(document, position, doc);
  let millis = Infinity;
  for (let run = 0; run < (expected.timingRuns ?? 0); run++) {
    const started = performance.now();
    list = service.doComplete(document, position, doc);
    millis = Math.min(millis, performance.now() - started);
  }
  assert.ok(Array.isArray(list.items), 'a completion list');
  const ranges = new Set<string>();
  for (const item of list.items) {
    const edit = item.textEdit;
    assert.ok(edit && 'range' in edit, `item ${item.label} has a text edit`);
    const { start, end } = edit.range;
    assert.equal(start.line, position.line, `item ${item.label}: edit on the cursor's line`);
    assert.equal(end.line, position.line, `item ${item.label}: edit on the cursor's line`);
    assert.ok(start.character <= position.character && position.character <= end.character, `item ${item.label}: edit range holds the cursor`);
    ranges.add(JSON.stringify(edit.range));
  }
  assert.ok(ranges.size <= 1, `one overwrite range for all items, got ${[...ranges].join(' ')}`);
  const labels = list.items.map((i) => i.label);
  for (const want of expected.items ?? []) {
    const item = list.items.find((i) => i.label === want.label);
    assert.ok(item, `expected item ${want.label} in [${labels.slice(0, 40).join(', ')}${labels.length > 40 ? ', …' : ''}]`);
    const edit = item.textEdit!;
    assert.ok('range' in edit);
    assert.equal(TextDocument.applyEdits(document, [edit]), want.resultText, `result of ${want.label}`);
    if (want.labelDetail !== undefined) assert.equal(item.labelDetails?.detail, want.labelDetail, `label detail of ${want.label}`);
    if (want.deprecated !== undefined) assert.equal(item.tags?.includes(CompletionItemTag.Deprecated) ?? false, want.deprecated, `deprecated tag of ${want.label}`);
    if (want.detail !== undefined) assert.equal(item.detail, want.detail, `detail of ${want.label}`);
    if (want.documentation !== undefined) {
      const documentation = typeof item.documentation === 'string' ? item.documentation : (item.documentation?.value ?? '');
      assert.ok(documentation.includes(want.documentation), `documentation of ${want.label}: ${documentation}`);
    }
  }
  for (const label of expected.notLabels ?? []) assert.ok(!labels.includes(label), `unexpected item ${label}`);
  if (expected.firstLabels) assert.deepEqual(clientOrder(list.items).slice(0, expected.firstLabels.length), expected.firstLabels);
  if (expected.count !== undefined) assert.equal(list.items.length, expected.count, `item count, got [${labels.slice(0, 20).join(', ')}]`);
  return { list, millis };
}

const cases: Record<string, readonly Case[]> = {
  services: [
    { name: 'a word at the start of an empty document', input: 'med|', expect: { items: [{ label: 'media', resultText: 'media.' }, { label: 'mediaInfo', resultText: 'mediaInfo.' }] } },
    {
      name: 'plugin services in their readable spelling',
      input: 'metadata_m|',
      expect: { items: [{ label: 'metadata_metadataProfile', resultText: 'metadata_metadataProfile.' }], notLabels: ['metadataProfile', 'metadata_metadataprofile'] },
    },
    { name: 'before an existing `.action` only the name is replaced', input: 'med|ia.list', expect: { items: [{ label: 'baseEntry', resultText: 'baseEntry.list' }] } },
    { name: 'deprecated services are tagged', input: 'acc|', expect: { items: [{ label: 'accessControl', resultText: 'accessControl.', deprecated: true }, { label: 'accessControlProfile', resultText: 'accessControlProfile.', deprecated: false }] } },
    {
      name: 'a block prelude also takes reserved keys, after services',
      input: '### first\n|\nmedia.list',
      expect: { items: [{ label: 'ks', resultText: '### first\nks = \nmedia.list' }, { label: 'media', resultText: '### first\nmedia.\nmedia.list' }], firstLabels: ['accessControlProfile'] },
    },
  ],
  actions: [
    { name: 'after `media.`', input: 'media.|', expect: { items: [{ label: 'list', resultText: 'media.list' }, { label: 'get', resultText: 'media.get' }] } },
    { name: 'the whole action word is replaced', input: 'media.l|ist\n', expect: { items: [{ label: 'get', resultText: 'media.get\n' }] } },
    { name: 'service matched case-insensitively', input: 'BASEENTRY.|', expect: { items: [{ label: 'list', resultText: 'BASEENTRY.list' }] } },
    { name: 'an action grafted by a plugin (`baseEntry.bulkDelete`)', input: 'baseEntry.|', expect: { items: [{ label: 'bulkDelete', resultText: 'baseEntry.bulkDelete' }] } },
    { name: 'actions of a plugin service', input: 'metadata_metadataProfile.|', expect: { items: [{ label: 'add', resultText: 'metadata_metadataProfile.add' }] } },
    // The actions people call most lead (list, get, add, update, delete), then the rest alphabetically, deprecated last.
    { name: 'frequent actions first', input: 'media.|', expect: { firstLabels: ['list', 'get', 'add', 'update', 'delete', 'addContent'] } },
    { name: 'deprecated actions are tagged', input: 'adminUser.|', expect: { items: [{ label: 'updatePassword', resultText: 'adminUser.updatePassword', deprecated: true }, { label: 'login', resultText: 'adminUser.login', deprecated: false }] } },
    { name: 'an unknown service has no actions', input: 'nosuch.|', expect: { count: 0 } },
  ],
  keys: [
    {
      name: 'mandatory parameters first and marked, then optional, then reserved, then services',
      input: 'media.get\n|',
      expect: {
        items: [
          { label: 'entryId', resultText: 'media.get\nentryId = ', labelDetail: ' (required)' },
          { label: 'version', resultText: 'media.get\nversion = ' },
          { label: 'ks', resultText: 'media.get\nks = ' },
          { label: 'responseProfile', resultText: 'media.get\nresponseProfile:' },
          { label: 'media', resultText: 'media.get\nmedia.' },
        ],
        firstLabels: ['entryId', 'version', 'ks', 'partnerId', 'clientTag', 'apiVersion', 'language', 'format', 'ignoreNull', 'responseProfile', 'accessControlProfile'],
      },
    },
    { name: 'CRLF line ends', input: 'media.get\r\nent|\r\n', expect: { items: [{ label: 'entryId', resultText: 'media.get\r\nentryId = \r\n' }] } },
    { name: 'a partial word under a call', input: 'media.get\nent|', expect: { items: [{ label: 'entryId', resultText: 'media.get\nentryId = ' }], firstLabels: ['entryId'] } },
    { name: 'keys already written are not offered again', input: 'media.get\nentryId = 0_abc\nks = x\n|', expect: { notLabels: ['entryId', 'ks'], firstLabels: ['version'] } },
    { name: 'object parameters continue with `:`', input: 'media.list\n|', expect: { items: [{ label: 'filter', resultText: 'media.list\nfilter:' }] } },
    { name: 'object parameters stay offered once written', input: 'media.list\nfilter:nameLike = a\n|', expect: { items: [{ label: 'filter', resultText: 'media.list\nfilter:nameLike = a\nfilter:' }] } },
    { name: 'file parameters insert `@`', input: 'uploadToken.upload\nfile|', expect: { items: [{ label: 'fileData', resultText: 'uploadToken.upload\nfileData = @' }] } },
    { name: 'a key left of an existing `=` is replaced alone', input: 'media.get\nentr|y = 0_abc', expect: { items: [{ label: 'version', resultText: 'media.get\nversion = 0_abc' }] } },
    {
      name: 'nested keys of `filter:`',
      input: 'media.list\nfilter:|',
      expect: {
        items: [
          { label: 'nameLike', resultText: 'media.list\nfilter:nameLike = ' },
          { label: 'objectType', resultText: 'media.list\nfilter:objectType = ' },
          { label: 'advancedSearch', resultText: 'media.list\nfilter:advancedSearch:' },
        ],
        firstLabels: ['objectType'],
      },
    },
    { name: 'only the segment under the cursor is replaced', input: 'media.list\nfilter:name|Like = x', expect: { items: [{ label: 'idEqual', resultText: 'media.list\nfilter:idEqual = x' }] } },
    { name: 'the declared class without `objectType`', input: 'baseEntry.list\nfilter:|', expect: { items: [{ label: 'nameLike', resultText: 'baseEntry.list\nfilter:nameLike = ' }], notLabels: ['mediaTypeEqual'] } },
    {
      name: 'a written `objectType` changes the properties offered',
      input: 'baseEntry.list\nfilter:objectType = KalturaMediaEntryFilter\nfilter:|',
      expect: { items: [{ label: 'mediaTypeEqual', resultText: 'baseEntry.list\nfilter:objectType = KalturaMediaEntryFilter\nfilter:mediaTypeEqual = ' }], notLabels: ['objectType'] },
    },
    { name: 'nested properties already written are not offered again', input: 'media.list\nfilter:nameLike = a\nfilter:|', expect: { notLabels: ['nameLike'], items: [{ label: 'idEqual', resultText: 'media.list\nfilter:nameLike = a\nfilter:idEqual = ' }] } },
    {
      name: 'read-only properties are marked and come last',
      input: 'media.add\nentry:|',
      expect: {
        items: [
          { label: 'mediaDate', resultText: 'media.add\nentry:mediaDate = ', labelDetail: ' (read-only)' },
          { label: 'mediaType', resultText: 'media.add\nentry:mediaType = ', labelDetail: undefined },
        ],
        firstLabels: ['objectType', 'accessControlId'],
      },
    },
    {
      name: 'an array offers its next free index',
      input: 'baseEntry.list\nfilter:advancedSearch:objectType = KalturaSearchOperator\nfilter:advancedSearch:items:|',
      expect: { items: [{ label: '0', resultText: 'baseEntry.list\nfilter:advancedSearch:objectType = KalturaSearchOperator\nfilter:advancedSearch:items:0:' }], count: 1 },
    },
    {
      name: 'after index 0 is written, 1 comes first',
      input: 'baseEntry.list\nfilter:advancedSearch:objectType = KalturaSearchOperator\nfilter:advancedSearch:items:0:objectType = KalturaSearchCondition\nfilter:advancedSearch:items:|',
      expect: { firstLabels: ['1', '0'] },
    },
    {
      name: 'reserved `responseProfile:` takes the keys of KalturaDetachedResponseProfile, then the stored-profile keys',
      input: 'media.get\nresponseProfile:|',
      expect: {
        items: [
          { label: 'type', resultText: 'media.get\nresponseProfile:type = ', detail: 'int (KalturaResponseProfileType) — KalturaDetachedResponseProfile' },
          { label: 'fields', resultText: 'media.get\nresponseProfile:fields = ' },
          { label: 'relatedProfiles', resultText: 'media.get\nresponseProfile:relatedProfiles:' },
          { label: 'systemName', resultText: 'media.get\nresponseProfile:systemName = ', detail: 'string — KalturaResponseProfileHolder' },
        ],
        firstLabels: ['objectType', 'fields', 'filter', 'id', 'mappings', 'name', 'pager', 'relatedProfiles', 'systemName', 'type'],
      },
    },
    { name: 'a written `responseProfile:` key is not offered again', input: 'media.get\nresponseProfile:type = 1\nresponseProfile:|', expect: { items: [{ label: 'fields', resultText: 'media.get\nresponseProfile:type = 1\nresponseProfile:fields = ' }], notLabels: ['type'] } },
    { name: 'a scalar has no sub-keys', input: 'media.get\nentryId:|', expect: { count: 0 } },
    { name: 'common parameters take reserved keys only', input: 'ks = x\npartner|\nmedia.list', expect: { items: [{ label: 'partnerId', resultText: 'ks = x\npartnerId = \nmedia.list' }], notLabels: ['ks'] } },
  ],
  values: [
    {
      name: '`objectType` of an abstract parameter: concrete subclasses only',
      input: 'media.addContent\nentryId = 0_x\nresource:objectType = |',
      expect: {
        items: [{ label: 'KalturaUrlResource', resultText: 'media.addContent\nentryId = 0_x\nresource:objectType = KalturaUrlResource' }],
        notLabels: ['KalturaResource', 'KalturaContentResource', 'KalturaDataCenterContentResource'],
        firstLabels: ['KalturaAssetParamsResourceContainer'],
      },
    },
    {
      name: '`objectType` of a concrete class offers the class itself first',
      input: 'baseEntry.list\nfilter:objectType = Kaltura|',
      expect: { items: [{ label: 'KalturaMediaEntryFilter', resultText: 'baseEntry.list\nfilter:objectType = KalturaMediaEntryFilter' }], firstLabels: ['KalturaBaseEntryFilter'] },
    },
    {
      name: 'enum consts: the name shown, the wire value inserted',
      input: 'media.add\nentry:mediaType = |',
      expect: { items: [{ label: 'VIDEO', resultText: 'media.add\nentry:mediaType = 1' }, { label: 'AUDIO', resultText: 'media.add\nentry:mediaType = 5' }], firstLabels: ['VIDEO', 'IMAGE'] },
    },
    { name: 'the whole value word is replaced', input: 'media.add\nentry:mediaType = VI|D', expect: { items: [{ label: 'IMAGE', resultText: 'media.add\nentry:mediaType = 2' }] } },
    {
      name: '`responseProfile:type` without objectType offers KalturaResponseProfileType',
      input: 'media.list\nresponseProfile:type = |',
      expect: { items: [{ label: 'INCLUDE_FIELDS', resultText: 'media.list\nresponseProfile:type = 1' }, { label: 'EXCLUDE_FIELDS', resultText: 'media.list\nresponseProfile:type = 2' }], count: 2 },
    },
    { name: 'enum of a reserved key', input: 'media.get\nformat = |', expect: { items: [{ label: 'RESPONSE_TYPE_JSON', resultText: 'media.get\nformat = 1' }] } },
    { name: 'bool parameters', input: 'uploadToken.upload\nresume = |', expect: { items: [{ label: 'true', resultText: 'uploadToken.upload\nresume = true' }, { label: 'false', resultText: 'uploadToken.upload\nresume = false' }], count: 2 } },
    { name: 'bool properties', input: 'media.add\nentry:blockAutoTranscript = |', expect: { items: [{ label: 'false', resultText: 'media.add\nentry:blockAutoTranscript = false' }], count: 2 } },
    {
      name: '`orderBy` of a media filter: KalturaMediaEntryOrderBy',
      input: 'media.list\nfilter:orderBy = |',
      expect: { items: [{ label: 'CREATED_AT_DESC', resultText: 'media.list\nfilter:orderBy = -createdAt' }, { label: 'DURATION_ASC', resultText: 'media.list\nfilter:orderBy = +duration' }] },
    },
    { name: '`orderBy` of a base entry filter: KalturaBaseEntryOrderBy', input: 'baseEntry.list\nfilter:orderBy = |', expect: { items: [{ label: 'NAME_ASC', resultText: 'baseEntry.list\nfilter:orderBy = +name' }], notLabels: ['DURATION_ASC'] } },
    {
      name: '`orderBy` follows the written `objectType`',
      input: 'baseEntry.list\nfilter:objectType = KalturaMediaEntryFilter\nfilter:orderBy = |',
      expect: { items: [{ label: 'DURATION_ASC', resultText: 'baseEntry.list\nfilter:objectType = KalturaMediaEntryFilter\nfilter:orderBy = +duration' }] },
    },
    { name: 'plain strings take no values', input: 'media.list\nfilter:nameLike = |', expect: { count: 0 } },
    { name: 'quoted values take no values', input: 'media.add\nentry:mediaType = "|', expect: { count: 0 } },
  ],
  variables: [
    {
      name: 'file variables, environment variables and built-ins, closed with `}}`',
      input: '@size = 5\nmedia.list\npager:pageSize = {{|',
      expect: {
        items: [
          { label: 'size', resultText: '@size = 5\nmedia.list\npager:pageSize = {{size}}' },
          { label: 'envHost', resultText: '@size = 5\nmedia.list\npager:pageSize = {{envHost}}' },
          { label: '$timestamp', resultText: '@size = 5\nmedia.list\npager:pageSize = {{$timestamp}}' },
          { label: '$uuid', resultText: '@size = 5\nmedia.list\npager:pageSize = {{$uuid}}' },
          { label: '$env', resultText: '@size = 5\nmedia.list\npager:pageSize = {{\\$env ${1:NAME}\\}\\}' },
        ],
        firstLabels: ['size', 'envHost', 'pageSize', '$timestamp', '$uuid', '$env'],
      },
    },
    {
      name: 'an existing `}}` is not duplicated',
      input: '@size = 5\nmedia.list\npager:pageSize = {{si|}}',
      expect: { items: [{ label: 'size', resultText: '@size = 5\nmedia.list\npager:pageSize = {{size}}' }, { label: '$env', resultText: '@size = 5\nmedia.list\npager:pageSize = {{$env }}' }] },
    },
    { name: 'inside a longer value', input: '@v = 1\nmedia.get\nentryId = a/{{|/b', expect: { items: [{ label: 'v', resultText: '@v = 1\nmedia.get\nentryId = a/{{v}}/b' }] } },
    { name: 'in a file variable, not itself', input: '@a = 1\n@b = {{|', expect: { items: [{ label: 'a', resultText: '@a = 1\n@b = {{a}}' }], notLabels: ['b'] } },
    { name: 'in a key', input: '@p = x\nmedia.list\nfilter:{{|', expect: { items: [{ label: 'p', resultText: '@p = x\nmedia.list\nfilter:{{p}}' }] } },
    { name: 'in a key, after blanks inside the braces', input: '@p = x\nmedia.list\nfilter:{{ |', expect: { items: [{ label: 'p', resultText: '@p = x\nmedia.list\nfilter:{{ p}}' }] } },
    { name: 'no names after `$env `', input: 'media.get\nentryId = {{$env |', expect: { count: 0 } },
  ],
  tokens: [
    { name: 'call numbers of earlier calls', input: 'media.list\nmedia.get\nentryId = {|', expect: { items: [{ label: '1', resultText: 'media.list\nmedia.get\nentryId = {1:' }], count: 1 } },
    { name: 'call numbers, angle form', input: 'media.list\nmedia.list\nmedia.get\nentryId = <|', expect: { items: [{ label: '2', resultText: 'media.list\nmedia.list\nmedia.get\nentryId = <2:' }], count: 2 } },
    { name: 'only calls of the same block', input: 'media.list\n###\nmedia.get\nentryId = {|', expect: { count: 0 } },
    { name: '`result` after `N:`', input: 'media.list\nmedia.get\nentryId = {1:|', expect: { items: [{ label: 'result', resultText: 'media.list\nmedia.get\nentryId = {1:result:' }], count: 1 } },
    {
      name: 'properties of the result type',
      input: 'media.list\nmedia.get\nentryId = {1:result:|',
      expect: { items: [{ label: 'objects', resultText: 'media.list\nmedia.get\nentryId = {1:result:objects:' }, { label: 'totalCount', resultText: 'media.list\nmedia.get\nentryId = {1:result:totalCount' }] },
    },
    {
      name: 'an array: an index or `_all`',
      input: 'media.list\nmedia.get\nentryId = {1:result:objects:|',
      expect: { items: [{ label: '0', resultText: 'media.list\nmedia.get\nentryId = {1:result:objects:0:' }, { label: '_all', resultText: 'media.list\nmedia.get\nentryId = {1:result:objects:_all:' }], count: 2 },
    },
    {
      name: 'properties of an array item',
      input: 'media.list\nmedia.get\nentryId = {1:result:objects:0:|',
      expect: { firstLabels: ['id', 'name'], items: [{ label: 'id', resultText: 'media.list\nmedia.get\nentryId = {1:result:objects:0:id' }, { label: 'name', resultText: 'media.list\nmedia.get\nentryId = {1:result:objects:0:name' }] },
    },
    { name: 'one property after `_all`', input: 'media.list\nmedia.get\nentryId = {1:result:objects:_all:|', expect: { items: [{ label: 'id', resultText: 'media.list\nmedia.get\nentryId = {1:result:objects:_all:id' }] } },
    { name: 'nothing after `_all:property`', input: 'media.list\nmedia.get\nentryId = {1:result:objects:_all:id:|', expect: { count: 0 } },
    { name: 'angle form, segment replaced before the closer', input: 'media.list\nmedia.get\nentryId = <1:result:tot|al>', expect: { items: [{ label: 'objects', resultText: 'media.list\nmedia.get\nentryId = <1:result:objects:>' }] } },
    { name: 'a token inside a longer value', input: 'media.get\nmedia.update\nentryId = x\nmediaEntry:name = Copy of {1:result:n|', expect: { items: [{ label: 'name', resultText: 'media.get\nmedia.update\nentryId = x\nmediaEntry:name = Copy of {1:result:name' }] } },
    { name: 'no tokens in a block with one call', input: 'media.get\nentryId = {|', expect: { count: 0 } },
    { name: 'a bad path offers nothing', input: 'media.list\nmedia.get\nentryId = {1:result:nosuch:|', expect: { count: 0 } },
  ],
  files: [
    {
      name: 'folders first, re-suggesting',
      input: 'uploadToken.upload\nuploadTokenId = x\nfileData = @|',
      expect: { items: [{ label: 'clips/', resultText: 'uploadToken.upload\nuploadTokenId = x\nfileData = @clips/' }, { label: 'readme.txt', resultText: 'uploadToken.upload\nuploadTokenId = x\nfileData = @readme.txt' }], firstLabels: ['clips/', 'readme.txt'] },
    },
    { name: 'inside a folder', input: 'uploadToken.upload\nfileData = @clips/o|', expect: { items: [{ label: 'intro.mp4', resultText: 'uploadToken.upload\nfileData = @clips/intro.mp4' }], count: 2 } },
    { name: 'only for `file` parameters', input: 'media.get\nentryId = @|', expect: { count: 0 } },
  ],
  ...FLOW_CASES,
  none: [
    { name: 'a comment', input: '# med|', expect: { count: 0 } },
    { name: 'a `//` comment under a call', input: 'media.list\n// fil|', expect: { count: 0 } },
    { name: 'a separator title', input: '### med|', expect: { count: 0 } },
    { name: 'after a complete call line and a blank', input: 'media.list |', expect: { count: 0 } },
    { name: 'a file variable name', input: '@si|ze = 5', expect: { count: 0 } },
    { name: 'the blanks before a line', input: 'media.list\n |  filter:nameLike = x', expect: { count: 0 } },
  ],
};

for (const [group, list] of Object.entries(cases)) {
  describe(`completion: ${group}`, () => {
    for (const c of list) test(c.name, () => void checkCompletion(c.input, c.expect));
  });
}

const MESSY = [
  '\ufeff@host = {{$env HOST}}',
  '@bad name = x',
  '# comment {{ <1:',
  '### block {{x}}',
  'ks = {{host}}',
  'media.list',
  'filter:objectType = KalturaMediaEntryFilter',
  'filter:orderBy = -createdAt',
  'filter:advancedSearch:items:0:objectType=KalturaSearchCondition',
  'filter:: = ',
  ' = nothing',
  'pager:pageSize = {{pageSize',
  'media.',
  '.list',
  'entryId = {1:result:objects:0:id}',
  'entryId = <1:result:objects:_all:',
  'entryId = {1:resul',
  'x = "quoted {{v}} \\" unterminated',
  'fileData = @clips/',
  'nosuch.action',
  'media.get junk here',
  '\t\r',
  'entry:{{a}}:name = {2:result:}{1:result}',
  '@',
  '=',
  '{{',
  '<',
  ':',
  '# @po',
  '// @',
  '> x = result:objects:_all:',
  '> = ',
  '>',
  '?? result:status ',
  '?? result:views >=5',
  '?? error:code == {{',
  '?? result:name matches /x/',
  '??',
  '?? :: !',
].join('\r\n');

describe('completion: robustness', () => {
  test('every offset of a messy document gives a list', () => {
    for (let offset = 0; offset <= MESSY.length; offset++) {
      checkCompletion(MESSY.slice(0, offset) + '$0' + MESSY.slice(offset), {});
    }
  });
});

/** A 10,000-line document: blocks of a two-call multirequest with a few parameters each. */
function bigDocument(): string {
  const block = [
    '### block',
    'media.list',
    'filter:objectType = KalturaMediaEntryFilter',
    'filter:nameLike = x',
    'filter:orderBy = -createdAt',
    'pager:pageSize = {{pageSize}}',
    '',
    'media.get',
    'entryId = {1:result:objects:0:id}',
    '',
  ];
  const lines: string[] = ['@pageSize = 5'];
  while (lines.length < 10_000) lines.push(...block);
  return lines.join('\n');
}

describe('completion: performance', () => {
  test('p99 of completion in a 10,000-line document is at most 10 ms', () => {
    const text = bigDocument();
    const marks = ['filter:', 'filter:orderBy = ', '{1:result:objects:0:', 'media.', '\n\nmedia.get'];
    const offsets: number[] = [];
    for (let i = 0; offsets.length < 300; i++) {
      const mark = marks[i % marks.length];
      const at = text.indexOf(mark, (i * 3571) % (text.length - 200));
      if (at >= 0) offsets.push(at + (mark.startsWith('\n') ? 1 : mark.length));
    }
    const times = offsets.map((o) => checkCompletion(text.slice(0, o) + '|' + text.slice(o), { timingRuns: 3 }).millis);
    times.sort((a, b) => a - b);
    const p99 = times[Math.floor(times.length * 0.99)];
    assert.ok(p99 <= 10, `p99 ${p99.toFixed(2)} ms`);
  });
});
