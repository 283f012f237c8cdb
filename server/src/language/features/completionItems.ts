/**
 * Completion items for the names on the left of a line: services, actions, parameter keys and
 * nested property keys. Items carry the text they insert; `completion.ts` turns that into an edit.
 */

import { CompletionItemKind, CompletionItemTag, type Command, type CompletionItem } from 'vscode-languageserver-types';
import type { KalturaSchema } from '../schema/schemaIndex';
import type { ActionDef, ParamDef, TypeRef } from '../schema/schemaModel';
import type { CompletionContext, CursorScope } from './completionContext';
import { classInForce, isClassType, objectTypesOf, propertiesInForce, RESERVED_KEYS, resolveKey } from './keyResolution';
import { typeLabel } from './resultPath';

/** An item before its edit is built: `newText` replaces the context's range. */
export interface DraftItem extends Omit<CompletionItem, 'textEdit' | 'insertText' | 'textEditText'> {
  readonly newText: string;
}

export type ContextOf<K extends CompletionContext['kind']> = Extract<CompletionContext, { kind: K }>;

/**
 * Opens the suggest widget again after an item that wrote a separator (`media.`, `filter:`, `key = `): the next
 * level's list. `auto: true` opens it as typing would, so `editor.acceptSuggestionOnEnter: smart` still holds in
 * it: Enter after a name typed in full (`get`) opens a new line instead of accepting the name again.
 */
export const SUGGEST_AGAIN: Command = { command: 'editor.action.triggerSuggest', title: 'Suggest', arguments: [{ auto: true }] };

export function markdown(value: string): CompletionItem['documentation'] {
  return value ? { kind: 'markdown', value } : undefined;
}

export function deprecatedTag(deprecated: boolean | undefined): Pick<CompletionItem, 'tags'> {
  return deprecated ? { tags: [CompletionItemTag.Deprecated] } : {};
}

/** A number as a fixed-width sort key. */
export function sortIndex(n: number): string {
  return String(n).padStart(5, '0');
}

/** What the call around the cursor is and what it already holds (the cursor's own line excluded). */
export interface CallFacts {
  readonly action?: ActionDef;
  readonly objectTypes: ReadonlyMap<string, string>;
  /** Full key texts written. */
  readonly writtenKeys: ReadonlySet<string>;
}

export function callFacts(schema: KalturaSchema, scope: CursorScope): CallFacts {
  const lines = scope.call?.params ?? scope.block?.commonParams ?? [];
  const params = lines.filter((p) => p.start !== scope.line.start);
  let action: ActionDef | undefined;
  const callLine = scope.call?.line;
  if (callLine?.action) {
    const service = schema.service(callLine.service.text);
    action = service && schema.action(service, callLine.action.text);
  }
  return { action, objectTypes: objectTypesOf(params), writtenKeys: new Set(params.map((p) => p.key.text)) };
}

/** Objects, arrays and maps take sub-keys (or path segments), so a `:` must follow their name. */
export function isContainer(type: TypeRef): boolean {
  return type.type === 'array' || type.type === 'map' || isClassType(type);
}

/**
 * How a key item continues (the typing rule, see `completionSeparators.ts`): the name and the separator that must
 * follow it, `name:` into an object, array or map, `name = ` (`name = @` for a file) for a value, then the next
 * list; only the name when the separator is already there (`continues`).
 */
function keyInsertion(name: string, type: TypeRef, continues: boolean): Pick<DraftItem, 'newText' | 'command'> {
  if (continues) return { newText: name };
  if (isContainer(type)) return { newText: `${name}:`, command: SUGGEST_AGAIN };
  if (type.type === 'file') return { newText: `${name} = @`, command: SUGGEST_AGAIN };
  return { newText: `${name} = `, command: SUGGEST_AGAIN };
}

