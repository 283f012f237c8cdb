/**
 * Loading the schema: both real schema files read with the documented counts, and `loadSchema` from files (with the
 * compiled cache) and from URLs served by a local HTTP server, including every way loading can fail.
 */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KalturaSchema, SchemaStatus } from '../../server/src/language/index';
import { loadSchema } from '../../server/src/node/schemaSource';
import { realSchema, schema2016 } from '../support/realSchema';
import { SCHEMA_2016 } from '../support/repoPaths';

function counts(schema: KalturaSchema): Record<string, number> {
  const d = schema.data;
  return {
    services: d.services.length,
    actions: d.services.reduce((n, s) => n + s.actions.length, 0),
    classes: d.classes.length,
    enums: d.enums.length,
    errors: d.errors.length,
  };
}

/** The data as plain JSON: the fresh parse has keys set to `undefined`, which the JSON cache leaves out. */
function plain(schema: KalturaSchema): unknown {
  return JSON.parse(JSON.stringify(schema.data));
}

function loadedSchema(status: SchemaStatus): KalturaSchema {
  assert.equal(status.kind, 'loaded', status.kind === 'unavailable' ? status.problem : '');
  return (status as Extract<SchemaStatus, { kind: 'loaded' }>).schema;
}

function problem(status: SchemaStatus): string {
  assert.equal(status.kind, 'unavailable');
  return (status as Extract<SchemaStatus, { kind: 'unavailable' }>).problem;
}

describe('the real schemas', () => {
  test('22.19.0: 146 services, 1004 actions, 1635 classes, 683 enums, 725 errors', () => {
    const schema = realSchema();
    assert.equal(schema.data.apiVersion, '22.19.0');
    assert.deepEqual(counts(schema), { services: 146, actions: 1004, classes: 1635, enums: 683, errors: 725 });
    assert.equal(schema.data.classes.filter((c) => c.abstract).length, 355);
    assert.equal(schema.data.services.filter((s) => s.plugin).length, 85);
  });

  test('3.3.0 (2016): 94 services, 656 actions, 931 classes, 418 enums, no errors element', () => {
    const schema = schema2016();
    assert.equal(schema.data.apiVersion, '3.3.0');
    assert.deepEqual(counts(schema), { services: 94, actions: 656, classes: 931, enums: 418, errors: 0 });
    assert.equal(schema.data.classes.filter((c) => c.abstract).length, 205);
  });

  test('2016: attributes the old generator did not write are simply absent', () => {
    const schema = schema2016();
    const actions = schema.data.services.flatMap((s) => s.actions);
    assert.ok(actions.every((a) => a.sessionRequired === undefined && a.actionAlias === undefined && a.throws.length === 0));
    assert.ok(schema.data.classes.every((c) => c.properties.every((p) => p.writeOnly === undefined && p.isTime === undefined)));
    const list = schema.action(schema.service('media')!, 'list');
    assert.deepEqual(list?.params.map((p) => [p.name, p.type, p.optional]), [
      ['filter', 'KalturaMediaEntryFilter', true],
      ['pager', 'KalturaFilterPager', true],
    ]);
    assert.equal(list?.result?.type, 'KalturaMediaListResponse');
    assert.equal(schema.error('ENTRY_ID_NOT_FOUND'), undefined);
  });
});

