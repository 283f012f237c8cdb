/**
 * The `kreq.*` commands of protocol.ts (`workspace/executeCommand`): sends a block (with progress, cancellation and
 * result diagnostics), copies a block as cURL, lists the environments around a document and tells the session known.
 */

import {
  type CancellationToken,
  type Connection,
  type Disposable,
  ErrorCodes,
  type ExecuteCommandParams,
  ResponseError,
  type TextDocuments,
  WorkDoneProgressReporter,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BuildInput, Environment, EnvironmentCatalog, SessionManager } from '../engine/index';
import type { BlockNode, KalturaSchema, KreqDocument } from '../language/index';
import { Commands, type BlockReference, type CurlArguments, type EnvironmentList, type SendArguments, type SendResult, type SessionStatus } from '../protocol';
import type { ResultDiagnostics } from './resultDiagnostics';
import { cancelled, describeError } from './runSafe';
import type { RuntimeEnvironment, SendingRuntime } from './runtimeEnvironment';
import type { KreqSettings } from './schemaState';
import { sendResultJson } from './sendResultJson';

/** The commands the server registers (`executeCommandProvider`). */
export const SEND_COMMANDS: readonly string[] = [Commands.send, Commands.copyAsCurl, Commands.listEnvironments, Commands.sessionStatus];

/** How long the client may take to accept a progress token before the send goes on without progress. */
const PROGRESS_CREATE_TIMEOUT_MS = 2_000;

export interface SendCommandsContext {
  readonly connection: Connection;
  readonly runtime: RuntimeEnvironment;
  readonly documents: TextDocuments<TextDocument>;
  readonly model: (document: TextDocument) => KreqDocument;
  /** The schema to build with (enum names → values), once the first load finished or its grace ran out. */
  readonly schema: () => Promise<KalturaSchema | undefined>;
  /** The current `kreq` settings (pulled from the client when it can be asked). */
  readonly settings: () => Promise<KreqSettings>;
  /** `initializationOptions.environment`. */
  readonly initialEnvironment: () => string | undefined;
  /** The local path of the workspace folder holding the document. */
  readonly workspaceRoot: (uri: string) => string | undefined;
  readonly results: ResultDiagnostics;
  /** Publishes the document's diagnostics again (after a send changed its `kaltura` ones). */
  readonly republish: (uri: string) => void;
}

/** A mistake in a command's arguments or a state that keeps it from running: answered as `InvalidParams`. */
class CommandError extends Error {}

type Json = Record<string, unknown>;

function argumentObject(params: ExecuteCommandParams): Json {
  const first = params.arguments?.[0];
  if (!first || typeof first !== 'object' || Array.isArray(first)) throw new CommandError(`${params.command} needs an object argument ({ uri, … })`);
  return first as Json;
}

function optional<T>(args: Json, key: string, type: 'string' | 'number' | 'boolean'): T | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type || (type === 'number' && !Number.isInteger(value))) throw new CommandError(`\`${key}\` must be ${type === 'number' ? 'an integer' : `a ${type}`}`);
  return value as T;
}

function readReference(args: Json): BlockReference {
  const uri = args.uri;
  if (typeof uri !== 'string' || uri === '') throw new CommandError('`uri` must be the document URI');
  return { uri, block: optional<number>(args, 'block', 'number'), line: optional<number>(args, 'line', 'number') };
}

function readSecrets(args: Json): Readonly<Record<string, string>> | undefined {
  const secrets = args.secrets;
  if (secrets === undefined || secrets === null) return undefined;
  if (typeof secrets !== 'object' || Array.isArray(secrets) || Object.values(secrets).some((v) => typeof v !== 'string')) {
    throw new CommandError('`secrets` must be an object of strings');
  }
  return secrets as Record<string, string>;
}

function readSendArguments(args: Json): SendArguments & CurlArguments {
  const timeoutMs = optional<number>(args, 'timeoutMs', 'number');
  if (timeoutMs !== undefined && timeoutMs <= 0) throw new CommandError('`timeoutMs` must be a positive number of milliseconds');
  return {
    ...readReference(args),
    environment: optional<string>(args, 'environment', 'string'),
    secrets: readSecrets(args),
    reveal: optional<boolean>(args, 'reveal', 'boolean'),
    timeoutMs,
  };
}

