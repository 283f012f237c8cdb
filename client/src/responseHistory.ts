/**
 * The last 50 sends of a workspace ("Kreq: Response History", "Kreq: Compare Responses"): an index in workspaceState
 * and each response document in a file under the extension's workspace storage, so that they survive a reload.
 */

import * as vscode from 'vscode';
import type { ResponseDocument } from '../../server/src/protocol';
import type { ShownDocument } from './responseContent';

/** Sends kept per workspace. */
export const HISTORY_SIZE = 50;
const INDEX_KEY = 'kreq.responseHistory';

/** One send as the history lists it. */
export interface HistoryEntry {
  readonly id: string;
  /** The block's `# @name` or title, `block N`, or the file's name for a Send All. */
  readonly title: string;
  readonly environment?: string;
  /** `passed`, `failed · ENTRY_ID_NOT_FOUND`… */
  readonly outcome: string;
  readonly passed: boolean;
  /** Unix ms. */
  readonly savedAt: number;
  readonly languageId: ShownDocument['languageId'];
  /** A response too big for a virtual document: the temp file it was written to (not copied into the history). */
  readonly file?: string;
}

export type NewHistoryEntry = Omit<HistoryEntry, 'id' | 'savedAt'>;

interface StoredDocument {
  readonly document: ResponseDocument;
}

function newId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export class ResponseHistory {
  private readonly folder: vscode.Uri;
  /** Writes in order: an entry's file exists before a later one removes the oldest. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly context: vscode.ExtensionContext) {
    this.folder = vscode.Uri.joinPath(context.storageUri ?? vscode.Uri.joinPath(context.globalStorageUri, 'no-workspace'), 'responses');
  }

  /** Newest first. */
  entries(): readonly HistoryEntry[] {
    return this.context.workspaceState.get<HistoryEntry[]>(INDEX_KEY, []);
  }

  entry(id: string): HistoryEntry | undefined {
    return this.entries().find((entry) => entry.id === id);
  }

  /** Records a send (the oldest beyond `HISTORY_SIZE` is forgotten, its file deleted). */
  add(fields: NewHistoryEntry, document: ResponseDocument): Promise<HistoryEntry> {
    const entry: HistoryEntry = { ...fields, id: newId(), savedAt: Date.now() };
    const write = this.writing.then(async () => {
      await vscode.workspace.fs.createDirectory(this.folder);
      if (!entry.file) {
        const stored: StoredDocument = { document };
        await vscode.workspace.fs.writeFile(this.fileOf(entry.id), Buffer.from(JSON.stringify(stored), 'utf8'));
      }
      const all = [entry, ...this.entries()];
      await this.context.workspaceState.update(INDEX_KEY, all.slice(0, HISTORY_SIZE));
      for (const dropped of all.slice(HISTORY_SIZE)) {
        await Promise.resolve(vscode.workspace.fs.delete(this.fileOf(dropped.id))).catch(() => undefined);
      }
      return entry;
    });
    this.writing = write.catch(() => undefined);
    return write;
  }

  /** The stored document of an entry (a big one: its temp file's text, when it still exists). */
  async read(id: string): Promise<ResponseDocument | undefined> {
    const entry = this.entry(id);
    if (!entry) return undefined;
    await this.writing;
    try {
      if (entry.file) {
        const text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(entry.file))).toString('utf8');
        return { text, sections: [], annotations: [], descriptions: [] };
      }
      const bytes = await vscode.workspace.fs.readFile(this.fileOf(id));
      return (JSON.parse(Buffer.from(bytes).toString('utf8')) as StoredDocument).document;
    } catch {
      return undefined;
    }
  }

  private fileOf(id: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, `${id}.json`);
  }
}

/** The quick pick's row of an entry. */
export interface HistoryPickItem extends vscode.QuickPickItem {
  readonly entry: HistoryEntry;
}

export function historyPickItems(entries: readonly HistoryEntry[]): HistoryPickItem[] {
  return entries.map((entry) => ({
    label: `${entry.passed ? '$(pass)' : '$(error)'} ${entry.title}`,
    description: [entry.environment ?? 'no environment', entry.outcome].join(' · '),
    detail: new Date(entry.savedAt).toLocaleString(),
    entry,
  }));
}
