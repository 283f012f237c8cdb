/**
 * The commands that run blocks as a flow (spec §10): `kreq.send` (the block, after the blocks that capture what it
 * needs), `kreq.sendAll` (blocks in file order, captures flowing) and `kreq.clearCaptures`; prompts must be answered
 * first, progress says what is sent and waited for, and every result feeds the `kaltura` diagnostics and hover.
 */

import { type CancellationToken, type Disposable, ResponseError, type WorkDoneProgressReporter } from 'vscode-languageserver';
import type { FlowBlockResult, FlowInput, FlowOptions, FlowProgress, FlowValues } from '../engine/index';
import { blocksToSendFirst, type BlockNode, type KalturaSchema, type KreqDocument } from '../language/index';
import {
  PROMPTS_NEEDED_ERROR,
  type PromptsNeeded,
  type RunResult,
  type SendAllArguments,
  type SendArguments,
  type SendResult,
} from '../protocol';
import { CommandError } from './commandArguments';
import { callCount, type ChosenEnvironment, type CommandSupport, type Progress } from './commandSupport';
import { blockLabel, progressMessage, promptsNeededMessage } from './flowProgress';
import { cancelled } from './runSafe';
import { flowResultJson } from './sendResultJson';

/** What one run of blocks needs, whichever command started it. */
interface FlowRun {
  readonly uri: string;
  readonly model: KreqDocument;
  readonly chosen: ChosenEnvironment;
  readonly values: FlowValues;
  readonly args: SendArguments;
  readonly schema: KalturaSchema | undefined;
}

function answerMap(answers: Readonly<Record<string, string>> | undefined): Map<string, string> {
  return new Map(Object.entries(answers ?? {}));
}

export class FlowCommands {
  constructor(private readonly support: CommandSupport) {}

  private get context() {
    return this.support.context;
  }

  /** `kreq.send`: the block, after the blocks capturing what it needs (unless `dependencies: false`). */
  async send(args: SendArguments, token: CancellationToken, workDone: WorkDoneProgressReporter): Promise<SendResult | ResponseError<void>> {
    const { model, block } = this.support.locate(args);
    if (block.calls.length === 0) throw new CommandError(`Block ${block.index + 1} has no call to send`);
    const run = await this.prepare(args, model);
    const answers = answerMap(args.answers);
    const first = args.dependencies === false ? [] : blocksToSendFirst(model, block, (name) => run.values.has(name) || answers.has(name));
    this.checkPrompts(run, [...first, block]);
    const title = `Sending block ${block.index + 1} (${callCount(block)})…`;
    const what = `kreq.send: block ${block.index + 1} of ${args.uri} (${callCount(block)})`;
    const results = await this.running(run, title, what, token, workDone, (options) => {
      const needing = [...first, block];
      const withMessages = this.reporting(options, (event) => progressMessage(event, model, needing));
      const { engine } = this.support.sending;
      if (args.dependencies === false) return engine.runBlock(this.input(run), block, withMessages).then((r) => [r]);
      return engine.runBlockWithDependencies(this.input(run), block, withMessages);
    });
    if (results instanceof ResponseError) return results;
    const target = results.find((r) => !r.dependency && r.block.index === block.index) ?? results[results.length - 1];
    const json = this.json(run, target);
    const dependencies = results.filter((r) => r !== target).map((r) => this.json(run, r));
    this.support.log(`kreq.send: block ${block.index + 1} done: ${this.summary(target)}`);
    return dependencies.length > 0 ? { ...json, dependencies } : json;
  }

  /** `kreq.sendAll`: the chosen blocks (else every block with a call) in file order. */
  async sendAll(args: SendAllArguments, token: CancellationToken, workDone: WorkDoneProgressReporter): Promise<RunResult | ResponseError<void>> {
    const { model } = this.support.document(args.uri);
    const blocks = this.chooseBlocks(args, model);
    const run = await this.prepare(args, model);
    this.checkPrompts(run, blocks);
    const stopOnFailure = args.stopOnFailure ?? (await this.context.settings()).stopOnFailure ?? false;
    const started = this.context.runtime.now();
    const title = `Running ${blocks.length === 1 ? '1 block' : `${blocks.length} blocks`}…`;
    const what = `kreq.sendAll: ${blocks.length} of the blocks of ${args.uri}`;
    const results = await this.running(run, title, what, token, workDone, (options) => {
      const message = (event: FlowProgress): string | undefined => {
        if (event.kind === 'done') return undefined;
        const text = progressMessage(event, model, blocks);
        const position = blocks.indexOf(event.block) + 1;
        const of = position > 0 ? `(${position}/${blocks.length}) ` : '';
        return text && (event.kind === 'wait' ? `${of}${blockLabel(event.block)}: ${text}` : `${of}${text}`);
      };
      return this.support.sending.engine.runFlow(this.input(run), blocks, { ...this.reporting(options, message), stopOnFailure });
    });
    if (results instanceof ResponseError) return results;
    const passed = results.length > 0 && results.every((r) => r.passed);
    this.support.log(`kreq.sendAll: ${results.filter((r) => r.passed).length} of ${results.length} blocks passed`);
    return {
      uri: args.uri,
      ...(run.chosen.name ? { environment: run.chosen.name } : {}),
      passed,
      durationMs: Math.max(0, this.context.runtime.now() - started),
      blocks: results.map((r) => this.json(run, r)),
    };
  }

