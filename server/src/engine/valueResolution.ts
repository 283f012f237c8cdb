/** Turns written keys and values into wire text: `{{variables}}`, built-ins, enum names → values, `<N:result…>` → `{N:result…}`. */

import type { EnumDef, KalturaSchema, TypeRef } from '../language/index';

/** Where `{{name}}` is looked up: file variables, then the environment; built-ins apart. */
export interface VariableScope {
  /** File variables as written (they may use other variables), last definition winning. */
  readonly fileVariables: ReadonlyMap<string, string>;
  readonly environmentVariables: ReadonlyMap<string, string>;
  /** Captured values (spec §10.1): used as they are (no further substitution). */
  readonly captured?: ReadonlyMap<string, string>;
  /** `--var` values and prompt answers: above every other variable, used as they are. */
  readonly overrides?: ReadonlyMap<string, string>;
  readonly processEnv: NodeJS.ProcessEnv;
  /** The nearest `.env` file's values, for `{{$dotenv NAME}}`. */
  readonly dotenv?: ReadonlyMap<string, string>;
  /** Names captured somewhere in the file → where (`block 1, line 7`), for a clear message when one has no value yet. */
  readonly capturable?: ReadonlyMap<string, string>;
  /** Milliseconds. */
  readonly now: () => number;
  readonly uuid: () => string;
}

export interface Substitution {
  readonly text: string;
  /** Why some `{{…}}` could not be replaced, in words (each once). */
  readonly problems: readonly string[];
}

/** Same shapes the parser accepts (valueScanner.ts): a name, `$timestamp`, `$uuid`, `$env NAME`, `$dotenv NAME`. */
const VARIABLE = /\{\{\s*(\$(?:env|dotenv)\s+\S+?|[^\s{}]+)\s*\}\}/g;
const ANGLE_TOKEN = /<([0-9]+):result(:[^>]*)?>/g;
/** Nesting allowed for variables whose values use variables (a deeper chain is taken for a cycle). */
const MAX_DEPTH = 8;

function substitute(text: string, scope: VariableScope, depth: number, seen: readonly string[], problems: Set<string>): string {
  if (!text.includes('{{')) return text;
  return text.replace(VARIABLE, (whole, inner: string) => {
    if (inner.startsWith('$dotenv')) {
      const name = inner.slice(7).trim();
      const value = scope.dotenv?.get(name);
      if (value === undefined) problems.add(`\`${name}\` is not in a .env file (used as \`{{$dotenv ${name}}}\`): no .env was found from this file's folder up, or it does not define it.`);
      return value ?? whole;
    }
    if (inner.startsWith('$env')) {
      const name = inner.slice(4).trim();
      const value = scope.processEnv[name];
      if (value === undefined) problems.add(`Environment variable \`${name}\` is not set (used as \`{{$env ${name}}}\`).`);
      return value ?? whole;
    }
    if (inner === '$timestamp') return String(Math.floor(scope.now() / 1000));
    if (inner === '$uuid') return scope.uuid();
    if (inner.startsWith('$')) return whole;
    if (seen.includes(inner) || depth >= MAX_DEPTH) {
      problems.add(`Variable \`{{${inner}}}\` refers to itself (${[...seen, inner].join(' → ')}).`);
      return whole;
    }
    const literal = scope.overrides?.get(inner) ?? (scope.fileVariables.has(inner) ? undefined : scope.captured?.get(inner));
    if (literal !== undefined) return literal;
    const fromFile = scope.fileVariables.get(inner);
    const value = fromFile ?? scope.environmentVariables.get(inner);
    if (value === undefined) {
      if (scope.capturable?.has(inner)) {
        problems.add(`\`{{${inner}}}\` has no value yet: it is captured by ${scope.capturable.get(inner)}; send that block first.`);
        return whole;
      }
      problems.add(`Undefined variable \`{{${inner}}}\`: define \`@${inner} = …\` in this file or \`"${inner}"\` in the environment (kreq.env.json).`);
      return whole;
    }
    return substitute(value, scope, depth + 1, [...seen, inner], problems);
  });
}

/** Replaces every `{{…}}` in `text`; an undefined one stays as written and is reported. */
export function substituteVariables(text: string, scope: VariableScope): Substitution {
  const problems = new Set<string>();
  const out = substitute(text, scope, 0, [], problems);
  return { text: out, problems: [...problems] };
}

/** `<N:result:…>` → `{N:result:…}`, the only form the server reads. */
export function curlyTokens(text: string): string {
  return text.includes('<') ? text.replace(ANGLE_TOKEN, (_whole, n: string, path: string | undefined) => `{${n}:result${path ?? ''}}`) : text;
}

/** True when the text holds a `{N:result…}` dependency token. */
export function hasDependencyToken(text: string): boolean {
  return /\{[0-9]+:result/.test(text);
}

/** For a value of an enum-typed key: a const's value stays; else a const's name becomes its value; else as written. */
export function enumWireValue(schema: KalturaSchema | undefined, type: TypeRef | undefined, text: string): string {
  if (!schema || !type?.enumType) return text;
  const e: EnumDef | undefined = schema.enum(type.enumType);
  if (!e || e.consts.some((c) => c.value === text)) return text;
  return e.consts.find((c) => c.name === text)?.value ?? text;
}
