/**
 * Completion cases for flow lines (spec §10): capture paths, assertion subjects, operators and expected
 * values, directive names, and `{{` with captured and prompted names. The service in completion.test.ts
 * has `newId` captured as `0_new`.
 */

import type { Case } from './completionCase';

export const FLOW_CASES: Record<string, readonly Case[]> = {
  capturePaths: [
    {
      name: '`result` and `error` after `> name = `, continuing with `:`',
      input: 'media.add\nentry:objectType = KalturaMediaEntry\n> entryId = |',
      expect: { items: [{ label: 'result', resultText: 'media.add\nentry:objectType = KalturaMediaEntry\n> entryId = result:' }, { label: 'error', resultText: 'media.add\nentry:objectType = KalturaMediaEntry\n> entryId = error:' }], count: 2 },
    },
    { name: 'a result that is one value: `result` alone', input: 'session.start\nsecret = s\n> ks = |', expect: { items: [{ label: 'result', resultText: 'session.start\nsecret = s\n> ks = result' }], count: 2 } },
    { name: 'the root word is replaced alone before `:`', input: 'media.get\n> x = res|ult:id', expect: { items: [{ label: 'error', resultText: 'media.get\n> x = error:id' }] } },
    { name: 'properties of the result type', input: 'media.add\n> entryId = result:|', expect: { items: [{ label: 'id', resultText: 'media.add\n> entryId = result:id' }, { label: 'status', resultText: 'media.add\n> entryId = result:status' }] } },
    { name: 'an array: an index or `_all`', input: 'media.list\n> ids = result:objects:|', expect: { items: [{ label: '0', resultText: 'media.list\n> ids = result:objects:0:' }, { label: '_all', resultText: 'media.list\n> ids = result:objects:_all:' }], count: 2 } },
    { name: 'one property after `_all`', input: 'media.list\n> ids = result:objects:_all:i|', expect: { items: [{ label: 'id', resultText: 'media.list\n> ids = result:objects:_all:id' }] } },
    { name: 'nothing after `_all:property`', input: 'media.list\n> ids = result:objects:_all:id:|', expect: { count: 0 } },
    { name: '`code` and `message` of an error', input: 'media.get\n> failure = error:|', expect: { items: [{ label: 'code', resultText: 'media.get\n> failure = error:code' }, { label: 'message', resultText: 'media.get\n> failure = error:message' }], count: 2 } },
    { name: 'nothing after `error:code`', input: 'media.get\n> failure = error:code:|', expect: { count: 0 } },
    { name: 'a call that returns nothing has no result path', input: 'session.end\n> x = result:|', expect: { count: 0 } },
    { name: 'an unknown root takes nothing', input: 'media.get\n> x = outcome:|', expect: { count: 0 } },
    { name: 'the capture name takes nothing', input: 'media.get\n> ent|ryId = result:id', expect: { count: 0 } },
  ],
  assertionSubjects: [
    { name: '`result` and `error` after `?? `', input: 'media.get\n?? |', expect: { items: [{ label: 'result', resultText: 'media.get\n?? result:' }, { label: 'error', resultText: 'media.get\n?? error:' }], count: 2 } },
    { name: 'a segment of the subject, before an operator', input: 'media.get\n?? result:sta|tus == READY', expect: { items: [{ label: 'name', resultText: 'media.get\n?? result:name == READY' }] } },
    { name: 'segments of a list result', input: 'media.list\n?? result:objects:0:|', expect: { items: [{ label: 'id', resultText: 'media.list\n?? result:objects:0:id' }] } },
  ],
  assertionOperators: [
    {
      name: 'a string enum: equality, text operators, existence',
      input: 'media.get\n?? result:status |',
      expect: {
        items: [{ label: '==', resultText: 'media.get\n?? result:status == ' }, { label: 'exists', resultText: 'media.get\n?? result:status exists' }],
        firstLabels: ['==', '!=', 'contains', 'startsWith', 'matches', 'exists', '!exists'],
        count: 7,
      },
    },
    { name: 'a number: comparisons too', input: 'media.get\n?? result:views |', expect: { items: [{ label: '<', resultText: 'media.get\n?? result:views < ' }], notLabels: ['contains', 'matches'], count: 8 } },
    { name: 'an object: existence only', input: 'media.get\n?? result |', expect: { firstLabels: ['exists', '!exists'], count: 2 } },
    { name: 'an int enum: no comparisons', input: 'media.get\n?? result:mediaType |', expect: { firstLabels: ['==', '!=', 'exists', '!exists'], count: 4 } },
    { name: 'a written operator is replaced alone', input: 'media.get\n?? result:views =|= 5', expect: { items: [{ label: '>=', resultText: 'media.get\n?? result:views >= 5' }] } },
    { name: 'an unknown call: every operator', input: 'nosuch.get\n?? result:x |', expect: { count: 11 } },
    { name: 'not in the blanks before a written operator', input: 'media.get\n?? result:views | == 5', expect: { count: 0 } },
  ],
  assertionExpected: [
    {
      name: 'enum consts: the name is inserted, not the value',
      input: 'media.get\n?? result:status == |',
      expect: { items: [{ label: 'READY', resultText: 'media.get\n?? result:status == READY' }, { label: 'NO_CONTENT', resultText: 'media.get\n?? result:status == NO_CONTENT' }], firstLabels: ['ERROR_IMPORTING', 'ERROR_CONVERTING'] },
    },
    { name: 'an int enum, the typed word replaced', input: 'media.get\n?? result:mediaType != VI|D', expect: { items: [{ label: 'AUDIO', resultText: 'media.get\n?? result:mediaType != AUDIO' }] } },
    { name: 'bools', input: 'media.get\n?? result:blockAutoTranscript == |', expect: { items: [{ label: 'true', resultText: 'media.get\n?? result:blockAutoTranscript == true' }], count: 2 } },
    {
      name: '`error:code`: what the action throws first, then the other errors',
      input: 'media.addContent\n?? error:code == |',
      expect: {
        items: [{ label: 'ENTRY_ALREADY_WITH_CONTENT', resultText: 'media.addContent\n?? error:code == ENTRY_ALREADY_WITH_CONTENT' }, { label: 'MISSING_KS', resultText: 'media.addContent\n?? error:code == MISSING_KS' }],
        firstLabels: ['ENTRY_ID_NOT_FOUND', 'ENTRY_ALREADY_WITH_CONTENT'],
      },
    },
    { name: 'a plain string takes no values', input: 'media.get\n?? result:name == |', expect: { count: 0 } },
    { name: 'no value after `exists`', input: 'media.get\n?? result:status exists |', expect: { count: 0 } },
    { name: 'no enum names for `contains`', input: 'media.get\n?? result:status contains |', expect: { count: 0 } },
    { name: 'variables in the expected value', input: '@want = READY\nmedia.get\n?? result:status == {{|', expect: { items: [{ label: 'want', resultText: '@want = READY\nmedia.get\n?? result:status == {{want}}' }] } },
  ],
  directives: [
    {
      name: 'directive names before the first call; `@poll` as a snippet',
      input: '### Wait\n# @|\nmedia.get',
      expect: {
        items: [
          { label: 'poll', resultText: '### Wait\n# @poll every ${1:5s} for ${2:10m}\nmedia.get' },
          { label: 'prompt', resultText: '### Wait\n# @prompt \nmedia.get' },
          { label: 'name', resultText: '### Wait\n# @name \nmedia.get' },
        ],
        count: 3,
      },
    },
    { name: 'a partial name, `//` form', input: '// @pr|', expect: { items: [{ label: 'prompt', resultText: '// @prompt ' }], count: 3 } },
    { name: 'the word alone when arguments follow', input: '### Wait\n# @pol| every 5s for 1m\nmedia.get', expect: { items: [{ label: 'poll', resultText: '### Wait\n# @poll every 5s for 1m\nmedia.get' }] } },
    { name: 'none after the first call: a plain comment there', input: 'media.get\n# @|', expect: { count: 0 } },
    { name: 'none in the arguments', input: '# @poll ev|', expect: { count: 0 } },
  ],
  flowVariables: [
    {
      name: 'captured names with their call, line and value; prompts; `$dotenv` beside `$env`',
      input: '### A\n# @prompt secretWord the word\nmedia.get\nentryId = {{|\n### B\nmedia.add\n> newId = result:id\n> otherId = result:status',
      expect: {
        items: [
          { label: 'newId', resultText: '### A\n# @prompt secretWord the word\nmedia.get\nentryId = {{newId}}\n### B\nmedia.add\n> newId = result:id\n> otherId = result:status', detail: 'captured by media.add (line 7) = 0_new', documentation: 'Current value: `0_new` — from media.add (call 1 of block 2), 2025-06-01T12:00:00.000Z' },
          { label: 'otherId', resultText: '### A\n# @prompt secretWord the word\nmedia.get\nentryId = {{otherId}}\n### B\nmedia.add\n> newId = result:id\n> otherId = result:status', detail: 'captured by media.add (line 8)', documentation: 'No value yet: send block 2 (B) first.' },
          { label: 'secretWord', resultText: '### A\n# @prompt secretWord the word\nmedia.get\nentryId = {{secretWord}}\n### B\nmedia.add\n> newId = result:id\n> otherId = result:status', detail: 'asked by # @prompt (line 2)' },
          { label: '$dotenv', resultText: '### A\n# @prompt secretWord the word\nmedia.get\nentryId = {{\\$dotenv ${1:NAME}\\}\\}\n### B\nmedia.add\n> newId = result:id\n> otherId = result:status' },
        ],
        firstLabels: ['newId', 'otherId', 'secretWord', 'envHost', 'pageSize', '$timestamp', '$uuid', '$env', '$dotenv'],
      },
    },
  ],
};
