/**
 * Sending from VS Code, inside the extension host, against a Kaltura sandbox started in the same process: the
 * CodeLens command on examples/ blocks → inline notes, `kaltura` result diagnostics and the response editor;
 * "Kreq: Send Request" at the cursor; switching environments; and cancelling a call that never answers.
 * The tests run in order: the upload of the first one creates the entry the later ones list.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
// eslint-disable-next-line no-restricted-imports -- these suites run inside VS Code's extension host
import * as vscode from 'vscode';
import type { KreqExtensionApi } from '../../client/src/extension';
import type { SendResult } from '../../server/src/protocol';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../../server/src/sandbox/index';
import { realSchema } from '../support/realSchema';
import { SCHEMA_22 } from '../support/repoPaths';
import { codeOf, diagnosticsWhen, kreqApi, openFile, openNewFile, positionOf, waitFor, workspaceRoot } from './extensionHost';

const RESPONSE_SCHEME = 'kreq-response';
/** JSON-RPC's "request cancelled". */
const REQUEST_CANCELLED = -32800;

/** Points the examples' `sandbox` environment at `url` and adds `anonymous` (the sandbox, no credentials). */
function pointEnvironmentsAt(url: string): void {
  const file = path.join(workspaceRoot(), 'kreq.env.json');
  const environments = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  assert.ok(environments.sandbox, 'examples/kreq.env.json defines `sandbox`');
  environments.sandbox.serviceUrl = url;
  environments.anonymous = { serviceUrl: url, partnerId: SANDBOX_CREDENTIALS.partnerId };
  fs.writeFileSync(file, JSON.stringify(environments, null, 2));
}

/** The "▶ Send Request" lens of the block whose separator line reads `title`. */
async function lensOf(document: vscode.TextDocument, title: string): Promise<vscode.Command> {
  const line = positionOf(document, title).line;
  return waitFor(`the lens over ${title}`, async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
    return lenses?.find((lens) => lens.range.start.line === line)?.command;
  });
}

/** Runs a command that sends (as clicking the lens or the key binding does) and returns the result shown. */
async function sendThrough(api: KreqExtensionApi, command: string, ...args: unknown[]): Promise<SendResult> {
  let shown: SendResult | undefined;
  const listener = api.onDidSend((result) => (shown = result));
  try {
    const result = await vscode.commands.executeCommand<SendResult | undefined>(command, ...args);
    assert.ok(result, `${command} returned a result (not cancelled, not failed)`);
    assert.equal(shown, result, 'onDidSend fired with the result once it was shown');
    return result;
  } finally {
    listener.dispose();
  }
}

function lineOf(document: vscode.TextDocument, text: string): number {
  return positionOf(document, `\n${text}\n`, 1).line;
}

