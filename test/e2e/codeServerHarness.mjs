// Runs the built extension in a real VS Code: code-server (installed by scripts/install-code-server.sh) on a free
// loopback port, with isolated profile folders, driven through headless Debian chromium by playwright-core.
//
//   const session = await start({ workspace, settings, env });   // code-server + extension + browser, workbench ready
//   await openFile('a.kreq');                     // Quick Open, waits for the active tab and its text
//   await screenshot('test-output/e2e/a.png');
//   await stop();                                 // closes the browser, kills code-server's process group
//
// Environment: KREQ_CODE_SERVER_DIR (the install cache), CHROMIUM (default /usr/bin/chromium),
// KREQ_E2E_KEEP=1 keeps the temporary folder (profile, logs) after stop() for debugging.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CODE_SERVER_DIR = process.env.KREQ_CODE_SERVER_DIR || path.join(os.homedir(), '.cache', 'kreq-code-server');
const CODE_SERVER_BIN = path.join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** The files of the repository that make up the installed extension (dist/ is bundled: no node_modules). */
const EXTENSION_FILES = ['package.json', 'dist', 'syntaxes', 'schemas', 'language-configuration.json', 'README.md'];

/**
 * User settings: no welcome page stealing focus, no network, Ctrl+Space as the only way to get suggestions, and
 * no word-based suggestions (they would offer the document's words, e.g. `list`, even with the server dead).
 */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.wordBasedSuggestions': 'off',
  // The extension's own `[kreq]` defaults (package.json configurationDefaults) would win over the general settings.
  '[kreq]': { 'editor.quickSuggestions': { other: false, comments: false, strings: false } },
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
};

/** With `untrusted`: Workspace Trust on, and nothing asks at start (the folder of a fresh profile stays untrusted). */
const UNTRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
};

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The one running session (a test file drives one editor at a time). */
let session;

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** A loopback port nothing listens on (now). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Copies the extension's runtime files to `<extensionsDir>/<publisher>.<name>-<version>/`; returns that folder. */
export function installExtension(extensionsDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  for (const file of ['extension.js', 'server.js']) {
    if (!fs.existsSync(path.join(REPO_ROOT, 'dist', file))) throw new Error(`dist/${file} is missing: run \`npm run build\` first`);
  }
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.mkdirSync(target, { recursive: true });
  for (const file of EXTENSION_FILES) {
    fs.cpSync(path.join(REPO_ROOT, file), path.join(target, file), { recursive: true });
  }
  return target;
}

async function waitForHealthy(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it was healthy`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  throw new Error(`code-server not healthy after ${timeoutMs} ms`);
}

function killProcessGroup(child, signal) {
  try { process.kill(-child.pid, signal); } catch { /* already gone */ }
}

/** Kills code-server if the test process exits without stop() (a thrown error, process.exit); drops its folder. */
function killOnExit() {
  if (session?.codeServer) killProcessGroup(session.codeServer, 'SIGKILL');
  if (session?.tempDir && !process.env.KREQ_E2E_KEEP) fs.rmSync(session.tempDir, { recursive: true, force: true, maxRetries: 2 });
}

/**
 * Starts code-server with the extension installed, opens `workspace` in headless chromium and waits for the
 * workbench (explorer populated). `settings` are added to the user settings; `env` to code-server's environment,
 * `untrusted` opens the folder as VS Code opens a folder it was never told to trust (Restricted Mode);
 * which the extension host and the language server inherit. Returns the session: { page, context, url, port, tempDir, userDataDir,
 * extensionsDir, extensionDir, timings }; timings (serverHealthy, browserLaunched, pageLoaded, workbenchShown,
 * workbenchReady) are milliseconds since start() was called.
 */
export async function start({ workspace, settings = {}, env = {}, untrusted = false, viewport = { width: 1400, height: 900 }, timeoutMs = 60000 }) {
  if (session) throw new Error('a code-server session is already running: stop() it first');
  if (!fs.existsSync(CODE_SERVER_BIN)) throw new Error(`${CODE_SERVER_BIN} not found: run scripts/install-code-server.sh`);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/install-code-server.sh`);
  const t0 = Date.now();
  const timings = {};
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-e2e-'));
  const dirs = {
    userDataDir: path.join(tempDir, 'user-data'),
    extensionsDir: path.join(tempDir, 'extensions'),
    xdg: path.join(tempDir, 'xdg'),
    chromeProfile: path.join(tempDir, 'chromium'),
  };
  // code-server creates --user-data-dir and --extensions-dir non-recursively: make them (and parents) first.
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(path.join(dirs.userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...USER_SETTINGS, ...(untrusted ? UNTRUSTED_SETTINGS : {}), ...settings }, null, 2));
  const extensionDir = installExtension(dirs.extensionsDir);

  const isolatedEnv = {
    XDG_CONFIG_HOME: path.join(dirs.xdg, 'config'),
    XDG_DATA_HOME: path.join(dirs.xdg, 'data'),
    XDG_CACHE_HOME: path.join(dirs.xdg, 'cache'),
    XDG_STATE_HOME: path.join(dirs.xdg, 'state'),
  };
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(tempDir, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');
  const codeServer = spawn(CODE_SERVER_BIN, [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    ...(untrusted ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', '--ignore-last-opened',
    '--extensions-dir', dirs.extensionsDir, '--user-data-dir', dirs.userDataDir,
  ], {
    env: { ...process.env, ...env, ...isolatedEnv, EXTENSIONS_GALLERY: '{}' },
    stdio: ['ignore', logFd, logFd],
    detached: true, // its own process group: stop() kills the extension host, the watcher and the LSP server too
  });
  fs.closeSync(logFd);
  session = { codeServer, tempDir, url, port, logFile, extensionDir, timings, ...dirs };
  process.once('exit', killOnExit);

  try {
    await waitForHealthy(url, codeServer, timeoutMs);
    timings.serverHealthy = Date.now() - t0;

    const require = createRequire(path.join(CODE_SERVER_DIR, 'package.json'));
    const { chromium } = require('playwright-core');
    const context = await chromium.launchPersistentContext(dirs.chromeProfile, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport,
      env: { ...process.env, ...isolatedEnv, HOME: tempDir }, // chromium writes ~/.config/chromium/Crash Reports
    });
    session.context = context;
    const page = context.pages()[0] ?? await context.newPage();
    session.page = page;
    session.pageErrors = [];
    page.on('pageerror', error => session.pageErrors.push(error.message));
    timings.browserLaunched = Date.now() - t0;

    await page.goto(`${url}/?folder=${encodeURIComponent(path.resolve(workspace))}`);
    timings.pageLoaded = Date.now() - t0;
    await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
    timings.workbenchShown = Date.now() - t0;
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: timeoutMs });
    timings.workbenchReady = Date.now() - t0;
  } catch (error) {
    error.message += `\n--- code-server log (${logFile}) ---\n${tail(logFile, 30)}`;
    await stop();
    throw error;
  }
  return session;
}

