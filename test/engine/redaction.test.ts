import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildWireRequest, curlCommand, redact, redactValue } from '../../server/src/engine/index';
import { buildInput, environment, ksV1 } from './engineInputs';

const KS = ksV1({ partnerId: '100', validUntil: 1_800_000_000, userId: 'me' });
const SLASHY = 'ab+cd/ef==';

interface Case {
  readonly name: string;
  readonly text: string;
  readonly secrets?: readonly string[];
  readonly expected: string;
}

const CASES: Case[] = [
  {
    name: 'form text: ks, N:ks, secret fields masked; dependency tokens and other fields kept',
    text: 'format=1&ks=abcdefgh&1:ks=zzzzzzzz&2%3Aks=yyyy&secret=s3cret&entry:name=x&3:ks={1:result}&4:ks=%7B1%3Aresult%7D&tokenHash=0f0f&resource:token=0_tok',
    expected: 'format=1&ks=***&1:ks=***&2%3Aks=***&secret=***&entry:name=x&3:ks={1:result}&4:ks=%7B1%3Aresult%7D&tokenHash=***&resource:token=0_tok',
  },
  {
    name: 'secrets are masked raw, URL-encoded and JSON-escaped (PHP escapes `/`)',
    text: `raw ${SLASHY} url ${encodeURIComponent(SLASHY)} json "${SLASHY.replace('/', '\\/')}"`,
    secrets: [SLASHY],
    expected: 'raw *** url *** json "***"',
  },
  {
    name: 'JSON results: ks, token, secret properties masked',
    text: `{"ks":"${KS}","sessionType":2,"objectType":"KalturaSessionInfo"} {"token":"abcd","id":"t1"} {"ks": ""}`,
    expected: '{"ks":"***","sessionType":2,"objectType":"KalturaSessionInfo"} {"token":"***","id":"t1"} {"ks": ""}',
  },
  {
    name: 'a session.start string result is masked once its KS is a secret',
    text: `"${KS}"`,
    secrets: [KS],
    expected: '"***"',
  },
  {
    name: 'XML results: <ks> masked',
    text: '<xml><result><objectType>KalturaStartWidgetSessionResponse</objectType><ks>djJ8MTAwfAabc</ks><partnerId>100</partnerId></result></xml>',
    expected: '<xml><result><objectType>KalturaStartWidgetSessionResponse</objectType><ks>***</ks><partnerId>100</partnerId></result></xml>',
  },
  {
    name: 'log lines: an INVALID_KS message naming the KS',
    text: `✗ block 1: session: session.start failed: INVALID_KS: Invalid KS "${KS}", Error "-1,INVALID_STR"`,
    secrets: [KS],
    expected: '✗ block 1: session: session.start failed: INVALID_KS: Invalid KS "***", Error "-1,INVALID_STR"',
  },
  {
    name: 'very short secrets are not replaced as text (they would mangle it)',
    text: 'abc=abc&ks=abc',
    secrets: ['abc'],
    expected: 'abc=abc&ks=***',
  },
];

describe('redact', () => {
  for (const c of CASES) {
    test(c.name, () => assert.equal(redact(c.text, c.secrets ?? []), c.expected));
  }
});

describe('curlCommand', () => {
  test('form fields as -d, shell-quoted and redacted', () => {
    const curl = curlCommand(
      {
        url: 'https://k.example.com/api_v3/service/media/action/list',
        fields: [['ks', KS], ['format', '1'], ['filter:nameLike', "it's a & b"], ['2:entryId', '{1:result:objects:0:id}']],
        files: [],
      },
      [KS],
    );
    assert.equal(
      curl,
      [
        "curl -X POST 'https://k.example.com/api_v3/service/media/action/list'",
        "  -d 'ks=***'",
        "  -d 'format=1'",
        "  -d 'filter:nameLike=it'\\''s%20a%20%26%20b'",
        "  -d '2:entryId={1:result:objects:0:id}'",
      ].join(' \\\n'),
    );
  });

  test('files as -F parts, other fields as --form-string', () => {
    const curl = curlCommand(
      {
        url: 'http://127.0.0.1:8080/api_v3/service/uploadtoken/action/upload',
        fields: [['format', '1'], ['adminSecret', 'top-secret'], ['uploadTokenId', '0_t']],
        files: [{ field: 'fileData', path: '/tmp/my clips/intro.mp4', fileName: 'intro.mp4' }],
      },
      ['top-secret'],
    );
    assert.equal(
      curl,
      [
        "curl -X POST 'http://127.0.0.1:8080/api_v3/service/uploadtoken/action/upload'",
        "  --form-string 'format=1'",
        "  --form-string 'adminSecret=***'",
        "  --form-string 'uploadTokenId=0_t'",
        "  -F 'fileData=@/tmp/my clips/intro.mp4'",
      ].join(' \\\n'),
    );
  });
});

