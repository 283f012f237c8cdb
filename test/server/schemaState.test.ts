/** The server's schema state with a fake loader: source precedence, settings changes, background refresh, superseded loads. */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { indexSchema, type SchemaStatus } from '../../server/src/language/index';
import type { SchemaLoadOptions, SchemaLoadResult } from '../../server/src/node/schemaSource';
import { chooseSchemaSource, type EnvironmentSchema, type KreqInitializationOptions, type KreqSettings, resolveSchemaSource, SchemaState } from '../../server/src/lsp/schemaState';
import { RecordingLogger } from './fakeRuntime';

const defaultSource = (serviceUrl = 'https://www.kaltura.com'): string => `${serviceUrl}/api_v3/api_schema.php`;

describe('schema source precedence', () => {
  const cases: Array<[string, KreqSettings, KreqSettings, string]> = [
    ['initialization option first', { schema: '/a.xml' }, { schema: '/b.xml' }, '/a.xml'],
    ['then the setting', { schema: '' }, { schema: '/b.xml' }, '/b.xml'],
    ['blank counts as unset', { schema: '   ' }, { schema: ' /b.xml ' }, '/b.xml'],
    ['else the default of the initial service URL', { serviceUrl: 'http://local:8080' }, { serviceUrl: 'https://other' }, 'http://local:8080/api_v3/api_schema.php'],
    ['else the default of the configured service URL', {}, { serviceUrl: 'https://other' }, 'https://other/api_v3/api_schema.php'],
    ['else the loader\'s default', {}, {}, 'https://www.kaltura.com/api_v3/api_schema.php'],
  ];
  for (const [name, start, configuration, expected] of cases) {
    test(name, () => assert.equal(resolveSchemaSource(start, configuration, defaultSource), expected));
  }
});

describe('schema source precedence with an active environment', () => {
  const own: EnvironmentSchema = { name: 'dev', schema: 'schemas/dev.xml', serviceUrl: 'http://dev:8080', baseDir: '/ws/envs' };
  const byUrl: EnvironmentSchema = { name: 'sandbox', serviceUrl: 'http://127.0.0.1:8765' };
  const cases: Array<[string, KreqSettings, KreqSettings, EnvironmentSchema | undefined, string]> = [
    ['the initialization option wins', { schema: '/a.xml' }, {}, own, '/a.xml · false · the kreq.schema setting, at start · -'],
    ['then the kreq.schema setting', {}, { schema: '/b.xml' }, own, '/b.xml · false · the kreq.schema setting · -'],
    ["then the environment's schema, relative to its file", {}, { serviceUrl: 'https://other' }, own, 'schemas/dev.xml · false · the "schema" of environment "dev" · /ws/envs'],
    ["then the environment's serviceUrl (the bundled snapshot may answer)", { serviceUrl: 'https://start' }, { serviceUrl: 'https://other' }, byUrl,
      'http://127.0.0.1:8765/api_v3/api_schema.php · true · the serviceUrl of environment "sandbox" · -'],
    ['no environment: the kreq.serviceUrl setting', {}, { serviceUrl: 'https://other' }, undefined, 'https://other/api_v3/api_schema.php · true · the kreq.serviceUrl setting (no environment) · -'],
    ['no environment, no setting: the default', {}, {}, undefined, 'https://www.kaltura.com/api_v3/api_schema.php · true · the default service (no environment) · -'],
  ];
  for (const [name, start, configuration, environment, expected] of cases) {
    test(name, () => {
      const chosen = chooseSchemaSource(start, configuration, defaultSource, environment);
      assert.equal(`${chosen.source} · ${chosen.isDefault} · ${chosen.reason} · ${chosen.baseDir ?? '-'}`, expected);
    });
  }
});

function loadedStatus(source: string, apiVersion: string): SchemaStatus {
  return { kind: 'loaded', schema: indexSchema({ apiVersion, services: [], classes: [], enums: [], errors: [] }), source };
}

function label(status: SchemaStatus): string {
  return status.kind === 'loaded' ? `loaded ${status.schema.data.apiVersion}` : `unavailable: ${status.problem}`;
}

/** Answers are looked up by source (plus ` refresh`); a function answer lets a test hold a load open. */
type Answer = SchemaLoadResult | (() => Promise<SchemaLoadResult>);

