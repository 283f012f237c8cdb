/** The import converter on small inputs, as data: quoting, tokens, bracket keys, multirequest numbering, secrets, notes and problems. */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { importKind, importText } from '../../server/src/import/index';
import { parseKreq } from '../../server/src/language/index';
import { realSchema } from '../support/realSchema';

interface Case {
  readonly name: string;
  readonly input: string;
  /** The body of the output after its title line (and `# from` line). */
  readonly kreq?: string;
  /** Text every note together must contain. */
  readonly note?: string;
  /** Text the problem must contain. */
  readonly problem?: string;
  /** Must not appear anywhere in the output. */
  readonly secret?: string;
}

const PROMPT_KS = "# @prompt ks the KS (not kept in this file)\n# (or delete that prompt and the ks line to use the environment's session)";

const CASES: Case[] = [
  {
    name: 'PHP bracket keys become `:` keys; `+` and %-escapes are decoded',
    input: "curl 'https://www.kaltura.com/api_v3/service/media/action/list' -d 'filter[nameLike]=a+b%21&filter[orderBy]=-createdAt&format=1'",
    kreq: 'media.list\nfilter:nameLike = a b!\nfilter:orderBy = -createdAt\n',
  },
  {
    name: "double quotes, $'…' quotes and a `#` inside a word",
    input: `curl "https://www.kaltura.com/api_v3/service/media/action/update" -d "entryId=0_a" -d $'mediaEntry:description=two\\nlines' -d 'mediaEntry:name=%231 hit' -d format=1`,
    kreq: 'media.update\nentryId = 0_a\nmediaEntry:description = "two\\nlines"\nmediaEntry:name = #1 hit\n',
  },
  {
    name: 'a value with blanks at the ends or a leading quote is a JSON string',
    input: `curl https://www.kaltura.com/api_v3/service/media/action/list --data-urlencode 'filter:nameLike= x ' --data-urlencode 'filter:tagsLike="q' -d format=1`,
    kreq: 'media.list\nfilter:nameLike = " x "\nfilter:tagsLike = "\\"q"\n',
  },
  {
    name: 'a 0-based multirequest (as the client libraries send it) is numbered 1, 2; `action=null` is dropped',
    input: "curl -X POST 'https://www.kaltura.com/api_v3/service/multirequest' -d 'action=null&format=1&0:service=media&0:action=list&1:service=media&1:action=get&1:entryId={1:result:objects:0:id}'",
    kreq: 'media.list\n\nmedia.get\nentryId = {1:result:objects:0:id}\n',
  },
  {
    name: 'a multirequest in a JSON body, the old <N:result> token written curly',
    input: `curl -X POST https://www.kaltura.com/api_v3/service/multirequest -H 'Content-Type: application/json' -d '{"format":1,"1":{"service":"session","action":"start","secret":"s3cr3t-value","type":0,"partnerId":100},"2":{"service":"media","action":"list","ks":"<1:result>","pager":{"pageSize":1}}}'`,
    kreq: "# @prompt userSecret the partner's user secret (not kept in this file)\nsession.start\nsecret = {{userSecret}}\ntype = 0\npartnerId = 100\n\nmedia.list\nks = {1:result}\npager:pageSize = 1\n",
    secret: 's3cr3t-value',
  },
  {
    name: 'a call without action stops the multirequest, as on the server',
    input: 'curl https://www.kaltura.com/api_v3/service/multirequest -d format=1 -d 1:service=media -d 1:action=list -d 2:service=media -d 3:service=media -d 3:action=get',
    kreq: 'media.list\n',
    note: 'Call 2 has no service or action',
  },
  {
    name: 'a file part: `-F name=@path;type=…` is `name = @path`; `--form-string` stays text; a multipart `json` field is read',
    input: `curl -F 'json={"ks":"KSVALUE-0001","uploadTokenId":"0_t"}' --form-string 'resume=@notafile' -F 'fileData=@"my clip.mp4";type=video/mp4' https://www.kaltura.com/api_v3/service/uploadToken/action/upload`,
    kreq: `${PROMPT_KS}\nuploadToken.upload\nks = {{ks}}\nuploadTokenId = 0_t\nresume = @notafile\nfileData = @my clip.mp4\n`,
    secret: 'KSVALUE-0001',
  },
  {
    name: 'a KS repeated in another parameter is masked there too',
    input: 'https://www.kaltura.com/api_v3/service/media/action/list?ks=REPEATEDKS1234&filter:nameLike=REPEATEDKS1234&format=1',
    kreq: `${PROMPT_KS}\nmedia.list\nks = {{ks}}\nfilter:nameLike = ***\n`,
    secret: 'REPEATEDKS1234',
  },
  {
    name: 'a token in a ks is kept; appToken.startSession tokenHash becomes a prompt',
    input: 'curl https://www.kaltura.com/api_v3/service/apptoken/action/startSession -d format=1 -d id=0_tok -d tokenHash=abcdef0123456789 -d ks=WIDGETKS00000',
    kreq: `# @prompt tokenHash the tokenHash (not kept in this file)\n${PROMPT_KS}\nappToken.startSession\nid = 0_tok\ntokenHash = {{tokenHash}}\nks = {{ks}}\n`,
    secret: 'abcdef0123456789',
  },
  {
    name: 'no format: noted (kreq asks for JSON); clientTag=kreq and kalsig are dropped',
    input: 'curl https://www.kaltura.com/api_v3/service/system/action/ping -d clientTag=kreq -d kalsig=abc',
    kreq: 'system.ping\n',
    note: 'set no `format`',
  },
  {
    name: 'the schema spells services and actions; without it they stay as written',
    input: 'https://www.kaltura.com/api_v3/index.php?service=BASEENTRY&action=GETCONTEXTDATA&entryId=0_a&format=1',
    kreq: 'baseEntry.getContextData\nentryId = 0_a\n',
  },
  {
    name: 'a `-d @file` is left out with a note',
    input: 'curl https://www.kaltura.com/api_v3/service/media/action/list -d @body.txt -d format=1',
    kreq: 'media.list\n',
    note: 'read from a file',
  },
  { name: 'plain text is not importable', input: 'list my entries', problem: 'Not a cURL command' },
  { name: 'a cURL command without service', input: 'curl https://example.com/api_v3/', problem: 'No Kaltura service' },
  { name: 'a service without action', input: 'curl https://example.com/api_v3/service/media', problem: 'No action for the service' },
  { name: 'an open quote', input: "curl 'https://example.com/api_v3/service/media/action/list", problem: 'not closed' },
  { name: 'a JSON body that does not parse', input: `curl https://example.com/api_v3/service/media/action/list -H 'Content-Type: application/json' -d '{"a":'`, problem: 'does not parse' },
  { name: 'a log line with an unclosed array', input: 'DEBUG: Params [Array ( [service] => media [action] => list [filter] => Array ( [nameLike] => x', problem: 'before its arrays are closed' },
];

