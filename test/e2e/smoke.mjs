// Smoke test of the built extension in a real VS Code (code-server + chromium): language mode, diagnostics,
// hover and completion on a temporary copy of examples/, then sending blocks to a fake Kaltura (sendChecks.mjs),
// with screenshots in test-output/e2e/.
//
// Run: npm run build && scripts/install-code-server.sh && node test/e2e/smoke.mjs
// Exit code 0 when every check passed; the last line is "N passed, N failed".

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, openFile, outputChannelText, screenshot, start, stop } from './codeServerHarness.mjs';
import { startFakeKaltura } from './fakeKaltura.mjs';
import { runSendChecks, writeSendWorkspace } from './sendChecks.mjs';

const SHOTS = path.join(REPO_ROOT, 'test-output', 'e2e');
const t0 = Date.now();
const seconds = () => ((Date.now() - t0) / 1000).toFixed(2);
const log = (...parts) => console.log(`[${seconds()}s]`, ...parts);
const results = { passed: 0, failed: 0 };

async function check(name, body) {
  try {
    await body();
    results.passed++;
    log('PASS', name);
  } catch (error) {
    results.failed++;
    log('FAIL', name, '—', String(error?.message ?? error).split('\n')[0]);
    await screenshot(path.join(SHOTS, `failed-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`)).catch(() => undefined);
  }
}

