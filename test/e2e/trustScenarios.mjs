// The Workspace Trust scenario, as a person meets it: a folder VS Code has not trusted shows "⚠ Untrusted workspace"
// instead of "▶ Send Request"; clicking it opens VS Code's Workspace Trust editor, and once "Trust" is clicked the
// Send lenses come back and a send reaches the sandbox — without a reload.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openFile, REPO_ROOT, screenshot, start, stop } from './codeServerHarness.mjs';
import { writeSendWorkspace } from './sendScenarios.mjs';
import { clickLens, focusEditor, poll, waitForNotes } from './workbenchPage.mjs';

const UNTRUSTED_LENS = 'Untrusted workspace: sending is off';

/** The lens texts of the active editor. */
function lensTexts(page) {
  return page.$$eval('.editor-group-container.active .codelens-decoration a', links => links.map(link => link.textContent.trim()));
}

/** Starts its own code-server (Workspace Trust on) on a copy of examples/ whose `sandbox` is `sandboxUrl`, and runs. */
export async function runTrustScenarios({ sandboxUrl, check, log, shots }) {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-e2e-untrusted-'));
  fs.cpSync(path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });
  writeSendWorkspace(workspace, { sandboxUrl, fakeUrl: 'http://127.0.0.1:9' });
  try {
    // The environment is a user setting: a workspace setting would not be what an untrusted window reads first.
    const session = await start({ workspace, untrusted: true, settings: { 'kreq.environment': 'sandbox' } });
    const { page } = session;
    try {
      await check('untrusted: the Send lenses say why and offer to trust the workspace', async () => {
        await openFile('getting-started.kreq');
        await focusEditor(page);
        const lenses = await poll(page, 'the untrusted lenses', async () => {
          const found = await lensTexts(page);
          return found.length && found.every(text => text.includes(UNTRUSTED_LENS)) ? found : undefined;
        });
        log(`  lenses: ${lenses.join(' | ')}`);
        await screenshot(path.join(shots, 'trust-untrusted.png'));
      });

      await check('clicking it opens Workspace Trust; "Trust" turns sending on at once', async () => {
        await clickLens(page, UNTRUSTED_LENS);
        const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
        await trust.waitFor({ state: 'visible', timeout: 15000 });
        await trust.click();
        await openFile('getting-started.kreq');
        await focusEditor(page);
        const lenses = await poll(page, 'the Send lenses', async () => {
          const found = await lensTexts(page);
          return found.some(text => text.includes('▶ Send Request')) && !found.some(text => text.includes(UNTRUSTED_LENS)) ? found : undefined;
        });
        log(`  lenses: ${lenses.join(' | ')}`);
        await clickLens(page, 'multirequest, 2 calls');
        const notes = await waitForNotes(page, found => found.length === 2, 'two notes');
        log(`  notes: ${JSON.stringify(notes.map(({ line, note }) => `${line} → ${note}`))}`);
        if (!/^✓ KalturaMediaListResponse/.test(notes[0].note)) throw new Error(`media.list: ${notes[0].note}`);
        await screenshot(path.join(shots, 'trust-trusted.png'));
      });
    } finally {
      await stop();
    }
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
