/**
 * Sessions against protocol.md §7 and §9: KS v1 format, secrets, expiry (injected clock), malformed and ended KSes,
 * the order of session checks, MISSING_KS / SERVICE_FORBIDDEN, widget sessions and the app-token flow.
 */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { errorLine, useSandbox } from './sandboxClient';

const START = 1_700_000_000;
let clock = START * 1000;
const client = useSandbox({ now: () => clock });

async function start(fields: Record<string, string>): Promise<unknown> {
  return client.call('session', 'start', { partnerId: '100', ...fields });
}

/** The KS v1 fields, checked against its signature with the admin secret. */
function decodeKs(ks: string): string[] {
  const text = Buffer.from(ks, 'base64').toString('utf8');
  const bar = text.indexOf('|');
  const info = text.slice(bar + 1);
  assert.equal(text.slice(0, bar), createHash('sha1').update(`sandbox-admin-secret${info}`).digest('hex'), 'signature');
  return info.split(';');
}

const invalidKs = (ksid: string) => `INVALID_KS: Invalid KS "${ksid}", Error "-1,INVALID_STR" {"KSID":"${ksid}","ERR_CODE":"-1","ERR_DESC":"INVALID_STR"}`;

describe('session.start', () => {
  test('an admin KS v1: partner;partner;validUntil;type;rand;user;privileges;master;data', async () => {
    const ks = (await start({ secret: 'sandbox-admin-secret', type: '2', userId: 'me', expiry: '3600', privileges: 'disableentitlement,sview:*' })) as string;
    const [pid, pattern, validUntil, type, rand, user, privileges, master, data] = decodeKs(ks);
    assert.deepEqual([pid, pattern, validUntil, type, user, privileges, master, data], ['100', '100', String(START + 3600), '2', 'me', 'disableentitlement,sview:*', '', '']);
    assert.match(rand, /^\d+(\.\d+)?$/);
  });

  test('defaults: USER type, empty user, 86400 s', async () => {
    const fields = decodeKs((await start({ secret: 'sandbox-user-secret' })) as string);
    assert.deepEqual([fields[2], fields[3], fields[5], fields[6]], [String(START + 86400), '0', '', '']);
  });

  const failures: [string, Record<string, string>, string][] = [
    ['user secret for an admin session', { secret: 'sandbox-user-secret', type: '2' }, '100'],
    ['wrong secret', { secret: 'nope' }, '100'],
    ['unknown partner', { secret: 'sandbox-admin-secret', partnerId: '999' }, '999'],
  ];
  for (const [name, fields, pid] of failures) {
    test(name, async () => {
      assert.equal(errorLine(await start(fields)), `START_SESSION_ERROR: Error while starting session for partner [${pid}] {"PID":"${pid}"}`);
    });
  }
});

test('session.start without partnerId: the null default is cast to 0', async () => {
  assert.equal(errorLine(await client.call('session', 'start', { secret: 'sandbox-admin-secret' })), 'START_SESSION_ERROR: Error while starting session for partner [0] {"PID":"0"}');
});

describe('KS validation', () => {
  test('malformed KS, even on session.start, before the arguments', async () => {
    assert.equal(errorLine(await client.call('media', 'get', { ks: 'not-a-ks' })), invalidKs('not-a-ks'));
    assert.equal(errorLine(await start({ secret: 'sandbox-admin-secret', ks: 'bad!' })), invalidKs('bad!'));
    const forged = Buffer.from('0000000000000000000000000000000000000000|100;100;9999999999;2;1;;;;').toString('base64');
    assert.equal(errorLine(await client.call('system', 'ping', { ks: forged })), invalidKs(forged));
  });

  test('expired KS: after the arguments, before access', async () => {
    const ks = (await start({ secret: 'sandbox-admin-secret', type: '2', expiry: '60' })) as string;
    assert.equal((await client.call('media', 'list', { ks }) as { totalCount: number }).totalCount, 0);
    clock += 60_000;
    try {
      assert.equal(errorLine(await client.call('media', 'get', { ks })), 'MISSING_MANDATORY_PARAMETER: Missing parameter "entryId" {"PARAM_NAME":"entryId"}');
      assert.equal(errorLine(await client.call('media', 'get', { ks, entryId: 'x' })), invalidKs('EXPIRED'));
      assert.equal(errorLine(await start({ secret: 'sandbox-admin-secret', ks })), invalidKs('EXPIRED'));
    } finally {
      clock -= 60_000;
    }
  });

  test('session.end ends the KS', async () => {
    const ks = (await start({ secret: 'sandbox-admin-secret', type: '2' })) as string;
    assert.equal(await client.call('session', 'end', { ks }), null);
    assert.equal(errorLine(await client.call('media', 'list', { ks })), invalidKs('LOGOUT'));
  });

  test('session.get decodes the KS (without ks itself)', async () => {
    const ks = (await start({ secret: 'sandbox-admin-secret', type: '2', userId: 'u1', privileges: 'edit:*' })) as string;
    const other = (await start({ secret: 'sandbox-user-secret', userId: 'u2' })) as string;
    assert.deepEqual(await client.call('session', 'get', { ks }), {
      sessionType: 2,
      partnerId: 100,
      userId: 'u1',
      expiry: START + 86400,
      privileges: 'edit:*',
      objectType: 'KalturaSessionInfo',
    });
    assert.equal((await client.call('session', 'get', { ks, session: other }) as { userId: string }).userId, 'u2');
  });
});

