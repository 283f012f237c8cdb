/**
 * The commands that run blocks as a flow (spec §10): `kreq.send` (the block, after the blocks that capture what it
 * needs), `kreq.sendAll` (blocks in file order, captures flowing) and `kreq.clearCaptures`; prompts must be answered
 * first, progress says what is sent and waited for, and every result feeds the `kaltura` diagnostics and hover.
 */

import { type CancellationToken, type Disposable, ResponseError, type WorkDoneProgressReporter } from 'vscode-languageserver';
import type { FlowBlockResult, FlowProgress, FlowValues, SendSession, SendSessionOptions } from '../engine/index';
import { blocksToSendFirst, type BlockNode, type KalturaSchema, type KreqDocument } from '../language/index';
import { CREDENTIALS_NEEDED_ERROR, PROMPTS_NEEDED_ERROR, type CredentialsNeeded, type PromptsNeeded, type RunResult, type SendAllArguments, type SendArguments, type SendResult, oneBased } from '../protocol';
import { CommandError } from './commandArguments';
import { callCount, type ChosenEnvironment, type CommandSupport, type Progress } from './commandSupport';
import { blockLabel, progressMessage, promptsNeededMessage } from './flowProgress';
import { cancelled } from './runSafe';

/** What one run of blocks needs, whichever command started it. */
interface FlowRun {
  readonly uri: string;
  readonly model: KreqDocument;
  readonly chosen: ChosenEnvironment;
  readonly values: FlowValues;
  readonly args: SendArguments;
  readonly schema: KalturaSchema | undefined;
}

