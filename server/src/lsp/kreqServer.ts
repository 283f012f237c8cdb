/**
 * The kreq language server: wires each LSP method, one line apiece, to the language core's façade
 * through `runSafe`, and owns the server's state (open documents, their parsed models, the schema and
 * the diagnostics schedule). All I/O comes from the injected `RuntimeEnvironment`.
 */

import {
  type CancellationToken,
  CodeActionKind,
  CodeLensRefreshRequest,
  type CompletionList,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type ResponseError,
  type TextDocumentIdentifier,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService, type KreqDocument, type LanguageService, type LanguageServiceParams, parseKreq, type SchemaStatus, SEPARATOR_CHARACTERS } from '../language/index';
import { ACTIVE_ENVIRONMENT_NOTIFICATION, type ActiveEnvironmentParams, Commands, SENT_BLOCKS_NOTIFICATION, type SentBlocksParams, TRUST_NOTIFICATION } from '../protocol';
import { DiagnosticsScheduler } from './diagnosticsScheduler';
import { DocumentModelCache } from './documentModelCache';
import { FlowMemory } from './flowMemory';
import { ResultDiagnostics } from './resultDiagnostics';
import { describeError, runSafe, runSafeNotification } from './runSafe';
import type { Disposable, RuntimeEnvironment } from './runtimeEnvironment';
import { type EnvironmentSchema, type KreqInitializationOptions, type KreqSettings, readSettings, SchemaState } from './schemaState';
import { SEND_COMMANDS, SendCommands } from './sendCommands';
import { sendAllCodeLens, sendCodeLenses } from './sendCodeLenses';
import { runInSlices } from './slicedWork';
import { readTrusted, WorkspaceTrust } from './workspaceTrust';

/** Diagnostics published per document at most (the CLI reports all). */
const MAX_PROBLEMS = 1000;

/** How long requests and diagnostics wait for the first schema load before going on without it. */
export const FIRST_LOAD_GRACE_MS = 2_000;
/** How long the server waits for the client to answer `workspace/configuration`. */
const CONFIGURATION_TIMEOUT_MS = 3_000;
const COMPLETION_TRIGGER_CHARACTERS = ['.', ':', '{', '<', '@', '='];
const EMPTY_COMPLETIONS: CompletionList = { isIncomplete: false, items: [] };

interface WorkspaceRoot {
  readonly uri: string;
  readonly path?: string;
}