function callCount(block: BlockNode): string {
  return block.calls.length === 1 ? '1 call' : `${block.calls.length} calls`;
}

interface Located {
  readonly document: TextDocument;
  readonly model: KreqDocument;
  readonly block: BlockNode;
}

interface ChosenEnvironment {
  readonly environment: Environment;
  /** Undefined: no environment (`$shared` and defaults only). */
  readonly name?: string;
  readonly catalog?: EnvironmentCatalog;
}

interface Progress {
  readonly reporter: WorkDoneProgressReporter;
  /** Fires when the user cancels a progress the server created. */
  readonly token?: CancellationToken;
}

export class SendCommands {
  private sessionManager?: SessionManager;
  /** The secrets the client sent last (memory only), for `kreq.sessionStatus`, which the client calls without them. */
  private lastSecrets?: Readonly<Record<string, string>>;

  constructor(private readonly context: SendCommandsContext) {}

  /** Runs one command; its failures are answered as errors (logged when unexpected), never thrown. */
  async execute(params: ExecuteCommandParams, token: CancellationToken, workDone: WorkDoneProgressReporter): Promise<unknown> {
    try {
      switch (params.command) {
        case Commands.send:
          return await this.send(readSendArguments(argumentObject(params)), token, workDone);
        case Commands.copyAsCurl:
          return await this.copyAsCurl(readSendArguments(argumentObject(params)), token);
        case Commands.listEnvironments:
          return await this.listEnvironments(readReference(argumentObject(params)).uri);
        case Commands.sessionStatus: {
          const args = argumentObject(params);
          return await this.sessionStatus(readReference(args).uri, optional<string>(args, 'environment', 'string'), readSecrets(args));
        }
        default:
          return new ResponseError(ErrorCodes.InvalidRequest, `Unknown command ${params.command}`);
      }
    } catch (e) {
      if (e instanceof CommandError) return new ResponseError(ErrorCodes.InvalidParams, e.message);
      this.context.runtime.logger.error(`${params.command} failed: ${describeError(e)}`);
      return new ResponseError(ErrorCodes.InternalError, `${params.command} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private get sending(): SendingRuntime {
    const sending = this.context.runtime.sending;
    if (!sending) throw new CommandError('This kreq server cannot send requests (no request engine in this host).');
    return sending;
  }

  /** One session manager per server: sessions started for one send are reused by the next. */
  private get sessions(): SessionManager {
    this.sessionManager ??= this.sending.engine.createSessionManager({ now: this.context.runtime.now });
    return this.sessionManager;
  }

  private log(line: string): void {
    this.context.runtime.logger.info(line);
  }

  private locate(reference: BlockReference): Located {
    const document = this.context.documents.get(reference.uri);
    if (!document) throw new CommandError(`${reference.uri} is not open in the kreq server`);
    const model = this.context.model(document);
    if (model.blocks.length === 0) throw new CommandError(`${reference.uri} has no block`);
    let block: BlockNode | undefined;
    if (reference.block !== undefined) {
      block = model.blocks[reference.block];
      if (!block) throw new CommandError(`${reference.uri} has no block ${reference.block + 1} (it has ${model.blocks.length})`);
    } else if (reference.line !== undefined) {
      const offset = document.offsetAt({ line: Math.max(0, reference.line), character: 0 });
      block = [...model.blocks].reverse().find((b) => b.start <= offset);
      if (!block) throw new CommandError(`Line ${reference.line + 1} of ${reference.uri} is before the first block`);
    } else {
      throw new CommandError('Name the block: `block` (0-based index) or `line` (0-based)');
    }
    return { document, model, block };
  }

  private documentPath(uri: string): string | undefined {
    const own = this.context.runtime.uriToPath?.(uri);
    if (own) return own;
    // An unsaved document: environments are looked up from the workspace folder.
    const root = this.context.workspaceRoot(uri);
    return root ? `${root}/untitled.kreq` : undefined;
  }

  private async configuredEnvironment(): Promise<string | undefined> {
    const setting = (await this.context.settings()).environment?.trim();
    return setting || this.context.initialEnvironment()?.trim() || undefined;
  }

  private loadCatalog(uri: string, secrets?: Readonly<Record<string, string>>): EnvironmentCatalog | undefined {
    const { engine, processEnv } = this.sending;
    const documentPath = this.documentPath(uri);
    if (!documentPath) return undefined;
    return engine.loadEnvironments(documentPath, {
      workspaceRoot: this.context.workspaceRoot(uri),
      processEnv,
      secrets: secrets ? new Map(Object.entries(secrets)) : undefined,
    });
  }

  /** The environment a command uses: the one it names, else the `kreq.environment` setting, else none. */
  private async chooseEnvironment(uri: string, requested: string | undefined, secrets?: Readonly<Record<string, string>>): Promise<ChosenEnvironment> {
    if (secrets) this.lastSecrets = secrets;
    const name = (requested !== undefined ? requested.trim() : await this.configuredEnvironment()) || undefined;
    const catalog = this.loadCatalog(uri, secrets);
    for (const problem of catalog?.problems ?? []) this.context.runtime.logger.warn(problem);
    if (name !== undefined && !catalog?.names.includes(name)) {
      const where = catalog?.files.length ? catalog.files.join(', ') : 'no kreq.env.json was found from the document’s folder up';
      const known = catalog?.names.length ? ` (known: ${catalog.names.join(', ')})` : '';
      throw new CommandError(`No environment "${name}": ${where}${known}`);
    }
    return { environment: catalog ? catalog.get(name) : this.sending.engine.defaultEnvironment(), name, catalog };
  }

  private buildInput(located: Located, environment: Environment, schema: KalturaSchema | undefined): BuildInput {
    const { processEnv, uuid } = this.sending;
    return {
      document: located.model,
      block: located.block,
      schema,
      environment,
      documentPath: this.context.runtime.uriToPath?.(located.document.uri),
      now: this.context.runtime.now,
      uuid,
      processEnv,
    };
  }

  /** The secrets of this environment and this request, to mask in what is shown and logged. */
  private secretsOf(environment: Environment, secrets?: Readonly<Record<string, string>>): string[] {
    const session = this.sessions.peek(environment)?.ks;
    return [...this.sending.engine.environmentSecrets(environment), ...Object.values(secrets ?? {}), ...(session ? [session] : [])];
  }

  /** The client's progress when it gave a token, else one the server creates (when the client supports that). */
  private async startProgress(workDone: WorkDoneProgressReporter, title: string, message: string | undefined): Promise<Progress> {
    let progress: Progress = { reporter: workDone };
    if (WorkDoneProgressReporter.isNullInstance(workDone)) {
      let timer: Disposable | undefined;
      const created = await Promise.race([
        this.context.connection.window.createWorkDoneProgress().catch(() => undefined),
        new Promise<undefined>((resolve) => (timer = this.context.runtime.timer.setTimeout(() => resolve(undefined), PROGRESS_CREATE_TIMEOUT_MS))),
      ]);
      timer?.dispose();
      if (created) progress = { reporter: created, token: created.token };
    }
    progress.reporter.begin(title, undefined, message, true);
    return progress;
  }

  private async send(args: SendArguments, token: CancellationToken, workDone: WorkDoneProgressReporter): Promise<SendResult | ResponseError<void>> {
    const located = this.locate(args);
    const { block } = located;
    if (block.calls.length === 0) throw new CommandError(`Block ${block.index + 1} has no call to send`);
    const chosen = await this.chooseEnvironment(args.uri, args.environment, args.secrets);
    const schema = await this.context.schema();
    if (token.isCancellationRequested) return cancelled();
    const abort = new AbortController();
    const subscriptions: Disposable[] = [token.onCancellationRequested(() => abort.abort())];
    const title = `Sending block ${block.index + 1} (${callCount(block)})…`;
    const progress = await this.startProgress(workDone, title, chosen.name && `to ${chosen.name}`);
    if (progress.token) subscriptions.push(progress.token.onCancellationRequested(() => abort.abort()));
    try {
      this.log(`${Commands.send}: block ${block.index + 1} of ${args.uri} (${callCount(block)}), environment ${chosen.name ? `"${chosen.name}"` : 'none'}`);
      const result = await this.sending.engine.sendBlock(this.buildInput(located, chosen.environment, schema), {
        sessions: this.sessions,
        signal: abort.signal,
        timeoutMs: args.timeoutMs,
        log: (line) => this.log(line),
      });
      if (token.isCancellationRequested) return cancelled();
      if (result.error?.kind !== 'cancelled') {
        this.context.results.record(args.uri, located.model, block, result.calls);
        this.context.republish(args.uri);
      }
      const summary = result.error ? `${result.error.kind}: ${result.error.message}` : `${result.calls.filter((c) => c.ok).length} of ${result.calls.length} ok`;
      this.log(`${Commands.send}: block ${block.index + 1} done in ${result.durationMs} ms: ${summary}`);
      return sendResultJson(result, {
        engine: this.sending.engine,
        uri: args.uri,
        block,
        environment: chosen.name,
        reveal: args.reveal === true,
        secrets: this.secretsOf(chosen.environment, args.secrets),
      });
    } finally {
      progress.reporter.done();
      for (const s of subscriptions) s.dispose();
    }
  }

  /** The block as a `curl` command; a KS is added when a call needs one and one is known (started, when revealing). */
  private async copyAsCurl(args: CurlArguments, token: CancellationToken): Promise<string | ResponseError<void>> {
    const located = this.locate(args);
    const { engine } = this.sending;
    const chosen = await this.chooseEnvironment(args.uri, args.environment, args.secrets);
    const built = engine.buildWireRequest(this.buildInput(located, chosen.environment, await this.context.schema()));
    if ('problems' in built) throw new CommandError(built.problems.map((p) => `line ${p.line + 1}: ${p.message}`).join('; '));
    let request = built.request;
    const secrets = [...request.secrets, ...this.secretsOf(chosen.environment, args.secrets)];
    if (engine.requestNeedsSession(request)) {
      let ks = this.sessions.peek(chosen.environment)?.ks;
      if (!ks && args.reveal) {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        try {
          ks = (await this.sessions.ksFor(chosen.environment, { signal: abort.signal }))?.ks;
        } catch (e) {
          if (token.isCancellationRequested) return cancelled();
          if (e instanceof engine.SessionError) throw new CommandError(e.message);
          throw e;
        } finally {
          subscription.dispose();
        }
      }
      const canStart = !!(chosen.environment.adminSecret || chosen.environment.userSecret || chosen.environment.appToken);
      if (ks) secrets.push(ks);
      const shown = ks ?? (canStart ? engine.MASK : undefined);
      if (shown) request = { ...request, fields: [['ks', shown], ...request.fields] };
    }
    return engine.curlCommand(request, secrets, args.reveal === true);
  }

  private async listEnvironments(uri: string): Promise<EnvironmentList> {
    const catalog = this.loadCatalog(uri);
    const configured = await this.configuredEnvironment();
    const problems = [...(catalog?.problems ?? [])];
    const names = catalog?.names ?? [];
    if (configured && !names.includes(configured)) problems.push(`The kreq.environment setting names "${configured}", which no kreq.env.json around this document defines.`);
    return {
      names,
      ...(configured && names.includes(configured) ? { active: configured } : {}),
      files: catalog?.files ?? [],
      problems,
    };
  }

  /** `secrets` (an extension of the protocol's arguments) default to the ones the client sent last. */
  private async sessionStatus(uri: string, requested: string | undefined, secrets: Readonly<Record<string, string>> | undefined): Promise<SessionStatus> {
    const chosen = await this.chooseEnvironment(uri, requested, secrets ?? this.lastSecrets);
    const session = this.sessions.peek(chosen.environment);
    return {
      ...(chosen.name ? { environment: chosen.name } : {}),
      ...(session?.expiresAt !== undefined ? { expiresAt: session.expiresAt } : {}),
      ...(session ? { source: session.source } : {}),
    };
  }
}
