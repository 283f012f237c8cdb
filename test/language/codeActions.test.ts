/**
 * Code actions on the real 22.19.0 schema: diagnostics come from `doValidation` (those touching the `|` cursor, as a
 * client sends them); the chosen action's edit is applied and the whole document compared.
 */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/language/index';
import { realSchemaStatus } from '../support/realSchema';
import { makeDocument, takeCursor, TEST_URI } from '../support/fixtureText';

const ls = getLanguageService({ schema: realSchemaStatus() });

function touches(d: Diagnostic, line: number, character: number): boolean {
  const { start, end } = d.range;
  const afterStart = line > start.line || (line === start.line && character >= start.character);
  const beforeEnd = line < end.line || (line === end.line && character <= end.character);
  return afterStart && beforeEnd;
}

/** The actions at the cursor, given the diagnostics touching it (as VS Code passes them). */
function actionsAt(input: string, only?: string[]): { document: TextDocument; actions: CodeAction[]; diagnostics: Diagnostic[] } {
  const { text, offset } = takeCursor(input);
  const document = makeDocument(text);
  const doc = ls.parse(document);
  const position = document.positionAt(offset);
  const diagnostics = ls.doValidation(document, doc).filter((d) => touches(d, position.line, position.character));
  const actions = ls.getCodeActions(document, { start: position, end: position }, { diagnostics, only }, doc);
  return { document, actions, diagnostics };
}

function apply(document: TextDocument, action: CodeAction): string {
  const changes = action.edit?.changes;
  assert.ok(changes, `${action.title} has an edit`);
  assert.deepEqual(Object.keys(changes), [TEST_URI]);
  return TextDocument.applyEdits(document, changes[TEST_URI]);
}

/** [name, input with `|`, title of the action to apply, the whole document after it]. */
const APPLY_CASES: readonly (readonly [string, string, string, string])[] = [
  ['unknown service', 'medai|.get\nentryId = x', 'Change to `media`', 'media.get\nentryId = x'],
  ['plugin service called by its name', 'metadataProfile|.list', 'Change to `metadata_metadataProfile`', 'metadata_metadataProfile.list'],
  ['unknown action', 'media.lsit|\n', 'Change to `list`', 'media.list\n'],
  ['unknown parameter', 'media.get\nentryID| = x', 'Change to `entryId`', 'media.get\nentryId = x'],
  ['unknown property', 'media.list\nfilter:nameLke| = x', 'Change to `nameLike`', 'media.list\nfilter:nameLike = x'],
  ['invalid enum', 'media.add\nentry:mediaType = VIDEOO|', 'Change to `VIDEO`', 'media.add\nentry:mediaType = VIDEO'],
  ['invalid objectType', 'media.list\nfilter:objectType = KalturaMediaEntryFiltr|', 'Change to `KalturaMediaEntryFilter`', 'media.list\nfilter:objectType = KalturaMediaEntryFilter'],
  ['unknown directive', '### Wait\n# @pol| every 5s for 1m\nmedia.get\nentryId = x', 'Change to `@poll`', '### Wait\n# @poll every 5s for 1m\nmedia.get\nentryId = x'],
  ['missing parameter, call alone', 'media.ge|t', 'Add missing mandatory parameters', 'media.get\nentryId = '],
  [
    'missing parameters go after the last parameter line, indented like it',
    '### Add\n  media.addFrom|Url\n  mediaEntry:name = x\n\n  # next\nmedia.list\n',
    'Add missing mandatory parameters',
    '### Add\n  media.addFromUrl\n  mediaEntry:name = x\n  url = \n\n  # next\nmedia.list\n',
  ],
  [
    'missing parameters keep CRLF line endings',
    'media.addFrom|Url\r\n\r\nmedia.list\r\n',
    'Add missing mandatory parameters',
    'media.addFromUrl\r\nmediaEntry = \r\nurl = \r\n\r\nmedia.list\r\n',
  ],
  [
    'abstract type: objectType line before the first key line',
    'media.addContent\nentryId = x\nresource:u|rl = http://x\nresource:forceAsyncDownload = 1',
    'Add `resource:objectType = KalturaUrlResource`',
    'media.addContent\nentryId = x\nresource:objectType = KalturaUrlResource\nresource:url = http://x\nresource:forceAsyncDownload = 1',
  ],
  [
    'abstract type, nested and indented, CRLF',
    'media.list\r\n  filter:advancedSearch:i|tems:0:objectType = KalturaSearchCondition\r\n',
    'Add `filter:advancedSearch:objectType = KalturaSearchOperator`',
    'media.list\r\n  filter:advancedSearch:objectType = KalturaSearchOperator\r\n  filter:advancedSearch:items:0:objectType = KalturaSearchCondition\r\n',
  ],
  [
    'curly token to angle',
    'media.list\n\nmedia.get\nentryId = {1:result:objects:|0:id}',
    'Convert to `<1:result:objects:0:id>`',
    'media.list\n\nmedia.get\nentryId = <1:result:objects:0:id>',
  ],
  [
    'angle token to curly, inside a longer value',
    'media.list\n\nmedia.update\nentryId = x\nmediaEntry:name = Copy of <1:result|:objects:0:name>!',
    'Convert to `{1:result:objects:0:name}`',
    'media.list\n\nmedia.update\nentryId = x\nmediaEntry:name = Copy of {1:result:objects:0:name}!',
  ],
  [
    'token on an object result: read its id',
    'media.add\nentry:name = x\n\nmedia.get\nentryId = {1:res|ult}',
    'Change to `{1:result:id}`',
    'media.add\nentry:name = x\n\nmedia.get\nentryId = {1:result:id}',
  ],
  [
    'token on a list response, inside a longer value: the first item\'s id',
    'media.list\n\nmedia.update\nentryId = x\nmediaEntry:name = Copy of {1:result|}!',
    'Change to `{1:result:objects:0:id}`',
    'media.list\n\nmedia.update\nentryId = x\nmediaEntry:name = Copy of {1:result:objects:0:id}!',
  ],
  [
    'token on an array: the ids of all items, angle form kept, CRLF',
    'media.list\r\n\r\nmedia.list\r\nfilter:idIn = <1:result:obje|cts>\r\n',
    'Change to `<1:result:objects:_all:id>`',
    'media.list\r\n\r\nmedia.list\r\nfilter:idIn = <1:result:objects:_all:id>\r\n',
  ],
  [
    'token on an array item',
    'media.list\n\nmedia.get\nentryId = {1:result:objects:0|}',
    'Change to `{1:result:objects:0:id}`',
    'media.list\n\nmedia.get\nentryId = {1:result:objects:0:id}',
  ],
  [
    'token rewrite works even where the token is invalid',
    'media.get\nentryId = |{1:result:id}',
    'Convert to `<1:result:id>`',
    'media.get\nentryId = <1:result:id>',
  ],
];

