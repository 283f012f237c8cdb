/**
 * The VS Code side of kreq, as a composition root: starts the language server (dist/server.js over IPC) for
 * `.kreq` documents and wires the editor parts around it (sending, Send All, prompts, notes, response view,
 * environment status, secrets, cURL, the Test Explorer). Everything about the language, and all sending, happens in the server.
 */

import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { type RunResult, SENT_BLOCKS_NOTIFICATION, type SendResult, type SentBlocksParams } from '../../server/src/protocol';
import { ActiveEnvironment, ActiveEnvironmentNotifier } from './activeEnvironment';
import { registerCodeExportCommand } from './codeExportCommand';
import { registerCurlCommands } from './curlCommands';
import { EnvironmentStatus } from './environmentStatus';
import { ResponseView } from './responseView';
import { ResultDecorations } from './resultDecorations';
import { ResultNotes } from './resultNotes';
import { registerSandboxTerminal } from './sandboxTerminal';
import { registerSecretCommands } from './secretCommands';
import { SecretStore } from './secretStore';
import { SendArgumentsBuilder } from './sendArguments';
import { SendController } from './sendController';
import { registerSessionCommands } from './sessionCommands';
import { ServerCommands } from './serverCommands';
import { MaskedOutputChannel, StoredSecretValues } from './maskedOutputChannel';
import { registerPasteAsKreq } from './pasteAsKreq';
import { KreqTestExplorer, type RecordedOutcome } from './testExplorer';
import { trustInitializationOption, WorkspaceTrustBridge } from './workspaceTrust';

/** One inline note after a call line, as drawn. */
export interface NoteSnapshot {
  /** 0-based. */
  readonly line: number;
  readonly text: string;
  readonly ok: boolean;
}

/** What `activate` returns: tests await `ready` and assert on these instead of scraping the UI. */
export interface KreqExtensionApi {
  readonly client: LanguageClient;
  /** Resolves once the server answered `initialize`; rejects when it could not be started. */
  readonly ready: Promise<void>;
  /** Fires after a sent block's result was shown (notes drawn, response view updated). */
  readonly onDidSend: vscode.Event<SendResult>;
  /** Fires after a Send All's results were shown. */
  readonly onDidRun: vscode.Event<RunResult>;
  /** The Test Explorer: its controller, discovery, and runs that resolve with what each test item reported. */
  readonly tests: {
    readonly controller: vscode.TestController;
    discover(): Promise<void>;
    /** Runs the items with these ids (all when absent) as the Run profile does. */
    run(ids?: readonly string[], token?: vscode.CancellationToken): Promise<ReadonlyMap<string, RecordedOutcome>>;
  };
  /** The inline notes of a document, in line order. */
  notesFor(uri: vscode.Uri | string): ReadonlyArray<NoteSnapshot>;
  /** The environment blocks are sent to: picked in this workspace, else the `kreq.environment` setting. */
  activeEnvironment(): string | undefined;
  /** The text the response view shows. */
  responseText(): string;
  /** The server commands the client has run (`kreq.send`, `kreq.listEnvironments`…), oldest first. */
  serverCommandsSent(): readonly string[];
}

let client: LanguageClient | undefined;

/** The test items with these ids (files and their blocks). */
function findTestItems(controller: vscode.TestController, ids: readonly string[]): vscode.TestItem[] {
  const found: vscode.TestItem[] = [];
  const visit = (item: vscode.TestItem): void => {
    if (ids.includes(item.id)) found.push(item);
    item.children.forEach(visit);
  };
  controller.items.forEach(visit);
  return found;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() ? value.trim() : undefined;
}

function createLanguageClient(context: vscode.ExtensionContext, middleware: LanguageClientOptions['middleware'], channel: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const settings = vscode.workspace.getConfiguration('kreq');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'kreq' },
      { scheme: 'untitled', language: 'kreq' },
    ],
    // A function: a server restarted after the user trusted the workspace starts trusted.
    initializationOptions: () => ({
      schema: nonEmpty(settings.get<string>('schema')),
      serviceUrl: nonEmpty(settings.get<string>('serviceUrl')),
      cacheDir: context.globalStorageUri.fsPath,
      ...trustInitializationOption(),
    }),
    synchronize: { configurationSection: 'kreq' },
    // The one "Kreq" output channel: the server's log (requests redacted), the client's own lines and the LSP trace,
    // all masked on the way in (kreq.trace.server would print kreq.send's stored secrets).
    outputChannel: channel,
    traceOutputChannel: channel,
    middleware,
  };
  return new LanguageClient('kreq', 'Kreq', serverOptions, clientOptions);
}

export function activate(context: vscode.ExtensionContext): KreqExtensionApi {
  // The middleware is called only once the server runs, by which time `trust` and `sender` exist.
  const secrets = new SecretStore(context.secrets, context.globalState);
  const secretValues = new StoredSecretValues(secrets);
  const channel = new MaskedOutputChannel(vscode.window.createOutputChannel('Kreq', { log: true }), secretValues);
  const languageClient = createLanguageClient(context, {
    executeCommand: (command, args, next) => trust.executeCommand(command) ?? sender.executeCommand(command, args, next),
  }, channel);
  client = languageClient;
  const ready = languageClient.start();
  // The client reports a failed start in its output channel; callers that care await `ready`.
  ready.catch(() => undefined);

  const server = new ServerCommands(languageClient, ready);
  const trust = new WorkspaceTrustBridge(languageClient, ready);
  const environment = new ActiveEnvironment(context.workspaceState);
  const builder = new SendArgumentsBuilder(environment, secrets);
  const notes = new ResultNotes();
  const decorations = new ResultDecorations(notes);
  const response = new ResponseView(context);
  const sender = new SendController({ client: languageClient, server, arguments: builder, notes, decorations, response, allowsSending: () => trust.allowsSending() });
  const status = new EnvironmentStatus(server, environment, secrets, sender.onDidSend);
  const tests = new KreqTestExplorer(sender);
  void tests.discover().catch((error: unknown) => languageClient.outputChannel.error(`finding the .kreq tests failed: ${String(error)}`));
  context.subscriptions.push(
    environment, decorations, response, sender, status, tests, trust, secretValues, channel,
    ...registerSecretCommands(secrets, server, environment),
    ...registerCurlCommands(server, builder),
    registerCodeExportCommand(server, builder),
    registerSandboxTerminal(context),
    registerPasteAsKreq(server),
    ...registerSessionCommands(server, environment, secrets, () => void status.refresh()),
    new ActiveEnvironmentNotifier(languageClient, ready, environment),
    languageClient.onNotification(SENT_BLOCKS_NOTIFICATION, (params: SentBlocksParams) => decorations.follow(params)),
  );

  return {
    client: languageClient,
    ready,
    onDidSend: sender.onDidSend,
    onDidRun: sender.onDidRun,
    tests: {
      controller: tests.controller,
      discover: () => tests.discover(),
      run: (ids, token) => tests.runTests(ids && findTestItems(tests.controller, ids), token),
    },
    notesFor: (uri) => notes.notesFor(uri.toString()).map(({ line, text, ok }) => ({ line, text, ok })),
    activeEnvironment: () => environment.current,
    responseText: () => response.text,
    serverCommandsSent: () => [...server.sent],
  };
}

export function deactivate(): Promise<void> | undefined {
  const stopping = client?.stop();
  client = undefined;
  return stopping;
}
