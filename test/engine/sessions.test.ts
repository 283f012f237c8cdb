import { after, before, beforeEach, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  createHttpTransport,
  createSessionManager,
  sendBlock,
  type BlockResult,
  type Environment,
  type SessionManager,
} from '../../server/src/engine/index';
import type { KalturaSchema } from '../../server/src/language/index';
import { realSchema, schema2016 } from '../support/realSchema';
import { buildInput, environment, FIXED_NOW, ksV1 } from './engineInputs';
import { startFakeKaltura, type FakeKaltura } from './fakeKaltura';

const PARTNER = '100';
const ADMIN_SECRET = 'admin-secret-0123456789';
const APP_TOKEN = { id: '0_apptoken', token: 'app-token-secret-abcdef', hashType: 'SHA256' } as const;

const transport = createHttpTransport();
let clock = FIXED_NOW;
let fake: FakeKaltura;
let sessions: SessionManager;

before(async () => {
  fake = await startFakeKaltura({ partnerId: PARTNER, adminSecret: ADMIN_SECRET, appToken: APP_TOKEN, now: () => clock });
});
after(async () => {
  await fake.close();
  await transport.close();
});
beforeEach(() => {
  clock = FIXED_NOW;
  sessions = createSessionManager({ now: () => clock, transport });
  fake.counts.clear();
  fake.issued.clear();
  fake.ksLog.length = 0;
  fake.received.length = 0;
});

function env(settings: Partial<Omit<Environment, 'variables'>> = {}): Environment {
  return environment({ serviceUrl: fake.url, partnerId: PARTNER, ...settings });
}

function send(text: string, environmentUsed: Environment, schema: KalturaSchema = realSchema()): Promise<BlockResult> {
  return sendBlock(buildInput(text, { environment: environmentUsed, schema }), { sessions, transport });
}

/** `service.action` counts as `name=n`, sorted. */
function counts(): string[] {
  return [...fake.counts].map(([k, v]) => `${k}=${v}`).sort();
}

/** The ks each call carried: '-' for none, else the index of the issued KS (`ks#1`…), or `other`. */
function ksCarried(): string[] {
  const issued = [...fake.issued];
  return fake.ksLog.map((line) => {
    const [name, ks] = line.split(' ');
    return `${name} ${ks === '' ? '-' : issued.includes(ks) ? `ks#${issued.indexOf(ks) + 1}` : 'other'}`;
  });
}

const ADMIN_ENV = (): Environment => env({ adminSecret: ADMIN_SECRET, session: { userId: 'me@example.com' } });

