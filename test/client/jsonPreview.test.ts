import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { jsonHead } from '../../client/src/jsonPreview';

const VALUES: ReadonlyArray<readonly [string, unknown]> = [
  ['a string', 'x "quoted"'],
  ['null', null],
  ['an empty object and array', { a: {}, b: [] }],
  ['nested objects and arrays', { objects: [{ id: '0_a', tags: ['x', 'y'], n: 1.5 }, { id: '0_b', flag: false }], totalCount: 2, objectType: 'KalturaMediaListResponse' }],
  ['undefined properties and array items', { a: undefined, b: [undefined, 1] }],
  ['unicode keys', { 'ü"k': 'é' }],
];

describe('the head of pretty JSON', () => {
  for (const [name, value] of VALUES) {
    test(`${name}: whole when short, as JSON.stringify(value, null, 2)`, () => {
      assert.deepEqual(jsonHead(value, 1000), { text: JSON.stringify(value, null, 2), truncated: false });
    });
    test(`${name}: cut to the first lines`, () => {
      const lines = JSON.stringify(value, null, 2).split('\n');
      const head = jsonHead(value, 3);
      assert.equal(head.text, lines.slice(0, 3).join('\n'));
      assert.equal(head.truncated, lines.length > 3);
    });
  }

  test('a huge array is not printed to show its head', () => {
    const huge = Array.from({ length: 200_000 }, (_, i) => ({ id: i }));
    const started = performance.now();
    const head = jsonHead(huge, 40);
    assert.equal(head.text.split('\n').length, 40);
    assert.ok(performance.now() - started < 50, 'fast');
  });
});
