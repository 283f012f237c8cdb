// The UI scenarios of errors you cannot miss (issue 9), in real VS Code with default settings: a block sent with the
// keyboard to an environment whose serviceUrl is a closed loopback port → a short note on its `###` line, the whole
// error in Problems (from kaltura), a notification with Retry / Open kreq.env.json / Start the sandbox; "Start the
// sandbox" runs `kreq sandbox` in a terminal on that port and Retry then succeeds. A broken kreq.env.json: the
// error names its file, line and column. An environment without a secret, ks or appToken: before sending, Set
// Secret / Add to kreq.env.private.json / Send Anyway; sent anyway, the note says why. Screenshot:
// docs/images/error-notification.png (the README's).
//
//   await runErrorScenarios({ page, workspace, sandbox, check, log, shots });   // writes errors*/ first

import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, openFile, REPO_ROOT, runCommand, screenshot } from './codeServerHarness.mjs';
import { cursorOnLine, pickEnvironment, poll, waitForNotes } from './workbenchPage.mjs';

const REFUSED_KREQ = ['### Ping the local server', 'system.ping', ''].join('\n');
const BROKEN_KREQ = ['### Ping', 'system.ping', ''].join('\n');
/** Line 3 misses the comma after line 2's value: the error is at 3:3. */
const BROKEN_ENV = '{\n  "refusing": { "serviceUrl": "http://127.0.0.1:9", "partnerId": 100 }\n  "other": {}\n}\n';

const MANY_KREQ = ['### One', 'system.ping', '', '### Two', 'system.ping', '', '### Three', 'system.ping', ''].join('\n');
const LIST_KREQ = ['### List without a secret', 'media.list', 'pager:pageSize = 1', ''].join('\n');

/** errors/ (environment `refusing` on a closed loopback port, with the sandbox's credentials), errors-broken/,
 *  errors-many/ (three blocks, `refusing` on another closed port) and errors-nosecret/ (environments `nosecret` and `setsecret`: the sandbox, no secret). */
function writeErrorWorkspace(workspace, port, sandboxUrl, otherPort) {
  const many = path.join(workspace, 'errors-many');
  fs.mkdirSync(many, { recursive: true });
  fs.writeFileSync(path.join(many, 'many.kreq'), MANY_KREQ);
  fs.writeFileSync(path.join(many, 'kreq.env.json'), JSON.stringify({ refusing: { serviceUrl: `http://127.0.0.1:${otherPort}`, partnerId: 100, adminSecret: 'x' } }, null, 2));
  const nosecret = path.join(workspace, 'errors-nosecret');
  fs.mkdirSync(nosecret, { recursive: true });
  fs.writeFileSync(path.join(nosecret, 'list.kreq'), LIST_KREQ);
  fs.writeFileSync(path.join(nosecret, 'kreq.env.json'), JSON.stringify({
    nosecret: { serviceUrl: sandboxUrl, partnerId: 100 },
    setsecret: { serviceUrl: sandboxUrl, partnerId: 100 },
  }, null, 2));
  const folder = path.join(workspace, 'errors');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'refused.kreq'), REFUSED_KREQ);
  fs.writeFileSync(path.join(folder, 'kreq.env.json'), JSON.stringify({
    refusing: { serviceUrl: `http://127.0.0.1:${port}`, partnerId: 100, adminSecret: 'sandbox-admin-secret' },
  }, null, 2));
  const broken = path.join(workspace, 'errors-broken');
  fs.mkdirSync(broken, { recursive: true });
  fs.writeFileSync(path.join(broken, 'broken.kreq'), BROKEN_KREQ);
  fs.writeFileSync(path.join(broken, 'kreq.env.json'), BROKEN_ENV);
}

/** The visible notification toast that contains `text`. */
function toast(page, text) {
  return page.locator('.notification-toast', { hasText: text }).first();
}

