import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TransportError, type CallResult, type WireCall } from '../../server/src/engine/index';
import { readResponse } from '../../server/src/engine/responseReader';

const CALLS: WireCall[] = [
  { number: 1, service: 'media', action: 'list', line: 1 },
  { number: 2, service: 'media', action: 'get', line: 4 },
  { number: 3, service: 'system', action: 'ping', line: 7 },
];
const URL = 'http://127.0.0.1:8080/api_v3/service/multirequest';

/** Results as short data: `value` or `!CODE message args`. */
function shown(results: readonly CallResult[]): unknown[] {
  return results.map((r) => (r.ok ? r.value : `!${r.error.code} ${r.error.message} ${JSON.stringify(r.error.args)}`));
}

interface Case {
  readonly name: string;
  readonly format: 'json' | 'xml';
  readonly calls: number;
  readonly body: string;
  readonly expected: unknown[];
}

const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?><xml><result>';
const XML_TAIL = '</result><executionTime>0.0123</executionTime></xml>';

const CASES: Case[] = [
  {
    name: 'JSON single call: the bare value',
    format: 'json',
    calls: 1,
    body: '{"objects":[{"id":"0_a","objectType":"KalturaMediaEntry"}],"totalCount":1,"objectType":"KalturaMediaListResponse"}',
    expected: [{ objects: [{ id: '0_a', objectType: 'KalturaMediaEntry' }], totalCount: 1, objectType: 'KalturaMediaListResponse' }],
  },
  {
    name: 'JSON single call: a void action answers null',
    format: 'json',
    calls: 1,
    body: 'null',
    expected: [null],
  },
  {
    name: 'JSON API error with `args: []` reads as no args',
    format: 'json',
    calls: 1,
    body: '{"code":"MISSING_KS","message":"Missing KS, session not established","objectType":"KalturaAPIException","args":[]}',
    expected: ['!MISSING_KS Missing KS, session not established {}'],
  },
  {
    name: 'JSON multirequest: results mapped to calls by position, errors per call',
    format: 'json',
    calls: 3,
    body: '[{"objects":[],"totalCount":0,"objectType":"KalturaMediaListResponse"},{"code":"ENTRY_ID_NOT_FOUND","message":"Entry id \\"\\" not found","objectType":"KalturaAPIException","args":{"ENTRY_ID":""}},true]',
    expected: [{ objects: [], totalCount: 0, objectType: 'KalturaMediaListResponse' }, '!ENTRY_ID_NOT_FOUND Entry id "" not found {"ENTRY_ID":""}', true],
  },
  {
    name: 'JSON multirequest with fewer results than calls',
    format: 'json',
    calls: 2,
    body: '["ok"]',
    expected: ['ok', '!NO_RESULT The server returned no result for call 2 (a multirequest stops at the first call without a service or an action). {}'],
  },
  {
    name: 'JSON multirequest answered by one error: every call has it',
    format: 'json',
    calls: 2,
    body: '{"code":"INTERNAL_SERVERL_ERROR","message":"Internal server error occurred","objectType":"KalturaAPIException","args":[]}',
    expected: ['!INTERNAL_SERVERL_ERROR Internal server error occurred {}', '!INTERNAL_SERVERL_ERROR Internal server error occurred {}'],
  },
  {
    name: 'XML single object: properties, arrays of items, empty elements left out (as JSON leaves out nulls)',
    format: 'xml',
    calls: 1,
    body: `${XML_HEAD}<objectType>KalturaMediaListResponse</objectType><objects><item><objectType>KalturaMediaEntry</objectType><id>0_a</id><name>a &amp; b</name><tags></tags></item><item><objectType>KalturaMediaEntry</objectType><id>0_b</id></item></objects><totalCount>2</totalCount>${XML_TAIL}`,
    expected: [
      {
        objectType: 'KalturaMediaListResponse',
        objects: [
          { objectType: 'KalturaMediaEntry', id: '0_a', name: 'a & b' },
          { objectType: 'KalturaMediaEntry', id: '0_b' },
        ],
        totalCount: '2',
      },
    ],
  },
  {
    name: 'XML maps: <item><itemKey>',
    format: 'xml',
    calls: 1,
    body: `${XML_HEAD}<item><itemKey>first</itemKey><objectType>KalturaString</objectType><value>1</value></item><item><itemKey>second</itemKey><objectType>KalturaString</objectType><value>2</value></item>${XML_TAIL}`,
    expected: [{ first: { objectType: 'KalturaString', value: '1' }, second: { objectType: 'KalturaString', value: '2' } }],
  },
  {
    name: 'XML scalar and void results',
    format: 'xml',
    calls: 1,
    body: `${XML_HEAD}djJ8MTAwfHNvbWV0aGluZw==${XML_TAIL}`,
    expected: ['djJ8MTAwfHNvbWV0aGluZw=='],
  },
  {
    name: 'XML error with args',
    format: 'xml',
    calls: 1,
    body: `${XML_HEAD}<error><code>ENTRY_ID_NOT_FOUND</code><message>Entry id "0_x" not found</message><objectType>KalturaAPIException</objectType><args><item><objectType>KalturaApiExceptionArg</objectType><name>ENTRY_ID</name><value>0_x</value></item></args></error>${XML_TAIL}`,
    expected: ['!ENTRY_ID_NOT_FOUND Entry id "0_x" not found {"ENTRY_ID":"0_x"}'],
  },
  {
    name: 'XML multirequest: items by position, an error item, a void item',
    format: 'xml',
    calls: 3,
    body: `${XML_HEAD}<item><objectType>KalturaUploadToken</objectType><id>0_t</id></item><item><error><code>MISSING_KS</code><message>Missing KS, session not established</message><objectType>KalturaAPIException</objectType><args></args></error></item><item></item>${XML_TAIL}`,
    expected: [{ objectType: 'KalturaUploadToken', id: '0_t' }, '!MISSING_KS Missing KS, session not established {}', null],
  },
];

