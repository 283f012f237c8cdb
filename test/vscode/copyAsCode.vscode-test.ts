/**
 * "Kreq: Copy as Code" inside the extension host: the command is contributed and registered, and it puts the block at
 * the cursor on the clipboard as code for the language given (the QuickPick is skipped by passing it), written from
 * the active environment's settings, its secret read from the process environment, never written.
 */

import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
// eslint-disable-next-line no-restricted-imports -- these suites run inside VS Code's extension host
import * as vscode from 'vscode';
import { closeAllEditors, kreqApi, openNewFile, waitFor } from './extensionHost';

const TEXT = ['### list videos', 'media.list', 'filter:objectType = KalturaMediaEntryFilter', 'filter:mediaTypeEqual = VIDEO', 'pager:pageSize = 2', ''].join('\n');

suite('kreq in VS Code: Copy as Code', () => {
  suiteSetup(async () => {
    await kreqApi();
  });

  suiteTeardown(closeAllEditors);

  test('the command is registered, in the palette and the editor context menu of .kreq files', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('kreq.copyBlockAsCode'));
    const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'kreq');
    const menus = extension?.packageJSON?.contributes?.menus as Record<string, { command: string; when?: string; group?: string }[]> | undefined;
    assert.deepEqual(menus?.commandPalette.find((m) => m.command === 'kreq.copyBlockAsCode'), { command: 'kreq.copyBlockAsCode', when: 'editorLangId == kreq' });
    assert.deepEqual(menus?.['editor/context'].find((m) => m.command === 'kreq.copyBlockAsCode'), { command: 'kreq.copyBlockAsCode', when: 'editorLangId == kreq', group: 'kreq@2' });
  });

  for (const [language, expected] of [
    ['python', /^result = client\.media\.list\(filter, pager\)$/m],
    ['node', /kaltura\.enums\.MediaType\.VIDEO/],
    ['php', /^\$filter->mediaTypeEqual = KalturaMediaType::VIDEO;$/m],
    ['ts', /mediaTypeEqual: KalturaMediaType\.video,/],
  ] as const) {
    test(`copies the block at the cursor as ${language}`, async () => {
      const editor = await openNewFile('export/copy-as-code.kreq', TEXT);
      editor.selection = new vscode.Selection(3, 0, 3, 0);
      await vscode.commands.executeCommand('kreq.selectEnvironment', 'sandbox');
      await vscode.env.clipboard.writeText('');
      await vscode.commands.executeCommand('kreq.copyBlockAsCode', language);
      const code = await waitFor(`${language} code on the clipboard`, async () => (await vscode.env.clipboard.readText()) || undefined);
      assert.match(code, expected);
      assert.match(code, /http:\/\/127\.0\.0\.1:[0-9]+/, 'the sandbox environment\'s serviceUrl');
      assert.match(code, /KALTURA_ADMIN_SECRET/);
      assert.ok(!code.includes('sandbox-admin-secret'), 'the secret is not on the clipboard');
    });
  }
});
