/** Reads and checks the JSON arguments of the `kreq.*` commands (protocol.ts); a mistake is a `CommandError` (`InvalidParams`). */

import type { ExecuteCommandParams } from 'vscode-languageserver';
import type { BlockReference, CurlArguments, SendAllArguments, SendArguments } from '../protocol';

/** A mistake in a command's arguments or a state that keeps it from running: answered as `InvalidParams`. */
export class CommandError extends Error {}

export type Json = Record<string, unknown>;

export function argumentObject(params: ExecuteCommandParams): Json {
  const first = params.arguments?.[0];
  if (!first || typeof first !== 'object' || Array.isArray(first)) throw new CommandError(`${params.command} needs an object argument ({ uri, … })`);
  return first as Json;
}

/** The first argument when there is one (it must be an object then), else `{}`. */
export function optionalArgumentObject(params: ExecuteCommandParams): Json {
  const first = params.arguments?.[0];
  if (first === undefined || first === null) return {};
  return argumentObject(params);
}

export function optional<T>(args: Json, key: string, type: 'string' | 'number' | 'boolean'): T | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type || (type === 'number' && !Number.isInteger(value))) throw new CommandError(`\`${key}\` must be ${type === 'number' ? 'an integer' : `a ${type}`}`);
  return value as T;
}

export function readReference(args: Json): BlockReference {
  const uri = args.uri;
  if (typeof uri !== 'string' || uri === '') throw new CommandError('`uri` must be the document URI');
  return { uri, block: optional<number>(args, 'block', 'number'), line: optional<number>(args, 'line', 'number') };
}

/** An object of strings (`secrets`, `answers`), or undefined. */
function stringRecord(args: Json, key: string): Readonly<Record<string, string>> | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new CommandError(`\`${key}\` must be an object of strings`);
  }
  return value as Record<string, string>;
}

export function readSecrets(args: Json): Readonly<Record<string, string>> | undefined {
  return stringRecord(args, 'secrets');
}

export function readSendArguments(args: Json): SendArguments & CurlArguments {
  const timeoutMs = optional<number>(args, 'timeoutMs', 'number');
  if (timeoutMs !== undefined && timeoutMs <= 0) throw new CommandError('`timeoutMs` must be a positive number of milliseconds');
  return {
    ...readReference(args),
    environment: optional<string>(args, 'environment', 'string'),
    secrets: readSecrets(args),
    reveal: optional<boolean>(args, 'reveal', 'boolean'),
    timeoutMs,
    answers: stringRecord(args, 'answers'),
    dependencies: optional<boolean>(args, 'dependencies', 'boolean'),
    withoutSession: optional<boolean>(args, 'withoutSession', 'boolean'),
  };
}

export function readSendAllArguments(args: Json): SendAllArguments {
  const blocks = args.blocks;
  if (blocks !== undefined && blocks !== null && (!Array.isArray(blocks) || blocks.some((b) => typeof b !== 'number' || !Number.isInteger(b) || b < 0))) {
    throw new CommandError('`blocks` must be an array of 0-based block indexes');
  }
  return {
    ...readSendArguments(args),
    ...(Array.isArray(blocks) ? { blocks: blocks as number[] } : {}),
    stopOnFailure: optional<boolean>(args, 'stopOnFailure', 'boolean'),
  };
}
