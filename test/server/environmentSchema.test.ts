/**
 * Environments through the real bundled server over stdio: the schema follows the active environment (its `schema`,
 * else `{serviceUrl}/api_v3/api_schema.php`) and switches with `kreq/activeEnvironment`; the environment list's details;
 * an untitled document uses the workspace's env files and can be sent; automatic session starts are logged masked;
 * `kreq.sessionKs`; and an untrusted workspace keeps loading no schema an environment names.
 */

import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol';
import { decodeKs } from '../../server/src/language/index';
import { ACTIVE_ENVIRONMENT_NOTIFICATION, Commands, type EnvironmentList, type SendResult, type SessionKs } from '../../server/src/protocol';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../../server/src/sandbox/index';
import { realSchema } from '../support/realSchema';
import { LspSession, within } from './lspSession';

const TIMEOUT_MS = 15_000;

/** A tiny schema: `apiVersion` and the `service.action` pairs it has (each `sessionRequired="always"` but system.ping). */
function schemaXml(apiVersion: string, calls: readonly string[]): string {
  const services = new Map<string, string[]>();
  for (const call of calls) {
    const [service, action] = call.split('.');
    services.set(service, [...(services.get(service) ?? []), action]);
  }
  const body = [...services].map(([service, actions]) => [
    `    <service id="${service}" name="${service}" description="">`,
    ...actions.map((action) => `      <action name="${action}" description="" enableInMultiRequest="1" sessionRequired="${service === 'system' ? 'none' : 'always'}"><result type="string"/></action>`),
    '    </service>',
  ].join('\n')).join('\n');
  return `<?xml version="1.0"?>\n<xml apiVersion="${apiVersion}" generatedDate="0">\n  <enums/>\n  <classes/>\n  <services>\n${body}\n  </services>\n</xml>\n`;
}

const DOCUMENT = ['### list', 'media.list', '', '### ping', 'system.ping', ''].join('\n');

let sandbox: Sandbox;
let folder: string;

function fileUri(name: string): string {
  return pathToFileURL(path.join(folder, name)).href;
}

before(async () => {
  // The sandbox serves a third small schema at /api_v3/api_schema.php: the one an environment without `schema` gets.
  sandbox = await startSandbox({ schema: realSchema(), schemaXml: schemaXml('3.0.0', ['media.list', 'system.ping']) });
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-env-schema-'));
  fs.mkdirSync(path.join(folder, 'schemas'));
  fs.writeFileSync(path.join(folder, 'schemas', 'with-media.xml'), schemaXml('1.0.1', ['media.list', 'system.ping']));
  fs.writeFileSync(path.join(folder, 'schemas', 'no-media.xml'), schemaXml('1.0.2', ['system.ping']));
  const partnerId = SANDBOX_CREDENTIALS.partnerId;
  fs.writeFileSync(path.join(folder, 'kreq.env.json'), JSON.stringify({
    withMedia: { serviceUrl: 'http://127.0.0.1:9', partnerId: 1, schema: 'schemas/with-media.xml' },
    noMedia: { serviceUrl: 'http://127.0.0.1:9', partnerId: 2, schema: './schemas/no-media.xml', session: { type: 'ADMIN' } },
    sandbox: { serviceUrl: sandbox.url, partnerId },
  }));
  fs.writeFileSync(path.join(folder, 'kreq.env.private.json'), JSON.stringify({
    noMedia: { adminSecret: 'not-a-real-secret' },
    sandbox: { adminSecret: SANDBOX_CREDENTIALS.adminSecret },
  }));
});

after(async () => {
  await sandbox.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** A server started on `folder` (no `workspace/configuration`: the initialization options are the settings). */
async function startSession(options: Record<string, unknown>): Promise<LspSession> {
  const session = new LspSession();
  const rootUri = pathToFileURL(folder).href;
  await within(session.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'envs' }],
    capabilities: {},
    initializationOptions: { cacheDir: path.join(folder, `cache-${Math.random().toString(36).slice(2)}`), ...options },
  }), TIMEOUT_MS, 'initialize');
  await session.connection.sendNotification('initialized', {});
  return session;
}

async function stop(session: LspSession): Promise<void> {
  try {
    if (session.alive) await session.shutdown();
  } finally {
    session.dispose();
  }
}