function tail(file, lines) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
}

function current() {
  if (!session?.page) throw new Error('no code-server session: call start() first');
  return session;
}

/** The active editor's tab selector for a file name. */
function activeTab(name) {
  return `.tab.active[aria-label*="${name}"], .tab.active .label-name:text-is("${name}")`;
}

/**
 * Opens a workspace file by name (or workspace-relative path) through Quick Open and waits until its editor
 * shows text. Returns the page.
 */
export async function openFile(name, { timeoutMs = 15000 } = {}) {
  const { page } = current();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  // fill(), not keyboard.type(): typing into Quick Open loses characters while the widget is still opening.
  await input.fill(name);
  const baseName = path.basename(name);
  // Enter opens the first row: wait until the filtered list has put the file there (the list of recently opened
  // files shows first, and may hold it further down).
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const first = await page.$eval('.quick-input-list .monaco-list-row[data-index="0"]', row => row.getAttribute('aria-label') ?? '').catch(() => '');
    if (first.includes(baseName)) break;
    if (Date.now() > deadline) throw new Error(`Quick Open does not offer ${baseName} first (it offers ${JSON.stringify(first)})`);
    await sleep(100);
  }
  await page.keyboard.press('Enter');
  await page.waitForSelector(activeTab(baseName), { timeout: timeoutMs });
  await page.waitForSelector('.editor-instance .view-lines .view-line', { timeout: timeoutMs });
  return page;
}

/** Runs a command by its title through the command palette (F1), e.g. 'View: Toggle Problems'. */
export async function runCommand(title, { timeoutMs = 15000 } = {}) {
  const { page } = current();
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(`>${title}`);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`, { timeout: timeoutMs });
  await page.keyboard.press('Enter');
}

/** Saves a screenshot of the whole workbench (creates the folder). */
export async function screenshot(file) {
  const { page } = current();
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await page.screenshot({ path: file });
  return file;
}

/**
 * The text of the extension's output channel ("Kreq") as the remote extension host logged it to its files,
 * or '' when there is none yet.
 */
export function outputChannelText(channel = 'Kreq') {
  const { userDataDir } = session ?? {};
  if (!userDataDir) return '';
  const found = [];
  const walk = dir => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(`${channel}.log`)) found.push(full);
    }
  };
  try { walk(path.join(userDataDir, 'logs')); } catch { return ''; }
  return found.map(file => fs.readFileSync(file, 'utf8')).join('\n');
}

/** Closes the browser and kills code-server's process group (extension host, LSP server); idempotent. */
export async function stop() {
  if (!session) return;
  const { context, codeServer, tempDir } = session;
  const ending = session;
  session = undefined;
  process.removeListener('exit', killOnExit);
  await context?.close().catch(() => undefined);
  if (codeServer.exitCode === null && codeServer.signalCode === null) {
    const exited = new Promise(resolve => codeServer.once('exit', resolve));
    killProcessGroup(codeServer, 'SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
    if (!done) killProcessGroup(codeServer, 'SIGKILL');
  }
  // Children (extension host, watcher) may outlive the parent for a moment: make sure the group is gone.
  killProcessGroup(codeServer, 'SIGKILL');
  if (process.env.KREQ_E2E_KEEP) console.log(`kept ${tempDir}`);
  else fs.rmSync(tempDir, { recursive: true, force: true, maxRetries: 3 });
  return ending;
}
