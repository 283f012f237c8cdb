/**
 * The upload flow against protocol.md §10: upload tokens (whole files, chunks with resume/resumeAt/finalChunk,
 * statuses and errors), attaching with addContent / addFromUploadedFile, and multipart multirequests.
 */

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox } from '../../server/src/sandbox/index';
import { realSchema } from '../support/realSchema';
import { errorLine, useSandbox } from './sandboxClient';

let ks = '';
// Entries are READY as soon as content is attached here; conversion.test.ts covers PRECONVERT.
const client = useSandbox({ convertSeconds: 0 }, async (c) => {
  ks = await c.adminKs();
});


interface Token {
  readonly id: string;
  readonly status: number;
  readonly uploadedFileSize?: number;
  readonly fileName?: string;
  readonly attachedObjectId?: string;
  readonly [key: string]: unknown;
}

async function newToken(fields: Record<string, string> = {}): Promise<Token> {
  return (await client.call('uploadToken', 'add', { ks, ...fields })) as Token;
}

/** `uploadToken.upload` as multipart with the file part `fileData`. */
async function upload(tokenId: string, data: string, fields: Record<string, string> = {}, fileName = 'clip.mp4'): Promise<Token> {
  const body = new FormData();
  for (const [k, v] of Object.entries({ format: '1', ks, uploadTokenId: tokenId, ...fields })) body.set(k, v);
  body.set('fileData', new Blob([data]), fileName);
  const reply = await client.send('/api_v3/service/uploadToken/action/upload', { method: 'POST', body });
  return JSON.parse(reply.text) as Token;
}

async function content(entry: { downloadUrl?: unknown }): Promise<string> {
  const reply = await fetch(String(entry.downloadUrl));
  return reply.text();
}

