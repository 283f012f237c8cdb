/** `kreq check`: finds the `.kreq` files, loads the schema once, checks every file with the core and prints the findings. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { collectFindings, MAX_ANALYSED_CHARACTERS, parseKreq, type LanguageServiceParams, type SchemaStatus } from '../language/index';
import { FileReadError, fileErrorText, readRegularFile } from '../node/regularFile';
import { environmentVariableNames } from '../node/environmentFiles';
import { nodeFileSystem } from '../node/nodeFileSystem';
import { defaultCacheDir, defaultSchemaSource, loadSchema } from '../node/schemaSource';
import { countFindings, formatJson, formatSummary, formatText, placeFinding, type PlacedFinding } from './findingFormat';

/** A mistake in how the command was called: exit code 2 with a usage message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type OutputFormat = 'text' | 'json';

export interface CheckOptions {
  /** Files and folders as given on the command line. */
  readonly paths: readonly string[];
  /** `--schema`; falls back to `KREQ_SCHEMA`, then the kaltura.com schema. */
  readonly schema?: string;
  readonly format: OutputFormat;
}

export interface CheckEnvironment {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** A file to check: how it is shown (as given, or the given folder joined with the path inside it) and where it is. */
export interface KreqFile {
  readonly shown: string;
  readonly absolute: string;
}

const SKIPPED_FOLDERS = new Set(['node_modules']);
/** A file of more bytes than this has more characters than kreq analyses (UTF-8 takes 1–4 bytes a character): it is
 *  reported as too large without being read. */
/** The most `check`, `send` and `test` read of one `.kreq` file. */
export const MAX_READ_BYTES = 4 * MAX_ANALYSED_CHARACTERS;
const SCHEMA_TIMEOUT_MS = 20_000;

function walkFolder(folder: string, shown: string, out: KreqFile[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const absolute = path.join(folder, entry.name);
    const shownPath = path.join(shown, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) walkFolder(absolute, shownPath, out);
    } else if (entry.name.toLowerCase().endsWith('.kreq') && !(entry.isSymbolicLink() && isFolder(absolute))) {
      // Files, and links that lead anywhere but to a folder (which could loop): reading tells what they are.
      out.push({ absolute, shown: shownPath });
    }
  }
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The files named on the command line, folders walked for `*.kreq`; sorted, each once. Throws `UsageError` for a missing path. */
export function collectKreqFiles(paths: readonly string[], cwd: string): KreqFile[] {
  const found: KreqFile[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(absolute, { throwIfNoEntry: false });
      if (!stat) throw new UsageError(`no such file or folder: ${given}`);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      // A link cycle, a permission problem…: the file is reported as unreadable when it is read.
    }
    if (stat?.isDirectory()) walkFolder(absolute, given, found);
    else found.push({ absolute, shown: given });
  }
  const unique = new Map<string, KreqFile>();
  for (const f of found) if (!unique.has(f.absolute)) unique.set(f.absolute, f);
  return [...unique.values()].sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
}

/** Loads the schema the options name; an unusable one is a `SchemaStatus` of kind `unavailable`, never an exception. */
export async function loadCheckSchema(options: CheckOptions, environment: CheckEnvironment): Promise<SchemaStatus> {
  const configured = options.schema || environment.env.KREQ_SCHEMA;
  const source = configured || defaultSchemaSource();
  const cacheDir = environment.env.KREQ_CACHE_DIR || defaultCacheDir();
  // With no schema named, the default URL is answered by its cache or else by the bundled snapshot, offline.
  const result = await loadSchema({ source, baseDir: environment.cwd, cacheDir, timeoutMs: SCHEMA_TIMEOUT_MS, bundledFallback: !configured });
  return result.status;
}

/** Checks one file's text; the findings are placed in `file.shown`. */
export function checkText(params: LanguageServiceParams, file: KreqFile, text: string): PlacedFinding[] {
  const uri = pathToFileURL(file.absolute).href;
  const document = TextDocument.create(uri, 'kreq', 1, text);
  return collectFindings(params, uri, parseKreq(text)).map((f) => placeFinding(file.shown, document, f));
}

/** The file's text, or the finding that says why it was not read (a file over the bound is not read either). */
export function readKreqFile(file: KreqFile): string | PlacedFinding {
  const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  try {
    return readRegularFile(file.absolute, MAX_READ_BYTES);
  } catch (e) {
    if (e instanceof FileReadError && e.reason === 'too-large') {
      const mb = Math.round((e.size ?? 0) / (1024 * 1024));
      const message = `This file is too large to check: it has ${mb} MB, more than the ${MAX_ANALYSED_CHARACTERS / (1024 * 1024)} M characters kreq analyses; split it into smaller files.`;
      return { file: file.shown, range: at, severity: 'information', code: 'file-too-large', message };
    }
    const why = e instanceof FileReadError ? e.message : fileErrorText(e);
    return { file: file.shown, range: at, severity: 'error', code: 'file-unreadable', message: `Cannot read this file: ${why}.` };
  }
}

/** Runs the command; returns the exit code: 0 when no error, 1 when an error was found, 2 when no file could be read
 *  at all. Throws `UsageError` for bad paths. */
export async function runCheck(options: CheckOptions, environment: CheckEnvironment): Promise<number> {
  if (options.paths.length === 0) throw new UsageError('no files or folders given');
  const files = collectKreqFiles(options.paths, environment.cwd);
  const schema = await loadCheckSchema(options, environment);
  const params: LanguageServiceParams = {
    schema,
    fileSystem: nodeFileSystem,
    environmentVariables: (uri) => environmentVariableNames(uri),
  };
  const findings: PlacedFinding[] = [];
  let unreadable = 0;
  for (const file of files) {
    const text = readKreqFile(file);
    if (typeof text === 'string') {
      for (const f of checkText(params, file, text)) findings.push(f);
    } else {
      findings.push(text);
      if (text.code === 'file-unreadable') unreadable++;
    }
  }
  environment.stdout(options.format === 'json' ? formatJson(findings) : formatText(findings));
  const counts = countFindings(findings);
  environment.stderr(formatSummary(files.length, counts) + '\n');
  if (files.length > 0 && unreadable === files.length) return 2;
  return counts.error > 0 ? 1 : 0;
}
