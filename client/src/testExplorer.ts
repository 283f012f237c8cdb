/**
 * The Test Explorer of kreq (spec §10.4): each `.kreq` file of the workspace (or open) with an assertion is a test,
 * its blocks with calls its children; running a file sends all its blocks (`kreq.sendAll`), running one block sends
 * it after the blocks it needs (`kreq.send`), and each block passes, fails at its failed assertions' lines, is skipped
 * or errs.
 */

import * as vscode from 'vscode';
import type { SendResult } from '../../server/src/protocol';
import { blockLabel, scanKreq } from './kreqFileScan';
import type { RunOutcome, SendController } from './sendController';
import { blockOutcome, type BlockOutcome, type OutcomeMessage, type OutcomeState } from './testOutcomes';

/** What a test run reported for one item, kept for the extension's API (tests read it). */
export interface RecordedOutcome {
  readonly state: OutcomeState;
  readonly messages: readonly OutcomeMessage[];
}

const EXCLUDE = '**/node_modules/**';
/** Typing pauses this long before a document's tests are scanned again. */
const RESCAN_DELAY_MS = 300;

function isKreq(uri: vscode.Uri): boolean {
  return uri.path.endsWith('.kreq');
}

function blockId(uri: vscode.Uri, index: number): string {
  return `${uri.toString()}#${index}`;
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
}

/** The blocks of one file a run sends: all of them (the file was chosen), or those chosen. */
interface FileRun {
  readonly file: vscode.TestItem;
  readonly whole: boolean;
  readonly blocks: vscode.TestItem[];
}

