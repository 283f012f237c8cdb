/**
 * `kreq send`: sends blocks of one `.kreq` file with an environment as a flow (captures, assertions, polls, prompts,
 * the blocks a block depends on) and prints each call's result or error (spec §9, §10).
 */

import * as path from 'node:path';
import * as fs from 'node:fs';
import {
  createHttpTransport,
  createSessionManager,
  missingPrompts,
  SendSession,
  type FileAnswer,
  type FlowBlockResult,
  type FlowValues,
} from '../engine/index';
import { blocksToSendFirst, captureSites, capturedNeeds, type BlockNode, type KreqDocument } from '../language/index';
import { type OutputFormat, UsageError } from './checkCommand';
import { ACCESS_FLAGS, readAccess, readArguments, readTimeout, readVariables } from './cliArguments';
import { pollProgress } from './pollProgress';
import { answerPrompts } from './prompts';
import { fileFlowInput, loadFileEnvironment, loadRunSchema, readKreqFile, secretOverrides, type RunAccess, type RunIo } from './runContext';
import { formatSendJson, formatSendSummary, formatSentBlock, sendExitCode, type ShownBlock } from './sendFormat';
import { oneBased, zeroBased } from '../protocol';

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
  /** `--var NAME=VALUE`: above every other variable; answers prompts. */
  readonly variables: ReadonlyMap<string, string>;
  /** `--env-dir`, `--allow-file`, `--allow-files-outside`. */
  readonly access: RunAccess;
  /** `--output FILE`: the block's answer is written there (a file answer as it came, else its JSON). */
  readonly output?: string;
}

const SEND_FLAGS = {
  valued: new Set(['--env', '--block', '--format', '--schema', '--timeout', '--output', ...ACCESS_FLAGS.valued]),
  repeated: new Set(['--var', ...ACCESS_FLAGS.repeated]),
  switches: new Set(['--all', '--reveal', ...ACCESS_FLAGS.switches]),
};

/** Reads `send`'s arguments (`--flag value` or `--flag=value`); throws `UsageError`. */
export function parseSendArguments(args: readonly string[]): SendCommandOptions {
  const read = readArguments(args, SEND_FLAGS);
  const { positionals: files, values, repeated, switches } = read;
  if (files.length !== 1) throw new UsageError(files.length === 0 ? 'send needs a .kreq file' : 'send takes one file');
  const blockText = values.get('--block');
  if (blockText !== undefined && switches.has('--all')) throw new UsageError('give --block N or --all, not both');
  const block = blockText === undefined ? undefined : Number(blockText);
  if (block !== undefined && !(Number.isInteger(block) && block >= 1)) throw new UsageError(`--block must be a block number from 1, not "${blockText}"`);
  const format = values.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  return {
    file: files[0],
    env: values.get('--env'),
    block,
    format,
    schema: values.get('--schema'),
    timeoutMs: readTimeout(values.get('--timeout')),
    reveal: switches.has('--reveal'),
    variables: readVariables(repeated.get('--var') ?? []),
    access: readAccess(read),
    output: values.get('--output'),
  };
}

/** The blocks to send, by `--block` or all that hold a call. */
function chooseBlocks(model: KreqDocument, options: SendCommandOptions): BlockNode[] {
  if (options.block !== undefined) {
    const block = model.blocks[zeroBased(options.block)];
    if (!block) throw new UsageError(`${options.file} has no block ${options.block} (it has ${model.blocks.length})`);
    if (block.calls.length === 0) throw new UsageError(`block ${options.block} of ${options.file} has no call to send`);
    return [block];
  }
  const blocks = model.blocks.filter((b) => b.calls.length > 0);
  if (blocks.length === 0) throw new UsageError(`${options.file} has no call to send`);
  return blocks;
}

/** `block 1 is sent first: it captures {{entryId}}, which block 3 uses`, one line per block sent before `target`. */
export function sentFirstLines(doc: KreqDocument, target: BlockNode, first: readonly BlockNode[]): string[] {
  const sites = captureSites(doc);
  const plan = [...first, target];
  return first.map((dependency) => {
    const users = new Map<string, number[]>();
    for (const user of plan) {
      for (const name of capturedNeeds(doc, user, sites)) {
        if (sites.get(name)?.block !== dependency) continue;
        users.set(name, [...(users.get(name) ?? []), oneBased(user.index)]);
      }
    }
    const needs = [...users].map(([name, by]) => `{{${name}}}, which block ${by.join(', ')} ${by.length === 1 ? 'uses' : 'use'}`);
    return `block ${oneBased(dependency.index)} is sent first: it captures ${needs.join('; ')}`;
  });
}

