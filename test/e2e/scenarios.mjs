// The UI scenarios: what a person does with the built extension in a real VS Code (code-server + headless Debian
// chromium), asserted on what is on screen. A temporary copy of examples/ whose `sandbox` environment points at a
// `kreq sandbox` started here; a fake Kaltura only for a slow call and a huge response; flows/ against a second
// sandbox whose entries take 2 s to convert (a poll has something to wait for). Screenshots go to test-output/e2e/.
//
// Run: npm run build && scripts/install-code-server.sh && node test/e2e/scenarios.mjs   (npm run test:e2e)
// Exit code 0 when every check passed (124 after KREQ_E2E_TIMEOUT_MS, default 300000); the last line is
// "N passed, N failed". KREQ_E2E_SCENARIOS=language,typing,sandbox,response,errors,environments,import,fake,flows,trust picks groups (default all; `trust` starts
// a second code-server, with Workspace Trust on).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, outputChannelText, screenshot, start, stop } from './codeServerHarness.mjs';
import { startFakeKaltura } from './fakeKaltura.mjs';
import { runFlowScenarios, writeFlowWorkspace } from './flowScenarios.mjs';
import { runLanguageScenarios, TRY_FILE, TRY_TEXT } from './languageScenarios.mjs';
import { startSandboxProcess } from './sandboxProcess.mjs';
import { runFakeScenarios, runSandboxScenarios, writeSendWorkspace } from './sendScenarios.mjs';
import { runTrustScenarios } from './trustScenarios.mjs';
import { runTypingScenarios, writeTypingWorkspace } from './typingScenarios.mjs';
import { runResponseScenarios } from './responseScenarios.mjs';
import { runErrorScenarios } from './errorScenarios.mjs';
import { runEnvironmentScenarios } from './environmentScenarios.mjs';
import { runImportScenarios, writeImportWorkspace } from './importScenarios.mjs';

const SHOTS = path.join(REPO_ROOT, 'test-output', 'e2e');
/** The real 22.19.0 schema as bundled by the build: the editor and `kreq check` use the same one, offline. */
const SCHEMA = path.join(REPO_ROOT, 'dist', 'kaltura-schema.xml');
/** KREQ_E2E_SCENARIOS=sandbox,fake runs only those groups (for working on them); default: all. */
const GROUPS = (process.env.KREQ_E2E_SCENARIOS || 'language,typing,sandbox,response,errors,environments,import,fake,flows,trust').split(',');
const t0 = Date.now();
const seconds = () => ((Date.now() - t0) / 1000).toFixed(2);
const log = (...parts) => console.log(`[${seconds()}s]`, ...parts);
const results = { passed: 0, failed: 0 };

async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    results.passed++;
    log('PASS', name, `(${Date.now() - started} ms)`);
  } catch (error) {
    results.failed++;
    log('FAIL', name, '—', String(error?.message ?? error).split('\n').slice(0, 8).join('\n    '));
    await screenshot(path.join(SHOTS, `failed-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, 80)}.png`)).catch(() => undefined);
  }
}

async function main() {
  if (!fs.existsSync(SCHEMA)) throw new Error(`${SCHEMA} is missing: run \`npm run build\` first`);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-e2e-ws-'));
  process.once('exit', () => fs.rmSync(workspace, { recursive: true, force: true }));
  fs.cpSync(path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, TRY_FILE), TRY_TEXT);
  fs.rmSync(SHOTS, { recursive: true, force: true });
  // Entries are READY as soon as their content is attached: the send scenarios list the entry they uploaded.
  const sandbox = await startSandboxProcess({ convertSeconds: 0 });
  const converting = await startSandboxProcess({ convertSeconds: 2 });
  const fake = await startFakeKaltura();
  log(`kreq sandbox on ${sandbox.url} (flows: ${converting.url}), fake Kaltura on ${fake.url}`);
  writeSendWorkspace(workspace, { sandboxUrl: sandbox.url, fakeUrl: fake.url });
  writeFlowWorkspace(workspace, { sandboxUrl: converting.url });
  writeTypingWorkspace(workspace);
  writeImportWorkspace(workspace);
  try {
    if (GROUPS.some(group => group !== 'trust')) await runMainScenarios({ workspace, sandbox, converting, fake });
    if (GROUPS.includes('trust')) await runTrustScenarios({ sandboxUrl: sandbox.url, check, log, shots: SHOTS });
  } finally {
    await fake.close();
    await converting.close();
    await sandbox.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

/** The groups that share one code-server session on the trusted workspace. */
async function runMainScenarios({ workspace, sandbox, fake }) {
  const session = await start({
    workspace,
    settings: { 'kreq.schema': SCHEMA },
    // examples/multirequest.kreq reads these with {{$env …}}
    env: { KALTURA_ADMIN_SECRET: 'sandbox-admin-secret', KALTURA_PARTNER_ID: '100' },
  });
  log(`started: ${JSON.stringify(session.timings)} (ms)`);
  try {
    const context = { page: session.page, workspace, schema: SCHEMA, check, log, shots: SHOTS };
    if (GROUPS.includes('language')) await runLanguageScenarios(context);
    if (GROUPS.includes('typing')) await runTypingScenarios(context);
    if (GROUPS.includes('sandbox')) await runSandboxScenarios(context);
    if (GROUPS.includes('response')) await runResponseScenarios({ ...context, sandbox, fake });
    if (GROUPS.includes('errors')) await runErrorScenarios({ ...context, sandbox, fake });
    if (GROUPS.includes('environments')) await runEnvironmentScenarios({ ...context, sandbox, fake });
    if (GROUPS.includes('import')) await runImportScenarios(context);
    if (GROUPS.includes('fake')) await runFakeScenarios({ ...context, fake });
    if (GROUPS.includes('flows')) await runFlowScenarios(context);
  } finally {
    const channel = outputChannelText('Kreq');
    if (results.failed && channel) console.log(`--- Kreq output channel ---\n${channel.split('\n').slice(-40).join('\n')}`);
    if (session.pageErrors.length) log(`page errors: ${session.pageErrors.slice(0, 5).join(' | ')}`);
    await stop();
  }
}

// A hard limit, and a clean stop on SIGTERM/SIGINT: process.exit runs the exit handlers that kill code-server's
// process group, the sandbox and the browser.
const HARD_TIMEOUT_MS = Number(process.env.KREQ_E2E_TIMEOUT_MS || 300000);
setTimeout(() => {
  console.error(`the UI scenarios did not finish within ${HARD_TIMEOUT_MS} ms`);
  process.exit(124);
}, HARD_TIMEOUT_MS).unref();
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

try {
  await main();
} catch (error) {
  results.failed++;
  console.error(error);
}
log(`screenshots in ${path.relative(process.cwd(), SHOTS) || '.'}`);
console.log(`${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed ? 1 : 0);
