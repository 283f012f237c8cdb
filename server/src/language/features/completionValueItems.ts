/**
 * Completion items for what stands right of `=`: values (object types, enum consts, `orderBy`
 * fields, booleans), dependency token parts and `@file` paths.
 */

import { CompletionItemKind } from 'vscode-languageserver-types';
import type { KalturaSchema } from '../schema/schemaIndex';
import type { EnumDef, TypeRef } from '../schema/schemaModel';
import type { FileKind, LanguageServiceParams } from '../languageTypes';
import { callFacts, deprecatedTag, isContainer, markdown, sortIndex, SUGGEST_AGAIN, type ContextOf, type DraftItem } from './completionItems';
import { isClassType, resolveKey, type KeyStep } from './keyResolution';
import { readableProperties, typeLabel, walkSegment } from './resultPath';

function resolveValueKey(schema: KalturaSchema, ctx: ContextOf<'value'> | ContextOf<'filePath'>): KeyStep | undefined {
  if (ctx.key.some((s) => s === '' || s.includes('{{'))) return undefined;
  const facts = callFacts(schema, ctx.scope);
  const steps = resolveKey(schema, facts.action, ctx.key, facts.objectTypes);
  return steps.length === ctx.key.length ? steps[steps.length - 1] : undefined;
}

/** `X:objectType` values: the declared class and its subclasses, never an abstract one. */
function objectTypeItems(schema: KalturaSchema, declared: string): DraftItem[] {
  const root = schema.class(declared);
  const classes = [...(root ? [root] : []), ...schema.subclasses(declared)].filter((c) => !c.abstract);
  return classes.map((c, i): DraftItem => ({
    label: c.name,
    kind: CompletionItemKind.Class,
    detail: c.base ? `extends ${c.base}` : undefined,
    documentation: markdown(c.description),
    sortText: `${c.deprecated ? 1 : 0}${sortIndex(i)}`,
    newText: c.name,
    ...deprecatedTag(c.deprecated),
  }));
}

/**
 * Enum consts: the name is shown, the wire value is inserted, except over a name already written in full
 * (`typed`, where `namesAllowed`): that const keeps it, so Enter after `READY` opens a new line.
 */
export function enumItems(e: EnumDef, typed = '', namesAllowed = false): DraftItem[] {
  const keepName = namesAllowed && !e.consts.some((c) => c.value === typed);
  return e.consts.map((c, i): DraftItem => ({
    label: c.name,
    labelDetails: { description: c.value },
    kind: CompletionItemKind.EnumMember,
    detail: c.value,
    documentation: markdown(`\`${e.name}.${c.name}\` = \`${c.value}\``),
    sortText: `${c.deprecated || e.deprecated ? 1 : 0}${sortIndex(i)}`,
    filterText: `${c.name} ${c.value}`,
    newText: keepName && c.name === typed ? c.name : c.value,
    ...deprecatedTag(c.deprecated || e.deprecated),
  }));
}

/**
 * The `…OrderBy` enum matching a filter class (spec §5): `KalturaMediaEntryFilter` →
 * `KalturaMediaEntryOrderBy`, trying base classes when the class itself has none.
 */
function orderByEnum(schema: KalturaSchema, owner: string): EnumDef | undefined {
  const seen = new Set<string>();
  for (let cls = schema.class(owner); cls && !seen.has(cls.name); cls = cls.base ? schema.class(cls.base) : undefined) {
    seen.add(cls.name);
    const stem = cls.name.replace(/(Base)?Filter$/, '');
    if (stem === cls.name) continue;
    const found = schema.enum(`${stem}OrderBy`);
    if (found) return found;
  }
  return undefined;
}

export function boolItems(): DraftItem[] {
  return ['true', 'false'].map((b, i) => ({ label: b, kind: CompletionItemKind.Value, detail: 'bool', sortText: String(i), newText: b }));
}

/** Values for the key left of `=`; `typed` is the text the items replace. */
export function valueItems(schema: KalturaSchema, ctx: ContextOf<'value'>, typed: string): DraftItem[] {
  const step = resolveValueKey(schema, ctx);
  if (!step?.type) return [];
  if (step.kind === 'objectType') return objectTypeItems(schema, step.type.type);
  if (step.kind === 'null' || step.kind === 'emptyArray' || step.kind === 'unknown') return [];
  const type: TypeRef = step.type;
  if (type.enumType) {
    const e = schema.enum(type.enumType);
    return e ? enumItems(e, typed, true) : [];
  }
  if (type.type === 'bool') return boolItems();
  if (type.type === 'string' && /orderBy$/i.test(step.segment) && step.owner) {
    const e = orderByEnum(schema, step.owner);
    return e ? enumItems(e) : [];
  }
  return [];
}

