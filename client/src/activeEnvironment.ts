/**
 * The active environment: which environment blocks are sent to — the one picked in this workspace (kept in
 * workspaceState), else the `kreq.environment` setting, else none (the server then decides, as for any LSP client) —
 * kept here and told to the language server, whose schema follows it.
 */

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ACTIVE_ENVIRONMENT_NOTIFICATION, type ActiveEnvironmentParams } from '../../server/src/protocol';

const STATE_KEY = 'kreq.activeEnvironment';

export class ActiveEnvironment implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the pick or the setting changes. */
  readonly onDidChange = this.changed.event;
  private readonly watcher: vscode.Disposable;

  constructor(private readonly state: vscode.Memento) {
    this.watcher = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('kreq.environment')) this.changed.fire();
    });
  }

  /** The environment picked in this workspace, if any. */
  get picked(): string | undefined {
    const name = this.state.get<unknown>(STATE_KEY);
    return typeof name === 'string' && name ? name : undefined;
  }

  /** The `kreq.environment` setting, if set. */
  get configured(): string | undefined {
    const name = vscode.workspace.getConfiguration('kreq').get<string>('environment');
    return name && name.trim() ? name.trim() : undefined;
  }

  /** The environment to send with: picked, else configured. */
  get current(): string | undefined {
    return this.picked ?? this.configured;
  }

  /** Keeps `name` for this workspace; undefined goes back to the setting. */
  async pick(name: string | undefined): Promise<void> {
    await this.state.update(STATE_KEY, name || undefined);
    this.changed.fire();
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}

/**
 * Tells the server the active environment and the .kreq document it is read for (`kreq/activeEnvironment`) at start
 * and whenever the pick, the setting, the active .kreq document or an env file changes: the schema follows it.
 */
export class ActiveEnvironmentNotifier implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** The .kreq document environments are read for: the active one, else the last one that was. */
  private documentUri: string | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly ready: Promise<void>,
    private readonly environment: ActiveEnvironment,
  ) {
    const files = vscode.workspace.createFileSystemWatcher('**/kreq.env*.json');
    this.disposables.push(
      environment.onDidChange(() => void this.notify()),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.editorChanged(editor)),
      files, files.onDidChange(() => void this.notify()), files.onDidCreate(() => void this.notify()), files.onDidDelete(() => void this.notify()),
    );
    const active = vscode.window.activeTextEditor?.document;
    this.documentUri = active?.languageId === 'kreq' ? active.uri.toString() : undefined;
    void this.notify();
  }

  private editorChanged(editor: vscode.TextEditor | undefined): void {
    if (editor?.document.languageId !== 'kreq' || editor.document.uri.toString() === this.documentUri) return;
    this.documentUri = editor.document.uri.toString();
    void this.notify();
  }

  private async notify(): Promise<void> {
    try {
      await this.ready;
    } catch {
      return; // the server did not start; its failure is reported elsewhere
    }
    const environment = this.environment.current;
    const params: ActiveEnvironmentParams = { ...(environment ? { environment } : {}), ...(this.documentUri ? { uri: this.documentUri } : {}) };
    await this.client.sendNotification(ACTIVE_ENVIRONMENT_NOTIFICATION, params).catch(() => undefined);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
