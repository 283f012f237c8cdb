/**
 * Tests of the TextMate grammar `syntaxes/kreq.tmLanguage.json` (scope `source.kreq`), run with
 * the same engine VS Code uses (vscode-textmate + vscode-oniguruma).
 *
 * The tests are data: a fixture `.kreq` text and, per construct, a list of (line, substring)
 * pairs with the scope that every character of the substring must carry. Scope names are
 * compared exactly, so renaming a scope in the grammar makes these tests fail.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

// The compiled file sits at out/test/grammar/, the source at test/grammar/: both are three
// levels below the repository root.
const ROOT = path.resolve(__dirname, '../../..');
const GRAMMAR_PATH = path.join(ROOT, 'syntaxes', 'kreq.tmLanguage.json');
const LANGUAGE_CONFIGURATION_PATH = path.join(ROOT, 'language-configuration.json');
const ROOT_SCOPE = 'source.kreq';

let grammarPromise: Promise<vsctm.IGrammar> | undefined;
let wasmPromise: Promise<void> | undefined;

function loadOniguruma(): Promise<void> {
  wasmPromise ??= oniguruma.loadWASM(fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')));
  return wasmPromise;
}

function loadGrammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= (async () => {
    await loadOniguruma();
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName: string) =>
        scopeName === ROOT_SCOPE ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null,
    });
    const grammar = await registry.loadGrammar(ROOT_SCOPE);
    if (!grammar) throw new Error(`grammar ${ROOT_SCOPE} not found in ${GRAMMAR_PATH}`);
    return grammar;
  })();
  return grammarPromise;
}

interface LineTokens {
  readonly text: string;
  readonly tokens: readonly vsctm.IToken[];
  readonly stoppedEarly: boolean;
}

/** Tokenizes `lines` as VS Code does: line by line, each from the previous line's state. */
function tokenizeLines(grammar: vsctm.IGrammar, lines: readonly string[]): LineTokens[] {
  let state: vsctm.StateStack = vsctm.INITIAL;
  return lines.map((text) => {
    const result = grammar.tokenizeLine(text, state);
    state = result.ruleStack;
    return { text, tokens: result.tokens, stoppedEarly: result.stoppedEarly };
  });
}

function scopesAt(line: LineTokens, offset: number): readonly string[] {
  const token = line.tokens.find((t) => t.startIndex <= offset && offset < t.endIndex);
  return token ? token.scopes : [];
}

/** One expectation: every character of the `nth` occurrence of `text` on `line` (1-based)... */
interface Expectation {
  readonly line: number;
  readonly text: string;
  /** ...carries exactly this scope name, */
  readonly scope: string;
  /** (default 0) */
  readonly nth?: number;
  /** or, with `absent`, carries neither this scope nor any scope below it (`comment` rules out `comment.line.…`); */
  readonly absent?: boolean;
  /** and, with `exact`, the characters just before and after the substring do not carry it. */
  readonly exact?: boolean;
}

function describe(line: LineTokens, offset: number): string {
  return offset >= 0 && offset < line.text.length
    ? `${JSON.stringify(line.text[offset])} has [${scopesAt(line, offset).join(', ')}]`
    : '(outside the line)';
}

function checkExpectations(tokenized: readonly LineTokens[], expectations: readonly Expectation[]): string[] {
  const failures: string[] = [];
  for (const e of expectations) {
    const label = `line ${e.line} ${JSON.stringify(e.text)}${e.nth ? ` #${e.nth}` : ''} ${e.absent ? 'without' : 'with'} ${e.scope}`;
    const line = tokenized[e.line - 1];
    if (!line) {
      failures.push(`${label}: no such line`);
      continue;
    }
    let start = -1;
    for (let n = 0, from = 0; n <= (e.nth ?? 0); n++, from = start + 1) {
      start = line.text.indexOf(e.text, from);
      if (start < 0) break;
    }
    if (start < 0 || e.text === '') {
      failures.push(`${label}: substring not found in ${JSON.stringify(line.text)}`);
      continue;
    }
    const end = start + e.text.length;
    const has = (offset: number): boolean =>
      e.absent
        ? scopesAt(line, offset).some((s) => s === e.scope || s.startsWith(e.scope + '.'))
        : scopesAt(line, offset).includes(e.scope);
    for (let offset = start; offset < end; offset++) {
      if (e.absent ? has(offset) : !has(offset)) {
        failures.push(`${label}: at offset ${offset} ${describe(line, offset)}`);
        break;
      }
    }
    if (e.exact && !e.absent) {
      for (const offset of [start - 1, end]) {
        if (offset >= 0 && offset < line.text.length && has(offset)) {
          failures.push(`${label}: the scope spills over the substring: ${describe(line, offset)}`);
        }
      }
    }
  }
  return failures;
}

