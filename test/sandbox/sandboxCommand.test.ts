/** `kreq sandbox` in-process: starts on a free port, answers, stops on the abort signal; usage errors and exit codes. */

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSandbox, type SandboxCommandIo } from '../../server/src/cli/sandboxCommand';
import type { Sandbox } from '../../server/src/sandbox/index';
import { SCHEMA_22 } from '../support/repoPaths';

const CACHE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-sandbox-cli-'));
after(() => fs.rmSync(CACHE_DIR, { recursive: true, force: true }));

function io(extra: Partial<SandboxCommandIo> = {}): { io: Partial<SandboxCommandIo>; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: CACHE_DIR, env: { KREQ_CACHE_DIR: CACHE_DIR }, ...extra }, out, err };
}

describe('kreq sandbox', () => {
  test('starts, answers, and stops when aborted', async () => {
    const stop = new AbortController();
    let ping = '';
    let schemaServed = false;
    const run = io({
      signal: stop.signal,
      onListening: (sandbox: Sandbox) => {
        void (async () => {
          ping = await (await fetch(`${sandbox.url}/api_v3/service/system/action/ping?format=1`)).text();
          schemaServed = (await (await fetch(`${sandbox.url}/api_v3/api_schema.php`)).text()).startsWith('<?xml');
          stop.abort();
        })();
      },
    });
    const code = await runSandbox(['--schema', SCHEMA_22, '--port', '0'], run.io);
    assert.equal(code, 0);
    assert.equal(ping, 'true');
    assert.ok(schemaServed);
    assert.match(run.out[0], /^Kaltura sandbox on http:\/\/127\.0\.0\.1:\d+ \(partner 100, admin secret sandbox-admin-secret, user secret sandbox-user-secret\)\n$/);
    assert.equal(run.out.at(-1), 'Kaltura sandbox stopped.\n');
    assert.deepEqual(run.err, []);
  });

  const failures: [string, string[], number, RegExp][] = [
    ['unknown option', ['--schema', SCHEMA_22, '--nope'], 2, /^kreq sandbox: unknown argument --nope\n/],
    ['bad port', ['--schema', SCHEMA_22, '--port', 'x'], 2, /^kreq sandbox: --port must be a number from 0 to 65535, not "x"\n/],
    ['bad conversion time', ['--schema', SCHEMA_22, '--convert-seconds', '-1'], 2, /^kreq sandbox: --convert-seconds must be a number of seconds from 0, not "-1"\n/],
    ['no schema', [], 2, /^kreq sandbox: --schema is required/],
    ['missing schema file', ['--schema', 'nope.xml', '--port', '0'], 1, /^kreq sandbox: file not found: .*nope\.xml\n$/],
  ];
  for (const [name, argv, expectedCode, message] of failures) {
    test(name, async () => {
      const run = io();
      assert.equal(await runSandbox(argv, run.io), expectedCode);
      assert.match(run.err.join(''), message);
    });
  }

  test('--help prints the usage', async () => {
    const run = io();
    assert.equal(await runSandbox(['--help'], run.io), 0);
    assert.match(run.out.join(''), /^Usage: kreq sandbox \[--schema <path\|url>\] \[--port N\]/);
    assert.match(run.out.join(''), /--convert-seconds N {3}An entry whose content was just attached is PRECONVERT \(1\) for N seconds/);
  });

  /** The status addContent answers in a sandbox started with `argv`. */
  async function statusAfterAddContent(argv: readonly string[]): Promise<unknown> {
    const stop = new AbortController();
    let status: unknown;
    let failure: unknown;
    const run = io({
      signal: stop.signal,
      onListening: (sandbox: Sandbox) => {
        void (async () => {
          const call = async (service: string, action: string, fields: Record<string, string> | FormData) => {
            const body = fields instanceof FormData ? fields : new URLSearchParams({ format: '1', ...fields });
            if (fields instanceof FormData) body.set('format', '1');
            return (await (await fetch(`${sandbox.url}/api_v3/service/${service}/action/${action}`, { method: 'POST', body })).json()) as Record<string, unknown>;
          };
          const ks = String(await call('session', 'start', { secret: 'sandbox-admin-secret', partnerId: '100', type: '2' }));
          const token = await call('uploadToken', 'add', { ks });
          const upload = new FormData();
          upload.set('ks', ks);
          upload.set('uploadTokenId', String(token.id));
          upload.set('fileData', new Blob(['x']), 'x.mp4');
          await call('uploadToken', 'upload', upload);
          const entry = await call('media', 'add', { ks, 'entry:mediaType': '1' });
          const attached = await call('media', 'addContent', { ks, entryId: String(entry.id), 'resource:objectType': 'KalturaUploadedFileTokenResource', 'resource:token': String(token.id) });
          status = attached.status;
        })()
          .catch((e: unknown) => (failure = e))
          .finally(() => stop.abort());
      },
    });
    assert.equal(await runSandbox(['--schema', SCHEMA_22, '--port', '0', ...argv], run.io), 0);
    if (failure) throw failure;
    return status;
  }

  /** What a sandbox started with `argv` lists (entry ids, category names, user ids) and the lines it printed. */
  async function contentOf(argv: readonly string[]): Promise<{ entries: unknown[]; categories: unknown[]; users: unknown[]; out: string }> {
    const stop = new AbortController();
    const seen: { entries: unknown[]; categories: unknown[]; users: unknown[] } = { entries: [], categories: [], users: [] };
    let failure: unknown;
    const run = io({
      signal: stop.signal,
      onListening: (sandbox: Sandbox) => {
        void (async () => {
          const call = async (service: string, action: string, fields: Record<string, string>) =>
            (await (await fetch(`${sandbox.url}/api_v3/service/${service}/action/${action}`, { method: 'POST', body: new URLSearchParams({ format: '1', ...fields }) })).json()) as {
              objects: Array<Record<string, unknown>>;
            };
          const ks = String(await call('session', 'start', { secret: 'sandbox-admin-secret', partnerId: '100', type: '2' }));
          seen.entries = (await call('media', 'list', { ks })).objects.map((e) => e.id);
          seen.categories = (await call('category', 'list', { ks })).objects.map((c) => c.name);
          seen.users = (await call('user', 'list', { ks })).objects.map((u) => u.id);
        })()
          .catch((e: unknown) => (failure = e))
          .finally(() => stop.abort());
      },
    });
    assert.equal(await runSandbox(['--schema', SCHEMA_22, '--port', '0', ...argv], run.io), 0);
    if (failure) throw failure;
    return { ...seen, out: run.out.join('') };
  }

  test('starts with the demo content; --empty starts without', async () => {
    const demo = await contentOf([]);
    assert.deepEqual(demo.entries, ['0_sandbox5', '0_sandbox4', '0_sandbox3', '0_sandbox2', '0_sandbox1']);
    assert.deepEqual(demo.categories, ['Demo']);
    assert.deepEqual(demo.users, ['demo@example.com']);
    assert.match(demo.out, /\nDemo content: entries 0_sandbox1…0_sandbox5, category 1 "Demo", user demo@example\.com \(--empty starts without\)\.\n/);
    const empty = await contentOf(['--empty']);
    assert.deepEqual([empty.entries, empty.categories, empty.users], [[], [], []]);
    assert.match(empty.out, /\nStarted empty \(--empty\): no entries, categories or users\.\n/);
  });

  test('--help describes the demo content and --empty', async () => {
    const run = io();
    assert.equal(await runSandbox(['--help'], run.io), 0);
    assert.match(run.out.join(''), /It starts with demo content: READY entries 0_sandbox1…0_sandbox5/);
    assert.match(run.out.join(''), /\n {2}--empty {15}Start without the demo content/);
  });

  test('entries convert for 2 s by default; --convert-seconds 0 makes them READY at once', async () => {
    assert.equal(await statusAfterAddContent([]), 1);
    assert.equal(await statusAfterAddContent(['--convert-seconds', '0']), 2);
  });
});
