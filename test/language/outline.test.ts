/** Document symbols, folding ranges and go-to-definition, compared in compact printed forms. */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol, type FoldingRange, type Range } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/language/index';
import { realSchemaStatus } from '../support/realSchema';
import { makeDocument, takeCursor, TEST_URI } from '../support/fixtureText';

const ls = getLanguageService({ schema: realSchemaStatus() });

function printRange(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** `> entryId result:id 3:0-3:21 @3:2-3:9` or `?? result:status == READY 4:0-4:25 @4:3-4:25`. */
function printFlowSymbol(s: DocumentSymbol): string {
  assert.equal(s.kind, s.name.startsWith('>') ? SymbolKind.Variable : SymbolKind.Boolean);
  assert.equal(s.children, undefined);
  return `${s.name}${s.detail ? ` ${s.detail}` : ''} ${printRange(s.range)} @${printRange(s.selectionRange)}`;
}

/** `Block "List" 1:0-8:30 @1:0-1:8 [media.list #1 2:0-4:12 @2:0-2:10, …]`; a call's captures and assertions in `{…}`. */
function printSymbol(s: DocumentSymbol): string {
  assert.equal(s.kind, SymbolKind.Namespace);
  const children = (s.children ?? []).map((c) => {
    assert.equal(c.kind, SymbolKind.Method);
    const flow = c.children ? ` {${c.children.map(printFlowSymbol).join(', ')}}` : '';
    return `${c.name} ${c.detail} ${printRange(c.range)} @${printRange(c.selectionRange)}${flow}`;
  });
  return `Block ${JSON.stringify(s.name)} ${printRange(s.range)} @${printRange(s.selectionRange)} [${children.join(', ')}]`;
}

function symbols(text: string): string[] {
  const document = makeDocument(text);
  return ls.getDocumentSymbols(document, ls.parse(document)).map(printSymbol);
}

/** `2-9 region` or `3-5`. */
function printFolding(f: FoldingRange): string {
  return `${f.startLine}-${f.endLine}${f.kind ? ` ${f.kind}` : ''}`;
}

function folding(text: string): string[] {
  const document = makeDocument(text);
  return ls.getFoldingRanges(document, ls.parse(document)).map(printFolding);
}

const SPEC_EXAMPLE = [
  '# Newest entries named like "myentry", then the first one in full', // 0
  '@pageSize = 5', // 1
  '', // 2
  '### List, then get the first', // 3
  'media.list', // 4
  'filter:objectType = KalturaMediaEntryFilter', // 5
  'filter:nameLike = myentry', // 6
  'filter:orderBy = -createdAt', // 7
  'pager:pageSize = {{pageSize}}', // 8
  '', // 9
  'media.get', // 10
  'entryId = {1:result:objects:0:id}', // 11
  '', // 12
  '### Upload a file and create an entry from it', // 13
  'uploadToken.add', // 14
  '', // 15
  'uploadToken.upload', // 16
  'uploadTokenId = {1:result:id}', // 17
  'fileData = @./clips/intro.mp4', // 18
  '', // 19
  'baseEntry.addFromUploadedFile', // 20
  'entry:objectType = KalturaMediaEntry', // 21
  'entry:name = Intro', // 22
  'entry:mediaType = VIDEO', // 23
  'uploadTokenId = <1:result:id>', // 24
  '', // 25
].join('\n');

/** [name, document, printed symbols]. */
const SYMBOL_CASES: readonly (readonly [string, string, readonly string[]])[] = [
  [
    'the spec example',
    SPEC_EXAMPLE,
    [
      'Block "List, then get the first" 3:0-11:33 @3:0-3:28 [media.list #1 4:0-8:29 @4:0-4:10, media.get #2 10:0-11:33 @10:0-10:9]',
      'Block "Upload a file and create an entry from it" 13:0-24:29 @13:0-13:45 [uploadToken.add #1 14:0-14:15 @14:0-14:15, uploadToken.upload #2 16:0-18:29 @16:0-16:18, baseEntry.addFromUploadedFile #3 20:0-24:29 @20:0-20:29]',
    ],
  ],
  [
    'untitled blocks, a first block without separator, common parameters',
    '# intro\nks = abc\nmedia.list\n###\nmedia.get\nentryId = x\n###   \n\n',
    [
      'Block "Block 1" 0:0-2:10 @1:0-1:8 [media.list #1 2:0-2:10 @2:0-2:10]',
      'Block "Block 2" 3:0-5:11 @3:0-3:3 [media.get #1 4:0-5:11 @4:0-4:9]',
      'Block "Block 3" 6:0-6:6 @6:0-6:6 []',
    ],
  ],
  ['indented lines and CRLF', '  ### T\r\n  media.list\r\n  pager:pageSize = 1\r\n', ['Block "T" 0:0-2:20 @0:2-0:7 [media.list #1 1:0-2:20 @1:2-1:12]']],
  ['a call still being typed', 'media.\nmedia.get', ['Block "Block 1" 0:0-1:9 @0:0-0:6 [media. #1 0:0-0:6 @0:0-0:6, media.get #2 1:0-1:9 @1:0-1:9]']],
  ['empty document', '', []],
  ['only comments and variables', '# x\n@a = 1\n', []],
  [
    'captures and assertions under their call, in line order',
    '### Create\n# @poll every 5s for 1m\nmedia.add\nentry:name = x\n> entryId = result:id\n  ?? result:status  ==   READY\n>  all = result:streams:_all:id\n?? error:code exists\n# @poll a comment here\nmedia.get\nentryId = {{entryId}}',
    [
      'Block "Create" 0:0-10:21 @0:0-0:10 [media.add #1 2:0-7:20 @2:0-2:9 {> entryId result:id 4:0-4:21 @4:2-4:9, ?? result:status == READY 5:2-5:30 @5:5-5:30, > all result:streams:_all:id 6:0-6:31 @6:3-6:6, ?? error:code exists 7:0-7:20 @7:3-7:20}, media.get #2 9:0-10:21 @9:0-9:9]',
    ],
  ],
  ['a capture before the first call belongs to no call', '> x = result:id\nmedia.get', ['Block "Block 1" 0:0-1:9 @0:0-0:15 [media.get #1 1:0-1:9 @1:0-1:9]']],
];

/** [name, document, printed folding ranges]. */
const FOLDING_CASES: readonly (readonly [string, string, readonly string[]])[] = [
  ['the spec example', SPEC_EXAMPLE, ['3-11 region', '4-8', '10-11', '13-24 region', '16-18', '20-24']],
  ['a first block without separator: its range starts at the first call, with no duplicate for that call', 'media.list\npager:pageSize = 1\n\nmedia.get\nentryId = x', ['0-4 region', '3-4']],
  ['one-line blocks and calls do not fold', '### A\n### B\nmedia.list\n', ['1-2 region']],
  ['empty document', '', []],
];

/** [input with `|`, the definition's range or null]. */
const DEFINITION_CASES: readonly (readonly [string, string | null])[] = [
  ['media.list\n\nmedia.get\nentryId = {|1:result:objects:0:id}', '0:0-0:10'],
  ['media.list\n\nmedia.get\nentryId = {1:result:objects:0:id|}', '0:0-0:10'],
  ['media.list\n\nmedia.get\nentryId = {1:result:objects:0:id}|', '0:0-0:10'],
  ['media.list\n\nmedia.get\nentryId = |{1:result:objects:0:id}', '0:0-0:10'],
  ['media.list\n\nmedia.get\nentryId = <1:res|ult>', '0:0-0:10'],
  ['###\n  media.list\nmedia.get\nentryId = x\nmedia.get\nentryId = Copy of {2:result:i|d}', '2:0-2:9'],
  ['media.list\n###\nmedia.list\nmedia.get\nentryId = {1:result|:id}', '2:0-2:10'],
  ['media.list\n\nmedia.get\nentryId = {3:result|:id}', null],
  ['media.list\n\nmedia.get\nentryId = {0:result|:id}', null],
  ['media.get\nentryId = {1:result|:id}', '0:0-0:9'],
  ['ks = {1:res|ult}\nmedia.list\nmedia.list', '1:0-1:10'],
  ['media.list\n\nmedia.get\nentryId = x|', null],
  ['media.l|ist', null],
  ['|', null],
  ['@size = 5\nmedia.list\npager:pageSize = {{si|ze}}', '0:0-0:5'],
  ['media.list\npager:pageSize = {{$time|stamp}}', null],
  ['media.list\npager:pageSize = {{nowh|ere}}', null],
  // Captures and prompts define names too.
  ['### A\nmedia.get\nentryId = {{entry|Id}}\n### B\nmedia.add\n  > entryId = result:id', '5:4-5:11'],
  ['media.add\n> entryId = result:id\n?? result:id == {{entryId|}}', '1:2-1:9'],
  ['media.add\n> a = result:id\n> a = result:name\nmedia.get\nentryId = {{|a}}', '1:2-1:3'],
  ['@a = 1\nmedia.add\n> a = result:id\nmedia.get\nentryId = {{|a}}', '0:0-0:2'],
  ['### A\n# @prompt  token  the token\nmedia.get\nks = {{tok|en}}', '1:11-1:16'],
  ['media.get\n# @prompt token\nks = {{tok|en}}', null],
  ['media.get\nentryId = {{$dotenv ID|}}', null],
];

describe('document symbols', () => {
  for (const [name, text, expected] of SYMBOL_CASES) {
    test(name, () => assert.deepEqual(symbols(text), expected));
  }
});

describe('folding ranges', () => {
  for (const [name, text, expected] of FOLDING_CASES) {
    test(name, () => assert.deepEqual(folding(text), expected));
  }
});

describe('definition', () => {
  for (const [input, expected] of DEFINITION_CASES) {
    test(JSON.stringify(input), () => {
      const { text, offset } = takeCursor(input);
      const document = makeDocument(text);
      const location = ls.findDefinition(document, document.positionAt(offset), ls.parse(document));
      if (expected === null) {
        assert.equal(location, null);
      } else {
        assert.ok(location, 'expected a location');
        assert.equal(location.uri, TEST_URI);
        assert.equal(printRange(location.range), expected);
      }
    });
  }

  test('symbols, folding and definition never throw, at any offset of odd text', () => {
    const text = '{1:result}\n###\n\r\n<9:result:x>\nmedia.\n  = x\n@ = 1\n@a = {{a}}\nx = {1:result:\nmedia.get\ny = <2:result>\n> a = result:\n?? result ==\n?? error:code == {{a}}\n# @\n> = {{a}}';
    const document = makeDocument(text);
    const doc = ls.parse(document);
    ls.getDocumentSymbols(document, doc);
    ls.getFoldingRanges(document, doc);
    for (let offset = 0; offset <= text.length; offset++) ls.findDefinition(document, document.positionAt(offset), doc);
  });
});