  /** `kreq.clearCaptures`: the values of one document, or of all; answers how many went. */
  clearCaptures(uri: string | undefined): number {
    const count = this.context.memory.clear(uri);
    this.support.log(`kreq.clearCaptures: ${count} value${count === 1 ? '' : 's'} cleared${uri ? ` for ${uri}` : ''}`);
    return count;
  }

  private chooseBlocks(args: SendAllArguments, model: KreqDocument): BlockNode[] {
    let blocks: BlockNode[];
    if (args.blocks) {
      blocks = [...new Set(args.blocks)].sort((a, b) => a - b).map((index) => {
        const block = model.blocks[index];
        if (!block) throw new CommandError(`${args.uri} has no block ${index + 1} (it has ${model.blocks.length})`);
        if (block.calls.length === 0) throw new CommandError(`Block ${index + 1} has no call to send`);
        return block;
      });
    } else {
      blocks = model.blocks.filter((b) => b.calls.length > 0);
    }
    if (blocks.length === 0) throw new CommandError(`${args.uri} has no block with a call to send`);
    return blocks;
  }

  private async prepare(args: SendArguments, model: KreqDocument): Promise<FlowRun> {
    const chosen = await this.support.chooseEnvironment(args.uri, args.environment, args.secrets);
    const values = this.context.memory.values(args.uri, chosen.name);
    if (!values) throw new CommandError('This kreq server cannot send requests (no request engine in this host).');
    return { uri: args.uri, model, chosen, values, args, schema: await this.context.schema() };
  }

  /** Fails with `PROMPTS_NEEDED_ERROR` while a prompt of `blocks` has neither an answer nor a kept one (the runner keeps answers). */
  private checkPrompts(run: FlowRun, blocks: readonly BlockNode[]): void {
    const answers = answerMap(run.args.answers);
    const known = new Map([...[...run.values].map(([name, v]) => [name, v.value] as const), ...answers]);
    const missing = this.support.sending.engine.missingPrompts(run.model, blocks, known);
    if (missing.length > 0) {
      const data: PromptsNeeded = {
        prompts: missing.map((p) => ({ name: p.name, ...(p.description ? { description: p.description } : {}), secret: p.secret, block: p.block.index, line: p.line })),
      };
      throw new ResponseError(PROMPTS_NEEDED_ERROR, promptsNeededMessage(missing), data);
    }
  }

  private input(run: FlowRun): FlowInput {
    return this.support.flowInput(run.uri, run.model, run.chosen.environment, run.schema);
  }

  /** Runs `body` under progress and cancellation; records the results; `RequestCancelled` when the request was cancelled. */
  private async running(
    run: FlowRun,
    title: string,
    what: string,
    token: CancellationToken,
    workDone: WorkDoneProgressReporter,
    body: (options: FlowOptions & { progress: Progress }) => Promise<FlowBlockResult[]>,
  ): Promise<FlowBlockResult[] | ResponseError<void>> {
    if (token.isCancellationRequested) return cancelled();
    const abort = new AbortController();
    const subscriptions: Disposable[] = [token.onCancellationRequested(() => abort.abort())];
    const progress = await this.support.startProgress(workDone, title, run.chosen.name && `to ${run.chosen.name}`);
    if (progress.token) subscriptions.push(progress.token.onCancellationRequested(() => abort.abort()));
    try {
      const environment = run.chosen.name ? `"${run.chosen.name}"` : 'none';
      this.support.log(`${what}, environment ${environment}`);
      const results = await body({
        sessions: this.support.sessions,
        signal: abort.signal,
        timeoutMs: run.args.timeoutMs,
        log: (line) => this.support.log(line),
        values: run.values,
        overrides: answerMap(run.args.answers),
        now: this.context.runtime.now,
        progress,
      });
      if (token.isCancellationRequested) return cancelled();
      this.context.memory.sentTo(run.uri, run.chosen.name);
      this.record(run, results);
      return results;
    } finally {
      progress.reporter.done();
      for (const s of subscriptions) s.dispose();
    }
  }

  /** The options with `onProgress` reporting `message(event)` on the run's progress. */
  private reporting(options: FlowOptions & { progress: Progress }, message: (event: FlowProgress) => string | undefined): FlowOptions {
    const { progress, ...rest } = options;
    return {
      ...rest,
      onProgress: (event) => {
        const text = message(event);
        if (text) progress.reporter.report(text);
      },
    };
  }

  /** The `kaltura` diagnostics and assertion outcomes of every block sent (not of skipped or cancelled ones). */
  private record(run: FlowRun, results: readonly FlowBlockResult[]): void {
    let changed = false;
    for (const r of results) {
      if (r.skipped !== undefined || r.result.error?.kind === 'cancelled') continue;
      this.context.results.record(run.uri, run.model, r.block, r.calls, this.context.runtime.now());
      changed = true;
    }
    if (changed) this.context.republish(run.uri);
  }

  private json(run: FlowRun, result: FlowBlockResult): SendResult {
    return flowResultJson(result, {
      engine: this.support.sending.engine,
      uri: run.uri,
      environment: run.chosen.name,
      reveal: run.args.reveal === true,
      secrets: this.support.secretsOf(run.chosen.environment, run.args.secrets),
    });
  }

  private summary(result: FlowBlockResult): string {
    if (result.skipped !== undefined) return `skipped: ${result.skipped}`;
    const error = result.result.error;
    if (error) return `${error.kind}: ${error.message}`;
    const tries = result.tries > 1 ? ` after ${result.tries} tries` : '';
    return `${result.passed ? 'passed' : 'failed'}${tries} in ${result.result.durationMs} ms`;
  }
}
