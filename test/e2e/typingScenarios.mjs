// The UI scenarios of typing (issue 9), in real VS Code with default settings, typed at a human pace: the typing rule
// (an item writes its name and the separator that must follow it, and the next list opens; a separator typed by habit
// right after is dropped; a name that can end the line is written alone, so Enter after it opens a new line). After
// each gesture the whole text on screen is compared with what a person expects. Screenshots go to `shots`.
//
// The harness's user settings turn suggestions-while-typing off (Ctrl+Space only) for the other groups; this group
// puts the extension's `[kreq]` default back in the workspace's .vscode/settings.json (workspace beats user), and
// removes that file at the end.
//
//   await runTypingScenarios({ page, workspace, check, log, shots });   // after start({ workspace })

import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, openFile, screenshot } from './codeServerHarness.mjs';
import { focusEditor, poll } from './workbenchPage.mjs';

const FILE = 'typing.kreq';
/** What a fresh install gives `[kreq]` for what the harness changes in the user settings: the extension's defaults. */
const DEFAULT_SUGGEST_SETTINGS = {
  '[kreq]': {
    'editor.quickSuggestions': JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).contributes.configurationDefaults['[kreq]']['editor.quickSuggestions'],
  },
};
const FIRST_LINE = '### Typing flow';
/** A person's pace: 60–100 ms between keys. */
const KEY_DELAY = 80;

/** The lines of the active editor, top to bottom, as shown (non-breaking spaces made plain). */
async function shownLines(page) {
  return page.$$eval('.editor-group-container.active .editor-instance .view-lines .view-line', lines => lines
    .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
    .map(line => line.textContent.replace(/\u00a0/g, ' ')));
}

/** The cursor's line number (1-based) as the status bar shows it ("Ln 4, Col 10"). */
async function cursorLine(page) {
  const text = await page.locator('.statusbar-item[id="status.editor.selection"]').first().innerText();
  return Number(/Ln\s+(\d+)/.exec(text)?.[1]);
}

/** Writes the file the scenarios type into: before code-server starts, so that Quick Open's index holds it. */
export function writeTypingWorkspace(workspace) {
  fs.writeFileSync(path.join(workspace, FILE), `${FIRST_LINE}\n`);
}

export async function runTypingScenarios({ page, workspace, check, log, shots }) {
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  const settingsBefore = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(settingsBefore ?? '{}'), ...DEFAULT_SUGGEST_SETTINGS }, null, 2));
  writeTypingWorkspace(workspace);
  try {
    await typeEverything({ page, workspace, check, log, shots });
  } finally {
    if (settingsBefore === undefined) fs.rmSync(settingsFile);
    else fs.writeFileSync(settingsFile, settingsBefore);
  }
}

