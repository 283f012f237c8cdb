// The UI scenarios of the response view (issue 9), in real VS Code with default settings, typed at a human pace: a
// multirequest of examples/multirequest.kreq sent with Ctrl+Alt+R shows one response document (header, a heading
// per call), enum names and dates as inlay hints on screen, a property's description on hover; "Kreq: Response
// History" lists and reopens it; a second send and "Kreq: Compare Responses" open a diff editor; the history is still
// there after "Developer: Reload Window".
// Screenshots go to `shots` (response.png is the README's docs/images/response.png).
//
//   await runResponseScenarios({ page, workspace, schema, check, log, shots, sandbox, fake });

import * as path from 'node:path';
import { openFile, screenshot } from './codeServerHarness.mjs';
import { findInEditor, pickEnvironment, poll, waitForNotes, waitForStatus } from './workbenchPage.mjs';

/** How fast a person types here (ms per key). */
const TYPING_DELAY = 70;
const DATE = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/;

/** The editor group whose active tab's label contains `label`. */
function groupWithActiveTab(page, label) {
  return page.locator('.editor-group-container', { has: page.locator(`.tab.active[aria-label*="${label}"]`) }).first();
}

/** The rendered lines of a group, top to bottom, as text (inlay hints included: they are rendered text). */
async function renderedLines(group) {
  return group.locator('.editor-instance .view-lines .view-line').evaluateAll(lines => lines
    .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
    .map(line => line.textContent.replace(/\u00a0/g, ' ')));
}

