// The sending checks of the smoke test, in a real VS Code against a fake Kaltura on a loopback port: the CodeLens,
// the environment status bar item, inline notes and their hover, the response view, `kaltura` problems,
// Ctrl+Alt+R, notes dropped on edit, cancelling, "Kreq: Set Secret" (used for session.start) and cURL.
//
//   writeSendWorkspace(folder, fake.url);                  // send/send.kreq + send/kreq.env.json
//   await runSendChecks({ page, fake, check, log, shots }); // after start({ workspace })

import * as fs from 'node:fs';
import * as path from 'node:path';
import { openFile, runCommand, screenshot } from './codeServerHarness.mjs';
import { FIXED_KS } from './fakeKaltura.mjs';

/** The request file: 0-based lines matter below. */
const SEND_KREQ = [
  '### List, then get a missing entry', // 0
  'media.list', //                          1
  'pager:pageSize = 3', //                  2
  '', //                                    3
  'media.get', //                           4
  'entryId = 0_missing', //                 5
  '', //                                    6
  '### Ping', //                            7
  'system.ping', //                         8
  '', //                                    9
  '### Slow', //                           10
  'system.getVersion', //                  11
  '', //                                   12
  '### Big', //                            13
  'baseEntry.list', //                     14
  '',
].join('\n');

export function writeSendWorkspace(workspace, serviceUrl) {
  const folder = path.join(workspace, 'send');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'send.kreq'), SEND_KREQ);
  fs.writeFileSync(path.join(folder, 'kreq.env.json'), JSON.stringify({
    e2e: { serviceUrl, partnerId: 100, ks: FIXED_KS },
    secret: { serviceUrl, partnerId: 100, session: { type: 'ADMIN', userId: 'me@example.com' } },
  }, null, 2));
}

/** The inline notes the editors show now (the `::after` content of decorations), in document order. */
async function visibleNotes(page) {
  return page.$$eval('.editor-instance .view-lines .view-line span', spans => spans
    .map(span => getComputedStyle(span, '::after').content)
    .filter(content => /^".*[✓✗]/.test(content ?? ''))
    .map(content => content.slice(1, -1).replace(/\\(.)/g, '$1')));
}

async function waitForNotes(page, predicate, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let notes = [];
  while (Date.now() < deadline) {
    notes = await visibleNotes(page);
    if (predicate(notes)) return notes;
    await page.waitForTimeout(150);
  }
  throw new Error(`${what}: the notes are ${JSON.stringify(notes)}`);
}

/** The rendered text of the view line that shows `text` in the active editor group. */
function lineLocator(page, text) {
  return page.locator('.editor-group-container.active .editor-instance .view-lines .view-line', { hasText: text }).first();
}

/** Puts the cursor at the end of the line that shows `text`. */
async function cursorOnLine(page, text) {
  await lineLocator(page, text).click();
  await page.keyboard.press('End');
}

async function statusBarEnvironment(page) {
  return (await page.locator('.statusbar-item:has(.codicon-server-environment)').first().innerText()).replace(/\s+/g, ' ').trim();
}

async function waitForStatus(page, pattern, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await statusBarEnvironment(page).catch(() => '');
    if (pattern.test(text)) return text;
    await page.waitForTimeout(150);
  }
  throw new Error(`status bar reads ${JSON.stringify(text)}, not ${pattern}`);
}

/** Picks an item of the open quick pick / input by typing `text` and pressing Enter. */
async function answerQuickInput(page, text) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(text);
  await page.waitForTimeout(200);
  await page.keyboard.press('Enter');
}

async function pickEnvironment(page, name) {
  await page.locator('.statusbar-item:has(.codicon-server-environment)').first().click();
  await answerQuickInput(page, name);
  await waitForStatus(page, new RegExp(`\\b${name}\\b`));
}

