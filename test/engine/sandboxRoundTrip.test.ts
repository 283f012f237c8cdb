/**
 * The engine against the Kaltura sandbox, in process: `sendBlock` on real `.kreq` text — single calls, multirequests
 * with `{…}` and `<…>` tokens, a failed call feeding a token, sessions from kreq.env.json (reused, renewed before they
 * expire), `@file` uploads (whole and chunked), and XML (`format = 2`) results.
 */

import { after, before, beforeEach, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createHttpTransport,
  createSessionManager,
  loadEnvironments,
  sendBlock,
  type BlockResult,
  type Environment,
  type HttpTransport,
  type SessionManager,
} from '../../server/src/engine/index';
import { parseKreq } from '../../server/src/language/index';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../../server/src/sandbox/index';
import { realSchema } from '../support/realSchema';
import { FIXED_NOW, removeFolder, tempFolder } from './engineInputs';

const SESSION_EXPIRY_S = 600;

let clock = FIXED_NOW;
let sandbox: Sandbox;
let folder: string;
let sessions: SessionManager;
const base = createHttpTransport();
/** The path of every request sent (`/api_v3/service/session/action/start`, …). */
const sentPaths: string[] = [];
const transport: HttpTransport = {
  send: (request) => {
    sentPaths.push(new URL(request.url).pathname);
    return base.send(request);
  },
  close: () => base.close(),
};

before(async () => {
  folder = tempFolder({
    'clips/intro.bin': 'intro bytes 0123456789',
    'clips/part1.bin': 'first chunk|',
    'clips/part2.bin': 'second chunk|',
    'clips/part3.bin': 'third and last chunk',
  });
  sandbox = await startSandbox({ schema: realSchema(), now: () => clock, uploadDir: path.join(folder, 'uploads'), convertSeconds: 0 });
  fs.writeFileSync(
    path.join(folder, 'kreq.env.json'),
    JSON.stringify({ sandbox: { serviceUrl: sandbox.url, partnerId: SANDBOX_CREDENTIALS.partnerId, adminSecret: SANDBOX_CREDENTIALS.adminSecret, session: { expiry: SESSION_EXPIRY_S } } }),
  );
});

after(async () => {
  await sandbox.close();
  await transport.close();
  removeFolder(folder);
});

beforeEach(() => {
  clock = FIXED_NOW;
  sessions = createSessionManager({ now: () => clock, transport });
  sentPaths.length = 0;
});

function environment(): Environment {
  return loadEnvironments(path.join(folder, 'requests.kreq'), { processEnv: {} }).get('sandbox');
}

/** Sends block `block` (0-based) of `text`, as a document in the temp folder. */
function send(text: string, block = 0): Promise<BlockResult> {
  const document = parseKreq(text);
  return sendBlock(
    {
      document,
      block: document.blocks[block],
      schema: realSchema(),
      environment: environment(),
      documentPath: path.join(folder, 'requests.kreq'),
      now: () => clock,
      uuid: () => 'uuid-1',
      processEnv: {},
    },
    { sessions, transport },
  );
}

/** `N service.action ok value-or-CODE` per call, with `pick` choosing what of an ok value to show. */
function outcome(result: BlockResult, pick: (value: Record<string, unknown>) => unknown = (v) => v.objectType): string[] {
  assert.equal(result.error, undefined, `the block went through: ${JSON.stringify(result.error)}`);
  return result.calls.map((c) =>
    c.ok
      ? `${c.call.number} ${c.call.service}.${c.call.action} ok ${JSON.stringify(c.value && typeof c.value === 'object' ? pick(c.value as Record<string, unknown>) : c.value)}`
      : `${c.call.number} ${c.call.service}.${c.call.action} ${c.error.code} ${JSON.stringify(c.error.args)}`,
  );
}

function okValue(result: BlockResult, call: number): Record<string, unknown> {
  const c = result.calls[call - 1];
  assert.ok(c?.ok, `call ${call} succeeded: ${JSON.stringify(c)}`);
  return c.value as Record<string, unknown>;
}

