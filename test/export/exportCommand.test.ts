/**
 * `kreq export` end to end: the built `dist/cli.js` (after `npm run build`) prints a block as code — the same text as
 * the generator's fixtures for the same environment — or as cURL with secrets masked, and refuses bad usage with exit 2.
 */

import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, SCHEMA_22 } from '../support/repoPaths';
import { ENVIRONMENT_SECRET, EXPORT_FIXTURES, expectedPath } from './exportCases';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const run = promisify(execFile);

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let folder = '';

async function kreq(...args: string[]): Promise<Outcome> {
  const env = { ...process.env, KALTURA_PARTNER_ID: '100' };
  try {
    const done = await run(process.execPath, [CLI, ...args], { cwd: folder, env, encoding: 'utf8' });
    return { code: 0, stdout: done.stdout, stderr: done.stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('kreq export', () => {
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-export-cli-'));
    for (const f of fs.readdirSync(EXPORT_FIXTURES)) if (!f.endsWith('.txt') || f === 'clip.txt') fs.copyFileSync(path.join(EXPORT_FIXTURES, f), path.join(folder, f));
    // The environment the fixtures are written for (exportCases.ts fixtureSettings).
    const environment = {
      sandbox: {
        serviceUrl: 'http://127.0.0.1:8765',
        partnerId: 100,
        adminSecret: ENVIRONMENT_SECRET,
        session: { type: 'ADMIN', userId: 'me@example.com' },
        userId: 'me@example.com',
        namePart: 'Ocean',
        pageSize: 5,
        secretWord: 'never-exported-variable',
      },
    };
    fs.writeFileSync(path.join(folder, 'kreq.env.json'), JSON.stringify(environment, null, 2));
    fs.writeFileSync(path.join(folder, 'two-blocks.kreq'), '### one\nmedia.list\n\n### two\nbaseEntry.get\nentryId = 0_abc\n');
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  for (const [name, language] of [
    ['object-enums', 'node'],
    ['multirequest-tokens', 'ts'],
    ['file-upload', 'python'],
    ['session-secret', 'php'],
  ] as const) {
    test(`${name} --lang ${language} prints the fixture's code`, async () => {
      const out = await kreq('export', `${name}.kreq`, '--lang', language, '--env', 'sandbox', '--schema', SCHEMA_22);
      assert.equal(out.code, 0, out.stderr);
      assert.equal(out.stdout, fs.readFileSync(expectedPath(name, language), 'utf8'));
    });
  }

  test('--lang curl prints the cURL command, secrets masked', async () => {
    const out = await kreq('export', 'session-secret.kreq', '--lang', 'curl', '--env', 'sandbox', '--schema', SCHEMA_22);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^curl -X POST 'http:\/\/127\.0\.0\.1:8765\/api_v3\/service\/session\/action\/start'/);
    assert.ok(!out.stdout.includes('do-not-export-this-secret'), out.stdout);
    assert.match(out.stdout, /secret=\*\*\*/);
  });

  test('--block N picks a block of a file with several', async () => {
    const out = await kreq('export', 'two-blocks.kreq', '--block', '2', '--lang', 'python', '--schema', SCHEMA_22);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /result = client\.baseEntry\.get\("0_abc"\)/);
  });

  for (const [args, message] of [
    [['export', 'single-call.kreq'], /export needs --lang node\|ts\|python\|php\|curl/],
    [['export', 'single-call.kreq', '--lang', 'java'], /--lang must be one of node, ts, python, php, curl, not "java"/],
    [['export', 'two-blocks.kreq', '--lang', 'node'], /has 2 blocks: choose one with --block N/],
    [['export', 'two-blocks.kreq', '--lang', 'node', '--block', '3'], /has no block 3/],
    [['export', '--lang', 'node'], /export needs a \.kreq file/],
  ] as const) {
    test(`usage: ${args.slice(1).join(' ')}`, async () => {
      const out = await kreq(...args, '--schema', SCHEMA_22);
      assert.equal(out.code, 2, out.stdout);
      assert.match(out.stderr, message);
    });
  }
});
