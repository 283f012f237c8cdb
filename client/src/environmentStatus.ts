/**
 * The status bar item of the active environment and its session's remaining time (`prod · KS 23 h`), refreshed
 * every 30 s, and "Kreq: Select Environment" (a quick pick of the environments around the active .kreq file).
 */

import * as vscode from 'vscode';
import type { EnvironmentList, SendResult, SessionStatus } from '../../server/src/protocol';
import type { ActiveEnvironment } from './activeEnvironment';
import { environmentDescription, environmentStatusText, remainingTime, sessionDescription } from './environmentLabel';
import { RESPONSE_SCHEME } from './responseView';
import { type SecretStore, secretOrigin } from './secretStore';
import { errorMessage, type ServerCommands } from './serverCommands';

export const SELECT_ENVIRONMENT_COMMAND = 'kreq.selectEnvironment';
const REFRESH_MS = 30_000;
/** Stored secrets that give a session. */
const SESSION_SECRET_KEYS: readonly string[] = ['ks', 'adminSecret', 'userSecret', 'appToken.token'];

function isKreqDocument(document: vscode.TextDocument | undefined): document is vscode.TextDocument {
  return document?.languageId === 'kreq';
}

function basename(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

export class EnvironmentStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('kreq.environment', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timer: ReturnType<typeof setInterval>;
  /** The .kreq document the environments are listed for: the active one, else the last one that was. */
  private documentUri: vscode.Uri | undefined;
  private list: EnvironmentList | undefined;
  private session: SessionStatus | undefined;
  /** The environment `session` was asked for. */
  private sessionOf: string | undefined;
  private problem: string | undefined;
  private generation = 0;

  constructor(
    private readonly server: ServerCommands,
    private readonly environment: ActiveEnvironment,
    private readonly secrets: SecretStore,
    onDidSend: vscode.Event<SendResult>,
  ) {
    this.item.name = 'Kreq Environment';
    this.item.command = SELECT_ENVIRONMENT_COMMAND;
    this.disposables.push(
      this.item,
      // With a name (or null for none) it picks without asking: scripts, tests.
      vscode.commands.registerCommand(SELECT_ENVIRONMENT_COMMAND, (name?: unknown) =>
        typeof name === 'string' || name === null ? this.environment.pick(name ?? undefined) : this.pick()),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.editorChanged(editor)),
      environment.onDidChange(() => void this.refresh()),
      secrets.onDidChange(() => void this.refresh()),
      onDidSend((result) => this.sent(result)),
    );
    const files = vscode.workspace.createFileSystemWatcher('**/kreq.env*.json');
    this.disposables.push(files, files.onDidChange(() => void this.refresh()), files.onDidCreate(() => void this.refresh()), files.onDidDelete(() => void this.refresh()));
    this.timer = setInterval(() => {
      if (this.documentUri) void this.refresh();
    }, REFRESH_MS);
    this.editorChanged(vscode.window.activeTextEditor);
  }

  /** The environment shown: picked or configured, else the server's active one for the document. */
  get shown(): string | undefined {
    return this.environment.current ?? this.list?.active;
  }

  private editorChanged(editor: vscode.TextEditor | undefined): void {
    if (!editor) return; // focus in a panel: keep what is shown
    if (editor.document.languageId === 'kreq') {
      const changed = this.documentUri?.toString() !== editor.document.uri.toString();
      this.documentUri = editor.document.uri;
      this.item.show();
      if (changed) void this.refresh();
    } else if (editor.document.uri.scheme !== RESPONSE_SCHEME) {
      this.item.hide();
    }
  }

  /** After a send: the reply says the session (no request to the server); a reply without one asks. */
  private sent(result: SendResult): void {
    if (!result.session) {
      void this.refresh();
      return;
    }
    this.session = result.session;
    this.sessionOf = result.session.environment;
    this.render();
  }

  /** Asks the server for the environments and the session, then redraws. */
  async refresh(): Promise<void> {
    const uri = this.documentUri;
    this.render();
    if (!uri) return;
    const generation = ++this.generation;
    let list: EnvironmentList | undefined;
    let session: SessionStatus | undefined;
    let name: string | undefined;
    let problem: string | undefined;
    try {
      list = await this.server.listEnvironments(uri.toString());
      name = this.environment.current ?? list.active;
      // The secrets tell the server which session is meant (a session is kept per environment and credentials).
      session = name ? await this.server.sessionStatus(uri.toString(), name, await this.secrets.secretsFor(name)) : undefined;
    } catch (error) {
      problem = errorMessage(error);
    }
    if (generation !== this.generation) return; // a later refresh is under way
    this.list = list;
    this.session = session;
    this.sessionOf = name;
    this.problem = problem;
    this.render();
  }

  private render(): void {
    const name = this.shown;
    const session = this.sessionOf === name ? this.session : undefined;
    this.item.text = environmentStatusText(name, session, Date.now());
    this.item.tooltip = this.tooltip(name, session);
    const unknown = !!name && !!this.list && !this.list.names.includes(name);
    this.item.backgroundColor = unknown ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  private tooltip(name: string | undefined, session: SessionStatus | undefined): vscode.MarkdownString {
    const lines: string[] = [];
    const origin = this.environment.picked ? 'picked in this workspace'
      : this.environment.configured ? 'from the `kreq.environment` setting'
        : name ? "the server's default" : '';
    lines.push(name ? `**Kreq environment:** \`${name}\` (${origin})` : '**Kreq:** no environment: blocks are sent with the defaults');
    if (name && this.list && !this.list.names.includes(name)) lines.push(`$(warning) \`${name}\` is not defined in the kreq.env files of this folder`);
    const details = name ? this.list?.details?.[name] : undefined;
    if (name && details) lines.push(`${environmentDescription(details)} — ${sessionDescription(details, this.storedSecretKey(name, this.list?.origins?.[name]))}`);
    if (session?.expiresAt !== undefined) {
      lines.push(`Session (${session.source ?? 'ks'}): expires ${new Date(session.expiresAt).toLocaleString()} (${remainingTime(session.expiresAt, Date.now())})`);
    } else if (session?.source) {
      lines.push(`Session: from ${session.source}`);
    } else if (name) {
      lines.push('No session yet: one is started when a call needs it');
    }
    if (this.list?.files.length) lines.push(`Files: ${this.list.files.map((file) => `\`${basename(file)}\``).join(', ')}`);
    for (const problem of this.list?.problems ?? []) lines.push(`$(warning) ${problem}`);
    if (this.problem) lines.push(`$(warning) ${this.problem}`);
    lines.push('Click to pick another environment.');
    return new vscode.MarkdownString(lines.join('\n\n'), true);
  }

  /** "Kreq: Select Environment". */
  async pick(): Promise<void> {
    const uri = this.documentUri ?? (isKreqDocument(vscode.window.activeTextEditor?.document) ? vscode.window.activeTextEditor.document.uri : undefined);
    if (!uri) {
      void vscode.window.showInformationMessage('Kreq: open a .kreq file first: environments are read from the kreq.env.json files beside it.');
      return;
    }
    this.documentUri = uri;
    let list: EnvironmentList;
    try {
      list = await this.server.listEnvironments(uri.toString());
    } catch (error) {
      void vscode.window.showErrorMessage(`Kreq: could not list the environments: ${errorMessage(error)}`);
      return;
    }
    const current = this.environment.current ?? list.active;
    type Item = vscode.QuickPickItem & { readonly environment?: string };
    // Shown for each: where it sends, the partner, and how the session is obtained.
    const items: Item[] = list.names.map((name) => {
      const details = list.details?.[name];
      const description = environmentDescription(details);
      return {
        label: name,
        environment: name,
        description: name === current ? `${description}${description ? ' · ' : ''}active` : description || undefined,
        detail: sessionDescription(details, this.storedSecretKey(name, list.origins?.[name])) || undefined,
        picked: name === current,
      };
    });
    const configured = this.environment.configured;
    items.push({
      label: '$(circle-slash) No environment',
      description: configured ? `use the kreq.environment setting (${configured})` : 'send with the defaults only',
    });
    const problems = list.problems.length ? ` — ${list.problems.length} problem(s) in the kreq.env files, see the tooltip` : '';
    const chosen = await vscode.window.showQuickPick(items, {
      title: 'Kreq: Select Environment',
      placeHolder: list.names.length ? `Environment to send requests to${problems}` : `No environments in kreq.env.json beside this file${problems}`,
    });
    if (!chosen) return;
    await this.environment.pick(chosen.environment);
  }

  /** The key of a secret stored in VS Code for `name` (or every environment) at `origin`: `adminSecret`, `appToken`… */
  private storedSecretKey(name: string, origin: string | undefined): string | undefined {
    const stored = this.secrets.names().find((secret) => SESSION_SECRET_KEYS.includes(secret.key)
      && (secret.environment === undefined || secret.environment === name) && (origin === undefined || secretOrigin(secret) === origin));
    return stored?.key.replace(/\..*$/, '');
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