describe('readResponse', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const results = readResponse(
        { url: URL, format: c.format, calls: CALLS.slice(0, c.calls), multirequest: c.calls > 1 },
        { status: 200, url: URL, headers: {}, body: c.body },
      );
      assert.deepEqual(results.map((r) => r.call.number), CALLS.slice(0, c.calls).map((k) => k.number));
      assert.deepEqual(shown(results), c.expected);
    });
  }
});

interface FailureCase {
  readonly name: string;
  readonly format: 'json' | 'xml';
  readonly status: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
  readonly kind: string;
  readonly message: readonly string[];
}

const GARBAGE = 'this is not json at all '.repeat(20);

const FAILURES: FailureCase[] = [
  { name: 'non-2xx status', format: 'json', status: 500, body: '{"oops":1}', kind: 'http-status', message: [`${URL} answered HTTP 500 Internal Server Error`] },
  {
    name: 'an HTML page with 200',
    format: 'json',
    status: 200,
    body: '<!DOCTYPE html><html><head><title>Sign in</title></head><body></body></html>',
    kind: 'html',
    message: ['answered with an HTML page ("Sign in")', '`serviceUrl`'],
  },
  { name: 'not JSON: the first 200 characters are shown', format: 'json', status: 200, body: GARBAGE, kind: 'bad-format', message: [`\`${GARBAGE.slice(0, 200)}\`…`, 'which is not JSON'] },
  { name: 'not XML', format: 'xml', status: 200, body: '{"a":1}', kind: 'bad-format', message: ['which is not XML'] },
  {
    name: 'an empty body with the server’s X-Kaltura error header',
    format: 'json',
    status: 200,
    body: '',
    headers: { 'x-kaltura': 'error-UNKNOWN_RESPONSE_FORMAT' },
    kind: 'bad-format',
    message: ['answered an empty body', 'X-Kaltura: error-UNKNOWN_RESPONSE_FORMAT'],
  },
  { name: 'a multirequest answered by something else than a list', format: 'json', status: 200, body: '{"a":1}', kind: 'bad-format', message: ['expected a list of 2 results'] },
];

describe('readResponse failures', () => {
  for (const c of FAILURES) {
    test(c.name, () => {
      const calls = c.name.startsWith('a multirequest') ? CALLS.slice(0, 2) : CALLS.slice(0, 1);
      assert.throws(
        () => readResponse({ url: URL, format: c.format, calls, multirequest: calls.length > 1 }, { status: c.status, url: URL, headers: c.headers ?? {}, body: c.body }),
        (error: unknown) => {
          assert.ok(error instanceof TransportError);
          assert.equal(error.kind, c.kind);
          for (const m of c.message) assert.ok(error.message.includes(m), `${error.message}\nshould include ${m}`);
          return true;
        },
      );
    });
  }
});