/** Opens the command palette and types a command's title as a person would, then runs it. */
async function typeCommand(page, title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await page.keyboard.type(title, { delay: TYPING_DELAY });
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`, { timeout: 10000 });
  await page.keyboard.press('Enter');
}

/** The rows the open quick pick shows, as their accessible labels. */
async function quickPickRows(page) {
  await page.waitForSelector('.quick-input-widget .quick-input-list .monaco-list-row', { timeout: 10000 });
  return page.$$eval('.quick-input-widget .quick-input-list .monaco-list-row', rows => rows.map(row => row.getAttribute('aria-label') ?? row.textContent));
}

/** Runs `body` with a wider window and no side bar. */
async function wide(page, body) {
  const viewport = page.viewportSize();
  await page.keyboard.press('Control+B');
  await page.setViewportSize({ width: 1700, height: viewport.height });
  try {
    await page.waitForTimeout(600);
    return await body();
  } finally {
    await page.setViewportSize(viewport);
    await page.keyboard.press('Control+B');
  }
}

/** The rows of "Kreq: Response History" (closed again). */
async function history(page) {
  await typeCommand(page, 'Kreq: Response History');
  const rows = await quickPickRows(page).catch(() => []);
  await page.keyboard.press('Escape');
  return rows;
}

/** Puts the cursor in the request editor (group 1) on the line showing `text`, with the keyboard only: a click can
 *  miss a line hidden under the sticky scroll or scrolled half out of view. */
async function cursorAt(page, text) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+1');
  await page.keyboard.press('Control+Home');
  await findInEditor(page, text);
  await page.keyboard.press('End');
}

/** Sends the block at the line showing `callLine` with Ctrl+Alt+R; done once the send is in the history (notes
 *  from an earlier send of the same block look the same). Returns the notes. */
async function sendWithKeys(page, callLine, count) {
  const before = await history(page);
  await cursorAt(page, callLine);
  await page.keyboard.press('Control+Alt+R');
  await poll(page, `the send of ${callLine} in the history`, async () => {
    const rows = await history(page);
    return rows.length > before.length || rows[0] !== before[0];
  }, 30000);
  return waitForNotes(page, found => found.length >= count, `${count} notes`, 10000);
}

/** Scrolls the response group to the line showing `text` (find widget) and returns that line's locator. */
async function revealInResponse(page, group, text) {
  // Its tab, not a line: a line scrolled half out of view cannot be clicked.
  await group.locator('.tab.active').first().click();
  await page.keyboard.press('Control+F');
  const input = group.locator('.find-widget.visible textarea').first();
  await input.waitFor({ state: 'visible', timeout: 5000 });
  await input.fill(text);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  const line = group.locator('.editor-instance .view-lines .view-line', { hasText: text }).first();
  await line.waitFor({ timeout: 5000 }).catch(async error => {
    throw new Error(`${error.message.split('\n')[0]}; the response shows ${JSON.stringify((await renderedLines(group)).slice(0, 30))}`);
  });
  return line;
}

export async function runResponseScenarios({ page, check, log, shots }) {
  let response;
  await check('response: Ctrl+Alt+R in a multirequest shows one document, a heading per call', async () => {
    await page.keyboard.press('Control+1');
    await openFile('getting-started.kreq');
    const environment = await waitForStatus(page, /./);
    log(`  environment: ${JSON.stringify(environment)}`);
    if (!/^sandbox\b|\bsandbox$|\bsandbox\s/.test(environment)) log(`  picked: ${JSON.stringify(await pickEnvironment(page, 'sandbox'))}`);
    // An entry of our own (READY at once in this sandbox), so that the list has one to show.
    await sendWithKeys(page, 'uploadToken.add', 3);
    await openFile('multirequest.kreq');
    const notes = await sendWithKeys(page, 'session.start', 4);
    log(`  notes: ${JSON.stringify(notes.map(({ note }) => note))}`);
    response = groupWithActiveTab(page, 'Kreq Response');
    const lines = await poll(page, 'the response document', async () => {
      const shown = await renderedLines(response);
      return shown.some(line => line.startsWith('2 · media.list')) && shown;
    }, 20000);
    log(`  first lines: ${JSON.stringify(lines.slice(0, 8))}`);
    const expected = [
      /^Kreq response · sandbox · /,
      /^### Block 1 · line 3 · Start a session and use it at once$/,
      /^http:\/\/127\.0\.0\.1:\d+\/api_v3\/service\/multirequest · HTTP 200 · /,
      /^1 · session\.start · ✓ string$/,
      /^2 · media\.list · ✓ KalturaMediaListResponse$/,
    ];
    for (const pattern of expected) if (!lines.some(line => pattern.test(line))) throw new Error(`no line matches ${pattern}`);
    if (lines.some(line => line.includes('"kind"'))) throw new Error('the response shows kreq\'s internal object');
  });

  await check('response: enum names and dates are on screen as inlay hints', async () => {
    // The sandbox sends the status as text ("2"), as Kaltura's own servers often do.
    const status = await revealInResponse(page, response, '"status":');
    await poll(page, 'READY after "status": 2', async () => /"status": "?2"?\s*READY/.test((await status.textContent()).replace(/\u00a0/g, ' ')), 10000);
    const created = response.locator('.editor-instance .view-lines .view-line', { hasText: '"createdAt"' }).first();
    await poll(page, 'a date after "createdAt"', async () => DATE.test((await created.textContent()).replace(/\u00a0/g, ' ')), 10000).catch(async error => {
      throw new Error(`${error.message}: the response shows ${JSON.stringify((await renderedLines(response)).slice(0, 60))}`);
    });
    log(`  ${JSON.stringify((await status.textContent()).replace(/\u00a0/g, ' ').trim())}, ${JSON.stringify((await created.textContent()).replace(/\u00a0/g, ' ').trim())}`);
    // The README's picture: the top of the document (header, headings, hints), wider and without the side bar.
    await response.locator('.tab.active').first().click();
    await page.keyboard.press('Escape');
    await response.locator('.find-widget.visible').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
    await page.keyboard.press('Control+Home');
    await page.mouse.move(200, 12);
    await wide(page, () => screenshot(path.join(shots, 'response.png')));
  });

  await check('response: hovering a property shows its schema description', async () => {
    const line = await revealInResponse(page, response, '"createdAt"');
    const name = line.locator('span', { hasText: /^"?createdAt"?$/ }).last();
    const box = await name.boundingBox();
    if (!box) throw new Error('the "createdAt" key is not on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'createdAt' }).first();
    await hover.waitFor({ state: 'visible', timeout: 10000 });
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    log(`  hover: ${JSON.stringify(text.slice(0, 120))}`);
    if (!/Entry creation date/.test(text)) throw new Error(`the hover reads ${JSON.stringify(text)}`);
    await page.mouse.move(5, 5);
  });

  await check('response: "Kreq: Response History" lists the send and reopens it', async () => {
    await typeCommand(page, 'Kreq: Response History');
    const rows = await quickPickRows(page);
    log(`  history: ${JSON.stringify(rows.slice(0, 3))}`);
    if (!rows[0]?.includes('Start a session and use it at once') || !rows[0].includes('sandbox')) throw new Error(`the newest row is ${JSON.stringify(rows[0])}`);
    await page.keyboard.type('Start a session', { delay: TYPING_DELAY });
    await page.keyboard.press('Enter');
    const reopened = groupWithActiveTab(page, 'Start a session and use it at once');
    await reopened.locator('.editor-instance .view-lines .view-line', { hasText: '2 · media.list · ✓ KalturaMediaListResponse' }).first().waitFor({ timeout: 10000 });
  });

  await check('response: a second send, then "Kreq: Compare Responses" opens a diff editor', async () => {
    await page.keyboard.press('Control+1');
    await openFile('multirequest.kreq');
    await sendWithKeys(page, 'session.start', 4);
    await typeCommand(page, 'Kreq: Compare Responses');
    const first = await quickPickRows(page);
    log(`  compare 1/2: ${JSON.stringify(first.slice(0, 2))}`);
    await page.keyboard.press('Enter');
    await poll(page, 'the second pick', async () => (await page.locator('.quick-input-widget .quick-input-title', { hasText: '2/2' }).count()) > 0, 10000);
    await page.keyboard.press('Enter');
    const diff = page.locator('.editor-group-container.active .monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible', timeout: 10000 });
    await diff.locator('.view-line', { hasText: 'Kreq response · sandbox' }).first().waitFor({ timeout: 10000 });
    await screenshot(path.join(shots, 'response-compare.png'));
  });

  await check('response: the history survives a window reload', async () => {
    const before = await history(page);
    await typeCommand(page, 'Developer: Reload Window');
    await page.waitForTimeout(1000);
    await page.waitForSelector('.part.statusbar', { state: 'visible', timeout: 30000 });
    await page.waitForSelector('.editor-instance .view-lines .view-line', { timeout: 30000 });
    const after = await poll(page, 'the history after the reload', async () => {
      const rows = await history(page);
      return rows.length >= before.length && rows.length > 0 && rows;
    }, 30000);
    log(`  ${before.length} entries before the reload, ${after.length} after`);
    if (after[0] !== before[0]) throw new Error(`the newest entry was ${JSON.stringify(before[0])}, is ${JSON.stringify(after[0])}`);
  });
}
