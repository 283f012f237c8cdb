/**
 * The exported code against the real client libraries: the TypeScript output type-checks against
 * kaltura-typescript-client (`tsc --noEmit`), the Node output runs with kaltura-client against an in-process sandbox
 * and gets what `kreq send` gets for the same block (compared by shape: objectType, totalCount, kinds of values — ids
 * differ), the Python output compiles (`python3 -m py_compile`; KalturaApiClient comes from PyPI, which this machine
 * and CI cannot reach, so it is not run), and the PHP output parses (`php -l`, skipped when php is not installed).
 */

import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../../server/src/sandbox/index';
import { realSchema } from '../support/realSchema';
import { REPO_ROOT } from '../support/repoPaths';
import { CASES, EXPORT_FIXTURES, exportCase, fixtureSettings, GENERATED_LANGUAGES } from './exportCases';

const WORK = path.join(REPO_ROOT, 'test-output', 'export');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
/** Fixtures whose services the sandbox does not have (no metadata plugin): type-checked, compiled and parsed only. */
const NOT_IN_SANDBOX: ReadonlySet<string> = new Set(['plugin-service']);
/** Asynchronous: the sandbox answers in this process, so a child process must not block its event loop. */
const run = promisify(execFile);

function onPath(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** What is compared between the library's result and `kreq send`'s: kinds, objectType, totalCount, list lengths, bytes uploaded. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return {
      objectType: record.objectType,
      ...('totalCount' in record ? { totalCount: record.totalCount } : {}),
      ...(Array.isArray(record.objects) ? { objects: record.objects.length } : {}),
      ...('code' in record ? { code: record.code } : {}),
      ...('uploadedFileSize' in record ? { uploadedFileSize: record.uploadedFileSize } : {}),
    };
  }
  return typeof value;
}

describe('exported code with the real client libraries', () => {
  before(() => {
    fs.rmSync(WORK, { recursive: true, force: true });
    fs.mkdirSync(WORK, { recursive: true });
  });

  test('TypeScript: every output type-checks against kaltura-typescript-client (tsc --noEmit)', () => {
    const dir = path.join(WORK, 'ts');
    fs.mkdirSync(dir, { recursive: true });
    const files = CASES.map((name) => {
      fs.writeFileSync(path.join(dir, `${name}.ts`), `${exportCase(name, 'ts')}export {};\n`);
      return `${name}.ts`;
    });
    const tsconfig = {
      compilerOptions: { strict: true, noEmit: true, target: 'es2020', module: 'esnext', moduleResolution: 'bundler', lib: ['es2020', 'dom'], types: ['node'], skipLibCheck: true },
      files,
    };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    const tsc = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' });
    assert.equal(tsc.status, 0, `tsc failed:\n${tsc.stdout}${tsc.stderr}`);
  });

  test('Python: every output compiles (python3 -m py_compile; not run: PyPI is not reachable here)', (t) => {
    if (!onPath('python3')) {
      t.skip('python3 is not installed');
      return;
    }
    const dir = path.join(WORK, 'python');
    fs.mkdirSync(dir, { recursive: true });
    for (const name of CASES) {
      const file = path.join(dir, `${name.replace(/-/g, '_')}.py`);
      fs.writeFileSync(file, exportCase(name, 'python'));
      const run = spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
      assert.equal(run.status, 0, `${name}: ${run.stderr}`);
    }
  });

  test('PHP: every output parses (php -l)', (t) => {
    if (!onPath('php')) {
      t.skip('php is not installed (apt-get install php-cli; CI installs it): the PHP output is not parsed');
      return;
    }
    const dir = path.join(WORK, 'php');
    fs.mkdirSync(dir, { recursive: true });
    for (const name of CASES) {
      const file = path.join(dir, `${name}.php`);
      fs.writeFileSync(file, exportCase(name, 'php'));
      const run = spawnSync('php', ['-l', file], { encoding: 'utf8' });
      assert.equal(run.status, 0, `${name}: ${run.stdout}${run.stderr}`);
    }
  });

  test('the languages tested are all the generated ones', () => {
    assert.deepEqual([...GENERATED_LANGUAGES], ['node', 'ts', 'python', 'php']);
  });
});

describe('Node output run with kaltura-client against the sandbox, compared with kreq send', () => {
  let sandbox: Sandbox;
  let folder: string;

  before(async () => {
    sandbox = await startSandbox({ schema: realSchema(), demoContent: true });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-export-'));
    fs.copyFileSync(path.join(EXPORT_FIXTURES, 'clip.txt'), path.join(folder, 'clip.txt'));
    const environment = {
      sandbox: {
        serviceUrl: sandbox.url,
        partnerId: SANDBOX_CREDENTIALS.partnerId,
        adminSecret: SANDBOX_CREDENTIALS.adminSecret,
        session: { type: 'ADMIN', userId: 'me@example.com' },
        userId: 'me@example.com',
        namePart: 'Ocean',
      },
    };
    fs.writeFileSync(path.join(folder, 'kreq.env.json'), JSON.stringify(environment, null, 2));
    fs.mkdirSync(path.join(WORK, 'node'), { recursive: true });
    // The library logs every request (with its KS) through console.log by default: quiet it, so stdout is the result.
    fs.writeFileSync(path.join(WORK, 'node', 'quiet.js'), "require('kaltura-client').ILogger.prototype.log = () => {};\n");
  });

  after(async () => {
    await sandbox?.close();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  for (const name of CASES.filter((c) => !NOT_IN_SANDBOX.has(c))) {
    // session-secret's file holds a fake `@adminSecret` (to prove it is not exported): `kreq send` gets the real one by --var.
    test(name, async (t) => {
      const env = { ...process.env, KALTURA_ADMIN_SECRET: SANDBOX_CREDENTIALS.adminSecret, KALTURA_PARTNER_ID: String(SANDBOX_CREDENTIALS.partnerId) };
      fs.copyFileSync(path.join(EXPORT_FIXTURES, `${name}.kreq`), path.join(folder, `${name}.kreq`));
      const send = await run(process.execPath, [CLI, 'send', `${name}.kreq`, '--env', 'sandbox', '--format', 'json', '--var', `adminSecret=${SANDBOX_CREDENTIALS.adminSecret}`], { cwd: folder, env, encoding: 'utf8' });
      const sent = JSON.parse(send.stdout) as { blocks: { calls: { result?: unknown; error?: { code: string } }[] }[] };
      const calls = sent.blocks[0].calls;
      const expected = calls.length === 1 ? shapeOf(calls[0].result ?? calls[0].error) : calls.map((c) => shapeOf(c.result ?? c.error));

      const script = path.join(WORK, 'node', `${name}.js`);
      fs.writeFileSync(script, exportCase(name, 'node', fixtureSettings(sandbox.url)));
      const exported = await run(process.execPath, ['-r', path.join(WORK, 'node', 'quiet.js'), script], { cwd: folder, env, encoding: 'utf8' }).catch(
        (error: { stdout?: string; stderr?: string }) => assert.fail(`${name}: ${error.stdout ?? ''}${error.stderr ?? ''}`),
      );
      const got = JSON.parse(exported.stdout) as unknown;
      assert.deepEqual(shapeOf(got), expected, `${name}: ${exported.stdout}`);
      t.diagnostic(`shape: ${JSON.stringify(expected)}`);
    });
  }
});
