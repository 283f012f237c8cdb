/** Checks one call against the schema: service, action, keys, values, mandatory parameters, abstract objects. */

import type { BlockNode, CallNode, ParamLine, ValueNode } from '../parser/kreqNodes';
import type { KalturaSchema } from '../schema/schemaIndex';
import type { ActionDef } from '../schema/schemaModel';
import type { FileSystemProvider } from '../languageTypes';
import type { DiagnosticSink } from './diagnosticSink';
import { classInForce, findClass, isClassType, objectTypesOf, RESERVED_KEYS, resolveKey, writtenTopLevelNames, type KeyStep, type ResolvedCall } from './keyResolution';
import { nearestName } from './nearestName';
import { checkValue } from './validateValue';

export interface CallCheckContext {
  readonly schema: KalturaSchema;
  readonly sink: DiagnosticSink;
  readonly documentUri: string;
  readonly fileSystem?: FileSystemProvider;
}

function didYouMean(name: string, candidates: Iterable<string>): { suffix: string; replacement?: string } {
  const best = nearestName(name, candidates);
  return best ? { suffix: ` Did you mean \`${best}\`?`, replacement: best } : { suffix: '' };
}

/** Checks the call line; returns false when the schema does not know the service or action. */
function checkCallLine(ctx: CallCheckContext, resolved: ResolvedCall, block: BlockNode): boolean {
  const { schema, sink } = ctx;
  const line = resolved.call.line;
  if (!resolved.service) {
    const name = line.service.text;
    const byName = schema.data.services.find((s) => s.name.toLowerCase() === name.toLowerCase());
    const hint = byName
      ? { suffix: ` Did you mean \`${schema.serviceDisplayName(byName)}\`? (a plugin service is called by its id)`, replacement: schema.serviceDisplayName(byName) }
      : didYouMean(name, schema.data.services.map((s) => schema.serviceDisplayName(s)));
    sink.add(line.service, 'unknown-service', `Unknown service \`${name}\`.${hint.suffix}`, hint.replacement ? { replacement: hint.replacement } : undefined);
    return false;
  }
  const service = resolved.service;
  if (service.deprecated) sink.add(line.service, 'deprecated', `Service \`${schema.serviceDisplayName(service)}\` is deprecated.`);
  if (!line.action) return false;
  if (!resolved.action) {
    const hint = didYouMean(line.action.text, service.actions.map((a) => a.name));
    sink.add(
      line.action,
      'unknown-action',
      `Unknown action \`${line.action.text}\` of service \`${schema.serviceDisplayName(service)}\`.${hint.suffix}`,
      hint.replacement ? { replacement: hint.replacement } : undefined,
    );
    return false;
  }
  const action = resolved.action;
  if (action.deprecated) sink.add(line.action, 'deprecated', `Action \`${service.name}.${action.name}\` is deprecated.`);
  if (block.calls.length > 1 && !action.enableInMultiRequest) {
    sink.add(line.action, 'not-in-multirequest', `\`${service.name}.${action.name}\` cannot run inside a multirequest (it returns a file); send it in a block of its own.`);
  }
  return true;
}

function checkMissing(ctx: CallCheckContext, call: CallNode, action: ActionDef): void {
  const written = writtenTopLevelNames(call);
  const range = { start: call.line.service.start, end: call.line.action?.end ?? call.line.service.end };
  for (const p of action.params) {
    // Array and map parameters become empty arrays on the server; every request carries the environment's `partnerId` (spec §6).
    if (p.optional || p.type === 'array' || p.type === 'map' || p.name === 'partnerId' || written.has(p.name)) continue;
    ctx.sink.add(range, 'missing-param', `Missing mandatory parameter \`${p.name}\` (${p.type}).`, { missing: [p.name] });
  }
}

function checkDuplicates(ctx: CallCheckContext, params: readonly ParamLine[], where: string): void {
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.key.text)) ctx.sink.add(p.key, 'duplicate-key', `Key \`${p.key.text}\` is given twice ${where}.`);
    seen.add(p.key.text);
  }
}

function describeUnknown(ctx: CallCheckContext, step: KeyStep, action: ActionDef | undefined, common: boolean): { message: string; replacement?: string } {
  if (step.expected === 'param') {
    if (common) return { message: `\`${step.segment}\` cannot stand before the block's first call: only reserved request keys (${[...RESERVED_KEYS.keys()].join(', ')}) may; the server would not apply it to the calls.` };
    const hint = didYouMean(step.segment, [...(action?.params.map((p) => p.name) ?? []), ...RESERVED_KEYS.keys()]);
    return { message: `Unknown parameter \`${step.segment}\`${action ? ` of \`${action.name}\`` : ''}; the server ignores it.${hint.suffix}`, replacement: hint.replacement };
  }
  if (step.expected === 'property' && step.owner) {
    const hint = didYouMean(step.segment, ctx.schema.properties(step.owner).keys());
    return { message: `\`${step.segment}\` is no property of \`${step.owner}\`; the server ignores it.${hint.suffix}`, replacement: hint.replacement };
  }
  if (step.expected === 'index') return { message: `\`${step.segment}\` is not an array index (expected 0, 1, … or \`-\` for an empty array).` };
  return { message: `\`${step.segment}\`: a scalar value has no properties.` };
}

