/**
 * Reads `kreq.env.json` / `kreq.env.private.json` (spec §7) from a document's folder upward, and
 * lists the variable names they define, so that `{{name}}` from an environment is known.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { jsonSyntaxError } from './jsonSyntaxError';
import { documentFolder } from './nodeFileSystem';
import { FileReadError, fileErrorText, readRegularFile } from './regularFile';

/** An environment file larger than this is not read (they hold a few settings). */
const MAX_ENVIRONMENT_FILE_BYTES = 1024 * 1024;

/** Keys of an environment that are settings, not variables. */
export const RESERVED_ENVIRONMENT_KEYS = new Set([
  'serviceUrl', 'partnerId', 'ks', 'adminSecret', 'userSecret', 'session', 'appToken', 'clientTag', 'schema',
]);

export type EnvironmentFile = Record<string, Record<string, unknown>>;

/** Whether `folder` is `root` or inside it. */
function isWithin(root: string, folder: string): boolean {
  const relative = path.relative(root, folder);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The nearest file named `name` from `folder` upward, never above `root`; without a root, or when `folder` is not
 *  inside it, only `folder` itself is searched. */
export function findUpward(folder: string, name: string, root?: string): string | undefined {
  let dir = path.resolve(folder);
  const top = root !== undefined && isWithin(path.resolve(root), dir) ? path.resolve(root) : dir;
  for (;;) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir || path.relative(top, dir) === '') return undefined;
    dir = parent;
  }
}

/** The look-up bound of the command line: the nearest folder from `folder` upward holding `.git`, else `folder`. */
export function gitBoundary(folder: string): string {
  const start = path.resolve(folder);
  for (let dir = start; ; ) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

/** The file names of spec §7, public first. */
export const ENVIRONMENT_FILE_NAMES = ['kreq.env.json', 'kreq.env.private.json'] as const;

/** The nearest `kreq.env.json` and `kreq.env.private.json` from `folder` upward, each found on its own. */
export function findEnvironmentFiles(folder: string, root?: string): { readonly publicFile?: string; readonly privateFile?: string } {
  return { publicFile: findUpward(folder, ENVIRONMENT_FILE_NAMES[0], root), privateFile: findUpward(folder, ENVIRONMENT_FILE_NAMES[1], root) };
}

/** An environment file's content (environment name → settings), and why it could not be read, in words. */
export interface EnvironmentFileRead {
  readonly data: EnvironmentFile;
  readonly problem?: string;
  /** The file could not be read or parsed: none of its environments exist. */
  readonly unusable?: boolean;
}

/** Parsed files by path, valid while their size and time are unchanged (validation asks on every edit). */
const parsedFiles = new Map<string, { readonly stamp: string; readonly read: EnvironmentFileRead }>();

/** Parses an environment file (JSON with `//` comment lines is accepted); a broken one reads as empty, with a problem. */
export function readEnvironmentFileChecked(file: string): EnvironmentFileRead {
  let stamp: string;
  try {
    const stat = fs.statSync(file);
    stamp = `${stat.size}:${stat.mtimeMs}`;
  } catch (error) {
    return { data: {}, problem: `${file}: cannot be read (${(error as Error).message}).`, unusable: true };
  }
  const cached = parsedFiles.get(file);
  if (cached?.stamp === stamp) return cached.read;
  const read = parseEnvironmentFile(file);
  parsedFiles.set(file, { stamp, read });
  return read;
}

function parseEnvironmentFile(file: string): EnvironmentFileRead {
  let text: string;
  try {
    // Only a regular file of a sensible size: a link to /dev/zero or a pipe must not hang or exhaust the server.
    text = readRegularFile(file, MAX_ENVIRONMENT_FILE_BYTES).replace(/^\uFEFF/, '').replace(/^\s*\/\/.*$/gm, '');
  } catch (error) {
    return { data: {}, problem: `${file}: cannot be read (${error instanceof FileReadError ? error.message : fileErrorText(error)}); its environments are ignored.`, unusable: true };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const where = jsonSyntaxError(text, error);
    return { data: {}, problem: `${file}:${where.line}:${where.column}: invalid JSON: ${where.message}; its environments are ignored.`, unusable: true };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { data: {}, problem: `${file}: expected an object of environments (\`{ "prod": { … } }\`); the file is ignored.`, unusable: true };
  }
  const data: EnvironmentFile = {};
  const wrong: string[] = [];
  for (const [name, env] of Object.entries(parsed as Record<string, unknown>)) {
    if (env && typeof env === 'object' && !Array.isArray(env)) data[name] = env as Record<string, unknown>;
    else wrong.push(name);
  }
  const problem = wrong.length > 0 ? `${file}: ${wrong.map((n) => `"${n}"`).join(', ')} ${wrong.length === 1 ? 'is' : 'are'} not an object of settings; ignored.` : undefined;
  return { data, problem };
}

/** Parses an environment file; a broken one reads as empty (JSON with `//` comment lines is accepted). */
export function readEnvironmentFile(file: string): EnvironmentFile {
  return readEnvironmentFileChecked(file).data;
}

/** All variable names any environment (or `$shared`) defines for documents in this document's folder. */
export function environmentVariableNames(documentUri: string, root?: string): Set<string> | undefined {
  const folder = documentFolder(documentUri);
  if (!folder) return undefined;
  const names = new Set<string>();
  let found = false;
  const files = findEnvironmentFiles(folder, root ?? gitBoundary(folder));
  for (const file of [files.publicFile, files.privateFile]) {
    if (!file) continue;
    found = true;
    for (const env of Object.values(readEnvironmentFile(file))) {
      if (env && typeof env === 'object') for (const key of Object.keys(env)) if (!RESERVED_ENVIRONMENT_KEYS.has(key)) names.add(key);
    }
  }
  return found ? names : new Set();
}
