import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildWireRequest, type Environment } from '../../server/src/engine/index';
import type { KalturaSchema } from '../../server/src/language/index';
import { realSchema } from '../support/realSchema';
import { buildInput, environment, fieldLines, removeFolder, schemaFromXml, tempFolder } from './engineInputs';

/** A folder with `requests/a.kreq`'s neighbours, for `@file` paths. */
const folder = tempFolder({ 'requests/clips/intro.mp4': 'video bytes', 'requests/notes.txt': 'hello' });
const DOCUMENT = path.join(folder, 'requests', 'a.kreq');
after(() => removeFolder(folder));

const MINI_SCHEMA = `<?xml version="1.0"?>
<xml apiVersion="1.0.0" generatedDate="0">
  <enums>
    <enum name="KalturaOdd" enumType="string">
      <const name="A" value="B"/>
      <const name="B" value="C"/>
    </enum>
  </enums>
  <classes/>
  <services>
    <service id="paint" name="paint" description="">
      <action name="apply" description="" enableInMultiRequest="1" sessionRequired="always">
        <param name="first" type="string" enumType="KalturaOdd" optional="1" description=""/>
        <param name="second" type="string" enumType="KalturaOdd" optional="1" description=""/>
        <result type="int"/>
      </action>
    </service>
  </services>
</xml>`;

interface Expected {
  readonly url?: string;
  readonly fields?: readonly string[];
  readonly files?: ReadonlyArray<{ field: string; path: string; fileName: string }>;
  readonly format?: 'json' | 'xml';
  readonly multirequest?: boolean;
  readonly calls?: readonly string[];
  readonly secrets?: readonly string[];
  /** `line: message substring`, 0-based lines. */
  readonly problems?: readonly string[];
}

interface Case {
  readonly name: string;
  readonly text: string;
  readonly block?: number;
  readonly schema?: 'real' | 'mini' | 'none';
  readonly environment?: Environment;
  readonly documentPath?: string | null;
  readonly processEnv?: NodeJS.ProcessEnv;
  readonly expected: Expected;
}

const ENV = environment({ serviceUrl: 'https://k.example.com', partnerId: '123' });