/** Polls `condition` every 20 ms, failing after `ms`. */
async function waitFor(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The codes of the latest diagnostics published for `uri`, `line:code`. */
function latestCodes(session: LspSession, uri: string): string[] | undefined {
  const last = [...session.publications].reverse().find((p) => p.uri === uri);
  return last?.diagnostics.map((d) => `${d.range.start.line}:${String(d.code)}`);
}

async function expectCodes(session: LspSession, uri: string, expected: readonly string[], what: string): Promise<void> {
  await waitFor(() => JSON.stringify(latestCodes(session, uri)) === JSON.stringify(expected), `${what}: ${JSON.stringify(expected)} (latest: ${JSON.stringify(latestCodes(session, uri))})\n${session.logs.join('\n')}`);
}

function execute<T>(session: LspSession, command: string, argument: unknown): Promise<T> {
  return within(session.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: [argument] }) as Promise<T>, TIMEOUT_MS, command);
}

describe('the schema follows the active environment', () => {
  test('the environment setting at start, then each environment the client picks; logged with the reason', { timeout: 60_000 }, async () => {
    const session = await startSession({ environment: 'withMedia' });
    try {
      const uri = fileUri('requests.kreq');
      await session.open(uri, DOCUMENT);
      await expectCodes(session, uri, [], 'withMedia has media.list');
      assert.ok(session.logs.some((l) => l.includes('with-media.xml') && l.includes('(the "schema" of environment "withMedia")')), session.logs.join('\n'));

      await session.connection.sendNotification(ACTIVE_ENVIRONMENT_NOTIFICATION, { environment: 'noMedia', uri });
      await expectCodes(session, uri, ['1:unknown-service'], 'noMedia has no media service');
      assert.ok(session.logs.some((l) => l.startsWith('Schema API 1.0.2 from') && l.includes('no-media.xml')), session.logs.join('\n'));

      // No `schema`: `{serviceUrl}/api_v3/api_schema.php`, answered by the bundled snapshot until the download is in.
      await session.connection.sendNotification(ACTIVE_ENVIRONMENT_NOTIFICATION, { environment: 'sandbox', uri });
      await waitFor(() => session.logs.some((l) => l.includes(`Schema refresh from ${sandbox.url}/api_v3/api_schema.php: now API 3.0.0`)), `the sandbox's schema\n${session.logs.join('\n')}`);
      assert.ok(session.logs.some((l) => l.includes(`Loading the Kaltura API schema from ${sandbox.url}/api_v3/api_schema.php (the serviceUrl of environment "sandbox")`)), session.logs.join('\n'));
      await expectCodes(session, uri, [], 'the sandbox schema has media.list');

      // The same source again loads nothing; back to the setting's environment loads its file (compiled cache).
      const loads = session.logs.filter((l) => l.startsWith('Loading the Kaltura API schema')).length;
      await session.connection.sendNotification(ACTIVE_ENVIRONMENT_NOTIFICATION, { environment: 'sandbox', uri });
      await session.connection.sendNotification(ACTIVE_ENVIRONMENT_NOTIFICATION, { environment: 'noMedia', uri });
      await expectCodes(session, uri, ['1:unknown-service'], 'noMedia again');
      assert.equal(session.logs.filter((l) => l.startsWith('Loading the Kaltura API schema')).length, loads + 1, session.logs.join('\n'));
      assert.ok(session.logs.some((l) => l.startsWith('Schema API 1.0.2 from') && l.includes('from the compiled cache')), session.logs.join('\n'));

      // No environment: the default (the kreq.serviceUrl of the initialization options here).
      await session.connection.sendNotification(ACTIVE_ENVIRONMENT_NOTIFICATION, { uri });
      await waitFor(() => session.logs.some((l) => l.includes('(the default service (no environment))')), `the default schema\n${session.logs.join('\n')}`);
    } finally {
      await stop(session);
    }
  });

  test('kreq.schema wins over the environment', { timeout: 30_000 }, async () => {
    const session = await startSession({ environment: 'noMedia', schema: path.join(folder, 'schemas', 'with-media.xml') });
    try {
      const uri = fileUri('requests.kreq');
      await session.open(uri, DOCUMENT);
      await expectCodes(session, uri, [], 'the set schema has media.list');
      await session.connection.sendNotification(ACTIVE_ENVIRONMENT_NOTIFICATION, { environment: 'noMedia', uri });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.ok(!session.logs.some((l) => l.includes('no-media.xml')), session.logs.join('\n'));
      assert.ok(session.logs.some((l) => l.includes('(the kreq.schema setting, at start)')), session.logs.join('\n'));
    } finally {
      await stop(session);
    }
  });

  test('an untrusted workspace loads no schema an environment names', { timeout: 30_000 }, async () => {
    const session = await startSession({ environment: 'noMedia', trusted: false, serviceUrl: 'http://127.0.0.1:9' });
    try {
      const uri = fileUri('requests.kreq');
      await session.open(uri, DOCUMENT);
      await session.connection.sendNotification(ACTIVE_ENVIRONMENT_NOTIFICATION, { environment: 'noMedia', uri });
      await waitFor(() => session.logs.some((l) => l.startsWith('Schema ')), `a schema load\n${session.logs.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.ok(!session.logs.some((l) => l.includes('no-media.xml')), session.logs.join('\n'));
      assert.ok(session.logs.some((l) => l.includes('Loading the Kaltura API schema from http://127.0.0.1:9/api_v3/api_schema.php (the kreq.serviceUrl setting (no environment))')), session.logs.join('\n'));
    } finally {
      await stop(session);
    }
  });
});

describe('environments in the editor', () => {
  let session: LspSession;
  before(async () => {
    session = await startSession({ environment: 'sandbox' });
  });
  after(async () => stop(session));

  test('the list gives each environment its service, partner and how the session is obtained', { timeout: 30_000 }, async () => {
    const list = await execute<EnvironmentList>(session, Commands.listEnvironments, { uri: fileUri('requests.kreq') });
    assert.deepEqual(list.details, {
      withMedia: { serviceUrl: 'http://127.0.0.1:9', partnerId: '1', session: 'none' },
      noMedia: { serviceUrl: 'http://127.0.0.1:9', partnerId: '2', session: 'adminSecret' },
      sandbox: { serviceUrl: sandbox.url, partnerId: String(SANDBOX_CREDENTIALS.partnerId), session: 'adminSecret' },
    });
  });

  test('an untitled document uses the env files of the workspace and is sent; the session start is logged masked', { timeout: 30_000 }, async () => {
    const uri = 'untitled:Untitled-1';
    await session.open(uri, DOCUMENT);
    const list = await execute<EnvironmentList>(session, Commands.listEnvironments, { uri });
    assert.deepEqual(list.names, ['withMedia', 'noMedia', 'sandbox']);
    const result = await execute<SendResult>(session, Commands.send, { uri, block: 0, environment: 'sandbox' });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.environment, 'sandbox');
    const line = session.logs.find((l) => l.startsWith('Session: session.start'));
    assert.ok(line, session.logs.join('\n'));
    assert.match(line, new RegExp(`^Session: session\\.start \\(ADMIN, secret=\\*\\*\\*\\) for "sandbox" \\(${sandbox.url.replace(/[.]/g, '\\.')}, partner ${SANDBOX_CREDENTIALS.partnerId}\\) → ks=\\*\\*\\*, expires \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(\\d+ ms\\)$`));
    assert.ok(!session.logs.join('\n').includes(SANDBOX_CREDENTIALS.adminSecret), 'the secret is not logged');
  });

  test('kreq.sessionKs answers the KS of the session (started when needed), never logging it', { timeout: 30_000 }, async () => {
    const answer = await execute<SessionKs>(session, Commands.sessionKs, { uri: fileUri('requests.kreq'), environment: 'sandbox' });
    assert.equal(answer.environment, 'sandbox');
    assert.equal(answer.source, 'session.start');
    assert.ok(answer.ks && decodeKs(answer.ks), `a KS: ${JSON.stringify(answer)}`);
    assert.equal(typeof answer.expiresAt, 'number');
    assert.ok(!session.logs.join('\n').includes(answer.ks), 'the KS is not logged');
    const none = await execute<SessionKs>(session, Commands.sessionKs, { uri: fileUri('requests.kreq'), environment: 'withMedia' });
    assert.equal(none.ks, undefined);
    assert.match(none.problem ?? '', /Environment "withMedia" has no `ks`, `adminSecret`, `userSecret` or `appToken`/);
    const failed = await execute<SessionKs>(session, Commands.sessionKs, { uri: fileUri('requests.kreq'), environment: 'noMedia' });
    assert.equal(failed.ks, undefined);
    assert.ok(failed.problem, JSON.stringify(failed));
    assert.ok(session.logs.some((l) => l.startsWith('Session: session.start (ADMIN, secret=***) for "noMedia"') && l.includes('failed')), session.logs.join('\n'));
    assert.ok(!session.logs.join('\n').includes('not-a-real-secret'), 'the secret is not logged');
  });
});