describe('loadSchema from a file', () => {
  let dir: string;
  let cacheDir: string;
  let file: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-schema-'));
    cacheDir = path.join(dir, 'cache');
    file = path.join(dir, 'schema.xml');
    fs.copyFileSync(SCHEMA_2016, file);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('cold: parsed from XML; warm: the same data from the compiled cache; touched: compiled again', async () => {
    const cold = await loadSchema({ source: file, cacheDir });
    assert.equal(cold.fromCache, false);
    assert.equal(cold.status.source, file);
    const warm = await loadSchema({ source: file, cacheDir });
    assert.equal(warm.fromCache, true);
    assert.deepEqual(plain(loadedSchema(warm.status)), plain(loadedSchema(cold.status)));
    assert.deepEqual(counts(loadedSchema(warm.status)), { services: 94, actions: 656, classes: 931, enums: 418, errors: 0 });

    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(file, later, later);
    const touched = await loadSchema({ source: file, cacheDir });
    assert.equal(touched.fromCache, false);
    assert.equal((await loadSchema({ source: file, cacheDir })).fromCache, true);
  });

  test('a relative path is resolved against baseDir', async () => {
    const r = await loadSchema({ source: 'schema.xml', baseDir: dir });
    assert.equal(r.status.kind, 'loaded');
    assert.equal(r.status.source, file);
  });

  test('a file that is not a schema → unavailable, with the reason', async () => {
    const html = path.join(dir, 'page.html');
    fs.writeFileSync(html, '<html><body>Not Found</body></html>');
    const r = await loadSchema({ source: html, cacheDir });
    assert.ok(problem(r.status).length > 0);
    assert.equal(r.fromCache, false);
  });

  test('a missing file → unavailable', async () => {
    const r = await loadSchema({ source: path.join(dir, 'missing.xml'), cacheDir });
    assert.match(problem(r.status), /not found/);
  });
});

describe('loadSchema from a URL', () => {
  let server: http.Server;
  let base: string;
  let cacheDir: string;
  const xml = () => fs.readFileSync(SCHEMA_2016);

  before(async () => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-schema-url-'));
    server = http.createServer((req, res) => {
      if (req.url === '/api_v3/api_schema.php') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(xml());
      } else if (req.url === '/big') {
        // No content-length: the limit must hold while reading the body.
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.write(Buffer.alloc(64 * 1024, 'x'));
        res.end(Buffer.alloc(64 * 1024, 'x'));
      } else if (req.url === '/silent') {
        // Never answers.
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('no such page');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  test('a schema served over HTTP loads, then answers from the cache, and refreshes on demand', async () => {
    const url = `${base}/api_v3/api_schema.php`;
    const first = await loadSchema({ source: url, cacheDir });
    assert.equal(first.fromCache, false);
    assert.equal(first.status.source, url);
    assert.deepEqual(counts(loadedSchema(first.status)), { services: 94, actions: 656, classes: 931, enums: 418, errors: 0 });
    const second = await loadSchema({ source: url, cacheDir });
    assert.equal(second.fromCache, true);
    assert.deepEqual(plain(loadedSchema(second.status)), plain(loadedSchema(first.status)));
    assert.equal((await loadSchema({ source: url, cacheDir, refresh: true })).fromCache, false);
  });

  test('HTTP 404 → unavailable', async () => {
    const r = await loadSchema({ source: `${base}/nothing-here`, cacheDir });
    assert.match(problem(r.status), /HTTP 404/);
  });

  test('a body over maxBytes → unavailable', async () => {
    const r = await loadSchema({ source: `${base}/big`, maxBytes: 100_000 });
    assert.match(problem(r.status), /over the 100000-byte limit/);
  });

  test('a server that never answers → unavailable after timeoutMs', async () => {
    const started = Date.now();
    const r = await loadSchema({ source: `${base}/silent`, timeoutMs: 300 });
    assert.match(problem(r.status), /no answer within/);
    assert.ok(Date.now() - started < 5_000, 'gave up soon after the timeout');
  });

  test('an abort signal stops the download', async () => {
    const controller = new AbortController();
    const pending = loadSchema({ source: `${base}/silent`, timeoutMs: 30_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const r = await pending;
    assert.match(problem(r.status), /cancelled/);
  });

  test('an unreachable server → unavailable with the network error', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await loadSchema({ source: `http://127.0.0.1:${port}/api_v3/api_schema.php` });
    assert.match(problem(r.status), /ECONNREFUSED/);
  });
});