// Line numbers (1-based) are written beside each line; the expectations below refer to them.
const FIXTURE_LINES: readonly string[] = [
  /*  1 */ '# Newest entries named like "myentry"',
  /*  2 */ '## two hashes are still a comment',
  /*  3 */ '### List, then get the first',
  /*  4 */ '  // a slash comment, indented',
  /*  5 */ '@pageSize = 5',
  /*  6 */ '@base.url-2 = https://example.com/p#frag',
  /*  7 */ 'media.list',
  /*  8 */ 'filter:objectType = KalturaMediaEntryFilter',
  /*  9 */ 'filter:nameLike = #hashtag // not a comment',
  /* 10 */ 'filter:orderBy = -createdAt',
  /* 11 */ 'pager:pageSize = {{pageSize}}',
  /* 12 */ 'filter:advancedSearch:items:0:objectType = KalturaSearchCondition',
  /* 13 */ 'entry:description__null =',
  /* 14 */ 'entry:operationAttributes:- =',
  /* 15 */ 'filter:{{field}}:x = {{$env KALTURA_SECRET}}',
  /* 16 */ 'clientTag = kreq-{{$timestamp}}-{{ $uuid }}',
  /* 17 */ '',
  /* 18 */ 'media.get',
  /* 19 */ 'entryId = {1:result:objects:0:id}',
  /* 20 */ 'entry:name = Copy of {1:result:name}',
  /* 21 */ 'uploadTokenId = <1:result:id>',
  /* 22 */ 'entryIds = {1:result:objects:_all:id}',
  /* 23 */ 'entry:description = "say \\"hi\\"\\n{{pageSize}}"',
  /* 24 */ 'entry:tags = "a\\qb"',
  /* 25 */ 'entry:name = "closed" trailing',
  /* 26 */ 'entry:name = "never closed',
  /* 27 */ 'fileData = @./clips/intro.mp4',
  /* 28 */ 'ignoreNull = true',
  /* 29 */ 'entry:isTrue=false',
  /* 30 */ 'pager:pageIndex = 2',
  /* 31 */ 'entry:name = true story',
  /* 32 */ 'caption_captionAsset.list',
  /* 33 */ '###',
  /* 34 */ '####Title without a space   ',
  /* 35 */ 'a = 1 < 2 and {x} and {{ and <x>',
  /* 36 */ 'this line is nothing',
  /* 37 */ '    uploadToken.add   ',
  /* 38 */ 'entry:name = it is true',
  /* 39 */ 'entry:name = 10 apples',
  /* 40 */ 'entry:name = {{pageSize}}true',
  // Flows (docs/language.md §10): captures, assertions, directives, and the lines after malformed ones.
  /* 41 */ '> entryId = result:id',
  /* 42 */ '  > ids = result:objects:_all:id  ',
  /* 43 */ '> code=error:code',
  /* 44 */ '> broken result:id',
  /* 45 */ 'entryId = {{entryId}}',
  /* 46 */ '?? result:status == READY',
  /* 47 */ '?? result:totalCount >= 1',
  /* 48 */ '??result:objects:0:name!=x',
  /* 49 */ '?? result:name contains Intro {{suffix}}',
  /* 50 */ '?? result:name startsWith "  padded"',
  /* 51 */ '?? error:code matches /^ENTRY_[A-Z_]+$/i',
  /* 52 */ '?? result:id exists',
  /* 53 */ '?? result:id !exists',
  /* 54 */ '?? result:isRoot == true',
  /* 55 */ '?? result:createdAt <= {{$timestamp}}',
  /* 56 */ '?? status == READY',
  /* 57 */ 'media.get',
  /* 58 */ '?? result:name == "never closed',
  /* 59 */ 'pager:pageSize = 5',
  /* 60 */ '?? result:name matches /unclosed',
  /* 61 */ '?? result:name == {1:result:id}',
  /* 62 */ '?? result:views < 10',
  /* 63 */ '?? error:message existsx',
  /* 64 */ '> entryId = {1:result:id}',
  /* 65 */ '# @poll every 5s for 10m',
  /* 66 */ '  // @poll every 500ms for 1.5h',
  /* 67 */ '# @prompt adminSecret Your partner admin secret',
  /* 68 */ '# @name create-entry flow',
  /* 69 */ '# @poll sometimes',
  /* 70 */ '# @polling is not a directive',
  /* 71 */ '#@prompt',
  /* 72 */ 'entryId = {{$dotenv ENTRY_ID}}',
  /* 73 */ '# @prompt 9lives',
  /* 74 */ '?? result:name == a/b/c',
  /* 75 */ '> first = result:objects:0:id',
];

const COMMENTS_AND_SEPARATORS: readonly Expectation[] = [
  { line: 1, text: '# Newest entries named like "myentry"', scope: 'comment.line.number-sign.kreq' },
  { line: 1, text: '#', scope: 'punctuation.definition.comment.kreq', exact: true },
  { line: 1, text: '# Newest', scope: 'meta.separator.kreq', absent: true },
  { line: 2, text: '## two hashes are still a comment', scope: 'comment.line.number-sign.kreq' },
  { line: 2, text: '##', scope: 'meta.separator.kreq', absent: true },
  { line: 3, text: '### List, then get the first', scope: 'meta.separator.kreq' },
  { line: 3, text: '### List, then get the first', scope: 'markup.heading.kreq' },
  { line: 3, text: '### List, then get the first', scope: 'comment', absent: true },
  { line: 3, text: '###', scope: 'punctuation.definition.heading.kreq', exact: true },
  { line: 3, text: 'List, then get the first', scope: 'entity.name.section.kreq', exact: true },
  { line: 4, text: '// a slash comment, indented', scope: 'comment.line.double-slash.kreq', exact: true },
  { line: 4, text: '//', scope: 'punctuation.definition.comment.kreq', exact: true },
  { line: 33, text: '###', scope: 'meta.separator.kreq' },
  { line: 33, text: '###', scope: 'punctuation.definition.heading.kreq', exact: true },
  { line: 34, text: '###', scope: 'punctuation.definition.heading.kreq', exact: true },
  { line: 34, text: '#Title without a space', scope: 'entity.name.section.kreq', exact: true },
];

const FILE_VARIABLES: readonly Expectation[] = [
  { line: 5, text: '@pageSize = 5', scope: 'meta.definition.variable.kreq' },
  { line: 5, text: '@', scope: 'punctuation.definition.variable.kreq', exact: true },
  { line: 5, text: 'pageSize', scope: 'variable.other.definition.kreq', exact: true },
  { line: 5, text: '=', scope: 'keyword.operator.assignment.kreq', exact: true },
  { line: 5, text: '5', scope: 'meta.value.kreq' },
  { line: 5, text: '5', scope: 'constant.numeric.kreq', exact: true },
  { line: 6, text: 'base.url-2', scope: 'variable.other.definition.kreq', exact: true },
  { line: 6, text: 'https://example.com/p#frag', scope: 'string.unquoted.value.kreq', exact: true },
  { line: 6, text: '#frag', scope: 'comment', absent: true },
];

const CALL_LINES: readonly Expectation[] = [
  { line: 7, text: 'media.list', scope: 'meta.call.kreq' },
  { line: 7, text: 'media', scope: 'entity.name.type.service.kreq', exact: true },
  { line: 7, text: '.', scope: 'punctuation.accessor.kreq', exact: true },
  { line: 7, text: 'list', scope: 'entity.name.function.action.kreq', exact: true },
  { line: 18, text: 'get', scope: 'entity.name.function.action.kreq', exact: true },
  { line: 32, text: 'caption_captionAsset', scope: 'entity.name.type.service.kreq', exact: true },
  { line: 32, text: 'list', scope: 'entity.name.function.action.kreq', exact: true },
  { line: 37, text: 'uploadToken', scope: 'entity.name.type.service.kreq', exact: true },
  { line: 37, text: 'add', scope: 'entity.name.function.action.kreq', exact: true },
];

