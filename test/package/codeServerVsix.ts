/**
 * Installs a `.vsix` into an isolated code-server (the one scripts/install-code-server.sh caches) the way a user
 * would (`--install-extension`), starts it, and drives its workbench in headless Debian chromium (playwright-core).
 */

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/repoPaths';

/** The code-server version the install script pins (its `CODE_SERVER_VERSION=` line). */
export const CODE_SERVER_VERSION = (() => {
  const script = fs.readFileSync(path.join(REPO_ROOT, 'scripts', 'install-code-server.sh'), 'utf8');
  const match = /^CODE_SERVER_VERSION=(\d+\.\d+\.\d+)/m.exec(script);
  if (!match) throw new Error('no CODE_SERVER_VERSION in scripts/install-code-server.sh');
  return match[1];
})();

export const CODE_SERVER_DIR = process.env.KREQ_CODE_SERVER_DIR || path.join(os.homedir(), '.cache', 'kreq-code-server');
const CODE_SERVER_BIN = path.join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Why code-server cannot run here (not installed by the script, or no chromium), or undefined when it can. */
export function codeServerMissing(): string | undefined {
  if (!fs.existsSync(path.join(CODE_SERVER_DIR, `.installed-code-server-${CODE_SERVER_VERSION}`)) || !fs.existsSync(CODE_SERVER_BIN)) {
    return `code-server ${CODE_SERVER_VERSION} is not installed in ${CODE_SERVER_DIR} (run scripts/install-code-server.sh)`;
  }
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} not found (run scripts/install-code-server.sh)`;
  return undefined;
}

/** The VS Code version inside the installed code-server (lib/vscode/package.json). */
export function installedVsCodeVersion(): string {
  const manifest = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'package.json');
  return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** The folders of one isolated code-server profile under `tempDir`. */
export interface Profile {
  readonly tempDir: string;
  readonly extensionsDir: string;
  readonly userDataDir: string;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * User settings: no welcome page stealing focus, no network, and no word-based or automatic suggestions, so a
 * suggestion after Ctrl+Space can only come from the language server.
 */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.wordBasedSuggestions': 'off',
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
};

export function makeProfile(tempDir: string): Profile {
  const xdg = path.join(tempDir, 'xdg');
  const profile: Profile = {
    tempDir,
    extensionsDir: path.join(tempDir, 'extensions'),
    userDataDir: path.join(tempDir, 'user-data'),
    env: {
      ...process.env,
      // code-server writes ~/.config/code-server/config.yaml on any invocation; the gallery would go online.
      XDG_CONFIG_HOME: path.join(xdg, 'config'),
      XDG_DATA_HOME: path.join(xdg, 'data'),
      XDG_CACHE_HOME: path.join(xdg, 'cache'),
      XDG_STATE_HOME: path.join(xdg, 'state'),
      EXTENSIONS_GALLERY: '{}',
    },
  };
  // code-server creates --extensions-dir and --user-data-dir non-recursively.
  fs.mkdirSync(path.join(profile.userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(profile.extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  return profile;
}

/** Runs the code-server CLI on the profile (e.g. `--install-extension x.vsix`); returns its output, throws on failure. */
export function codeServerCli(profile: Profile, args: readonly string[]): string {
  const run = spawnSync(CODE_SERVER_BIN, ['--extensions-dir', profile.extensionsDir, '--user-data-dir', profile.userDataDir, ...args],
    { env: profile.env, encoding: 'utf8', timeout: 60_000 });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  if (run.status !== 0) throw new Error(`code-server ${args.join(' ')} exited with ${run.status ?? run.signal}:\n${output}`);
  return output;
}

/** The few playwright-core calls used here (playwright-core lives in the code-server cache, without types here). */
export interface Page {
  goto(url: string): Promise<unknown>;
  waitForSelector(selector: string, options: { timeout: number }): Promise<unknown>;
  click(selector: string): Promise<void>;
  fill(selector: string, text: string): Promise<void>;
  $$eval<R>(selector: string, fn: (elements: Array<{ textContent: string | null }>) => R): Promise<R>;
  screenshot(options: { path: string }): Promise<unknown>;
  keyboard: { press(key: string): Promise<void>; type(text: string): Promise<void> };
}
interface BrowserContext {
  pages(): Page[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: { launchPersistentContext(dir: string, options: object): Promise<BrowserContext> };
}

export interface Editor {
  readonly page: Page;
  /** Closes the browser and kills code-server's process group (extension host, language server). */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function waitForHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it was healthy`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`code-server not healthy after ${timeoutMs} ms`);
}

/** Starts code-server on the profile and opens `workspace` in headless chromium; resolves once the explorer shows. */
export async function startEditor(profile: Profile, workspace: string, timeoutMs = 60_000): Promise<Editor> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFd = fs.openSync(path.join(profile.tempDir, 'code-server.log'), 'a');
  const codeServer = spawn(CODE_SERVER_BIN, [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
    '--extensions-dir', profile.extensionsDir, '--user-data-dir', profile.userDataDir,
  ], { env: profile.env, stdio: ['ignore', logFd, logFd], detached: true });
  fs.closeSync(logFd);
  const killOnExit = () => killGroup(codeServer, 'SIGKILL');
  process.once('exit', killOnExit);
  let context: BrowserContext | undefined;
  const stop = async () => {
    await context?.close().catch(() => undefined);
    if (codeServer.exitCode === null && codeServer.signalCode === null) {
      const exited = new Promise(resolve => codeServer.once('exit', resolve));
      killGroup(codeServer, 'SIGTERM');
      await Promise.race([exited, sleep(5000)]);
    }
    killGroup(codeServer, 'SIGKILL'); // the extension host and the watcher may outlive the parent for a moment
    process.removeListener('exit', killOnExit);
  };
  try {
    await waitForHealthy(url, codeServer, timeoutMs);
    const { chromium } = createRequire(path.join(CODE_SERVER_DIR, 'package.json'))('playwright-core') as Playwright;
    context = await chromium.launchPersistentContext(path.join(profile.tempDir, 'chromium'), {
      executablePath: CHROMIUM, headless: true, viewport: { width: 1400, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
      env: { ...profile.env, HOME: profile.tempDir }, // chromium writes ~/.config/chromium/Crash Reports
    });
    const page = context.pages()[0] ?? await context.newPage();
    await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: timeoutMs });
    return { page, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Opens a workspace file through Quick Open and waits until its editor is active and shows text. */
export async function openFile(page: Page, name: string, timeoutMs = 20_000): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = '.quick-input-widget .quick-input-box input';
  await page.waitForSelector(input, { timeout: timeoutMs });
  await page.fill(input, name); // typed keys get lost while the widget is still opening
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`, { timeout: timeoutMs });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab.active[aria-label*="${name}"]`, { timeout: timeoutMs });
  await page.waitForSelector('.editor-instance .view-lines .view-line', { timeout: timeoutMs });
}

/** The labels the suggest widget shows (it renders only the rows in view). */
export async function suggestLabels(page: Page, timeoutMs = 20_000): Promise<string[]> {
  await page.waitForSelector('.suggest-widget.visible .monaco-list-row', { timeout: timeoutMs });
  return page.$$eval('.suggest-widget.visible .monaco-list-row .label-name',
    elements => elements.map(element => (element.textContent ?? '').trim()));
}
