import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { curlCommand, redact, redactValue } from '../../server/src/engine/index';
import { ksV1 } from './engineInputs';

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