const KEYS: readonly Expectation[] = [
  { line: 8, text: 'filter:objectType = KalturaMediaEntryFilter', scope: 'meta.parameter.kreq' },
  { line: 8, text: 'filter:objectType', scope: 'meta.key.kreq' },
  { line: 8, text: 'filter', scope: 'variable.other.property.kreq', exact: true },
  { line: 8, text: ':', scope: 'punctuation.separator.key.kreq', exact: true },
  { line: 8, text: 'objectType', scope: 'keyword.other.object-type.kreq', exact: true },
  { line: 8, text: 'objectType', scope: 'variable.other.property.kreq', absent: true },
  { line: 8, text: '=', scope: 'keyword.operator.assignment.kreq', exact: true },
  { line: 8, text: '=', scope: 'meta.key.kreq', absent: true },
  { line: 8, text: 'KalturaMediaEntryFilter', scope: 'meta.key.kreq', absent: true },
  { line: 12, text: 'advancedSearch', scope: 'variable.other.property.kreq', exact: true },
  { line: 12, text: 'items', scope: 'variable.other.property.kreq', exact: true },
  { line: 12, text: '0', scope: 'constant.numeric.integer.index.kreq', exact: true },
  { line: 12, text: ':', nth: 3, scope: 'punctuation.separator.key.kreq', exact: true },
  { line: 12, text: 'objectType', scope: 'keyword.other.object-type.kreq', exact: true },
  { line: 13, text: 'description', scope: 'variable.other.property.kreq', exact: true },
  { line: 13, text: '__null', scope: 'constant.language.null.kreq', exact: true },
  { line: 13, text: '__null', scope: 'variable.other.property.kreq', absent: true },
  { line: 13, text: '=', scope: 'keyword.operator.assignment.kreq', exact: true },
  { line: 14, text: 'operationAttributes', scope: 'variable.other.property.kreq', exact: true },
  { line: 14, text: '-', scope: 'constant.language.empty-array.kreq', exact: true },
  // a variable inside a key
  { line: 15, text: '{{field}}', scope: 'meta.key.kreq' },
  { line: 15, text: '{{field}}', scope: 'meta.variable.kreq', exact: true },
  { line: 15, text: '{{', scope: 'punctuation.definition.variable.begin.kreq', exact: true },
  { line: 15, text: 'field', scope: 'variable.other.kreq', exact: true },
  { line: 15, text: '}}', scope: 'punctuation.definition.variable.end.kreq', exact: true },
  { line: 15, text: 'x', scope: 'variable.other.property.kreq', exact: true },
  { line: 29, text: 'isTrue', scope: 'variable.other.property.kreq', exact: true },
  { line: 29, text: '=', scope: 'keyword.operator.assignment.kreq', exact: true },
];

const VARIABLES: readonly Expectation[] = [
  { line: 11, text: 'pageSize', scope: 'variable.other.property.kreq', exact: true },
  { line: 11, text: '{{pageSize}}', scope: 'meta.variable.kreq', exact: true },
  { line: 11, text: '{{pageSize}}', scope: 'meta.value.kreq' },
  { line: 11, text: '{{', scope: 'punctuation.definition.variable.begin.kreq', exact: true },
  { line: 11, text: 'pageSize', nth: 1, scope: 'variable.other.kreq', exact: true },
  { line: 11, text: '}}', scope: 'punctuation.definition.variable.end.kreq', exact: true },
  { line: 11, text: '{{pageSize}}', scope: 'string', absent: true },
  { line: 15, text: '{{$env KALTURA_SECRET}}', scope: 'meta.variable.environment.kreq', exact: true },
  { line: 15, text: '{{', nth: 1, scope: 'punctuation.definition.variable.begin.kreq', exact: true },
  { line: 15, text: '$env', scope: 'support.function.builtin.env.kreq', exact: true },
  { line: 15, text: 'KALTURA_SECRET', scope: 'variable.other.environment.kreq', exact: true },
  { line: 15, text: '}}', nth: 1, scope: 'punctuation.definition.variable.end.kreq', exact: true },
  { line: 16, text: 'kreq-', scope: 'string.unquoted.value.kreq', exact: true },
  { line: 16, text: '{{$timestamp}}', scope: 'meta.variable.builtin.kreq', exact: true },
  { line: 16, text: '$timestamp', scope: 'variable.language.builtin.kreq', exact: true },
  { line: 16, text: '-', nth: 1, scope: 'string.unquoted.value.kreq', exact: true },
  { line: 16, text: '{{ $uuid }}', scope: 'meta.variable.builtin.kreq', exact: true },
  { line: 16, text: '$uuid', scope: 'variable.language.builtin.kreq', exact: true },
];

const DEPENDENCY_TOKENS: readonly Expectation[] = [
  { line: 19, text: '{1:result:objects:0:id}', scope: 'variable.parameter.token.kreq', exact: true },
  { line: 19, text: '{', scope: 'punctuation.definition.token.begin.kreq', exact: true },
  { line: 19, text: '1', scope: 'constant.numeric.integer.call.kreq', exact: true },
  { line: 19, text: ':', scope: 'punctuation.separator.token.kreq', exact: true },
  { line: 19, text: 'result', scope: 'keyword.other.result.kreq', exact: true },
  { line: 19, text: 'objects', scope: 'variable.other.property.kreq', exact: true },
  { line: 19, text: '0', scope: 'constant.numeric.integer.index.kreq', exact: true },
  { line: 19, text: 'id', scope: 'variable.other.property.kreq', exact: true },
  { line: 19, text: '}', scope: 'punctuation.definition.token.end.kreq', exact: true },
  { line: 19, text: '{1:result:objects:0:id}', scope: 'string', absent: true },
  // a token inside a longer value
  { line: 20, text: 'Copy of ', scope: 'string.unquoted.value.kreq', exact: true },
  { line: 20, text: 'Copy of ', scope: 'variable.parameter.token.kreq', absent: true },
  { line: 20, text: '{1:result:name}', scope: 'variable.parameter.token.kreq', exact: true },
  { line: 20, text: '{1:result:name}', scope: 'meta.value.kreq' },
  { line: 20, text: 'name', nth: 1, scope: 'variable.other.property.kreq', exact: true },
  // the angle form
  { line: 21, text: '<1:result:id>', scope: 'variable.parameter.token.kreq', exact: true },
  { line: 21, text: '<', scope: 'punctuation.definition.token.begin.kreq', exact: true },
  { line: 21, text: '1', scope: 'constant.numeric.integer.call.kreq', exact: true },
  { line: 21, text: 'result', scope: 'keyword.other.result.kreq', exact: true },
  { line: 21, text: 'id', scope: 'variable.other.property.kreq', exact: true },
  { line: 21, text: '>', scope: 'punctuation.definition.token.end.kreq', exact: true },
  { line: 22, text: '_all', scope: 'keyword.other.all.kreq', exact: true },
];