/** The button labels of a toast. */
async function buttons(locator) {
  return locator.locator('.monaco-button').evaluateAll(elements => elements.map(element => element.textContent.trim()).filter(Boolean));
}

/** Picks an environment in the status bar, again when the picker had not listed it yet (it lists the environments
 *  around the active file, asked for when it opens). */
async function pickEnvironmentOf(page, name) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pickEnvironment(page, name);
    } catch (error) {
      if (attempt >= 3) throw error;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
  }
}

/** Closes every notification (so the next check sees only its own). */
async function clearNotifications(page) {
  await runCommand('Notifications: Clear All Notifications').catch(() => undefined);
  await page.waitForTimeout(300);
}

/** The README's picture: no side bar and a wider window, so the note, the response and the notification all show. */
async function readmeShot(page, shots) {
  const viewport = page.viewportSize();
  await page.keyboard.press('Control+B');
  await page.setViewportSize({ width: 1800, height: 800 });
  try {
    await page.waitForTimeout(600);
    await screenshot(path.join(shots, 'error-notification.png'));
    fs.mkdirSync(path.join(REPO_ROOT, 'docs', 'images'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'docs', 'images', 'error-notification.png') });
  } finally {
    await page.setViewportSize(viewport);
    await page.keyboard.press('Control+B');
  }
}