describe('upload tokens', () => {
  test('add: PENDING, id 0_ + 32 hex, fileName kept', async () => {
    const token = await newToken({ 'uploadToken:fileName': 'movie.mp4', 'uploadToken:fileSize': '10' });
    assert.match(token.id, /^0_[0-9a-f]{32}$/);
    assert.deepEqual([token.status, token.fileName, token.fileSize, token.partnerId, token.objectType], [0, 'movie.mp4', 10, 100, 'KalturaUploadToken']);
  });

  test('a whole file: FULL_UPLOAD, size, name from the part', async () => {
    const token = await newToken();
    const done = await upload(token.id, 'hello world');
    assert.deepEqual([done.status, done.uploadedFileSize, done.fileName], [2, 11, 'clip.mp4']);
  });

  test('chunks with resume/resumeAt/finalChunk, then attached as content', async () => {
    const token = await newToken();
    const first = await upload(token.id, 'abc', { resume: 'false', resumeAt: '0', finalChunk: 'false' });
    assert.deepEqual([first.status, first.uploadedFileSize], [1, 3]);
    const second = await upload(token.id, 'def', { resume: 'true', resumeAt: '3', finalChunk: 'false' });
    assert.deepEqual([second.status, second.uploadedFileSize], [1, 6]);
    const appended = await upload(token.id, 'ghi', { resume: 'true', resumeAt: '-1', finalChunk: 'false' });
    assert.equal(appended.uploadedFileSize, 9);
    const last = await upload(token.id, 'hijkl', { resume: 'true', resumeAt: '7', finalChunk: 'true' });
    assert.deepEqual([last.status, last.uploadedFileSize], [2, 12]);
    const entry = (await client.call('media', 'add', { ks, 'entry:mediaType': '1', 'entry:name': 'chunked' })) as { id: string };
    const ready = (await client.call('media', 'addContent', { ks, entryId: entry.id, 'resource:objectType': 'KalturaUploadedFileTokenResource', 'resource:token': token.id })) as Record<string, unknown>;
    assert.equal(ready.status, 2);
    assert.equal(await content(ready), 'abcdefghijkl');
    const closed = (await client.call('uploadToken', 'get', { ks, uploadTokenId: token.id })) as Token;
    assert.deepEqual([closed.status, closed.attachedObjectType, closed.attachedObjectId], [3, 'entry', entry.id]);
  });

  test('a chunk ahead of the file waits for the bytes before it', async () => {
    const token = await newToken();
    await upload(token.id, '01', { resumeAt: '0', finalChunk: 'false' });
    const ahead = await upload(token.id, '456', { resume: 'true', resumeAt: '4', finalChunk: 'false' });
    assert.deepEqual([ahead.status, ahead.uploadedFileSize], [1, 2]);
    const gap = await upload(token.id, '23', { resume: 'true', resumeAt: '2', finalChunk: 'true' });
    assert.deepEqual([gap.status, gap.uploadedFileSize], [2, 7]);
  });

  const errors: [string, () => Promise<unknown>, string][] = [
    ['resume without a first chunk', async () => upload((await newToken()).id, 'x', { resume: 'true', resumeAt: '0' }), 'UPLOAD_TOKEN_CANNOT_RESUME: Cannot resume the upload, original file was not found []'],
    [
      'upload after the last chunk',
      async () => {
        const token = await newToken();
        await upload(token.id, 'x');
        return upload(token.id, 'y');
      },
      'UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD: Upload token is in an invalid status for uploading a file, maybe the file was already uploaded []',
    ],
    ['unknown token', async () => upload('0_nope', 'x'), 'UPLOAD_TOKEN_NOT_FOUND: Upload token not found []'],
    ['fileData sent as a text field', async () => client.call('uploadToken', 'upload', { ks, uploadTokenId: (await newToken()).id, fileData: 'text' }), 'UPLOAD_ERROR: Upload failed []'],
    ['no fileData', async () => client.call('uploadToken', 'upload', { ks, uploadTokenId: (await newToken()).id }), 'MISSING_MANDATORY_PARAMETER: Missing parameter "fileData" {"PARAM_NAME":"fileData"}'],
  ];
  for (const [name, run, expected] of errors) {
    test(name, async () => {
      assert.equal(errorLine(await run()), expected);
    });
  }

  test('an uploaded file beats a body field of the same name', async () => {
    const token = await newToken();
    const body = new FormData();
    for (const [k, v] of Object.entries({ format: '1', ks, uploadTokenId: token.id, fileData: 'text' })) body.set(k, v);
    body.append('fileData', new Blob(['bytes']), 'f.bin');
    const reply = JSON.parse((await client.send('/api_v3/service/uploadToken/action/upload', { method: 'POST', body })).text) as Token;
    assert.equal(reply.uploadedFileSize, 5);
  });

  test('list, get and delete', async () => {
    const token = await newToken({ 'uploadToken:fileName': 'listed.bin' });
    const listed = (await client.call('uploadToken', 'list', { ks, 'filter:fileNameEqual': 'listed.bin' })) as { objects: Token[]; totalCount: number };
    assert.deepEqual([listed.totalCount, listed.objects[0].id], [1, token.id]);
    assert.equal(await client.call('uploadToken', 'delete', { ks, uploadTokenId: token.id }), null);
    assert.equal(errorLine(await client.call('uploadToken', 'get', { ks, uploadTokenId: token.id })), 'UPLOAD_TOKEN_NOT_FOUND: Upload token not found []');
  });
});

