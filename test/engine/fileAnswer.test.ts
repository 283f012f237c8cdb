/** Answers that are files (`thumbAsset.serve`, a CSV export) are saved, not read as JSON: which are, their names, and a send over loopback HTTP. */

import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHttpTransport, createSessionManager, sendBlock, type FileAnswer, type HttpResponse } from '../../server/src/engine/index';
import { fileAnswerOf, isFileAnswer, saveToTempFile } from '../../server/src/engine/fileAnswer';
import { buildInput, environment, removeFolder, tempFolder } from './engineInputs';
import { answerJson, startServer, type LoopbackServer } from './loopbackServer';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);

function response(contentType: string | undefined, bytes: Buffer, extra: Record<string, string> = {}): HttpResponse {
  return { status: 200, url: 'http://k/api_v3/service/thumbasset/action/serve', headers: { ...(contentType ? { 'content-type': contentType } : {}), ...extra }, body: bytes.toString('utf8'), bytes };
}

const SINGLE = { multirequest: false, calls: [{ number: 1, service: 'thumbasset', action: 'serve', line: 0 }] };

describe('which answers are files', () => {
  const cases: Array<[string, string | undefined, Buffer, boolean]> = [
    ['a JPEG', 'image/jpeg', JPEG, true],
    ['a CSV export', 'text/csv; charset=utf-8', Buffer.from('id,name\n0_a,A\n'), true],
    ['octet-stream', 'application/octet-stream', Buffer.from('abc'), true],
    ['Kaltura JSON', 'application/json', Buffer.from('{"objectType":"KalturaMediaEntry"}'), false],
    ['Kaltura XML', 'text/xml', Buffer.from('<xml><result/></xml>'), false],
    ['an HTML error page', 'text/html; charset=utf-8', Buffer.from('<html></html>'), false],
    ['text/plain JSON (mislabelled)', 'text/plain', Buffer.from('{"a":1}'), false],
    ['text/plain with NUL bytes', 'text/plain', Buffer.from([0x61, 0x00, 0x62]), true],
    ['no content type, text', undefined, Buffer.from('garbage'), false],
    ['no content type, binary', undefined, JPEG, true],
  ];
  for (const [name, type, bytes, expected] of cases) {
    test(`${name}: ${expected ? 'a file' : 'not a file'}`, () => assert.equal(isFileAnswer(SINGLE, response(type, bytes)), expected));
  }

  test('never in a multirequest, nor for an HTTP error', () => {
    assert.equal(isFileAnswer({ ...SINGLE, multirequest: true }, response('image/jpeg', JPEG)), false);
    assert.equal(isFileAnswer(SINGLE, { ...response('image/jpeg', JPEG), status: 404 }), false);
  });
});

describe('the name a file answer is saved under', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['from Content-Disposition', { 'content-disposition': 'attachment; filename="thumb 0_abc.jpg"' }, 'thumb 0_abc.jpg'],
    ['from an RFC 5987 name', { 'content-disposition': "attachment; filename*=UTF-8''caption%20en.srt" }, 'caption en.srt'],
    ['never a path', { 'content-disposition': 'attachment; filename="../../etc/passwd"' }, 'passwd'],
    ['never a dot name', { 'content-disposition': 'attachment; filename=".."' }, 'thumbasset.serve.jpg'],
    ['else service.action and the type’s extension', {}, 'thumbasset.serve.jpg'],
  ];
  for (const [name, headers, expected] of cases) {
    test(name, () => assert.equal(fileAnswerOf(SINGLE, response('image/jpeg', JPEG, headers)).suggestedName, expected));
  }

  test('saved in a new temp folder, private to the user, never over another file', async () => {
    const answer: FileAnswer = { bytes: JPEG, contentType: 'image/jpeg', suggestedName: 'thumb.jpg' };
    const first = await saveToTempFile(answer);
    const second = await saveToTempFile(answer);
    try {
      assert.notEqual(first, second);
      assert.deepEqual(fs.readFileSync(first), JPEG);
      assert.equal(path.basename(first), 'thumb.jpg');
      if (process.platform !== 'win32') assert.equal(fs.statSync(first).mode & 0o777, 0o600);
    } finally {
      for (const file of [first, second]) fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

describe('sending a block whose answer is a file', () => {
  const transport = createHttpTransport();
  const folder = tempFolder({});
  const servers: LoopbackServer[] = [];
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await transport.close();
    removeFolder(folder);
  });

  test('the file is saved where saveFile says; the call succeeds with its path; type and size are kept', async () => {
    const s = await startServer((_request, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': JPEG.length });
      res.end(JPEG);
    });
    servers.push(s);
    const saved: FileAnswer[] = [];
    const target = path.join(folder, 'out.jpg');
    const input = buildInput('### thumb\nthumbAsset.serve\nthumbAssetId = 0_t\nks = x\n', { environment: environment({ serviceUrl: s.url }) });
    const result = await sendBlock(input, {
      sessions: createSessionManager({ transport }),
      transport,
      now: () => 1_700_000_000_000,
      saveFile: async (answer) => {
        saved.push(answer);
        fs.writeFileSync(target, answer.bytes);
        return target;
      },
    });
    assert.equal(result.ok, true, result.error?.message);
    assert.deepEqual(result.file, { path: target, contentType: 'image/jpeg', bytes: JPEG.length });
    assert.deepEqual(result.calls.map((c) => (c.ok ? c.value : c.error)), [target]);
    assert.deepEqual(fs.readFileSync(target), JPEG);
    assert.equal(saved[0].suggestedName, 'thumbAsset.serve.jpg');
    assert.equal(result.sentAt, 1_700_000_000_000);
    assert.equal(result.responseBytes, JPEG.length);
    assert.equal(result.contentType, 'image/jpeg');
    assert.equal(result.url, `${s.url}/api_v3/service/thumbAsset/action/serve`);
  });

  test('a JSON answer is read as before, with its size and type', async () => {
    const s = await startServer((_request, res) => answerJson(res, { objectType: 'KalturaMediaEntry', id: '0_a' }));
    servers.push(s);
    const input = buildInput('media.get\nentryId = 0_a\nks = x\n', { environment: environment({ serviceUrl: s.url }) });
    const result = await sendBlock(input, { sessions: createSessionManager({ transport }), transport });
    assert.equal(result.ok, true, result.error?.message);
    assert.equal(result.file, undefined);
    assert.equal(result.contentType?.startsWith('application/json'), true);
    assert.equal(result.responseBytes, Buffer.byteLength(JSON.stringify({ objectType: 'KalturaMediaEntry', id: '0_a' })));
  });
});
