/**
 * Sending from VS Code: the `executeCommand` middleware for the server's `kreq.send`, `kreq.sendAll` and
 * `kreq.clearCaptures` (CodeLens, palette, Test Explorer, other extensions, tests) and `kreq.copyAsCurl`, and
 * "Kreq: Send Request" at the cursor, all through one path: complete the arguments, ask the server under a cancellable
 * progress (one request: its reply carries the block's span, the session and the response document), answer its
 * `# @prompt`s and missing credentials and ask again, then show the notes, the response and any whole-block failure.
 */

import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { type ExecuteCommandSignature, type LanguageClient, WorkDoneProgress } from 'vscode-languageclient/node';
import { Commands, type RunResult, type SendAllArguments, type SendArguments, type SendResult, oneBased } from '../../server/src/protocol';
import { askForCredentials, credentialsNeeded } from './credentialsPrompt';
import { promptBox, promptsNeeded } from './promptRequests';
import type { ResultDecorations } from './resultDecorations';
import type { ResultNotes } from './resultNotes';
import { notesOfResult } from './resultNoteText';
import type { ResponseView } from './responseView';
import { isBlockReference, type SendArgumentsBuilder } from './sendArguments';
import { showBlockFailure, showRunFailure } from './sendFailureNotice';
import { errorMessage, isCancellation, type ServerCommands } from './serverCommands';

export const SEND_REQUEST_COMMAND = 'kreq.sendRequest';
/** Rounds of prompts at most before giving up (the server asks again only for prompts it did not get). */
const PROMPT_ROUNDS = 3;

export interface SendControllerParts {
  readonly client: LanguageClient;
  readonly server: ServerCommands;
  readonly arguments: SendArgumentsBuilder;
  readonly notes: ResultNotes;
  readonly decorations: ResultDecorations;
  readonly response: ResponseView;
  /** False when the workspace is untrusted (and the user was told why): Send and Send All do nothing then. */
  readonly allowsSending?: () => boolean;
}

/** How a run of the server ended: its value, cancelled (by the user, or a prompt left unanswered), or failed. */
export type RunOutcome<T> =
  | { readonly kind: 'done'; readonly value: T }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly message: string };

/** Who runs: with a token (the Test Explorer) the run reports in the status bar and stops with the token. */
export interface RunOptions {
  readonly token?: vscode.CancellationToken;
}

/** `Sending block 2… to prod` until the server's own words (`Sending block 2 (3 calls)…`) replace it. */
function sendingMessage(reference: SendArguments, environment: string | undefined): string {
  const block = reference.block !== undefined ? ` block ${oneBased(reference.block)}` : '';
  return `Sending${block}…${environment ? ` to ${environment}` : ''}`;
}

function documentOf(uri: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri);
}

function activeKreqUri(): string | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'kreq' ? document.uri.toString() : undefined;
}