const QUOTED_VALUES: readonly Expectation[] = [
  { line: 23, text: '"say \\"hi\\"\\n{{pageSize}}"', scope: 'string.quoted.double.kreq', exact: true },
  { line: 23, text: '"', scope: 'punctuation.definition.string.begin.kreq', exact: true },
  { line: 23, text: '\\"', scope: 'constant.character.escape.kreq', exact: true },
  // adjacent escapes: `\"` then `\n`, so no boundary check
  { line: 23, text: '\\"', nth: 1, scope: 'constant.character.escape.kreq' },
  { line: 23, text: '\\n', scope: 'constant.character.escape.kreq' },
  { line: 23, text: '\\n', scope: 'punctuation.definition.string.end.kreq', absent: true },
  { line: 23, text: 'hi', scope: 'constant.character.escape.kreq', absent: true },
  { line: 23, text: 'pageSize', scope: 'variable.other.kreq', exact: true },
  { line: 23, text: '"', nth: 3, scope: 'punctuation.definition.string.end.kreq', exact: true },
  { line: 23, text: 'say', scope: 'string.unquoted', absent: true },
  { line: 24, text: '\\q', scope: 'invalid.illegal.escape.kreq', exact: true },
  { line: 25, text: '"closed"', scope: 'string.quoted.double.kreq', exact: true },
  { line: 25, text: 'trailing', scope: 'invalid.illegal.trailing-text.kreq', exact: true },
  { line: 26, text: '"never closed', scope: 'string.quoted.double.kreq', exact: true },
  { line: 26, text: 'never closed', scope: 'invalid.illegal.unterminated-string.kreq', exact: true },
];

const OTHER_VALUES: readonly Expectation[] = [
  // values may contain `#` and `//`: there are no inline comments
  { line: 9, text: '#hashtag // not a comment', scope: 'string.unquoted.value.kreq', exact: true },
  { line: 9, text: '#hashtag // not a comment', scope: 'comment', absent: true },
  { line: 10, text: '-createdAt', scope: 'string.unquoted.value.kreq', exact: true },
  { line: 10, text: '-createdAt', scope: 'constant', absent: true },
  { line: 8, text: 'KalturaMediaEntryFilter', scope: 'string.unquoted.value.kreq', exact: true },
  { line: 27, text: '@./clips/intro.mp4', scope: 'string.unquoted.path.kreq', exact: true },
  { line: 27, text: '@', scope: 'punctuation.definition.path.kreq', exact: true },
  { line: 27, text: '@./clips/intro.mp4', scope: 'string.unquoted.value.kreq', absent: true },
  { line: 28, text: 'true', scope: 'constant.language.boolean.kreq', exact: true },
  { line: 29, text: 'false', scope: 'constant.language.boolean.kreq', exact: true },
  { line: 30, text: '2', scope: 'constant.numeric.kreq', exact: true },
  { line: 30, text: 'pageIndex', scope: 'constant.numeric', absent: true },
  { line: 31, text: 'true story', scope: 'string.unquoted.value.kreq', exact: true },
  { line: 31, text: 'true', scope: 'constant.language.boolean.kreq', absent: true },
  { line: 38, text: 'it is true', scope: 'string.unquoted.value.kreq', exact: true },
  { line: 38, text: 'true', scope: 'constant.language.boolean.kreq', absent: true },
  { line: 39, text: '10 apples', scope: 'string.unquoted.value.kreq', exact: true },
  { line: 39, text: '10', scope: 'constant.numeric', absent: true },
  { line: 40, text: 'true', scope: 'string.unquoted.value.kreq', exact: true },
  { line: 40, text: 'true', scope: 'constant.language.boolean.kreq', absent: true },
  { line: 35, text: '1 < 2 and {x} and {{ and <x>', scope: 'string.unquoted.value.kreq', exact: true },
  { line: 35, text: '1 < 2 and {x} and {{ and <x>', scope: 'constant', absent: true },
  { line: 35, text: '1 < 2 and {x} and {{ and <x>', scope: 'variable', absent: true },
];

const CAPTURES: readonly Expectation[] = [
  { line: 41, text: '> entryId = result:id', scope: 'meta.capture.kreq' },
  { line: 41, text: '>', scope: 'punctuation.definition.capture.kreq', exact: true },
  { line: 41, text: 'entryId', scope: 'variable.other.definition.kreq', exact: true },
  { line: 41, text: '=', scope: 'keyword.operator.assignment.kreq', exact: true },
  { line: 41, text: 'result:id', scope: 'meta.path.kreq', exact: true },
  { line: 41, text: 'result', scope: 'keyword.other.result.kreq', exact: true },
  { line: 41, text: ':', scope: 'punctuation.separator.token.kreq', exact: true },
  { line: 41, text: 'id', scope: 'variable.other.property.kreq', exact: true },
  { line: 41, text: '> entryId = result:id', scope: 'meta.parameter.kreq', absent: true },
  { line: 41, text: 'entryId', scope: 'meta.key.kreq', absent: true },
  // indented, with `_all`
  { line: 42, text: '>', scope: 'punctuation.definition.capture.kreq', exact: true },
  { line: 42, text: 'ids', scope: 'variable.other.definition.kreq', exact: true },
  { line: 42, text: 'objects', scope: 'variable.other.property.kreq', exact: true },
  { line: 42, text: '_all', scope: 'keyword.other.all.kreq', exact: true },
  { line: 42, text: 'id', nth: 1, scope: 'variable.other.property.kreq', exact: true },
  // no blanks around `=`; an error path
  { line: 43, text: 'code', scope: 'variable.other.definition.kreq', exact: true },
  { line: 43, text: '=', scope: 'keyword.operator.assignment.kreq', exact: true },
  { line: 43, text: 'error', scope: 'keyword.other.error.kreq', exact: true },
  { line: 43, text: 'code', nth: 1, scope: 'variable.other.property.kreq', exact: true },
  // a numeric segment
  { line: 75, text: '0', scope: 'constant.numeric.integer.index.kreq', exact: true },
  { line: 75, text: 'objects', scope: 'variable.other.property.kreq', exact: true },
];

