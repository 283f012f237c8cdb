/** The PHP behaviour the sandbox imitates, as data: form-variable names, casts, loose enum equality, ksort, JSON order. */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhpQuery } from '../../server/src/sandbox/phpForm';
import { phpJsonDecode, phpJsonEncode } from '../../server/src/sandbox/phpJson';
import { compareKeys, isPhpArray, looseEqualsInt, looseEqualsString, phpToInt, phpToString, stripTags, type PhpValue } from '../../server/src/sandbox/phpValues';
import { pathPairs } from '../../server/src/sandbox/requestParams';
import { ApiError, describeError } from '../../server/src/sandbox/apiError';
import { realSchema } from '../support/realSchema';

/** A PHP value as plain JSON-like data (arrays become objects with their keys in order). */
function plain(value: PhpValue | undefined): unknown {
  if (isPhpArray(value)) return [...value].map(([k, v]) => [k, plain(v)]);
  return value;
}

describe('form variable names ($_GET / $_POST)', () => {
  const cases: [string, unknown][] = [
    ['a=1&b=2', [['a', '1'], ['b', '2']]],
    ['entry:name=x&entry:tags=y', [['entry:name', 'x'], ['entry:tags', 'y']]],
    ['a.b=1&c d=2', [['a_b', '1'], ['c_d', '2']]],
    ['f[a]=1&f[b][c]=2', [['f', [['a', '1'], ['b', [['c', '2']]]]]]],
    ['l[]=x&l[]=y&l[5]=z&l[]=w', [['l', [['0', 'x'], ['1', 'y'], ['5', 'z'], ['6', 'w']]]]],
    ['a[b=1', [['a_b', '1']]],
    ['a[x].y=1', [['a', [['x', '1']]]]],
    ['k=%2B+%41&k2', [['k', '+ A'], ['k2', '']]],
    ['=x&&dup=1&dup=2', [['dup', '2']]],
  ];
  for (const [query, expected] of cases) {
    test(query, () => assert.deepEqual(plain(parsePhpQuery(query)), expected));
  }
});

describe('path pairs', () => {
  const cases: [string, unknown][] = [
    ['/api_v3/index.php/service/media/action/list', [['service', 'media'], ['action', 'list']]],
    ['/api_v3/index.php/service/a/service/b/ks', [['service', 'a'], ['ks', null]]],
    ['/api_v3/index.php/service/a//action/b', [['service', 'a'], ['action', 'b']]],
    ['/api_v3/index.php/service/a/0/b/format/1', [['service', 'a']]],
    ['/api_v3/index.php/entryId/0_x%2Fy', [['entryId', '0_x/y']]],
  ];
  for (const [path, expected] of cases) {
    test(path, () => assert.deepEqual(plain(pathPairs(path)), expected));
  }
});

describe('casts and comparisons', () => {
  test('(int)', () => {
    const cases: [PhpValue, number][] = [['12abc', 12], [' 7', 7], ['1e3', 1000], ['-4.9', -4], ['abc', 0], ['', 0], [true, 1], [null, 0], [3.7, 3]];
    assert.deepEqual(cases.map(([v]) => phpToInt(v)), cases.map(([, n]) => n));
  });

  test('(string)', () => {
    const cases: [PhpValue, string][] = [[true, '1'], [false, ''], [null, ''], [12, '12'], [1.5, '1.5'], [new Map(), 'Array']];
    assert.deepEqual(cases.map(([v]) => phpToString(v)), cases.map(([, s]) => s));
  });

  test('loose == against int enum constants (PHP 8)', () => {
    const cases: [PhpValue, number, boolean][] = [['1', 1, true], [' 1', 1, true], ['1.0', 1, true], ['1abc', 1, false], ['', 0, false], [null, 0, true], [true, 2, true], ['x', 0, false]];
    assert.deepEqual(cases.map(([v, c]) => looseEqualsInt(v, c)), cases.map(([, , r]) => r));
  });

  test('loose == against string enum constants', () => {
    const cases: [PhpValue, string, boolean][] = [['2', '2', true], ['2.0', '2', true], [2, '2', true], ['a', 'A', false], ['virusScan.Infected', 'virusScan.Infected', true]];
    assert.deepEqual(cases.map(([v, c]) => looseEqualsString(v, c)), cases.map(([, , r]) => r));
  });

  test('ksort order', () => {
    assert.deepEqual(['10', 'b', '2', '-', 'a', '0'].sort(compareKeys), ['-', '0', '2', '10', 'a', 'b']);
  });

  test('strip_tags', () => {
    assert.deepEqual(['a<1:result:id>b', 'x < y', '<b>bold</b>', 'open <tag'].map(stripTags), ['ab', 'x < y', 'bold', 'open ']);
  });
});

describe('JSON', () => {
  test('decoding keeps key order (integer-like keys too)', () => {
    assert.deepEqual(plain(phpJsonDecode('{"service":"x","1":{"a":[1,true,null]},"0":"z"}')), [
      ['service', 'x'],
      ['1', [['a', [['0', 1], ['1', true], ['2', null]]]]],
      ['0', 'z'],
    ]);
  });

  test('invalid JSON is undefined', () => {
    assert.deepEqual(['{', '{"a":1,}', "{'a':1}", '{"a":1} x'].map(phpJsonDecode), [undefined, undefined, undefined, undefined]);
  });

  test('encoding escapes slashes and non-ASCII; an empty object is []', () => {
    assert.equal(phpJsonEncode({ entries: [['url', 'http://x/é"'], ['args', { entries: [] }], ['n', 1.5]] }), '{"url":"http:\\/\\/x\\/\\u00e9\\"","args":[],"n":1.5}');
  });
});

describe('error messages (APIErrors)', () => {
  const cases: [ApiError, string, [string, string][]][] = [
    [new ApiError('ENTRY_ID_NOT_FOUND', '0_x'), 'Entry id "0_x" not found', [['ENTRY_ID', '0_x']]],
    [new ApiError('ENTRY_ID_NOT_FOUND'), 'Entry id "N/A" not found', [['ENTRY_ID', 'N/A']]],
    [new ApiError('ENTRY_ID_NOT_FOUND', '<1:result:id>'), 'Entry id "" not found', [['ENTRY_ID', '']]],
    [new ApiError('INVALID_KS', 'EXPIRED', -1, 'INVALID_STR'), 'Invalid KS "EXPIRED", Error "-1,INVALID_STR"', [['KSID', 'EXPIRED'], ['ERR_CODE', '-1'], ['ERR_DESC', 'INVALID_STR']]],
    [new ApiError('MISSING_KS', 'extra'), 'Missing KS, session not established', []],
    [new ApiError('INVALID_LANGUAGE_CODE', 'xx'), ' Invalid language code ["xx"]', [['LANGUAGE_CODE', 'xx']]],
  ];
  for (const [error, message, args] of cases) {
    test(`${error.code} ${JSON.stringify(error.args)}`, () => {
      const described = describeError(realSchema(), error);
      assert.deepEqual([described.message, described.args], [message, args]);
    });
  }
});