async function typeEverything({ page, workspace, check, log, shots }) {
  /** Every line typed so far, below the first; the last entry is the cursor's line. */
  let expected = [''];

  const type = text => page.keyboard.type(text, { delay: KEY_DELAY });

  /** Waits until the text on screen is the expected lines (the cursor on the last one); logs how long it took. */
  async function expectText(gesture) {
    const want = [FIRST_LINE, ...expected];
    const started = Date.now();
    let shown = [];
    try {
      await poll(page, gesture, async () => {
        shown = (await shownLines(page)).map(line => line.trimEnd());
        const wantTrimmed = want.map(line => line.trimEnd());
        return shown.length === want.length && shown.every((line, i) => line === wantTrimmed[i]) && (await cursorLine(page)) === want.length;
      }, 4000);
    } catch {
      throw new Error(`after ${gesture}: the editor shows ${JSON.stringify(shown)}, not ${JSON.stringify(want)}`);
    }
    log(`  ${gesture} → ${JSON.stringify(want.at(-1))} (${Date.now() - started} ms)`);
  }

  /** The exact text of the cursor's line (trailing blanks included), read through the model-backed status bar column. */
  async function expectColumn(column, gesture) {
    await poll(page, `column ${column} after ${gesture}`, async () => {
      const text = await page.locator('.statusbar-item[id="status.editor.selection"]').first().innerText();
      return Number(/Col\s+(\d+)/.exec(text)?.[1]) === column;
    }, 4000);
  }

  /** Waits until the suggest widget focuses `label`. */
  async function focused(label) {
    let shown = 'no suggestions';
    try {
      await poll(page, `the suggestion "${label}" focused`, async () => {
        const rows = await page.$$eval('.suggest-widget.visible .monaco-list-row', elements => elements.map(row =>
          `${row.classList.contains('focused') ? '>' : ''}${row.querySelector('.label-name')?.textContent.trim()}`));
        if (rows.length) shown = rows.join(', ');
        return rows.includes(`>${label}`);
      }, 10000);
    } catch {
      throw new Error(`the suggestion "${label}" is not focused: ${shown}`);
    }
  }

  const current = text => {
    expected[expected.length - 1] = text;
  };
  const newLine = () => expected.push('');

  await check('typing: a new file opens with its cursor at the end', async () => {
    // By its absolute path: the file was written a moment ago, and Quick Open's index of the workspace may not hold it yet.
    await openFile(path.join(workspace, FILE));
    await focusEditor(page);
    await page.keyboard.press('Control+End');
    await expectText('opening');
    await page.waitForTimeout(3000); // the workspace settings written above reach the editor
  });

  await check('typing: `media` Enter writes `media.` and lists its actions; `.` typed by habit is dropped', async () => {
    await type('media');
    await focused('media');
    await page.keyboard.press('Enter');
    current('media.');
    await expectText('"media" Enter');
    await focused('list');
    await type('.');
    await expectText('"media" Enter "."');
  });

  await check('typing: `get` Enter after `media.` opens a new line (nothing glued on)', async () => {
    await type('get');
    await focused('get');
    await page.keyboard.press('Enter');
    current('media.get');
    newLine();
    await expectText('"get" Enter');
  });

  await check('typing: Enter at the end of `entryId = 0_abc` opens a new line', async () => {
    await type('entryId = 0_abc');
    current('entryId = 0_abc');
    await expectText('"entryId = 0_abc"');
    await page.keyboard.press('Enter');
    newLine();
    await expectText('"entryId = 0_abc" Enter');
    await type('### Second');
    await page.keyboard.press('Enter');
    current('### Second');
    newLine();
    await expectText('"### Second" Enter');
  });

  await check('typing: `media` Tab writes `media.`; `.` typed by habit is dropped; `list` Enter opens a new line', async () => {
    await type('media');
    await focused('media');
    await page.keyboard.press('Tab');
    current('media.');
    await expectText('"media" Tab');
    await type('.');
    await expectText('"media" Tab "."');
    await type('list');
    await focused('list');
    await page.keyboard.press('Enter');
    current('media.list');
    newLine();
    await expectText('"list" Enter');
  });

  await check('typing: a key into an object writes `filter:`; `:` typed by habit is dropped', async () => {
    await type('fil');
    await focused('filter');
    await page.keyboard.press('Enter');
    current('filter:');
    await expectText('"fil" Enter');
    await type(':');
    await expectText('"fil" Enter ":"');
  });

  await check('typing: `objectType` writes `objectType = `; ` = ` typed by habit is dropped; a class, Enter: a new line', async () => {
    await type('objectT');
    await focused('objectType');
    await page.keyboard.press('Enter');
    current('filter:objectType = ');
    await expectText('"objectT" Enter');
    await expectColumn('filter:objectType = '.length + 1, '"objectT" Enter');
    await type(' = ');
    await expectText('"objectT" Enter " = "');
    await expectColumn('filter:objectType = '.length + 1, '"objectT" Enter " = "');
    await type('KalturaMediaEntryF');
    await focused('KalturaMediaEntryFilter');
    await page.keyboard.press('Enter');
    current('filter:objectType = KalturaMediaEntryFilter');
    await expectText('"KalturaMediaEntryF" Enter');
    await page.keyboard.press('Enter');
    newLine();
    await expectText('Enter after the class');
  });

  await check('typing: an enum value picked with Enter writes its wire value; Enter again: a new line', async () => {
    await type('filter:statusE');
    await focused('statusEqual');
    await page.keyboard.press('Enter');
    current('filter:statusEqual = ');
    await expectText('"filter:statusE" Enter');
    await type('REA');
    await focused('READY');
    await screenshot(path.join(shots, 'typing-enum.png'));
    await page.keyboard.press('Enter');
    current('filter:statusEqual = 2');
    await expectText('"REA" Enter');
    await page.keyboard.press('Enter');
    newLine();
    await expectText('Enter after the value');
  });

  await check('typing: Enter at the end of `filter:statusEqual = READY` typed in full opens a new line', async () => {
    await type('### Third');
    await page.keyboard.press('Enter');
    current('### Third');
    newLine();
    await type('media.list');
    await page.keyboard.press('Enter');
    current('media.list');
    newLine();
    await type('filter:statusEqual = READY');
    current('filter:statusEqual = READY');
    await expectText('"filter:statusEqual = READY"');
    await page.keyboard.press('Enter');
    newLine();
    await expectText('"filter:statusEqual = READY" Enter');
  });

  await check('typing: token segments write `:` like keys; `:` typed by habit is dropped', async () => {
    await type('media.get');
    await page.keyboard.press('Enter');
    current('media.get');
    newLine();
    await expectText('"media.get" Enter');
    await type('entryId = {');
    current('entryId = {}');
    await expectText('"entryId = {"');
    await focused('1');
    await page.keyboard.press('Enter');
    current('entryId = {1:}');
    await expectText('"{" Enter');
    await type(':');
    await expectText('"{" Enter ":"');
    await type('r');
    current('entryId = {1:r}');
    await focused('result');
    await page.keyboard.press('Enter');
    current('entryId = {1:result:}');
    await expectText('"r" Enter');
    await type('obj');
    await focused('objects');
    await page.keyboard.press('Enter');
    current('entryId = {1:result:objects:}');
    await expectText('"obj" Enter');
    await type(':');
    await expectText('"obj" Enter ":"');
    // An index is typed rather than picked (a digit opens no list while typing): with its `:`, as everywhere.
    await type('0:');
    current('entryId = {1:result:objects:0:}');
    await expectText('"0:"');
    await focused('id'); // `id` and `name` lead the properties
    await type('id');
    await focused('id');
    await screenshot(path.join(shots, 'typing-token.png'));
    await page.keyboard.press('Tab');
    current('entryId = {1:result:objects:0:id}');
    await expectText('"id" Tab');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    newLine();
    await expectText('End Enter after the token');
    await screenshot(path.join(shots, 'typing.png'));
    await page.keyboard.press('Control+S');
  });
}
