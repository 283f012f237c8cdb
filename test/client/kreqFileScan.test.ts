import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { blockLabel, scanKreq } from '../../client/src/kreqFileScan';
import { blockDirectives, parseKreq } from '../../server/src/language/index';
import { REPO_ROOT } from '../support/repoPaths';

/** What the server's parse says of the blocks with calls, in the scan's terms. */
function parsed(text: string) {
  const doc = parseKreq(text);
  return doc.blocks.filter((b) => b.calls.length > 0).map((b) => ({
    index: b.index,
    callLine: b.calls[0].line.line,
    title: b.separator?.title?.text,
    name: blockDirectives(b).name,
    separatorLine: b.separator?.line,
    hasAssertions: b.calls.some((c) => c.assertions.length > 0),
  }));
}

function scanned(text: string) {
  return scanKreq(text).blocks.map((b) => ({
    index: b.index,
    callLine: b.callLine,
    title: b.title,
    name: b.name,
    separatorLine: b.title !== undefined || text.split('\n')[b.startLine]?.trim().startsWith('###') ? b.startLine : undefined,
    hasAssertions: b.hasAssertions,
  }));
}

const CASES: Record<string, string> = {
  'calls before the first separator make a first block': 'media.list\n\n### two\nmedia.get\nentryId = x\n?? result:id exists\n',
  'a first block of variables and comments only is none': '@a = 1\n# comment\n\n### one\nsystem.ping\n?? result == true\n### two\nmedia.list\n',
  'common parameters keep the first block': 'ks = {{k}}\n### one\nsystem.ping\n',
  'a separator first: no empty first block': '### one\n# @name first-one\n# @poll every 1s for 5s\nsystem.ping\n\n###\nmedia.list\n',
  'blocks without calls count in the numbering': '### a\n# nothing\n### b\nsystem.ping\n### c\n\n### d\nmedia.list\n?? result:totalCount > 0\n',
  'CRLF, blanks and a BOM': '\ufeff### one\r\n  media.list  \r\n\t?? result:totalCount >= 0\r\n### two\r\nmedia.get\r\n',
  '####title and a directive after the call': '####title\nsystem.ping\n# @name late\n',
  'malformed lines are neither calls nor parameters': '### one\nnot a call\nmedia.\nbad key = 1\n= 2\n@ x\nsystem.ping\n',
  'an assertion before any call is no assertion': '### one\n?? result exists\n',
};

describe('the client\'s scan of .kreq files for the Test Explorer', () => {
  for (const [name, text] of Object.entries(CASES)) {
    test(`numbers blocks as the server does: ${name}`, () => {
      assert.deepEqual(scanned(text), parsed(text));
    });
  }

  test('numbers the examples\' blocks as the server does', () => {
    const dir = path.join(REPO_ROOT, 'examples');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.kreq'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      assert.deepEqual(scanned(text), parsed(text), file);
      assert.equal(scanKreq(text).hasAssertions, parseKreq(text).blocks.some((b) => b.calls.some((c) => c.assertions.length > 0)), file);
    }
  });

  test('a file is a test when a block has an assertion; blocks are named by @name, title, else number and line', () => {
    const text = '### Create\n# @name create-entry\nmedia.add\n> entryId = result:id\n\n###\nmedia.get\n?? result:status == READY\n\n### Listed\nmedia.list\n';
    const scan = scanKreq(text);
    assert.equal(scan.hasAssertions, true);
    assert.deepEqual(scan.blocks.map((b) => [b.index, blockLabel(b), b.startLine, b.endLine, b.hasAssertions]), [
      [0, 'create-entry', 0, 3, false],
      [1, 'block 2 (line 6)', 5, 7, true],
      [2, 'Listed', 9, 10, false],
    ]);
    assert.equal(scanKreq('### a\nsystem.ping\n# ?? not an assertion\n').hasAssertions, false);
  });
});
