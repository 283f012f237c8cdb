import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHttpTransport, createSessionManager, sendBlock, type BlockResult, type SendOptions } from '../../server/src/engine/index';
import { redirectRefusal } from '../../server/src/engine/httpTransport';
import { realSchema } from '../support/realSchema';
import { buildInput, environment, removeFolder, tempFolder } from './engineInputs';
import { answerJson, answerText, closedPort, startServer, type Handler, type LoopbackServer } from './loopbackServer';

const transport = createHttpTransport();
const folder = tempFolder({ 'clips/intro.mp4': 'fake video bytes', 'notes.txt': 'some notes' });
const servers: LoopbackServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await transport.close();
  removeFolder(folder);
});

async function server(handler: Handler): Promise<LoopbackServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}

/** Sends block 0 of `text` to `serviceUrl` with no session credentials. */
function send(serviceUrl: string, text: string, options: Partial<SendOptions> = {}): Promise<BlockResult> {
  const input = buildInput(text, { environment: environment({ serviceUrl }), schema: realSchema(), documentPath: path.join(folder, 'a.kreq') });
  return sendBlock(input, { sessions: createSessionManager({ transport }), transport, ...options });
}

function assertFailure(result: BlockResult, kind: string, ...fragments: string[]): void {
  assert.equal(result.ok, false);
  assert.equal(result.error?.kind, kind, result.error?.message);
  assert.deepEqual(result.calls, []);
  for (const f of fragments) assert.ok(result.error!.message.includes(f), `${result.error!.message}\nshould include ${f}`);
  assert.ok(result.curl.startsWith('curl -X POST '), 'the cURL of what was sent is kept');
}

const PING = 'system.ping\n';

describe('transport failures, over loopback HTTP', () => {
  test('refused: nothing listens on the port', async () => {
    const port = await closedPort();
    const result = await send(`http://127.0.0.1:${port}`, PING);
    assertFailure(result, 'refused', `Nothing is listening on http://127.0.0.1:${port} (connection refused). Is \`kreq sandbox\``, 'Check `serviceUrl` in kreq.env.json.');
  });

  test('timeout: the server accepts and never answers', async () => {
    const s = await server(() => undefined);
    const result = await send(s.url, PING, { timeoutMs: 300 });
    assertFailure(result, 'timeout', `No answer from ${s.url}/api_v3/service/system/action/ping within 0.3 s`);
    assert.ok(result.durationMs >= 250 && result.durationMs < 5000, `took ${result.durationMs} ms`);
  });

  test('an HTML 502 page: http-status, with the page kept for the response view', async () => {
    const page = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
    const s = await server((_r, res) => answerText(res, page, 502, 'text/html'));
    const result = await send(s.url, PING);
    assertFailure(result, 'http-status', 'answered HTTP 502 Bad Gateway with an HTML page ("502 Bad Gateway")');
    assert.equal(result.httpStatus, 502);
    assert.equal(result.responseText, page);
  });

  test('an HTML page with status 200: html', async () => {
    const s = await server((_r, res) => answerText(res, '<html><head><title>Welcome</title></head></html>', 200, 'text/html'));
    assertFailure(await send(s.url, PING), 'html', 'answered with an HTML page ("Welcome"), not a Kaltura API response');
  });

  test('a garbage body: bad-format with its start', async () => {
    const s = await server((_r, res) => answerText(res, 'garbage that is not JSON'));
    assertFailure(await send(s.url, PING), 'bad-format', 'answered `garbage that is not JSON`, which is not JSON');
  });

  test('a body over maxResponseBytes: too-large, read no further', async () => {
    const s = await server((_r, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 2 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
    });
    assertFailure(await send(s.url, PING, { maxResponseBytes: 1024 * 1024 }), 'too-large', 'larger than 1 MB');
  });

  test('cancelled: aborted after the request reached the server', async () => {
    let arrived!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const s = await server(() => arrived());
    const controller = new AbortController();
    const pending = send(s.url, PING, { signal: controller.signal });
    await reached;
    controller.abort();
    assertFailure(await pending, 'cancelled', 'was cancelled');
    assert.equal(s.received.length, 1);
  });
});

