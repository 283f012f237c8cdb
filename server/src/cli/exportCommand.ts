/** `kreq export <file> [--block N] --lang node|ts|python|php|curl`: prints one block as code for a Kaltura client library (secrets as environment reads). */

import * as path from 'node:path';
import { buildWireRequest, curlCommand } from '../engine/index';
import { exportBlockCode, exportSettingsOf, type GeneratedLanguage } from '../export/index';
import type { BlockNode, KreqDocument } from '../language/index';
import { EXPORT_LANGUAGES, type ExportLanguage, zeroBased } from '../protocol';
import { UsageError } from './checkCommand';
import { readArguments } from './cliArguments';
import { fileFlowInput, loadFileEnvironment, loadRunSchema, readKreqFile, type RunIo } from './runContext';

export interface ExportCommandOptions {
  readonly file: string;
  readonly block?: number;
  readonly language: ExportLanguage;
  readonly env?: string;
  readonly envDir?: string;
  readonly schema?: string;
}

const EXPORT_FLAGS = { valued: new Set(['--block', '--lang', '--env', '--env-dir', '--schema']) };

export function parseExportArguments(args: readonly string[]): ExportCommandOptions {
  const { positionals, values } = readArguments(args, EXPORT_FLAGS);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'export needs a .kreq file' : 'export takes one file');
  const language = values.get('--lang');
  if (language === undefined) throw new UsageError(`export needs --lang ${EXPORT_LANGUAGES.join('|')}`);
  if (!(EXPORT_LANGUAGES as readonly string[]).includes(language)) throw new UsageError(`--lang must be one of ${EXPORT_LANGUAGES.join(', ')}, not "${language}"`);
  const blockText = values.get('--block');
  const block = blockText === undefined ? undefined : Number(blockText);
  if (block !== undefined && !(Number.isInteger(block) && block >= 1)) throw new UsageError(`--block must be a block number from 1, not "${blockText}"`);
  return {
    file: positionals[0],
    language: language as ExportLanguage,
    ...(block !== undefined ? { block } : {}),
    ...(values.has('--env') ? { env: values.get('--env') } : {}),
    ...(values.has('--env-dir') ? { envDir: values.get('--env-dir') } : {}),
    ...(values.has('--schema') ? { schema: values.get('--schema') } : {}),
  };
}

/** Block `N`, or the file's only block with a call. */
function chooseBlock(model: KreqDocument, options: ExportCommandOptions): BlockNode {
  if (options.block !== undefined) {
    const block = model.blocks[zeroBased(options.block)];
    if (!block) throw new UsageError(`${options.file} has no block ${options.block} (it has ${model.blocks.length})`);
    if (block.calls.length === 0) throw new UsageError(`block ${options.block} of ${options.file} has no call to export`);
    return block;
  }
  const withCalls = model.blocks.filter((b) => b.calls.length > 0);
  if (withCalls.length === 0) throw new UsageError(`${options.file} has no call to export`);
  if (withCalls.length > 1) throw new UsageError(`${options.file} has ${withCalls.length} blocks: choose one with --block N`);
  return withCalls[0];
}

/** Prints the code on stdout; 0, or 1 when the block cannot be exported (the reason on stderr). */
export async function runExport(options: ExportCommandOptions, io: RunIo): Promise<number> {
  const file = readKreqFile(options.file, path.resolve(io.cwd, options.file));
  const found = loadFileEnvironment(file.absolute, options.env, io, { allowFiles: [], allowFilesOutside: false, ...(options.envDir !== undefined ? { envDir: options.envDir } : {}) });
  const block = chooseBlock(file.model, options);
  const schema = await loadRunSchema(options.schema, found, io);
  if (options.language === 'curl') {
    const input = fileFlowInput(file, found.environment, schema, io);
    const built = buildWireRequest({ ...input, block });
    if ('problems' in built) {
      for (const p of built.problems) io.stderr(`kreq: ${options.file}:${p.line + 1}: ${p.message}\n`);
      return 1;
    }
    io.stdout(`${curlCommand(built.request, built.request.secrets)}\n`);
    return 0;
  }
  const result = exportBlockCode(file.model, block, schema, exportSettingsOf(found.environment), options.language as GeneratedLanguage);
  if ('problem' in result) {
    io.stderr(`kreq: ${result.problem}\n`);
    return 1;
  }
  io.stdout(result.code);
  return 0;
}
