/**
 * The packaged extension: packs a `.vsix` from the built dist/ with vsce (or takes `KREQ_VSIX`), then checks its
 * file list, size and manifest, that its bundles run on their own, and that it installs into code-server,
 * activates on a `.kreq` file and completes.
 */

import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { editorsRequired } from '../editors/editorRun';
import { REPO_ROOT } from '../support/repoPaths';
import {
  CODE_SERVER_VERSION, codeServerCli, codeServerMissing, installedVsCodeVersion, makeProfile, openFile, startEditor,
  suggestLabels,
} from './codeServerVsix';
import { zipEntries, zipEntryData, type ZipEntry } from './zipEntries';

/** Everything the extension needs at run time; the README's images are added from its relative image links. */
const RUNTIME_FILES = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/readme.md',
  'extension/package.json',
  'extension/language-configuration.json',
  'extension/syntaxes/kreq.tmLanguage.json',
  'extension/syntaxes/kreq-response.tmLanguage.json',
  'extension/schemas/kreq-env.schema.json',
  'extension/images/icon.png',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/cli.js',
  'extension/dist/re2js.js',
  'extension/dist/kaltura-schema.json',
  'extension/dist/kaltura-schema.xml',
];

/**
 * The cap on the compressed .vsix. Measured: 1.38 MB from `npm run package` (minified), 1.61 MB from a development
 * build; the schema snapshot (JSON and XML) is most of it. Dependencies or source maps would pass it.
 */
const MAX_VSIX_BYTES = 2.5 * 1024 * 1024;

/** The Marketplace's categories (https://code.visualstudio.com/api/references/extension-manifest). */
const MARKETPLACE_CATEGORIES = new Set(['AI', 'Azure', 'Chat', 'Data Science', 'Debuggers', 'Education', 'Extension Packs',
  'Formatters', 'Keymaps', 'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Other', 'Programming Languages',
  'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization']);

interface Setting {
  readonly type?: string;
  readonly default?: unknown;
  readonly description?: string;
  readonly markdownDescription?: string;
}
interface Manifest {
  readonly [field: string]: unknown;
  readonly name: string;
  readonly publisher: string;
  readonly version: string;
  readonly engines: { readonly vscode: string };
  readonly contributes: { readonly configuration: { readonly properties: Record<string, Setting> } };
  readonly devDependencies?: Record<string, string>;
}

