/**
 * Flows in VS Code, inside the extension host, against a Kaltura sandbox started in the same process: Send All from
 * its CodeLens (notes on every block, the failed assertion as a `kaltura` problem), the captured value in hover, a
 * `# @prompt` answered in an input box, and the Test Explorer (a file with a failing assertion: its message at the
 * assertion's line; one block run with the block it needs).
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
// eslint-disable-next-line no-restricted-imports -- these suites run inside VS Code's extension host
import * as vscode from 'vscode';
import type { KreqExtensionApi } from '../../client/src/extension';
import type { RunResult, SendResult } from '../../server/src/protocol';
import { indexSchema, readSchemaXml } from '../../server/src/language/index';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/index';
import { REPO_ROOT } from '../support/repoPaths';
import { codeOf, diagnosticsWhen, kreqApi, openNewFile, waitFor, workspaceRoot } from './extensionHost';

const FLOWS = [
  '### Create an entry', //                    0
  '# @name create-entry', //                   1
  'media.add', //                              2
  'entry:objectType = KalturaMediaEntry', //   3
  'entry:name = Flow test', //                 4
  'entry:mediaType = VIDEO', //                5
  '> entryId = result:id', //                  6
  '?? result:status == NO_CONTENT', //         7
  '', //                                       8
  '### Get it', //                             9
  'media.get', //                              10
  'entryId = {{entryId}}', //                  11
  '?? result:name == Flow test', //            12
  '?? result:status == READY', //              13
  '', //                                       14
  '### A missing entry', //                    15
  'media.get', //                              16
  'entryId = 0_nosuch', //                     17
  '?? error:code == ENTRY_ID_NOT_FOUND', //    18
  '',
].join('\n');

const PROMPTED = [
  '### Named', //                              0
  '# @prompt entryName The name to look for', // 1
  '# @prompt apiToken', //                     2
  'media.list', //                             3
  'filter:objectType = KalturaMediaEntryFilter', // 4
  'filter:nameEqual = {{entryName}}', //       5
  '?? result:totalCount >= 0', //              6
  '',
].join('\n');

/** Points the examples' `sandbox` environment at `url`. */
function pointSandboxAt(url: string): void {
  const file = path.join(workspaceRoot(), 'kreq.env.json');
  const environments = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  environments.sandbox.serviceUrl = url;
  fs.writeFileSync(file, JSON.stringify(environments, null, 2));
}

/** The schema the build bundles. */
function bundledSchema() {
  const read = readSchemaXml(fs.readFileSync(path.join(REPO_ROOT, 'dist', 'kaltura-schema.xml'), 'utf8'));
  if ('problem' in read) throw new Error(read.problem);
  return indexSchema(read.data);
}

async function lensesOf(document: vscode.TextDocument, command: string): Promise<vscode.Command[]> {
  return waitFor(`a ${command} lens`, async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
    const found = (lenses ?? []).map((lens) => lens.command).filter((c): c is vscode.Command => c?.command === command);
    return found.length ? found : undefined;
  });
}

