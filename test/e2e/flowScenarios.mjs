// The UI scenarios of flows, in real VS Code against a `kreq sandbox --convert-seconds 2` of their own: a person
// opens flows/upload-and-check.kreq (create an entry → capture its id → upload → poll until READY), types one more
// check at human pace, clicks "▶▶ Send All" and reads the notes: the capture's value, the poll's tries, the
// failed assertion with what was there, the same failure as a problem; then runs the file in the Test Explorer.
// Screenshots go to `shots` (flows.png is the README's docs/images/flows.png).
//
//   writeFlowWorkspace(workspace, { sandboxUrl });               // before start({ workspace })
//   await runFlowScenarios({ page, check, log, shots });

import * as fs from 'node:fs';
import * as path from 'node:path';
import { openFile, runCommand, screenshot } from './codeServerHarness.mjs';
import { clickLens, focusEditor, lineLocator, pickEnvironment, poll, waitForNotes } from './workbenchPage.mjs';

export const FLOW_FILE = 'flows/upload-and-check.kreq';

const FLOW_TEXT = [
  '# A flow: each block captures what the next needs (> name = path); ?? lines check the outcome.',
  '',
  '### Create an entry',
  'media.add',
  'entry:objectType = KalturaMediaEntry',
  'entry:name = Intro clip',
  'entry:mediaType = VIDEO',
  '> entryId = result:id',
  '?? result:status == NO_CONTENT',
  '',
  '### Upload the clip and attach it',
  'uploadToken.add',
  'uploadToken.upload',
  'uploadTokenId = {1:result:id}',
  'fileData = @../clips/intro.mp4',
  'media.addContent',
  'entryId = {{entryId}}',
  'resource:objectType = KalturaUploadedFileTokenResource',
  'resource:token = {1:result:id}',
  '',
  '### Wait until it is ready',
  '# @poll every 1s for 1m',
  'media.get',
  'entryId = {{entryId}}',
  '?? result:status == READY',
  '?? result:name == Intro clip',
  '',
].join('\n');

/** What the person types at the end of the file: one more check, which a fresh entry cannot pass. */
const TYPED = ['### Has anyone played it?', 'media.get', 'entryId = {{entryId}}', '?? result:plays > 0'];

/** Writes flows/ with its file and a kreq.env.json whose `sandbox` is the converting sandbox. */
export function writeFlowWorkspace(workspace, { sandboxUrl }) {
  const folder = path.join(workspace, 'flows');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(workspace, FLOW_FILE), FLOW_TEXT);
  fs.writeFileSync(path.join(folder, 'kreq.env.json'), JSON.stringify({
    sandbox: { serviceUrl: sandboxUrl, partnerId: 100, adminSecret: 'sandbox-admin-secret', session: { type: 'ADMIN', userId: 'me@example.com' } },
  }, null, 2));
}

/** Types `text` as a person does; Escape closes a suggestion the trigger characters opened before Enter could take it. */
async function typeLine(page, text) {
  await page.keyboard.type(text, { delay: 45 });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
}

export async function runFlowScenarios({ page, check, log, shots }) {
  await check('a person types one more check at the end of a flows file', async () => {
    await openFile(FLOW_FILE);
    await pickEnvironment(page, 'sandbox');
    await focusEditor(page);
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    for (const line of TYPED) await typeLine(page, line);
    for (const line of TYPED) await lineLocator(page, line).waitFor({ timeout: 5000 });
  });

  await check('"▶▶ Send All": the capture, the poll\'s tries and the failed assertion as notes, the failure as a problem', async () => {
    // The notes are read from the rendered lines: the whole file must be in view, the last block's too.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 1500, height: 1100 });
    try {
      await page.keyboard.press('Control+Home');
      await clickLens(page, 'Send All (4 blocks)');
      const toast = page.locator('.notification-toast', { hasText: 'Kreq' }).first();
      const progress = await poll(page, 'a progress notification of the poll', async () => {
        const text = (await toast.innerText().catch(() => '')).replace(/\s+/g, ' ');
        return /try \d+ — waiting/.test(text) ? text : undefined;
      }, 20000).catch(error => `(not seen: ${error.message})`);
      log(`  progress: ${JSON.stringify(progress)}`);
      const notes = await waitForNotes(page, found => found.some(({ note }) => note.startsWith('✗ plays > 0')), 'the failed assertion\'s note', 60000);
      log(`  notes: ${JSON.stringify(notes.map(({ line, note }) => `${line} → ${note}`))}`);
      const expect = (line, pattern) => {
        if (!notes.some(note => note.line === line && pattern.test(note.note))) throw new Error(`no note ${pattern} after ${line}`);
      };
      expect('media.add', /^✓ 1 assertion · KalturaMediaEntry · id 0_\w+/);
      expect('uploadToken.add', /^✓ KalturaUploadToken · id 0_\w+/);
      expect('media.get', /^✓ 2 assertions · KalturaMediaEntry · id 0_\w+ · \d+ ms · [2-9] tries$/);
      expect('media.get', /^✗ plays > 0 \(was 0\)/);
      // A capture's note has no ✓: read it from the line's decoration directly.
      const capture = await page.evaluate(() => [...document.querySelectorAll('.editor-group-container.active .view-lines .view-line span')]
        .map(span => getComputedStyle(span, '::after').content).find(content => /^"entryId = 0_/.test(content ?? '')));
      if (!capture) throw new Error('no note after > entryId = result:id');
      log(`  capture note: ${capture}`);
      await page.waitForSelector('.editor-group-container .squiggly-error', { timeout: 10000 });
    } finally {
      await page.setViewportSize(viewport);
    }
  });

  await check('the flows file, with its notes, is the README\'s screenshot', async () => {
    const viewport = page.viewportSize();
    // Only the flow: no response beside it, no side bar, the whole file in view.
    await runCommand('View: Close Editors in Other Groups');
    await page.keyboard.press('Control+B');
    await page.setViewportSize({ width: 1500, height: 1000 });
    try {
      await focusEditor(page);
      await page.keyboard.press('Control+Home');
      await page.mouse.move(0, 0);
      await page.waitForTimeout(600);
      await screenshot(path.join(shots, 'flows.png'));
    } finally {
      await page.setViewportSize(viewport);
      await page.keyboard.press('Control+B');
    }
  });

  await check('the Test Explorer runs the flows file: the block with the failed check fails, the others pass', async () => {
    await runCommand('Testing: Focus on Test Explorer View');
    const row = page.locator('.test-explorer .monaco-list-row', { hasText: 'upload-and-check.kreq' }).first();
    await row.waitFor({ timeout: 15000 });
    await row.hover();
    await row.locator('.action-label.codicon-testing-run-icon').first().click();
    // The run expands nothing by itself: open the file's row to see its blocks.
    await poll(page, 'the file\'s test failed', async () => (await row.locator('.codicon-testing-failed-icon').count()) > 0, 60000);
    await row.click();
    await page.keyboard.press('ArrowRight');
    const failed = page.locator('.test-explorer .monaco-list-row', { hasText: 'Has anyone played it?' }).first();
    await failed.locator('.codicon-testing-failed-icon').waitFor({ timeout: 10000 });
    const passed = await page.locator('.test-explorer .monaco-list-row:has(.codicon-testing-passed-icon)').count();
    const text = (await page.locator('.test-explorer').innerText()).replace(/\s+/g, ' ');
    log(`  test explorer (${passed} passed rows): ${JSON.stringify(text.slice(0, 240))}`);
    if (passed < 3) throw new Error(`${passed} rows passed, expected the 3 other blocks`);
    await screenshot(path.join(shots, 'test-explorer.png'));
  });
}