function versionParts(version: string): number[] {
  const match = /(\d+)\.(\d+)\.(\d+)/.exec(version);
  assert.ok(match, `not a version: ${version}`);
  return match.slice(1).map(Number);
}
function compareVersions(a: string, b: string): number {
  const [pa, pb] = [versionParts(a), versionParts(b)];
  for (let index = 0; index < 3; index++) if (pa[index] !== pb[index]) return pa[index] - pb[index];
  return 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Relative image links of the repository's README (`![…](docs/images/x.png)`). */
function readmeImages(): string[] {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map(match => match[1]).filter(link => !/^\w+:/.test(link));
}

/** Packs the repository's built extension like `vsce package --no-dependencies`, minus the `vscode:prepublish` build. */
function packVsix(out: string): void {
  // The prepublish step would rebuild dist/ (minified) under the other tests' feet: pack what `npm run build` made.
  const vscePackage = createRequire(path.join(REPO_ROOT, 'package.json')).resolve('@vscode/vsce/out/package');
  const script = 'require(process.argv[1]).pack({ cwd: process.argv[2], packagePath: process.argv[3], dependencies: false })'
    + '.catch(error => { console.error(error.message); process.exit(1); })';
  const run = spawnSync(process.execPath, ['-e', script, vscePackage, REPO_ROOT, out], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `vsce pack failed:\n${run.stdout}${run.stderr}`);
}

describe('the packaged extension (.vsix)', () => {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-vsix-'));
  /** The .vsix unpacked, away from any node_modules. */
  const unpacked = path.join(tempDir, 'unpacked');
  let vsixPath = '';
  let archive: Buffer;
  let entries: ZipEntry[] = [];
  let manifest: Manifest;
  const entry = (name: string): Buffer => {
    const found = entries.find(candidate => candidate.name === name);
    assert.ok(found, `${name} is not in the .vsix`);
    return zipEntryData(archive, found);
  };

  before(() => {
    vsixPath = process.env.KREQ_VSIX ? path.resolve(process.env.KREQ_VSIX) : path.join(tempDir, 'kreq.vsix');
    if (!process.env.KREQ_VSIX) packVsix(vsixPath);
    archive = fs.readFileSync(vsixPath);
    entries = zipEntries(archive);
    manifest = JSON.parse(entry('extension/package.json').toString('utf8')) as Manifest;
    for (const file of entries) {
      fs.mkdirSync(path.dirname(path.join(unpacked, file.name)), { recursive: true });
      fs.writeFileSync(path.join(unpacked, file.name), zipEntryData(archive, file));
    }
  });
  after(() => fs.rmSync(tempDir, { recursive: true, force: true, maxRetries: 3 }));

  test('holds exactly the run-time files and the images of the README', () => {
    const expected = [...RUNTIME_FILES, ...readmeImages().map(image => `extension/${path.posix.normalize(image)}`)];
    assert.deepEqual(entries.map(candidate => candidate.name).sort(), expected.sort());
  });

  test('holds no dependencies, sources, tests or source maps', () => {
    const unwanted = entries.map(candidate => candidate.name)
      .filter(name => /(^|\/)node_modules\/|\.map$|\.ts$|^extension\/(test|out|server|client|scripts|examples|\.ci|\.vscode)\//.test(name));
    assert.deepEqual(unwanted, []);
  });

  test(`is smaller than ${MAX_VSIX_BYTES / 1024 / 1024} MB`, t => {
    const size = fs.statSync(vsixPath).size;
    t.diagnostic(`${path.basename(vsixPath)}: ${(size / 1024 / 1024).toFixed(2)} MB, ${entries.length} files`);
    assert.ok(size < MAX_VSIX_BYTES, `${size} bytes`);
  });

  test('has a marketplace-ready manifest', () => {
    for (const field of ['name', 'displayName', 'description', 'publisher', 'version', 'license', 'homepage']) {
      assert.ok(typeof manifest[field] === 'string' && manifest[field], `${field} is missing`);
    }
    assert.equal(manifest.license, 'MIT');
    assert.match((manifest.repository as { url?: string }).url ?? '', /^https:\/\//);
    assert.match((manifest.bugs as { url?: string }).url ?? '', /^https:\/\//);
    const categories = manifest.categories as string[];
    assert.ok(categories.length > 0 && categories.every(category => MARKETPLACE_CATEGORIES.has(category)), `categories ${categories}`);
    const keywords = manifest.keywords as string[];
    assert.ok(keywords.length > 0 && keywords.length <= 30, `${keywords.length} keywords`);
    assert.deepEqual(manifest.activationEvents, ['onLanguage:kreq']);
    assert.equal(manifest.main, './dist/extension.js');
    entry('extension/dist/extension.js');
    // The icon: a PNG of at least 128×128 pixels, inside the package.
    const icon = entry(`extension/${manifest.icon as string}`);
    assert.equal(icon.toString('latin1', 1, 4), 'PNG');
    assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128, 'icon smaller than 128×128');
    assert.equal((manifest.galleryBanner as { theme?: string }).theme, 'dark');
  });

  test(`engines.vscode accepts the VS Code of code-server ${CODE_SERVER_VERSION} and the @types/vscode in use`, () => {
    const minimum = manifest.engines.vscode.replace(/^\^/, '');
    const [, minor, patch] = versionParts(CODE_SERVER_VERSION); // code-server 4.X.Y ships VS Code 1.X.Y
    assert.ok(compareVersions(minimum, `1.${minor}.${patch}`) <= 0, `${minimum} is newer than code-server's VS Code 1.${minor}.${patch}`);
    if (!codeServerMissing()) assert.ok(compareVersions(minimum, installedVsCodeVersion()) <= 0);
    const types = manifest.devDependencies?.['@types/vscode'] ?? '';
    assert.ok(compareVersions(types.replace(/^[\^~]/, ''), minimum) <= 0, `@types/vscode ${types} is newer than the engine`);
  });

  test('documents every setting with a description and a default, in package.json and the README', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const settings = Object.entries(manifest.contributes.configuration.properties);
    assert.ok(settings.length > 0);
    for (const [key, setting] of settings) {
      assert.ok(setting.description || setting.markdownDescription, `${key} has no description`);
      assert.ok('default' in setting, `${key} has no default`);
      const shown = typeof setting.default === 'string' && setting.default !== '' ? setting.default : JSON.stringify(setting.default);
      assert.ok(readme.includes(`| \`${key}\` | \`${shown}\` |`), `the README's settings table has no row "| \`${key}\` | \`${shown}\` |"`);
    }
  });

  test('its vsixmanifest lists the icon, the license, the changelog and the engine', () => {
    const vsixManifest = entry('extension.vsixmanifest').toString('utf8');
    for (const expected of [
      '<Asset Type="Microsoft.VisualStudio.Services.Icons.Default" Path="extension/images/icon.png"',
      '<Asset Type="Microsoft.VisualStudio.Services.Content.License" Path="extension/LICENSE.txt"',
      '<Asset Type="Microsoft.VisualStudio.Services.Content.Changelog" Path="extension/changelog.md"',
      `<Property Id="Microsoft.VisualStudio.Code.Engine" Value="${manifest.engines.vscode}" />`,
    ]) assert.ok(vsixManifest.includes(expected), `no ${expected}`);
    assert.match(entry('extension/changelog.md').toString('utf8'), new RegExp(`^## \\[${escapeRegExp(manifest.version)}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
  });

  test('its bundles require only Node built-ins (and vscode, in the extension; RE2 from beside them)', () => {
    const builtins = new Set(builtinModules);
    for (const bundle of ['extension', 'server', 'cli']) {
      const text = entry(`extension/dist/${bundle}.js`).toString('utf8');
      const required = new Set([...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map(match => match[1]));
      // `./re2js.js` is RE2, shipped beside the bundles and required on the first `matches` assertion.
      const outside = [...required].filter(name => !name.startsWith('node:') && !builtins.has(name) && name !== './re2js.js' && !(bundle === 'extension' && name === 'vscode'));
      assert.deepEqual(outside, [], `dist/${bundle}.js requires modules that are not in the .vsix`);
    }
  });

  test('its CLI, unpacked away from node_modules, checks the examples offline like the repository build', () => {
    // The default schema (no KREQ_SCHEMA), answered by the snapshot beside the bundle (no KREQ_BUNDLED_SCHEMA).
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: path.join(tempDir, 'cache') };
    delete env.KREQ_SCHEMA;
    delete env.KREQ_BUNDLED_SCHEMA;
    const check = (cli: string) => {
      const run = spawnSync(process.execPath, [cli, 'check', '--format', 'json', path.join(REPO_ROOT, 'examples')],
        { encoding: 'utf8', env, timeout: 30_000 });
      assert.ok(run.status === 0 || run.status === 1, `${cli} exited with ${run.status}: ${run.stderr}`);
      return JSON.parse(run.stdout) as Array<{ code: string }>;
    };
    const packaged = check(path.join(unpacked, 'extension', 'dist', 'cli.js'));
    assert.ok(packaged.length > 0, 'examples/mistakes.kreq has findings');
    assert.deepEqual(packaged.filter(finding => finding.code === 'schema-unavailable'), []);
    assert.deepEqual(packaged, check(path.join(REPO_ROOT, 'dist', 'cli.js')));
  });

  test('its CLI, unpacked, serves `kreq sandbox` from the bundled schema XML', async () => {
    const cli = path.join(unpacked, 'extension', 'dist', 'cli.js');
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.KREQ_SCHEMA;
    const sandbox = spawn(process.execPath, [cli, 'sandbox', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`no sandbox URL after 15 s: ${output}`)), 15_000);
        const collect = (chunk: Buffer) => {
          output += chunk.toString('utf8');
          const match = /Kaltura sandbox on (http:\/\/\S+)/.exec(output);
          if (match) { clearTimeout(timer); resolve(match[1]); }
        };
        sandbox.stdout.on('data', collect);
        sandbox.stderr.on('data', collect);
        sandbox.once('exit', code => { clearTimeout(timer); reject(new Error(`sandbox exited with ${code}: ${output}`)); });
      });
      const schema = await (await fetch(`${url}/api_v3/api_schema.php`)).text();
      assert.equal(schema, entry('extension/dist/kaltura-schema.xml').toString('utf8'));
    } finally {
      sandbox.kill();
    }
  });

  test('installs into code-server, activates on a .kreq file and completes `media.` with `list`', { timeout: 150_000 }, async t => {
    const missing = codeServerMissing();
    if (missing) {
      if (editorsRequired()) assert.fail(missing);
      t.skip(missing);
      return;
    }
    const started = Date.now();
    const steps: string[] = [];
    const step = (name: string) => steps.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const profile = makeProfile(path.join(tempDir, 'code-server'));
    assert.match(codeServerCli(profile, ['--install-extension', vsixPath]), /successfully installed/i);
    const id = `${manifest.publisher}.${manifest.name}`;
    assert.match(codeServerCli(profile, ['--list-extensions', '--show-versions']), new RegExp(`^${escapeRegExp(`${id}@${manifest.version}`)}$`, 'm'));
    const installed = path.join(profile.extensionsDir, `${id}-${manifest.version}`);
    assert.ok(fs.existsSync(path.join(installed, 'dist', 'server.js')), `${installed} has no dist/server.js`);
    assert.ok(!fs.existsSync(path.join(installed, 'node_modules')), 'the installed extension has node_modules');
    step('installed');

    const workspace = path.join(tempDir, 'workspace');
    fs.cpSync(path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });
    const editor = await startEditor(profile, workspace);
    const { page } = editor;
    step('workbench ready');
    try {
      await openFile(page, 'mistakes.kreq');
      step('file open');
      await page.waitForSelector('#status\\.editor\\.mode:has-text("Kreq")', { timeout: 20_000 });
      // Squiggles come only from the language server: the extension activated and started it.
      await page.waitForSelector('.editor-instance .squiggly-error', { timeout: 30_000 });
      step('squiggles');

      await openFile(page, 'getting-started.kreq');
      await page.click('.editor-instance .view-lines');
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await page.keyboard.type('media.li');
      await page.keyboard.press('Control+Space');
      const labels = await suggestLabels(page);
      assert.ok(labels.includes('list'), `suggestions after "media.li": ${labels.join(', ')}`);
      step('completed');
      t.diagnostic(steps.join(', '));
    } catch (error) {
      const shot = path.join(REPO_ROOT, 'test-output', 'package', 'vsix-in-code-server-failed.png');
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => undefined);
      const log = fs.readFileSync(path.join(profile.tempDir, 'code-server.log'), 'utf8').split('\n').slice(-20).join('\n');
      throw new Error(`${(error as Error).message}\n(screenshot ${shot})\n--- code-server log ---\n${log}`);
    } finally {
      await editor.stop();
    }
  });
});
