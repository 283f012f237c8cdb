// The UI scenarios of "Paste as kreq" (issue 10 §4), in real VS Code with default settings: a cURL command on the
// clipboard, pasted into a .kreq file with Ctrl+V, becomes a block (the KS as {{ks}}, never in clear); plain text
// pasted the same way stays plain text. Asserted on the lines on screen; screenshots paste-*.png.
//
//   writeImportWorkspace(workspace);                                  // before start({ workspace })
//   await runImportScenarios({ page, workspace, check, log, shots });

import * as fs from 'node:fs';
import * as path from 'node:path';
import { openFile, outputChannelText, screenshot } from './codeServerHarness.mjs';
import { focusEditor, poll } from './workbenchPage.mjs';

const FILE = 'paste.kreq';
const KS = 'djJ8MTAwfFBBU1RFRFNFQ1JFVEtTMDAwMDAwMDA=';
const CURL = `curl -X POST 'https://www.kaltura.com/api_v3/service/media/action/list' \\\n  -d 'ks=${KS}' \\\n  -d 'filter:nameLike=intro' \\\n  -d 'format=1'`;
const KEY_DELAY = 80;

/** Writes the file the scenarios paste into: before code-server starts, so that Quick Open's index holds it. */
export function writeImportWorkspace(workspace) {
  fs.writeFileSync(path.join(workspace, FILE), '# Paste requests below\n');
}

/** The lines of the active editor, top to bottom, as shown. */
async function shownLines(page) {
  return page.$$eval('.editor-group-container.active .editor-instance .view-lines .view-line', lines => lines
    .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
    .map(line => line.textContent.replace(/\u00a0/g, ' ')));
}

async function pasteText(page, text) {
  await page.evaluate(value => navigator.clipboard.writeText(value), text);
  await page.keyboard.press('Control+V');
}

export async function runImportScenarios({ page, workspace, check, log, shots }) {
  await openFile(path.join(workspace, FILE));
  await poll(page, 'the kreq language server', async () => outputChannelText().includes('Schema API'), 30000);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await focusEditor(page);
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');

    await check('a cURL command pasted with Ctrl+V becomes a kreq block, the KS as {{ks}}', async () => {
      await pasteText(page, CURL);
      const lines = await poll(page, 'the imported block', async () => {
        const shown = await shownLines(page);
        return shown.includes('media.list') && shown.includes('filter:nameLike = intro') ? shown : undefined;
      }, 20000);
      await screenshot(path.join(shots, 'paste-as-kreq.png'));
      log(`  lines: ${JSON.stringify(lines)}`);
      const expected = ['### media.list (imported from cURL)', '# from https://www.kaltura.com', 'media.list', 'ks = {{ks}}', 'filter:nameLike = intro'];
      for (const line of expected) if (!lines.includes(line)) throw new Error(`no line ${JSON.stringify(line)}`);
      if (lines.some(line => line.includes(KS))) throw new Error('the KS is in the file');
      if (lines.some(line => line.startsWith('curl'))) throw new Error('the cURL text was pasted as is');
      const saved = fs.readFileSync(path.join(workspace, FILE), 'utf8');
      if (saved.includes(KS)) throw new Error('the KS reached the disk');
    });

    await check('plain text pasted with Ctrl+V stays plain text', async () => {
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('# note: ', { delay: KEY_DELAY });
      await pasteText(page, 'just words');
      const lines = await poll(page, 'the plain paste', async () => {
        const shown = await shownLines(page);
        return shown.includes('# note: just words') ? shown : undefined;
      });
      await screenshot(path.join(shots, 'paste-plain.png'));
      if (lines.filter(line => line.startsWith('###')).length !== 1) throw new Error(`a second block appeared: ${JSON.stringify(lines)}`);
    });
}
