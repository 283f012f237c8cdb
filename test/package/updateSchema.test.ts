/** `npm run update-schema`: a newer schema from a file is vendored gzipped beside the old one, and what changed is printed. */

import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { REPO_ROOT, SCHEMA_22 } from '../support/repoPaths';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'update-schema.mjs');
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-update-schema-'));
after(() => fs.rmSync(folder, { recursive: true, force: true }));

function run(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: folder, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run update-schema', () => {
  test('vendors a newer schema from a file and prints the services, actions, classes and enums added and removed', () => {
    const snapshots = path.join(folder, 'schemas');
    fs.mkdirSync(snapshots);
    const current = fs.readFileSync(SCHEMA_22, 'utf8');
    fs.writeFileSync(path.join(snapshots, 'kaltura-api-schema-22.19.0.xml.gz'), zlib.gzipSync(current));
    // 22.20.0: without the `adminUser` service, with a new class, enum and action.
    const newer = current
      .replace('apiVersion="22.19.0"', 'apiVersion="22.20.0"')
      .replace(/<service id="adminuser"[\s\S]*?<\/service>/, '')
      .replace('<classes>', '<classes>\n    <class name="KalturaBrandNewThing" description="new"><property name="id" type="string" description=""/></class>')
      .replace('<enums>', '<enums>\n    <enum name="KalturaBrandNewEnum" enumType="int"><const name="ONE" value="1"/></enum>')
      .replace(/(<service id="system"[^>]*>\s*<action )/, '$1name="brandNewAction" enableInMultiRequest="1"><result/></action>\n      <action ');
    const source = path.join(folder, 'api_schema.xml');
    fs.writeFileSync(source, newer);
    const r = run([source, '--dir', snapshots]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'kaltura-api-schema-22.19.0.xml.gz (22.19.0) → kaltura-api-schema-22.20.0.xml.gz (22.20.0)');
    assert.ok(lines.includes('services: +0 −1') && lines.includes('  − adminUser'), r.stdout);
    assert.ok(lines.includes('classes: +1 −0') && lines.includes('  + KalturaBrandNewThing'), r.stdout);
    assert.ok(lines.includes('enums: +1 −0') && lines.includes('  + KalturaBrandNewEnum'), r.stdout);
    assert.ok(lines.includes('  + system.brandNewAction') && lines.includes('  − adminUser.login'), r.stdout);
    const written = path.join(snapshots, 'kaltura-api-schema-22.20.0.xml.gz');
    assert.equal(zlib.gunzipSync(fs.readFileSync(written)).toString('utf8'), newer);
    assert.ok(fs.existsSync(path.join(snapshots, 'kaltura-api-schema-22.19.0.xml.gz')), 'the pinned snapshot stays');
  });

  test('refuses what is not a Kaltura schema, and bad usage', () => {
    const junk = path.join(folder, 'junk.xml');
    fs.writeFileSync(junk, '<html><body>not a schema</body></html>');
    const r = run([junk, '--dir', folder]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /not a Kaltura API schema/);
    assert.equal(run([]).status, 2);
    assert.equal(run(['a', 'b']).status, 2);
  });
});