/** Walks call N's result type along `segments` (with `_all` taking one property next); undefined when nothing can follow. */
export function typeAfter(schema: KalturaSchema, result: TypeRef, segments: readonly string[]): TypeRef | undefined {
  let type = result;
  let allPending = false;
  for (const segment of segments) {
    if (segment === '_all' && type.type === 'array' && !allPending) {
      type = { type: type.arrayType ?? 'string' };
      allPending = true;
      continue;
    }
    if (allPending) return undefined;
    const step = walkSegment(schema, type, segment);
    if (!step.ok) return undefined;
    type = step.type;
  }
  return allPending && !isClassType(type) ? undefined : type;
}

/** A path segment as the typing rule inserts it: `name:` and the next list where an object or array goes on. */
export function segmentInsertion(name: string, goesOn: boolean, continues: boolean): Pick<DraftItem, 'newText' | 'command'> {
  return goesOn && !continues ? { newText: `${name}:`, command: SUGGEST_AGAIN } : { newText: name };
}

/**
 * Items for the segment after a path that reached `type`: an index or `_all` of an array, properties of an object.
 * `continues`: a `:` already follows the segment.
 */
export function pathItems(schema: KalturaSchema, type: TypeRef, continues: boolean): DraftItem[] {
  if (type.type === 'array') {
    const element = type.arrayType ?? 'item';
    const elementGoesOn = isContainer({ type: element });
    return [
      { label: '0', kind: CompletionItemKind.Value, detail: `the first ${element}`, sortText: '0', ...segmentInsertion('0', elementGoesOn, continues) },
      { label: '_all', kind: CompletionItemKind.Keyword, detail: `one property of every ${element}, comma-joined`, sortText: '1', ...segmentInsertion('_all', elementGoesOn, continues) },
    ];
  }
  if (!isClassType(type)) return [];
  return [...readableProperties(schema, type.type)].map(([name, { property, owner }]): DraftItem => ({
    label: name,
    labelDetails: { description: owner === type.type ? typeLabel(property) : `${typeLabel(property)} (${owner})` },
    kind: CompletionItemKind.Property,
    detail: `${typeLabel(property)} — ${owner}`,
    documentation: markdown(property.description),
    // The class's own properties before its subclasses'; among them `id` and `name` first, then alphabetically.
    sortText: `${owner === type.type || schema.isSubclassOf(type.type, owner) ? 0 : 1}${name === 'id' ? 0 : name === 'name' ? 1 : 2}${name.toLowerCase()}`,
    ...segmentInsertion(name, isContainer(property), continues),
    ...deprecatedTag(property.deprecated),
  }));
}

/** Parts of a dependency token: earlier call numbers, `result`, then the path along call N's result type. */
export function tokenItems(schema: KalturaSchema | undefined, ctx: ContextOf<'token'>): DraftItem[] {
  const { block, call } = ctx.scope;
  if (!block || !call) return [];
  const actionOf = (n: number) => {
    const target = block.calls[n - 1];
    const service = target && schema?.service(target.line.service.text);
    return service && target.line.action ? schema!.action(service, target.line.action.text) : undefined;
  };
  const step = ctx.step;
  if (step.part === 'callNumber') {
    return block.calls.slice(0, call.number - 1).map((earlier): DraftItem => {
      const result = actionOf(earlier.number)?.result;
      return {
        label: String(earlier.number),
        kind: CompletionItemKind.Reference,
        detail: `${earlier.line.service.text}.${earlier.line.action?.text ?? ''}`,
        documentation: markdown(result ? `Returns \`${typeLabel(result)}\`.` : ''),
        sortText: sortIndex(earlier.number),
        ...segmentInsertion(String(earlier.number), true, ctx.continues),
      };
    });
  }
  const result = actionOf(step.callNumber)?.result;
  if (step.part === 'result') {
    const goesOn = !!result && isContainer(result);
    return [{ label: 'result', kind: CompletionItemKind.Keyword, detail: result ? typeLabel(result) : `what call ${step.callNumber} returns`, ...segmentInsertion('result', goesOn, ctx.continues) }];
  }
  if (!schema || !result) return [];
  const type = typeAfter(schema, result, step.segments);
  return type ? pathItems(schema, type, ctx.continues) : [];
}

/** `@path` entries of the directory typed so far, for `file` parameters: folders (re-suggesting) first, then files. */
export function filePathItems(params: LanguageServiceParams, schema: KalturaSchema | undefined, documentUri: string, ctx: ContextOf<'filePath'>): DraftItem[] {
  if (!params.fileSystem || !schema || resolveValueKey(schema, ctx)?.type?.type !== 'file') return [];
  let entries: ReadonlyArray<readonly [string, FileKind]>;
  try {
    entries = params.fileSystem.readDirectory(documentUri, ctx.directory === '' ? '.' : ctx.directory);
  } catch {
    return [];
  }
  return entries.map(([name, kind]): DraftItem =>
    kind === 'directory'
      ? { label: `${name}/`, kind: CompletionItemKind.Folder, sortText: `0${name}`, newText: `${name}/`, command: SUGGEST_AGAIN }
      : { label: name, kind: CompletionItemKind.File, sortText: `1${name}`, newText: name },
  );
}
