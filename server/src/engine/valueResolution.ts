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

/** Same shapes the parser accepts (valueScanner.ts): `{{` to the first `}}`, holding a name, `$timestamp`, `$uuid`,
 *  `$env NAME` or `$dotenv NAME`. Each test runs on one `{{…}}`'s inside only, anchored, so a value is read in one pass. */
const ENV_VARIABLE = /^\$(env|dotenv)\s+(\S+)$/;
const NAME = /^[^\s{}]+$/;
/** Sticky: tried at one `<`; what follows `result` is found with `indexOf` (a `(:[^>]*)?>` rescanned to the end from each `<`). */
const ANGLE_TOKEN_START = /<([0-9]+):result/y;
/** Nesting allowed for variables whose values use variables. */
export const MAX_VARIABLE_DEPTH = 8;
/** The most characters one value may expand to (a chain of variables each using the previous one twice doubles per step). */
export const MAX_EXPANDED_LENGTH = 10 * 1024 * 1024;

/** Expansion of one value: the problems found, each variable's expansion once (unless it holds `$uuid`/`$timestamp`). */
interface Expansion {
  readonly scope: VariableScope;
  readonly problems: Set<string>;
  readonly memo: Map<string, { text: string; volatile: boolean }>;
  /** Set when the value grew past MAX_EXPANDED_LENGTH: expansion stops. */
  tooLong?: string;
}

/** Replaces the `{{…}}` of `text`; `volatile` when a `$uuid` or `$timestamp` was used (its expansion is not reused). */
function substitute(text: string, ex: Expansion, seen: readonly string[]): { text: string; volatile: boolean } {
  if (!text.includes('{{')) return { text, volatile: false };
  const out: string[] = [];
  let length = 0;
  let volatile = false;
  let at = 0;
  const push = (piece: string): void => {
    out.push(piece);
    length += piece.length;
    if (length > MAX_EXPANDED_LENGTH && !ex.tooLong) {
      const chain = seen.length > 0 ? ` (through ${seen.map((n) => `{{${n}}}`).join(' → ')})` : '';
      ex.tooLong = `Variable expansion is too large: \`{{${seen[0] ?? '…'}}}\`${chain} expands to more than ${MAX_EXPANDED_LENGTH / (1024 * 1024)} MB. Check for variables that use each other several times.`;
    }
  };
  while (at < text.length && !ex.tooLong) {
    const open = text.indexOf('{{', at);
    const close = open < 0 ? -1 : text.indexOf('}}', open + 2);
    if (close < 0) break;
    push(text.slice(at, open));
    const whole = text.slice(open, close + 2);
    const replaced = replacement(whole.slice(2, -2).trim(), ex, seen);
    if (replaced === undefined) push(whole);
    else {
      volatile ||= replaced.volatile;
      push(replaced.text);
    }
    at = close + 2;
  }
  if (ex.tooLong) return { text: '', volatile };
  if (at < text.length) push(text.slice(at));
  return { text: out.join(''), volatile };
}

/** The text for one `{{inner}}`; undefined to leave it as written (a problem is recorded when it is an error). */
function replacement(inner: string, ex: Expansion, seen: readonly string[]): { text: string; volatile: boolean } | undefined {
  const scope = ex.scope;
  const problems = ex.problems;
  const env = ENV_VARIABLE.exec(inner);
  if (env) {
    const name = env[2];
    const value = env[1] === 'dotenv' ? scope.dotenv?.get(name) : scope.processEnv[name];
    if (value === undefined) {
      problems.add(
        env[1] === 'dotenv'
          ? `\`${name}\` is not in a .env file (used as \`{{$dotenv ${name}}}\`): no .env was found from this file's folder up, or it does not define it.`
          : `Environment variable \`${name}\` is not set (used as \`{{$env ${name}}}\`).`,
      );
      return undefined;
    }
    return { text: value, volatile: false };
  }
  if (inner === '$timestamp') return { text: String(Math.floor(scope.now() / 1000)), volatile: true };
  if (inner === '$uuid') return { text: scope.uuid(), volatile: true };
  if (inner.startsWith('$') || !NAME.test(inner)) return undefined;
  if (seen.includes(inner)) {
    problems.add(`Variable \`{{${inner}}}\` refers to itself (${[...seen, inner].join(' → ')}).`);
    return undefined;
  }
  if (seen.length >= MAX_VARIABLE_DEPTH) {
    problems.add(`Variable \`{{${seen[0]}}}\` nests variables more than ${MAX_VARIABLE_DEPTH} deep (${[...seen, inner].join(' → ')}).`);
    return undefined;
  }
  const literal = scope.overrides?.get(inner) ?? (scope.fileVariables.has(inner) ? undefined : scope.captured?.get(inner));
  if (literal !== undefined) return { text: literal, volatile: false };
  const value = scope.fileVariables.get(inner) ?? scope.environmentVariables.get(inner);
  if (value === undefined) {
    if (scope.capturable?.has(inner)) {
      problems.add(`\`{{${inner}}}\` has no value yet: it is captured by ${scope.capturable.get(inner)}; send that block first.`);
      return undefined;
    }
    problems.add(`Undefined variable \`{{${inner}}}\`: define \`@${inner} = …\` in this file or \`"${inner}"\` in the environment (kreq.env.json).`);
    return undefined;
  }
  const known = ex.memo.get(inner);
  if (known) return known;
  const expanded = substitute(value, ex, [...seen, inner]);
  if (!expanded.volatile) ex.memo.set(inner, expanded);
  return expanded;
}

/** Replaces every `{{…}}` in `text`; an undefined one stays as written and is reported. A value that would expand
 *  past MAX_EXPANDED_LENGTH comes back empty, with one problem naming the variable. */
export function substituteVariables(text: string, scope: VariableScope): Substitution {
  const ex: Expansion = { scope, problems: new Set(), memo: new Map() };
  const out = substitute(text, ex, []);
  if (ex.tooLong) return { text: '', problems: [ex.tooLong] };
  return { text: out.text, problems: [...ex.problems] };
}

/** `<N:result:…>` → `{N:result:…}`, the only form the server reads: `<N:result` followed by `>` or by `:` and anything
 *  up to the first `>`. One pass: the next `>` is remembered, not looked for again from every `<`. */
export function curlyTokens(text: string): string {
  if (!text.includes('<')) return text;
  const out: string[] = [];
  let copied = 0;
  let nextClose = -2;
  for (let at = text.indexOf('<'); at >= 0; at = text.indexOf('<', at + 1)) {
    ANGLE_TOKEN_START.lastIndex = at;
    const start = ANGLE_TOKEN_START.exec(text);
    if (!start) continue;
    const after = at + start[0].length;
    if (text[after] !== '>' && text[after] !== ':') continue;
    if (nextClose !== -1 && nextClose < after) nextClose = text.indexOf('>', after);
    if (nextClose < 0) break;
    out.push(text.slice(copied, at), `{${start[1]}:result${text.slice(after, nextClose)}}`);
    copied = nextClose + 1;
    at = nextClose;
  }
  if (copied === 0) return text;
  out.push(text.slice(copied));
  return out.join('');
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
