/** The real file system behind the core's `FileSystemProvider`: paths relative to a document's folder. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileKind, FileSystemProvider } from '../language/index';

/** The folder of a `file://` document; undefined for other schemes (unsaved documents). */
export function documentFolder(documentUri: string): string | undefined {
  if (!documentUri.startsWith('file://')) return undefined;
  try {
    return path.dirname(fileURLToPath(documentUri));
  } catch {
    return undefined;
  }
}

function resolve(documentUri: string, relativePath: string): string | undefined {
  if (path.isAbsolute(relativePath)) return relativePath;
  const folder = documentFolder(documentUri);
  return folder === undefined ? undefined : path.resolve(folder, relativePath);
}

function kindOf(stat: fs.Stats): FileKind | undefined {
  return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : undefined;
}

export const nodeFileSystem: FileSystemProvider = {
  stat(documentUri, relativePath) {
    const p = resolve(documentUri, relativePath);
    if (p === undefined) return undefined;
    try {
      return kindOf(fs.statSync(p));
    } catch {
      return undefined;
    }
  },
  readDirectory(documentUri, relativePath) {
    const p = resolve(documentUri, relativePath || '.');
    if (p === undefined) return [];
    try {
      return fs
        .readdirSync(p, { withFileTypes: true })
        .filter((d) => d.isFile() || d.isDirectory())
        .map((d) => [d.name, d.isDirectory() ? 'directory' : 'file'] as const);
    } catch {
      return [];
    }
  },
};
