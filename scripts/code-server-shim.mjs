#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron (`vscodeExecutablePath`) and @vscode/test-cli
// (`useInstallation.fromPath`) where no VS Code can be downloaded: it takes the Electron-style arguments they pass
// (--extensionDevelopmentPath, --extensionTestsPath, --user-data-dir, --extensions-dir, a folder), starts the VS Code
// that code-server ships (installed by scripts/install-code-server.sh) and opens its workbench in headless Debian
// chromium with a `payload` that makes the remote extension host load the extension and run the tests; it exits
// with the test run's exit code (124 when the run outlives KREQ_SHIM_TIMEOUT_MS, 2 when it cannot start).
//
// Environment: KREQ_CODE_SERVER_DIR (the install cache), CHROMIUM (default /usr/bin/chromium),
// KREQ_SHIM_TIMEOUT_MS (default 300000), KREQ_SHIM_VERBOSE=1 (code-server's own log on stderr),
// KREQ_SHIM_KEEP=1 (keep the temporary folder with code-server's log), KREQ_SHIM_UNTRUSTED=1 (Workspace Trust on, in a
// fresh profile that trusts nothing: the folder opens untrusted, without the startup prompt).

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';

const CODE_SERVER_DIR = process.env.KREQ_CODE_SERVER_DIR || path.join(os.homedir(), '.cache', 'kreq-code-server');
const CODE_SERVER_BIN = path.join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.KREQ_SHIM_TIMEOUT_MS || 300_000);
const EXIT_TIMEOUT = 124;
const EXIT_CANNOT_START = 2;
const UNTRUSTED = !!process.env.KREQ_SHIM_UNTRUSTED && process.env.KREQ_SHIM_UNTRUSTED !== '0' && process.env.KREQ_SHIM_UNTRUSTED !== 'false';

/** Settings for a fresh profile: nothing that steals focus or goes to the network. */
const DEFAULT_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
};

/** With KREQ_SHIM_UNTRUSTED: trust is on, and nothing asks whether to trust the folder (it stays untrusted). */
const UNTRUSTED_USER_SETTINGS = {
  ...DEFAULT_USER_SETTINGS,
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': false,
};

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const log = (...parts) => process.stderr.write(`[code-server-shim] ${format(...parts)}\n`);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** The arguments @vscode/test-electron passes; Electron-only flags (--no-sandbox, --disable-updates, …) are ignored. */
function parseArguments(argv) {
  const parsed = { developmentPaths: [], testsPath: undefined, userDataDir: undefined, extensionsDir: undefined, folders: [], version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => (flag !== arg ? arg.slice(eq + 1) : argv[++i]);
    if (flag === '--version' || flag === '-v') parsed.version = true;
    else if (flag === '--extensionDevelopmentPath') parsed.developmentPaths.push(path.resolve(value()));
    else if (flag === '--extensionTestsPath') parsed.testsPath = path.resolve(value());
    else if (flag === '--user-data-dir') parsed.userDataDir = path.resolve(value());
    else if (flag === '--extensions-dir') parsed.extensionsDir = path.resolve(value());
    else if (!arg.startsWith('-')) parsed.folders.push(path.resolve(arg));
  }
  return parsed;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function codeServerVersion() {
  const manifest = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'package.json');
  try {
    return JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
  } catch {
    return '0.0.0';
  }
}

function tail(file, lines) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
}