export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  const log = runtime.logger;
  const documents = new TextDocuments(TextDocument);
  const models = new DocumentModelCache<KreqDocument>((document) => parseKreq(document.getText()));
  let roots: readonly WorkspaceRoot[] = [];
  let canPullConfiguration = false;
  let canRefreshCodeLenses = false;
  /** Trusted until `initialize` says otherwise (initializationOptions.trusted); see workspaceTrust.ts. */
  const trust = new WorkspaceTrust(true, log);
  let pushedSettings: KreqSettings = {};
  let initializationOptions: KreqInitializationOptions = {};
  let schema: SchemaState | undefined;
  /** What the client last said is its active environment (`ACTIVE_ENVIRONMENT_NOTIFICATION`); before that, the setting. */
  let activeEnvironment: ActiveEnvironmentParams | undefined;
  let service = buildService({ kind: 'unavailable', problem: 'the schema is still loading', source: '' });
  let graceExpired = false;
  let graceTimer: Disposable | undefined;
  let endGrace: () => void = () => undefined;
  const grace = new Promise<void>((resolve) => (endGrace = resolve));

  const results = new ResultDiagnostics();
  /** Documents the client was last told have sent blocks (it hears once more when they are all gone). */
  const followed = new Set<string>();
  const memory = new FlowMemory(runtime);
  const diagnostics = new DiagnosticsScheduler({
    timer: runtime.timer,
    logger: log,
    validate: (document) => validate(document),
    validateInSlices: (document) => validateInSlices(document),
    publish: (uri, version, found) => void connection.sendDiagnostics({ uri, version, diagnostics: found }).catch(() => undefined),
  });

  function buildService(status: SchemaStatus): LanguageService {
    const params: LanguageServiceParams = {
      schema: status,
      fileSystem: trust.fileSystem(runtime.fileSystem, { roots: () => roots.flatMap((r) => (r.path ? [r.path] : [])), uriToPath: runtime.uriToPath, realPath: runtime.realPath }),
      environmentVariables: runtime.environmentVariables && ((uri) => runtime.environmentVariables?.(uri, rootOf(uri)?.path)),
      now: runtime.now,
      capturedValues: (uri) => memory.capturedValues(uri),
      assertionOutcomes: (uri) => {
        const document = documents.get(uri);
        return document ? results.assertionOutcomes(document, models.get(document)) : undefined;
      },
    };
    return getLanguageService(params);
  }

  /** The innermost workspace folder holding the document; for an untitled one, the first folder (its env files apply). */
  function rootOf(uri: string): WorkspaceRoot | undefined {
    let best: WorkspaceRoot | undefined;
    for (const root of roots) {
      const prefix = root.uri.endsWith('/') ? root.uri : root.uri + '/';
      if (uri.startsWith(prefix) && (!best || root.uri.length > best.uri.length)) best = root;
    }
    return best ?? (uri.startsWith('untitled:') ? roots[0] : undefined);
  }

  /** While the first load is in progress there is no schema yet, which is not the same as none: say nothing about it.
   *  The `kaltura` diagnostics of sent blocks come first. */
  function validate(document: TextDocument) {
    const model = models.get(document);
    return shownDiagnostics(document, model, service.doValidation(document, model));
  }

  /** `validate` in slices (slicedWork.ts): a big document's parse and checks let other requests in between. */
  async function validateInSlices(document: TextDocument) {
    const ls = service;
    const model = await models.getAsync(document, (d) => runInSlices(ls.parseSteps(d), runtime.timer));
    return shownDiagnostics(document, model, await runInSlices(ls.validationSteps(document, model), runtime.timer));
  }

  /** Tells the client where the document's sent blocks are now, and so which results went stale (one owner: here). */
  function followSentBlocks(document: TextDocument, model: KreqDocument): void {
    if (!results.has(document.uri) && !followed.has(document.uri)) return;
    const blocks = results.sentBlocks(document, model);
    if (blocks.length > 0) followed.add(document.uri);
    else followed.delete(document.uri);
    void connection.sendNotification(SENT_BLOCKS_NOTIFICATION, { uri: document.uri, blocks } satisfies SentBlocksParams);
  }

  function shownDiagnostics(document: TextDocument, model: KreqDocument, found: Diagnostic[]): Diagnostic[] {
    followSentBlocks(document, model);
    const shown = [...results.diagnostics(document, model), ...(schema?.hasSettled ? found : found.filter((d) => d.code !== 'schema-unavailable'))];
    // A pasted log or binary file must not flood the client: the first problems say enough.
    return shown.length > MAX_PROBLEMS ? shown.slice(0, MAX_PROBLEMS) : shown;
  }

  function requestValidation(document: TextDocument, immediate: boolean): void {
    // During the first load's grace period documents wait; all are validated when it ends.
    if (schema && !schema.hasSettled && !graceExpired) return;
    if (immediate) diagnostics.validateNow(document);
    else diagnostics.schedule(document);
  }

  function revalidateAll(): void {
    for (const document of documents.all()) diagnostics.validateNow(document);
  }

  function schemaChanged(status: SchemaStatus): void {
    service = buildService(status);
    graceTimer?.dispose();
    endGrace();
    revalidateAll();
  }

  /** Resolves when the first schema load finished or its grace period ran out. */
  function ready(): Promise<void> | undefined {
    if (!schema || schema.hasSettled || graceExpired) return undefined;
    return Promise.race([schema.whenSettled(), grace]);
  }

  /** The schema to send with: waits for the first load (or its grace), undefined when there is none. */
  async function sendingSchema() {
    await ready();
    const status = schema?.status;
    return status?.kind === 'loaded' ? status.schema : undefined;
  }

  const commands = new SendCommands({
    connection,
    // `{{$env}}` and `{{$dotenv}}` read nothing while the workspace is untrusted.
    runtime: { ...runtime, sending: trust.sending(runtime.sending) },
    documents,
    model: (document) => models.get(document),
    schema: sendingSchema,
    settings: () => readConfiguration(),
    initialEnvironment: () => initializationOptions.environment,
    workspaceRoot: (uri) => rootOf(uri)?.path,
    results,
    memory,
    republish: (uri) => {
      const document = documents.get(uri);
      if (document) diagnostics.publishNow(document);
    },
  });

  /** The schema the active environment names (the client's pick, else the `kreq.environment` of `settings`); none while
   *  untrusted (an environment's schema is the workspace's). */
  function environmentSchema(settings: KreqSettings): EnvironmentSchema | undefined {
    if (!trust.trusted) return undefined;
    const uri = activeEnvironment?.uri ?? (roots[0] ? `${roots[0].uri.replace(/\/$/, '')}/untitled.kreq` : undefined);
    const name = activeEnvironment ? activeEnvironment.environment : settings.environment?.trim() || initializationOptions.environment;
    return commands.environmentSchema(uri, name);
  }

  /** The Send Request lenses need no schema: they do not wait for its first load. */
  function codeLenses(id: TextDocumentIdentifier, token: CancellationToken) {
    const run = () => {
      const document = documents.get(id.uri);
      if (!document) return [];
      const model = models.get(document);
      return trust.lenses(sendAllCodeLens(document, model), sendCodeLenses(document, model));
    };
    return runSafe(runtime, run, [], `Code lenses for ${id.uri} failed`, token);
  }

  /** Runs one document feature through `runSafe`, on the document's current version and parse. */
  function feature<T>(
    id: TextDocumentIdentifier,
    token: CancellationToken,
    name: string,
    fallback: T,
    compute: (ls: LanguageService, document: TextDocument, model: KreqDocument) => T,
  ): Promise<T | ResponseError<void>> {
    const run = (): T => {
      const document = documents.get(id.uri);
      return document ? compute(service, document, models.get(document)) : fallback;
    };
    return runSafe(runtime, () => ready()?.then(run) ?? run(), fallback, `${name} for ${id.uri} failed`, token);
  }

  async function readConfiguration(): Promise<KreqSettings> {
    if (!canPullConfiguration) return pushedSettings;
    let timeout: Disposable | undefined;
    try {
      const answer: unknown = await Promise.race([
        connection.workspace.getConfiguration({ section: 'kreq', scopeUri: roots[0]?.uri }),
        new Promise((resolve) => (timeout = runtime.timer.setTimeout(() => resolve(pushedSettings), CONFIGURATION_TIMEOUT_MS))),
      ]);
      return readSettings(answer);
    } catch (e) {
      log.warn(`Reading the kreq settings failed: ${describeError(e)}`);
      return pushedSettings;
    } finally {
      timeout?.dispose();
    }
  }

  function initialize(params: InitializeParams): InitializeResult {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canRefreshCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    trust.initialize(readTrusted(params.initializationOptions));
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
    roots = folders.map((f) => ({ uri: f.uri, path: runtime.uriToPath?.(f.uri) }));
    initializationOptions = readSettings(params.initializationOptions);
    memory.configuredEnvironment = initializationOptions.environment?.trim() || undefined;
    schema = new SchemaState({
      loader: runtime.schemaLoader,
      logger: log,
      now: runtime.now,
      initializationOptions,
      baseDir: roots[0]?.path,
      onDidChange: schemaChanged,
    });
    graceTimer = runtime.timer.setTimeout(() => {
      graceExpired = true;
      endGrace();
      if (schema?.hasSettled) return;
      log.info(`The schema is still loading after ${FIRST_LOAD_GRACE_MS} ms; checking syntax until it is there`);
      revalidateAll();
    }, FIRST_LOAD_GRACE_MS);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS, resolveProvider: false },
        documentOnTypeFormattingProvider: { firstTriggerCharacter: SEPARATOR_CHARACTERS.first, moreTriggerCharacter: [...SEPARATOR_CHARACTERS.more] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        definitionProvider: true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [...SEND_COMMANDS, Commands.trustWorkspace] },
      },
      serverInfo: { name: 'kreq-language-server' },
    };
  }

  /** Pushed settings are kept for clients that cannot be asked; clients that can are asked again. */
  async function settingsChanged(settings: unknown): Promise<void> {
    pushedSettings = readSettings((settings as { kreq?: unknown } | null | undefined)?.kreq);
    const current = await readConfiguration();
    memory.configuredEnvironment = current.environment?.trim() || initializationOptions.environment?.trim() || undefined;
    await schema?.configurationChanged(trust.schemaSettings(current), environmentSchema(current));
  }

  /** `kreq/trust`: the workspace's own settings now count, and lenses and diagnostics show what trust enables. */
  async function trustChanged(params: unknown): Promise<void> {
    if (!trust.update(params)) return;
    const current = await readConfiguration();
    await schema?.configurationChanged(current, environmentSchema(current));
    revalidateAll();
    if (canRefreshCodeLenses) await connection.sendRequest(CodeLensRefreshRequest.type);
  }

  async function loadFirstSchema(): Promise<void> {
    const current = await readConfiguration();
    await schema?.initialize(trust.schemaSettings(current), environmentSchema(current));
  }

  /** `kreq/activeEnvironment`: the schema follows the environment the client picked. */
  async function environmentPicked(params: unknown): Promise<void> {
    const p = (params && typeof params === 'object' ? params : {}) as Record<string, unknown>;
    activeEnvironment = { ...(typeof p.environment === 'string' ? { environment: p.environment } : {}), ...(typeof p.uri === 'string' ? { uri: p.uri } : {}) };
    await schema?.environmentChanged(environmentSchema(pushedSettings));
  }

  function documentClosed(uri: string): void {
    models.evict(uri);
    results.clear(uri);
    followed.delete(uri);
    diagnostics.clear(uri);
  }

  function shutdown(): void {
    graceTimer?.dispose();
    diagnostics.dispose();
    schema?.dispose();
    models.clear();
  }

  const notify = (name: string, func: () => void | Promise<void>): void => runSafeNotification(log, func, name);

  connection.onInitialize((params) => initialize(params));
  connection.onInitialized(() => notify('Loading the schema', () => loadFirstSchema()));
  connection.onNotification(TRUST_NOTIFICATION, (p: unknown) => notify('Trusting the workspace', () => trustChanged(p)));
  connection.onNotification(ACTIVE_ENVIRONMENT_NOTIFICATION, (p: unknown) => notify('Switching the environment', () => environmentPicked(p)));
  connection.onDidChangeConfiguration((p) => notify('Applying the kreq settings', () => settingsChanged(p.settings)));
  documents.onDidOpen((e) => notify('Opening a document', () => requestValidation(e.document, true)));
  documents.onDidChangeContent((e) => notify('Changing a document', () => requestValidation(e.document, false)));
  documents.onDidClose((e) => notify('Closing a document', () => documentClosed(e.document.uri)));
  connection.onCompletion((p, token) => feature(p.textDocument, token, 'Completion', EMPTY_COMPLETIONS, (ls, d, m) => ls.doComplete(d, p.position, m)));
  connection.onDocumentOnTypeFormatting((p, token) => feature(p.textDocument, token, 'Separators', [], (ls, d, m) => ls.doubledSeparatorEdits(d, p.position, p.ch, m)));
  connection.onHover((p, token) => feature(p.textDocument, token, 'Hover', null, (ls, d, m) => ls.doHover(d, p.position, m)));
  connection.onCodeAction((p, token) => feature(p.textDocument, token, 'Code actions', [], (ls, d, m) => ls.getCodeActions(d, p.range, p.context, m)));
  connection.onDocumentSymbol((p, token) => feature(p.textDocument, token, 'Document symbols', [], (ls, d, m) => ls.getDocumentSymbols(d, m)));
  connection.onFoldingRanges((p, token) => feature(p.textDocument, token, 'Folding ranges', [], (ls, d, m) => ls.getFoldingRanges(d, m)));
  connection.onDefinition((p, token) => feature(p.textDocument, token, 'Definition', null, (ls, d, m) => ls.findDefinition(d, p.position, m)));
  connection.onCodeLens((p, token) => codeLenses(p.textDocument, token));
  connection.onExecuteCommand((p, token, workDone) => trust.refusal(p.command) ?? (p.command === Commands.trustWorkspace ? null : commands.execute(p, token, workDone)));
  connection.onShutdown(() => shutdown());

  documents.listen(connection);
  connection.listen();
}
