/** `kreq import` end to end: runs the built `dist/cli.js` (after `npm run build`) with text on stdin; stdout, stderr and exit codes as data. */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT, SCHEMA_22 } from '../support/repoPaths';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly stdin: string;
  readonly code: number;
  readonly stdout?: string;
  /** Text stderr must contain. */
  readonly stderr?: string;
}

const CASES: Case[] = [
  {
    name: 'a URL on stdin: the block on stdout, the notes on stderr',
    args: ['import', '--schema', SCHEMA_22],
    stdin: 'https://www.kaltura.com/api_v3/service/BASEENTRY/action/GET?entryId=0_a&ks=CLIKSVALUE00001&format=1\n',
    code: 0,
    stdout:
      '### baseEntry.get (imported from a URL)\n# from https://www.kaltura.com\n' +
      '# @prompt ks the KS (not kept in this file)\n' +
      "# (or delete that prompt and the ks line to use the environment's session)\n" +
      'baseEntry.get\nentryId = 0_a\nks = {{ks}}\n',
    stderr: 'kreq import: note: Credentials were replaced by {{ks}}',
  },
  { name: 'text that is not importable: exit 1 and why', args: ['import'], stdin: 'hello\n', code: 1, stdout: '', stderr: 'kreq import: Not a cURL command' },
  { name: 'nothing on stdin: a usage error', args: ['import'], stdin: '', code: 2, stdout: '', stderr: 'nothing on standard input' },
  { name: 'an unknown option: a usage error', args: ['import', '--nope'], stdin: 'x', code: 2, stdout: '', stderr: 'unknown option --nope' },
  { name: 'help lists import', args: ['import', '--help'], stdin: '', code: 0, stderr: '' },
];

describe('kreq import (CLI)', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const r = spawnSync(process.execPath, [CLI, ...c.args], { input: c.stdin, encoding: 'utf8', timeout: 60_000, env: { ...process.env, KREQ_SCHEMA: '' } });
      assert.equal(r.status, c.code, r.stderr);
      if (c.stdout !== undefined) assert.equal(r.stdout, c.stdout);
      if (c.stderr) assert.ok(r.stderr.includes(c.stderr), r.stderr);
      if (c.args.includes('--help')) assert.match(r.stdout, /kreq import \[--schema/);
      assert.ok(!r.stdout.includes('CLIKSVALUE00001') && !r.stderr.includes('CLIKSVALUE00001'), 'the KS leaked');
    });
  }
});
