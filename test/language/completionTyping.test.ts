/**
 * The typing rule on the real 22.19.0 schema: what an accepted item writes (its name, plus the separator that must
 * follow and the next list), what Enter leaves alone, and the separator typed twice that is dropped again.
 */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/language/index';
import { realSchemaStatus } from '../support/realSchema';
import { makeDocument, takeCursor } from '../support/fixtureText';

const service = getLanguageService({ schema: realSchemaStatus() });

interface AcceptCase {
  readonly name: string;
  /** A document with a `|` cursor where completion is asked. */
  readonly input: string;
  readonly label: string;
  /** The document after accepting `label`, with `|` where the cursor ends. */
  readonly after: string;
  /** Whether the next list opens (`editor.action.triggerSuggest` with `auto: true`). */
  readonly nextList: boolean;
}

/** One line per kind of item: the name and its separator where something must follow, the bare name where the line can end. */
const ACCEPT_CASES: readonly AcceptCase[] = [
  { name: 'a service writes `.`', input: 'medi|', label: 'media', after: 'media.|', nextList: true },
  { name: 'a service typed in full still writes `.` (Enter accepts: it changes the text)', input: 'media|', label: 'media', after: 'media.|', nextList: true },
  { name: 'a service before a written `.` writes only its name', input: 'med|.list', label: 'media', after: 'media|.list', nextList: false },
  { name: 'an action can end the line: its name alone', input: 'media.g|', label: 'get', after: 'media.get|', nextList: false },
  { name: 'a scalar key writes ` = `', input: 'media.get\nentr|', label: 'entryId', after: 'media.get\nentryId = |', nextList: true },
  { name: 'an object key writes `:`', input: 'media.list\nfil|', label: 'filter', after: 'media.list\nfilter:|', nextList: true },
  { name: '`objectType` writes ` = `', input: 'media.list\nfilter:obj|', label: 'objectType', after: 'media.list\nfilter:objectType = |', nextList: true },
  { name: 'a nested scalar key writes ` = `', input: 'media.list\nfilter:statusE|', label: 'statusEqual', after: 'media.list\nfilter:statusEqual = |', nextList: true },
  { name: 'a key before a written `=` writes only its name', input: 'media.get\nentr| = 0_abc', label: 'entryId', after: 'media.get\nentryId| = 0_abc', nextList: false },
  { name: 'an enum value: the wire value alone', input: 'media.list\nfilter:statusEqual = REA|', label: 'READY', after: 'media.list\nfilter:statusEqual = 2|', nextList: false },
  { name: 'an enum name typed in full is kept (Enter opens a new line)', input: 'media.list\nfilter:statusEqual = READY|', label: 'READY', after: 'media.list\nfilter:statusEqual = READY|', nextList: false },
  { name: 'an enum value typed in full is kept', input: 'media.list\nfilter:statusEqual = 2|', label: 'READY', after: 'media.list\nfilter:statusEqual = 2|', nextList: false },
  { name: '`orderBy` takes values only: a name typed in full becomes the value', input: 'media.list\nfilter:orderBy = CREATED_AT_DESC|', label: 'CREATED_AT_DESC', after: 'media.list\nfilter:orderBy = -createdAt|', nextList: false },
  { name: 'a token call number writes `:`', input: 'media.list\nmedia.get\nentryId = {|}', label: '1', after: 'media.list\nmedia.get\nentryId = {1:|}', nextList: true },
  { name: 'a token call number before a written `:`', input: 'media.list\nmedia.get\nentryId = {|:result}', label: '1', after: 'media.list\nmedia.get\nentryId = {1|:result}', nextList: false },
  { name: '`result` of an object writes `:`', input: 'media.list\nmedia.get\nentryId = {1:r|}', label: 'result', after: 'media.list\nmedia.get\nentryId = {1:result:|}', nextList: true },
  { name: '`result` of a string can end the token', input: 'session.start\nmedia.list\nks = {1:r|}', label: 'result', after: 'session.start\nmedia.list\nks = {1:result|}', nextList: false },
  { name: 'an array segment writes `:`', input: 'media.list\nmedia.get\nentryId = {1:result:ob|}', label: 'objects', after: 'media.list\nmedia.get\nentryId = {1:result:objects:|}', nextList: true },
  { name: 'an array segment before a written `:`', input: 'media.list\nmedia.get\nentryId = {1:result:ob|:0:id}', label: 'objects', after: 'media.list\nmedia.get\nentryId = {1:result:objects|:0:id}', nextList: false },
  { name: 'an index of objects writes `:`', input: 'media.list\nmedia.get\nentryId = {1:result:objects:|}', label: '0', after: 'media.list\nmedia.get\nentryId = {1:result:objects:0:|}', nextList: true },
  { name: 'a scalar segment ends the token', input: 'media.list\nmedia.get\nentryId = {1:result:objects:0:i|}', label: 'id', after: 'media.list\nmedia.get\nentryId = {1:result:objects:0:id|}', nextList: false },
  { name: 'a capture path segment, as in a token', input: 'media.list\n> first = result:ob|', label: 'objects', after: 'media.list\n> first = result:objects:|', nextList: true },
];

