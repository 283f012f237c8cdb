/** Helpers for test inputs: `|` cursor markers and in-memory documents and file systems. */

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileKind, FileSystemProvider } from '../../server/src/language/index';

export const TEST_URI = 'file:///work/requests/test.kreq';

/** Removes the cursor marker (`|`, or `$0` when the text needs a literal `|`) and returns its offset. */
export function takeCursor(input: string): { text: string; offset: number } {
  const marker = input.includes('$0') ? '$0' : '|';
  const offset = input.indexOf(marker);
  if (offset < 0) throw new Error(`cursor marker ${marker} missing in:\n${input}`);
  if (input.indexOf(marker, offset + 1) >= 0) throw new Error(`more than one cursor marker in:\n${input}`);
  return { text: input.slice(0, offset) + input.slice(offset + marker.length), offset };
}

export function makeDocument(text: string, uri = TEST_URI): TextDocument {
  return TextDocument.create(uri, 'kreq', 1, text);
}

/**
 * A file system of the given relative paths (folders end with `/`), rooted at the document's folder.
 * `stat('./clips/intro.mp4')` → 'file' when `clips/intro.mp4` is listed.
 */
export function memoryFileSystem(paths: readonly string[]): FileSystemProvider {
  const entries = new Map<string, FileKind>();
  for (const p of paths) {
    const parts = p.replace(/\/$/, '').split('/');
    for (let i = 1; i < parts.length; i++) entries.set(parts.slice(0, i).join('/'), 'directory');
    entries.set(parts.join('/'), p.endsWith('/') ? 'directory' : 'file');
  }
  const normalise = (rel: string): string =>
    rel
      .split('/')
      .filter((s) => s !== '' && s !== '.')
      .join('/');
  return {
    stat: (_uri, rel) => (normalise(rel) === '' ? 'directory' : entries.get(normalise(rel))),
    readDirectory: (_uri, rel) => {
      const dir = normalise(rel);
      const prefix = dir === '' ? '' : dir + '/';
      const out: [string, FileKind][] = [];
      for (const [p, kind] of entries) {
        if (p.startsWith(prefix) && !p.slice(prefix.length).includes('/') && p !== dir) out.push([p.slice(prefix.length), kind]);
      }
      return out.sort();
    },
  };
}
