/**
 * What the `kreq.*` commands share: finding the block a reference names, choosing the environment, the build input
 * of a document, the server's one session manager, the secrets to mask, and work-done progress.
 */

import { type CancellationToken, type Connection, type TextDocuments, WorkDoneProgressReporter } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Environment, EnvironmentCatalog, FlowInput, SessionManager } from '../engine/index';
import type { BlockNode, KalturaSchema, KreqDocument } from '../language/index';
import { type BlockReference, oneBased } from '../protocol';
import { CommandError } from './commandArguments';
import { FileApprovals } from './fileApprovals';
import type { FlowMemory } from './flowMemory';
import type { ResultDiagnostics } from './resultDiagnostics';
import type { Disposable, RuntimeEnvironment, SendingRuntime } from './runtimeEnvironment';
import type { KreqSettings } from './schemaState';

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
  /** Captured values, prompt answers and the environment each document was last sent to. */
  readonly memory: FlowMemory;
  /** Publishes the document's diagnostics again (after a send changed its `kaltura` ones). */
  readonly republish: (uri: string) => void;
}

export interface Located {
  readonly document: TextDocument;
  readonly model: KreqDocument;
  readonly block: BlockNode;
}

export interface ChosenEnvironment {
  readonly environment: Environment;
  /** Undefined: no environment (`$shared` and defaults only). */
  readonly name?: string;
  readonly catalog?: EnvironmentCatalog;
}

export interface Progress {
  readonly reporter: WorkDoneProgressReporter;
  /** Fires when the user cancels a progress the server created. */
  readonly token?: CancellationToken;
}

export function callCount(block: BlockNode): string {
  return block.calls.length === 1 ? '1 call' : `${block.calls.length} calls`;
}

export class CommandSupport {
  private sessionManager?: SessionManager;
  /** Answers to "Upload … ?" for files outside the workspace, kept for the server's life. */
  readonly fileApprovals: FileApprovals;
  /** The secrets the client sent last (memory only), for `kreq.sessionStatus`, which the client calls without them. */
  lastSecrets?: Readonly<Record<string, string>>;

  constructor(readonly context: SendCommandsContext) {
    this.fileApprovals = new FileApprovals(context.connection);
  }

  get sending(): SendingRuntime {
    const sending = this.context.runtime.sending;
    if (!sending) throw new CommandError('This kreq server cannot send requests (no request engine in this host).');
    return sending;
  }

  /** One session manager per server: sessions started for one send are reused by the next. */
  get sessions(): SessionManager {
    this.sessionManager ??= this.sending.engine.createSessionManager({ now: this.context.runtime.now, log: (line) => this.log(line) });
    return this.sessionManager;
  }

  log(line: string): void {
    this.context.runtime.logger.info(line);
  }

  /** The open document of `uri` and its parse. */
  document(uri: string): { readonly document: TextDocument; readonly model: KreqDocument } {
    const document = this.context.documents.get(uri);
    if (!document) throw new CommandError(`${uri} is not open in the kreq server`);
    return { document, model: this.context.model(document) };
  }

  locate(reference: BlockReference): Located {
    const { document, model } = this.document(reference.uri);
    if (model.blocks.length === 0) throw new CommandError(`${reference.uri} has no block`);
    let block: BlockNode | undefined;
    if (reference.block !== undefined) {
      block = model.blocks[reference.block];
      if (!block) throw new CommandError(`${reference.uri} has no block ${oneBased(reference.block)} (it has ${model.blocks.length})`);
    } else if (reference.line !== undefined) {
      const offset = document.offsetAt({ line: Math.max(0, reference.line), character: 0 });
      block = [...model.blocks].reverse().find((b) => b.start <= offset);
      if (!block) throw new CommandError(`Line ${oneBased(reference.line)} of ${reference.uri} is before the first block`);
    } else {
      throw new CommandError('Name the block: `block` (0-based index) or `line` (0-based)');
    }
    return { document, model, block };
  }