const ASSERTIONS: readonly Expectation[] = [
  { line: 46, text: '?? result:status == READY', scope: 'meta.assertion.kreq' },
  { line: 46, text: '??', scope: 'punctuation.definition.assertion.kreq', exact: true },
  { line: 46, text: 'result:status', scope: 'meta.path.kreq', exact: true },
  { line: 46, text: 'result', scope: 'keyword.other.result.kreq', exact: true },
  { line: 46, text: ':', scope: 'punctuation.separator.token.kreq', exact: true },
  { line: 46, text: 'status', scope: 'variable.other.property.kreq', exact: true },
  { line: 46, text: '==', scope: 'keyword.operator.comparison.kreq', exact: true },
  { line: 46, text: 'READY', scope: 'meta.value.kreq' },
  // an enum name is text, as in parameter values
  { line: 46, text: 'READY', scope: 'string.unquoted.value.kreq', exact: true },
  { line: 46, text: '?? result:status == READY', scope: 'meta.parameter.kreq', absent: true },
  { line: 47, text: '>=', scope: 'keyword.operator.comparison.kreq', exact: true },
  { line: 47, text: '1', scope: 'constant.numeric.kreq', exact: true },
  // no blanks at all; a numeric segment
  { line: 48, text: '??', scope: 'punctuation.definition.assertion.kreq', exact: true },
  { line: 48, text: 'objects', scope: 'variable.other.property.kreq', exact: true },
  { line: 48, text: '0', scope: 'constant.numeric.integer.index.kreq', exact: true },
  { line: 48, text: 'name', scope: 'variable.other.property.kreq', exact: true },
  { line: 48, text: '!=', scope: 'keyword.operator.comparison.kreq', exact: true },
  { line: 48, text: 'x', scope: 'string.unquoted.value.kreq', exact: true },
  // word operators; text with a variable
  { line: 49, text: 'contains', scope: 'keyword.operator.word.kreq', exact: true },
  { line: 49, text: 'Intro ', scope: 'string.unquoted.value.kreq', exact: true },
  { line: 49, text: '{{suffix}}', scope: 'meta.variable.kreq', exact: true },
  { line: 49, text: 'suffix', scope: 'variable.other.kreq', exact: true },
  { line: 50, text: 'startsWith', scope: 'keyword.operator.word.kreq', exact: true },
  { line: 50, text: '"  padded"', scope: 'string.quoted.double.kreq', exact: true },
  { line: 50, text: '"', scope: 'punctuation.definition.string.begin.kreq', exact: true },
  // matches /regex/flags
  { line: 51, text: 'error', scope: 'keyword.other.error.kreq', exact: true },
  { line: 51, text: 'code', scope: 'variable.other.property.kreq', exact: true },
  { line: 51, text: 'matches', scope: 'keyword.operator.word.kreq', exact: true },
  { line: 51, text: '/^ENTRY_[A-Z_]+$/i', scope: 'string.regexp.kreq', exact: true },
  { line: 51, text: '/', scope: 'punctuation.definition.string.begin.kreq', exact: true },
  { line: 51, text: '/', nth: 1, scope: 'punctuation.definition.string.end.kreq', exact: true },
  { line: 51, text: 'i', scope: 'keyword.other.flags.regexp.kreq', exact: true },
  { line: 51, text: '/^ENTRY_[A-Z_]+$/i', scope: 'string.unquoted', absent: true },
  { line: 52, text: 'exists', scope: 'keyword.operator.word.kreq', exact: true },
  { line: 53, text: '!exists', scope: 'keyword.operator.word.kreq', exact: true },
  { line: 54, text: 'isRoot', scope: 'variable.other.property.kreq', exact: true },
  { line: 54, text: 'true', scope: 'constant.language.boolean.kreq', exact: true },
  { line: 55, text: '<=', scope: 'keyword.operator.comparison.kreq', exact: true },
  { line: 55, text: '{{$timestamp}}', scope: 'meta.variable.builtin.kreq', exact: true },
  { line: 62, text: '<', scope: 'keyword.operator.comparison.kreq', exact: true },
  { line: 62, text: '10', scope: 'constant.numeric.kreq', exact: true },
  // `/…/` is a regex only after `matches`; dependency tokens are not read in assertions
  { line: 74, text: 'a/b/c', scope: 'string.unquoted.value.kreq', exact: true },
  { line: 74, text: 'a/b/c', scope: 'string.regexp', absent: true },
  { line: 61, text: '{1:result:id}', scope: 'string.unquoted.value.kreq', exact: true },
  { line: 61, text: '{1:result:id}', scope: 'variable.parameter.token.kreq', absent: true },
];

