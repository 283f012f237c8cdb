/**
 * `kreq check` end to end: runs the built `dist/cli.js` as a child process (after `npm run build`) on the bundled
 * examples and on small temporary files, and compares its output and exit codes.
 */

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, SCHEMA_22 } from '../support/repoPaths';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const CACHE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-cli-cache-'));
const WORK_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-cli-files-'));

after(() => {
  fs.rmSync(CACHE_DIR, { recursive: true, force: true });
  fs.rmSync(WORK_DIR, { recursive: true, force: true });
});

interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function kreq(args: readonly string[], cwd = REPO_ROOT): CliResult {
  const env: NodeJS.ProcessEnv = { ...process.env, KREQ_CACHE_DIR: CACHE_DIR };
  delete env.KREQ_SCHEMA;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function check(...args: string[]): CliResult {
  return kreq(['check', '--schema', SCHEMA_22, ...args]);
}

/** Writes `files` (relative path → text) under a fresh folder of WORK_DIR and returns the folder. */
function writeTree(name: string, files: Record<string, string>): string {
  const root = path.join(WORK_DIR, name);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** `file:line:col code` of each text output line. */
function lineColCodes(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const m = /^(.*):(\d+):(\d+): (error|warning|information|hint) ([a-z-]+): ./.exec(l);
      assert.ok(m, `not a finding line: ${l}`);
      return `${m[1]}:${m[2]}:${m[3]} ${m[5]}`;
    });
}

/** One line per mistake in examples/mistakes.kreq: each code once, where spec §6 places it. */
const MISTAKES = [
  '7:1 syntax',
  '11:1 unknown-service',
  '15:7 unknown-action',
  '21:1 unknown-param',
  '26:8 unknown-property',
  '30:1 missing-param',
  '36:1 duplicate-key',
  '41:18 type-mismatch',
  '46:25 invalid-enum',
  '52:1 abstract-type',
  '57:21 invalid-object-type',
  '63:7 read-only',
  '69:12 insert-only',
  '73:13 deprecated',
  '79:11 token-outside-multirequest',
  '86:12 token-bad-index',
  '93:21 token-bad-path',
  '101:19 token-multiple',
  '109:11 token-void-result',
  '116:7 not-in-multirequest',
  '122:19 unknown-variable',
  '128:13 file-not-found',
].map((s) => `examples/mistakes.kreq:${s}`);

describe('kreq check: the examples', () => {
  test('mistakes.kreq reports exactly one finding of each code, each under its explaining comment', () => {
    const r = check('examples/mistakes.kreq');
    assert.deepEqual(lineColCodes(r.stdout), MISTAKES);
    assert.equal(r.stderr, '1 file checked: 17 errors, 5 warnings\n');
    assert.equal(r.status, 1);
    const lines = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'mistakes.kreq'), 'utf8').split('\n');
    for (const finding of MISTAKES) {
      const line = Number(/:(\d+):/.exec(finding)![1]);
      assert.match(lines[line - 2], /^#/, `a comment stands above line ${line} (${finding})`);
    }
  });

  for (const name of ['flows.kreq', 'getting-started.kreq', 'multirequest.kreq', 'objects.kreq']) {
    test(`${name} checks clean (exit 0, no findings)`, () => {
      const r = check(`examples/${name}`);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, '1 file checked: 0 errors, 0 warnings\n');
      assert.equal(r.status, 0);
    });
  }

  test('the examples folder: every .kreq file, sorted', () => {
    const r = check('examples');
    assert.deepEqual(lineColCodes(r.stdout), MISTAKES.map((m) => m.replace('examples/', `examples${path.sep}`)));
    assert.equal(r.stderr, '5 files checked: 17 errors, 5 warnings\n');
    assert.equal(r.status, 1);
  });
});

