/**
 * Secrets go only where they were meant to (issue 8), played as an attacker: a repository's kreq.env.json that aims
 * the user's own secrets (a parent folder's private file, `$shared`, stored secrets, process variables) at its host.
 */

import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSessionManager, loadDotenv, loadEnvironments, sendBlock, type EnvironmentCatalog } from '../../server/src/engine/index';
import { findUpward, gitBoundary } from '../../server/src/node/environmentFiles';
import { buildInput, removeFolder, tempFolder } from './engineInputs';
import { answerJson, startServer, type LoopbackServer } from './loopbackServer';

const folders: string[] = [];
const servers: LoopbackServer[] = [];
after(async () => {
  for (const f of folders) removeFolder(f);
  await Promise.all(servers.map((s) => s.close()));
});

function folder(files: Record<string, string>): string {
  const root = tempFolder(files);
  folders.push(root);
  return root;
}

const json = (value: unknown) => JSON.stringify(value);

/** The user's home-like folder holding their own private file, with a cloned repository below it. */
function attackerLayout(repoEnv: unknown, userPrivate: unknown): string {
  return folder({ 'kreq.env.private.json': json(userPrivate), 'repo/kreq.env.json': json(repoEnv), 'repo/a.kreq': 'system.ping\n' });
}

function load(root: string, document: string, options: Partial<Parameters<typeof loadEnvironments>[1]> = {}): EnvironmentCatalog {
  return loadEnvironments(path.join(root, document), { processEnv: {}, workspaceRoot: root, ...options });
}

describe('credentials are bound to the serviceUrl declared beside them', () => {
  test('attacker: the repo sets prod.serviceUrl, the user\'s private file of a parent folder gives adminSecret → refused, naming both files', async () => {
    const root = attackerLayout({ prod: { serviceUrl: 'https://evil.example', partnerId: 1 } }, { prod: { adminSecret: 'users-own-secret' } });
    const catalog = load(root, 'repo/a.kreq');
    const prod = catalog.get('prod');
    assert.equal(prod.adminSecret, undefined, 'the secret is kept out of the environment');
    assert.ok(prod.refusal?.includes(path.join(root, 'kreq.env.private.json')), prod.refusal);
    assert.ok(prod.refusal?.includes(path.join(root, 'repo', 'kreq.env.json')), prod.refusal);
    assert.ok(catalog.problems.some((p) => p.includes('another folder') && p.includes('adminSecret')), catalog.problems.join('\n'));

    // A send fails as a build error, and nothing reaches the host.
    const evil = await startServer((_r, res) => answerJson(res, true));
    servers.push(evil);
    const attack = attackerLayout({ prod: { serviceUrl: evil.url } }, { prod: { adminSecret: 'users-own-secret' } });
    const env = load(attack, 'repo/a.kreq').get('prod');
    const input = buildInput('system.ping\nmedia.list\n', { environment: env, documentPath: path.join(attack, 'repo/a.kreq') });
    const result = await sendBlock(input, { sessions: createSessionManager() });
    assert.equal(result.ok, false);
    assert.equal(result.error?.kind, 'build');
    assert.ok(result.error?.message.includes(path.join(attack, 'kreq.env.private.json')) && result.error.message.includes(path.join(attack, 'repo', 'kreq.env.json')), result.error?.message);
    assert.ok(!result.error?.message.includes('users-own-secret'));
    assert.equal(evil.received.length, 0);
  });

  test('attacker: $shared credentials of a parent folder, serviceUrl from the repo → refused (ks, userSecret, appToken.token too)', () => {
    for (const secret of [{ adminSecret: 'a' }, { userSecret: 'u' }, { ks: 'k' }, { appToken: { id: 'i', token: 't' } }]) {
      const root = attackerLayout({ $shared: { serviceUrl: 'https://evil.example' }, prod: {} }, { $shared: secret });
      const prod = load(root, 'repo/a.kreq').get('prod');
      assert.ok(prod.refusal, json(secret));
      assert.equal(prod.adminSecret ?? prod.userSecret ?? prod.ks ?? prod.appToken, undefined, json(secret));
    }
  });

  test('a private file beside its public file is fine; a serviceUrl in the private file beside the secret too', () => {
    const root = folder({
      'kreq.env.json': json({ prod: { serviceUrl: 'https://api.example.com' } }),
      'kreq.env.private.json': json({ prod: { adminSecret: 's' }, own: { serviceUrl: 'https://own.example', adminSecret: 'o' } }),
    });
    const catalog = load(root, 'a.kreq');
    assert.equal(catalog.get('prod').adminSecret, 's');
    assert.equal(catalog.get('prod').refusal, undefined);
    assert.equal(catalog.get('own').adminSecret, 'o');
    assert.deepEqual(catalog.problems, []);
  });

  test('no file declares serviceUrl: the default https://www.kaltura.com gets the secrets of any file', () => {
    const root = attackerLayout({ prod: { partnerId: 1 } }, { prod: { adminSecret: 'users-own-secret' } });
    const prod = load(root, 'repo/a.kreq').get('prod');
    assert.equal(prod.serviceUrl, 'https://www.kaltura.com');
    assert.equal(prod.adminSecret, 'users-own-secret');
    assert.equal(prod.refusal, undefined);
  });
});