function sessionStarts(): number {
  return sentPaths.filter((p) => p === '/api_v3/service/session/action/start').length;
}

describe('sendBlock against the sandbox', () => {
  test('a single call', async () => {
    const result = await send(['media.add', 'entry:objectType = KalturaMediaEntry', 'entry:name = Single', 'entry:mediaType = VIDEO'].join('\n'));
    assert.deepEqual(outcome(result, (v) => [v.objectType, v.name, v.mediaType]), ['1 media.add ok ["KalturaMediaEntry","Single",1]']);
    assert.equal(result.ok, true);
    assert.equal(result.httpStatus, 200);
  });

  test('a multirequest with {…} and <…> tokens', async () => {
    const text = [
      '### add, get, update',
      'media.add',
      'entry:objectType = KalturaMediaEntry',
      'entry:name = Original',
      'entry:mediaType = AUDIO',
      '',
      'media.get',
      'entryId = {1:result:id}',
      '',
      'media.update',
      'entryId = <1:result:id>',
      'mediaEntry:name = Copy of {2:result:name}',
    ].join('\n');
    const result = await send(text);
    const id = okValue(result, 1).id;
    assert.deepEqual(outcome(result, (v) => [v.id === id, v.name, v.mediaType]), [
      '1 media.add ok [true,"Original",5]',
      '2 media.get ok [true,"Original",5]',
      '3 media.update ok [true,"Copy of Original",5]',
    ]);
  });

  test('a failed call feeds an empty string to the token that reads it', async () => {
    const text = ['media.get', 'entryId = 0_doesnotexist', '', 'media.get', 'entryId = {1:result:id}'].join('\n');
    const result = await send(text);
    assert.deepEqual(outcome(result), ['1 media.get ENTRY_ID_NOT_FOUND {"ENTRY_ID":"0_doesnotexist"}', '2 media.get ENTRY_ID_NOT_FOUND {"ENTRY_ID":""}']);
    assert.equal(result.ok, false);
  });

  test('starts a session from the adminSecret of kreq.env.json once, reuses it, and renews it before it expires', async () => {
    const list = 'media.list\nfilter:objectType = KalturaMediaEntryFilter';
    assert.deepEqual(outcome(await send(list)), ['1 media.list ok "KalturaMediaListResponse"']);
    assert.deepEqual(outcome(await send(list)), ['1 media.list ok "KalturaMediaListResponse"']);
    assert.equal(sessionStarts(), 1, sentPaths.join(' '));
    const first = sessions.peek(environment());
    assert.equal(first?.source, 'session.start');
    assert.equal(first?.expiresAt, FIXED_NOW + SESSION_EXPIRY_S * 1000);
    // 100 s left: still used.
    clock = FIXED_NOW + (SESSION_EXPIRY_S - 100) * 1000;
    assert.deepEqual(outcome(await send(list)), ['1 media.list ok "KalturaMediaListResponse"']);
    assert.equal(sessionStarts(), 1);
    // 30 s left: a new one is started, which the sandbox accepts; the old one would soon be refused.
    clock = FIXED_NOW + (SESSION_EXPIRY_S - 30) * 1000;
    assert.deepEqual(outcome(await send(list)), ['1 media.list ok "KalturaMediaListResponse"']);
    assert.equal(sessionStarts(), 2);
    assert.notEqual(sessions.peek(environment())?.ks, first?.ks);
    // The sandbox refuses the first session once it expired.
    clock = FIXED_NOW + (SESSION_EXPIRY_S + 1) * 1000;
    const stale = await send(`ks = ${first?.ks}\n${list}`);
    // As the real server words it (protocol §9): the reason lands in KSID.
    assert.deepEqual(outcome(stale), ['1 media.list INVALID_KS {"KSID":"EXPIRED","ERR_CODE":"-1","ERR_DESC":"INVALID_STR"}']);
  });

  test('uploads a file given as @path, and creates an entry from it', async () => {
    const text = [
      '### Upload a file and create an entry from it',
      'uploadToken.add',
      '',
      'uploadToken.upload',
      'uploadTokenId = {1:result:id}',
      'fileData = @./clips/intro.bin',
      '',
      'media.addFromUploadedFile',
      'mediaEntry:objectType = KalturaMediaEntry',
      'mediaEntry:name = Intro',
      'mediaEntry:mediaType = VIDEO',
      'uploadTokenId = <1:result:id>',
    ].join('\n');
    const result = await send(text);
    assert.deepEqual(outcome(result, (v) => [v.objectType, v.status, v.uploadedFileSize ?? v.name]), [
      // The engine names services by their schema id, as it sends them.
      '1 uploadtoken.add ok ["KalturaUploadToken",0,null]',
      '2 uploadtoken.upload ok ["KalturaUploadToken",2,22]',
      // Entry status is a JSON number, as the server answers it (issue 10 §3).
      '3 media.addFromUploadedFile ok ["KalturaMediaEntry",2,"Intro"]',
    ]);
    const tokenId = String(okValue(result, 1).id);
    assert.equal(fs.readFileSync(path.join(folder, 'uploads', tokenId.replace(/[^A-Za-z0-9_-]/g, '_')), 'utf8'), 'intro bytes 0123456789');
  });

  test('uploads a file in three chunks: resume, resumeAt, finalChunk', async () => {
    const added = await send('uploadToken.add');
    const tokenId = String(okValue(added, 1).id);
    const chunks = ['first chunk|', 'second chunk|', 'third and last chunk'];
    const text = [
      `@token = ${tokenId}`,
      '### first chunk',
      'uploadToken.upload',
      'uploadTokenId = {{token}}',
      'fileData = @clips/part1.bin',
      'resume = false',
      'finalChunk = false',
      '',
      '### second chunk',
      'uploadToken.upload',
      'uploadTokenId = {{token}}',
      'fileData = @clips/part2.bin',
      'resume = true',
      `resumeAt = ${chunks[0].length}`,
      'finalChunk = false',
      '',
      '### last chunk',
      'uploadToken.upload',
      'uploadTokenId = {{token}}',
      'fileData = @clips/part3.bin',
      'resume = true',
      `resumeAt = ${chunks[0].length + chunks[1].length}`,
      'finalChunk = true',
    ].join('\n');
    const statuses: string[] = [];
    for (const block of [0, 1, 2]) {
      const result = await send(text, block);
      statuses.push(...outcome(result, (v) => [v.status, v.uploadedFileSize]));
    }
    const total = chunks.join('').length;
    assert.deepEqual(statuses, [
      `1 uploadtoken.upload ok [1,${chunks[0].length}]`,
      `1 uploadtoken.upload ok [1,${chunks[0].length + chunks[1].length}]`,
      `1 uploadtoken.upload ok [2,${total}]`,
    ]);
    assert.equal(fs.readFileSync(path.join(folder, 'uploads', tokenId.replace(/[^A-Za-z0-9_-]/g, '_')), 'utf8'), chunks.join(''));
  });

  test('format = 2: XML results and errors read as JSON would give them', async () => {
    const added = await send('media.add\nentry:objectType = KalturaMediaEntry\nentry:name = In XML\nentry:mediaType = IMAGE');
    const id = String(okValue(added, 1).id);
    const text = ['format = 2', 'media.list', 'filter:objectType = KalturaMediaEntryFilter', `filter:idEqual = ${id}`, '', 'media.get', 'entryId = 0_nothere'].join('\n');
    const result = await send(text);
    assert.match(result.responseText ?? '', /^<\?xml/);
    assert.deepEqual(
      outcome(result, (v) => [v.objectType, v.totalCount, (v.objects as Array<Record<string, unknown>>).map((o) => [o.objectType, o.id === id, o.name, o.mediaType])]),
      ['1 media.list ok ["KalturaMediaListResponse","1",[["KalturaMediaEntry",true,"In XML","2"]]]', '2 media.get ENTRY_ID_NOT_FOUND {"ENTRY_ID":"0_nothere"}'],
    );
  });
});
