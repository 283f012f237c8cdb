/**
 * `kreq test`: runs every block of every `.kreq` file given (folders searched) as a flow, each file with fresh
 * captured values, and writes a text, JSON or JUnit report (spec §9, §10.4).
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createHttpTransport,
  createSessionManager,
  missingPrompts,
  SendSession,
  type BlockErrorKind,
  type FlowBlockResult,
  type FlowProgress,
  type HttpTransport,
  type SessionManager,
} from '../engine/index';
import type { BlockNode, KalturaSchema } from '../language/index';
import { collectKreqFiles, UsageError } from './checkCommand';
import { ACCESS_FLAGS, readAccess, readArguments, readTimeout, readVariables } from './cliArguments';
import { formatJunitReport } from './junitReport';
import { pollProgress, type PollProgress } from './pollProgress';
import { answerPrompts } from './prompts';
import { fileFlowInput, loadFileEnvironment, loadRunSchema, readKreqFile, type FileEnvironment, type ReadKreqFile, type RunAccess, type RunIo } from './runContext';
import { countRuns, formatJsonReport, formatTextReport, summaryLine, type FileRun } from './testReport';

export type TestReporter = 'text' | 'json' | 'junit';

export interface TestCommandOptions {
  /** Files and folders (searched for `*.kreq`). */
  readonly paths: readonly string[];
  readonly env?: string;
  /** `--var NAME=VALUE`: above every other variable; answers prompts. */
  readonly variables: ReadonlyMap<string, string>;
  readonly reporter: TestReporter;
  /** `--output FILE`: the report goes there, the summary line to stderr. */
  readonly output?: string;
  /** `--bail`: stop at the first block that does not pass (no further block, no further file). */
  readonly bail: boolean;
  readonly schema?: string;
  readonly timeoutMs?: number;
  /** `--env-dir`, `--allow-file`, `--allow-files-outside`. */
  readonly access: RunAccess;
}

const TEST_FLAGS = {
  valued: new Set(['--env', '--reporter', '--output', '--schema', '--timeout', ...ACCESS_FLAGS.valued]),
  repeated: new Set(['--var', ...ACCESS_FLAGS.repeated]),
  switches: new Set(['--bail', ...ACCESS_FLAGS.switches]),
};

const REPORTERS: readonly TestReporter[] = ['text', 'json', 'junit'];

/** Block failures that mean the server was not reached at all. */
const UNREACHABLE: ReadonlySet<BlockErrorKind> = new Set<BlockErrorKind>(['refused', 'dns', 'timeout', 'tls', 'network']);

/** Reads `test`'s arguments; throws `UsageError`. */
export function parseTestArguments(args: readonly string[]): TestCommandOptions {
  const read = readArguments(args, TEST_FLAGS);
  const { positionals, values, repeated, switches } = read;
  if (positionals.length === 0) throw new UsageError('test needs .kreq files or folders');
  const reporter = values.get('--reporter') ?? 'text';
  if (!(REPORTERS as readonly string[]).includes(reporter)) throw new UsageError(`--reporter must be text, json or junit, not "${reporter}"`);
  return {
    paths: positionals,
    env: values.get('--env'),
    variables: readVariables(repeated.get('--var') ?? []),
    reporter: reporter as TestReporter,
    output: values.get('--output'),
    bail: switches.has('--bail'),
    schema: values.get('--schema'),
    timeoutMs: readTimeout(values.get('--timeout')),
    access: readAccess(read),
  };
}

/** A file ready to run: parsed, its environment chosen, its blocks with calls. */
interface PreparedFile {
  readonly file: ReadKreqFile;
  readonly found: FileEnvironment;
  readonly blocks: readonly BlockNode[];
}

/** Reads every file and picks its environment before anything is sent, so that a usage error sends nothing. */
function prepareFiles(options: TestCommandOptions, io: RunIo): PreparedFile[] {
  const files = collectKreqFiles(options.paths, io.cwd);
  if (files.length === 0) throw new UsageError(`no .kreq files in ${options.paths.join(', ')}`);
  return files.map((f) => {
    const file = readKreqFile(f.shown, f.absolute);
    return { file, found: loadFileEnvironment(file.absolute, options.env, io, options.access), blocks: file.model.blocks.filter((b) => b.calls.length > 0) };
  });
}