const DIRECTIVES: readonly Expectation[] = [
  { line: 65, text: '# @poll every 5s for 10m', scope: 'comment.line.number-sign.kreq', exact: true },
  { line: 65, text: '# @poll every 5s for 10m', scope: 'meta.directive.kreq', exact: true },
  { line: 65, text: '#', scope: 'punctuation.definition.comment.kreq', exact: true },
  { line: 65, text: '@poll', scope: 'keyword.other.directive.kreq', exact: true },
  { line: 65, text: '@', scope: 'punctuation.definition.directive.kreq', exact: true },
  { line: 65, text: 'every', scope: 'keyword.other.poll.kreq', exact: true },
  { line: 65, text: 'for', scope: 'keyword.other.poll.kreq', exact: true },
  { line: 65, text: '5s', scope: 'constant.numeric.duration.kreq', exact: true },
  { line: 65, text: 's', scope: 'keyword.other.unit.kreq', exact: true },
  { line: 65, text: '5', scope: 'keyword.other.unit.kreq', absent: true },
  { line: 65, text: '10m', scope: 'constant.numeric.duration.kreq', exact: true },
  { line: 65, text: 'm', scope: 'keyword.other.unit.kreq', exact: true },
  { line: 66, text: '// @poll every 500ms for 1.5h', scope: 'comment.line.double-slash.kreq', exact: true },
  { line: 66, text: '//', scope: 'punctuation.definition.comment.kreq', exact: true },
  { line: 66, text: '@poll', scope: 'keyword.other.directive.kreq', exact: true },
  { line: 66, text: '500ms', scope: 'constant.numeric.duration.kreq', exact: true },
  { line: 66, text: 'ms', scope: 'keyword.other.unit.kreq', exact: true },
  { line: 66, text: '1.5h', scope: 'constant.numeric.duration.kreq', exact: true },
  { line: 67, text: '@prompt', scope: 'keyword.other.directive.kreq', exact: true },
  { line: 67, text: 'adminSecret', scope: 'variable.other.definition.kreq', exact: true },
  { line: 67, text: 'Your partner admin secret', scope: 'comment.line.number-sign.kreq' },
  { line: 67, text: 'Your partner admin secret', scope: 'variable', absent: true },
  { line: 68, text: '@name', scope: 'keyword.other.directive.kreq', exact: true },
  { line: 68, text: 'create-entry flow', scope: 'string.unquoted.name.kreq', exact: true },
  { line: 68, text: 'create-entry flow', scope: 'comment.line.number-sign.kreq' },
  // a bad argument stays comment text; an unknown word is a plain comment
  { line: 69, text: '@poll', scope: 'keyword.other.directive.kreq', exact: true },
  { line: 69, text: 'sometimes', scope: 'comment.line.number-sign.kreq' },
  { line: 69, text: 'sometimes', scope: 'constant', absent: true },
  { line: 70, text: '# @polling is not a directive', scope: 'comment.line.number-sign.kreq', exact: true },
  { line: 70, text: '# @polling is not a directive', scope: 'meta.directive.kreq', absent: true },
  { line: 70, text: '@polling', scope: 'keyword', absent: true },
  { line: 71, text: '#', scope: 'punctuation.definition.comment.kreq', exact: true },
  { line: 71, text: '@prompt', scope: 'keyword.other.directive.kreq', exact: true },
  { line: 73, text: '@prompt', scope: 'keyword.other.directive.kreq', exact: true },
  { line: 73, text: '9lives', scope: 'variable', absent: true },
];

const DOTENV: readonly Expectation[] = [
  { line: 72, text: '{{$dotenv ENTRY_ID}}', scope: 'meta.variable.environment.kreq', exact: true },
  { line: 72, text: '{{', scope: 'punctuation.definition.variable.begin.kreq', exact: true },
  { line: 72, text: '$dotenv', scope: 'support.function.builtin.dotenv.kreq', exact: true },
  { line: 72, text: 'ENTRY_ID', scope: 'variable.other.environment.kreq', exact: true },
  { line: 72, text: '}}', scope: 'punctuation.definition.variable.end.kreq', exact: true },
];

/** Malformed flow lines keep what fits, and the next line is read as if they were not there. */
const MALFORMED: readonly Expectation[] = [
  // no `=`: the name is scoped, the rest is not a path
  { line: 44, text: 'broken', scope: 'variable.other.definition.kreq', exact: true },
  { line: 44, text: 'result:id', scope: 'meta.path.kreq', absent: true },
  { line: 44, text: 'result', scope: 'keyword', absent: true },
  { line: 45, text: 'entryId', scope: 'variable.other.property.kreq', exact: true },
  { line: 45, text: '{{entryId}}', scope: 'meta.variable.kreq', exact: true },
  { line: 45, text: 'entryId = {{entryId}}', scope: 'meta.capture.kreq', absent: true },
  // a subject that is not `result…`/`error…`
  { line: 56, text: '??', scope: 'punctuation.definition.assertion.kreq', exact: true },
  { line: 56, text: 'status == READY', scope: 'keyword', absent: true },
  { line: 56, text: 'status == READY', scope: 'string', absent: true },
  { line: 57, text: 'media', scope: 'entity.name.type.service.kreq', exact: true },
  { line: 57, text: 'get', scope: 'entity.name.function.action.kreq', exact: true },
  { line: 57, text: 'media.get', scope: 'meta.assertion.kreq', absent: true },
  // an unterminated quoted expected value
  { line: 58, text: '"never closed', scope: 'string.quoted.double.kreq', exact: true },
  { line: 58, text: 'never closed', scope: 'invalid.illegal.unterminated-string.kreq', exact: true },
  { line: 59, text: 'pageSize', scope: 'variable.other.property.kreq', exact: true },
  { line: 59, text: '5', scope: 'constant.numeric.kreq', exact: true },
  { line: 59, text: 'pager:pageSize = 5', scope: 'string.quoted', absent: true },
  // `matches` without a closing `/`: text
  { line: 60, text: '/unclosed', scope: 'string.unquoted.value.kreq', exact: true },
  { line: 60, text: '/unclosed', scope: 'string.regexp', absent: true },
  // an unknown word operator: the subject stays scoped
  { line: 63, text: 'message', scope: 'variable.other.property.kreq', exact: true },
  { line: 63, text: 'existsx', scope: 'keyword', absent: true },
  // a token is no capture path
  { line: 64, text: 'entryId', scope: 'variable.other.definition.kreq', exact: true },
  { line: 64, text: '{1:result:id}', scope: 'meta.path.kreq', absent: true },
];

async function checkGroup(expectations: readonly Expectation[]): Promise<void> {
  const tokenized = tokenizeLines(await loadGrammar(), FIXTURE_LINES);
  assert.deepEqual(checkExpectations(tokenized, expectations), []);
}