export function serviceItems(schema: KalturaSchema, ctx: ContextOf<'service'> | ContextOf<'key'>, group: string): DraftItem[] {
  const dotFollows = ctx.kind === 'service' && ctx.dotFollows;
  return schema.data.services.map((service): DraftItem => {
    const name = schema.serviceDisplayName(service);
    return {
      label: name,
      kind: CompletionItemKind.Module,
      detail: service.description.trim() || undefined,
      sortText: `${group}${service.deprecated ? 1 : 0}${name.toLowerCase()}`,
      ...deprecatedTag(service.deprecated),
      ...(dotFollows ? { newText: name } : { newText: `${name}.`, command: SUGGEST_AGAIN }),
    };
  });
}

function paramSummary(action: ActionDef): string {
  if (action.params.length === 0) return 'No parameters.';
  return action.params
    .map((p) => `- \`${p.name}\`: ${typeLabel(p)}${p.optional ? '' : ' (required)'}${p.description ? ` — ${p.description}` : ''}`)
    .join('\n');
}

/** The actions people call most, ranked first in this order; the rest follow alphabetically. */
const FREQUENT_ACTIONS = ['list', 'get', 'add', 'update', 'delete'];

/** `0` + the rank of a frequent action, else `1` + the name: `list` and `get` lead, then `addContent`, `approve`, … */
export function actionRank(name: string): string {
  const frequent = FREQUENT_ACTIONS.indexOf(name);
  return frequent >= 0 ? `0${frequent}` : `1${name.toLowerCase()}`;
}

export function actionItems(schema: KalturaSchema, ctx: ContextOf<'action'>): DraftItem[] {
  const service = schema.service(ctx.serviceName);
  if (!service) return [];
  return service.actions.map((action): DraftItem => {
    const alias = action.actionAlias ? `\n\n(added by a plugin: \`${action.actionAlias}\`)` : '';
    return {
      label: action.name,
      kind: CompletionItemKind.Method,
      detail: action.result ? `→ ${typeLabel(action.result)}` : '→ nothing',
      documentation: markdown(`${action.description.trim()}${alias}\n\n${paramSummary(action)}`.trim()),
      sortText: `${action.deprecated ? 1 : 0}${actionRank(action.name)}`,
      newText: action.name,
      ...deprecatedTag(action.deprecated),
    };
  });
}

