// The UI scenarios of sending, in real VS Code. Against `kreq sandbox` (the examples' `sandbox` environment): pick
// the environment in the status bar, click "▶ Send Request" over blocks of getting-started.kreq and
// multirequest.kreq → a note after each call line, the failed call with its code, as a `kaltura` problem too, the
// response beside; Ctrl+Alt+R; notes dropped on edit; "Kreq: Set Secret" for an environment that starts its own
// session; Copy as cURL. Against the fake (what a sandbox cannot do): cancelling a slow call, a response of megabytes.
//
//   writeSendWorkspace(workspace, { sandboxUrl, fakeUrl });                 // before start({ workspace })
//   await runSandboxScenarios({ page, sandboxUrl, check, log, shots });
//   await runFakeScenarios({ page, fake, check, log, shots });

import * as fs from 'node:fs';
import * as path from 'node:path';
import { openFile, runCommand, screenshot } from './codeServerHarness.mjs';
import { answerQuickInput, clickLens, cursorOnLine, noteBox, pickEnvironment, waitForNotes, waitForStatus } from './workbenchPage.mjs';

/** The file sent to the fake, in its own folder with its own kreq.env.json. */
const FAKE_KREQ = ['### Slow', 'system.getVersion', '', '### Big', 'baseEntry.list', 'ks = fake-ks', '', '### Thumbnail', 'thumbAsset.serve', 'thumbAssetId = 0_thumb', 'ks = fake-ks', ''].join('\n');

/**
 * Points the copy's `sandbox` environment at the running sandbox, adds `selfservice` (the sandbox, the admin
 * secret to be given with "Kreq: Set Secret"), and writes fake/fake.kreq with a `fake` environment.
 */
export function writeSendWorkspace(workspace, { sandboxUrl, fakeUrl }) {
  const file = path.join(workspace, 'kreq.env.json');
  const environments = JSON.parse(fs.readFileSync(file, 'utf8'));
  environments.sandbox.serviceUrl = sandboxUrl;
  environments.selfservice = { serviceUrl: sandboxUrl, partnerId: 100, session: { type: 'ADMIN', userId: 'me@example.com', expiry: 3600 } };
  fs.writeFileSync(file, JSON.stringify(environments, null, 2));
  fs.mkdirSync(path.join(workspace, 'fake'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'fake', 'fake.kreq'), FAKE_KREQ);
  fs.writeFileSync(path.join(workspace, 'fake', 'kreq.env.json'), JSON.stringify({ fake: { serviceUrl: fakeUrl, partnerId: 100 } }, null, 2));
}

/** Fails unless the notes are exactly on the lines given, in order, each matching its pattern. */
function expectNotes(notes, expected) {
  const shown = notes.map(({ line, note }) => `${line} → ${note}`);
  if (notes.length !== expected.length) throw new Error(`${notes.length} notes: ${JSON.stringify(shown)}`);
  expected.forEach(([line, pattern], index) => {
    if (notes[index].line !== line || !pattern.test(notes[index].note)) throw new Error(`note ${index + 1} is ${JSON.stringify(shown[index])}, expected ${line} → ${pattern}`);
  });
}

/**
 * Runs `body` with a wider window, no side bar and the request editor (left) wider than the response (right):
 * for a screenshot of the notes beside the response.
 */
async function widened(page, body) {
  const viewport = page.viewportSize();
  await page.keyboard.press('Control+B');
  await page.setViewportSize({ width: 1800, height: viewport.height });
  await page.waitForTimeout(300);
  const sash = page.locator('.part.editor .monaco-sash.vertical').first();
  const box = await sash.boundingBox();
  if (box) {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 300, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
  }
  await page.keyboard.press('Control+Home');
  try {
    await page.waitForTimeout(500);
    return await body();
  } finally {
    await page.setViewportSize(viewport);
    await page.keyboard.press('Control+B');
  }
}