test('grammar: # comments, // comments and ### block separators', () => checkGroup(COMMENTS_AND_SEPARATORS));
test('grammar: file variables @name = value', () => checkGroup(FILE_VARIABLES));
test('grammar: call lines service.action', () => checkGroup(CALL_LINES));
test('grammar: parameter keys and their segments', () => checkGroup(KEYS));
test('grammar: {{variables}} and built-ins in values', () => checkGroup(VARIABLES));
test('grammar: dependency tokens {N:result:…} and <N:result:…>', () => checkGroup(DEPENDENCY_TOKENS));
test('grammar: quoted values with escapes', () => checkGroup(QUOTED_VALUES));
test('grammar: plain values, @paths, booleans and numbers', () => checkGroup(OTHER_VALUES));
test('grammar: captures > name = path', () => checkGroup(CAPTURES));
test('grammar: assertions ?? subject operator expected', () => checkGroup(ASSERTIONS));
test('grammar: directives # @poll, # @prompt, # @name', () => checkGroup(DIRECTIVES));
test('grammar: {{$dotenv NAME}}', () => checkGroup(DOTENV));
test('grammar: malformed capture and assertion lines do not disturb the next line', () => checkGroup(MALFORMED));

test('grammar: a line that is none of the forms gets only the root scope', async () => {
  const tokenized = tokenizeLines(await loadGrammar(), FIXTURE_LINES);
  const line = tokenized[36 - 1];
  assert.equal(line.text, 'this line is nothing');
  assert.deepEqual([...new Set(line.tokens.flatMap((t) => t.scopes))], [ROOT_SCOPE]);
});

test('grammar: no construct carries over to the next line', async () => {
  const grammar = await loadGrammar();
  const inSequence = tokenizeLines(grammar, FIXTURE_LINES);
  FIXTURE_LINES.forEach((text, i) => {
    const alone = grammar.tokenizeLine(text, vsctm.INITIAL).tokens;
    assert.deepEqual(inSequence[i].tokens, alone, `line ${i + 1} ${JSON.stringify(text)}`);
  });
});

// Spec §1, verbatim.
const SPEC_EXAMPLE = `# Newest entries named like "myentry", then the first one in full
@pageSize = 5

### List, then get the first
media.list
filter:objectType = KalturaMediaEntryFilter
filter:nameLike = myentry
filter:orderBy = -createdAt
pager:pageSize = {{pageSize}}

media.get
entryId = {1:result:objects:0:id}

### Upload a file and create an entry from it
uploadToken.add

uploadToken.upload
uploadTokenId = {1:result:id}
fileData = @./clips/intro.mp4

baseEntry.addFromUploadedFile
entry:objectType = KalturaMediaEntry
entry:name = Intro
entry:mediaType = VIDEO
uploadTokenId = <1:result:id>
`;

test('grammar: the spec §1 example tokenizes, every non-blank line with a scope of its own', async () => {
  const grammar = await loadGrammar();
  const lines = SPEC_EXAMPLE.split(/\r?\n/);
  const tokenized = tokenizeLines(grammar, lines);
  const bare: string[] = [];
  tokenized.forEach((line, i) => {
    assert.equal(line.stoppedEarly, false, `line ${i + 1} stopped early`);
    for (const token of line.tokens) assert.equal(token.scopes[0], ROOT_SCOPE);
    if (line.text.trim() === '') return;
    // every non-blank character is covered by a token with more than the root scope
    for (let offset = 0; offset < line.text.length; offset++) {
      if (/\s/.test(line.text[offset])) continue;
      if (scopesAt(line, offset).length < 2) {
        bare.push(`line ${i + 1} ${JSON.stringify(line.text)} offset ${offset}`);
        break;
      }
    }
  });
  assert.deepEqual(bare, []);
  // a few spot checks on the example itself
  assert.deepEqual(
    checkExpectations(tokenized, [
      { line: 1, text: '# Newest entries named like "myentry", then the first one in full', scope: 'comment.line.number-sign.kreq' },
      { line: 2, text: 'pageSize', scope: 'variable.other.definition.kreq', exact: true },
      { line: 4, text: 'List, then get the first', scope: 'entity.name.section.kreq', exact: true },
      { line: 5, text: 'media', scope: 'entity.name.type.service.kreq', exact: true },
      { line: 12, text: '{1:result:objects:0:id}', scope: 'variable.parameter.token.kreq', exact: true },
      { line: 19, text: '@./clips/intro.mp4', scope: 'string.unquoted.path.kreq', exact: true },
      { line: 21, text: 'addFromUploadedFile', scope: 'entity.name.function.action.kreq', exact: true },
      { line: 24, text: 'VIDEO', scope: 'string.unquoted.value.kreq', exact: true },
      { line: 25, text: '<1:result:id>', scope: 'variable.parameter.token.kreq', exact: true },
    ]),
    [],
  );
});

/** Every non-blank character of every non-blank line carries a scope of its own (more than the root scope). */
function bareLines(tokenized: readonly LineTokens[]): string[] {
  const bare: string[] = [];
  tokenized.forEach((line, i) => {
    assert.equal(line.stoppedEarly, false, `line ${i + 1} stopped early`);
    for (let offset = 0; offset < line.text.length; offset++) {
      if (/\s/.test(line.text[offset])) continue;
      if (scopesAt(line, offset).length < 2) {
        bare.push(`line ${i + 1} ${JSON.stringify(line.text)} offset ${offset}`);
        break;
      }
    }
  });
  return bare;
}