export async function runSendChecks({ page, fake, check, log, shots }) {
  await check('send.kreq shows "▶ Send Request (multirequest, 2 calls)" over its first block', async () => {
    await openFile('send.kreq');
    await page.waitForSelector('.codelens-decoration a:has-text("multirequest, 2 calls")', { timeout: 20000 });
    const lenses = await page.$$eval('.codelens-decoration a', links => links.map(link => link.textContent.trim()));
    log(`  lenses: ${lenses.join(' | ')}`);
  });

  await check('the status bar picks the environment e2e', async () => {
    log(`  before: ${JSON.stringify(await waitForStatus(page, /no environment|e2e/))}`);
    await pickEnvironment(page, 'e2e');
  });

  await check('clicking the lens sends the block: ✓ and ✗ notes after the call lines', async () => {
    await page.locator('.codelens-decoration a:has-text("multirequest, 2 calls")').click();
    const notes = await waitForNotes(page, found => found.length >= 2, 'no notes');
    log(`  notes: ${JSON.stringify(notes)}`);
    if (!/^✓ KalturaMediaListResponse · totalCount 3 · \d+ ms for 2 calls$/.test(notes[0])) throw new Error(`first note ${JSON.stringify(notes[0])}`);
    if (notes[1] !== '✗ ENTRY_ID_NOT_FOUND: Entry id "0_missing" not found') throw new Error(`second note ${JSON.stringify(notes[1])}`);
    if (fake.calls.join(',') !== 'media.list,media.get') throw new Error(`the fake answered ${fake.calls.join(',')}`);
  });

  await check('the response opens beside in "Kreq Response"', async () => {
    await page.waitForSelector('.tab[aria-label*="Kreq Response"]', { timeout: 10000 });
    const groups = await page.locator('.editor-group-container').count();
    const response = page.locator('.editor-group-container', { has: page.locator('.tab.active[aria-label*="Kreq Response"]') });
    await response.locator('.view-lines .view-line', { hasText: '0_e2e001' }).first().waitFor({ timeout: 10000 });
    if (groups < 2) throw new Error(`${groups} editor group(s)`);
    await screenshot(path.join(shots, 'sent.png'));
  });

  await check('hovering the ✓ note shows the result', async () => {
    const box = await page.evaluate(() => {
      const span = [...document.querySelectorAll('.editor-instance .view-lines .view-line span')]
        .find(element => getComputedStyle(element, '::after').content.includes('✓'));
      const rect = span?.getBoundingClientRect();
      return rect && { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
    });
    if (!box) throw new Error('no ✓ note');
    await page.mouse.move(box.x + Math.max(4, box.width / 2), box.y + box.height / 2);
    await page.mouse.move(box.x + Math.max(6, box.width / 2) + 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'totalCount' }).first();
    await hover.waitFor({ state: 'visible', timeout: 10000 });
    log(`  hover: ${JSON.stringify((await hover.innerText()).slice(0, 120))}`);
    await page.waitForTimeout(300);
    await screenshot(path.join(shots, 'note-hover.png'));
    await page.mouse.move(0, 0);
  });

  await check('the failed call is a problem from kaltura', async () => {
    await page.keyboard.press('Control+Shift+M');
    // The list renders only the rows in view: filter it down to the one expected.
    const filter = page.locator('input[placeholder^="Filter (e.g. text"]').first();
    await filter.fill('ENTRY_ID_NOT_FOUND');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'ENTRY_ID_NOT_FOUND' }).first();
    await row.waitFor({ timeout: 10000 });
    log(`  problem: ${JSON.stringify((await row.innerText()).replace(/\s+/g, ' ').slice(0, 160))}`);
    await filter.fill('');
    await runCommand('View: Hide Panel');
  });

  await check('Ctrl+Alt+R sends the block at the cursor', async () => {
    await cursorOnLine(page, 'system.ping');
    await page.keyboard.press('Control+Alt+R');
    const notes = await waitForNotes(page, found => found.some(note => note.startsWith('✓ true')), 'no ✓ true note');
    log(`  notes: ${JSON.stringify(notes)}`);
  });

  await check('editing a block drops its notes and keeps the others', async () => {
    await cursorOnLine(page, 'entryId = 0_missing');
    await page.keyboard.type('x');
    const notes = await waitForNotes(page, found => found.length === 1, 'still several notes', 5000);
    if (!notes[0].startsWith('✓ true')) throw new Error(`the note left is ${JSON.stringify(notes[0])}`);
  });

  await check('a slow block shows a progress notification whose Cancel stops it', async () => {
    await cursorOnLine(page, 'system.getVersion');
    await page.keyboard.press('Control+Alt+R');
    const toast = page.locator('.notification-toast', { hasText: 'Kreq' }).first();
    await toast.waitFor({ state: 'visible', timeout: 10000 });
    log(`  progress: ${JSON.stringify((await toast.innerText()).replace(/\s+/g, ' '))}`);
    await screenshot(path.join(shots, 'progress.png'));
    await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await toast.waitFor({ state: 'hidden', timeout: 10000 });
    await page.waitForTimeout(500);
    const notes = await visibleNotes(page);
    if (notes.some(note => /22\.19\.0/.test(note))) throw new Error('the cancelled call answered anyway');
    log(`  notes after cancelling: ${JSON.stringify(notes)}`);
  });

  await check('a response of megabytes is shown fast, cut to 5 MB', async () => {
    await cursorOnLine(page, 'baseEntry.list');
    const started = Date.now();
    await page.keyboard.press('Control+Alt+R');
    await waitForNotes(page, found => found.some(note => note.startsWith('✓ KalturaBaseEntryListResponse')), 'no big result', 60000);
    const noted = Date.now() - started;
    const response = page.locator('.editor-group-container', { has: page.locator('.tab.active[aria-label*="Kreq Response"]') });
    await response.locator('.view-lines .view-line', { hasText: '0_big00000' }).first().waitFor({ timeout: 30000 });
    const shown = Date.now() - started;
    // The end of the text: the note of the cut.
    await response.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await response.locator('.view-lines .view-line', { hasText: 'only its first' }).first().waitFor({ timeout: 15000 });
    const scrolled = Date.now() - started;
    log(`  note after ${noted} ms, response shown after ${shown} ms, its end after ${scrolled} ms`);
    await screenshot(path.join(shots, 'big-response.png'));
    if (shown > 15000) throw new Error(`the response took ${shown} ms`);
    await page.keyboard.press('Control+1'); // back to the request editor
  });

  await check('Kreq: Set Secret stores an admin secret that session.start uses', async () => {
    const started = Date.now();
    await runCommand('Kreq: Set Secret');
    await answerQuickInput(page, 'secret');
    await answerQuickInput(page, 'adminSecret');
    await answerQuickInput(page, 's3cret');
    await page.waitForSelector('.notification-toast:has-text("secret.adminSecret stored")', { timeout: 10000 });
    log(`  stored after ${Date.now() - started} ms`);
    await pickEnvironment(page, 'secret');
    log(`  picked after ${Date.now() - started} ms`);
    await cursorOnLine(page, 'pager:pageSize = 3');
    await page.keyboard.press('Control+Alt+R');
    const notes = await waitForNotes(page, found => found.some(note => note.startsWith('✓ KalturaMediaListResponse')), 'no media.list result');
    log(`  notes: ${JSON.stringify(notes)}; the fake answered ${fake.calls.join(',')}`);
    if (!fake.calls.includes('session.start')) throw new Error('no session.start');
    log(`  status bar: ${JSON.stringify(await waitForStatus(page, /secret · KS (23|24) h/))}`);
    await screenshot(path.join(shots, 'session.png'));
  });

  await check('Kreq: Copy as cURL puts the block on the clipboard, secrets masked', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await cursorOnLine(page, 'system.ping');
    await runCommand('Kreq: Copy as cURL');
    await page.waitForSelector('.statusbar-item:has-text("cURL copied (secrets masked)")', { timeout: 10000 });
    const clipboard = await page.evaluate(() => navigator.clipboard.readText()).catch(error => `(clipboard unreadable: ${error.message})`);
    log(`  clipboard: ${JSON.stringify(clipboard.slice(0, 160))}`);
    if (!clipboard.includes('curl') || !clipboard.includes('system/action/ping')) throw new Error('not the cURL of system.ping');
  });
}
