import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { SendResult } from '../../server/src/protocol';
import { responseContent } from '../../client/src/responseContent';

const BASE: SendResult = { uri: 'file:///w/a.kreq', block: 0, line: 0, ok: true, passed: true, durationMs: 5, calls: [] };

describe('the response view text', () => {
  test('the server’s text is shown as it is, as JSON', () => {
    const text = '{\n  "totalCount": 1\n}';
    assert.deepEqual(responseContent({ ...BASE, responseText: text }), { text, languageId: 'json', truncated: false });
  });

  test('XML and HTML answers get their language', () => {
    assert.equal(responseContent({ ...BASE, responseText: '<?xml version="1.0"?><xml/>' }).languageId, 'xml');
    assert.equal(responseContent({ ...BASE, responseText: '<!DOCTYPE html><html></html>' }).languageId, 'html');
    assert.equal(responseContent({ ...BASE, responseText: 'Bad Gateway' }).languageId, 'plaintext');
  });

  test('without a body: the result itself, pretty, without the uri', () => {
    const result: SendResult = { ...BASE, ok: false, passed: false, error: { kind: 'refused', message: 'refused' } };
    const content = responseContent(result);
    assert.deepEqual(JSON.parse(content.text), { block: 0, line: 0, ok: false, passed: false, durationMs: 5, calls: [], error: { kind: 'refused', message: 'refused' } });
  });

  test('a response over the limit is cut at a line end, with a note (JSON with comments)', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `  "k${i}": ${i},`);
    const text = `{\n${lines.join('\n')}\n}`;
    const content = responseContent({ ...BASE, responseText: text }, 5000);
    assert.equal(content.truncated, true);
    assert.equal(content.languageId, 'jsonc');
    const [shown, note] = content.text.split('\n// … ');
    assert.ok(shown.length <= 5000 && text.startsWith(shown) && shown.endsWith(','));
    assert.match(note, /^the response is 0\.0 MB; only its first 0\.0 MB are shown\n$/);
  });
});

describe('big responses', () => {
  test('above the highlighting limit the view is plain text, cut or not', () => {
    const text = `[\n${'  1,\n'.repeat(300)}  1\n]`;
    assert.equal(responseContent({ ...BASE, responseText: text }, 10_000, 1000).languageId, 'plaintext');
    const cut = responseContent({ ...BASE, responseText: text }, 500, 100);
    assert.equal(cut.languageId, 'plaintext');
    assert.match(cut.text, /\n\/\/ … the response is 0\.0 MB; only its first 0\.0 MB are shown\n$/);
    assert.equal(responseContent({ ...BASE, responseText: text }, 10_000, 10_000).languageId, 'json');
  });
});
