/**
 * Environments in VS Code, inside the extension host: the schema follows the environment picked (with the workspace's
 * `kreq.schema` setting cleared: a schema set there wins), an untitled .kreq uses the workspace's env files and is
 * sent, and "Kreq: Copy Session KS" puts the session's KS on the clipboard.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
// eslint-disable-next-line no-restricted-imports -- these suites run inside VS Code's extension host
import * as vscode from 'vscode';
import type { KreqExtensionApi } from '../../client/src/extension';
import { decodeKs } from '../../server/src/language/index';
import type { SendResult } from '../../server/src/protocol';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../../server/src/sandbox/index';
import { realSchema } from '../support/realSchema';
import { SCHEMA_22 } from '../support/repoPaths';
import { closeAllEditors, codeOf, diagnosticsWhen, kreqApi, openNewFile, waitFor, workspaceRoot } from './extensionHost';

/** A tiny schema with these `service.action` pairs. */
function schemaXml(apiVersion: string, calls: readonly string[]): string {
  const services = new Map<string, string[]>();
  for (const call of calls) {
    const [service, action] = call.split('.');
    services.set(service, [...(services.get(service) ?? []), action]);
  }
  const body = [...services].map(([service, actions]) => `<service id="${service}" name="${service}" description="">${
    actions.map((action) => `<action name="${action}" description="" enableInMultiRequest="1" sessionRequired="none"><result type="string"/></action>`).join('')}</service>`).join('\n');
  return `<?xml version="1.0"?>\n<xml apiVersion="${apiVersion}" generatedDate="0"><enums/><classes/><services>\n${body}\n</services></xml>\n`;
}

const FOLDER = 'env-switch';
const PRIVATE_FILE = 'kreq.env.private.json';

suite('kreq in VS Code: environments', () => {
  let api: KreqExtensionApi;
  let sandbox: Sandbox;
  let workspaceSchema: string | undefined;

  suiteSetup(async () => {
    api = await kreqApi();
    sandbox = await startSandbox({ schema: realSchema(), schemaXml: fs.readFileSync(SCHEMA_22, 'utf8') });
    const folder = path.join(workspaceRoot(), FOLDER);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'with-media.xml'), schemaXml('1.0.1', ['media.list', 'system.ping']));
    fs.writeFileSync(path.join(folder, 'no-media.xml'), schemaXml('1.0.2', ['system.ping']));
    fs.writeFileSync(path.join(folder, 'kreq.env.json'), JSON.stringify({
      full: { serviceUrl: sandbox.url, partnerId: SANDBOX_CREDENTIALS.partnerId, schema: 'with-media.xml' },
      small: { serviceUrl: sandbox.url, partnerId: SANDBOX_CREDENTIALS.partnerId, schema: 'no-media.xml' },
    }, null, 2));
    // An environment of the workspace root (where an untitled document's env files are looked for), removed at the end.
    fs.writeFileSync(path.join(workspaceRoot(), PRIVATE_FILE), JSON.stringify({
      envtest: { serviceUrl: sandbox.url, partnerId: SANDBOX_CREDENTIALS.partnerId, adminSecret: SANDBOX_CREDENTIALS.adminSecret },
    }, null, 2));
    workspaceSchema = vscode.workspace.getConfiguration('kreq').inspect<string>('schema')?.workspaceValue;
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('kreq').update('schema', workspaceSchema, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('kreq.selectEnvironment', null);
    await closeAllEditors();
    fs.rmSync(path.join(workspaceRoot(), PRIVATE_FILE), { force: true });
    fs.rmSync(path.join(workspaceRoot(), FOLDER), { recursive: true, force: true });
    await sandbox?.close();
  });

  test('the schema follows the environment picked (the kreq.schema setting cleared)', async () => {
    const editor = await openNewFile(`${FOLDER}/switch.kreq`, '### list\nmedia.list\n\n### ping\nsystem.ping\n');
    const uri = editor.document.uri;
    await vscode.commands.executeCommand('kreq.selectEnvironment', 'full');
    await vscode.workspace.getConfiguration('kreq').update('schema', undefined, vscode.ConfigurationTarget.Workspace);
    const unknownMedia = (diagnostics: readonly vscode.Diagnostic[]) => diagnostics.some((d) => codeOf(d) === 'unknown-service' && d.range.start.line === 1);
    await diagnosticsWhen(uri, 'no diagnostic with "full" (its schema has media.list)', (d) => !unknownMedia(d) && d.length === 0);
    await vscode.commands.executeCommand('kreq.selectEnvironment', 'small');
    await diagnosticsWhen(uri, 'unknown-service on media.list with "small"', unknownMedia);
    await vscode.commands.executeCommand('kreq.selectEnvironment', 'full');
    await diagnosticsWhen(uri, 'media.list known again with "full"', (d) => !unknownMedia(d));
    // A schema set in the settings wins over the environment's.
    await vscode.commands.executeCommand('kreq.selectEnvironment', 'small');
    await diagnosticsWhen(uri, 'unknown-service with "small" again', unknownMedia);
    await vscode.workspace.getConfiguration('kreq').update('schema', workspaceSchema, vscode.ConfigurationTarget.Workspace);
    await diagnosticsWhen(uri, 'the kreq.schema setting (the real schema) wins over "small"', (d) => !unknownMedia(d));
  });

  test('an untitled .kreq uses the env files of the workspace and is sent', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'kreq', content: '### list\nmedia.list\n' });
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('kreq.selectEnvironment', 'envtest');
    const lens = await waitFor('the Send Request lens of the untitled document', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
      return lenses?.find((l) => l.command?.command === 'kreq.send')?.command;
    });
    const result = await vscode.commands.executeCommand<SendResult | undefined>(lens.command, ...(lens.arguments ?? []));
    assert.ok(result, 'the send answered');
    assert.equal(result.environment, 'envtest');
    assert.equal(result.ok, true, JSON.stringify(result.error ?? result.calls));
    assert.equal(api.activeEnvironment(), 'envtest');
  });

  test('Copy Session KS copies the KS of the active environment', async () => {
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('kreq.copySessionKs');
    const ks = await waitFor('a KS on the clipboard', async () => (await vscode.env.clipboard.readText()) || undefined);
    const decoded = decodeKs(ks);
    assert.ok(decoded, `the clipboard holds a KS: ${ks.slice(0, 8)}…`);
    assert.ok(!ks.includes(SANDBOX_CREDENTIALS.adminSecret));
  });
});
