// The UI scenarios of environments (issue 9), in real VS Code, typed at a human pace with default settings:
// "Kreq: Select Environment" from the keyboard shows each environment's service URL, partner and session; kreq.env.json
// gets JSON-schema validation (a squiggle on a wrong value and on a misspelt key) and completion; "Kreq: Copy Session
// KS" says which environment's KS it copied, and the Kreq output channel shows the session.start, masked.
// The schema following the environment is checked in the extension host (test/vscode/environments.vscode-test.ts):
// this workspace sets `kreq.schema`, and a schema set in the settings wins over the environment's by design.
//
//   await runEnvironmentScenarios({ page, workspace, schema, check, log, shots, sandbox, fake });

import * as path from 'node:path';
import { openFile, outputChannelText, runCommand, screenshot } from './codeServerHarness.mjs';
import { cursorOnLine, poll, squigglesOnLine, suggestLabels, waitForStatus } from './workbenchPage.mjs';

const TYPING_DELAY_MS = 80;

/** The rows of the open quick pick: their accessible labels (label, description and detail). */
async function quickPickRows(page) {
  await page.waitForSelector('.quick-input-widget .quick-input-list .monaco-list-row', { timeout: 10000 });
  return page.$$eval('.quick-input-widget .quick-input-list .monaco-list-row', rows => rows.map(row => row.textContent.replace(/\s+/g, ' ').trim()));
}

/** The text of the notification toasts on screen. */
async function notificationTexts(page) {
  return page.$$eval('.notifications-toasts .notification-list-item-message', messages => messages.map(message => message.textContent.replace(/\s+/g, ' ').trim()));
}

export async function runEnvironmentScenarios({ page, workspace, check, log, shots, sandbox }) {
  await check('environments: the picker (from the keyboard) shows the service URL, partner and session of each', async () => {
    await openFile('getting-started.kreq');
    await runCommand('Kreq: Select Environment');
    const rows = await poll(page, 'the environments with their details', async () => {
      const found = await quickPickRows(page);
      return found.some(row => row.includes('sandbox') && row.includes(sandbox.url)) ? found : undefined;
    });
    log(`  rows: ${JSON.stringify(rows)}`);
    const row = rows.find(text => text.startsWith('sandbox'));
    if (!row?.includes(`${sandbox.url} · partner 100`)) throw new Error(`the sandbox row reads ${JSON.stringify(row)}`);
    if (!row.includes('session: session.start with adminSecret')) throw new Error(`the sandbox row does not say how its session starts: ${JSON.stringify(row)}`);
    const prod = rows.find(text => text.startsWith('prod'));
    if (!prod?.includes('https://www.kaltura.com · partner 1234567') || !prod.includes('session: no credentials')) throw new Error(`the prod row reads ${JSON.stringify(prod)}`);
    await screenshot(path.join(shots, 'environment-picker.png'));
    // Narrow the list by typing, as a person would, then Enter.
    await page.keyboard.type('sandbox', { delay: TYPING_DELAY_MS });
    await page.keyboard.press('Enter');
    await waitForStatus(page, /\bsandbox\b/);
  });

  await check('environments: Copy Session KS says which environment; the log shows session.start masked', async () => {
    await openFile('getting-started.kreq');
    await runCommand('Kreq: Copy Session KS');
    const toast = await poll(page, 'the "copied the KS" notification', async () => (await notificationTexts(page)).find(text => text.includes('copied the KS')), 20000);
    log(`  notification: ${JSON.stringify(toast)}`);
    if (!/copied the KS of "sandbox" to the clipboard \(session\.start, expires .+\)/.test(toast)) throw new Error(`the notification reads ${JSON.stringify(toast)}`);
    await screenshot(path.join(shots, 'environment-copy-session-ks.png'));
    const channel = await poll(page, 'the session.start line in the Kreq output channel', async () => {
      const text = outputChannelText('Kreq');
      return text.includes('Session: session.start (ADMIN, secret=***) for "sandbox"') ? text : undefined;
    }, 20000);
    const line = channel.split('\n').find(text => text.includes('Session: session.start'));
    log(`  log: ${line.trim()}`);
    if (!/ks=\*\*\*, expires /.test(line)) throw new Error(`the session line does not mask the KS: ${line}`);
    if (channel.includes('sandbox-admin-secret')) throw new Error('the admin secret is in the Kreq output channel');
    const ks = await page.evaluate(() => navigator.clipboard.readText()).catch(() => undefined);
    if (ks) {
      if (channel.includes(ks)) throw new Error('the KS is in the Kreq output channel');
      log(`  clipboard: a KS of ${ks.length} characters, not in the log`);
    } else {
      log('  (the browser does not let the page read the clipboard: the KS itself is checked in the extension host)');
    }
    await page.keyboard.press('Escape');
  });

  await check('environments: kreq.env.json flags a wrong value and a misspelt key as you type, and completes keys', async () => {
    // The workspace's own file, by its absolute path: other scenarios leave kreq.env.json files of sub-folders in
    // Quick Open's recently opened list, which would come first.
    await openFile(path.join(workspace, 'kreq.env.json'));
    try {
      // A value of the wrong type for a reserved key.
      await cursorOnLine(page, '"entryId": "0_sandbox1"');
      await page.keyboard.type(',', { delay: TYPING_DELAY_MS });
      await page.keyboard.press('Enter');
      await page.keyboard.type('"clientTag": 5', { delay: TYPING_DELAY_MS });
      await poll(page, 'a warning squiggle on "clientTag": 5', async () => (await squigglesOnLine(page, '"clientTag": 5', 'warning')) > 0, 15000)
        .catch(async (error) => {
          await screenshot(path.join(shots, 'failed-environment-file-value.png'));
          throw error;
        });
      // Completion of the session's keys, then a misspelt one.
      // (the sandbox's `"type": "ADMIN",` line: a new line below it, inside its session object)
      await cursorOnLine(page, '"type": "ADMIN",');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+Space');
      const labels = await poll(page, 'the session keys offered', async () => {
        const offered = await suggestLabels(page);
        return offered.some(label => label.includes('expiry')) ? offered : undefined;
      });
      log(`  completion: ${JSON.stringify(labels)}`);
      if (!labels.some(label => label.includes('privileges'))) throw new Error(`the session keys offered are ${JSON.stringify(labels)}`);
      await screenshot(path.join(shots, 'environment-file-completion.png'));
      await page.keyboard.press('Escape');
      await page.keyboard.type('"typ": "ADMIN",', { delay: TYPING_DELAY_MS });
      await poll(page, 'a warning squiggle on the misspelt "typ"', async () => (await squigglesOnLine(page, '"typ"', 'warning')) > 0, 15000);
      // Only the two mistakes typed: no syntax error was typed with them.
      await poll(page, 'no error squiggle in the file', async () => (await squigglesOnLine(page, '"typ"', 'error')) === 0 && (await squigglesOnLine(page, '"clientTag": 5', 'error')) === 0, 5000);
      await screenshot(path.join(shots, 'environment-file-validation.png'));
    } finally {
      await runCommand('File: Revert File');
    }
  });
}
