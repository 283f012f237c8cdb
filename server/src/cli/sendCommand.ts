/** `kreq send`: sends the blocks of one `.kreq` file with an environment and prints each call's result or error (spec §9). */

import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createHttpTransport,
  createSessionManager,
  environmentSecrets,
  loadEnvironments,
  redactValue,
  sendBlock,
  type BlockResult,
  type Environment,
} from '../engine/index';
import { parseKreq, type KalturaSchema, type KreqDocument } from '../language/index';
import { type CheckEnvironment, loadCheckSchema, type OutputFormat, UsageError } from './checkCommand';
import { formatSendJson, formatSendSummary, formatSentBlock, sendExitCode, type ShownBlock } from './sendFormat';

export interface SendCommandOptions {
  readonly file: string;
  /** `--env`: an environment of the kreq.env.json files around the file; none: `$shared` and defaults only. */
  readonly env?: string;
  /** `--block`: 1-based; undefined: every block (also `--all`). */
  readonly block?: number;
  readonly format: OutputFormat;
  /** `--schema`; else the environment's `schema`, else `KREQ_SCHEMA`, else the default (as `kreq check`). */
  readonly schema?: string;
  readonly timeoutMs?: number;
  /** `--reveal`: show secrets in results. */
  readonly reveal: boolean;
}

const FLAGS_WITH_VALUES = new Set(['--env', '--block', '--format', '--schema', '--timeout']);

/** Reads `send`'s arguments (`--flag value` or `--flag=value`); throws `UsageError`. */
export function parseSendArguments(args: readonly string[]): SendCommandOptions {
  const files: string[] = [];
  const values = new Map<string, string>();
  let all = false;
  let reveal = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      files.push(arg);
      continue;
    }
    if (arg === '--all') {
      all = true;
      continue;
    }
    if (arg === '--reveal') {
      reveal = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    if (!FLAGS_WITH_VALUES.has(flag)) throw new UsageError(`unknown option ${arg}`);
    const value = flag !== arg ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    values.set(flag, value);
  }
  if (files.length !== 1) throw new UsageError(files.length === 0 ? 'send needs a .kreq file' : 'send takes one file');
  const blockText = values.get('--block');
  if (blockText !== undefined && all) throw new UsageError('give --block N or --all, not both');
  const block = blockText === undefined ? undefined : Number(blockText);
  if (block !== undefined && !(Number.isInteger(block) && block >= 1)) throw new UsageError(`--block must be a block number from 1, not "${blockText}"`);
  const format = values.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const timeoutText = values.get('--timeout');
  const timeout = timeoutText === undefined ? undefined : Number(timeoutText);
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) throw new UsageError(`--timeout must be a number of seconds, not "${timeoutText}"`);
  return {
    file: files[0],
    env: values.get('--env'),
    block,
    format,
    schema: values.get('--schema'),
    timeoutMs: timeout === undefined ? undefined : Math.round(timeout * 1000),
    reveal,
  };
}

function readDocument(options: SendCommandOptions, cwd: string): { absolute: string; model: KreqDocument } {
  const absolute = path.resolve(cwd, options.file);
  const stat = fs.statSync(absolute, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new UsageError(stat ? `${options.file} is not a file` : `no such file: ${options.file}`);
  try {
    return { absolute, model: parseKreq(fs.readFileSync(absolute, 'utf8')) };
  } catch (e) {
    throw new UsageError(`cannot read ${options.file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The blocks to send, by `--block` or all that hold a call. */
function chooseBlocks(model: KreqDocument, options: SendCommandOptions) {
  if (options.block !== undefined) {
    const block = model.blocks[options.block - 1];
    if (!block) throw new UsageError(`${options.file} has no block ${options.block} (it has ${model.blocks.length})`);
    if (block.calls.length === 0) throw new UsageError(`block ${options.block} of ${options.file} has no call to send`);
    return [block];
  }
  const blocks = model.blocks.filter((b) => b.calls.length > 0);
  if (blocks.length === 0) throw new UsageError(`${options.file} has no call to send`);
  return blocks;
}

/** `--schema`, else the environment's `schema` (relative to its kreq.env.json), else `kreq check`'s rules. */
async function loadSendSchema(options: SendCommandOptions, environment: Environment, envFiles: readonly string[], io: CheckEnvironment): Promise<KalturaSchema | undefined> {
  const fromEnvironment = options.schema === undefined ? environment.schema : undefined;
  const cwd = fromEnvironment && envFiles.length > 0 ? path.dirname(envFiles[0]) : io.cwd;
  const status = await loadCheckSchema({ paths: [], schema: options.schema ?? fromEnvironment, format: options.format }, { ...io, cwd });
  if (status.kind === 'loaded') return status.schema;
  io.stderr(`kreq: warning: no schema (${status.problem}); enum names are sent as written\n`);
  return undefined;
}

/** Runs the command; resolves to the exit code (0 all ok, 1 an API error, 2 a transport failure). Throws `UsageError`. */
export async function runSend(options: SendCommandOptions, io: CheckEnvironment): Promise<number> {
  const { absolute, model } = readDocument(options, io.cwd);
  const catalog = loadEnvironments(absolute, { processEnv: io.env });
  for (const problem of catalog.problems) io.stderr(`kreq: warning: ${problem}\n`);
  if (options.env !== undefined && !catalog.names.includes(options.env)) {
    const known = catalog.names.length > 0 ? `known: ${catalog.names.join(', ')}` : 'no kreq.env.json defines any';
    throw new UsageError(`no environment "${options.env}" (${known})`);
  }
  const blocks = chooseBlocks(model, options);
  const environment = catalog.get(options.env);
  const schema = await loadSendSchema(options, environment, catalog.files, io);
  const sessions = createSessionManager();
  const transport = createHttpTransport();
  const shown: ShownBlock[] = [];
  try {
    for (const block of blocks) {
      const result: BlockResult = await sendBlock(
        {
          document: model,
          block,
          schema,
          environment,
          documentPath: absolute,
          now: Date.now,
          uuid: randomUUID,
          processEnv: io.env,
        },
        { sessions, transport, timeoutMs: options.timeoutMs },
      );
      const session = sessions.peek(environment)?.ks;
      const secrets = [...environmentSecrets(environment), ...(session ? [session] : [])];
      const item: ShownBlock = { block, result, show: (value) => (options.reveal ? value : redactValue(value, secrets)) };
      shown.push(item);
      if (options.format === 'text') io.stdout((shown.length > 1 ? '\n' : '') + formatSentBlock(item));
    }
  } finally {
    await transport.close();
  }
  if (options.format === 'json') io.stdout(formatSendJson(options.file, options.env, shown));
  io.stderr(formatSendSummary(shown) + '\n');
  return sendExitCode(shown.map((s) => s.result));
}