export async function runErrorScenarios({ page, workspace, sandbox, check, log, shots }) {
  const port = await freePort();
  const otherPort = await freePort();
  writeErrorWorkspace(workspace, port, sandbox.url, otherPort);
  log(`  errors/: environment "refusing" on http://127.0.0.1:${port} (closed)`);

  await check('a block sent to a closed loopback port: a short note on its ### line that leads with the meaning', async () => {
    await openFile('errors/refused.kreq', { timeoutMs: 30000 });
    await pickEnvironmentOf(page, 'refusing');
    await cursorOnLine(page, 'system.ping');
    await page.keyboard.press('Control+Alt+R');
    const notes = await waitForNotes(page, found => found.some(({ note }) => note.startsWith('✗ refused')), 'the ✗ refused note');
    const note = notes.find(({ note: text }) => text.startsWith('✗ refused'));
    log(`  note: ${JSON.stringify(note)}`);
    if (note.line !== '### Ping the local server') throw new Error(`the note is on ${JSON.stringify(note.line)}, not the ### line`);
    if (note.note !== `✗ refused: nothing listens on 127.0.0.1:${port}`) throw new Error(`the note reads ${JSON.stringify(note.note)}`);
  });

  await check('the notification offers Retry, Open kreq.env.json and Start the sandbox', async () => {
    const shown = toast(page, 'refused');
    await shown.waitFor({ state: 'visible', timeout: 10000 });
    const labels = await buttons(shown);
    log(`  notification: ${JSON.stringify((await shown.innerText()).replace(/\s+/g, ' ').slice(0, 200))} ${JSON.stringify(labels)}`);
    for (const label of ['Retry', 'Open kreq.env.json', 'Start the sandbox']) if (!labels.includes(label)) throw new Error(`no "${label}" among ${JSON.stringify(labels)}`);
    if (!(await shown.innerText()).includes('Nothing is listening on')) throw new Error('the notification does not say what happened');
    await readmeShot(page, shots);
  });

  await check('the whole error is in Problems, from kaltura, on the ### line', async () => {
    await page.keyboard.press('Control+Shift+M');
    const filter = page.locator('input[placeholder^="Filter (e.g. text"]').first();
    await filter.fill('Nothing is listening');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Nothing is listening' }).first();
    await row.waitFor({ timeout: 10000 });
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    log(`  problem: ${JSON.stringify(text.slice(0, 220))}`);
    if (!/kaltura/.test(text)) throw new Error(`not from kaltura: ${text}`);
    if (!text.includes(`127.0.0.1:${port}`) || !/kreq sandbox/.test(text)) throw new Error(`not the whole message: ${text}`);
    if (!/\[Ln 1, Col 1\]|\(1, 1\)|1:1/.test(text)) throw new Error(`not on line 1: ${text}`);
    await filter.fill('');
    await runCommand('View: Hide Panel');
  });

  await check('"Start the sandbox" runs kreq sandbox in a terminal on that port; Retry then succeeds', async () => {
    const shown = toast(page, 'refused');
    if (!(await shown.isVisible())) {
      // The toast hides after a while; the notification stays in the notification centre.
      await runCommand('Notifications: Show Notifications');
    }
    await page.locator('.notification-list-item', { hasText: 'refused' }).first().locator('.monaco-button', { hasText: 'Start the sandbox' }).click();
    // The terminal's title shows in the panel (its text is drawn on a canvas).
    await page.locator('.part.panel', { hasText: `kreq sandbox :${port}` }).first().waitFor({ timeout: 15000 });
    const listening = toast(page, 'the sandbox listens on');
    await listening.waitFor({ state: 'visible', timeout: 30000 });
    await screenshot(path.join(shots, 'sandbox-terminal.png'));
    await listening.locator('.monaco-button', { hasText: 'Retry' }).click();
    await openFile('errors/refused.kreq');
    const notes = await waitForNotes(page, found => found.some(({ line, note }) => line === 'system.ping' && note.startsWith('✓')), 'the ✓ note of system.ping', 20000);
    log(`  notes: ${JSON.stringify(notes)}`);
    if (notes.some(({ note }) => note.startsWith('✗ refused'))) throw new Error('the ✗ refused note is still there');
  });

  await clearNotifications(page);

  await check('Send All of three refused blocks: one notification, naming how many failed; Open kreq.env.json opens the one defining the environment', async () => {
    await openFile('errors-many/many.kreq', { timeoutMs: 30000 });
    await runCommand('Kreq: Send All');
    await waitForNotes(page, found => found.filter(({ note }) => note.startsWith('✗ refused')).length === 3, 'three ✗ refused notes');
    const shown = toast(page, '3 blocks failed');
    await shown.waitFor({ state: 'visible', timeout: 10000 });
    await page.waitForTimeout(1000);
    const toasts = await page.locator('.notification-toast', { hasText: 'Nothing is listening' }).count();
    log(`  notification: ${JSON.stringify((await shown.innerText()).replace(/\s+/g, ' ').slice(0, 200))} (${toasts} toast(s))`);
    if (toasts !== 1) throw new Error(`${toasts} notifications of the failures`);
    // "Open kreq.env.json" opens the file that defines the environment: errors-many's, with the closed port.
    await shown.locator('.monaco-button', { hasText: 'Open kreq.env.json' }).click();
    await page.waitForSelector('.tab.active[aria-label*="kreq.env.json"]', { timeout: 10000 });
    await page.locator('.editor-group-container.active .view-lines .view-line', { hasText: String(otherPort) }).first().waitFor({ timeout: 10000 });
    await clearNotifications(page);
  });

  await check('a broken kreq.env.json: the error names its file, line and column', async () => {
    await openFile('errors-broken/broken.kreq', { timeoutMs: 30000 });
    await cursorOnLine(page, 'system.ping');
    await page.keyboard.press('Control+Alt+R');
    const shown = toast(page, 'kreq.env.json:3:3');
    await shown.waitFor({ state: 'visible', timeout: 15000 });
    const text = (await shown.innerText()).replace(/\s+/g, ' ');
    log(`  notification: ${JSON.stringify(text.slice(0, 240))}`);
    if (!/No environment "refusing"/.test(text) || !/Expected ',' or '}' after property value/.test(text)) throw new Error(`it reads ${text}`);
    await screenshot(path.join(shots, 'broken-env-file.png'));
    await clearNotifications(page);
  });

  await check('no secret: before sending, Set Secret / Add to kreq.env.private.json / Send Anyway; sent anyway, the note says why', async () => {
    await openFile('errors-nosecret/list.kreq', { timeoutMs: 30000 });
    await pickEnvironmentOf(page, 'nosecret');
    await cursorOnLine(page, 'media.list');
    await page.keyboard.press('Control+Alt+R');
    const asked = toast(page, 'Send Anyway');
    await asked.waitFor({ state: 'visible', timeout: 15000 });
    const labels = await buttons(asked);
    log(`  question: ${JSON.stringify((await asked.innerText()).replace(/\s+/g, ' ').slice(0, 220))} ${JSON.stringify(labels)}`);
    for (const label of ['Set Secret', 'Add to kreq.env.private.json', 'Send Anyway']) if (!labels.includes(label)) throw new Error(`no "${label}" among ${JSON.stringify(labels)}`);
    await screenshot(path.join(shots, 'credentials-question.png'));
    await asked.locator('.monaco-button', { hasText: 'Send Anyway' }).click();
    const notes = await waitForNotes(page, found => found.some(({ line, note }) => line === 'media.list' && note.startsWith('✗')), 'the ✗ note of media.list');
    const note = notes.find(({ line }) => line === 'media.list').note;
    log(`  note: ${JSON.stringify(note)}`);
    if (!/^✗ [A-Z_]+ · /.test(note)) throw new Error(`the note does not say why: ${note}`);
    await clearNotifications(page);
  });

  await check('"Add to kreq.env.private.json" opens the entry with the adminSecret placeholder selected; typed and saved, the send works', async () => {
    await openFile('errors-nosecret/list.kreq');
    await cursorOnLine(page, 'media.list');
    await page.keyboard.press('Control+Alt+R');
    const asked = toast(page, 'Send Anyway');
    await asked.waitFor({ state: 'visible', timeout: 15000 });
    await asked.locator('.monaco-button', { hasText: 'Add to kreq.env.private.json' }).click();
    await page.waitForSelector('.tab.active[aria-label*="kreq.env.private.json"]', { timeout: 10000 });
    await page.waitForTimeout(300);
    await page.keyboard.type('sandbox-admin-secret', { delay: 70 });
    await page.keyboard.press('Control+S');
    const file = path.join(workspace, 'errors-nosecret', 'kreq.env.private.json');
    const saved = await poll(page, 'the saved private file', async () => {
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      return text.includes('sandbox-admin-secret') ? text : undefined;
    }, 10000);
    log(`  kreq.env.private.json: ${JSON.stringify(saved)}`);
    if (JSON.parse(saved).nosecret?.adminSecret !== 'sandbox-admin-secret') throw new Error('the secret is not the entry\'s adminSecret');
    await openFile('errors-nosecret/list.kreq');
    await cursorOnLine(page, 'media.list');
    await page.keyboard.press('Control+Alt+R');
    await waitForNotes(page, found => found.some(({ line, note }) => line === 'media.list' && note.startsWith('✓ KalturaMediaListResponse')), 'the ✓ note of media.list', 20000);
  });

  await check('"Set Secret" asks the admin secret of the environment, stores it and sends again', async () => {
    await pickEnvironmentOf(page, 'setsecret');
    await cursorOnLine(page, 'media.list');
    await page.keyboard.press('Control+Alt+R');
    const asked = toast(page, 'Send Anyway');
    await asked.waitFor({ state: 'visible', timeout: 15000 });
    await asked.locator('.monaco-button', { hasText: 'Set Secret' }).click();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await page.keyboard.type('sandbox-admin-secret', { delay: 70 });
    await page.keyboard.press('Enter');
    await waitForNotes(page, found => found.some(({ line, note }) => line === 'media.list' && note.startsWith('✓ KalturaMediaListResponse')), 'the ✓ note of media.list', 20000);
    await clearNotifications(page);
  });
}
