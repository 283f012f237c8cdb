/**
 * Finds the environment file to open for a document: the kreq.env.json (or kreq.env.private.json) that defines the
 * environment, nearest first, else the nearest one; and the text of a new kreq.env.json (node:fs, no vscode).
 */

import * as fs from 'node:fs';
import * as path from 'node:path';

export const ENV_FILE = 'kreq.env.json';
export const PRIVATE_ENV_FILE = 'kreq.env.private.json';

/** The environment files from the document's folder up to `root` (inclusive; the file system root when absent), nearest first. */
export function environmentFilesAround(documentPath: string, root?: string): string[] {
  const found: string[] = [];
  const stop = root ? path.resolve(root) : undefined;
  let folder = path.dirname(path.resolve(documentPath));
  for (;;) {
    for (const name of [ENV_FILE, PRIVATE_ENV_FILE]) {
      const file = path.join(folder, name);
      if (fs.statSync(file, { throwIfNoEntry: false })?.isFile()) found.push(file);
    }
    const parent = path.dirname(folder);
    if (folder === stop || parent === folder || (stop !== undefined && !folder.startsWith(stop))) return found;
    folder = parent;
  }
}

/** Whether an environment file's top-level object has the key `environment` (`//` comment lines allowed; false when broken). */
export function definesEnvironment(file: string, environment: string): boolean {
  try {
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').replace(/^\s*\/\/.*$/gm, '');
    const parsed: unknown = JSON.parse(text);
    return !!parsed && typeof parsed === 'object' && !Array.isArray(parsed) && Object.prototype.hasOwnProperty.call(parsed, environment);
  } catch {
    return false;
  }
}

/** The file to open: the nearest that defines `environment`, else the nearest environment file (a broken one is likely
 *  why the environment is missing); undefined when there is none. */
export function environmentFileToOpen(documentPath: string, environment: string | undefined, root?: string): string | undefined {
  const files = environmentFilesAround(documentPath, root);
  return (environment !== undefined ? files.find((file) => definesEnvironment(file, environment)) : undefined) ?? files[0];
}

/** A new kreq.env.json with one environment aimed at `serviceUrl` (the sandbox's partner when it is a loopback address). */
export function newEnvironmentFileText(environment: string, serviceUrl: string, loopback: boolean): string {
  const settings: Record<string, unknown> = { serviceUrl, partnerId: loopback ? 100 : 0 };
  return `${JSON.stringify({ [environment]: settings }, null, 2)}\n`;
}