suite('kreq in VS Code: sending to the sandbox', () => {
  let api: KreqExtensionApi;
  let sandbox: Sandbox;

  suiteSetup(async () => {
    api = await kreqApi();
    // Entries are READY as soon as their content is attached: the later tests list them.
    sandbox = await startSandbox({ schema: realSchema(), schemaXml: fs.readFileSync(SCHEMA_22, 'utf8'), convertSeconds: 0 });
    pointEnvironmentsAt(sandbox.url);
    await vscode.commands.executeCommand('kreq.selectEnvironment', 'sandbox');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('kreq.selectEnvironment', null);
    await sandbox?.close();
  });

  test('the environment picked is the one sent to', () => {
    assert.equal(api.activeEnvironment(), 'sandbox');
  });

  test('the lens of getting-started.kreq\'s upload block uploads clips/intro.mp4 and creates an entry', async () => {
    const { document } = await openFile('getting-started.kreq');
    const lens = await lensOf(document, '### Upload a file and create an entry from it');
    assert.equal(lens.title, '▶ Send Request (multirequest, 3 calls)');
    const result = await sendThrough(api, lens.command, ...(lens.arguments ?? []));
    assert.equal(result.environment, 'sandbox');
    assert.deepEqual(result.calls.map((call) => [call.service, call.action, call.ok]), [
      ['uploadToken', 'add', true], ['uploadToken', 'upload', true], ['baseEntry', 'addFromUploadedFile', true],
    ]);
    const notes = api.notesFor(document.uri);
    assert.deepEqual(notes.map((note) => note.line), [lineOf(document, 'uploadToken.add'), lineOf(document, 'uploadToken.upload'), lineOf(document, 'baseEntry.addFromUploadedFile')]);
    assert.ok(notes.every((note) => note.ok && note.text.startsWith('✓ ')), JSON.stringify(notes));
    assert.match(notes[2].text, /^✓ KalturaMediaEntry · id 0_\w+/);
    assert.equal(sandbox.state.entries.size, 1, 'the sandbox holds the new entry');
  });

  test('a multirequest sent from its lens: a note per call line, the error as a `kaltura` problem, the response beside', async () => {
    const { document } = await openFile('multirequest.kreq');
    const lens = await lensOf(document, '### Start a session and use it at once');
    const before = api.serverCommandsSent().length;
    const result = await sendThrough(api, lens.command, ...(lens.arguments ?? []));
    // One click, one request: the reply carries the block's span, the session and the response document.
    assert.deepEqual(api.serverCommandsSent().slice(before), ['kreq.send']);
    const [entryId] = sandbox.state.entries.keys();

    const notes = api.notesFor(document.uri);
    const callLines = ['session.start', 'media.list', 'media.get', 'baseEntry.getByIds'].map((call) => lineOf(document, call));
    assert.deepEqual(notes.map((note) => note.line), callLines, 'one note after each call line');
    assert.deepEqual(notes.map((note) => note.ok), [true, true, true, false]);
    assert.match(notes[1].text, /^✓ KalturaMediaListResponse · totalCount 1\b/);
    assert.match(notes[2].text, new RegExp(`^✓ KalturaMediaEntry · id ${entryId}`));
    assert.equal(notes[3].text, '✗ ACTION_BLOCKED: Action "getbyids" in service "baseentry" is blocked', 'the failed call shows its code');

    const problems = await diagnosticsWhen(document.uri, 'a kaltura diagnostic', (found) => found.some((d) => d.source === 'kaltura'));
    const fromKaltura = problems.filter((d) => d.source === 'kaltura');
    assert.deepEqual(fromKaltura.map((d) => [codeOf(d), d.range.start.line]), [['ACTION_BLOCKED', callLines[3]]]);

    const response = await waitFor('the response editor', () => vscode.window.visibleTextEditors.find((editor) => editor.document.uri.scheme === RESPONSE_SCHEME));
    assert.notEqual(response.viewColumn, vscode.window.activeTextEditor?.viewColumn, 'beside the request');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), document.uri.toString(), 'the request keeps the focus');
    await waitFor('the response text', () => response.document.getText() === api.responseText());
    assert.ok(api.responseText().includes(`"id": "${entryId}"`), 'the response shows the entry');
    assert.ok(api.responseText().includes('ACTION_BLOCKED'), 'and the error');
    assert.ok(result.durationMs >= 0);
  });

  test('editing a sent block drops its notes and its kaltura problems', async () => {
    const editor = await openFile('multirequest.kreq');
    const { document } = editor;
    assert.equal(api.notesFor(document.uri).length, 4);
    await editor.edit((edit) => edit.insert(new vscode.Position(lineOf(document, 'baseEntry.getByIds') + 1, 0), 'responseProfile:systemName = x\n'));
    await waitFor('the notes dropped', () => api.notesFor(document.uri).length === 0);
    await diagnosticsWhen(document.uri, 'no kaltura diagnostics', (found) => !found.some((d) => d.source === 'kaltura'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('"Kreq: Send Request" sends the block at the cursor; switching the environment changes where it goes', async () => {
    const editor = await openFile('getting-started.kreq');
    const { document } = editor;
    const callLine = lineOf(document, 'filter:userIdEqual = {{userId}}') - 1;
    editor.selection = new vscode.Selection(callLine + 1, 0, callLine + 1, 0);

    await vscode.commands.executeCommand('kreq.selectEnvironment', 'anonymous');
    assert.equal(api.activeEnvironment(), 'anonymous');
    // Without credentials "Send Request" first asks (Set Secret / Add to kreq.env.private.json / Send Anyway: the
    // UI scenarios click those); "Send Anyway" is `withoutSession`, and the note then says why the call failed.
    const refused = await sendThrough(api, 'kreq.send', { uri: document.uri.toString(), line: callLine, withoutSession: true });
    assert.equal(refused.environment, 'anonymous');
    assert.deepEqual(refused.calls.map((call) => [call.line, call.ok, call.error?.code]), [[callLine, false, 'SERVICE_FORBIDDEN']]);
    assert.match(refused.hint ?? '', /^SERVICE_FORBIDDEN: environment "anonymous" has no ks, adminSecret, userSecret or appToken/);
    assert.match(api.notesFor(document.uri).find((note) => note.line === callLine)?.text ?? '', /^✗ SERVICE_FORBIDDEN\b/);

    await vscode.commands.executeCommand('kreq.selectEnvironment', 'sandbox');
    assert.equal(api.activeEnvironment(), 'sandbox');
    const listed = await sendThrough(api, 'kreq.sendRequest');
    assert.equal(listed.environment, 'sandbox');
    assert.deepEqual(listed.calls.map((call) => [call.line, call.ok]), [[callLine, true]]);
    assert.match(api.notesFor(document.uri).find((note) => note.line === callLine)?.text ?? '', /^✓ KalturaMediaListResponse · totalCount 1\b/);
    await diagnosticsWhen(document.uri, 'the SERVICE_FORBIDDEN problem gone', (found) => !found.some((d) => d.source === 'kaltura'));
  });

  test('cancelling a send that waits for an answer stops the HTTP request', async () => {
    const requests: http.IncomingMessage[] = [];
    let aborted = false;
    const silent = http.createServer((request) => {
      requests.push(request); // never answered
      request.socket.once('close', () => (aborted = true));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      fs.mkdirSync(path.join(workspaceRoot(), 'scratch', 'silent'), { recursive: true });
      fs.writeFileSync(path.join(workspaceRoot(), 'scratch', 'silent', 'kreq.env.json'), JSON.stringify({ silent: { serviceUrl: url, partnerId: 100 } }));
      const { document } = await openNewFile('scratch/silent/ping.kreq', '### never answered\nsystem.ping\n');
      const cancellation = new vscode.CancellationTokenSource();
      const started = Date.now();
      const sending = api.client.sendRequest('workspace/executeCommand', {
        command: 'kreq.send',
        arguments: [{ uri: document.uri.toString(), line: 1, environment: 'silent' }],
      }, cancellation.token);
      const outcome = sending.then(() => 'answered', (error: unknown) => error);
      await waitFor('the request at the silent server', () => requests.length === 1);
      cancellation.cancel();
      const error = await outcome;
      assert.equal((error as { code?: unknown }).code, REQUEST_CANCELLED, `the send ends as cancelled, not ${String(error)}`);
      await waitFor('the HTTP request aborted', () => aborted, 10_000);
      assert.ok(Date.now() - started < 15_000, 'long before the 30 s timeout');
      assert.equal(api.notesFor(document.uri).length, 0, 'no notes for a cancelled send');
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