describe('stored secrets are bound to an origin', () => {
  const secrets = new Map([
    ['prod@https://www.kaltura.com.adminSecret', 'stored-for-saas'],
    ['@https://www.kaltura.com.userSecret', 'stored-for-all-on-saas'],
    ['prod@https://evil.example.appToken.token', 'never'],
  ]);

  test('used with the origin they were stored for', () => {
    const root = folder({ 'kreq.env.json': json({ prod: { partnerId: 1, appToken: { id: 'x' } } }) });
    const prod = load(root, 'a.kreq', { secrets }).get('prod');
    assert.equal(prod.adminSecret, 'stored-for-saas');
    assert.equal(prod.userSecret, 'stored-for-all-on-saas');
    assert.equal(prod.appToken, undefined);
  });

  test('attacker: a repo reusing the name prod with another serviceUrl does not get them', () => {
    const root = folder({ 'kreq.env.json': json({ prod: { serviceUrl: 'https://evil.example:443/', appToken: { id: 'x' } } }) });
    const prod = load(root, 'a.kreq', { secrets: new Map([...secrets, ['prod@https://evil.example.appToken.token', 'tok']]) }).get('prod');
    assert.equal(prod.adminSecret, undefined);
    assert.equal(prod.userSecret, undefined);
    assert.equal(prod.appToken?.token, 'tok', 'a secret stored for that very origin is used');
  });

  test('attacker: http:// or another port of the same host is another origin', () => {
    for (const serviceUrl of ['http://www.kaltura.com', 'https://www.kaltura.com:8443']) {
      const root = folder({ 'kreq.env.json': json({ prod: { serviceUrl } }) });
      assert.equal(load(root, 'a.kreq', { secrets }).get('prod').adminSecret, undefined, serviceUrl);
    }
  });
});