describe('transport, over loopback HTTP', () => {
  test('a redirect is followed, re-posting the form', async () => {
    const s = await server((r, res) => {
      if (!r.path.startsWith('/moved')) {
        res.writeHead(302, { location: `/moved${r.path}` });
        res.end();
      } else answerJson(res, true);
    });
    const result = await send(s.url, PING);
    assert.equal(result.ok, true, result.error?.message);
    assert.deepEqual(result.calls.map((c) => (c.ok ? c.value : c.error)), [true]);
    assert.deepEqual(
      s.received.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.fields)}`),
      [
        'POST /api_v3/service/system/action/ping {"format":"1","clientTag":"kreq"}',
        'POST /moved/api_v3/service/system/action/ping {"format":"1","clientTag":"kreq"}',
      ],
    );
  });

  test('a redirect to another host is not followed (the form carries the session)', async () => {
    const s = await server((r, res) => {
      res.writeHead(301, { location: `http://localhost:1${r.path}` });
      res.end();
    });
    assertFailure(await send(s.url, PING), 'redirect', `${s.url}/api_v3/service/system/action/ping redirected to http://localhost:1/api_v3/service/system/action/ping, which kreq does not follow: it is another origin`);
    assert.equal(s.received.length, 1);
  });

  test('attacker: a redirect to another port of the same host is refused, and the KS never reaches it', async () => {
    const thief = await server((_r, res) => answerJson(res, true));
    const s = await server((r, res) => {
      res.writeHead(307, { location: `${thief.url}${r.path}` });
      res.end();
    });
    const input = buildInput('ks = secret-ks-value\nsystem.ping\n', { environment: environment({ serviceUrl: s.url }), schema: realSchema(), documentPath: path.join(folder, 'a.kreq') });
    const result = await sendBlock(input, { sessions: createSessionManager({ transport }), transport });
    assertFailure(result, 'redirect', `${s.url}/api_v3/service/system/action/ping redirected to ${thief.url}/api_v3/service/system/action/ping`, 'another origin');
    assert.equal(s.received.length, 1);
    assert.equal(s.received[0].fields.ks, 'secret-ks-value');
    assert.equal(thief.received.length, 0, 'the other port received nothing');
  });

  test('attacker: an https → http redirect is refused (the rule), even to the same host and port', () => {
    assert.match(redirectRefusal('https://kaltura.example/api_v3/x', 'http://kaltura.example/api_v3/x')!, /leaves https/);
    assert.match(redirectRefusal('https://kaltura.example/api_v3/x', 'http://kaltura.example:443/api_v3/x')!, /leaves https/);
    assert.match(redirectRefusal('http://127.0.0.1:8000/a', 'http://127.0.0.1:8001/a')!, /another origin/);
    assert.match(redirectRefusal('http://127.0.0.1:8000/a', 'https://127.0.0.1:8000/a')!, /another origin/);
    assert.match(redirectRefusal('https://a.example/a', 'https://b.a.example/a')!, /another origin/);
    assert.equal(redirectRefusal('https://a.example/a', '/b'), undefined);
    assert.equal(redirectRefusal('https://a.example/a', 'https://A.EXAMPLE:443/b'), undefined);
    assert.equal(redirectRefusal('http://a.example/a', 'http://a.example:80/b'), undefined);
  });

  test('attacker: a loopback http → http redirect to another port is refused before anything is re-posted', async () => {
    const s = await server((r, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${Number(new URL(s.url).port) + 1}${r.path}` });
      res.end();
    });
    const result = await send(s.url, PING);
    assertFailure(result, 'redirect', 'redirected to http://127.0.0.1:', 'another origin');
  });

  test('more than 5 redirects are not followed', async () => {
    const s = await server((r, res) => {
      res.writeHead(307, { location: `/again${r.path}` });
      res.end();
    });
    assertFailure(await send(s.url, PING), 'http-status', 'more than 5 redirects');
    assert.equal(s.received.length, 6);
  });

  test('a gzip-compressed answer is decompressed', async () => {
    const s = await server((_r, res) => {
      const body = gzipSync(JSON.stringify({ objects: [], totalCount: 0, objectType: 'KalturaMediaListResponse' }));
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
      res.end(body);
    });
    const result = await send(s.url, PING);
    assert.deepEqual(result.calls.map((c) => (c.ok ? c.value : c.error)), [{ objects: [], totalCount: 0, objectType: 'KalturaMediaListResponse' }]);
  });

  test('a file upload is multipart, the part named after the parameter, with the file name', async () => {
    const s = await server((_r, res) => answerJson(res, { id: '0_tok', status: 2, objectType: 'KalturaUploadToken' }));
    const result = await send(s.url, 'uploadToken.upload\nuploadTokenId = 0_tok\nfileData = @clips/intro.mp4\n');
    assert.equal(result.ok, true, result.error?.message);
    const r = s.received[0];
    assert.ok(r.contentType.startsWith('multipart/form-data; boundary='), r.contentType);
    assert.deepEqual(r.fields, { format: '1', clientTag: 'kreq', uploadTokenId: '0_tok' });
    assert.deepEqual(r.files, { fileData: { name: 'intro.mp4', content: 'fake video bytes' } });
    assert.ok(result.curl.includes(`-F 'fileData=@${path.join(folder, 'clips', 'intro.mp4')}'`), result.curl);
  });

  test('in a multirequest the file part is N:fileData', async () => {
    const s = await server((_r, res) => answerJson(res, [{ id: '0_t', objectType: 'KalturaUploadToken' }, { id: '0_t', objectType: 'KalturaUploadToken' }]));
    const result = await send(s.url, 'uploadToken.add\n\nuploadToken.upload\nuploadTokenId = {1:result:id}\nfileData = @notes.txt\n');
    assert.equal(result.ok, true, result.error?.message);
    assert.deepEqual(Object.keys(s.received[0].files), ['2:fileData']);
    assert.deepEqual(s.received[0].files['2:fileData'], { name: 'notes.txt', content: 'some notes' });
    assert.equal(s.received[0].fields['2:uploadTokenId'], '{1:result:id}');
  });

  test('keep-alive: two sends share one connection', async () => {
    const s = await server((_r, res) => answerJson(res, true));
    const first = await send(s.url, PING);
    const second = await send(s.url, PING);
    assert.ok(first.ok && second.ok);
    assert.equal(s.received.length, 2);
    assert.equal(s.received[0].remotePort, s.received[1].remotePort, 'same client port, so the same socket');
  });

  test('log: one redacted line per request and per response', async () => {
    const s = await server((_r, res) => answerJson(res, { ok: 1 }));
    const lines: string[] = [];
    const input = buildInput('ks = my-literal-ks-value\nmedia.list\nfilter:nameLike = a b\n', { environment: environment({ serviceUrl: s.url }), schema: realSchema() });
    const result = await sendBlock(input, { sessions: createSessionManager({ transport }), transport, log: (l) => lines.push(l) });
    assert.equal(result.ok, true);
    assert.equal(lines.length, 2);
    assert.equal(lines[0], `→ POST ${s.url}/api_v3/service/media/action/list format=1&clientTag=kreq&ks=***&filter:nameLike=a%20b`);
    assert.match(lines[1], new RegExp(`^← HTTP 200 from ${s.url}/api_v3/service/media/action/list: 8 bytes in [0-9]+ ms$`));
    assert.equal(s.received[0].fields.ks, 'my-literal-ks-value', 'the block ks is sent as written');
    assert.ok(!result.curl.includes('my-literal-ks-value'));
  });
});