describe('access', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['neither KS nor partner', {}, 'MISSING_KS: Missing KS, session not established []'],
    ['unknown partner', { partnerId: '999' }, 'MISSING_KS: Missing KS, session not established []'],
    ['partner without KS', { partnerId: '100' }, 'SERVICE_FORBIDDEN: The access to service [media->list] is forbidden {"SERVICE":"media->list"}'],
    ['p alias', { p: '100' }, 'SERVICE_FORBIDDEN: The access to service [media->list] is forbidden {"SERVICE":"media->list"}'],
  ];
  for (const [name, fields, expected] of cases) {
    test(name, async () => {
      assert.equal(errorLine(await client.call('media', 'list', fields)), expected);
    });
  }

  test('SERVICE_FORBIDDEN sets X-Kaltura', async () => {
    const reply = await client.form('/api_v3/service/media/action/list', { format: '1', partnerId: '100' });
    assert.equal(reply.headers.get('x-kaltura'), 'error-SERVICE_FORBIDDEN');
  });

  test('actions without a session need none; optional ones accept none', async () => {
    assert.equal(await client.call('system', 'ping'), true);
    assert.equal(await client.call('session', 'end'), null);
  });

  test('a USER KS may list but not delete', async () => {
    const ks = (await start({ secret: 'sandbox-user-secret', userId: 'viewer' })) as string;
    assert.equal((await client.call('media', 'list', { ks }) as { objectType: string }).objectType, 'KalturaMediaListResponse');
    assert.equal(errorLine(await client.call('media', 'delete', { ks, entryId: 'x' })), 'SERVICE_FORBIDDEN: The access to service [media->delete] is forbidden {"SERVICE":"media->delete"}');
  });
});

describe('widget sessions and app tokens', () => {
  async function widgetKs(): Promise<string> {
    const reply = (await client.call('session', 'startWidgetSession', { widgetId: '_100' })) as { ks: string; partnerId: number; userId: number };
    // SessionService::startWidgetSession (kaltura/server): `$userId = 0` is answered as the number 0.
    assert.deepEqual([reply.partnerId, reply.userId], [100, 0]);
    return reply.ks;
  }

  test('a widget KS: anonymous, view only', async () => {
    const ks = await widgetKs();
    const fields = decodeKs(ks);
    assert.deepEqual([fields[3], fields[5], fields[6]], ['0', '0', 'view:*,widget:1']);
    assert.equal((await client.call('media', 'list', { ks }) as { totalCount: number }).totalCount, 0);
    assert.equal(errorLine(await client.call('media', 'add', { ks, 'entry:mediaType': '1' })), 'SERVICE_FORBIDDEN: The access to service [media->add] is forbidden {"SERVICE":"media->add"}');
    assert.equal(errorLine(await client.call('session', 'startWidgetSession', { widgetId: '_5' })), 'INVALID_WIDGET_ID: Unknown widget [_5] {"WIDGET_ID":"_5"}');
  });

  test('appToken.startSession with the right hash', async () => {
    const ks = await widgetKs();
    const tokenHash = createHash('sha256').update(`${ks}sandbox-app-token-secret`).digest('hex');
    const info = (await client.call('appToken', 'startSession', { ks, id: 'sandbox-app-token', tokenHash, userId: 'app-user', expiry: '600' })) as Record<string, unknown>;
    assert.deepEqual(
      { ...info, ks: typeof info.ks },
      { ks: 'string', sessionType: 0, partnerId: 100, userId: 'app-user', expiry: START + 600, privileges: 'sessionid:sandbox-app-token,apptoken:sandbox-app-token', objectType: 'KalturaSessionInfo' },
    );
    assert.deepEqual(decodeKs(info.ks as string).slice(5, 7), ['app-user', 'sessionid:sandbox-app-token,apptoken:sandbox-app-token']);
    assert.equal((await client.call('media', 'count', { ks: info.ks as string })), 0);
  });

  test('appToken.startSession errors', async () => {
    const ks = await widgetKs();
    assert.equal(errorLine(await client.call('appToken', 'startSession', { ks, id: 'sandbox-app-token', tokenHash: 'abc' })), 'INVALID_APP_TOKEN_HASH: Invalid application token hash []');
    const sha1 = createHash('sha1').update(`${ks}sandbox-app-token-secret`).digest('hex');
    assert.equal(errorLine(await client.call('appToken', 'startSession', { ks, id: 'sandbox-app-token', tokenHash: sha1 })), 'INVALID_APP_TOKEN_HASH: Invalid application token hash []');
    assert.equal(errorLine(await client.call('appToken', 'startSession', { ks, id: 'nope', tokenHash: 'abc' })), 'APP_TOKEN_ID_NOT_FOUND: Application token id "nope" not found {"ID":"nope"}');
    assert.equal(errorLine(await client.call('appToken', 'startSession', { id: 'nope', tokenHash: 'abc' })), 'MISSING_KS: Missing KS, session not established []');
  });
});