describe('redactValue', () => {
  test('KS strings, secret-named properties and secrets inside strings are masked; the rest is copied', () => {
    const value = { ks: 'whatever-it-is', name: `made with top-secret`, list: [KS, 'plain', 3], nested: { tokenHash: 'ff', id: 7 } };
    assert.deepEqual(redactValue(value, ['top-secret']), { ks: '***', name: 'made with ***', list: ['***', 'plain', 3], nested: { tokenHash: '***', id: 7 } });
    assert.equal(value.ks, 'whatever-it-is', 'the original stays raw');
  });
});

describe('every spelling of a secret or KS is masked (issue 8)', () => {
  const KS2 = ksV1({ partnerId: '100', validUntil: 1_800_000_000, userId: 'someone@example.com', privileges: 'edit:*,sview:*' });
  const url = (ks: string) => encodeURIComponent(ks);
  const b64url = (ks: string) => ks.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const decoded = (ks: string) => Buffer.from(ks, 'base64').toString('latin1');
  const spellings: [string, (ks: string) => string][] = [
    ['raw', (ks) => ks],
    ['URL-encoded', url],
    ['form-encoded', (ks) => new URLSearchParams({ x: ks }).toString().slice(2)],
    ['JSON-escaped with \\/', (ks) => ks.replace(/\//g, '\\/')],
    ['base64url without padding', b64url],
    ['decoded KS text', decoded],
  ];
  for (const known of [true, false]) {
    for (const [name, spell] of spellings) {
      test(`${name} inside a longer result string${known ? ' (a known KS)' : ' (unknown: KS-looking)'}`, () => {
        const value = { downloadUrl: `https://cdn.example.com/p/100/sp/10000/ks/${spell(KS2)}/format/url`, description: `Echo: ${spell(KS2)} end` };
        const shown = JSON.stringify(redactValue(value, known ? [KS2] : []));
        assert.ok(!shown.includes(spell(KS2)), shown);
        assert.ok(!shown.includes(KS2.slice(0, 24)) && !shown.includes(b64url(KS2).slice(0, 24)) && !shown.includes(decoded(KS2).slice(0, 40)), shown);
        assert.match(shown, /Echo: \*\*\* end/);
        assert.match(shown, /^{"downloadUrl":"https:\/\/cdn\.example\.com\/p\/100\/sp\/10000\/ks\/\*\*\*/);
        const text = redact(`{"description":"Echo: ${spell(KS2).replace(/"/g, '\\"')} end"}`, known ? [KS2] : []);
        assert.equal(text, '{"description":"Echo: *** end"}');
      });
    }
  }

  const SECRET = 'my adminSecret/with+chars&more';
  const secretSpellings: [string, string][] = [
    ['raw', SECRET],
    ['URL-encoded', encodeURIComponent(SECRET)],
    ['form-encoded (space as +)', new URLSearchParams({ s: SECRET }).toString().slice(2)],
    ['JSON-escaped with \\/', JSON.stringify(SECRET).slice(1, -1).replace(/\//g, '\\/')],
    ['XML-escaped', SECRET.replace(/&/g, '&amp;')],
    ['base64', Buffer.from(SECRET).toString('base64')],
    ['base64url', Buffer.from(SECRET).toString('base64url')],
  ];
  for (const [name, spelt] of secretSpellings) {
    test(`a secret ${name}, in text and in result values`, () => {
      assert.equal(redact(`before ${spelt} after`, [SECRET]), 'before *** after');
      assert.deepEqual(redactValue({ note: `before ${spelt} after` }, [SECRET]), { note: 'before *** after' });
    });
  }

  test('ordinary values stay: ids, class names, long words, dependency tokens, hashes', () => {
    const value = {
      id: '0_abcdefgh',
      objectType: 'KalturaMediaListResponse',
      token: '{1:result:id}',
      uploadTokenId: '0_0123456789abcdef0123456789abcdef',
      name: 'AVeryLongWordWithoutAnySpacesAtAllReally',
      checksum: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
      path: '/api_v3/service/media/action/list/format/1',
    };
    assert.deepEqual(redactValue(value, []), value);
    const text = JSON.stringify(value);
    assert.equal(redact(text, []), text);
  });

  test('a KS v2 inside a path is masked up to its end', () => {
    const v2 = `djJ8MTAwfH${'A'.repeat(80)}`;
    assert.equal(redact(`GET /api_v3/service/media/action/list/ks/${v2} HTTP/1.1`, []), 'GET /api_v3/service/media/action/list/ks/*** HTTP/1.1');
  });
});

describe('redaction is linear', () => {
  const secrets = [KS, 'top-secret-admin', 'user/secret+x'];
  const MB = 1024 * 1024;
  const shapes: [string, (n: number) => string][] = [
    ['a JSON list', (n) => JSON.stringify(Array.from({ length: Math.ceil(n / 120) }, (_, i) => ({ id: `0_${i}`, objectType: 'KalturaMediaEntry', ks: KS.slice(0, 30) }))).slice(0, n)],
    ['one base64 run', (n) => 'MDAw'.repeat(n / 4)],
    ['hex digits', (n) => 'a'.repeat(n)],
    ['repeated "ks":"', (n) => '"ks":"'.repeat(Math.ceil(n / 6))],
    ['a slash-separated run', (n) => 'M/'.repeat(n / 2)],
    ['URL escapes', (n) => '%2F'.repeat(Math.ceil(n / 3))],
    ['an unclosed JSON string of escapes', (n) => `"ks":"${'\\\\'.repeat(n / 2)}`],
  ];
  for (const [name, make] of shapes) {
    test(`${name}: 10 MB in under 3 s, 4× the text in under 8× the time`, () => {
      const time = (text: string) => {
        const started = performance.now();
        redact(text, secrets);
        redactValue({ v: text }, secrets);
        return performance.now() - started;
      };
      time(make(MB / 4));
      const small = time(make(2.5 * MB));
      const large = time(make(10 * MB));
      assert.ok(large < 6_000, `10 MB took ${large.toFixed(0)} ms`);
      assert.ok(large < Math.max(small * 8, 200), `2.5 MB ${small.toFixed(0)} ms, 10 MB ${large.toFixed(0)} ms`);
    });
  }
});

describe('values from {{$env}} / {{$dotenv}} under secret keys are masked (issue 8)', () => {
  const text = [
    'appToken.add',
    'appToken:token = {{$env APP_TOKEN}}',
    'appToken:description = plain',
    'session.start',
    'secret = {{$dotenv ADMIN_SECRET}}',
    'partnerId = 100',
    'media.list',
    'ks = {{$env MY_KS}}',
    'filter:objectType = KalturaMediaEntryFilter',
    'uploadToken.get',
    'uploadTokenId = {{$env UPLOAD_TOKEN_ID}}',
    '',
  ].join('\n');
  const processEnv = { APP_TOKEN: 'app-token-from-env', MY_KS: KS, UPLOAD_TOKEN_ID: '0_notasecret' };
  const input = { ...buildInput(text, { processEnv, environment: environment({ serviceUrl: 'https://k.example.com', partnerId: '100' }) }), dotenv: new Map([['ADMIN_SECRET', 'admin-secret-from-dotenv']]) };

  test('they are listed as the request secrets, and cURL and log text mask them', () => {
    const result = buildWireRequest(input);
    assert.ok('request' in result, JSON.stringify(result));
    const { request } = result;
    assert.deepEqual([...request.secrets].sort(), [KS, 'admin-secret-from-dotenv', 'app-token-from-env'].sort());
    const curl = curlCommand(request, request.secrets);
    for (const secret of ['app-token-from-env', 'admin-secret-from-dotenv', KS, encodeURIComponent(KS)]) assert.ok(!curl.includes(secret), curl);
    assert.match(curl, /0_notasecret/);
    const shown = JSON.stringify(redactValue({ echo: `token app-token-from-env, ${Buffer.from('admin-secret-from-dotenv').toString('base64')}` }, request.secrets));
    assert.equal(shown, '{"echo":"token ***, ***"}');
  });
});