/** Checks one key and its value; records object paths for the abstract-type check. */
function checkParam(
  ctx: CallCheckContext,
  param: ParamLine,
  resolved: ResolvedCall | undefined,
  objectPaths: Map<string, { line: ParamLine; declared: string }>,
  objectTypes: ReadonlyMap<string, string>,
): void {
  const { schema, sink } = ctx;
  const action = resolved?.action;
  if (param.key.variables.length > 0) return;
  const segments = param.key.segments.map((s) => s.text);
  const steps = resolveKey(schema, action, segments, objectTypes);
  steps.forEach((step, i) => {
    const seg = param.key.segments[i];
    if (step.kind === 'unknown') {
      const { message, replacement } = describeUnknown(ctx, step, action, !resolved);
      sink.add(seg, i === 0 ? 'unknown-param' : 'unknown-property', message, replacement ? { replacement } : undefined);
      return;
    }
    const deprecated = step.param?.deprecated || step.property?.deprecated;
    if (deprecated) sink.add(seg, 'deprecated', `\`${step.segment}\` is deprecated.`);
    if (step.kind === 'property' && step.property?.readOnly) {
      sink.add(seg, 'read-only', `\`${step.segment}\` of \`${step.owner}\` is read-only: the server ignores or rejects it.`);
    }
    if (step.kind === 'property' && step.property?.insertOnly && action && /^update/i.test(action.name)) {
      sink.add(seg, 'insert-only', `\`${step.segment}\` of \`${step.owner}\` can only be set when the object is added, not in \`${action.name}\`.`);
    }
    if (isClassType(step.type) && i < segments.length - 1 && step.kind !== 'objectType') {
      const path = segments.slice(0, i + 1).join(':');
      if (!objectPaths.has(path)) objectPaths.set(path, { line: param, declared: step.type!.type });
    }
  });
  const last = steps[steps.length - 1];
  if (steps.length !== segments.length || last.kind === 'unknown' || last.kind === 'null' || last.kind === 'emptyArray') return;
  if (last.kind === 'objectType') checkObjectType(ctx, param.value, last.type!.type);
  else checkValue(ctx, param, last, steps.length - 1);
}

function checkObjectType(ctx: CallCheckContext, value: ValueNode, declared: string): void {
  if (value.parts.length > 0 || value.content === '') return;
  const { schema, sink } = ctx;
  const cls = findClass(schema, value.content);
  if (!cls || !schema.isSubclassOf(cls, declared)) {
    const allowed = [declared, ...schema.subclasses(declared).map((c) => c.name)];
    const hint = didYouMean(value.content, allowed);
    sink.add(value, 'invalid-object-type', `\`${value.content}\` is not \`${declared}\` or one of its subclasses; the server would ignore it.${hint.suffix}`, hint.replacement ? { replacement: hint.replacement } : undefined);
    return;
  }
  if (schema.class(cls)?.deprecated) sink.add(value, 'deprecated', `Class \`${cls}\` is deprecated.`);
}

function checkAbstract(ctx: CallCheckContext, objectPaths: Map<string, { line: ParamLine; declared: string }>, objectTypes: ReadonlyMap<string, string>): void {
  const { schema } = ctx;
  for (const [path, { line, declared }] of objectPaths) {
    const inForce = classInForce(schema, declared, path, objectTypes);
    if (!schema.class(inForce)?.abstract) continue;
    const concrete = schema.subclasses(inForce).filter((c) => !c.abstract).map((c) => c.name);
    const examples = concrete.slice(0, 3).map((c) => `\`${c}\``).join(', ');
    ctx.sink.add(line.key, 'abstract-type', `\`${path}\` is of abstract class \`${inForce}\`: add \`${path}:objectType\` with a concrete class${examples ? ` (${examples}${concrete.length > 3 ? ', …' : ''})` : ''}.`, {
      objectPath: path,
      concreteClasses: concrete,
    });
  }
}

/** All checks of one call, given it was resolved; tokens and variables are checked elsewhere. */
export function checkCall(ctx: CallCheckContext, resolved: ResolvedCall, block: BlockNode): void {
  checkDuplicates(ctx, resolved.call.params, 'in this call');
  if (!checkCallLine(ctx, resolved, block)) return;
  checkMissing(ctx, resolved.call, resolved.action!);
  const objectPaths = new Map<string, { line: ParamLine; declared: string }>();
  for (const p of resolved.call.params) checkParam(ctx, p, resolved, objectPaths, resolved.objectTypes);
  checkAbstract(ctx, objectPaths, resolved.objectTypes);
}

/** Checks the common parameters of a block: reserved keys only, no duplicates. */
export function checkCommonParams(ctx: CallCheckContext, params: readonly ParamLine[]): void {
  checkDuplicates(ctx, params, "among the block's common parameters");
  const objectPaths = new Map<string, { line: ParamLine; declared: string }>();
  const objectTypes = objectTypesOf(params);
  for (const p of params) checkParam(ctx, p, undefined, objectPaths, objectTypes);
  checkAbstract(ctx, objectPaths, objectTypes);
}