/** Each file's schema, loaded once per source. */
function schemaLoader(options: TestCommandOptions, io: RunIo): (prepared: PreparedFile) => Promise<KalturaSchema | undefined> {
  const loaded = new Map<string, Promise<KalturaSchema | undefined>>();
  return (prepared) => {
    const source = options.schema ?? prepared.found.environment.schema;
    const key = source === undefined ? '' : `${path.dirname(prepared.found.files[0] ?? io.cwd)}\n${source}`;
    let schema = loaded.get(key);
    if (!schema) loaded.set(key, (schema = loadRunSchema(options.schema, prepared.found, io)));
    return schema;
  };
}

interface RunShared {
  readonly sessions: SessionManager;
  readonly transport: HttpTransport;
  readonly overrides: ReadonlyMap<string, string>;
  readonly progress?: PollProgress;
}

/** Runs one file's blocks with fresh captured values. */
async function runFile(prepared: PreparedFile, schema: KalturaSchema | undefined, options: TestCommandOptions, shared: RunShared, io: RunIo): Promise<FileRun> {
  const started = performance.now();
  const onProgress = (event: FlowProgress) => shared.progress?.onProgress(event);
  const input = fileFlowInput(prepared.file, prepared.found.environment, schema, io, options.access);
  const session = new SendSession({
    input,
    environmentName: options.env,
    uri: prepared.file.absolute,
    sessions: shared.sessions,
    transport: shared.transport,
    timeoutMs: options.timeoutMs,
    values: new Map(),
    overrides: shared.overrides,
    onProgress,
  });
  const results: FlowBlockResult[] = await session.sendBlocks(prepared.blocks, options.bail);
  shared.progress?.clear();
  return { file: prepared.file.shown, environment: options.env, results, durationMs: performance.now() - started };
}

/** True when blocks were sent and every one failed without reaching a server. */
export function noServerReached(runs: readonly FileRun[]): boolean {
  const sent = runs.flatMap((r) => r.results).filter((r) => r.tries > 0);
  return sent.length > 0 && sent.every((r) => r.result.error !== undefined && UNREACHABLE.has(r.result.error.kind));
}

function report(runs: readonly FileRun[], reporter: TestReporter): string {
  if (reporter === 'json') return formatJsonReport(runs);
  if (reporter === 'junit') return formatJunitReport(runs);
  return formatTextReport(runs);
}

/** Runs the command; resolves to the exit code: 0 every block passed, 1 one did not, 2 no server reached or the report not written. Throws `UsageError`. */
export async function runTest(options: TestCommandOptions, io: RunIo): Promise<number> {
  const prepared = prepareFiles(options, io);
  const prompts = prepared.flatMap((p) => missingPrompts(p.file.model, p.blocks, options.variables).map((prompt) => ({ prompt, file: p.file.shown })));
  const answers = await answerPrompts(prompts, io.ask);
  const overrides = new Map([...options.variables, ...answers]);
  const schemaOf = schemaLoader(options, io);
  const shared: RunShared = {
    sessions: createSessionManager(),
    transport: createHttpTransport(),
    overrides,
    progress: io.stderrIsTty ? pollProgress(io.stderr) : undefined,
  };
  const runs: FileRun[] = [];
  try {
    for (const [i, p] of prepared.entries()) {
      const run = await runFile(p, await schemaOf(p), options, shared, io);
      runs.push(run);
      const rest = prepared.length - i - 1;
      if (options.bail && countRuns([run]).passed < run.results.length && rest > 0) {
        io.stderr(`kreq: --bail: stopped after ${p.file.shown}; ${rest} more ${rest === 1 ? 'file' : 'files'} not run\n`);
        break;
      }
    }
  } finally {
    shared.progress?.clear();
    await shared.transport.close();
  }
  const text = report(runs, options.reporter);
  const summary = summaryLine(countRuns(runs));
  if (options.output !== undefined) {
    const target = path.resolve(io.cwd, options.output);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
    } catch (e) {
      io.stderr(`kreq: cannot write the report to ${options.output}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    io.stderr(`${summary}\n`);
  } else {
    io.stdout(text);
    if (options.reporter !== 'text') io.stderr(`${summary}\n`);
  }
  if (noServerReached(runs)) {
    const first = runs.flatMap((r) => r.results).find((r) => r.result.error)?.result.error;
    io.stderr(`kreq: no server could be reached${first ? `: ${first.message}` : ''}\n`);
    return 2;
  }
  const counts = countRuns(runs);
  return counts.failed + counts.skipped > 0 ? 1 : 0;
}