function paramItem(param: ParamDef, index: number, continues: boolean): DraftItem {
  const required = !param.optional && param.type !== 'array' && param.type !== 'map';
  return {
    label: param.name,
    labelDetails: { detail: required ? ' (required)' : undefined, description: typeLabel(param) },
    kind: CompletionItemKind.Field,
    detail: typeLabel(param),
    documentation: markdown(`${param.description}${param.default !== undefined ? `\n\nDefault: \`${param.default}\`` : ''}`.trim()),
    sortText: `${required ? 0 : 1}${sortIndex(index)}`,
    ...deprecatedTag(param.deprecated),
    ...keyInsertion(param.name, param, continues),
  };
}

function reservedItems(continues: boolean, written: ReadonlySet<string>): DraftItem[] {
  const items: DraftItem[] = [];
  let index = 0;
  for (const [name, { type, description }] of RESERVED_KEYS) {
    index++;
    if (written.has(name) && !isContainer(type)) continue;
    items.push({
      label: name,
      labelDetails: { description: 'request' },
      kind: CompletionItemKind.Keyword,
      detail: `${typeLabel(type)} — reserved request key`,
      documentation: markdown(description),
      sortText: `2${sortIndex(index)}`,
      ...keyInsertion(name, type, continues),
    });
  }
  return items;
}

function topLevelKeyItems(facts: CallFacts, ctx: ContextOf<'key'>): DraftItem[] {
  const items: DraftItem[] = [];
  facts.action?.params.forEach((p, i) => {
    if (!facts.writtenKeys.has(p.name) || isContainer(p)) items.push(paramItem(p, i, ctx.continues));
  });
  return items.concat(reservedItems(ctx.continues, facts.writtenKeys));
}

/** Array indexes under `path`: the next free one first, then those already written. */
function indexItems(facts: CallFacts, path: string, type: TypeRef, continues: boolean): DraftItem[] {
  const used = new Set<number>();
  const prefix = `${path}:`;
  for (const key of facts.writtenKeys) {
    if (!key.startsWith(prefix)) continue;
    const segment = /^[0-9]+/.exec(key.slice(prefix.length));
    if (segment) used.add(Number(segment[0]));
  }
  const next = used.size === 0 ? 0 : Math.max(...used) + 1;
  const element: TypeRef = { type: type.arrayType ?? 'string' };
  const item = (n: number, fresh: boolean): DraftItem => ({
    label: String(n),
    labelDetails: { description: fresh ? `new ${element.type}` : `${element.type} already written` },
    kind: CompletionItemKind.Value,
    detail: `item ${n} of ${typeLabel(type)}`,
    sortText: `${fresh ? 0 : 1}${sortIndex(n)}`,
    ...keyInsertion(String(n), element, continues),
  });
  return [item(next, true), ...[...used].sort((a, b) => a - b).map((n) => item(n, false))];
}

/** Properties of the class in force at `path`, `objectType` first, read-only (and insert-only in updates) last. */
function propertyItems(schema: KalturaSchema, facts: CallFacts, path: string, declared: string, continues: boolean): DraftItem[] {
  const owner = classInForce(schema, declared, path, facts.objectTypes);
  const properties = propertiesInForce(schema, declared, path, facts.objectTypes);
  const items: DraftItem[] = [];
  if (!facts.writtenKeys.has(`${path}:objectType`)) {
    items.push({
      label: 'objectType',
      labelDetails: { description: owner },
      kind: CompletionItemKind.Keyword,
      detail: `${declared} or a subclass`,
      documentation: markdown(`Picks the class of \`${path}\`: \`${declared}\` or one of its subclasses.`),
      sortText: '0',
      ...(continues ? { newText: 'objectType' } : { newText: 'objectType = ', command: SUGGEST_AGAIN }),
    });
  }
  const updating = /^update/i.test(facts.action?.name ?? '');
  for (const { property, owner: lookedUpIn } of properties.values()) {
    if (facts.writtenKeys.has(`${path}:${property.name}`) && !isContainer(property)) continue;
    const note = property.readOnly ? ' (read-only)' : property.insertOnly && updating ? ' (insert-only)' : undefined;
    items.push({
      label: property.name,
      labelDetails: { detail: note, description: typeLabel(property) },
      kind: CompletionItemKind.Property,
      detail: `${typeLabel(property)} — ${schema.declaringClass(lookedUpIn, property.name)?.name ?? lookedUpIn}`,
      documentation: markdown(property.description),
      sortText: `${note ? 2 : 1}${property.name.toLowerCase()}`,
      ...deprecatedTag(property.deprecated),
      ...keyInsertion(property.name, property, continues),
    });
  }
  return items;
}

/** Reserved keys for a line before a block's first call (common parameters), sorted after services. */
export function commonParamItems(schema: KalturaSchema, scope: CursorScope): DraftItem[] {
  return reservedItems(false, callFacts(schema, scope).writtenKeys).map((item) => ({ ...item, sortText: `5${item.sortText ?? ''}` }));
}

/** Keys: top-level parameters and reserved keys, or the next segment under an object or array. */
export function keyItems(schema: KalturaSchema, ctx: ContextOf<'key'>): DraftItem[] {
  const facts = callFacts(schema, ctx.scope);
  if (ctx.prefix.length === 0) return topLevelKeyItems(facts, ctx);
  if (ctx.prefix.some((s) => s === '' || s.includes('{{'))) return [];
  const steps = resolveKey(schema, facts.action, ctx.prefix, facts.objectTypes);
  const last = steps[steps.length - 1];
  if (steps.length !== ctx.prefix.length || !last.type) return [];
  if (!['param', 'reserved', 'property', 'index', 'mapKey'].includes(last.kind)) return [];
  const path = ctx.prefix.join(':');
  if (last.type.type === 'array') return indexItems(facts, path, last.type, ctx.continues);
  if (isClassType(last.type)) return propertyItems(schema, facts, path, last.type.type, ctx.continues);
  return [];
}
