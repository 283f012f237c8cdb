/**
 * The response view inside the extension host, against a Kaltura sandbox started in the same process: a multirequest
 * with one ✓ and one ✗ shows a `kreq-response` document (header, headings, JSON), enum names and dates as inlay
 * hints, schema descriptions on hover and a fold per call; the history lists it, reopens it, compares two sends;
 * "Save Response As…" writes the document; and a response over 5 MB is opened from a temp file, whole.
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
import { startSandbox, type Sandbox } from '../../server/src/sandbox/index';
import { realSchema } from '../support/realSchema';
import { SCHEMA_22 } from '../support/repoPaths';
import { kreqApi, openNewFile, positionOf, waitFor, workspaceRoot } from './extensionHost';

/** The history entry as `kreq.responseHistoryEntries` lists it. */
interface Entry {
  readonly id: string;
  readonly title: string;
  readonly environment?: string;
  readonly outcome: string;
  readonly passed: boolean;
}

const REQUEST = [
  '### add one, get a missing one',
  'media.add',
  'entry:objectType = KalturaMediaEntry',
  'entry:mediaType = VIDEO',
  'entry:name = Kitten',
  '',
  'media.get',
  'entryId = 0_missing',
  '',
].join('\n');

/** What the response document must show, line by line (the variable parts as patterns). */
const EXPECTED_LINES: ReadonlyArray<RegExp> = [
  /^Kreq response · sandbox · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · \d+ ms · \d+(\.\d)? [KM]?B$/,
  /^$/,
  /^### Block 1 · line 1 · add one, get a missing one$/,
  /^http:\/\/127\.0\.0\.1:\d+\/api_v3\/service\/multirequest · HTTP 200 · \d+ ms · /,
  /^1 · media\.add · ✓ KalturaMediaEntry$/,
  /^\{$/,
];

function pointSandboxAt(url: string): void {
  const file = path.join(workspaceRoot(), 'kreq.env.json');
  const environments = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  environments.sandbox.serviceUrl = url;
  fs.writeFileSync(file, JSON.stringify(environments, null, 2));
}

async function sendBlock(api: KreqExtensionApi, uri: vscode.Uri): Promise<SendResult> {
  let shown: SendResult | undefined;
  const listener = api.onDidSend((result) => (shown = result));
  try {
    const result = await vscode.commands.executeCommand<SendResult | undefined>('kreq.send', { uri: uri.toString(), block: 0 });
    assert.ok(result, 'kreq.send returned a result');
    await waitFor('the result shown', () => shown === result);
    return result;
  } finally {
    listener.dispose();
  }
}

function responseEditor(): vscode.TextEditor | undefined {
  return vscode.window.visibleTextEditors.find((editor) => editor.document.uri.scheme === 'kreq-response');
}

function entries(): Promise<readonly Entry[]> {
  return Promise.resolve(vscode.commands.executeCommand<readonly Entry[]>('kreq.responseHistoryEntries'));
}

function labelOf(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
}

suite('kreq in VS Code: the response view and its history', () => {
  let api: KreqExtensionApi;
  let sandbox: Sandbox;
  let request: vscode.Uri;
  let first: SendResult;

  suiteSetup(async () => {
    api = await kreqApi();
    sandbox = await startSandbox({ schema: realSchema(), schemaXml: fs.readFileSync(SCHEMA_22, 'utf8'), convertSeconds: 0 });
    pointSandboxAt(sandbox.url);
    await vscode.commands.executeCommand('kreq.selectEnvironment', 'sandbox');
    request = (await openNewFile('response-view.kreq', REQUEST)).document.uri;
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('kreq.selectEnvironment', null);
    await sandbox?.close();
  });

  test('a multirequest shows one document: header, block line, a heading per call followed by its JSON', async () => {
    first = await sendBlock(api, request);
    assert.ok(first.response, 'the server sent the response document');
    const editor = await waitFor('the response editor', responseEditor);
    await waitFor('the document shown', () => editor.document.getText() === first.response?.text && editor.document);
    assert.equal(editor.document.languageId, 'kreq-response');
    const lines = editor.document.getText().split('\n');
    EXPECTED_LINES.forEach((pattern, i) => assert.match(lines[i], pattern, `line ${i + 1}`));
    assert.ok(lines.includes('2 · media.get · ✗ ENTRY_ID_NOT_FOUND'), 'the failed call has its heading');
    assert.ok(!editor.document.getText().includes('"kind"'), 'no internal object');
  });

  test('enum names and dates are inlay hints, the JSON stays as it came', async () => {
    const document = (await waitFor('the response editor', responseEditor)).document;
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const hints = await waitFor('inlay hints', async () => {
      const found = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, whole);
      return found && found.length > 0 && found;
    });
    const labels = hints.map(labelOf);
    assert.ok(labels.includes('VIDEO'), `mediaType 1 reads VIDEO: ${labels.join(', ')}`);
    assert.ok(labels.some((label) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/.test(label)), 'createdAt reads as a date');
    const mediaType = hints.find((hint) => labelOf(hint) === 'VIDEO')!;
    assert.equal(document.lineAt(mediaType.position.line).text.slice(0, mediaType.position.character).trim(), '"mediaType": 1');
    // Copying a call's JSON gives valid JSON.
    const [json] = document.getText().split('\n1 · media.add · ✓ KalturaMediaEntry\n')[1].split('\n\n');
    assert.equal((JSON.parse(json) as { mediaType: number }).mediaType, 1);
  });

  test('hovering a property shows its schema description; each call folds', async () => {
    const document = (await waitFor('the response editor', responseEditor)).document;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, '"mediaType"', 2));
    const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    assert.match(text, /KalturaMediaEntry\.mediaType/);
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', document.uri);
    const headings = document.getText().split('\n').flatMap((line, i) => (/^\d+ · /.test(line) ? [i] : []));
    assert.deepEqual(headings.filter((line) => folds.some((fold) => fold.start === line)), headings, 'a fold starts at each heading');
  });

  test('the history lists the send, reopens it read-only with its hints, and compares two sends', async () => {
    const [latest] = await waitFor('a history entry', async () => (await entries()).length > 0 && entries());
    assert.deepEqual({ title: latest.title, environment: latest.environment, outcome: latest.outcome, passed: latest.passed },
      { title: 'add one, get a missing one', environment: 'sandbox', outcome: 'failed · ENTRY_ID_NOT_FOUND', passed: false });
    const reopened = await vscode.commands.executeCommand<vscode.TextDocument>('kreq.responseHistory', latest.id);
    assert.equal(reopened.getText(), first.response?.text);
    assert.equal(reopened.languageId, 'kreq-response');
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', reopened.uri, new vscode.Range(0, 0, reopened.lineCount, 0));
    assert.ok(hints.map(labelOf).includes('VIDEO'), 'the reopened response has its hints');

    await sendBlock(api, request);
    const [second, previous] = await waitFor('two entries', async () => (await entries()).length >= 2 && entries());
    assert.equal(previous.id, latest.id);
    await vscode.commands.executeCommand('kreq.compareResponses', previous.id, second.id);
    const tab = await waitFor('the diff editor', () => {
      const active = vscode.window.tabGroups.activeTabGroup.activeTab;
      return active?.input instanceof vscode.TabInputTextDiff && active;
    });
    const input = tab.input as vscode.TabInputTextDiff;
    assert.ok(input.original.path.includes(previous.id) && input.modified.path.includes(second.id), 'older left, newer right');
  });

  test('"Save Response As…" writes the shown document', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const target = vscode.Uri.file(path.join(workspaceRoot(), 'saved-response.txt'));
    await vscode.commands.executeCommand('kreq.saveResponseAs', target);
    assert.equal(fs.readFileSync(target.fsPath, 'utf8'), api.responseText());
  });

  test('a response over 5 MB is written to a temp file and opened from there, whole, with its hints', async () => {
    const objects = Array.from({ length: 20_000 }, (_, i) => ({
      objectType: 'KalturaMediaEntry', id: `0_big${String(i).padStart(5, '0')}`, name: `Entry number ${i}`, status: '2', mediaType: 1,
      createdAt: 1765017721 + i, description: 'x'.repeat(120),
    }));
    const body = JSON.stringify({ objectType: 'KalturaMediaListResponse', totalCount: objects.length, objects });
    const big = http.createServer((request, answer) => {
      request.resume();
      request.on('end', () => answer.writeHead(200, { 'content-type': 'application/json' }).end(body));
    });
    await new Promise<void>((resolve) => big.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(big.address() as AddressInfo).port}`;
      fs.mkdirSync(path.join(workspaceRoot(), 'scratch', 'big'), { recursive: true });
      fs.writeFileSync(path.join(workspaceRoot(), 'scratch', 'big', 'kreq.env.json'), JSON.stringify({ big: { serviceUrl: url, partnerId: 100, ks: 'a-ks' } }));
      const { document } = await openNewFile('scratch/big/big.kreq', '### big\nmedia.list\n');
      let shown: SendResult | undefined;
      const listener = api.onDidSend((result) => (shown = result));
      try {
        await vscode.commands.executeCommand('kreq.send', { uri: document.uri.toString(), block: 0, environment: 'big' });
        await waitFor('the big result shown', () => shown, 60_000);
      } finally {
        listener.dispose();
      }
      const text = shown?.response?.text ?? '';
      assert.ok(text.length > 5 * 1024 * 1024, `the document is over 5 MB (${text.length} characters)`);
      const editor = await waitFor('the temp file in an editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'file' && e.document.uri.fsPath.includes('kreq-responses')), 30_000);
      assert.match(path.basename(editor.document.uri.fsPath), /^Kreq Response .*\.txt$/);
      assert.equal(editor.document.getText(), text, 'the whole document, not cut');
      assert.equal(api.responseText(), text);
      const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', editor.document.uri, new vscode.Range(0, 0, 40, 0));
      assert.ok(hints.map(labelOf).includes('READY'), 'its hints are drawn');
      const [latest] = await entries();
      assert.equal(latest.title, 'big');
    } finally {
      big.closeAllConnections();
      await new Promise((resolve) => big.close(resolve));
    }
  });
});