describe('{{$env}} and {{$dotenv}} in environment files', () => {
  const processEnv = { AWS_SECRET_ACCESS_KEY: 'aws-secret', KALTURA_SECRET: 'k-secret', PID: '42' };

  test('attacker: a committed kreq.env.json cannot copy a process variable into a variable or setting', () => {
    const root = folder({
      'kreq.env.json': json({
        $shared: { stolen: '{{$env AWS_SECRET_ACCESS_KEY}}' },
        prod: { entryId: 'x-{{$env AWS_SECRET_ACCESS_KEY}}', clientTag: '{{$dotenv TOKEN}}', session: { userId: '{{$env AWS_SECRET_ACCESS_KEY}}' } },
      }),
      '.env': 'TOKEN=dotenv-secret\n',
    });
    const dotenv = loadDotenv(path.join(root, 'a.kreq'), root).values;
    const catalog = load(root, 'a.kreq', { processEnv, dotenv });
    const prod = catalog.get('prod');
    assert.equal(prod.variables.get('stolen'), undefined);
    assert.equal(prod.variables.get('entryId'), undefined);
    assert.equal(prod.clientTag, undefined);
    assert.equal(prod.session?.userId, undefined);
    assert.ok(!JSON.stringify([...prod.variables]).includes('aws-secret'));
    for (const key of ['stolen', 'entryId', 'clientTag', 'session.userId']) {
      assert.ok(catalog.problems.some((p) => p.includes(`\`${key}\``) && p.includes('committed kreq.env.json')), `${key}: ${catalog.problems.join('\n')}`);
    }
  });

  test('a committed file may use them for adminSecret, userSecret, ks, appToken.token, partnerId; $dotenv too', () => {
    const root = folder({
      'kreq.env.json': json({ prod: { adminSecret: '{{$env KALTURA_SECRET}}', userSecret: '{{$dotenv USER_SECRET}}', ks: '{{$env KALTURA_SECRET}}', partnerId: '{{$env PID}}', appToken: { id: 'i', token: '{{$dotenv TOKEN}}' } } }),
      '.env': 'TOKEN=dotenv-token\nUSER_SECRET=dotenv-user\n',
    });
    const catalog = load(root, 'a.kreq', { processEnv, dotenv: loadDotenv(path.join(root, 'a.kreq'), root).values });
    const prod = catalog.get('prod');
    assert.deepEqual([prod.adminSecret, prod.userSecret, prod.ks, prod.partnerId, prod.appToken?.token], ['k-secret', 'dotenv-user', 'k-secret', '42', 'dotenv-token']);
    assert.deepEqual(catalog.problems, []);
  });

  test('the private file may use them anywhere', () => {
    const root = folder({ 'kreq.env.private.json': json({ prod: { label: '{{$env PID}}-{{$dotenv TOKEN}}', serviceUrl: 'https://{{$env PID}}.example' } }), '.env': 'TOKEN=t\n' });
    const prod = load(root, 'a.kreq', { processEnv, dotenv: loadDotenv(path.join(root, 'a.kreq'), root).values }).get('prod');
    assert.equal(prod.variables.get('label'), '42-t');
    assert.equal(prod.serviceUrl, 'https://42.example');
  });
});

describe('environment and .env files are looked for within bounds', () => {
  test('never above the workspace root; without one, only the document\'s folder', () => {
    const root = folder({ 'kreq.env.private.json': json({ prod: { adminSecret: 'parent' } }), '.env': 'A=parent\n', 'ws/sub/a.kreq': '' });
    const doc = path.join(root, 'ws/sub/a.kreq');
    assert.deepEqual(loadEnvironments(doc, { processEnv: {}, workspaceRoot: path.join(root, 'ws') }).files, []);
    assert.deepEqual(loadEnvironments(doc, { processEnv: {} }).files, []);
    assert.equal(loadDotenv(doc, path.join(root, 'ws')).file, undefined);
    assert.equal(loadDotenv(doc).file, undefined);
    assert.equal(loadDotenv(doc, root).file, path.join(root, '.env'));
    // A document outside the root it is given: only its own folder.
    assert.equal(findUpward(path.join(root, 'ws/sub'), 'kreq.env.private.json', path.join(root, 'elsewhere')), undefined);
  });

  test('envDir names the folder on purpose', () => {
    const root = folder({ 'config/kreq.env.json': json({ prod: { serviceUrl: 'https://api.example.com' } }), 'repo/kreq.env.json': json({ other: {} }), 'repo/a.kreq': '' });
    const catalog = loadEnvironments(path.join(root, 'repo/a.kreq'), { processEnv: {}, envDir: path.join(root, 'config') });
    assert.deepEqual(catalog.names, ['prod']);
  });

  test('the command line\'s bound: the nearest folder holding .git, else the file\'s folder', () => {
    const root = folder({ 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/a/b/x.kreq': '', 'loose/x.kreq': '' });
    assert.equal(gitBoundary(path.join(root, 'repo/a/b')), path.join(root, 'repo'));
    fs.rmSync(path.join(root, 'repo/.git'), { recursive: true });
    fs.writeFileSync(path.join(root, 'repo/.git'), 'gitdir: ../x\n');
    assert.equal(gitBoundary(path.join(root, 'repo/a')), path.join(root, 'repo'), 'a .git file (worktree) counts');
    assert.equal(gitBoundary(path.join(root, 'loose')).startsWith(path.join(root, 'loose')), true);
  });
});
