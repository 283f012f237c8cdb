// Reading and driving what the VS Code workbench shows, for the UI scenarios: editor lines and their inline notes,
// the suggest widget, the Problems and environment status bar items, quick inputs, and polling with a deadline.

/** Polls `probe` (async) until it returns something truthy; throws naming `what` after `timeoutMs`. */
export async function poll(page, what, probe, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error.message.split('\n')[0];
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await page.waitForTimeout(150);
  }
}

/**
 * The inline notes the active editor group shows (the `::after` content of decorations), in line order, each with
 * the text of the line it follows: [{ line, note }].
 */
export async function notesByLine(page) {
  return page.$$eval('.editor-group-container.active .editor-instance .view-lines .view-line', lines => lines
    .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
    .flatMap(line => [...line.querySelectorAll('span')]
      .map(span => getComputedStyle(span, '::after').content)
      .filter(content => /^".*[✓✗]/.test(content ?? ''))
      .map(content => ({
        line: line.textContent.replace(/\u00a0/g, ' ').trim(),
        note: content.slice(1, -1).replace(/\\(.)/g, '$1'),
      }))));
}

/** Waits until the notes satisfy `predicate`; returns them. */
export async function waitForNotes(page, predicate, what, timeoutMs = 20000) {
  let notes = [];
  try {
    return await poll(page, what, async () => {
      notes = await notesByLine(page);
      return predicate(notes) ? notes : undefined;
    }, timeoutMs);
  } catch {
    throw new Error(`${what}: the notes are ${JSON.stringify(notes)} after ${timeoutMs} ms`);
  }
}

/** The rendered line of the active editor group that shows `text`. */
export function lineLocator(page, text) {
  return page.locator('.editor-group-container.active .editor-instance .view-lines .view-line', { hasText: text }).first();
}

/** Finds `text` in the active editor with the find widget (which scrolls to it and selects it), then closes the widget. */
export async function findInEditor(page, text) {
  await page.keyboard.press('Control+F');
  const input = page.locator('.editor-group-container.active .find-widget.visible textarea').first();
  await input.waitFor({ state: 'visible', timeout: 5000 });
  await input.fill(text);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
}

/** Puts the cursor at the end of the line that shows `text`, scrolling to it with the find widget when needed. */
export async function cursorOnLine(page, text) {
  const line = lineLocator(page, text);
  if (!(await line.count())) {
    // Only the lines in view are rendered: find the text (which scrolls to it), then close the find widget.
    await focusEditor(page);
    await findInEditor(page, text);
    await line.waitFor({ timeout: 5000 });
  }
  await line.click();
  await page.keyboard.press('End');
}

/** Gives the active editor the focus by clicking a line in view (a line not in view is not rendered). */
export async function focusEditor(page) {
  await page.locator('.editor-group-container.active .editor-instance .view-lines .view-line').first().click({ position: { x: 2, y: 2 } });
}

/** The text of the editor line the cursor is on (as rendered; non-breaking spaces made plain). */
export async function currentLineText(page) {
  return page.$eval('.editor-group-container.active .editor-instance .view-overlays .current-line', overlay => {
    const top = overlay.parentElement.style.top;
    const line = [...document.querySelectorAll('.editor-group-container.active .editor-instance .view-lines .view-line')]
      .find(element => element.style.top === top);
    return (line?.textContent ?? '').replace(/\u00a0/g, ' ');
  });
}

/** The labels the suggest widget currently shows (only the rows in view are rendered). */
export async function suggestLabels(page) {
  await page.waitForSelector('.suggest-widget.visible .monaco-list-row', { timeout: 15000 });
  return page.$$eval('.suggest-widget.visible .monaco-list-row .label-name', elements => elements.map(element => element.textContent.trim()));
}

/** The Problems entry of the status bar as { label, errors, warnings }, from its accessible label. */
export async function statusBarProblems(page) {
  const label = (await page.locator('#status\\.problems').getAttribute('aria-label')) ?? '';
  // "Errors: 17, Warnings: 5"; "No Problems" when there are none.
  const number = word => {
    const match = new RegExp(`${word}s?:\\s*(\\d+)`, 'i').exec(label);
    return match ? Number(match[1]) : /no problems/i.test(label) ? 0 : NaN;
  };
  return { label, errors: number('error'), warnings: number('warning') };
}

/** Waits until the status bar counts `errors` errors and `warnings` warnings; returns its label. */
export async function waitForProblemCounts(page, errors, warnings, timeoutMs = 15000) {
  let problems;
  await poll(page, 'the Problems counts', async () => {
    problems = await statusBarProblems(page);
    return problems.errors === errors && problems.warnings === warnings;
  }, timeoutMs).catch(() => {
    throw new Error(`the status bar says ${JSON.stringify(problems?.label)}, not ${errors} errors and ${warnings} warnings`);
  });
  return problems.label;
}

function environmentItem(page) {
  return page.locator('.statusbar-item:has(.codicon-server-environment)').first();
}

/** Waits until the environment status bar item matches `pattern`; returns its text. */
export async function waitForStatus(page, pattern, timeoutMs = 15000) {
  let text = '';
  await poll(page, `the environment status ${pattern}`, async () => {
    text = (await environmentItem(page).innerText()).replace(/\s+/g, ' ').trim();
    return pattern.test(text);
  }, timeoutMs).catch(() => {
    throw new Error(`the status bar reads ${JSON.stringify(text)}, not ${pattern}`);
  });
  return text;
}

/** Picks an item of the open quick pick / answers the open input box by typing `text` and pressing Enter. */
export async function answerQuickInput(page, text) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(text);
  await page.waitForTimeout(200);
  await page.keyboard.press('Enter');
}

/** Clicks the environment status bar item and picks `name`. */
export async function pickEnvironment(page, name) {
  await environmentItem(page).click();
  await answerQuickInput(page, name);
  return waitForStatus(page, new RegExp(`\\b${name}\\b`));
}

/** The box of the first inline note that contains `text`, for hovering it. */
export function noteBox(page, text) {
  return page.evaluate(wanted => {
    const span = [...document.querySelectorAll('.editor-group-container.active .editor-instance .view-lines .view-line span')]
      .find(element => getComputedStyle(element, '::after').content.includes(wanted));
    const rect = span?.getBoundingClientRect();
    return rect && { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
  }, text);
}

/** The squiggles (`error`, `warning`) drawn on the line of the active editor group that shows `text`. */
export async function squigglesOnLine(page, text, kind = 'error') {
  return page.evaluate(({ wanted, kind }) => {
    const editor = document.querySelector('.editor-group-container.active .editor-instance');
    const line = [...(editor?.querySelectorAll('.view-lines .view-line') ?? [])].find(element => element.textContent.replace(/\u00a0/g, ' ').includes(wanted));
    if (!line) return -1;
    const overlay = [...editor.querySelectorAll('.view-overlays > div')].find(element => element.style.top === line.style.top);
    return overlay ? overlay.querySelectorAll(`.squiggly-${kind}`).length : 0;
  }, { wanted: text, kind });
}

/**
 * Clicks a "▶ Send Request" CodeLens of the active editor by its text. The editor is clicked first, as a person
 * would: lenses that arrive while a quick pick has the focus are drawn only once the editor has it again.
 */
export async function clickLens(page, text) {
  await focusEditor(page);
  const lens = page.locator('.editor-group-container.active .codelens-decoration a', { hasText: text }).first();
  await lens.waitFor({ state: 'visible', timeout: 15000 });
  await lens.click();
}
