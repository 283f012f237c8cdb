/**
 * The VS Code side of kreq: starts the language server (dist/server.js over IPC) for `.kreq` documents
 * and stops it on deactivation. Everything about the language happens in the server.
 */

import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

/** What `activate` returns: tests await `ready` instead of sleeping. */
export interface KreqExtensionApi {
  readonly client: LanguageClient;
  /** Resolves once the server answered `initialize`; rejects when it could not be started. */
  readonly ready: Promise<void>;
}

let client: LanguageClient | undefined;

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() ? value.trim() : undefined;
}

export function activate(context: vscode.ExtensionContext): KreqExtensionApi {
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
    initializationOptions: {
      schema: nonEmpty(settings.get<string>('schema')),
      serviceUrl: nonEmpty(settings.get<string>('serviceUrl')),
      cacheDir: context.globalStorageUri.fsPath,
    },
    synchronize: { configurationSection: 'kreq' },
    outputChannelName: 'Kreq',
  };
  const languageClient = new LanguageClient('kreq', 'Kreq', serverOptions, clientOptions);
  client = languageClient;
  const ready = languageClient.start();
  // The client reports a failed start in its output channel; callers that care await `ready`.
  ready.catch(() => undefined);
  return { client: languageClient, ready };
}

export function deactivate(): Promise<void> | undefined {
  const stopping = client?.stop();
  client = undefined;
  return stopping;
}