export async function runSandboxScenarios({ page, check, log, shots }) {
  await check('the status bar picks the environment `sandbox`', async () => {
    await openFile('getting-started.kreq');
    log(`  before: ${JSON.stringify(await waitForStatus(page, /no environment|sandbox/))}`);
    log(`  after: ${JSON.stringify(await pickEnvironment(page, 'sandbox'))}`);
  });

  await check('"▶ Send Request" over the upload block: a ✓ note after each of its 3 call lines', async () => {
    await clickLens(page, 'multirequest, 3 calls');
    const notes = await waitForNotes(page, found => found.length === 3, 'three notes');
    expectNotes(notes, [
      ['uploadToken.add', /^✓ KalturaUploadToken · id 0_\w+ · \d+ ms for 3 calls$/],
      ['uploadToken.upload', /^✓ KalturaUploadToken · id 0_\w+$/],
      ['baseEntry.addFromUploadedFile', /^✓ KalturaMediaEntry · id 0_\w+$/],
    ]);
  });

  let entryId = '';
  await check('"▶ Send Request" on a multirequest: each call line shows its note, the failed call its code', async () => {
    await openFile('multirequest.kreq');
    await clickLens(page, 'multirequest, 4 calls');
    const lenses = await page.$$eval('.editor-group-container.active .codelens-decoration a', links => links.map(link => link.textContent.trim()));
    log(`  lenses: ${lenses.join(' | ')}`);
    const notes = await waitForNotes(page, found => found.length === 4, 'four notes');
    log(`  notes: ${JSON.stringify(notes.map(({ line, note }) => `${line} → ${note}`))}`);
    expectNotes(notes, [
      ['session.start', /^✓ .+ · \d+ ms for 4 calls$/],
      ['media.list', /^✓ KalturaMediaListResponse · totalCount 1$/],
      ['media.get', /^✓ KalturaMediaEntry · id 0_\w+$/],
      ['baseEntry.getByIds', /^✗ ACTION_BLOCKED: Action "getbyids" in service "baseentry" is blocked$/],
    ]);
    entryId = /id (0_\w+)/.exec(notes[2].note)[1];
  });

  await check('the response opens beside, in "Kreq Response"', async () => {
    await page.waitForSelector('.tab[aria-label*="Kreq Response"]', { timeout: 10000 });
    const response = page.locator('.editor-group-container', { has: page.locator('.tab.active[aria-label*="Kreq Response"]') });
    await response.locator('.view-lines .view-line', { hasText: entryId }).first().waitFor({ timeout: 10000 });
    const groups = await page.locator('.editor-group-container').count();
    if (groups < 2) throw new Error(`${groups} editor group(s)`);
    await widened(page, () => screenshot(path.join(shots, 'send.png')));
  });

  await check('hovering the ✓ note of media.get shows its result', async () => {
    const box = await noteBox(page, 'KalturaMediaEntry · id');
    if (!box) throw new Error('no ✓ note of media.get');
    await page.mouse.move(box.x + Math.max(4, box.width / 2), box.y + box.height / 2);
    await page.mouse.move(box.x + Math.max(6, box.width / 2) + 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: entryId }).first();
    await hover.waitFor({ state: 'visible', timeout: 10000 });
    log(`  hover: ${JSON.stringify((await hover.innerText()).slice(0, 120))}`);
    await page.waitForTimeout(300);
    await screenshot(path.join(shots, 'note-hover.png'));
    await page.mouse.move(0, 0);
  });

  await check('the failed call is in Problems, from kaltura, with its code', async () => {
    await page.keyboard.press('Control+Shift+M');
    // The list renders only the rows in view: filter it down to the one expected.
    const filter = page.locator('input[placeholder^="Filter (e.g. text"]').first();
    await filter.fill('ACTION_BLOCKED');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'ACTION_BLOCKED' }).first();
    await row.waitFor({ timeout: 10000 });
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    log(`  problem: ${JSON.stringify(text.slice(0, 160))}`);
    if (!/kaltura/.test(text)) throw new Error(`not from kaltura: ${text}`);
    await filter.fill('');
    await runCommand('View: Hide Panel');
  });

  await check('Ctrl+Alt+R sends the block at the cursor', async () => {
    await openFile('getting-started.kreq');
    await cursorOnLine(page, 'filter:userIdEqual = {{userId}}');
    await page.keyboard.press('Control+Alt+R');
    const notes = await waitForNotes(page, found => found.some(({ note }) => note.startsWith('✓ KalturaMediaListResponse · totalCount 1')), 'a media.list note');
    log(`  notes: ${JSON.stringify(notes.map(({ note }) => note))}`);
  });

  await check('editing a block drops its notes and keeps the others', async () => {
    const upload = ({ line }) => /^(uploadToken|baseEntry)\./.test(line);
    const before = await waitForNotes(page, found => found.some(upload) && found.some(({ line }) => line === 'media.list'), 'notes of both blocks in view');
    await cursorOnLine(page, 'entry:name = Intro');
    await page.keyboard.type(' clip');
    const after = await waitForNotes(page, found => !found.some(upload), 'the upload notes gone', 5000);
    const list = before.find(({ line }) => line === 'media.list');
    if (after.length !== 1 || after[0].note !== list.note) throw new Error(`the notes left are ${JSON.stringify(after)}`);
    await page.keyboard.press('Control+Z');
  });

  await check('"Kreq: Set Secret" gives `selfservice` its admin secret; sending starts a session with it', async () => {
    await runCommand('Kreq: Set Secret');
    await answerQuickInput(page, 'selfservice');
    await answerQuickInput(page, 'adminSecret');
    await answerQuickInput(page, 'sandbox-admin-secret');
    await page.waitForSelector('.notification-toast:has-text("selfservice.adminSecret stored")', { timeout: 10000 });
    await pickEnvironment(page, 'selfservice');
    await cursorOnLine(page, 'filter:userIdEqual = {{userId}}');
    await page.keyboard.press('Control+Alt+R');
    await waitForNotes(page, found => found.some(({ line, note }) => line === 'media.list' && /^✓ KalturaMediaListResponse · totalCount 1 · \d+ ms$/.test(note)), 'the list sent with the new session');
    log(`  status bar: ${JSON.stringify(await waitForStatus(page, /selfservice · KS (59 min|1 h)/))}`);
    await screenshot(path.join(shots, 'session.png'));
  });

  await check('"Kreq: Copy as cURL" puts the block on the clipboard, secrets masked', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await cursorOnLine(page, 'filter:userIdEqual = {{userId}}');
    await runCommand('Kreq: Copy as cURL');
    await page.waitForSelector('.statusbar-item:has-text("cURL copied (secrets masked)")', { timeout: 10000 });
    const clipboard = await page.evaluate(() => navigator.clipboard.readText()).catch(error => `(clipboard unreadable: ${error.message})`);
    log(`  clipboard: ${JSON.stringify(clipboard.slice(0, 160))}`);
    if (!clipboard.startsWith('curl') || !clipboard.includes('/api_v3/service/media/action/list')) throw new Error('not the cURL of media.list');
    if (clipboard.includes('sandbox-admin-secret')) throw new Error('the secret is in the clipboard');
  });
}