export class KreqTestExplorer implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController('kreq', 'Kreq');
  private readonly runProfile: vscode.TestRunProfile;
  private readonly blockIndex = new WeakMap<vscode.TestItem, number>();
  private readonly rescans = new Map<string, NodeJS.Timeout>();
  private readonly recorded = new Map<string, RecordedOutcome>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly sender: SendController) {
    this.controller.resolveHandler = (item) => (item ? undefined : this.discover());
    this.controller.refreshHandler = () => this.discover();
    this.runProfile = this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true);
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.kreq');
    this.disposables = [
      this.controller,
      watcher,
      watcher.onDidCreate((uri) => void this.updateFromDisk(uri)),
      watcher.onDidChange((uri) => void this.updateFromDisk(uri)),
      watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString())),
      vscode.workspace.onDidOpenTextDocument((document) => this.update(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.scheduleRescan(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === 'untitled') this.controller.items.delete(document.uri.toString());
        else if (document.languageId === 'kreq' && isKreq(document.uri)) void this.updateFromDisk(document.uri);
      }),
    ];
  }

  /** Finds every test of the workspace and of the open documents (again). */
  async discover(): Promise<void> {
    const files = await vscode.workspace.findFiles('**/*.kreq', EXCLUDE);
    const seen = new Set<string>();
    for (const uri of files) {
      seen.add(uri.toString());
      await this.updateFromDisk(uri);
    }
    for (const document of vscode.workspace.textDocuments) {
      if (document.languageId !== 'kreq') continue;
      seen.add(document.uri.toString());
      this.update(document);
    }
    this.controller.items.forEach((item) => {
      if (!seen.has(item.id)) this.controller.items.delete(item.id);
    });
  }

  /** Runs tests as the Run profile does (all when `include` is absent); resolves with what each item reported. */
  async runTests(include?: readonly vscode.TestItem[], token?: vscode.CancellationToken): Promise<ReadonlyMap<string, RecordedOutcome>> {
    this.recorded.clear();
    const request = new vscode.TestRunRequest(include ? [...include] : undefined, undefined, this.runProfile);
    await this.run(request, token ?? new vscode.CancellationTokenSource().token);
    return new Map(this.recorded);
  }

  private update(document: vscode.TextDocument): void {
    if (document.languageId !== 'kreq') return;
    this.updateFromText(document.uri, document.getText());
  }

  private async updateFromDisk(uri: vscode.Uri): Promise<void> {
    const open = openDocument(uri);
    if (open) return this.update(open);
    try {
      this.updateFromText(uri, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      this.controller.items.delete(uri.toString());
    }
  }

  private scheduleRescan(document: vscode.TextDocument): void {
    if (document.languageId !== 'kreq') return;
    const key = document.uri.toString();
    clearTimeout(this.rescans.get(key));
    this.rescans.set(key, setTimeout(() => {
      this.rescans.delete(key);
      this.update(document);
    }, RESCAN_DELAY_MS));
  }

  /** The file's test (created, updated or removed) and its blocks' tests, from its text. */
  private updateFromText(uri: vscode.Uri, text: string): void {
    const scan = scanKreq(text);
    const id = uri.toString();
    if (!scan.hasAssertions) {
      this.controller.items.delete(id);
      return;
    }
    let file = this.controller.items.get(id);
    if (!file) {
      file = this.controller.createTestItem(id, uri.scheme === 'untitled' ? uri.path : vscode.workspace.asRelativePath(uri), uri);
      this.controller.items.add(file);
    }
    const lastLine = Math.max(0, text.split('\n').length - 1);
    file.range = new vscode.Range(0, 0, lastLine, 0);
    const children = scan.blocks.map((block) => {
      const item = this.controller.createTestItem(blockId(uri, block.index), blockLabel(block), uri);
      item.range = new vscode.Range(block.startLine, 0, block.endLine, 0);
      item.description = block.hasAssertions ? undefined : 'no assertions';
      this.blockIndex.set(item, block.index);
      return item;
    });
    file.children.replace(children);
  }

  /** The files a request runs, each with its blocks. */
  private plan(request: vscode.TestRunRequest): FileRun[] {
    const excluded = new Set((request.exclude ?? []).map((item) => item.id));
    const runs = new Map<string, FileRun>();
    const files: vscode.TestItem[] = [];
    this.controller.items.forEach((item) => files.push(item));
    const included = request.include ?? files;
    for (const item of included) {
      if (excluded.has(item.id)) continue;
      if (this.blockIndex.has(item)) {
        const file = item.parent;
        if (!file || excluded.has(file.id)) continue;
        const run = runs.get(file.id) ?? { file, whole: false, blocks: [] };
        if (!run.whole && !run.blocks.includes(item)) run.blocks.push(item);
        runs.set(file.id, run);
      } else {
        const blocks: vscode.TestItem[] = [];
        item.children.forEach((child) => {
          if (!excluded.has(child.id)) blocks.push(child);
        });
        const whole = blocks.length === item.children.size;
        runs.set(item.id, { file: item, whole, blocks });
      }
    }
    return [...runs.values()].filter((run) => run.blocks.length > 0);
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    try {
      for (const fileRun of this.plan(request)) {
        for (const block of fileRun.blocks) run.enqueued(block);
        if (token.isCancellationRequested) {
          for (const block of fileRun.blocks) this.report(run, block, { state: 'skipped', messages: [] });
          continue;
        }
        await this.runFile(run, fileRun, token);
      }
    } finally {
      run.end();
    }
  }

  private async runFile(run: vscode.TestRun, fileRun: FileRun, token: vscode.CancellationToken): Promise<void> {
    const uri = fileRun.file.uri!.toString();
    for (const block of fileRun.blocks) run.started(block);
    const indexes = fileRun.blocks.map((block) => this.blockIndex.get(block)!).sort((a, b) => a - b);
    let results: readonly SendResult[];
    if (!fileRun.whole && indexes.length === 1) {
      const outcome = await this.sender.sendBlock({ uri, block: indexes[0] }, { token });
      if (!this.succeeded(run, fileRun, outcome)) return;
      results = [...(outcome.value.dependencies ?? []), outcome.value];
    } else {
      const outcome = await this.sender.runBlocks({ uri, ...(fileRun.whole ? {} : { blocks: indexes }) }, { token });
      if (!this.succeeded(run, fileRun, outcome)) return;
      results = outcome.value.blocks;
    }
    const byIndex = new Map(fileRun.blocks.map((block) => [this.blockIndex.get(block)!, block]));
    for (const result of results) {
      const outcome = blockOutcome(result);
      run.appendOutput(`${outcome.summary}\r\n`, undefined, byIndex.get(result.block));
      const item = byIndex.get(result.block);
      if (!item) continue;
      byIndex.delete(result.block);
      this.report(run, item, outcome);
    }
    // Blocks the server did not report (the file changed under the run): they did not run.
    for (const item of byIndex.values()) this.report(run, item, { state: 'skipped', messages: [] });
  }

  /** True when the outcome has results; else every block of the file is reported skipped (cancelled) or errored. */
  private succeeded<T>(run: vscode.TestRun, fileRun: FileRun, outcome: RunOutcome<T>): outcome is { kind: 'done'; value: T } {
    if (outcome.kind === 'done') return true;
    const state: OutcomeState = outcome.kind === 'cancelled' ? 'skipped' : 'errored';
    const messages = outcome.kind === 'failed' ? [{ line: 0, message: outcome.message }] : [];
    if (outcome.kind === 'failed') run.appendOutput(`✗ ${outcome.message}\r\n`);
    for (const block of fileRun.blocks) this.report(run, block, { state, messages });
    return false;
  }

  private report(run: vscode.TestRun, item: vscode.TestItem, outcome: Pick<BlockOutcome, 'state' | 'messages' | 'durationMs'>): void {
    this.recorded.set(item.id, { state: outcome.state, messages: outcome.messages });
    const messages = outcome.messages.map((m) => this.testMessage(item, m));
    switch (outcome.state) {
      case 'passed':
        return run.passed(item, outcome.durationMs);
      case 'failed':
        return run.failed(item, messages, outcome.durationMs);
      case 'errored':
        return run.errored(item, messages, outcome.durationMs);
      case 'skipped':
        return run.skipped(item);
    }
  }

  private testMessage(item: vscode.TestItem, m: OutcomeMessage): vscode.TestMessage {
    const message = m.expected !== undefined && m.actual !== undefined ? vscode.TestMessage.diff(m.message, m.expected, m.actual) : new vscode.TestMessage(m.message);
    if (item.uri) message.location = new vscode.Location(item.uri, new vscode.Position(Math.max(0, m.line), 0));
    return message;
  }

  dispose(): void {
    for (const timer of this.rescans.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
