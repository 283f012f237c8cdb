/**
 * The language features as VS Code shows them, asked through its own API inside the extension host (mocha, run by
 * @vscode/test-cli): activation, completion on the real schema, diagnostics, the Send Request CodeLenses, hover and
 * an applied quick fix, each on the examples/ workspace or a small file with a `|` cursor marker.
 */

import * as assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
// eslint-disable-next-line no-restricted-imports -- these suites run inside VS Code's extension host
import * as vscode from 'vscode';
import type { KreqExtensionApi } from '../../client/src/extension';
import { closeAllEditors, codeOf, diagnosticsWhen, EXTENSION_ID, kreqApi, openFile, openNewFile, positionOf, takeCursor, waitFor } from './extensionHost';

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** The text an item inserts (a snippet's placeholders reduced to their default text). */
function insertedText(item: vscode.CompletionItem): string {
  const insert = item.insertText ?? labelOf(item);
  if (typeof insert === 'string') return insert;
  return insert.value.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{?\d+\}?/g, '');
}

/** The whole document after accepting `item` (its replace range, else the word at the cursor). */
function textAfter(document: vscode.TextDocument, position: vscode.Position, item: vscode.CompletionItem): string {
  const range = item.range === undefined ? document.getWordRangeAtPosition(position) ?? new vscode.Range(position, position)
    : 'replacing' in item.range ? item.range.replacing : item.range;
  const text = document.getText();
  return text.slice(0, document.offsetAt(range.start)) + insertedText(item) + text.slice(document.offsetAt(range.end));
}

interface CompletionCase {
  readonly name: string;
  /** The document, `|` at the cursor. */
  readonly input: string;
  /** Labels offered, each with the whole document after accepting it. */
  readonly items: ReadonlyArray<readonly [label: string, resultText: string]>;
  readonly notLabels?: readonly string[];
}

const COMPLETION_CASES: readonly CompletionCase[] = [
  {
    name: 'actions after `media.`',
    input: '### actions\nmedia.|',
    items: [['list', '### actions\nmedia.list'], ['get', '### actions\nmedia.get'], ['addContent', '### actions\nmedia.addContent']],
  },
  {
    name: 'parameters of a call, the mandatory one included',
    input: 'media.get\n|',
    items: [['entryId', 'media.get\nentryId = '], ['version', 'media.get\nversion = ']],
  },
  {
    name: 'nested keys of `filter:`',
    input: 'media.list\nfilter:|',
    items: [['nameLike', 'media.list\nfilter:nameLike = '], ['objectType', 'media.list\nfilter:objectType = '], ['advancedSearch', 'media.list\nfilter:advancedSearch:']],
  },
  {
    name: 'a written `objectType` changes the properties offered',
    input: 'baseEntry.list\nfilter:objectType = KalturaMediaEntryFilter\nfilter:|',
    items: [['mediaTypeEqual', 'baseEntry.list\nfilter:objectType = KalturaMediaEntryFilter\nfilter:mediaTypeEqual = ']],
    notLabels: ['objectType'],
  },
  {
    name: '`objectType` values: the concrete subclasses of an abstract parameter',
    input: 'media.addContent\nentryId = 0_x\nresource:objectType = |',
    items: [['KalturaUrlResource', 'media.addContent\nentryId = 0_x\nresource:objectType = KalturaUrlResource']],
    notLabels: ['KalturaResource'],
  },
  {
    name: 'enum values, written as the value',
    input: 'media.add\nentry:mediaType = |',
    items: [['VIDEO', 'media.add\nentry:mediaType = 1'], ['AUDIO', 'media.add\nentry:mediaType = 5']],
  },
  {
    name: 'token paths into an earlier call\'s result',
    input: '### tokens\nmedia.list\n\nmedia.get\nentryId = {1:result:objects:0:|',
    items: [['id', '### tokens\nmedia.list\n\nmedia.get\nentryId = {1:result:objects:0:id'], ['name', '### tokens\nmedia.list\n\nmedia.get\nentryId = {1:result:objects:0:name']],
  },
];

