/**
 * Completion items for flow lines (spec §10): capture paths and assertion subjects, assertion operators
 * and expected values, and directive names.
 */

import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver-types';
import type { AssertionOperator, OutcomePath } from '../parser/kreqNodes';
import type { KalturaSchema } from '../schema/schemaIndex';
import type { ActionDef, TypeRef } from '../schema/schemaModel';
import { operatorsFor, subjectKind, takesExpected, type SubjectKind } from '../flow/assertions';
import type { OutcomeSubject } from '../flow/outcomePath';
import { callFacts, markdown, sortIndex, SUGGEST_AGAIN, type ContextOf, type DraftItem } from './completionItems';
import type { CursorScope } from './completionContext';
import { outcomeSubjectOf } from './flowFacts';
import { isClassType } from './keyResolution';
import { typeLabel } from './resultPath';
import { boolItems, enumItems, pathItems, typeAfter } from './completionValueItems';

/** The action of the call the cursor's line belongs to. */
function actionOf(schema: KalturaSchema | undefined, scope: CursorScope): ActionDef | undefined {
  return schema && scope.call ? callFacts(schema, scope).action : undefined;
}

function isContainer(type: TypeRef): boolean {
  return type.type === 'array' || type.type === 'map' || isClassType(type);
}

/** `result` and `error`: with `:` (and the next level suggested) when a path must or usually goes on. */
function rootItems(action: ActionDef | undefined, continues: boolean): DraftItem[] {
  const result = action?.result;
  const resultGoesOn = !continues && !!result && isContainer(result);
  return [
    {
      label: 'result',
      kind: CompletionItemKind.Keyword,
      detail: result ? typeLabel(result) : action ? 'nothing: the action returns nothing' : "the call's result",
      documentation: markdown("The call's result, when it succeeds; `:`-segments walk into it as in a dependency token."),
      sortText: '0',
      ...(resultGoesOn ? { newText: 'result:', command: SUGGEST_AGAIN } : { newText: 'result' }),
    },
    {
      label: 'error',
      kind: CompletionItemKind.Keyword,
      detail: 'the API error, when the call fails',
      documentation: markdown('`error:code` (`ENTRY_ID_NOT_FOUND`) or `error:message`.'),
      sortText: '1',
      ...(continues ? { newText: 'error' } : { newText: 'error:', command: SUGGEST_AGAIN }),
    },
  ];
}

function errorFieldItems(): DraftItem[] {
  return [
    { label: 'code', kind: CompletionItemKind.Property, detail: 'string — the error code, e.g. ENTRY_ID_NOT_FOUND', sortText: '0', newText: 'code' },
    { label: 'message', kind: CompletionItemKind.Property, detail: "string — the error's message", sortText: '1', newText: 'message' },
  ];
}

/** The root of a capture path or an assertion subject, then its segments as in a dependency token. */
export function outcomePathItems(schema: KalturaSchema | undefined, ctx: ContextOf<'outcomePath'>): DraftItem[] {
  const action = actionOf(schema, ctx.scope);
  if (!ctx.root) return rootItems(action, ctx.continues);
  if (ctx.root === 'error') return ctx.segments.length === 0 ? errorFieldItems() : [];
  if (!schema || !action?.result) return [];
  const type = typeAfter(schema, action.result, ctx.segments);
  return type ? pathItems(schema, type, ctx.continues) : [];
}

const OPERATOR_DETAIL: Readonly<Record<AssertionOperator, string>> = {
  '==': 'equals (an enum takes a name or a value)',
  '!=': 'differs from',
  '<': 'less than (numbers, times)',
  '<=': 'at most (numbers, times)',
  '>': 'greater than (numbers, times)',
  '>=': 'at least (numbers, times)',
  contains: 'holds the text (strings, comma lists) or the item (arrays of scalars)',
  startsWith: 'starts with the text',
  matches: 'matches /regex/flags (RE2 syntax; flags i, m, s)',
  exists: 'has a value',
  '!exists': 'has no value',
};

function subjectOf(schema: KalturaSchema | undefined, scope: CursorScope, path: OutcomePath): OutcomeSubject | undefined {
  return outcomeSubjectOf(schema, scope.call, path);
}

