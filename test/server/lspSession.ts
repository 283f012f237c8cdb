/**
 * A test-side LSP client for the bundled server: spawns `node dist/server.js --stdio`, speaks JSON-RPC
 * to it, records what it publishes and logs, and bounds every wait with a timeout so a hang fails fast.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  type ClientCapabilities,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  type InitializeResult,
  LogMessageNotification,
  type PublishDiagnosticsParams,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { REPO_ROOT } from '../support/repoPaths';

export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');

export interface Publication extends PublishDiagnosticsParams {
  /** Milliseconds since the server was spawned. */
  readonly at: number;
}

/** Rejects after `ms` with a message naming what was awaited. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class LspSession {
  readonly child: ChildProcess;
  readonly connection: MessageConnection;
  readonly started = performance.now();
  readonly publications: Publication[] = [];
  readonly logs: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;
  private listeners: Array<() => void> = [];

  constructor(args: readonly string[] = ['--stdio']) {
    if (!fs.existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run \`npm run build\` first`);
    this.child = spawn(process.execPath, [SERVER_JS, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString('utf8')));
    if (!this.child.stdout || !this.child.stdin) throw new Error('the server has no stdio pipes');
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.publications.push({ ...params, at: performance.now() - this.started });
      for (const listener of this.listeners) listener();
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params.message);
    });
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  async initialize(initializationOptions: Record<string, unknown>, capabilities: ClientCapabilities = {}, timeoutMs = 10_000): Promise<InitializeResult> {
    const result = await within(
      this.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        capabilities,
        initializationOptions,
      }),
      timeoutMs,
      'the initialize answer',
    );
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'kreq', version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The first publication for `uri` (already received or to come) that satisfies `accept`. */
  waitForDiagnostics(uri: string, accept: (p: Publication) => boolean, timeoutMs = 10_000): Promise<Publication> {
    const find = (): Publication | undefined => this.publications.find((p) => p.uri === uri && accept(p));
    const found = find();
    if (found) return Promise.resolve(found);
    let listener: () => void = () => undefined;
    const arrival = new Promise<Publication>((resolve) => {
      listener = () => {
        const p = find();
        if (p) resolve(p);
      };
      this.listeners.push(listener);
    });
    return within(arrival, timeoutMs, `diagnostics for ${uri}`).finally(() => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    });
  }

  /** shutdown, then exit; resolves with the process's exit code. */
  async shutdown(timeoutMs = 5_000): Promise<number | null> {
    await within(this.connection.sendRequest(ShutdownRequest.type), timeoutMs, 'the shutdown answer');
    await this.connection.sendNotification(ExitNotification.type);
    return within(this.exited, timeoutMs, 'the server to exit');
  }

  /** Ends the process if a test left it running. */
  dispose(): void {
    this.connection.dispose();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}