suite('kreq in VS Code: language features', () => {
  let api: KreqExtensionApi;

  suiteSetup(async () => {
    api = await kreqApi();
  });

  test('the extension activates and its language server answers', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension?.isActive, 'active');
    assert.equal(api.client.isRunning(), true);
    const capabilities = api.client.initializeResult?.capabilities;
    assert.ok(capabilities?.completionProvider, 'completion');
    assert.ok(capabilities?.hoverProvider, 'hover');
    assert.ok(capabilities?.codeActionProvider, 'code actions');
    assert.ok(capabilities?.codeLensProvider, 'CodeLenses');
    assert.ok(capabilities?.executeCommandProvider?.commands.includes('kreq.send'), 'kreq.send');
    const editor = await openFile('getting-started.kreq');
    assert.equal(editor.document.languageId, 'kreq');
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['kreq.sendRequest', 'kreq.selectEnvironment', 'kreq.send', 'kreq.sendAll', 'kreq.clearCaptures']) assert.ok(commands.includes(command), command);
  });

  for (const entry of COMPLETION_CASES) {
    test(`completion: ${entry.name}`, async () => {
      const { text, offset } = takeCursor(entry.input);
      const editor = await openNewFile(`scratch/completion-${COMPLETION_CASES.indexOf(entry)}.kreq`, text);
      const document = editor.document;
      const position = document.positionAt(offset);
      // The first answer can come before the schema is in: ask until the expected labels are there.
      const list = await waitFor(`completion items ${entry.items.map(([label]) => label).join(', ')}`, async () => {
        const answer = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
        const labels = answer.items.map(labelOf);
        return entry.items.every(([label]) => labels.includes(label)) ? answer : undefined;
      });
      for (const [label, resultText] of entry.items) {
        const item = list.items.find((candidate) => labelOf(candidate) === label);
        assert.ok(item);
        assert.equal(textAfter(document, position, item), resultText, `accepting ${label}`);
      }
      const labels = list.items.map(labelOf);
      for (const label of entry.notLabels ?? []) assert.ok(!labels.includes(label), `${label} is not offered: ${labels.slice(0, 30).join(', ')}`);
    });
  }

  test('diagnostics: each block of examples/mistakes.kreq gets the problem it is named after', async () => {
    const { document } = await openFile('mistakes.kreq');
    const expected = [...document.getText().matchAll(/^### (\S+)$/gm)].map((match) => ({ code: match[1], line: document.positionAt(match.index).line }));
    assert.equal(expected.length, 22);
    const diagnostics = await diagnosticsWhen(document.uri, '22 diagnostics on mistakes.kreq', (found) => found.length === expected.length);
    for (const [index, block] of expected.entries()) {
      const end = expected[index + 1]?.line ?? document.lineCount;
      const inBlock = diagnostics.filter((d) => d.range.start.line > block.line && d.range.start.line < end);
      assert.deepEqual(inBlock.map(codeOf), [block.code], `block ${block.code}`);
      assert.equal(inBlock[0].source, 'kreq');
    }
    const severities = (severity: vscode.DiagnosticSeverity) => diagnostics.filter((d) => d.severity === severity).length;
    assert.deepEqual([severities(vscode.DiagnosticSeverity.Error), severities(vscode.DiagnosticSeverity.Warning)], [17, 5], 'as `kreq check` counts them');
    const unknownAction = diagnostics.find((d) => codeOf(d) === 'unknown-action');
    assert.equal(unknownAction?.message, 'Unknown action `lst` of service `media`. Did you mean `list`?');
    assert.equal(document.getText(unknownAction.range), 'lst');
  });

  test('diagnostics follow an edit', async () => {
    const editor = await openNewFile('scratch/edit.kreq', '### edit\nmedia.get\n');
    const uri = editor.document.uri;
    await diagnosticsWhen(uri, 'missing-param', (found) => found.map(codeOf).join() === 'missing-param');
    await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), 'entryId = 0_abc\n'));
    await diagnosticsWhen(uri, 'no diagnostics after adding entryId', (found) => found.length === 0);
  });

  test('CodeLenses: "▶▶ Send All" on the first line, "▶ Send Request" over each block of examples/multirequest.kreq', async () => {
    const { document } = await openFile('multirequest.kreq');
    const lenses = await waitFor('three lenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
      return found?.length === 3 ? found : undefined;
    });
    lenses.sort((a, b) => a.range.start.line - b.range.start.line || String(a.command?.command).localeCompare(String(b.command?.command)));
    assert.deepEqual(lenses.map((lens) => [lens.range.start.line, lens.command?.title, lens.command?.command]), [
      [0, '▶▶ Send All (2 blocks)', 'kreq.sendAll'],
      [positionOf(document, '### Start a session').line, '▶ Send Request (multirequest, 4 calls)', 'kreq.send'],
      [positionOf(document, '### Common parameters').line, '▶ Send Request (multirequest, 2 calls)', 'kreq.send'],
    ]);
    assert.deepEqual(lenses[0].command?.arguments, [{ uri: document.uri.toString() }]);
    assert.deepEqual(lenses[2].command?.arguments, [{ uri: document.uri.toString(), block: 1 }]);
  });

  test('hover: a service and an action explain themselves', async () => {
    const { document } = await openFile('getting-started.kreq');
    const hoverText = async (position: vscode.Position) => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    };
    const service = await waitFor('a hover on `media`', async () => {
      const text = await hoverText(positionOf(document, 'media.list', 2));
      return text.includes('**Service** `media`') ? text : undefined;
    });
    assert.match(service, /Media service lets you upload/);
    const action = await hoverText(positionOf(document, 'media.get', 7));
    assert.match(action, /media\.get\(\n {2}entryId: string,/);
    assert.match(action, /`ENTRY_ID_NOT_FOUND`/);
  });

  test('a quick fix applied: `media.lst` → `media.list`', async () => {
    const editor = await openNewFile('scratch/quickfix.kreq', '### fix\nmedia.lst\npager:pageSize = 3\n');
    const { document } = editor;
    const [diagnostic] = await diagnosticsWhen(document.uri, 'unknown-action', (found) => found.some((d) => codeOf(d) === 'unknown-action'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.title === 'Change to `list`');
    assert.ok(fix, `"Change to \`list\`" among ${JSON.stringify(actions.map((action) => action.title))}`);
    assert.equal(fix.isPreferred, true);
    assert.ok(fix.edit, 'the fix carries its edit');
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(document.getText(), '### fix\nmedia.list\npager:pageSize = 3\n');
    await diagnosticsWhen(document.uri, 'no diagnostics after the fix', (found) => found.length === 0);
    await document.save();
    await closeAllEditors();
  });
});
