/** Reads a command's arguments into positionals, flag values and switches (`--flag value`, `--flag=value`, `--`), and `--var NAME=VALUE` pairs. */

import { UsageError } from './checkCommand';

export interface FlagSpec {
  /** Flags that take a value; given twice, the last wins. */
  readonly valued: ReadonlySet<string>;
  /** Flags that take a value and may be given many times (`--var`). */
  readonly repeated?: ReadonlySet<string>;
  /** Flags without a value. */
  readonly switches?: ReadonlySet<string>;
}

export interface ReadArguments {
  readonly positionals: readonly string[];
  readonly values: ReadonlyMap<string, string>;
  readonly repeated: ReadonlyMap<string, readonly string[]>;
  readonly switches: ReadonlySet<string>;
}

/** Splits `args` by `spec`; throws `UsageError` for an unknown flag or a flag without its value. */
export function readArguments(args: readonly string[], spec: FlagSpec): ReadArguments {
  const positionals: string[] = [];
  const values = new Map<string, string>();
  const repeated = new Map<string, string[]>();
  const switches = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (spec.switches?.has(arg)) {
      switches.add(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const isRepeated = spec.repeated?.has(flag) ?? false;
    if (!spec.valued.has(flag) && !isRepeated) throw new UsageError(`unknown option ${arg}`);
    const value = flag !== arg ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    if (isRepeated) repeated.set(flag, [...(repeated.get(flag) ?? []), value]);
    else values.set(flag, value);
  }
  return { positionals, values, repeated, switches };
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** `--var NAME=VALUE` pairs (VALUE may be empty and may hold `=`); a later pair for the same name wins. */
export function readVariables(pairs: readonly string[]): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (eq < 0 || !VARIABLE_NAME.test(name)) throw new UsageError(`--var takes NAME=VALUE with a variable name (letters, digits, _ . -), not "${pair}"`);
    out.set(name, pair.slice(eq + 1));
  }
  return out;
}

/** `--timeout SECONDS` in milliseconds; undefined when not given. */
export function readTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!(Number.isFinite(seconds) && seconds > 0)) throw new UsageError(`--timeout must be a number of seconds, not "${text}"`);
  return Math.round(seconds * 1000);
}

/** The flags of `send` and `test` that say where secrets and files may come from (runContext.ts `RunAccess`). */
export const ACCESS_FLAGS = { valued: ['--env-dir'], repeated: ['--allow-file'], switches: ['--allow-files-outside'] } as const;

/** `--env-dir`, `--allow-file …` and `--allow-files-outside` from read arguments (paths as given). */
export function readAccess(read: ReadArguments): { envDir?: string; allowFiles: readonly string[]; allowFilesOutside: boolean } {
  return {
    ...(read.values.has('--env-dir') ? { envDir: read.values.get('--env-dir') } : {}),
    allowFiles: read.repeated.get('--allow-file') ?? [],
    allowFilesOutside: read.switches.has('--allow-files-outside'),
  };
}
