/**
 * Assertions (`?? subject operator expected`): which operators and expected values fit a subject's type
 * (checked before sending), and the evaluation of one assertion on a call's outcome. `matches` uses RE2
 * (re2js), whose matching time is linear: no regex can hang kreq.
 */

import type * as Re2Module from 're2js';
import type { RE2JS } from 're2js';
import type { AssertionLine, AssertionOperator, Span } from '../parser/kreqNodes';
import type { KalturaSchema } from '../schema/schemaIndex';
import type { EnumDef } from '../schema/schemaModel';
import { isClassType } from '../features/keyResolution';
import { scalarText, valueAtPath, type CallOutcome, type OutcomeSubject } from './outcomePath';

/** The kinds of subject operators are chosen by. `any`: the type is not known (no schema, unknown action). */
export type SubjectKind = 'number' | 'enum' | 'bool' | 'string' | 'scalarArray' | 'array' | 'object' | 'any';

const OPERATORS_BY_KIND: Readonly<Record<SubjectKind, readonly AssertionOperator[]>> = {
  number: ['==', '!=', '<', '<=', '>', '>=', 'exists', '!exists'],
  enum: ['==', '!=', 'exists', '!exists'],
  bool: ['==', '!=', 'exists', '!exists'],
  string: ['==', '!=', 'contains', 'startsWith', 'matches', 'exists', '!exists'],
  scalarArray: ['contains', 'exists', '!exists'],
  array: ['exists', '!exists'],
  object: ['exists', '!exists'],
  any: ['==', '!=', '<', '<=', '>', '>=', 'contains', 'startsWith', 'matches', 'exists', '!exists'],
};

const NUMBER_TYPES = new Set(['int', 'float', 'bigint']);
const NUMBER = /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/;
const BOOL_TEXT = new Map([['true', true], ['false', false], ['1', true], ['0', false]]);
const REGEX_LITERAL = /^\/(.*)\/([a-z]*)$/s;
let re2: typeof RE2JS | undefined;

/** RE2, loaded on the first regex: most documents have none, and the server should not pay for it at start-up. */
function loadRe2(): typeof RE2JS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  re2 ??= (require('re2js') as typeof Re2Module).RE2JS;
  return re2;
}

function regexFlag(flag: string): number | undefined {
  const r = loadRe2();
  return flag === 'i' ? r.CASE_INSENSITIVE : flag === 'm' ? r.MULTILINE : flag === 's' ? r.DOTALL : undefined;
}

/** The subject's kind and, for enums, its enum. */
export function subjectKind(schema: KalturaSchema | undefined, subject: OutcomeSubject | undefined): { kind: SubjectKind; enumDef?: EnumDef } {
  if (!subject) return { kind: 'any' };
  if (subject.root === 'error' || subject.joined) return { kind: 'string' };
  const t = subject.type;
  if (t.enumType) {
    const e = schema?.enum(t.enumType);
    if (e?.enumType === 'string') return { kind: 'string', enumDef: e };
    return e ? { kind: 'enum', enumDef: e } : { kind: 'any' };
  }
  if (NUMBER_TYPES.has(t.type)) return { kind: 'number' };
  if (t.type === 'bool') return { kind: 'bool' };
  if (t.type === 'string') return { kind: 'string' };
  if (t.type === 'array') return { kind: t.arrayType && !isClassType({ type: t.arrayType }) ? 'scalarArray' : 'array' };
  if (t.type === 'map' || isClassType(t)) return { kind: 'object' };
  return { kind: 'any' };
}

/** The operators that apply to a subject kind (completion offers these). */
export function operatorsFor(kind: SubjectKind): readonly AssertionOperator[] {
  return OPERATORS_BY_KIND[kind];
}

export function takesExpected(operator: AssertionOperator): boolean {
  return operator !== 'exists' && operator !== '!exists';
}

export type CompiledRegex = { readonly ok: true; readonly regex: RE2JS } | { readonly ok: false; readonly message: string };

/** `/pattern/flags` (flags `i`, `m`, `s`) compiled with RE2, or why not. */
export function compileRegex(text: string): CompiledRegex {
  const m = REGEX_LITERAL.exec(text);
  if (!m) return { ok: false, message: '`matches` takes `/regex/flags`, e.g. `/^0_[a-z0-9]+$/i`' };
  let flags = 0;
  for (const f of m[2]) {
    const bit = regexFlag(f);
    if (bit === undefined) return { ok: false, message: `\`${f}\` is not a regex flag kreq takes (\`i\`, \`m\`, \`s\`)` };
    flags |= bit;
  }
  try {
    return { ok: true, regex: loadRe2().compile(m[1], flags) };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { ok: false, message: `bad regex \`${m[0]}\`: ${reason} (kreq uses RE2 syntax: no backreferences or lookaround)` };
  }
}

/** An enum const by name or value (a value wins, as the server reads values first). */
export function enumConst(e: EnumDef, text: string) {
  return e.consts.find((c) => c.value === text) ?? e.consts.find((c) => c.name === text);
}

export interface AssertionProblem {
  readonly span: Span;
  readonly message: string;
}

