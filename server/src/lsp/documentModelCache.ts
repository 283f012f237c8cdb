/**
 * Keeps one parsed model per open document, keyed by URI and version, so that every request and the
 * validation of one version share one parse. A closed document's model is evicted.
 */

import type { TextDocument } from 'vscode-languageserver-textdocument';

interface Entry<T> {
  readonly version: number;
  readonly languageId: string;
  readonly model: T;
}

export class DocumentModelCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly parse: (document: TextDocument) => T) {}

  /** The model of this exact version, parsed now if the cache holds another (or none). */
  get(document: TextDocument): T {
    const entry = this.entries.get(document.uri);
    if (entry && entry.version === document.version && entry.languageId === document.languageId) return entry.model;
    const model = this.parse(document);
    this.entries.set(document.uri, { version: document.version, languageId: document.languageId, model });
    return model;
  }

  /**
   * The model of this exact version, computed by `compute` (which may take its time, in slices) when the cache holds
   * another. A model computed meanwhile by `get` is kept; one for a version that is no longer current is not cached.
   */
  async getAsync(document: TextDocument, compute: (document: TextDocument) => Promise<T>): Promise<T> {
    const entry = this.entries.get(document.uri);
    if (entry && entry.version === document.version && entry.languageId === document.languageId) return entry.model;
    const version = document.version;
    const model = await compute(document);
    const now = this.entries.get(document.uri);
    if (now && now.version === version && now.languageId === document.languageId) return now.model;
    if (document.version === version) this.entries.set(document.uri, { version, languageId: document.languageId, model });
    return model;
  }

  evict(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