/** What `kreq check` (the same server core, outside the editor) counts for a file: { errors, warnings }. */
function cliCounts(file) {
  let stdout;
  try {
    stdout = execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'check', '--format', 'json', file],
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

/** The Problems entry of the status bar as { errors, warnings }, from its accessible label. */
async function statusBarProblems(page) {
  const label = (await page.locator('#status\\.problems').getAttribute('aria-label')) ?? '';
  // "Errors: 17, Warnings: 5"; "No Problems" when there are none.
  const number = word => {
    const match = new RegExp(`${word}s?:\\s*(\\d+)`, 'i').exec(label);
    return match ? Number(match[1]) : /no problems/i.test(label) ? 0 : NaN;
  };
  return { label, errors: number('error'), warnings: number('warning') };
}

/** The labels the suggest widget currently shows. */
async function suggestLabels(page) {
  await page.waitForSelector('.suggest-widget.visible .monaco-list-row', { timeout: 15000 });
  return page.$$eval('.suggest-widget.visible .monaco-list-row .label-name', elements => elements.map(element => element.textContent.trim()));
}

/** The text of the editor line the cursor is on (as rendered; non-breaking spaces made plain). */
async function currentLineText(page) {
  return page.$eval('.editor-instance .view-overlays .current-line', overlay => {
    const top = overlay.parentElement.style.top;
    const line = [...document.querySelectorAll('.editor-instance .view-lines .view-line')].find(element => element.style.top === top);
    return (line?.textContent ?? '').replace(/\u00a0/g, ' ');
  });
}

/** The checks, in order: each one leaves the editor where the next expects it. */
async function runChecks(page, workspace) {
  const expected = cliCounts(path.join(workspace, 'mistakes.kreq'));
  let openedAt = 0;
  await check('mistakes.kreq opens in language mode Kreq', async () => {
    const quickOpenAt = Date.now();
    await openFile('mistakes.kreq');
    openedAt = Date.now();
    log(`  editor open ${openedAt - quickOpenAt} ms after Ctrl+P (the first file search waits for the extension host)`);
    await page.waitForSelector('#status\\.editor\\.mode:has-text("Kreq")', { timeout: 15000 });
  });
  await check('the grammar colours the file (several token colours)', async () => {
    const colours = await page.$$eval('.editor-instance .view-lines .view-line span span',
      spans => new Set(spans.map(span => getComputedStyle(span).color)).size);
    if (colours < 3) throw new Error(`only ${colours} distinct token colours`);
    log(`  ${colours} distinct token colours`);
  });
  await check('the server underlines the mistakes (error squiggles)', async () => {
    await page.waitForSelector('.editor-instance .squiggly-error', { timeout: 30000 });
    log(`  first squiggle ${openedAt ? Date.now() - openedAt : "?"} ms after the editor opened; ${await page.locator('.editor-instance .squiggly-error').count()} visible`);
  });
  await check(`the Problems count matches kreq check (${expected.errors} errors, ${expected.warnings} warnings)`, async () => {
    let problems;
    for (let attempt = 0; attempt < 50; attempt++) { // diagnostics can arrive in more than one publish
      problems = await statusBarProblems(page);
      if (problems.errors === expected.errors && problems.warnings === expected.warnings) break;
      await page.waitForTimeout(200);
    }
    log(`  status bar: ${JSON.stringify(problems.label)}`);
    if (problems.errors !== expected.errors || problems.warnings !== expected.warnings) {
      throw new Error(`status bar says ${problems.errors} errors, ${problems.warnings} warnings`);
    }
  });
  await screenshot(path.join(SHOTS, 'mistakes.png'));

  await check('getting-started.kreq has no errors', async () => {
    await openFile('getting-started.kreq');
    await page.waitForSelector('#status\\.editor\\.mode:has-text("Kreq")', { timeout: 15000 });
    await page.waitForTimeout(1500); // give diagnostics the time to arrive, if there were any
    const squiggles = await page.locator('.editor-instance .squiggly-error').count();
    if (squiggles) throw new Error(`${squiggles} error squiggles`);
  });
  await check('hover over a service name explains it', async () => {
    const service = page.locator('.editor-instance .view-lines .view-line span span', { hasText: /^media$/ }).first();
    await service.waitFor({ timeout: 10000 });
    await service.hover();
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
    await hover.waitFor({ state: 'visible', timeout: 10000 });
    const text = (await hover.innerText()).trim();
    log(`  hover: ${JSON.stringify(text.slice(0, 160))}`);
    if (!/media/i.test(text)) throw new Error(`hover does not mention media: ${JSON.stringify(text)}`);
    await page.waitForTimeout(400); // let the hover finish fading in before the screenshot
    await screenshot(path.join(SHOTS, 'hover.png'));
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
  });
  await check('Ctrl+Space after `media.` offers list and get', async () => {
    await page.click('.editor-instance .view-lines');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('media.');
    await page.keyboard.press('Control+Space');
    const all = await suggestLabels(page);
    log(`  after "media.": ${all.slice(0, 12).join(', ')}${all.length > 12 ? ', …' : ''}`);
    await screenshot(path.join(SHOTS, 'suggest.png'));
    // The widget renders only the rows in view: narrow the list to find each action.
    await page.keyboard.type('li');
    const afterLi = await suggestLabels(page);
    if (!afterLi.includes('list')) throw new Error(`no "list" after "media.li": ${afterLi.join(', ')}`);
    for (let i = 0; i < 2; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('ge');
    await page.keyboard.press('Control+Space');
    const afterGe = await suggestLabels(page);
    if (!afterGe.includes('get')) throw new Error(`no "get" after "media.ge": ${afterGe.join(', ')}`);
    log(`  after "media.li": ${afterLi.join(', ')}; after "media.ge": ${afterGe.join(', ')}`);
    await screenshot(path.join(SHOTS, 'suggest-get.png'));
  });
  await check('accepting `get` writes media.get', async () => {
    // Select the row labelled exactly `get` (it need not be the first), then accept it.
    const labels = await suggestLabels(page);
    const index = labels.indexOf('get');
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.suggest-widget.visible', { state: 'hidden', timeout: 5000 });
    const line = (await currentLineText(page)).trim();
    if (!line.startsWith('media.get')) throw new Error(`line reads ${JSON.stringify(line)}`);
    log(`  line now: ${JSON.stringify(line)}`);
    await screenshot(path.join(SHOTS, 'accepted.png'));
  });
}

async function main() {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-e2e-ws-'));
  fs.cpSync(path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });
  fs.rmSync(SHOTS, { recursive: true, force: true });
  const fake = await startFakeKaltura();
  writeSendWorkspace(workspace, fake.url);
  try {
    const session = await start({ workspace });
    log(`started: ${JSON.stringify(session.timings)} (ms)`);
    try {
      await runChecks(session.page, workspace);
      await runSendChecks({ page: session.page, fake, check, log, shots: SHOTS });
    } finally {
      const channel = outputChannelText('Kreq');
      if (results.failed && channel) console.log(`--- Kreq output channel ---\n${channel.split('\n').slice(-40).join('\n')}`);
      if (session.pageErrors.length) log(`page errors: ${session.pageErrors.slice(0, 5).join(' | ')}`);
      await stop();
    }
  } finally {
    await fake.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  results.failed++;
  console.error(error);
}
log(`screenshots in ${path.relative(process.cwd(), SHOTS) || '.'}`);
console.log(`${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed ? 1 : 0);
