// A tiny fake Kaltura API on a loopback port, for what the sandbox cannot do in the UI scenarios: a call that
// answers only after `slowMs` (system.getVersion, to cancel it) and a response of megabytes (baseEntry.list with
// `bigCount` entries), and an answer that is a file (thumbAsset.serve: a 1×1 PNG). Anything else answers
// SERVICE_FORBIDDEN.
//
//   const fake = await startFakeKaltura();   // fake.url, fake.calls, await fake.close()

import * as http from 'node:http';

/** A valid 1×1 transparent PNG. */
export const THUMBNAIL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

function apiError(code, message, args = {}) {
  return { code, message, objectType: 'KalturaAPIException', args: Object.keys(args).length ? args : [] };
}

export async function startFakeKaltura({ slowMs = 20000, bigCount = 30000 } = {}) {
  /** `service.action` of every call answered, in order. */
  const calls = [];
  const pending = new Set();

  const answer = async (service, action) => {
    const name = `${service}.${action}`.toLowerCase();
    calls.push(name);
    switch (name) {
      case 'system.getversion':
        await new Promise(resolve => setTimeout(resolve, slowMs));
        return '22.19.0';
      case 'baseentry.list': // about 400 bytes per entry
        return {
          objects: Array.from({ length: bigCount }, (_, n) => ({
            id: `0_big${String(n).padStart(5, '0')}`, name: `Entry ${n}`, description: 'x'.repeat(200),
            tags: 'e2e,big', createdAt: 1_700_000_000 + n, objectType: 'KalturaMediaEntry',
          })),
          totalCount: bigCount,
          objectType: 'KalturaBaseEntryListResponse',
        };
      default:
        return apiError('SERVICE_FORBIDDEN', `The access to service [${service}->${action}] is forbidden`, { SERVICE: service, ACTION: action });
    }
  };

  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', async () => {
      const match = /\/api_v3\/service\/([^/]+)\/action\/([^/?]+)/.exec(request.url ?? '');
      if (match && `${match[1]}.${match[2]}`.toLowerCase() === 'thumbasset.serve') {
        calls.push('thumbasset.serve');
        response.writeHead(200, { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="thumbnail.png"' });
        response.end(THUMBNAIL_PNG);
        return;
      }
      const body = match ? await answer(match[1], match[2]) : apiError('INVALID_URL', 'not an API URL');
      if (response.destroyed) return;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
  server.on('connection', socket => { pending.add(socket); socket.on('close', () => pending.delete(socket)); });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise(resolve => {
      for (const socket of pending) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