describe('attaching files to entries', () => {
  async function fullToken(data: string, fileName: string): Promise<Token> {
    const token = await newToken();
    return upload(token.id, data, {}, fileName);
  }

  test('baseEntry.addFromUploadedFile: a plain base entry becomes a READY media entry', async () => {
    const token = await fullToken('png bytes', 'picture.png');
    const entry = (await client.call('baseEntry', 'addFromUploadedFile', { ks, 'entry:name': 'pic', uploadTokenId: token.id })) as Record<string, unknown>;
    assert.deepEqual([entry.objectType, entry.status, entry.mediaType, entry.type, entry.name], ['KalturaMediaEntry', 2, 2, 1, 'pic']);
    assert.equal(await content(entry), 'png bytes');
  });

  test('media.addFromUploadedFile needs mediaType', async () => {
    const token = await fullToken('x', 'a.mp3');
    const missing = await client.call('media', 'addFromUploadedFile', { ks, uploadTokenId: token.id, 'mediaEntry:name': 'n' });
    assert.equal(errorLine(missing), 'PROPERTY_VALIDATION_CANNOT_BE_NULL: The property "KalturaMediaEntry::mediaType" cannot be null {"PROP_NAME":"KalturaMediaEntry::mediaType"}');
    const entry = (await client.call('media', 'addFromUploadedFile', { ks, uploadTokenId: token.id, 'mediaEntry:mediaType': '5' })) as Record<string, unknown>;
    assert.deepEqual([entry.status, entry.mediaType], [2, 5]);
  });

  const errors: [string, () => Promise<unknown>, string][] = [
    ['unknown token', async () => client.call('baseEntry', 'addFromUploadedFile', { ks, 'entry:name': 'x', uploadTokenId: '0_nope' }), 'UPLOADED_FILE_NOT_FOUND_BY_TOKEN: The uploaded file was not found by the given token id, or was already used []'],
    [
      'token not uploaded',
      async () => client.call('baseEntry', 'addFromUploadedFile', { ks, 'entry:name': 'x', uploadTokenId: (await newToken()).id }),
      'UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY: Upload token is in an invalid status for adding entry, maybe the a file was not uploaded or the token was used []',
    ],
    [
      'content added twice',
      async () => {
        const token = await fullToken('x', 'x.mp4');
        const entry = (await client.call('media', 'add', { ks, 'entry:mediaType': '1' })) as { id: string };
        const resource = { 'resource:objectType': 'KalturaUploadedFileTokenResource', 'resource:token': token.id };
        await client.call('media', 'addContent', { ks, entryId: entry.id, ...resource });
        return client.call('media', 'addContent', { ks, entryId: entry.id, ...resource });
      },
      'ENTRY_ALREADY_WITH_CONTENT: Entry already associated with content []',
    ],
    [
      'other resource types',
      async () => {
        const entry = (await client.call('media', 'add', { ks, 'entry:mediaType': '1' })) as { id: string };
        return client.call('media', 'addContent', { ks, entryId: entry.id, 'resource:objectType': 'KalturaUrlResource', 'resource:url': 'http://x' });
      },
      'RESOURCE_TYPE_NOT_SUPPORTED: Resource type "KalturaUrlResource" not supported {"RES_TYPE":"KalturaUrlResource"}',
    ],
  ];
  for (const [name, run, expected] of errors) {
    test(name, async () => {
      assert.equal(errorLine(await run()), expected);
    });
  }

  test('one multipart multirequest: add token, upload part N:fileData, add entry, add content', async () => {
    const body = new FormData();
    const fields = {
      format: '1',
      ks,
      '1:service': 'uploadToken',
      '1:action': 'add',
      '2:service': 'uploadToken',
      '2:action': 'upload',
      '2:uploadTokenId': '{1:result:id}',
      '3:service': 'media',
      '3:action': 'add',
      '3:entry:mediaType': '1',
      '3:entry:name': 'one call',
      '4:service': 'media',
      '4:action': 'addContent',
      '4:entryId': '{3:result:id}',
      '4:resource:objectType': 'KalturaUploadedFileTokenResource',
      '4:resource:token': '{1:result:id}',
    };
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    body.set('2:fileData', new Blob(['multi bytes']), 'm.mp4');
    const results = JSON.parse((await client.send('/api_v3/service/multirequest', { method: 'POST', body })).text) as Record<string, unknown>[];
    assert.deepEqual(results.map((r) => r.status), [0, 2, 7, 2]);
    assert.equal(await content(results[3]), 'multi bytes');
  });
});

describe('uploadDir', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-sandbox-uploads-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('uploaded bytes are kept as files in uploadDir', async () => {
    const sandbox = await startSandbox({ schema: realSchema(), uploadDir: dir });
    try {
      const post = async (action: string, body: FormData | URLSearchParams) =>
        JSON.parse(await (await fetch(`${sandbox.url}/api_v3/service/${action}`, { method: 'POST', body })).text()) as Record<string, string>;
      const ksHere = await post('session/action/start', new URLSearchParams({ format: '1', secret: 'sandbox-admin-secret', partnerId: '100', type: '2' }));
      const token = await post('uploadToken/action/add', new URLSearchParams({ format: '1', ks: String(ksHere) }));
      const body = new FormData();
      for (const [k, v] of Object.entries({ format: '1', ks: String(ksHere), uploadTokenId: token.id })) body.set(k, v);
      body.set('fileData', new Blob(['on disk']), 'd.bin');
      await post('uploadToken/action/upload', body);
      assert.deepEqual(fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')), ['on disk']);
      const missing = await (await fetch(`${sandbox.url}/api_v3/api_schema.php`)).text();
      assert.match(missing, /without the schema XML/);
    } finally {
      await sandbox.close();
    }
  });
});