function hoverText(hovers: readonly vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

suite('kreq in VS Code: flows against the sandbox', () => {
  let api: KreqExtensionApi;
  let sandbox: Sandbox;
  let flows: vscode.TextDocument;

  suiteSetup(async () => {
    api = await kreqApi();
    sandbox = await startSandbox({ schema: bundledSchema(), convertSeconds: 1 });
    pointSandboxAt(sandbox.url);
    await vscode.commands.executeCommand('kreq.selectEnvironment', 'sandbox');
    flows = (await openNewFile('flows/flow-test.kreq', FLOWS)).document;
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('kreq.selectEnvironment', null);
    await sandbox?.close();
  });

  test('"Send All" from its lens: a note for every block, the failed assertion as a kaltura problem on its line', async () => {
    const [lens] = await lensesOf(flows, 'kreq.sendAll');
    assert.equal(lens.title, '▶▶ Send All (3 blocks)');
    let shown: RunResult | undefined;
    const listener = api.onDidRun((result) => (shown = result));
    const run = await vscode.commands.executeCommand<RunResult | undefined>(lens.command, ...(lens.arguments ?? []));
    listener.dispose();
    assert.ok(run, 'Send All returned its result');
    assert.equal(shown, run, 'onDidRun fired once the notes were drawn');
    assert.deepEqual(run.blocks.map((b) => [b.block, b.passed]), [[0, true], [1, false], [2, true]]);
    const [entryId] = sandbox.state.entries.keys();
    const notes = api.notesFor(flows.uri).map((note) => [note.line, note.text.replace(/ · \d+ ms$/, ''), note.ok]);
    assert.deepEqual(notes, [
      [2, `✓ 1 assertion · KalturaMediaEntry · id ${entryId}`, true],
      [6, `entryId = ${entryId}`, true],
      [10, '✗ status == READY (was NO_CONTENT)', false],
      [16, '✓ 1 assertion · ENTRY_ID_NOT_FOUND', true],
    ]);
    const problems = await diagnosticsWhen(flows.uri, 'the assertion-failed problem', (found) => found.some((d) => codeOf(d) === 'assertion-failed'));
    const failed = problems.filter((d) => d.source === 'kaltura');
    assert.deepEqual(failed.map((d) => [codeOf(d), d.range.start.line, d.severity, d.message]), [
      ['assertion-failed', 13, vscode.DiagnosticSeverity.Error, 'Assertion failed: `result:status == READY` — expected READY, was NO_CONTENT'],
    ]);
  });

  test('hovering {{entryId}} shows the value captured', async () => {
    const [entryId] = sandbox.state.entries.keys();
    const position = new vscode.Position(11, 'entryId = {{en'.length);
    const text = await waitFor('a hover with the captured value', async () => {
      const shown = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', flows.uri, position));
      return shown.includes(entryId) ? shown : undefined;
    });
    assert.ok(text.includes(entryId));
  });

  test('a # @prompt is asked in an input box (masked for a token), then the block is sent with the answers', async () => {
    const { document } = await openNewFile('flows/prompted.kreq', PROMPTED);
    const asked: vscode.InputBoxOptions[] = [];
    const original = vscode.window.showInputBox;
    const answers: Record<string, string> = { '{{entryName}}': 'Flow test', '{{apiToken}}': 'typed-token' };
    (vscode.window as { showInputBox: typeof vscode.window.showInputBox }).showInputBox = async (options?: vscode.InputBoxOptions) => {
      asked.push(options ?? {});
      return answers[(options?.title ?? '').replace(/^Kreq: /, '')];
    };
    try {
      const result = await vscode.commands.executeCommand<SendResult | undefined>('kreq.send', { uri: document.uri.toString(), block: 0 });
      assert.ok(result, 'sent once the prompts were answered');
      assert.equal(result.passed, true, JSON.stringify(result.calls));
      assert.deepEqual(asked.map((o) => [o.title, o.prompt, o.password]), [
        ['Kreq: {{entryName}}', 'The name to look for', false],
        ['Kreq: {{apiToken}}', 'A value for {{apiToken}} (# @prompt apiToken (line 3))', true],
      ]);
      // The answers are kept: no second question. Cleared, they are asked again — and Escape cancels quietly.
      asked.length = 0;
      assert.ok(await vscode.commands.executeCommand<SendResult | undefined>('kreq.send', { uri: document.uri.toString(), block: 0 }));
      assert.equal(asked.length, 0);
      await vscode.commands.executeCommand('kreq.clearCaptures', { uri: document.uri.toString() });
      delete answers['{{entryName}}'];
      const escaped = await vscode.commands.executeCommand<SendResult | undefined>('kreq.send', { uri: document.uri.toString(), block: 0 });
      assert.equal(escaped, undefined, 'Escape: nothing sent, no error');
      assert.equal(asked.length, 1);
    } finally {
      (vscode.window as { showInputBox: typeof vscode.window.showInputBox }).showInputBox = original;
    }
  });

  test('the Test Explorer: the file with a failing assertion fails at the assertion\'s line; its blocks are its children', async () => {
    await api.tests.discover();
    const id = flows.uri.toString();
    const file = await waitFor('the flows file in the Test Explorer', () => api.tests.controller.items.get(id));
    const children: vscode.TestItem[] = [];
    file.children.forEach((child) => children.push(child));
    assert.deepEqual(children.map((c) => [c.label, c.range?.start.line, c.range?.end.line]), [
      ['create-entry', 0, 7],
      ['Get it', 9, 13],
      ['A missing entry', 15, 18],
    ]);
    assert.equal(api.tests.controller.items.get(vscode.Uri.file(path.join(workspaceRoot(), 'getting-started.kreq')).toString()), undefined, 'a file without assertions is no test');

    const outcomes = await api.tests.run([id]);
    assert.deepEqual([...outcomes].map(([key, o]) => [key.slice(id.length), o.state]), [['#0', 'passed'], ['#1', 'failed'], ['#2', 'passed']]);
    assert.deepEqual(outcomes.get(`${id}#1`)?.messages, [
      { line: 13, message: 'Assertion failed: status == READY (was NO_CONTENT)', expected: 'READY', actual: 'NO_CONTENT' },
    ]);
  });

  test('the Test Explorer: one block run sends the block it needs first', async () => {
    await vscode.commands.executeCommand('kreq.clearCaptures', { uri: flows.uri.toString() });
    const entries = sandbox.state.entries.size;
    const outcomes = await api.tests.run([`${flows.uri.toString()}#1`]);
    assert.deepEqual([...outcomes.values()].map((o) => o.state), ['failed']);
    assert.equal(sandbox.state.entries.size, entries + 1, 'the create block ran first');
    assert.deepEqual(api.notesFor(flows.uri).map((note) => note.line), [2, 6, 10, 16], 'the notes of the block sent first too');
  });
});