function setup(initializationOptions: KreqInitializationOptions, answers: Record<string, Answer>) {
  const calls: string[] = [];
  const changes: string[] = [];
  const logger = new RecordingLogger();
  const state = new SchemaState({
    loader: {
      load: (options: SchemaLoadOptions) => {
        const key = options.source + (options.refresh ? ' refresh' : '');
        calls.push(`${key} cache=${options.cacheDir} base=${options.baseDir}`);
        const answer = answers[key];
        if (!answer) return Promise.reject(new Error(`no answer for ${key}`));
        return typeof answer === 'function' ? answer() : Promise.resolve(answer);
      },
      defaultSource,
      defaultCacheDir: () => '/default-cache',
    },
    logger,
    now: () => 0,
    initializationOptions,
    baseDir: '/workspace',
    onDidChange: (status) => changes.push(label(status)),
  });
  return { state, calls, changes, logger };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('schema state with environments', () => {
  test('follows the environment, loads a file relative to its env file, and does not reload the same source', async () => {
    const { state, calls, changes, logger } = setup({}, {
      'schemas/dev.xml': { status: loadedStatus('/ws/envs/schemas/dev.xml', '1'), fromCache: false },
      'http://127.0.0.1:8765/api_v3/api_schema.php': { status: loadedStatus('sandbox', '2'), fromCache: false },
    });
    await state.initialize({}, { name: 'dev', schema: 'schemas/dev.xml', serviceUrl: 'http://dev', baseDir: '/ws/envs' });
    await state.environmentChanged({ name: 'dev', schema: 'schemas/dev.xml', serviceUrl: 'http://dev', baseDir: '/ws/envs' });
    await state.environmentChanged({ name: 'sandbox', serviceUrl: 'http://127.0.0.1:8765' });
    assert.deepEqual(calls, ['schemas/dev.xml cache=/default-cache base=/ws/envs', 'http://127.0.0.1:8765/api_v3/api_schema.php cache=/default-cache base=/workspace']);
    assert.deepEqual(changes, ['loaded 1', 'loaded 2']);
    assert.ok(logger.lines.includes('info: Loading the Kaltura API schema from http://127.0.0.1:8765/api_v3/api_schema.php (the serviceUrl of environment "sandbox")'), logger.lines.join('\n'));
  });

  test('a settings change keeps the environment; the kreq.schema setting then wins over it', async () => {
    const { state, calls } = setup({}, {
      'http://127.0.0.1:8765/api_v3/api_schema.php': { status: loadedStatus('sandbox', '2'), fromCache: false },
      '/set.xml': { status: loadedStatus('/set.xml', '3'), fromCache: false },
    });
    await state.initialize({}, { name: 'sandbox', serviceUrl: 'http://127.0.0.1:8765' });
    await state.configurationChanged({});
    await state.configurationChanged({ schema: '/set.xml' });
    await state.environmentChanged(undefined);
    assert.deepEqual(calls.map((c) => c.split(' ')[0]), ['http://127.0.0.1:8765/api_v3/api_schema.php', '/set.xml']);
  });
});

describe('schema state', () => {
  test('the first load uses the initialization options and settles', async () => {
    const { state, calls, changes, logger } = setup({ schema: '/a.xml', cacheDir: '/c' }, { '/a.xml': { status: loadedStatus('/a.xml', '22'), fromCache: false } });
    assert.equal(state.hasSettled, false);
    await state.initialize({ schema: '/ignored.xml' });
    await state.whenSettled();
    assert.deepEqual(calls, ['/a.xml cache=/c base=/workspace']);
    assert.deepEqual(changes, ['loaded 22']);
    assert.equal(state.hasSettled, true);
    assert.ok(logger.lines.some((l) => l.startsWith('info: Schema API 22 from /a.xml (parsed')), logger.lines.join('\n'));
  });

  test('without a cacheDir option the loader\'s default cache is used', async () => {
    const { state, calls } = setup({}, { [defaultSource()]: { status: { kind: 'unavailable', problem: 'offline', source: 'x' }, fromCache: false } });
    await state.initialize({});
    assert.deepEqual(calls, [`${defaultSource()} cache=/default-cache base=/workspace`]);
  });

  test('a changed setting replaces the initialization option (VS Code sends "" for the default)', async () => {
    const { state, calls, changes } = setup({ schema: '/a.xml' }, {
      '/a.xml': { status: loadedStatus('/a.xml', '22'), fromCache: false },
      '/b.xml': { status: loadedStatus('/b.xml', '23'), fromCache: false },
      'http://svc/api_v3/api_schema.php': { status: loadedStatus('svc', '24'), fromCache: false },
    });
    await state.initialize({});
    await state.configurationChanged({ schema: '/b.xml' });
    await state.configurationChanged({ schema: '/b.xml' });
    await state.configurationChanged({ schema: '', serviceUrl: 'http://svc' });
    assert.deepEqual(calls.map((c) => c.split(' ')[0]), ['/a.xml', '/b.xml', 'http://svc/api_v3/api_schema.php']);
    assert.deepEqual(changes, ['loaded 22', 'loaded 23', 'loaded 24']);
  });

  test('a setting the client does not have keeps the initialization option', async () => {
    const { state, calls } = setup({ schema: '/a.xml' }, { '/a.xml': { status: loadedStatus('/a.xml', '22'), fromCache: false } });
    await state.initialize({});
    await state.configurationChanged({});
    assert.equal(calls.length, 1);
  });

  test('after a failed load, any settings change retries the same source', async () => {
    const { state, calls, changes } = setup({ schema: '/missing.xml' }, { '/missing.xml': { status: { kind: 'unavailable', problem: 'file not found', source: '/missing.xml' }, fromCache: false } });
    await state.initialize({});
    await state.configurationChanged({});
    assert.equal(calls.length, 2);
    assert.deepEqual(changes, ['unavailable: file not found', 'unavailable: file not found']);
  });

  test('a URL answered from the cache is refreshed in the background; a new schema replaces it', async () => {
    const url = 'https://svc/api_v3/api_schema.php';
    const { state, calls, changes } = setup({ schema: url }, {
      [url]: { status: loadedStatus(url, '22'), fromCache: true },
      [`${url} refresh`]: { status: loadedStatus(url, '23'), fromCache: false },
    });
    await state.initialize({});
    await settle();
    assert.deepEqual(calls.map((c) => c.split(' cache')[0]), [url, `${url} refresh`]);
    assert.deepEqual(changes, ['loaded 22', 'loaded 23']);
  });

  test('a refresh that finds the same schema, or fails, keeps the cached one without a change', async () => {
    for (const refreshed of [loadedStatus('u', '22'), { kind: 'unavailable', problem: 'offline', source: 'u' } as const]) {
      const url = 'https://svc/api_v3/api_schema.php';
      const { state, changes, logger } = setup({ schema: url }, {
        [url]: { status: loadedStatus(url, '22'), fromCache: true },
        [`${url} refresh`]: { status: refreshed, fromCache: false },
      });
      await state.initialize({});
      await settle();
      assert.deepEqual(changes, ['loaded 22']);
      assert.equal(label(state.status), 'loaded 22');
      assert.ok(logger.lines.some((l) => /refresh from \S+(: unchanged| failed, keeping the cached schema)/.test(l)), logger.lines.join('\n'));
    }
  });

  test('a load superseded by a settings change is dropped', async () => {
    let finishSlow: (r: SchemaLoadResult) => void = () => undefined;
    const { state, changes } = setup({}, {
      [defaultSource()]: () => new Promise((resolve) => (finishSlow = resolve)),
      '/b.xml': { status: loadedStatus('/b.xml', '23'), fromCache: false },
    });
    const first = state.initialize({});
    await state.configurationChanged({ schema: '/b.xml' });
    finishSlow({ status: loadedStatus('slow', '22'), fromCache: false });
    await first;
    assert.deepEqual(changes, ['loaded 23']);
    assert.equal(label(state.status), 'loaded 23');
  });

  test('a loader that rejects gives an unavailable status and a logged error', async () => {
    const { state, changes, logger } = setup({ schema: '/throws.xml' }, {});
    await state.initialize({});
    assert.deepEqual(changes, ['unavailable: no answer for /throws.xml']);
    assert.ok(logger.lines.some((l) => l.startsWith('error: Schema loader failed')));
  });
});