/** What is wrong with the operator and the expected value for this subject (`assertion-bad-value`), or undefined. */
export function checkAssertion(schema: KalturaSchema | undefined, subject: OutcomeSubject | undefined, line: AssertionLine): AssertionProblem | undefined {
  const { kind, enumDef } = subjectKind(schema, subject);
  const op = line.operator.value;
  const allowed = operatorsFor(kind);
  if (!allowed.includes(op)) {
    const what = kind === 'scalarArray' || kind === 'array' ? 'an array' : kind === 'object' ? 'an object' : kind === 'enum' ? `an enum (${enumDef?.name})` : `a ${kind}`;
    return { span: line.operator, message: `\`${op}\` does not apply to \`${line.subject.text}\`, ${what}: use ${allowed.map((o) => `\`${o}\``).join(', ')}.` };
  }
  const expected = line.expected;
  if (!takesExpected(op)) return expected ? { span: expected, message: `\`${op}\` takes no expected value.` } : undefined;
  if (!expected) return { span: line.operator, message: `\`${op}\` needs an expected value after it.` };
  if (expected.parts.length > 0) return undefined;
  const text = expected.content;
  if (op === 'matches') {
    // The content, as the engine evaluates it: a quoted `"/a b/"` is the regex `/a b/`.
    const compiled = compileRegex(text);
    return compiled.ok ? undefined : { span: expected, message: compiled.message + '.' };
  }
  if (op === 'contains' || op === 'startsWith') return undefined;
  if (kind === 'number' && !NUMBER.test(text)) return { span: expected, message: `\`${text}\` is not a number (\`${line.subject.text}\` is one).` };
  if (kind === 'bool' && !BOOL_TEXT.has(text)) return { span: expected, message: `\`${text}\` is not \`true\` or \`false\`.` };
  if (kind === 'enum' || (kind === 'string' && enumDef && (op === '==' || op === '!='))) {
    if (enumDef && !enumConst(enumDef, text)) {
      const shown = enumDef.consts.slice(0, 8).map((c) => c.name).join(', ');
      return { span: expected, message: `\`${text}\` is not a name or value of \`${enumDef.name}\`: ${shown}${enumDef.consts.length > 8 ? ', …' : ''}.` };
    }
  }
  return undefined;
}

export interface AssertionOutcome {
  readonly line: AssertionLine;
  readonly ok: boolean;
  /** The subject's value as shown (enum names), `(none)` when absent. */
  readonly actual: string;
  /** The expected value as shown (enum names), when the operator takes one. */
  readonly expected?: string;
  /** `status == READY (was PENDING)`, `status == READY`. */
  readonly message: string;
}

function shownSubject(line: AssertionLine): string {
  return line.subject.root.value === 'result' && line.subject.segments.length > 0 ? line.subject.text.slice('result:'.length) : line.subject.text;
}

function enumName(e: EnumDef | undefined, text: string): string {
  const c = e && enumConst(e, text);
  return c ? c.name : text;
}

function compare(op: AssertionOperator, actual: unknown, expected: string, kind: SubjectKind, enumDef: EnumDef | undefined): boolean {
  const actualText = scalarText(actual);
  switch (op) {
    case '==':
    case '!=': {
      let same: boolean;
      if (typeof actual === 'boolean' || kind === 'bool') same = BOOL_TEXT.get(actualText) === BOOL_TEXT.get(expected) && BOOL_TEXT.has(expected);
      else if (enumDef) same = actualText === (enumConst(enumDef, expected)?.value ?? expected);
      else if (typeof actual === 'number' && NUMBER.test(expected)) same = actual === Number(expected);
      else same = actualText === expected;
      return op === '==' ? same : !same;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const a = Number(actualText);
      const b = Number(expected);
      if (actualText === '' || !Number.isFinite(a) || !NUMBER.test(expected)) return false;
      return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
    }
    case 'contains':
      return Array.isArray(actual) ? actual.some((item) => scalarText(item) === expected) : actualText.includes(expected);
    case 'startsWith':
      return actualText.startsWith(expected);
    case 'matches': {
      const compiled = compileRegex(expected);
      return compiled.ok && compiled.regex.matcher(actualText).find();
    }
    default:
      return false;
  }
}

/**
 * Evaluates one assertion. `subject` is the static typing of its subject (undefined without a schema);
 * `expectedText` is the expected value with its variables replaced (the engine resolves them).
 */
export function evaluateAssertion(
  schema: KalturaSchema | undefined,
  subject: OutcomeSubject | undefined,
  line: AssertionLine,
  outcome: CallOutcome,
  expectedText: string | undefined,
): AssertionOutcome {
  const { kind, enumDef } = subjectKind(schema, subject);
  const op = line.operator.value;
  const at = valueAtPath(outcome, line.subject);
  const name = shownSubject(line);
  const actual = at.found ? (enumDef ? enumName(enumDef, scalarText(at.value)) : Array.isArray(at.value) || (at.value && typeof at.value === 'object') ? JSON.stringify(at.value) : scalarText(at.value)) : '(none)';
  if (op === 'exists' || op === '!exists') {
    const ok = op === 'exists' ? at.found : !at.found;
    const was = at.found ? `was ${clip(actual)}` : at.reason;
    return { line, ok, actual, message: ok ? `${name} ${op}` : `${name} ${op} (${was})` };
  }
  const expectedRaw = expectedText ?? '';
  const expected = enumDef && op !== 'matches' ? enumName(enumDef, expectedRaw) : expectedRaw;
  const head = `${name} ${op} ${clip(expected)}`;
  if (!at.found) return { line, ok: false, actual, expected, message: `${head} (${at.reason})` };
  const ok = compare(op, at.value, expectedRaw, kind, enumDef);
  return { line, ok, actual, expected, message: ok ? head : `${head} (was ${clip(actual)})` };
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}