/** [name, input with `|`, the titles of every action offered, in order]. */
const TITLE_CASES: readonly (readonly [string, string, readonly string[]])[] = [
  ['nothing on a clean line', 'media.list\nfilter:nameLike = x|', []],
  ['nothing on an empty document', '|', []],
  ['unknown service without a close name', 'zzzzzzzzzzz|.list', []],
  ['one action for two missing parameters', 'media.addFrom|Url', ['Add missing mandatory parameters']],
  [
    'misspelt key and a token on the same line',
    'media.list\n\nmedia.get\nentryIdd = {1:result:objects:0:i|d}',
    ['Convert to `<1:result:objects:0:id>`'],
  ],
  [
    'token on a list response: first item\'s id (preferred), all ids, then the form rewrite',
    'media.list\n\nmedia.get\nentryId = {1:re|sult}',
    ['Change to `{1:result:objects:0:id}`', 'Change to `{1:result:objects:_all:id}`', 'Convert to `<1:result>`'],
  ],
  ['token on an object without an id: no quick fix', 'session.get\n\nmedia.get\nentryId = {1:re|sult}', ['Convert to `<1:result>`']],
  ['token on a string result: nothing to fix', 'session.start\nsecret = s\n\nmedia.list\nks = {1:res|ult}', ['Convert to `<1:result>`']],
  ['a broken token (`}` after it) has no path fix', 'media.add\nentry:name = x\n\nmedia.get\nentryId = {1:res|ult}}', ['Convert to `<1:result>`']],
  [
    'did-you-mean and token rewrite together',
    'media.list\n\nmedia.get\nentryI|dd = {1:result:objects:0:id}',
    ['Change to `entryId`'],
  ],
];

