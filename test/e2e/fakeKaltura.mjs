// A tiny fake Kaltura API on a loopback port for the real-editor tests of sending: media.list (3 entries),
// media.get (ENTRY_ID_NOT_FOUND), system.ping (true), system.getVersion (answers after `slowMs`, for cancelling),
// baseEntry.list (`bigCount` entries: a response of megabytes),
// session.start (checks the admin secret, issues a KS v1 valid 24 h). Multirequests are answered call by call.
//
//   const fake = await startFakeKaltura({ adminSecret: 's3cret' });   // fake.url, fake.calls, await fake.close()

import { createHash } from 'node:crypto';
import * as http from 'node:http';

const PARTNER_ID = '100';
/** A KS the fake always accepts (for an environment that sets `ks`). */
export const FIXED_KS = 'djJ8MTAwfGUyZQ';

function ksV1({ validUntil, type = 2, userId = '', secret }) {
  const info = `${PARTNER_ID};${PARTNER_ID};${validUntil};${type};${Math.floor(Math.random() * 1e6)};${userId};;;`;
  const signature = createHash('sha1').update(secret + info).digest('hex');
  return Buffer.from(`${signature}|${info}`).toString('base64');
}

function apiError(code, message, args = {}) {
  return { code, message, objectType: 'KalturaAPIException', args: Object.keys(args).length ? args : [] };
}

export async function startFakeKaltura({ adminSecret = 's3cret', slowMs = 20000, bigCount = 30000 } = {}) {
  /** `service.action` of every call answered, in order. */
  const calls = [];
  const issued = new Set();
  const pending = new Set();

  const answer = async (service, action, params) => {
    const name = `${service}.${action}`.toLowerCase();
    calls.push(name);
    if (params.ks !== undefined && params.ks !== FIXED_KS && !issued.has(params.ks)) {
      return apiError('INVALID_KS', `Invalid KS "${params.ks}", Error "-1,INVALID_STR"`, { KSID: params.ks, ERR_CODE: '-1', ERR_DESC: 'INVALID_STR' });
    }
    switch (name) {
      case 'session.start': {
        if (params.secret !== adminSecret || params.partnerId !== PARTNER_ID) {
          return apiError('START_SESSION_ERROR', `Error while starting session for partner [${params.partnerId ?? ''}]`, { PID: params.partnerId ?? '' });
        }
        const ks = ksV1({ validUntil: Math.floor(Date.now() / 1000) + 86400, type: Number(params.type ?? 2), userId: params.userId, secret: adminSecret });
        issued.add(ks);
        return ks;
      }
      case 'media.list':
        return {
          objects: [1, 2, 3].map(n => ({ id: `0_e2e00${n}`, name: `Entry ${n}`, mediaType: 1, objectType: 'KalturaMediaEntry' })),
          totalCount: 3,
          objectType: 'KalturaMediaListResponse',
        };
      case 'baseentry.list': // a big answer: `bigCount` entries of about 400 bytes each
        return {
          objects: Array.from({ length: bigCount }, (_, n) => ({
            id: `0_big${String(n).padStart(5, '0')}`, name: `Entry ${n}`, description: 'x'.repeat(200),
            tags: 'e2e,big', createdAt: 1_700_000_000 + n, objectType: 'KalturaMediaEntry',
          })),
          totalCount: bigCount,
          objectType: 'KalturaBaseEntryListResponse',
        };
      case 'media.get':
        return apiError('ENTRY_ID_NOT_FOUND', `Entry id "${params.entryId ?? ''}" not found`, { ENTRY_ID: params.entryId ?? '' });
      case 'system.ping':
        return true;
      case 'system.getversion':
        await new Promise(resolve => setTimeout(resolve, slowMs));
        return '22.19.0';
      default:
        return apiError('SERVICE_FORBIDDEN', `The access to service [${service}->${action}] is forbidden`, { SERVICE: service, ACTION: action });
    }
  };

  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', async () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const match = /\/api_v3\/service\/([^/]+)(?:\/action\/([^/?]+))?/.exec(request.url ?? '');
      let body;
      if (!match) {
        body = apiError('INVALID_URL', 'not an API URL');
      } else if (match[1].toLowerCase() === 'multirequest') {
        body = [];
        for (let n = 1; params[`${n}:service`] !== undefined; n++) {
          const own = {};
          for (const [key, value] of Object.entries(params)) {
            if (key.startsWith(`${n}:`)) own[key.slice(String(n).length + 1)] = value;
            else if (!/^\d+:/.test(key)) own[key] ??= value;
          }
          body.push(await answer(own.service, own.action, own));
        }
      } else {
        body = await answer(match[1], match[2] ?? params.action ?? '', params);
      }
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