/** `--output`'s absolute path; a usage error unless one block is sent (`--block N`, or a file with one). */
function outputPath(options: SendCommandOptions, blocks: readonly BlockNode[], io: RunIo): string | undefined {
  if (options.output === undefined) return undefined;
  if (blocks.length !== 1) throw new UsageError(`--output takes the answer of one block: add --block N (${options.file} has ${blocks.length} blocks with calls)`);
  return path.resolve(io.cwd, options.output);
}

/** Writes a file answer to `target` (replacing it) and answers its path. */
async function saveAnswer(target: string, answer: FileAnswer): Promise<string> {
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  await fs.promises.writeFile(target, answer.bytes);
  return target;
}

/** `--output` of an answer that is no file: the results as shown (redacted unless `--reveal`), one call's value or a
 *  multirequest's list, as JSON. Answers an exit code: 0, or 2 when nothing could be written. */
function writeOutput(target: string, flow: FlowBlockResult | undefined, show: (value: unknown) => unknown, io: RunIo): number {
  if (!flow || flow.result.file) return 0;
  if (flow.result.error) {
    io.stderr(`kreq: nothing written to ${target}: the block failed (${flow.result.error.kind})\n`);
    return 0;
  }
  const values = flow.result.calls.map((c) => (c.ok ? show(c.value) : { objectType: 'KalturaAPIException', ...c.error }));
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, JSON.stringify(values.length === 1 ? values[0] : values, null, 2) + '\n');
  } catch (e) {
    io.stderr(`kreq: cannot write ${target}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  io.stderr(`kreq: the answer was written to ${target}\n`);
  return 0;
}

/** Runs the command; resolves to the exit code (0 all passed, 1 an API error or failed assertion, 2 a transport failure). Throws `UsageError`. */
export async function runSend(options: SendCommandOptions, io: RunIo): Promise<number> {
  const file = readKreqFile(options.file, path.resolve(io.cwd, options.file));
  const found = loadFileEnvironment(file.absolute, options.env, io, options.access);
  const blocks = chooseBlocks(file.model, options);
  const target = options.block !== undefined ? blocks[0] : undefined;
  const first = target ? blocksToSendFirst(file.model, target, (name) => options.variables.has(name)) : [];
  const answers = await answerPrompts(missingPrompts(file.model, [...first, ...blocks], options.variables).map((prompt) => ({ prompt })), io.ask);
  const overrides = new Map([...options.variables, ...answers]);
  const schema = await loadRunSchema(options.schema, found, io);
  const input = fileFlowInput(file, found.environment, schema, io, options.access);
  const outputTarget = outputPath(options, blocks, io);
  const transport = createHttpTransport();
  const progress = io.stderrIsTty ? pollProgress(io.stderr) : undefined;
  const values: FlowValues = new Map();
  const session = new SendSession({
    input,
    environmentName: options.env,
    uri: file.absolute,
    sessions: createSessionManager(),
    transport,
    values,
    overrides,
    reveal: options.reveal,
    secrets: secretOverrides(overrides),
    timeoutMs: options.timeoutMs,
    onProgress: progress?.onProgress,
    ...(outputTarget ? { saveFile: (answer: FileAnswer) => saveAnswer(outputTarget, answer) } : {}),
  });
  const show = (value: unknown) => session.show(value);
  const missing = session.missingCredentials([...first, ...blocks]);
  if (missing) io.stderr(`kreq: warning: ${missing.message}\n`);
  const results: FlowBlockResult[] = [];
  const print = (flow: FlowBlockResult) => {
    results.push(flow);
    progress?.clear();
    const shown: ShownBlock = { flow, show, hint: session.hint(flow.result) };
    if (options.format === 'text') io.stdout((results.length > 1 ? '\n' : '') + formatSentBlock(shown));
  };
  try {
    if (target) {
      for (const line of sentFirstLines(file.model, target, first)) io.stderr(`${line}\n`);
      for (const flow of await session.sendBlock(target)) print(flow);
    } else {
      // One block at a time, so that each is printed as soon as it is done; the values flow through `values`.
      for (const block of blocks) for (const flow of await session.sendBlocks([block])) print(flow);
    }
  } finally {
    progress?.clear();
    await transport.close();
  }
  if (outputTarget) {
    const written = writeOutput(outputTarget, results[results.length - 1], show, io);
    if (written !== 0) return written;
  }
  if (options.format === 'json') io.stdout(formatSendJson(options.file, options.env, results.map((flow) => ({ flow, show }))));
  io.stderr(formatSendSummary(results) + '\n');
  return sendExitCode(results);
}