/** The result with the id its block's results were recorded under (`SENT_BLOCKS_NOTIFICATION`). */
function withId(result: SendResult, ids: ReadonlyMap<number, number>): SendResult {
  const id = result.skipped === undefined ? ids.get(result.block) : undefined;
  return id !== undefined ? { ...result, resultId: id } : result;
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
    if (block.calls.length === 0) throw new CommandError(`Block ${oneBased(block.index)} has no call to send`);
    const run = await this.prepare(args, model);
    const answers = answerMap(args.answers);
    const first = args.dependencies === false ? [] : blocksToSendFirst(model, block, (name) => run.values.has(name) || answers.has(name));
    const needing = [...first, block];
    this.checkPrompts(run, needing);
    const title = `Sending block ${oneBased(block.index)} (${callCount(block)})…`;
    const what = `kreq.send: block ${oneBased(block.index)} of ${args.uri} (${callCount(block)})`;
    const message = (event: FlowProgress) => progressMessage(event, model, needing);
    const sent = await this.running(run, needing, { title, what, message }, token, workDone, (session) => session.sendBlock(block, args.dependencies !== false));
    if (sent instanceof ResponseError) return sent;
    const target = sent.results.find((r) => !r.dependency && r.block.index === block.index) ?? sent.results[sent.results.length - 1];
    this.support.log(`kreq.send: block ${oneBased(block.index)} done: ${this.summary(target)}`);
    const reply = sent.session.sendReply(sent.results, block, run.schema);
    return { ...withId(reply, sent.ids), ...(reply.dependencies ? { dependencies: reply.dependencies.map((d) => withId(d, sent.ids)) } : {}) };
  }

  /** `kreq.sendAll`: the chosen blocks (else every block with a call) in file order. */
  async sendAll(args: SendAllArguments, token: CancellationToken, workDone: WorkDoneProgressReporter): Promise<RunResult | ResponseError<void>> {
    const { model } = this.support.document(args.uri);
    const blocks = this.chooseBlocks(args, model);
    const run = await this.prepare(args, model);
    this.checkPrompts(run, blocks);
    const stopOnFailure = args.stopOnFailure ?? (await this.context.settings()).stopOnFailure ?? false;
    const title = `Running ${blocks.length === 1 ? '1 block' : `${blocks.length} blocks`}…`;
    const what = `kreq.sendAll: ${blocks.length} of the blocks of ${args.uri}`;
    const message = (event: FlowProgress): string | undefined => {
      if (event.kind === 'done') return undefined;
      const text = progressMessage(event, model, blocks);
      const position = oneBased(blocks.indexOf(event.block));
      const of = position > 0 ? `(${position}/${blocks.length}) ` : '';
      return text && (event.kind === 'wait' ? `${of}${blockLabel(event.block)}: ${text}` : `${of}${text}`);
    };
    const sent = await this.running(run, blocks, { title, what, message }, token, workDone, (session) => session.sendBlocks(blocks, stopOnFailure));
    if (sent instanceof ResponseError) return sent;
    this.support.log(`kreq.sendAll: ${sent.results.filter((r) => r.passed).length} of ${sent.results.length} blocks passed`);
    const reply = sent.session.runReply(sent.results, run.schema);
    return { ...reply, blocks: reply.blocks.map((b) => withId(b, sent.ids)) };
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

  /** The send session of a run: the document's input, its captured values, the secrets to mask, the run's progress. */
  private session(run: FlowRun, signal: AbortSignal, onProgress: SendSessionOptions['onProgress']): SendSession {
    const { engine } = this.support.sending;
    return new engine.SendSession({
      input: this.support.flowInput(run.uri, run.model, run.chosen.environment, run.schema),
      environmentName: run.chosen.name,
      uri: run.uri,
      sessions: this.support.sessions,
      values: run.values,
      overrides: answerMap(run.args.answers),
      reveal: run.args.reveal === true,
      secrets: Object.values(run.args.secrets ?? {}),
      timeoutMs: run.args.timeoutMs,
      signal,
      log: (line) => this.support.log(line),
      onProgress,
      now: this.context.runtime.now,
    });
  }

  /** Fails with `CREDENTIALS_NEEDED_ERROR` when a call needs a KS the environment cannot give (unless `withoutSession`). */
  private checkCredentials(run: FlowRun, session: SendSession, blocks: readonly BlockNode[]): void {
    if (run.args.withoutSession) return;
    const missing = session.missingCredentials(blocks);
    if (!missing) return;
    const data: CredentialsNeeded = {
      ...(run.chosen.name ? { environment: run.chosen.name } : {}),
      serviceUrl: run.chosen.environment.serviceUrl,
      files: run.chosen.catalog?.files ?? [],
      line: missing.line,
      message: missing.message,
    };
    throw new ResponseError(CREDENTIALS_NEEDED_ERROR, missing.message, data);
  }

  /** Runs `body` in a send session under progress and cancellation; records the results; `RequestCancelled` when the
   *  request was cancelled. */
  private async running(
    run: FlowRun,
    blocks: readonly BlockNode[],
    words: { readonly title: string; readonly what: string; readonly message: (event: FlowProgress) => string | undefined },
    token: CancellationToken,
    workDone: WorkDoneProgressReporter,
    body: (session: SendSession) => Promise<FlowBlockResult[]>,
  ): Promise<{ readonly session: SendSession; readonly results: FlowBlockResult[]; readonly ids: ReadonlyMap<number, number> } | ResponseError<void>> {
    if (token.isCancellationRequested) return cancelled();
    const abort = new AbortController();
    // The session reports on the progress started below (after the checks that may refuse to send).
    const shown: { progress?: Progress } = {};
    const session = this.session(run, abort.signal, (event) => {
      const text = words.message(event);
      if (text) shown.progress?.reporter.report(text);
    });
    this.checkCredentials(run, session, blocks);
    const subscriptions: Disposable[] = [token.onCancellationRequested(() => abort.abort())];
    const progress = await this.support.startProgress(workDone, words.title, run.chosen.name && `to ${run.chosen.name}`);
    shown.progress = progress;
    if (progress.token) subscriptions.push(progress.token.onCancellationRequested(() => abort.abort()));
    try {
      const environment = run.chosen.name ? `"${run.chosen.name}"` : 'none';
      this.support.log(`${words.what}, environment ${environment}`);
      const results = await body(session);
      if (token.isCancellationRequested) return cancelled();
      this.context.memory.sentTo(run.uri, run.chosen.name);
      return { session, results, ids: this.record(run, results) };
    } finally {
      progress.reporter.done();
      for (const s of subscriptions) s.dispose();
    }
  }

  /** The `kaltura` diagnostics and assertion outcomes of every block sent (not of skipped or cancelled ones); answers
   *  the id of each block's results, by block index. */
  private record(run: FlowRun, results: readonly FlowBlockResult[]): Map<number, number> {
    const ids = new Map<number, number>();
    for (const r of results) {
      if (r.skipped !== undefined || r.result.error?.kind === 'cancelled') continue;
      ids.set(r.block.index, this.context.results.record(run.uri, run.model, r.block, r.calls, this.context.runtime.now(), r.result.error));
    }
    if (ids.size > 0) this.context.republish(run.uri);
    return ids;
  }

  private summary(result: FlowBlockResult): string {
    if (result.skipped !== undefined) return `skipped: ${result.skipped}`;
    const error = result.result.error;
    if (error) return `${error.kind}: ${error.message}`;
    const tries = result.tries > 1 ? ` after ${result.tries} tries` : '';
    return `${result.passed ? 'passed' : 'failed'}${tries} in ${result.result.durationMs} ms`;
  }
}