describe('typing rule: what an accepted item writes', () => {
  for (const c of ACCEPT_CASES) {
    test(c.name, () => {
      const { text, offset } = takeCursor(c.input);
      const document = makeDocument(text);
      const list = service.doComplete(document, document.positionAt(offset), service.parse(document));
      const item = list.items.find((i) => i.label === c.label);
      assert.ok(item?.textEdit && 'range' in item.textEdit, `item ${c.label} in [${list.items.slice(0, 20).map((i) => i.label).join(', ')}]`);
      const edit = item.textEdit;
      const written = TextDocument.applyEdits(document, [edit]);
      const cursor = document.offsetAt(edit.range.start) + edit.newText.length;
      assert.equal(written.slice(0, cursor) + '|' + written.slice(cursor), c.after);
      if (c.nextList) assert.deepEqual(item.command, { command: 'editor.action.triggerSuggest', title: 'Suggest', arguments: [{ auto: true }] });
      else assert.equal(item.command, undefined, 'no next list');
    });
  }
});

describe('typing rule: ranking', () => {
  const firstLabels = (input: string, n: number): string[] => {
    const { text, offset } = takeCursor(input);
    const document = makeDocument(text);
    const items = service.doComplete(document, document.positionAt(offset), service.parse(document)).items;
    const key = (label: string, sortText?: string) => sortText ?? label;
    return [...items]
      .sort((a, b) => key(a.label, a.sortText).localeCompare(key(b.label, b.sortText)) || a.label.localeCompare(b.label))
      .slice(0, n)
      .map((i) => i.label);
  };
  test('frequent actions first, then alphabetically', () => assert.deepEqual(firstLabels('media.|', 7), ['list', 'get', 'add', 'update', 'delete', 'addContent', 'anonymousRank']));
  test('`id` and `name` first among result properties', () => assert.deepEqual(firstLabels('media.list\nmedia.get\nentryId = {1:result:objects:0:|}', 2), ['id', 'name']));
  test('mandatory parameters first', () => assert.deepEqual(firstLabels('media.update\n|', 2), ['entryId', 'mediaEntry']));
});

interface SeparatorCase {
  readonly name: string;
  /** The document right after the character was typed, `|` at the cursor. */
  readonly typed: string;
  readonly ch: string;
  /** The document after the on-type edit (unchanged: no edit). */
  readonly after: string;
}

const SEPARATOR_CASES: readonly SeparatorCase[] = [
  { name: '`.` after `media.`', typed: 'media..|', ch: '.', after: 'media.' },
  { name: '`.` after `media.` with text below', typed: 'media..|\nentryId = x', ch: '.', after: 'media.\nentryId = x' },
  { name: '`:` after `filter:`', typed: 'media.list\nfilter::|', ch: ':', after: 'media.list\nfilter:' },
  { name: '`:` after a nested `advancedSearch:`', typed: 'media.list\nfilter:advancedSearch::|', ch: ':', after: 'media.list\nfilter:advancedSearch:' },
  { name: '`:` in a token', typed: 'media.list\nmedia.get\nentryId = {1:result:objects::|}', ch: ':', after: 'media.list\nmedia.get\nentryId = {1:result:objects:}' },
  { name: '`:` after a token call number', typed: 'media.list\nmedia.get\nentryId = <1::|>', ch: ':', after: 'media.list\nmedia.get\nentryId = <1:>' },
  { name: '`:` in a capture path', typed: 'media.list\n> first = result:objects::|', ch: ':', after: 'media.list\n> first = result:objects:' },
  { name: '` ` after `key = `', typed: 'media.list\nfilter:objectType =  |', ch: ' ', after: 'media.list\nfilter:objectType = ' },
  { name: '`=` after `key = `', typed: 'media.list\nfilter:objectType = =|', ch: '=', after: 'media.list\nfilter:objectType = ' },
  { name: '`=` after `key =  `', typed: 'media.get\nentryId =  =|', ch: '=', after: 'media.get\nentryId = ' },
  // What is typed once, or means something, stays.
  { name: 'a first `.`', typed: 'media.|', ch: '.', after: 'media.' },
  { name: 'a `.` in a value', typed: 'media.get\nentryId = a..|', ch: '.', after: 'media.get\nentryId = a..' },
  { name: 'a `::` in a value', typed: 'media.get\nentryId = a::|', ch: ':', after: 'media.get\nentryId = a::' },
  { name: 'one blank after `=`', typed: 'media.get\nentryId = |', ch: ' ', after: 'media.get\nentryId = ' },
  { name: 'blanks in a value', typed: 'media.list\nfilter:nameLike = a  |', ch: ' ', after: 'media.list\nfilter:nameLike = a  ' },
  { name: 'an `==` assertion', typed: 'media.get\n?? result:status ==|', ch: '=', after: 'media.get\n?? result:status ==' },
  { name: 'a `=` value', typed: 'media.get\nentryId = x=|', ch: '=', after: 'media.get\nentryId = x=' },
  { name: 'a comment', typed: '# a..|', ch: '.', after: '# a..' },
  { name: 'text after the cursor', typed: 'media..|list', ch: '.', after: 'media..list' },
  { name: 'a file variable', typed: '@v = =|', ch: '=', after: '@v = =' },
];

describe('typing rule: a separator typed twice is dropped', () => {
  for (const c of SEPARATOR_CASES) {
    test(c.name, () => {
      const { text, offset } = takeCursor(c.typed);
      const document = makeDocument(text);
      const edits = service.doubledSeparatorEdits(document, document.positionAt(offset), c.ch, service.parse(document));
      assert.equal(TextDocument.applyEdits(document, edits), c.after);
    });
  }
});