async function waitForHealthy(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it was healthy`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  throw new Error('code-server was not healthy in time');
}

async function main() {
  const args = parseArguments(process.argv.slice(2));
  if (args.version) {
    console.log(`${codeServerVersion()}\ncode-server-shim\n${process.arch}`);
    return 0;
  }
  for (const [what, file] of [['code-server', CODE_SERVER_BIN], ['chromium', CHROMIUM]]) {
    if (!fs.existsSync(file)) {
      log(`${what} not found at ${file}: run scripts/install-code-server.sh`);
      return EXIT_CANNOT_START;
    }
  }
  const t0 = Date.now();
  const seconds = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  const deadline = t0 + TIMEOUT_MS;
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-shim-'));
  // An untrusted run never reuses a profile: a folder trusted (or a setting written) by an earlier run would leak in.
  const userDataDir = (!UNTRUSTED && args.userDataDir) || path.join(tempDir, 'user-data');
  const extensionsDir = args.extensionsDir ?? path.join(tempDir, 'extensions');
  const xdg = path.join(tempDir, 'xdg');
  // code-server creates --user-data-dir and --extensions-dir non-recursively: with a missing parent it loads no
  // extension at all (silently). Make them, with their parents, first.
  for (const dir of [userDataDir, extensionsDir, path.join(userDataDir, 'User'), xdg]) fs.mkdirSync(dir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) fs.writeFileSync(settingsFile, JSON.stringify(UNTRUSTED ? UNTRUSTED_USER_SETTINGS : DEFAULT_USER_SETTINGS, null, 2));

  const isolatedEnv = {
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    XDG_STATE_HOME: path.join(xdg, 'state'),
  };
  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const url = `http://${authority}`;
  const logFile = path.join(tempDir, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');
  // The extension host inherits this environment: VSCODE_TEST_OPTIONS (test-cli) and the run's own variables.
  const codeServer = spawn(CODE_SERVER_BIN, [
    '--bind-addr', authority, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    ...(UNTRUSTED ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', '--ignore-last-opened',
    '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
  ], {
    env: { ...process.env, ...isolatedEnv, EXTENSIONS_GALLERY: '{}' },
    stdio: ['ignore', process.env.KREQ_SHIM_VERBOSE ? 'inherit' : logFd, process.env.KREQ_SHIM_VERBOSE ? 'inherit' : logFd],
    detached: true, // its own process group: the extension host, the file watcher and the language server go with it
  });
  fs.closeSync(logFd);
  const killGroup = signal => { try { process.kill(-codeServer.pid, signal); } catch { /* gone */ } };
  process.on('exit', () => killGroup('SIGKILL'));

  let context;
  let finish;
  const finished = new Promise(resolve => (finish = resolve));
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => finish({ signal }));
  const timer = setTimeout(() => finish({ timeout: true }), Math.max(0, deadline - Date.now()));
  codeServer.once('exit', (exitCode, signal) => finish({ error: new Error(`code-server exited (${exitCode ?? signal}) during the run`) }));
  let code;
  try {
    const started = Promise.race([
      (async () => {
        await waitForHealthy(url, codeServer, deadline);
        log(`code-server ${codeServerVersion()} listening on ${url} after ${seconds()}`);
        const require = createRequire(path.join(CODE_SERVER_DIR, 'package.json'));
        const { chromium } = require('playwright-core');
        context = await chromium.launchPersistentContext(path.join(tempDir, 'chromium'), {
          executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS,
          env: { ...process.env, ...isolatedEnv, HOME: tempDir }, // chromium writes ~/.config/chromium/Crash Reports
        });
        const page = context.pages()[0] ?? await context.newPage();
        log(`chromium started after ${seconds()}`);
        // While it runs tests, the workbench forwards the extension host's output here and reports the end.
        await page.exposeFunction('codeAutomationLog', (level, message) => {
          const text = Array.isArray(message) ? format(...message) : String(message);
          (level === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
        });
        await page.exposeFunction('codeAutomationExit', exitCode => finish({ exitCode }));
        page.on('crash', () => finish({ error: new Error('the workbench page crashed') }));
        const remote = file => `vscode-remote://${authority}${file}`;
        const payload = args.developmentPaths.map(dir => ['extensionDevelopmentPath', remote(dir)]);
        if (args.testsPath) payload.push(['extensionTestsPath', remote(args.testsPath)]);
        const folder = args.folders[0];
        const query = `${folder ? `folder=${encodeURIComponent(folder)}` : 'ew=true'}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
        await page.goto(`${url}/?${query}`);
        log(`workbench loaded after ${seconds()}; the extension host runs the tests`);
      })(),
      finished.then(() => undefined),
    ]);
    await started;
    const outcome = await finished;
    if (outcome.timeout) {
      log(`the test run did not finish within ${TIMEOUT_MS} ms`);
      code = EXIT_TIMEOUT;
    } else if (outcome.signal) {
      log(`stopped by ${outcome.signal}`);
      code = 130;
    } else if (outcome.error) {
      throw outcome.error;
    } else {
      code = Number(outcome.exitCode) || 0;
      log(`the tests finished with exit code ${code} after ${seconds()}`);
    }
  } catch (error) {
    log(`${error?.message ?? error}\n--- code-server log (${logFile}) ---\n${tail(logFile, 30)}`);
    code = EXIT_CANNOT_START;
  } finally {
    clearTimeout(timer);
    await Promise.race([context?.close().catch(() => undefined), sleep(5000)]);
    killGroup('SIGTERM');
    await sleep(300);
    killGroup('SIGKILL');
    if (process.env.KREQ_SHIM_KEEP) log(`kept ${tempDir}`);
    else fs.rmSync(tempDir, { recursive: true, force: true, maxRetries: 3 });
  }
  return code;
}

main().then(
  code => process.exit(code),
  error => {
    log(error?.stack ?? error);
    process.exit(EXIT_CANNOT_START);
  },
);