function isErrorCode(path: OutcomePath): boolean {
  return path.root.value === 'error' && path.segments.length === 1 && path.segments[0].text === 'code';
}

/** Whether the expected value of `==` on this subject has items to offer (so suggesting again helps). */
function offersExpected(kind: SubjectKind, hasEnum: boolean, path: OutcomePath): boolean {
  return hasEnum || kind === 'bool' || isErrorCode(path);
}

/** The operators that apply to the subject's type, in the order of `operatorsFor`. */
export function operatorItems(schema: KalturaSchema | undefined, ctx: ContextOf<'assertionOperator'>): DraftItem[] {
  const { kind, enumDef } = subjectKind(schema, subjectOf(schema, ctx.scope, ctx.subject));
  const again = offersExpected(kind, !!enumDef, ctx.subject);
  return operatorsFor(kind).map((op, i): DraftItem => ({
    label: op,
    kind: CompletionItemKind.Operator,
    detail: OPERATOR_DETAIL[op],
    sortText: sortIndex(i),
    ...(ctx.continues || !takesExpected(op) ? { newText: op } : { newText: `${op} `, ...(again && (op === '==' || op === '!=') ? { command: SUGGEST_AGAIN } : {}) }),
  }));
}

/** Error codes for `error:code`: those the action throws first, then every other error of the schema. */
function errorCodeItems(schema: KalturaSchema, action: ActionDef | undefined): DraftItem[] {
  const thrown = action?.throws ?? [];
  const items = thrown.map((name, i): DraftItem => ({
    label: name,
    labelDetails: { description: `${action?.name ?? ''} throws it` },
    kind: CompletionItemKind.EnumMember,
    detail: schema.error(name)?.message,
    sortText: `0${sortIndex(i)}`,
    newText: name,
  }));
  const known = new Set(thrown);
  for (const e of schema.data.errors) {
    if (known.has(e.code)) continue;
    known.add(e.code);
    items.push({ label: e.code, kind: CompletionItemKind.EnumMember, detail: e.message, sortText: `1${e.code}`, newText: e.code });
  }
  return items;
}

/** Expected values of `==` / `!=`: enum const names (assertions read and show names), `true`/`false`, error codes. */
export function expectedItems(schema: KalturaSchema | undefined, ctx: ContextOf<'assertionExpected'>): DraftItem[] {
  if (!schema || (ctx.operator !== '==' && ctx.operator !== '!=')) return [];
  if (isErrorCode(ctx.subject)) return errorCodeItems(schema, actionOf(schema, ctx.scope));
  const { kind, enumDef } = subjectKind(schema, subjectOf(schema, ctx.scope, ctx.subject));
  if (enumDef) return enumItems(enumDef).map((item) => ({ ...item, newText: item.label }));
  return kind === 'bool' ? boolItems() : [];
}

const DIRECTIVES: readonly { name: string; detail: string; documentation: string; snippet?: string }[] = [
  {
    name: 'poll',
    detail: 'send the block again until its assertions hold',
    documentation: '`# @poll every <duration> for <duration>`: waits between tries and gives up after the second duration (`500ms`, `5s`, `2m`, `1h`).',
    snippet: 'poll every ${1:5s} for ${2:10m}',
  },
  { name: 'prompt', detail: 'ask for a variable before sending', documentation: '`# @prompt name [description]`: asks for `{{name}}` (masked when the name holds `secret`, `password` or `token`).' },
  { name: 'name', detail: 'a stable name for test reports', documentation: '`# @name text`: names the block in test reports and the test explorer instead of its title.' },
];

/** Directive names after `# @`; `@poll` comes with its arguments as a snippet. */
export function directiveItems(ctx: ContextOf<'directive'>): DraftItem[] {
  return DIRECTIVES.map(({ name, detail, documentation, snippet }, i): DraftItem => ({
    label: name,
    kind: CompletionItemKind.Keyword,
    detail,
    documentation: markdown(documentation),
    sortText: String(i),
    ...(ctx.continues ? { newText: name } : snippet ? { newText: snippet, insertTextFormat: InsertTextFormat.Snippet } : { newText: `${name} ` }),
  }));
}
