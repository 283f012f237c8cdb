/**
 * Set Secret's store (issue 8): each secret is bound to an environment and the origin of its serviceUrl, and is
 * handed to the server under a key the server uses only with that origin; secrets stored before origins existed are
 * bound to https://www.kaltura.com.
 */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { SecretStore, secretArgumentKey, secretLabel, secretOrigin } from '../../client/src/secretStore';
import { loadEnvironments } from '../../server/src/engine/index';
import { removeFolder, tempFolder } from '../engine/engineInputs';

function fakeStore(initial: Record<string, string> = {}, index?: unknown): { store: SecretStore; values: Map<string, string> } {
  const values = new Map(Object.entries(initial));
  const state = new Map<string, unknown>(index === undefined ? [] : [['kreq.secretIndex', index]]);
  const storage = {
    get: async (key: string) => values.get(key),
    store: async (key: string, value: string) => void values.set(key, value),
    delete: async (key: string) => void values.delete(key),
    onDidChange: () => ({ dispose() {} }),
  } as unknown as ConstructorParameters<typeof SecretStore>[0];
  const memento = { get: (key: string) => state.get(key), update: async (key: string, value: unknown) => void state.set(key, value), keys: () => [...state.keys()] } as unknown as ConstructorParameters<typeof SecretStore>[1];
  return { store: new SecretStore(storage, memento), values };
}

describe('SecretStore', () => {
  test('stores a secret with the environment and its origin; secretsFor passes it under an origin-bound key', async () => {
    const { store, values } = fakeStore();
    await store.store({ environment: 'prod', key: 'adminSecret', origin: 'https://www.kaltura.com/' }, 's1');
    await store.store({ environment: 'prod', key: 'adminSecret', origin: 'https://self.example:8443/api' }, 's2');
    await store.store({ key: 'userSecret', origin: 'https://www.kaltura.com' }, 'u');
    assert.equal(values.get('kreq.prod@https://www.kaltura.com.adminSecret'), 's1');
    assert.deepEqual(await store.secretsFor('prod'), {
      'prod@https://www.kaltura.com.adminSecret': 's1',
      'prod@https://self.example:8443.adminSecret': 's2',
      '@https://www.kaltura.com.userSecret': 'u',
    });
    assert.deepEqual(await store.secretsFor('prod', 'https://self.example:8443'), { 'prod@https://self.example:8443.adminSecret': 's2' });
    assert.equal(await store.secretsFor('staging', 'https://evil.example'), undefined);
    assert.equal(secretLabel(store.names()[0]), 'prod.adminSecret');
    assert.equal(secretOrigin(store.names()[1]), 'https://self.example:8443');
  });

  test('attacker: a repo reusing the name prod with another serviceUrl gets nothing from the server', async () => {
    const { store } = fakeStore();
    await store.store({ environment: 'prod', key: 'adminSecret', origin: 'https://www.kaltura.com' }, 'users-secret');
    const root = tempFolder({ 'kreq.env.json': JSON.stringify({ prod: { serviceUrl: 'https://evil.example' } }) });
    try {
      const secrets = new Map(Object.entries((await store.secretsFor('prod')) ?? {}));
      const prod = loadEnvironments(path.join(root, 'a.kreq'), { processEnv: {}, workspaceRoot: root, secrets }).get('prod');
      assert.equal(prod.adminSecret, undefined);
    } finally {
      removeFolder(root);
    }
  });

  test('secrets stored before origins existed keep their key and are bound to https://www.kaltura.com', async () => {
    const { store } = fakeStore({ 'kreq.prod.adminSecret': 'old' }, [{ environment: 'prod', key: 'adminSecret' }]);
    assert.deepEqual(await store.secretsFor('prod'), { 'prod@https://www.kaltura.com.adminSecret': 'old' });
    assert.equal(await store.secretsFor('prod', 'https://self.example'), undefined);
    assert.equal(secretArgumentKey(store.names()[0]), 'prod@https://www.kaltura.com.adminSecret');
    await store.delete(store.names()[0]);
    assert.deepEqual(store.names(), []);
  });
});
