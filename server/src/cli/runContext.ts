/**
 * Prepares what sending the blocks of one `.kreq` file from the command line needs, the same for `kreq send` and
 * `kreq test`: the parsed file, its environment, the schema, the `.env` values, and how secrets are shown.
 */

import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  environmentSecrets,
  loadDotenv,
  loadEnvironments,
  redactValue,
  type Environment,
  type FlowInput,
  type SessionManager,
} from '../engine/index';
import { isSecretName, parseKreq, type KalturaSchema, type KreqDocument } from '../language/index';
import { type CheckEnvironment, loadCheckSchema, UsageError } from './checkCommand';
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
  try {
    return { shown, absolute, model: parseKreq(fs.readFileSync(absolute, 'utf8')) };
  } catch (e) {
    throw new UsageError(`cannot read ${shown}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The environment `name` of the kreq.env.json files around `absolute`, and the files it came from. */
export interface FileEnvironment {
  readonly environment: Environment;
  readonly files: readonly string[];
}

/** Loads the environments around a file and picks `name`; warnings go to stderr; an unknown name is a `UsageError`. */
export function loadFileEnvironment(absolute: string, name: string | undefined, io: CheckEnvironment): FileEnvironment {
  const catalog = loadEnvironments(absolute, { processEnv: io.env });
  for (const problem of catalog.problems) io.stderr(`kreq: warning: ${problem}\n`);
  if (name !== undefined && !catalog.names.includes(name)) {
    const known = catalog.names.length > 0 ? `known: ${catalog.names.join(', ')}` : 'no kreq.env.json defines any';
    throw new UsageError(`no environment "${name}" (${known})`);
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

/** What every block of a file is sent with (the flow input), `.env` values included; a `.env` it cannot read is a warning. */
export function fileFlowInput(file: ReadKreqFile, environment: Environment, schema: KalturaSchema | undefined, io: CheckEnvironment): FlowInput {
  const dotenv = loadDotenv(file.absolute);
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
  };
}

/** How result values are shown: secrets of the environment, its session and `extra` (secret prompt answers) masked, unless `reveal`. */
export function valueShower(environment: Environment, sessions: SessionManager, reveal: boolean, extra: readonly string[] = []): (value: unknown) => unknown {
  if (reveal) return (value) => value;
  return (value) => {
    const session = sessions.peek(environment)?.ks;
    return redactValue(value, [...environmentSecrets(environment), ...(session ? [session] : []), ...extra]);
  };
}

/** The values of `overrides` whose names look secret (`secret`, `password`, `token`): masked wherever results are shown. */
export function secretOverrides(overrides: ReadonlyMap<string, string>): string[] {
  return [...overrides].filter(([name]) => isSecretName(name)).map(([, value]) => value);
}