describe('kreq check: JSON output', () => {
  test('an array of {file, range, severity, code, message} with 0-based LSP positions', () => {
    const text = check('examples/mistakes.kreq');
    const r = check('--format', 'json', 'examples/mistakes.kreq');
    assert.equal(r.status, 1);
    const findings = JSON.parse(r.stdout) as {
      file: string;
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      severity: string;
      code: string;
      message: string;
    }[];
    assert.equal(findings.length, MISTAKES.length);
    for (const f of findings) {
      assert.deepEqual(Object.keys(f), ['file', 'range', 'severity', 'code', 'message']);
      assert.equal(f.file, 'examples/mistakes.kreq');
      assert.ok(['error', 'warning', 'information', 'hint'].includes(f.severity));
      assert.ok(f.message.length > 0);
      assert.ok(f.range.end.line > f.range.start.line || f.range.end.character > f.range.start.character, `${f.code} has a non-empty range`);
    }
    // The same findings as the text output, one less on line and column.
    const asText = findings.map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code}`);
    assert.deepEqual(asText, lineColCodes(text.stdout));
    const syntax = findings[0];
    assert.deepEqual(syntax.range, { start: { line: 6, character: 0 }, end: { line: 6, character: 'list my media entries'.length } });
    assert.equal(syntax.severity, 'error');
    const unknownParam = findings.find((f) => f.code === 'unknown-param')!;
    assert.equal(unknownParam.severity, 'warning');
    assert.deepEqual(unknownParam.range, { start: { line: 20, character: 0 }, end: { line: 20, character: 'entryID'.length } });
  });

  test('a clean file gives an empty array', () => {
    const r = check('--format=json', 'examples/objects.kreq');
    assert.deepEqual(JSON.parse(r.stdout), []);
    assert.equal(r.status, 0);
  });

  test('columns count UTF-16 code units, as in LSP', () => {
    // `😀` is two UTF-16 code units: the bad variable starts at character 8 (column 9), not 7.
    const dir = writeTree('utf16', { 'emoji.kreq': '@v = 😀 {{$bogus}}\n' });
    const r = check('--format', 'json', path.join(dir, 'emoji.kreq'));
    const [finding] = JSON.parse(r.stdout) as { code: string; range: { start: { character: number } } }[];
    assert.equal(finding.code, 'syntax');
    assert.equal(finding.range.start.character, 8);
    assert.match(check(path.join(dir, 'emoji.kreq')).stdout, /emoji\.kreq:1:9: error syntax: /);
  });
});

describe('kreq check: exit codes and usage', () => {
  const badUsage: [string, string[], RegExp][] = [
    ['an unknown flag', ['check', '--bogus', 'examples/objects.kreq'], /unknown option --bogus/],
    ['a missing file', ['check', '--schema', SCHEMA_22, 'examples/no-such-file.kreq'], /no such file or folder: examples\/no-such-file\.kreq/],
    ['no files', ['check', '--schema', SCHEMA_22], /no files or folders given/],
    ['--schema without its value', ['check', 'examples/objects.kreq', '--schema'], /--schema needs a value/],
    ['an unknown format', ['check', '--format', 'xml', 'examples/objects.kreq'], /--format must be text or json/],
    ['an unknown command', ['lint', 'examples/objects.kreq'], /unknown command lint/],
    ['no command', [], /no command given/],
  ];
  for (const [what, args, message] of badUsage) {
    test(`${what} → exit 2 with a usage message on stderr`, () => {
      const r = kreq(args);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
      assert.match(r.stderr, /Usage: kreq check/);
    });
  }

  test('help and --version', () => {
    for (const args of [['--help'], ['help'], ['check', '--help']]) {
      const r = kreq(args);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /kreq check \[--schema <path\|url>\] \[--format text\|json\]/);
    }
    const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const r = kreq(['--version']);
    assert.equal(r.stdout, `${version}\n`);
    assert.equal(r.status, 0);
  });

  test('the version is found from another working folder', () => {
    assert.match(kreq(['--version'], os.tmpdir()).stdout, /^\d+\.\d+\.\d+/);
  });
});

describe('kreq check: schema unavailable', () => {
  const dir = writeTree('no-schema', {
    'clean.kreq': '### ok\nmedia.get\nentryId = 0_abc\n',
    'broken.kreq': 'media.get\nthis is not a line\n',
  });

  test('a syntax-clean file: one schema-unavailable information, exit 0', () => {
    const r = kreq(['check', '--schema', '/nonexistent.xml', path.join(dir, 'clean.kreq')]);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /clean\.kreq:1:1: information schema-unavailable: .*\/nonexistent\.xml/);
    assert.equal(r.stderr, '1 file checked: 0 errors, 0 warnings, 1 information\n');
    assert.equal(r.status, 0);
  });

  test('a file with a syntax error: still checked for syntax, exit 1', () => {
    const r = kreq(['check', '--schema', '/nonexistent.xml', path.join(dir, 'broken.kreq')]);
    assert.deepEqual(
      lineColCodes(r.stdout).map((l) => l.slice(dir.length + 1)),
      ['broken.kreq:1:1 schema-unavailable', 'broken.kreq:2:1 syntax'],
    );
    assert.equal(r.status, 1);
  });

  test('KREQ_SCHEMA is used when --schema is absent', () => {
    const env = { ...process.env, KREQ_CACHE_DIR: CACHE_DIR, KREQ_SCHEMA: '/also-nonexistent.xml' };
    const r = spawnSync(process.execPath, [CLI, 'check', path.join(dir, 'clean.kreq')], { env, encoding: 'utf8' });
    assert.match(r.stdout, /schema-unavailable: .*\/also-nonexistent\.xml/);
    assert.equal(r.status, 0);
  });
});

describe('kreq check: no schema named', () => {
  test('the snapshot bundled with kreq checks offline (an empty cache, no network needed)', () => {
    const r = spawnSync(process.execPath, [CLI, 'check', path.join(REPO_ROOT, 'examples', 'mistakes.kreq')], {
      env: { ...process.env, KREQ_CACHE_DIR: path.join(WORK_DIR, 'empty-cache'), KREQ_SCHEMA: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.doesNotMatch(r.stdout, /schema-unavailable/);
    assert.match(r.stdout, /unknown-action/);
    assert.equal(r.status, 1);
  });
});

describe('kreq check: folders', () => {
  test('walks folders for *.kreq, skipping node_modules and dot-folders; files sorted, each once', () => {
    writeTree('walk', {
      'b.kreq': 'oops b\n',
      'a.kreq': 'oops a\n',
      'sub/deeper/c.kreq': 'oops c\n',
      'sub/notes.txt': 'oops txt\n',
      'node_modules/pkg/d.kreq': 'oops d\n',
      '.hidden/e.kreq': 'oops e\n',
    });
    const r = kreq(['check', '--schema', SCHEMA_22, 'walk', 'walk/a.kreq'], WORK_DIR);
    assert.deepEqual(lineColCodes(r.stdout), [
      `walk${path.sep}a.kreq:1:1 syntax`,
      `walk${path.sep}b.kreq:1:1 syntax`,
      `walk${path.sep}sub${path.sep}deeper${path.sep}c.kreq:1:1 syntax`,
    ]);
    assert.equal(r.stderr, '3 files checked: 3 errors, 0 warnings\n');
    assert.equal(r.status, 1);
  });

  test('a file named on the command line is checked whatever its extension', () => {
    const dir = writeTree('named', { 'requests.txt': 'oops\n' });
    const r = kreq(['check', '--schema', SCHEMA_22, 'requests.txt'], dir);
    assert.deepEqual(lineColCodes(r.stdout), ['requests.txt:1:1 syntax']);
  });

  test('a folder without .kreq files: nothing to report, exit 0', () => {
    const dir = writeTree('empty', { 'readme.md': '# nothing\n' });
    const r = kreq(['check', '--schema', SCHEMA_22, dir]);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '0 files checked: 0 errors, 0 warnings\n');
    assert.equal(r.status, 0);
  });
});