test('grammar: every ```kreq example of docs/language.md tokenizes, every non-blank line with a scope of its own', async () => {
  const grammar = await loadGrammar();
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'language.md'), 'utf8');
  const examples = [...doc.matchAll(/^```kreq\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  assert.ok(examples.length >= 4, `only ${examples.length} kreq examples found`);
  const flow = examples.find((e) => e.includes('# @poll') && e.includes('> entryId') && e.includes('?? error:code'));
  assert.ok(flow, 'the flow example of §10 is missing');
  for (const example of examples) {
    const lines = example.split('\n');
    assert.deepEqual(bareLines(tokenizeLines(grammar, lines)), [], example);
  }
  // spot checks on the §10 example
  const lines = flow.split('\n');
  const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix)) + 1;
  assert.deepEqual(
    checkExpectations(tokenizeLines(grammar, lines), [
      { line: at('> entryId'), text: 'entryId', scope: 'variable.other.definition.kreq', exact: true },
      { line: at('?? result:status == NO_CONTENT'), text: '==', scope: 'keyword.operator.comparison.kreq', exact: true },
      { line: at('# @poll'), text: '@poll', scope: 'keyword.other.directive.kreq', exact: true },
      { line: at('# @poll'), text: '10m', scope: 'constant.numeric.duration.kreq', exact: true },
      { line: at('entryId = {{entryId}}'), text: '{{entryId}}', scope: 'meta.variable.kreq', exact: true },
      { line: at('?? error:code'), text: 'error', scope: 'keyword.other.error.kreq', exact: true },
    ]),
    [],
  );
});

function collectRegexes(node: unknown, where: string, out: { where: string; source: string }[]): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => collectRegexes(child, `${where}[${i}]`, out));
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'match' || key === 'begin' || key === 'end' || key === 'while') && typeof value === 'string') {
        out.push({ where: `${where}.${key}`, source: value });
      } else {
        collectRegexes(value, `${where}.${key}`, out);
      }
    }
  }
}

test('grammar: every regex is valid Oniguruma and every include resolves', async () => {
  await loadOniguruma();
  const raw: unknown = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8'));
  assert.ok(raw !== null && typeof raw === 'object');
  assert.equal((raw as { scopeName?: unknown }).scopeName, ROOT_SCOPE);
  const regexes: { where: string; source: string }[] = [];
  collectRegexes(raw, '$', regexes);
  assert.ok(regexes.length > 10, `only ${regexes.length} regexes found`);
  const invalid: string[] = [];
  for (const { where, source } of regexes) {
    try {
      new oniguruma.OnigScanner([source]).dispose();
    } catch (error) {
      invalid.push(`${where}: ${source}: ${String(error)}`);
    }
  }
  assert.deepEqual(invalid, []);
  const repository = (raw as { repository?: Record<string, unknown> }).repository ?? {};
  const includes = JSON.stringify(raw).match(/"include":"#[^"]+"/g) ?? [];
  const unresolved = includes.map((inc) => inc.slice(12, -1)).filter((name) => !(name in repository));
  assert.deepEqual(unresolved, []);
});

test('grammar: long and pathological lines tokenize quickly', async () => {
  const grammar = await loadGrammar();
  const n = 10_000;
  const lines = [
    ' '.repeat(n),
    '#'.repeat(n),
    '### ' + 'a '.repeat(n / 2),
    '@' + 'a'.repeat(n),
    'a'.repeat(n) + '.' + 'b'.repeat(n),
    'a:'.repeat(n / 2),
    'a:'.repeat(n / 2) + ' = x',
    'k = ' + '{'.repeat(n),
    'k = ' + '{{'.repeat(n / 2),
    'k = ' + '<1:result'.repeat(n / 10),
    'k = {1:result' + ':a'.repeat(n / 2),
    'k = <1:result' + ':'.repeat(n),
    'k = "' + '\\"'.repeat(n / 2),
    'k = "' + '\\"'.repeat(n / 2) + '"',
    'k = ' + 'x '.repeat(n / 2) + '\t',
    'k = ' + '1'.repeat(n) + 'x',
    'k' + ' '.repeat(n) + '=' + ' '.repeat(n),
    'k = ' + '{{a}}'.repeat(n / 5),
    'k = @' + ' '.repeat(n),
    'k = ' + 'x'.repeat(n),
    '@k = ' + 'x'.repeat(n),
    'x'.repeat(n) + ' = 1',
    '# ' + 'x'.repeat(n),
    '> ' + 'a'.repeat(n),
    '> a = result' + ':a'.repeat(n / 2),
    '> a = result' + ':'.repeat(n) + ' x',
    '> a' + ' '.repeat(n) + '=' + ' '.repeat(n) + 'result',
    '?? result' + ':a'.repeat(n / 2) + ' ==',
    '?? result' + ':a'.repeat(n / 2) + ' x',
    '?? result:x matches /' + 'a/'.repeat(n / 2) + ' ',
    '?? result:x matches ' + '/'.repeat(n) + 'x',
    '?? result:x == ' + '{'.repeat(n),
    '?? result:x == "' + '\\"'.repeat(n / 2),
    '??' + '?'.repeat(n),
    '# @poll ' + '5s '.repeat(n / 3),
    '# @poll ' + '5'.repeat(n) + 'x',
    '# @name ' + 'x '.repeat(n / 2) + '\t',
    '// @prompt ' + 'a'.repeat(n) + ' ' + 'b '.repeat(n / 2),
  ];
  const slow: string[] = [];
  for (const text of lines) {
    const started = process.hrtime.bigint();
    const result = grammar.tokenizeLine(text, vsctm.INITIAL);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(result.stoppedEarly, false);
    if (ms > 1000) slow.push(`${JSON.stringify(text.slice(0, 30))}…: ${ms.toFixed(0)} ms`);
  }
  assert.deepEqual(slow, []);
});

interface LanguageConfiguration {
  comments?: { lineComment?: string; blockComment?: unknown };
  brackets?: [string, string][];
  autoClosingPairs?: { open: string; close: string }[];
  surroundingPairs?: [string, string][];
  wordPattern?: string;
  folding?: unknown;
}

test('language configuration: comments, brackets and word pattern', () => {
  const config = JSON.parse(fs.readFileSync(LANGUAGE_CONFIGURATION_PATH, 'utf8')) as LanguageConfiguration;
  assert.deepEqual(config.comments, { lineComment: '#' });
  const pairs: [string, string][] = [
    ['{{', '}}'],
    ['{', '}'],
  ];
  // `<` and `>` are no brackets: they are comparison operators in assertions (`?? result:totalCount <= 3`) and the
  // capture marker (`> id = result:id`), where auto-closing would type `<=>` and bracket colouring would flag them.
  assert.deepEqual(config.brackets, pairs);
  assert.deepEqual(
    config.autoClosingPairs?.map((p) => [p.open, p.close]),
    [...pairs, ['"', '"']],
  );
  assert.deepEqual(config.surroundingPairs, [...pairs, ['<', '>'], ['"', '"']]);
  assert.equal(config.folding, undefined);
  assert.ok(config.wordPattern);
  const word = new RegExp(config.wordPattern, 'g');
  assert.deepEqual('filter:advancedSearch:items:0 = {{$env KALTURA_SECRET}}'.match(word), [
    'filter',
    'advancedSearch',
    'items',
    '0',
    '$env',
    'KALTURA_SECRET',
  ]);
});