describe('code actions: applied edits', () => {
  for (const [name, input, title, expected] of APPLY_CASES) {
    test(name, () => {
      const { document, actions } = actionsAt(input);
      const chosen = actions.find((a) => a.title === title);
      assert.ok(chosen, `no action ${JSON.stringify(title)} among ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.equal(apply(document, chosen), expected);
    });
  }
});

describe('code actions: offered titles', () => {
  for (const [name, input, titles] of TITLE_CASES) {
    test(name, () => {
      assert.deepEqual(
        actionsAt(input).actions.map((a) => a.title),
        titles,
      );
    });
  }
});

describe('code actions: shape', () => {
  test('"did you mean" is a preferred quick fix tied to its diagnostic', () => {
    const { actions, diagnostics } = actionsAt('medai|.get\nentryId = x');
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'quickfix');
    assert.equal(actions[0].isPreferred, true);
    assert.deepEqual(actions[0].diagnostics, diagnostics);
  });

  test('missing parameters: one action carrying every missing-param diagnostic of the call', () => {
    const { actions } = actionsAt('media.addFrom|Url');
    assert.equal(actions.length, 1);
    assert.deepEqual(
      actions[0].diagnostics?.map((d) => d.code),
      ['missing-param', 'missing-param'],
    );
  });

  test('abstract type: one action per concrete subclass in schema order, at most 30', () => {
    const { actions } = actionsAt('media.list\nfilter:advancedSearch:i|tems:0:objectType = KalturaSearchCondition');
    const concrete = actions.filter((a) => a.title.startsWith('Add `filter:advancedSearch:objectType = '));
    assert.equal(concrete.length, 30);
    assert.ok(concrete.every((a) => a.kind === 'quickfix' && a.diagnostics?.[0]?.code === 'abstract-type'));
    assert.equal(concrete[0].title, 'Add `filter:advancedSearch:objectType = KalturaCatalogItemAdvancedFilter`');
  });

  test('token-not-scalar: preferred quick fixes first, each tied to its diagnostic', () => {
    const { actions, diagnostics } = actionsAt('media.list\n\nmedia.get\nentryId = {1:result:obj|ects}', ['quickfix']);
    assert.deepEqual(diagnostics.map((d) => d.code), ['token-not-scalar']);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ['Change to `{1:result:objects:0:id}`', 'quickfix', true],
        ['Change to `{1:result:objects:_all:id}`', 'quickfix', false],
      ],
    );
    assert.ok(actions.every((a) => a.diagnostics?.length === 1 && a.diagnostics[0] === diagnostics[0]));
  });

  test('token rewrite is refactor.rewrite without diagnostics', () => {
    const { actions } = actionsAt('media.list\n\nmedia.get\nentryId = {1:result|:id}');
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'refactor.rewrite');
    assert.equal(actions[0].diagnostics, undefined);
  });

  test('`only` filters by kind', () => {
    const input = 'media.list\n\nmedia.get\nentryI|dd = {1:result:id}\nentryId = {1:result:id}';
    assert.deepEqual(
      actionsAt(input, ['refactor']).actions.map((a) => a.kind),
      [],
    );
    assert.deepEqual(
      actionsAt(input, ['quickfix']).actions.map((a) => a.title),
      ['Change to `entryId`'],
    );
  });

  test('a selection converts every token it touches', () => {
    const text = 'media.list\n\nmedia.get\nentryId = {1:result:objects:0:id}\nversion = <1:result:totalCount>\n';
    const document = makeDocument(text);
    const doc = ls.parse(document);
    const actions = ls.getCodeActions(document, { start: { line: 3, character: 0 }, end: { line: 4, character: 12 } }, { diagnostics: [] }, doc);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Convert to `<1:result:objects:0:id>`', 'Convert to `{1:result:totalCount}`'],
    );
  });

  test('diagnostics of other sources are ignored', () => {
    const document = makeDocument('medai.get');
    const doc = ls.parse(document);
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };
    const foreign: Diagnostic = { range, message: 'x', source: 'other', data: { replacement: 'media' } };
    assert.deepEqual(ls.getCodeActions(document, range, { diagnostics: [foreign] }, doc), []);
  });

  test('never throws, for any range, with every diagnostic of the document', () => {
    const text = 'medai.get\n###\nmedia.addFromUrl\r\nx:y = {1:result:a}\nmedia.list\nfilter:advancedSearch:items:0:x = 1\n<2:result>\n= =\n';
    const document = makeDocument(text);
    const doc = ls.parse(document);
    const diagnostics = ls.doValidation(document, doc);
    for (let offset = 0; offset <= text.length; offset++) {
      const position = document.positionAt(offset);
      ls.getCodeActions(document, { start: position, end: position }, { diagnostics }, doc);
      ls.getCodeActions(document, { start: { line: 0, character: 0 }, end: position }, { diagnostics }, doc);
    }
  });
});