export class SendController implements vscode.Disposable {
  private readonly sent = new vscode.EventEmitter<SendResult>();
  private readonly ran = new vscode.EventEmitter<RunResult>();
  /** Fires after a block's result was shown (notes drawn, response view updated). */
  readonly onDidSend = this.sent.event;
  /** Fires after a Send All's results were shown. */
  readonly onDidRun = this.ran.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly parts: SendControllerParts) {
    this.disposables = [this.sent, this.ran, vscode.commands.registerCommand(SEND_REQUEST_COMMAND, () => this.sendAtCursor())];
  }

  /** The `executeCommand` middleware of the language client. */
  executeCommand(command: string, args: unknown[], next: ExecuteCommandSignature): vscode.ProviderResult<unknown> {
    if (command === Commands.send && isBlockReference(args[0])) return this.send(args[0]);
    if (command === Commands.sendAll) return this.sendAll(isBlockReference(args[0]) ? args[0] : undefined);
    if (command === Commands.clearCaptures) return this.clearCaptures(args[0], next);
    if (command === Commands.copyAsCurl && isBlockReference(args[0])) {
      return this.parts.arguments.forCurl(args[0]).then((completed) => next(command, [completed, ...args.slice(1)]));
    }
    return next(command, args);
  }

  /** "Kreq: Send Request": the block at the cursor of the active .kreq editor. */
  async sendAtCursor(): Promise<SendResult | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId !== 'kreq') {
      void vscode.window.showInformationMessage('Kreq: put the cursor in a block of a .kreq file to send it.');
      return undefined;
    }
    return this.send({ uri: editor.document.uri.toString(), line: editor.selection.active.line });
  }

  /** Sends a block (after the blocks it needs); shows the results; resolves with it (undefined when cancelled or failed, which is reported). */
  async send(reference: SendArguments): Promise<SendResult | undefined> {
    if (this.parts.allowsSending?.() === false) return undefined;
    return this.reported(Commands.send, await this.sendBlock(reference));
  }

  /** "Kreq: Send All": every block of the document (the active one when none is named), captures flowing. */
  async sendAll(reference?: SendAllArguments): Promise<RunResult | undefined> {
    if (this.parts.allowsSending?.() === false) return undefined;
    const uri = reference?.uri ?? activeKreqUri();
    if (!uri) {
      void vscode.window.showInformationMessage('Kreq: open a .kreq file to send all its blocks.');
      return undefined;
    }
    return this.reported(Commands.sendAll, await this.runBlocks({ ...reference, uri }));
  }

  /** `kreq.send` with prompts answered, its results shown; the outcome as it is (for the Test Explorer). */
  async sendBlock(reference: SendArguments, options: RunOptions = {}): Promise<RunOutcome<SendResult>> {
    const build = () => this.parts.arguments.forSend(reference);
    const args = await build();
    const outcome = await this.withPrompts(args, build, (answered) => this.run<SendResult>(Commands.send, answered, sendingMessage(answered, answered.environment), options));
    if (outcome.kind === 'done') {
      const result = outcome.value;
      await this.show(args.uri, [...(result.dependencies ?? []), result], () => this.parts.response.show(result));
      if (!options.token) for (const sent of [...(result.dependencies ?? []), result]) showBlockFailure(sent, { retry: () => this.send(reference) });
      this.sent.fire(result);
    }
    return outcome;
  }

  /** `kreq.sendAll` with prompts answered, its results shown; the outcome as it is (for the Test Explorer). */
  async runBlocks(reference: SendAllArguments, options: RunOptions = {}): Promise<RunOutcome<RunResult>> {
    const build = async (): Promise<SendAllArguments> => ({ ...(await this.parts.arguments.forSend(reference)), ...(reference.blocks ? { blocks: reference.blocks } : {}) });
    const args = await build();
    const count = args.blocks ? args.blocks.length : undefined;
    const message = `Running ${count === undefined ? 'every block' : count === 1 ? '1 block' : `${count} blocks`}…${args.environment ? ` to ${args.environment}` : ''}`;
    const outcome = await this.withPrompts(args, build, (answered) => this.run<RunResult>(Commands.sendAll, answered, message, options));
    if (outcome.kind === 'done') {
      const run = outcome.value;
      await this.show(args.uri, run.blocks, () => this.parts.response.showRun(run));
      if (!options.token) showRunFailure(run, { retry: () => this.sendAll(reference) });
      this.ran.fire(run);
    }
    return outcome;
  }

  /** "Kreq: Clear Captured Values": of the document named, else of the active one, else of every document. */
  private async clearCaptures(argument: unknown, next: ExecuteCommandSignature): Promise<number | undefined> {
    const uri = isBlockReference(argument) ? argument.uri : activeKreqUri();
    try {
      const count = Number(await next(Commands.clearCaptures, [uri ? { uri } : {}]));
      const where = uri ? ` of ${vscode.workspace.asRelativePath(vscode.Uri.parse(uri))}` : '';
      vscode.window.setStatusBarMessage(`Kreq: ${count} captured value${count === 1 ? '' : 's'}${where} cleared`, 5000);
      return count;
    } catch (error) {
      void vscode.window.showErrorMessage(`Kreq: could not clear the captured values: ${errorMessage(error)}`);
      return undefined;
    }
  }

  /** The value of an outcome; a failure is told (a cancellation only in the status bar). */
  private reported<T>(command: string, outcome: RunOutcome<T>): T | undefined {
    if (outcome.kind === 'done') return outcome.value;
    if (outcome.kind === 'cancelled') {
      vscode.window.setStatusBarMessage('Kreq: sending cancelled', 5000);
    } else {
      this.parts.client.outputChannel.error(`${command} failed: ${outcome.message}`);
      void vscode.window.showErrorMessage(`Kreq: could not send: ${outcome.message}`);
    }
    return undefined;
  }

  /**
   * Runs `attempt`; while the server answers that prompts need answers, asks them (Escape: cancelled) and runs it
   * again with them; when it answers that a call needs a KS the environment cannot give, offers to set a secret (then
   * runs it again with the arguments built anew, which carry the secret) or to send anyway.
   */
  private async withPrompts<A extends SendArguments, T>(args: A, build: () => Promise<A>, attempt: (args: A) => Promise<RunOutcome<T>>): Promise<RunOutcome<T>> {
    let answers: Record<string, string> = { ...(args.answers ?? {}) };
    let current = args;
    for (let round = 0; ; round++) {
      try {
        return await attempt({ ...current, ...(Object.keys(answers).length ? { answers } : {}) });
      } catch (error) {
        if (round >= PROMPT_ROUNDS) return { kind: 'failed', message: errorMessage(error) };
        const credentials = credentialsNeeded(error);
        if (credentials) {
          const answer = await askForCredentials(credentials);
          if (answer === 'cancelled') return { kind: 'cancelled' };
          current = answer === 'sendAnyway' ? { ...current, withoutSession: true } : { ...(await build()), ...(current.withoutSession ? { withoutSession: true } : {}) };
          continue;
        }
        const prompts = promptsNeeded(error);
        if (!prompts) return { kind: 'failed', message: errorMessage(error) };
        for (const prompt of prompts) {
          const answer = await vscode.window.showInputBox(promptBox(prompt));
          if (answer === undefined) return { kind: 'cancelled' };
          answers = { ...answers, [prompt.name]: answer };
        }
      }
    }
  }

  /** One server command under progress; rejects only when prompts are needed (for `withPrompts`). */
  private async run<T>(command: string, args: SendArguments, message: string, options: RunOptions): Promise<RunOutcome<T>> {
    const workDoneToken = randomUUID();
    const body = async (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken): Promise<RunOutcome<T>> => {
      progress.report({ message });
      // The server reports on our token instead of opening a second progress of its own.
      const reports = this.parts.client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const text = [value.kind === 'begin' ? value.title : undefined, value.message].filter(Boolean).join(' ');
        if (text) progress.report({ message: text });
      });
      try {
        return { kind: 'done', value: await this.parts.server.execute<T>(command, [args], token, workDoneToken) };
      } catch (error) {
        if (promptsNeeded(error) || credentialsNeeded(error)) throw error;
        if (isCancellation(error, token)) return { kind: 'cancelled' };
        return { kind: 'failed', message: errorMessage(error) };
      } finally {
        reports.dispose();
      }
    };
    if (options.token) {
      const token = options.token;
      return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Kreq' }, (progress) => body(progress, token));
    }
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Kreq', cancellable: true }, body);
  }

  /** Draws the notes of each block's result over the block's lines (as the reply says them), then shows the response. */
  private async show(uri: string, results: readonly SendResult[], showResponse: () => Promise<unknown>): Promise<void> {
    const document = documentOf(uri);
    if (document) {
      for (const result of results) {
        const span = result.span ?? { startLine: result.line, endLine: Math.max(result.line, ...result.calls.map((c) => c.line)) };
        this.parts.notes.set(uri, { startLine: Math.min(result.line, span.startLine), endLine: span.endLine }, notesOfResult(result), result.resultId);
      }
      this.parts.decorations.refresh(document.uri);
    }
    try {
      await showResponse();
    } catch (error) {
      this.parts.client.outputChannel.error(`could not show the response: ${errorMessage(error)}`);
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