const CASES: Case[] = [
  {
    name: 'a single call: service/action URL, defaults first, then the keys as written',
    text: 'media.list\nfilter:objectType = KalturaMediaEntryFilter\nfilter:nameLike = my entry\npager:pageSize = 5\n',
    expected: {
      url: 'https://k.example.com/api_v3/service/media/action/list',
      fields: ['format=1', 'clientTag=kreq', 'partnerId=123', 'filter:objectType=KalturaMediaEntryFilter', 'filter:nameLike=my entry', 'pager:pageSize=5'],
      files: [],
      format: 'json',
      multirequest: false,
      calls: ['1 media.list line 0 always'],
    },
  },
  {
    name: 'a multirequest: N: prefixes, common parameters unprefixed, angle tokens sent curly',
    text: '### Two\nks = abcdefgh\nclientTag = mine\nmedia.list\npager:pageSize = 1\n\nmedia.get\nentryId = <1:result:objects:0:id>\nreferenceId = x-{2:result}\n',
    environment: environment({ serviceUrl: 'http://127.0.0.1:8080' }),
    expected: {
      url: 'http://127.0.0.1:8080/api_v3/service/multirequest',
      fields: [
        'format=1',
        'ks=abcdefgh',
        'clientTag=mine',
        '1:service=media',
        '1:action=list',
        '1:pager:pageSize=1',
        '2:service=media',
        '2:action=get',
        '2:entryId={1:result:objects:0:id}',
        '2:referenceId=x-{2:result}',
      ],
      multirequest: true,
      calls: ['1 media.list line 3 always', '2 media.get line 6 always'],
      secrets: ['abcdefgh'],
    },
  },
  {
    name: 'variables: file variables first, then the environment, built-ins, variables in keys and in variables',
    text: '@size = 7\n@prefix = entry\n@mixed = {{size}}-{{envOnly}}\nmedia.add\n{{prefix}}:name = Clip {{$timestamp}} {{$uuid}} {{ $env HOME_X }}\n{{prefix}}:description = {{mixed}}\n{{prefix}}:tags = {{size}},{{$uuid}}\n',
    environment: environment({ serviceUrl: 'https://k.example.com', variables: { size: '99', envOnly: 'E' } }),
    processEnv: { HOME_X: 'hx' },
    expected: {
      fields: ['format=1', 'clientTag=kreq', 'entry:name=Clip 1700000000 uuid-1 hx', 'entry:description=7-E', 'entry:tags=7,uuid-2'],
    },
  },
  {
    name: 'enum names become values; values and other text stay',
    text: 'media.add\nentry:objectType = KalturaMediaEntry\nentry:mediaType = VIDEO\nentry:name = VIDEO\nentry:sourceType = 1\n',
    environment: environment({ serviceUrl: 'https://k.example.com' }),
    expected: {
      fields: ['format=1', 'clientTag=kreq', 'entry:objectType=KalturaMediaEntry', 'entry:mediaType=1', 'entry:name=VIDEO', 'entry:sourceType=1'],
    },
  },
  {
    name: 'reserved keys resolve enums too: format = RESPONSE_TYPE_XML asks for XML',
    text: 'format = RESPONSE_TYPE_XML\nsession.start\nsecret = abcdef123\ntype = ADMIN\n',
    expected: {
      url: 'https://k.example.com/api_v3/service/session/action/start',
      fields: ['clientTag=kreq', 'partnerId=123', 'format=2', 'secret=abcdef123', 'type=2'],
      format: 'xml',
      calls: ['1 session.start line 1 none'],
      secrets: ['abcdef123'],
    },
  },
  {
    name: 'a text equal to some const value is that value, not a name',
    schema: 'mini',
    text: 'paint.apply\nfirst = B\nsecond = A\n',
    expected: { fields: ['format=1', 'clientTag=kreq', 'partnerId=123', 'first=B', 'second=B'] },
  },
  {
    name: 'quoted values are decoded',
    text: 'media.update\nentryId = 0_a\nmediaEntry:name = "  padded  "\nmediaEntry:description = "line one\\nline two"\nmediaEntry:tags = "\\"quoted"\n',
    expected: {
      fields: ['format=1', 'clientTag=kreq', 'partnerId=123', 'entryId=0_a', 'mediaEntry:name=  padded  ', 'mediaEntry:description=line one\nline two', 'mediaEntry:tags="quoted'],
    },
  },
  {
    name: 'a file parameter becomes a multipart part named after the key',
    text: 'uploadToken.upload\nuploadTokenId = 0_tok\nfileData = @./clips/intro.mp4\n',
    expected: {
      url: 'https://k.example.com/api_v3/service/uploadtoken/action/upload',
      fields: ['format=1', 'clientTag=kreq', 'partnerId=123', 'uploadTokenId=0_tok'],
      files: [{ field: 'fileData', path: path.join(folder, 'requests', 'clips', 'intro.mp4'), fileName: 'intro.mp4' }],
    },
  },
  {
    name: 'in a multirequest the part is N:fileData; absolute paths work',
    text: `uploadToken.add\n\nuploadToken.upload\nuploadTokenId = {1:result:id}\nfileData = @${path.join(folder, 'requests', 'notes.txt')}\n`,
    documentPath: null,
    expected: {
      fields: ['format=1', 'clientTag=kreq', 'partnerId=123', '1:service=uploadtoken', '1:action=add', '2:service=uploadtoken', '2:action=upload', '2:uploadTokenId={1:result:id}'],
      files: [{ field: '2:fileData', path: path.join(folder, 'requests', 'notes.txt'), fileName: 'notes.txt' }],
    },
  },
  {
    name: 'clientTag from the environment; a block format=2 is kept; the block partnerId wins',
    text: 'format = 2\npartnerId = 555\nsystem.ping\n',
    environment: environment({ serviceUrl: 'https://k.example.com', partnerId: '123', clientTag: 'team' }),
    expected: { fields: ['clientTag=team', 'format=2', 'partnerId=555'], format: 'xml', calls: ['1 system.ping line 2 none'] },
  },
  {
    name: 'service ids come from the schema; unknown services are sent as written',
    text: 'metadata_metadataProfile.list\n\nbaseEntry.list\n\nnoSuch.thing\n',
    expected: {
      fields: [
        'format=1', 'clientTag=kreq', 'partnerId=123',
        '1:service=metadata_metadataprofile', '1:action=list',
        '2:service=baseentry', '2:action=list',
        '3:service=noSuch', '3:action=thing',
      ],
      calls: ['1 metadata_metadataprofile.list line 0 always', '2 baseentry.list line 2 always', '3 noSuch.thing line 4 -'],
    },
  },
  {
    name: 'without a schema: names as written, `fileData = @path` still a file',
    schema: 'none',
    text: 'uploadToken.upload\nuploadTokenId = 1\nfileData = @clips/intro.mp4\nentry:mediaType = VIDEO\n',
    expected: {
      url: 'https://k.example.com/api_v3/service/uploadToken/action/upload',
      fields: ['format=1', 'clientTag=kreq', 'partnerId=123', 'uploadTokenId=1', 'entry:mediaType=VIDEO'],
      files: [{ field: 'fileData', path: path.join(folder, 'requests', 'clips', 'intro.mp4'), fileName: 'intro.mp4' }],
      calls: ['1 uploadToken.upload line 0 -'],
    },
  },
  {
    name: 'the second block of a file',
    block: 1,
    text: '### one\nsystem.ping\n### two\nmedia.get\nentryId = 0_b\n',
    expected: { url: 'https://k.example.com/api_v3/service/media/action/get', fields: ['format=1', 'clientTag=kreq', 'partnerId=123', 'entryId=0_b'] },
  },
  {
    name: 'an undefined variable is a problem (in a key or a value); the block is not sent',
    text: 'media.get\nentryId = {{nothing}}\n{{missingKey}}:x = 1\nreferenceId = {{$env NOT_SET}}\n',
    expected: {
      problems: ['1: Undefined variable `{{nothing}}`', '2: Undefined variable `{{missingKey}}`', '3: Environment variable `NOT_SET` is not set'],
    },
  },
  {
    name: 'a variable that refers to itself is a problem',
    text: '@a = {{b}}\n@b = x{{a}}\nmedia.get\nentryId = {{a}}\n',
    expected: { problems: ['3: Variable `{{a}}` refers to itself (a → b → a)'] },
  },
  {
    name: 'a missing file is a problem',
    text: 'uploadToken.upload\nuploadTokenId = 0_tok\nfileData = @./clips/missing.mp4\n',
    expected: { problems: ['2: File not found: `./clips/missing.mp4`'] },
  },
  {
    name: 'a relative file in an unsaved document is a problem',
    text: 'uploadToken.upload\nuploadTokenId = 0_tok\nfileData = @intro.mp4\n',
    documentPath: null,
    expected: { problems: ["2: `@intro.mp4` is relative to the .kreq file's folder"] },
  },
  {
    name: 'a block without a call is a problem',
    text: '### nothing here\nclientTag = x\n',
    expected: { problems: ['0: This block has no call to send'] },
  },
];

