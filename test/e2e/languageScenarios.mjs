// The UI scenarios of the language features, on a copy of examples/ in real VS Code: mistakes.kreq underlined
// (as many problems as `kreq check` finds), a hover, `media.` + Ctrl+Space offering the actions, and a misspelt
// action fixed through its quick fix (Ctrl+.). Screenshots go to `shots`.
//
//   await runLanguageScenarios({ page, workspace, schema, check, log, shots });   // after start({ workspace })

import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT, openFile, screenshot } from './codeServerHarness.mjs';
import { currentLineText, lineLocator, poll, squigglesOnLine, suggestLabels, waitForProblemCounts } from './workbenchPage.mjs';

/** The new file the completion scenario types into (written into the workspace before the editor starts). */
export const TRY_FILE = 'my-requests.kreq';
export const TRY_TEXT = '### My first request\n# Type a service name and a dot; Ctrl+Space lists its actions.\n';

/** What `kreq check` (the same server core, outside the editor) counts for a file: { errors, warnings }. */
function cliCounts(file, schema) {
  let stdout;
  try {
    stdout = execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'check', '--schema', schema, '--format', 'json', file],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    stdout = error.stdout; // exit code 1 = errors found
  }
  const problems = JSON.parse(stdout);
  return {
    errors: problems.filter(problem => problem.severity === 'error').length,
    warnings: problems.filter(problem => problem.severity === 'warning').length,
  };
}

export async function runLanguageScenarios({ page, workspace, schema, check, log, shots }) {
  const expected = cliCounts(path.join(workspace, 'mistakes.kreq'), schema);

  await check('mistakes.kreq opens in language mode Kreq, coloured by the grammar', async () => {
    const quickOpenAt = Date.now();
    await openFile('mistakes.kreq');
    log(`  editor open ${Date.now() - quickOpenAt} ms after Ctrl+P (the first file search waits for the extension host)`);
    await page.waitForSelector('#status\\.editor\\.mode:has-text("Kreq")', { timeout: 15000 });
    const colours = await page.$$eval('.editor-instance .view-lines .view-line span span',
      spans => new Set(spans.map(span => getComputedStyle(span).color)).size);
    if (colours < 3) throw new Error(`only ${colours} distinct token colours`);
  });

  await check(`its mistakes are underlined: ${expected.errors} errors and ${expected.warnings} warnings, as kreq check counts`, async () => {
    const openedAt = Date.now();
    await page.waitForSelector('.editor-instance .squiggly-error', { timeout: 30000 });
    log(`  first squiggle ${Date.now() - openedAt} ms after the editor showed`);
    log(`  status bar: ${JSON.stringify(await waitForProblemCounts(page, expected.errors, expected.warnings))}`);
    await page.waitForTimeout(300);
    await screenshot(path.join(shots, 'diagnostics.png'));
  });

  await check('a misspelt action: squiggle under `lst`, Ctrl+. → "Change to `list`" fixes the line', async () => {
    const squiggles = await squigglesOnLine(page, 'media.lst');
    if (squiggles !== 1) throw new Error(`${squiggles} error squiggles on the line of media.lst`);
    await lineLocator(page, 'media.lst').locator('span', { hasText: /^lst$/ }).first().click();
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Change to `list`' }).first();
    await fix.waitFor({ state: 'visible', timeout: 10000 });
    const titles = await page.$$eval('.action-widget .monaco-list-row', rows => rows.map(row => row.textContent.trim()));
    log(`  quick fixes: ${titles.join(' | ')}`);
    await page.waitForTimeout(300);
    await screenshot(path.join(shots, 'quick-fix.png'));
    // The first fix is focused: Enter applies it (as a person would, without the mouse).
    const focused = await page.locator('.action-widget .monaco-list-row.focused').first().innerText();
    if (!focused.includes('Change to `list`')) throw new Error(`the focused fix is ${JSON.stringify(focused)}`);
    await page.keyboard.press('Enter');
    await poll(page, 'the line reading media.list', async () => (await currentLineText(page)).trim() === 'media.list');
    await poll(page, 'its squiggle gone', async () => (await squigglesOnLine(page, 'media.list')) === 0);
    log(`  status bar after the fix: ${JSON.stringify(await waitForProblemCounts(page, expected.errors - 1, expected.warnings))}`);
  });

  await check('hover over a service name explains it', async () => {
    await openFile('getting-started.kreq');
    const service = page.locator('.editor-instance .view-lines .view-line span span', { hasText: /^media$/ }).first();
    await service.waitFor({ timeout: 10000 });
    await service.hover();
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
    await hover.waitFor({ state: 'visible', timeout: 10000 });
    const text = (await hover.innerText()).trim();
    log(`  hover: ${JSON.stringify(text.slice(0, 160))}`);
    if (!/Service\s+media/.test(text)) throw new Error(`hover does not explain media: ${JSON.stringify(text)}`);
    await page.waitForTimeout(400); // let the hover finish fading in before the screenshot
    await screenshot(path.join(shots, 'hover.png'));
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
  });

  await check('typing `media.` and Ctrl+Space lists its actions, most frequent first: list, get, add, …', async () => {
    await openFile(TRY_FILE);
    await page.click('.editor-group-container.active .editor-instance .view-lines');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('media.');
    await page.keyboard.press('Control+Space');
    const first = await suggestLabels(page);
    log(`  after "media.": ${first.join(', ')}, …`);
    // The actions people call most lead: list, get, add, update, delete; then the rest alphabetically.
    if (first.slice(0, 5).join(',') !== 'list,get,add,update,delete' || !first.includes('addContent')) throw new Error(`not media's actions, most frequent first: ${first.join(', ')}`);
    await screenshot(path.join(shots, 'completion-actions.png'));
    const focused = (await page.locator('.suggest-widget.visible .monaco-list-row.focused .label-name').first().innerText()).trim();
    if (focused !== 'list') throw new Error(`the first action is focused: expected "list", at ${JSON.stringify(focused)}`);
    const shown = await suggestLabels(page);
    log(`  around "list": ${shown.join(', ')}`);
    if (!shown.includes('get')) throw new Error(`"get" is not shown near "list": ${shown.join(', ')}`);
    await page.keyboard.press('Control+Space'); // the focused action's documentation beside the list
    await page.locator('.suggest-details-container .suggest-details', { hasText: 'KalturaMediaListResponse' }).first().waitFor({ state: 'visible', timeout: 5000 });
    await page.waitForTimeout(400);
    await screenshot(path.join(shots, 'completion.png'));
  });

  await check('accepting `list` writes media.list', async () => {
    await page.keyboard.press('Enter');
    await page.waitForSelector('.suggest-widget.visible', { state: 'hidden', timeout: 5000 });
    const line = (await currentLineText(page)).trim();
    if (line !== 'media.list') throw new Error(`line reads ${JSON.stringify(line)}`);
    await page.keyboard.press('Control+S');
  });
}