/** The output without its title line and `# from` comment. */
function body(kreq: string): string {
  return kreq.split('\n').filter((line, i) => i > 0 && !line.startsWith('# from ')).join('\n');
}

describe('import: small inputs', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const result = importText(c.input, realSchema());
      if (c.problem) {
        assert.ok('problem' in result, `expected a problem, got ${'kreq' in result ? result.kreq : ''}`);
        assert.match(result.problem, new RegExp(c.problem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        return;
      }
      assert.ok(!('problem' in result), 'problem' in result ? result.problem : '');
      if (c.kreq !== undefined) assert.equal(body(result.kreq), c.kreq);
      if (c.note) assert.ok(result.notes.join('\n').includes(c.note), `notes: ${result.notes.join(' | ')}`);
      if (c.secret) assert.ok(!result.kreq.includes(c.secret) && !result.notes.join('\n').includes(c.secret), 'the secret leaked');
      assert.deepEqual(parseKreq(result.kreq).syntaxErrors, []);
    });
  }

  test('which pasted text counts as importable (the paste offers "Paste as kreq" only then)', () => {
    const kinds: Array<[string, string | undefined]> = [
      ["curl -X POST 'https://www.kaltura.com/api_v3/service/media/action/list'", 'curl'],
      ['curl https://example.com/', undefined],
      ['https://www.kaltura.com/api_v3/service/media/action/list?ks=x', 'url'],
      ['www.kaltura.com/api_v3/index.php?service=media&action=list', 'url'],
      ['https://www.kaltura.com/index.html', undefined],
      ['see https://www.kaltura.com/api_v3/service/media/action/list', undefined],
      ['2026-01-01 DEBUG: Params [Array\n(\n    [service] => media\n)\n]', 'log'],
      ['media.list\nfilter:nameLike = x', undefined],
      ['1.2.3.4 - - [27/Apr/2026:10:11:12 +0000] "GET /api_v3/service/media/action/list?format=1 HTTP/1.1" 200 9', 'log'],
      ['1.2.3.4 - - [27/Apr/2026:10:11:12 +0000] "GET /index.html HTTP/1.1" 200 9', undefined],
    ];
    assert.deepEqual(kinds.map(([text]) => [text, importKind(text)]), kinds);
  });
});
