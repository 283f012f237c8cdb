/**
 * Prepares what sending the blocks of one `.kreq` file from the command line needs, the same for `kreq send` and
 * `kreq test`: the parsed file, its environment, the schema, the `.env` values, and how secrets are shown.
 */

import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  loadDotenv,
  loadEnvironments,
  type Environment,
  type FlowInput,
} from '../engine/index';
import { isSecretName, parseKreq, type KalturaSchema, type KreqDocument } from '../language/index';
import { gitBoundary } from '../node/environmentFiles';
import { readRegularFile } from '../node/regularFile';
import { type CheckEnvironment, loadCheckSchema, MAX_READ_BYTES as MAX_KREQ_FILE_BYTES, UsageError } from './checkCommand';
import type { AskLine } from './prompts';

/** What `kreq send` and `kreq test` use of the process: the `kreq check` streams plus the terminal, when there is one. */
export interface RunIo extends CheckEnvironment {
  /** Asks on the terminal; absent when stdin is not a terminal (a prompt is then a usage error). */
  readonly ask?: AskLine;
  /** stderr is a terminal: polling progress is shown there. */
  readonly stderrIsTty?: boolean;
}

/** A `.kreq` file as given on the command line, read and parsed. */
export interface ReadKreqFile {
  /** As given (or the folder given joined with the path inside it). */
  readonly shown: string;
  readonly absolute: string;
  readonly model: KreqDocument;
}

/** Reads and parses a file; throws `UsageError` when it is missing or unreadable. */
export function readKreqFile(shown: string, absolute: string): ReadKreqFile {
  const stat = fs.statSync(absolute, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new UsageError(stat ? `${shown} is not a file` : `no such file: ${shown}`);
  let text: string;
  try {
    // Only a regular file, and not a huge one: a link to /dev/zero or a pipe must not hang or exhaust memory.
    text = readRegularFile(absolute, MAX_KREQ_FILE_BYTES);
  } catch (e) {
    throw new UsageError(`cannot read ${shown}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const model = parseKreq(text);
  if (model.oversize) throw new UsageError(`${shown} is too large to send: ${model.oversize}`);
  return { shown, absolute, model };
}

/** `--env-dir`, `--allow-file` and `--allow-files-outside` of `send` and `test`: where secrets and files may come from. */
export interface RunAccess {
  /** `--env-dir DIR`: the folder holding kreq.env.json / kreq.env.private.json, instead of looking upward. */
  readonly envDir?: string;
  /** `--allow-file PATH` (repeatable): files that may be uploaded though outside the git root, or sensitive. */
  readonly allowFiles: readonly string[];
  /** `--allow-files-outside`: any file outside the git root may be uploaded (not env files, `.env`, `~/.*`). */
  readonly allowFilesOutside: boolean;
}

export const NO_RUN_ACCESS: RunAccess = { allowFiles: [], allowFilesOutside: false };

/** The environment `name` of the kreq.env.json files around `absolute`, and the files it came from. */
export interface FileEnvironment {
  readonly environment: Environment;
  readonly files: readonly string[];
}

/** How high the command line looks for kreq.env*.json and `.env`: the nearest folder holding `.git`, else the file's folder. */
export function lookupBound(absolute: string): string {
  return gitBoundary(path.dirname(absolute));
}

/** Loads the environments around a file (up to its git root, or in `--env-dir`) and picks `name`; warnings go to
 *  stderr; an unknown name is a `UsageError`. */
export function loadFileEnvironment(absolute: string, name: string | undefined, io: CheckEnvironment, access: RunAccess = NO_RUN_ACCESS): FileEnvironment {
  const bound = lookupBound(absolute);
  let envDir: string | undefined;
  if (access.envDir !== undefined) {
    envDir = path.resolve(io.cwd, access.envDir);
    if (!fs.statSync(envDir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--env-dir ${access.envDir} is not a folder`);
  }
  const dotenv = loadDotenv(absolute, bound);
  const catalog = loadEnvironments(absolute, { processEnv: io.env, workspaceRoot: bound, envDir, dotenv: dotenv.values });
  for (const problem of catalog.problems) io.stderr(`kreq: warning: ${problem}\n`);
  if (name !== undefined && !catalog.names.includes(name)) {
    const known = catalog.names.length > 0 ? `known: ${catalog.names.join(', ')}` : 'no kreq.env.json defines any';
    const broken = catalog.fileProblems?.length ? `; ${catalog.fileProblems.join('; ')}` : '';
    throw new UsageError(`no environment "${name}" (${known})${broken}`);
  }
  return { environment: catalog.get(name), files: catalog.files };
}

/** `--schema`, else the environment's `schema` (relative to its kreq.env.json), else `kreq check`'s rules; a warning when none loads. */
export async function loadRunSchema(schemaOption: string | undefined, found: FileEnvironment, io: CheckEnvironment): Promise<KalturaSchema | undefined> {
  const fromEnvironment = schemaOption === undefined ? found.environment.schema : undefined;
  const cwd = fromEnvironment && found.files.length > 0 ? path.dirname(found.files[0]) : io.cwd;
  const status = await loadCheckSchema({ paths: [], schema: schemaOption ?? fromEnvironment, format: 'text' }, { ...io, cwd });
  if (status.kind === 'loaded') return status.schema;
  io.stderr(`kreq: warning: no schema (${status.problem}); enum names are sent as written\n`);
  return undefined;
}

/** A path and, when it is a link, the file it points at. */
function withRealPath(file: string): string[] {
  try {
    const real = fs.realpathSync(file);
    return real === file ? [file] : [file, real];
  } catch {
    return [file];
  }
}

/** What every block of a file is sent with (the flow input), `.env` values included; a `.env` it cannot read is a
 *  warning. Files outside the git root are uploaded only as `access` allows. */
export function fileFlowInput(file: ReadKreqFile, environment: Environment, schema: KalturaSchema | undefined, io: CheckEnvironment, access: RunAccess = NO_RUN_ACCESS): FlowInput {
  const bound = lookupBound(file.absolute);
  const dotenv = loadDotenv(file.absolute, bound);
  if (dotenv.problem) io.stderr(`kreq: warning: cannot read ${dotenv.problem}\n`);
  return {
    document: file.model,
    schema,
    environment,
    documentPath: file.absolute,
    now: Date.now,
    uuid: randomUUID,
    processEnv: io.env,
    dotenv: dotenv.values,
    fileAccess: {
      policy: {
        roots: [bound],
        home: io.env.HOME || os.homedir(),
        allowedPaths: access.allowFiles.flatMap((p) => withRealPath(path.resolve(io.cwd, p))),
        allowOutside: access.allowFilesOutside,
      },
      hint: 'pass --allow-file PATH to upload it, or --allow-files-outside',
      sensitiveHint: '--allow-file PATH',
    },
  };
}

/** The values of `overrides` whose names look secret (`secret`, `password`, `token`): masked wherever results are shown. */
export function secretOverrides(overrides: ReadonlyMap<string, string>): string[] {
  return [...overrides].filter(([name]) => isSecretName(name)).map(([, value]) => value);
}
