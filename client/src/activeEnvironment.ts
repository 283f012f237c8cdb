/**
 * Which environment blocks are sent to: the one picked in this workspace (kept in workspaceState), else the
 * `kreq.environment` setting, else none (the server then decides, as for any LSP client).
 */

import * as vscode from 'vscode';

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