describe('sessions against a fake Kaltura endpoint', () => {
  test('session.start with the admin secret (ADMIN by default); the KS is sent and redacted', async () => {
    const result = await send('media.list\n', ADMIN_ENV());
    assert.equal(result.ok, true, result.error?.message);
    assert.deepEqual(counts(), ['media.list=1', 'session.start=1']);
    const start = fake.received[0];
    assert.deepEqual(start.fields, { format: '1', clientTag: 'kreq', secret: ADMIN_SECRET, type: '2', partnerId: PARTNER, userId: 'me@example.com' });
    const ks = [...fake.issued][0];
    assert.equal(fake.received[1].fields.ks, ks);
    assert.ok(!result.curl.includes(ks) && result.curl.includes("-d 'ks=***'"), result.curl);
    const info = sessions.peek(ADMIN_ENV());
    assert.equal(info?.ks, ks);
    assert.equal(info?.source, 'session.start');
    assert.equal(info?.expiresAt, FIXED_NOW + 86_400_000, 'from the KS validUntil');
  });

  test('a cached session is reused; it is renewed within 60 s of its expiry, without the old KS', async () => {
    await send('media.list\n', ADMIN_ENV());
    clock += 3600_000;
    await send('media.list\n', ADMIN_ENV());
    assert.deepEqual(counts(), ['media.list=2', 'session.start=1'], 'cache hit an hour later');
    clock = FIXED_NOW + 86_400_000 - 30_000;
    const renewed = await send('media.list\n', ADMIN_ENV());
    assert.equal(renewed.ok, true, renewed.error?.message);
    assert.deepEqual(ksCarried(), ['session.start -', 'media.list ks#1', 'media.list ks#1', 'session.start -', 'media.list ks#2']);
  });

  test('concurrent callers share one session start', async () => {
    const [a, b] = await Promise.all([sessions.ksFor(ADMIN_ENV(), {}), sessions.ksFor(ADMIN_ENV(), {})]);
    assert.equal(a?.ks, b?.ks);
    assert.deepEqual(counts(), ['session.start=1']);
  });

  test('a USER session with the user secret when session.type is USER', async () => {
    const userFake = await startFakeKaltura({ partnerId: PARTNER, adminSecret: ADMIN_SECRET, userSecret: 'user-secret-xyz', now: () => clock });
    try {
      const e = environment({ serviceUrl: userFake.url, partnerId: PARTNER, adminSecret: ADMIN_SECRET, userSecret: 'user-secret-xyz', session: { type: 'USER' } });
      const info = await sessions.ksFor(e, {});
      assert.equal(info?.source, 'session.start');
      assert.equal(userFake.received[0].fields.secret, 'user-secret-xyz');
      assert.equal(userFake.received[0].fields.type, '0');
    } finally {
      await userFake.close();
    }
  });

  test('app token: widget session, then appToken.startSession with hex(SHA256(widget KS + token))', async () => {
    const e = env({ appToken: { ...APP_TOKEN }, session: { userId: 'bot', expiry: 600 } });
    const result = await send('media.list\n', e);
    assert.equal(result.ok, true, result.error?.message);
    assert.deepEqual(counts(), ['apptoken.startsession=1', 'media.list=1', 'session.startwidgetsession=1']);
    const [widget, start, list] = fake.received;
    assert.deepEqual(widget.fields, { format: '1', clientTag: 'kreq', widgetId: `_${PARTNER}` });
    const widgetKs = [...fake.issued][0];
    const expectedHash = createHash('sha256').update(widgetKs + APP_TOKEN.token).digest('hex');
    assert.deepEqual(start.fields, { format: '1', clientTag: 'kreq', ks: widgetKs, id: APP_TOKEN.id, tokenHash: expectedHash, userId: 'bot', expiry: '600' });
    const userKs = [...fake.issued][1];
    assert.equal(list.fields.ks, userKs);
    const info = sessions.peek(e);
    assert.deepEqual(info, { ks: userKs, expiresAt: FIXED_NOW + 600_000, source: 'appToken' });
  });

  test('actions with sessionRequired=none get no session', async () => {
    const result = await send('system.ping\n', ADMIN_ENV());
    assert.equal(result.ok, true, result.error?.message);
    assert.deepEqual(counts(), ['system.ping=1']);
    assert.deepEqual(ksCarried(), ['system.ping -']);
  });

  test('a schema without sessionRequired: every action but session.start/startWidgetSession/system.ping needs one', async () => {
    await send('system.ping\n', ADMIN_ENV(), schema2016());
    assert.deepEqual(counts(), ['system.ping=1']);
    await send('media.list\n', ADMIN_ENV(), schema2016());
    assert.deepEqual(ksCarried(), ['system.ping -', 'session.start -', 'media.list ks#1']);
  });

  test('a multirequest gets a common ks when one of its calls needs it', async () => {
    const result = await send('system.ping\n\nmedia.list\n', ADMIN_ENV());
    assert.equal(result.ok, true, result.error?.message);
    assert.equal(fake.received[1].fields.ks, [...fake.issued][0]);
    assert.deepEqual(ksCarried(), ['session.start -', 'system.ping ks#1', 'media.list ks#1']);
  });

  test('the block ks wins: no session is started', async () => {
    const ks = ksV1({ partnerId: PARTNER, validUntil: FIXED_NOW / 1000 + 100 });
    fake.issued.add(ks);
    const result = await send(`ks = ${ks}\nmedia.list\n`, ADMIN_ENV());
    assert.equal(result.ok, true, result.error?.message);
    assert.deepEqual(counts(), ['media.list=1']);
    assert.equal(fake.received[0].fields.ks, ks);
    fake.issued.delete(ks);
  });

  test("the environment's ks is used as is", async () => {
    const ks = ksV1({ partnerId: PARTNER, validUntil: FIXED_NOW / 1000 + 100 });
    fake.issued.add(ks);
    const e = env({ ks, adminSecret: ADMIN_SECRET });
    const result = await send('media.list\n', e);
    assert.equal(result.ok, true, result.error?.message);
    assert.deepEqual(counts(), ['media.list=1']);
    assert.deepEqual(sessions.peek(e), { ks, expiresAt: (FIXED_NOW / 1000 + 100) * 1000, source: 'environment' });
    fake.issued.delete(ks);
  });

  test('no credentials: sent without a ks, and the server answers', async () => {
    const result = await send('media.list\n', env());
    assert.equal(result.ok, false);
    assert.equal(result.error, undefined);
    assert.deepEqual(result.calls.map((c) => (c.ok ? 'ok' : c.error.code)), ['MISSING_KS']);
    assert.equal(sessions.peek(env()), undefined);
  });

  test('a failed session.start is a session error with the API error', async () => {
    const result = await send('media.list\n', env({ adminSecret: 'wrong-secret-value' }));
    assert.equal(result.ok, false);
    assert.equal(result.error?.kind, 'session');
    assert.equal(result.error?.message, `session.start failed: START_SESSION_ERROR: Error while starting session for partner [${PARTNER}]. Check \`partnerId\` and \`adminSecret\`/\`userSecret\` in kreq.env.private.json.`);
    assert.deepEqual(counts(), ['session.start=1']);
  });

  test('a wrong app token is a session error', async () => {
    const result = await send('media.list\n', env({ appToken: { id: APP_TOKEN.id, token: 'not-the-token', hashType: 'SHA256' } }));
    assert.equal(result.error?.kind, 'session');
    assert.ok(result.error?.message.startsWith('apptoken.startSession failed: INVALID_APP_TOKEN_HASH'), result.error?.message);
  });

  test("a block's own session.start: its KS result is raw in the value, masked in the response text", async () => {
    const result = await send(`session.start\nsecret = ${ADMIN_SECRET}\npartnerId = ${PARTNER}\n`, env());
    assert.equal(result.ok, true, result.error?.message);
    const ks = [...fake.issued][0];
    assert.deepEqual(result.calls.map((c) => (c.ok ? c.value : c.error)), [ks]);
    assert.equal(result.responseText, '"***"');
    assert.ok(!result.curl.includes(ADMIN_SECRET), result.curl);
  });

  test('each automatic start (and renewal, and failure) is logged, the secret, KS and token hash masked', async () => {
    const lines: string[] = [];
    sessions = createSessionManager({ now: () => clock, transport, log: (line) => lines.push(line) });
    const expires = new Date(FIXED_NOW + 86_400_000).toISOString().slice(0, 16).replace('T', ' ');
    await send('media.list\n', ADMIN_ENV());
    await send('media.list\n', ADMIN_ENV());
    clock = FIXED_NOW + 86_400_000 - 30_000;
    await send('media.list\n', ADMIN_ENV());
    await send('media.list\n', env({ adminSecret: 'wrong-secret-value' }));
    await send('media.list\n', env({ appToken: APP_TOKEN }));
    const shown = lines.map((line) => line.replace(/\(\d+ ms\)$/, '(N ms)').replace(/expires [\d-]+ [\d:]+ UTC/, (found) => (found.includes(expires) ? 'expires +1d' : 'expires later')));
    assert.deepEqual(shown, [
      `Session: session.start (ADMIN, secret=***) for "test" (${fake.url}, partner ${PARTNER}) → ks=***, expires +1d (N ms)`,
      `Session: session.start (ADMIN, secret=***) for "test" (${fake.url}, partner ${PARTNER}), renewing the expiring session → ks=***, expires later (N ms)`,
      `Session: session.start (ADMIN, secret=***) for "test" (${fake.url}, partner ${PARTNER}) failed: session.start failed: START_SESSION_ERROR: Error while starting session for partner [${PARTNER}]. Check \`partnerId\` and \`adminSecret\`/\`userSecret\` in kreq.env.private.json.`,
      `Session: appToken.startSession (id ${APP_TOKEN.id}, tokenHash=***) for "test" (${fake.url}, partner ${PARTNER}) → ks=***, expires later (N ms)`,
    ]);
    const all = lines.join('\n');
    for (const secret of [ADMIN_SECRET, 'wrong-secret-value', APP_TOKEN.token, ...fake.issued]) assert.ok(!all.includes(secret), `${secret} is not logged`);
  });

  test('clear() forgets started sessions', async () => {
    await sessions.ksFor(ADMIN_ENV(), {});
    assert.ok(sessions.peek(ADMIN_ENV()));
    sessions.clear();
    assert.equal(sessions.peek(ADMIN_ENV()), undefined);
  });
});
