/**
 * Reads `kreq.env.json` / `kreq.env.private.json` (spec §7) from a document's folder upward, and
 * lists the variable names they define, so that `{{name}}` from an environment is known.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { documentFolder } from './nodeFileSystem';

/** Keys of an environment that are settings, not variables. */
export const RESERVED_ENVIRONMENT_KEYS = new Set([
  'serviceUrl', 'partnerId', 'ks', 'adminSecret', 'userSecret', 'session', 'appToken', 'clientTag', 'schema',
]);

export type EnvironmentFile = Record<string, Record<string, unknown>>;

/** The nearest file named `name` from `folder` upward (stopping at `root` when given). */
export function findUpward(folder: string, name: string, root?: string): string | undefined {
  let dir = folder;
  for (;;) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir || (root && path.relative(root, dir) === '')) return undefined;
    dir = parent;
  }
}

/** Parses an environment file; a broken one reads as empty (JSON with `//` comment lines is accepted). */
export function readEnvironmentFile(file: string): EnvironmentFile {
  try {
    const text = fs.readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as EnvironmentFile) : {};
  } catch {
    return {};
  }
}

/** All variable names any environment (or `$shared`) defines for documents in this document's folder. */
export function environmentVariableNames(documentUri: string, root?: string): Set<string> | undefined {
  const folder = documentFolder(documentUri);
  if (!folder) return undefined;
  const names = new Set<string>();
  let found = false;
  for (const name of ['kreq.env.json', 'kreq.env.private.json']) {
    const file = findUpward(folder, name, root);
    if (!file) continue;
    found = true;
    for (const env of Object.values(readEnvironmentFile(file))) {
      if (env && typeof env === 'object') for (const key of Object.keys(env)) if (!RESERVED_ENVIRONMENT_KEYS.has(key)) names.add(key);
    }
  }
  return found ? names : new Set();
}