function schemaFor(c: Case): KalturaSchema | undefined {
  if (c.schema === 'none') return undefined;
  return c.schema === 'mini' ? schemaFromXml(MINI_SCHEMA) : realSchema();
}

describe('buildWireRequest', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const result = buildWireRequest(
        buildInput(c.text, {
          block: c.block,
          schema: schemaFor(c),
          environment: c.environment ?? ENV,
          documentPath: c.documentPath === null ? undefined : (c.documentPath ?? DOCUMENT),
          processEnv: c.processEnv,
        }),
      );
      const e = c.expected;
      if (e.problems) {
        assert.ok('problems' in result, 'expected problems');
        assert.equal(result.problems.length, e.problems.length, JSON.stringify(result.problems));
        e.problems.forEach((p, i) => {
          const [line, message] = [Number(p.slice(0, p.indexOf(':'))), p.slice(p.indexOf(':') + 2)];
          assert.equal(result.problems[i].line, line, result.problems[i].message);
          assert.ok(result.problems[i].message.includes(message), `${result.problems[i].message} should include ${message}`);
        });
        return;
      }
      assert.ok('request' in result, `unexpected problems: ${'problems' in result ? JSON.stringify(result.problems) : ''}`);
      const r = result.request;
      if (e.url !== undefined) assert.equal(r.url, e.url);
      if (e.fields) assert.deepEqual(fieldLines(r.fields), e.fields);
      assert.deepEqual(r.files, e.files ?? []);
      if (e.format) assert.equal(r.format, e.format);
      if (e.multirequest !== undefined) assert.equal(r.multirequest, e.multirequest);
      if (e.calls) assert.deepEqual(r.calls.map((k) => `${k.number} ${k.service}.${k.action} line ${k.line} ${k.sessionRequired ?? '-'}`), e.calls);
      if (e.secrets) assert.deepEqual(r.secrets, e.secrets);
    });
  }

  test('the environment secrets are listed for redaction', () => {
    const env = environment({ ks: 'env-ks-value', adminSecret: 'admin-secret', userSecret: 'user-secret', appToken: { id: 'i', token: 'app-token-value' } });
    const result = buildWireRequest(buildInput('system.ping\n', { environment: env, schema: realSchema() }));
    assert.ok('request' in result);
    assert.deepEqual(result.request.secrets, ['env-ks-value', 'admin-secret', 'user-secret', 'app-token-value']);
  });
});