  documentPath(uri: string): string | undefined {
    const own = this.context.runtime.uriToPath?.(uri);
    if (own) return own;
    // An unsaved document: environments are looked up from the workspace folder.
    const root = this.context.workspaceRoot(uri);
    return root ? `${root}/untitled.kreq` : undefined;
  }

  async configuredEnvironment(): Promise<string | undefined> {
    const setting = (await this.context.settings()).environment?.trim();
    const configured = setting || this.context.initialEnvironment()?.trim() || undefined;
    this.context.memory.configuredEnvironment = configured;
    return configured;
  }

  loadCatalog(uri: string, secrets?: Readonly<Record<string, string>>): EnvironmentCatalog | undefined {
    const { engine, processEnv } = this.sending;
    const documentPath = this.documentPath(uri);
    if (!documentPath) return undefined;
    const workspaceRoot = this.context.workspaceRoot(uri);
    const dotenv = engine.loadDotenv(documentPath, workspaceRoot);
    return engine.loadEnvironments(documentPath, {
      workspaceRoot,
      processEnv,
      dotenv: dotenv.values,
      secrets: secrets ? new Map(Object.entries(secrets)) : undefined,
    });
  }

  /** The environment a command uses: the one it names, else the `kreq.environment` setting, else none. */
  async chooseEnvironment(uri: string, requested: string | undefined, secrets?: Readonly<Record<string, string>>): Promise<ChosenEnvironment> {
    if (secrets) this.lastSecrets = secrets;
    const name = (requested !== undefined ? requested.trim() : await this.configuredEnvironment()) || undefined;
    const catalog = this.loadCatalog(uri, secrets);
    for (const problem of catalog?.problems ?? []) this.context.runtime.logger.warn(problem);
    if (name !== undefined && !catalog?.names.includes(name)) {
      throw new CommandError(this.sending.engine.unknownEnvironmentMessage(name, catalog));
    }
    return { environment: catalog ? catalog.get(name) : this.sending.engine.defaultEnvironment(), name, catalog };
  }

  /** What every block sent from `model` shares: the document, schema, environment, clock and process variables. */
  flowInput(uri: string, model: KreqDocument, environment: Environment, schema: KalturaSchema | undefined): FlowInput {
    const { processEnv, uuid, engine } = this.sending;
    const documentPath = this.context.runtime.uriToPath?.(uri);
    const dotenvFrom = documentPath ?? this.documentPath(uri);
    const dotenv = dotenvFrom ? engine.loadDotenv(dotenvFrom, this.context.workspaceRoot(uri)) : undefined;
    if (dotenv?.problem) this.context.runtime.logger.warn(dotenv.problem);
    return {
      document: model,
      schema,
      environment,
      documentPath,
      now: this.context.runtime.now,
      uuid,
      processEnv,
      ...(dotenv ? { dotenv: dotenv.values } : {}),
      // Files outside the workspace folder (or, outside any, the document's folder) are uploaded only when the
      // user allows them (fileApprovals.ts).
      fileAccess: this.fileApprovals.fileAccess(this.uploadRoot(uri, documentPath), processEnv.HOME || processEnv.USERPROFILE),
      askFile: this.fileApprovals.asker(this.uploadRoot(uri, documentPath)),
    };
  }

  /** The folder whose files a document may upload without asking: its workspace folder, else its own folder. */
  private uploadRoot(uri: string, documentPath: string | undefined): string | undefined {
    return this.context.workspaceRoot(uri) ?? documentPath?.replace(/[\\/][^\\/]*$/, '');
  }

  /** The secrets of this environment and this request, to mask in what is shown and logged. */
  secretsOf(environment: Environment, secrets?: Readonly<Record<string, string>>): string[] {
    const session = this.sessions.peek(environment)?.ks;
    return [...this.sending.engine.environmentSecrets(environment), ...Object.values(secrets ?? {}), ...(session ? [session] : [])];
  }

  /** The client's progress when it gave a token, else one the server creates (when the client supports that). */
  async startProgress(workDone: WorkDoneProgressReporter, title: string, message: string | undefined): Promise<Progress> {
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
}
