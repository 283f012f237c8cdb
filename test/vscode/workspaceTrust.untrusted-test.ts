/**
 * kreq in a workspace VS Code has not trusted (the second run of .vscode-test.mjs: code-server with Workspace Trust on,
 * a fresh profile, a copy of examples/ whose settings name a schema on an address the window must not load): the
 * workspace's schema settings are ignored, the bundled snapshot checks, the Send lenses offer to trust the workspace,
 * and neither "Send Request" nor the server sends.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
// eslint-disable-next-line no-restricted-imports -- these suites run inside VS Code's extension host
import * as vscode from 'vscode';
import type { KreqExtensionApi } from '../../client/src/extension';
import { Commands, WORKSPACE_UNTRUSTED_ERROR } from '../../server/src/protocol';
import { codeOf, diagnosticsWhen, kreqApi, openNewFile, waitFor, workspaceRoot } from './extensionHost';

const UNTRUSTED_TITLE = '⚠ Untrusted workspace: sending is off — Trust this workspace';
/** What .vscode-test.mjs writes into the untrusted workspace's settings. */
const WORKSPACE_SCHEMA = 'http://127.0.0.1:9/api_v3/api_schema.php';

const DOCUMENT = ['### ping', 'system.ping', '', '### typo', 'media.lst', ''].join('\n');

suite('an untrusted workspace', () => {
  let api: KreqExtensionApi;
  let uri: vscode.Uri;

  suiteSetup(async () => {
    api = await kreqApi();
    uri = (await openNewFile('trust/untrusted.kreq', DOCUMENT)).document.uri;
  });

  test('VS Code opened the folder untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test("the workspace's kreq.schema and kreq.serviceUrl are ignored (restrictedConfigurations)", () => {
    const written = fs.readFileSync(path.join(workspaceRoot(), '.vscode', 'settings.json'), 'utf8');
    assert.ok(written.includes(WORKSPACE_SCHEMA), 'the workspace does name a schema');
    const settings = vscode.workspace.getConfiguration('kreq');
    assert.equal(settings.inspect<string>('schema')?.workspaceValue, undefined, 'VS Code does not even show it');
    assert.equal(settings.get<string>('schema'), '');
    assert.equal(settings.get<string>('serviceUrl'), 'https://www.kaltura.com');
  });

  test('checks from the bundled snapshot, never from the schema the workspace names', async () => {
    const diagnostics = await diagnosticsWhen(uri, 'unknown-action from the snapshot', (found) => found.some((d) => codeOf(d) === 'unknown-action'));
    assert.deepEqual(diagnostics.filter((d) => codeOf(d) === 'schema-unavailable'), [], 'nothing was loaded from 127.0.0.1:9');
  });

  test('the Send lenses say why and open Manage Workspace Trust', async () => {
    const lenses = await waitFor('the untrusted lenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return found?.length ? found : undefined;
    });
    assert.deepEqual(
      lenses.map((lens) => `${lens.range.start.line} ${lens.command?.title} ${lens.command?.command}`),
      [`0 ${UNTRUSTED_TITLE} ${Commands.trustWorkspace}`, `3 ${UNTRUSTED_TITLE} ${Commands.trustWorkspace}`],
    );
    // Clicking it runs the lens's command, which the client maps to VS Code's Workspace Trust editor.
    await vscode.commands.executeCommand(lenses[0].command?.command ?? '', ...(lenses[0].command?.arguments ?? []));
    await waitFor('the Workspace Trust editor', () => vscode.window.tabGroups.activeTabGroup.activeTab?.label.includes('Trust'));
  });

  test('"Send Request", the lens command and the server all refuse to send', async () => {
    let sent = 0;
    const subscription = api.onDidSend(() => sent++);
    try {
      await vscode.window.showTextDocument(uri);
      assert.equal(await vscode.commands.executeCommand('kreq.sendRequest'), undefined);
      assert.equal(await vscode.commands.executeCommand(Commands.send, { uri: uri.toString(), block: 0 }), undefined);
      await assert.rejects(
        // By method name: the test's copy of the protocol types is not the bundled client's.
        api.client.sendRequest('workspace/executeCommand', { command: Commands.send, arguments: [{ uri: uri.toString(), block: 0, environment: 'sandbox' }] }),
        (error: { code?: number; message?: string }) => error.code === WORKSPACE_UNTRUSTED_ERROR && /not trusted/.test(error.message ?? ''),
      );
      assert.equal(sent, 0);
    } finally {
      subscription.dispose();
    }
  });
});