export async function runFakeScenarios({ page, fake, check, log, shots }) {
  await check('a slow call shows a progress notification whose Cancel stops it', async () => {
    await openFile('fake/fake.kreq');
    await pickEnvironment(page, 'fake');
    await cursorOnLine(page, 'system.getVersion');
    await page.keyboard.press('Control+Alt+R');
    const toast = page.locator('.notification-toast', { hasText: 'Kreq' }).first();
    await toast.waitFor({ state: 'visible', timeout: 10000 });
    log(`  progress: ${JSON.stringify((await toast.innerText()).replace(/\s+/g, ' '))}`);
    await screenshot(path.join(shots, 'progress.png'));
    await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await toast.waitFor({ state: 'hidden', timeout: 10000 });
    await page.waitForSelector('.statusbar-item:has-text("Kreq: sending cancelled")', { timeout: 10000 });
    await page.waitForTimeout(500);
    if ((await waitForNotes(page, () => true, 'notes')).length) throw new Error('the cancelled call got a note');
    if (fake.calls.join() !== 'system.getversion') throw new Error(`the fake answered ${fake.calls.join()}`);
  });

  await check('a response of megabytes is shown fast and whole, from a temp file', async () => {
    await cursorOnLine(page, 'baseEntry.list');
    const started = Date.now();
    await page.keyboard.press('Control+Alt+R');
    await waitForNotes(page, found => found.some(({ note }) => note.startsWith('✓ KalturaBaseEntryListResponse')), 'no big result', 60000);
    const noted = Date.now() - started;
    // Over 5 MB the response is written to a file in the temp folder and opened from there, whole.
    const response = page.locator('.editor-group-container', { has: page.locator('.tab.active[aria-label*="Kreq Response"][aria-label*=".txt"]') });
    await response.locator('.view-lines .view-line', { hasText: '0_big00000' }).first().waitFor({ timeout: 30000 });
    const shown = Date.now() - started;
    await response.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await response.locator('.view-lines .view-line', { hasText: '"totalCount": 30000' }).first().waitFor({ timeout: 15000 });
    log(`  note after ${noted} ms, response shown after ${shown} ms, its end after ${Date.now() - started} ms`);
    await screenshot(path.join(shots, 'big-response.png'));
    if (shown > 15000) throw new Error(`the response took ${shown} ms`);
    await page.keyboard.press('Control+1');
  });

  await check('an answer that is a file is saved: its type and size in the note, its hover opens it', async () => {
    await cursorOnLine(page, 'thumbAssetId = 0_thumb');
    await page.keyboard.press('Control+Alt+R');
    const notes = await waitForNotes(page, found => found.some(({ note }) => note.startsWith('✓ image/png file')), 'no file note', 20000);
    log(`  notes: ${JSON.stringify(notes)}`);
    const note = notes.find(({ note: text }) => text.startsWith('✓ image/png file'));
    if (!/^✓ image\/png file · 70 bytes/.test(note.note)) throw new Error(`the note is ${JSON.stringify(note.note)}`);
    const box = await noteBox(page, 'image/png file');
    if (!box) throw new Error('no note box of the file answer');
    await page.mouse.move(box.x + Math.max(4, box.width / 2), box.y + box.height / 2);
    await page.mouse.move(box.x + Math.max(6, box.width / 2) + 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Open the file' }).first();
    await hover.waitFor({ timeout: 10000 });
    await screenshot(path.join(shots, 'file-answer.png'));
    await hover.locator('a', { hasText: 'Open the file' }).click();
    await page.locator('.tab.active[aria-label*="thumbnail.png"]').waitFor({ timeout: 10000 });
    await page.keyboard.press('Control+1');
  });
}
