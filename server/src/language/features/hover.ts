/** Hover: documentation for the service, action, key segment, value, token, variable or flow line part under the cursor. */

import type { Hover, Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KreqDocument, VariableRef } from '../parser/kreqNodes';
import type { KalturaSchema } from '../schema/schemaIndex';
import type { TypeRef } from '../schema/schemaModel';
import type { LanguageServiceParams } from '../languageTypes';
import { findClass, RESERVED_KEYS, resolveCall, resolveKey, type KeyStep, type ResolvedCall } from './keyResolution';
import { pathSteps, typeLabel, walkPath } from './resultPath';
import { brokenTokenNote, notScalarNote } from './tokenReading';
import { decodeKs } from './ksDecode';
import { nodeAtOffset, type NodeAtOffset } from './nodeAtOffset';
import { directiveHover, flowVariableHover, outcomeLineHover, type FlowHoverContext } from './hoverFlow';
import {
  actionHover,
  classHover,
  code,
  codeBlock,
  descriptionText,
  enumConstHover,
  enumConstOf,
  ksHover,
  paramHover,
  pathStepHover,
  propertyHover,
  sections,
  serviceHover,
} from './hoverMarkdown';

type KeyNode = Extract<NodeAtOffset, { kind: 'keySegment' }>;
type ValueAt = Extract<NodeAtOffset, { kind: 'value' }>;
type TokenAt = Extract<NodeAtOffset, { kind: 'token' }>;

/** Unix times below this (1980) are not shown as dates. */
const EARLIEST_DATE = 315360000;

function loadedSchema(params: LanguageServiceParams): KalturaSchema | undefined {
  return params.schema.kind === 'loaded' ? params.schema.schema : undefined;
}

function reservedHover(schema: KalturaSchema | undefined, name: string): string | undefined {
  const reserved = RESERVED_KEYS.get(name);
  if (!reserved) return undefined;
  const e = reserved.type.enumType ? schema?.enum(reserved.type.enumType) : undefined;
  return sections(
    codeBlock(`${name}: ${typeLabel(reserved.type)}`),
    'Reserved request key: valid in any call, or before the first call for all of them',
    reserved.description,
    e && `Enum ${code(e.name)}: ${e.consts.map((c) => `${code(c.name)} = ${code(c.value)}`).join(', ')}`,
  );
}

/** The steps of a parameter key, resolved against its call's action (or as a common parameter). */
function keySteps(schema: KalturaSchema, node: KeyNode | ValueAt): { steps: KeyStep[]; resolved?: ResolvedCall } {
  const resolved = node.call ? resolveCall(schema, node.call) : undefined;
  const segments = node.param.key.segments.map((s) => s.text);
  if (segments.length === 0) return { steps: [], resolved };
  return { steps: resolveKey(schema, resolved?.action, segments, resolved?.objectTypes ?? new Map<string, string>()), resolved };
}

function keySegmentHover(schema: KalturaSchema | undefined, node: KeyNode): string | undefined {
  const segments = node.param.key.segments.map((s) => s.text);
  if (!schema) return node.index === 0 ? reservedHover(undefined, segments[0]) : undefined;
  const { steps, resolved } = keySteps(schema, node);
  const step = steps[node.index];
  const path = segments.slice(0, node.index).join(':');
  switch (step?.kind) {
    case 'param':
      return resolved?.action && step.param ? paramHover(schema, resolved.service, resolved.action, step.param) : undefined;
    case 'reserved':
      return reservedHover(schema, step.segment);
    case 'property':
      return step.owner && step.property ? propertyHover(schema, step.owner, step.property) : undefined;
    case 'objectType': {
      const declared = step.type?.type ?? '';
      const count = schema.subclasses(declared).length;
      const abstract = schema.class(declared)?.abstract;
      return sections(
        codeBlock(`${path}:objectType`),
        `Picks the class of ${code(path)}: ${code(declared)}${count ? ` or one of its ${count} subclasses` : ''}${abstract ? ` (${code(declared)} is abstract: a concrete class is required)` : ''}.`,
      );
    }
    case 'null': {
      const target = step.segment.slice(0, -'__null'.length);
      return sections(codeBlock(step.segment), `Sends ${code(target)} as null (the value is ignored).`, descriptionText(step.property?.description ?? step.param?.description ?? ''));
    }
    case 'emptyArray':
      return sections(codeBlock(`${path}:-`), `Sends ${code(path)} as an empty array, clearing it (the value is ignored).`);
    case 'index':
      return sections(codeBlock(`${path}:${step.segment}: ${typeLabel(step.type ?? { type: 'string' })}`), `Item ${step.segment} of the array ${code(path)}.`);
    case 'mapKey':
      return sections(codeBlock(`${path}:${step.segment}: ${typeLabel(step.type ?? { type: 'string' })}`), `Key ${code(step.segment)} of the map ${code(path)}.`);
    default:
      return undefined;
  }
}

function timeText(text: string): string | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  const seconds = Number.parseInt(text, 10);
  if (seconds < EARLIEST_DATE || seconds > 1e11) return undefined;
  return `Unix time ${code(text)} = ${code(new Date(seconds * 1000).toISOString())}`;
}

function valueHover(schema: KalturaSchema | undefined, node: ValueAt, nowMs: number): string | undefined {
  const value = node.param.value;
  if (value.parts.length > 0 || node.param.key.variables.length > 0) return undefined;
  const ks = decodeKs(value.content);
  if (ks) return ksHover(ks, nowMs);
  if (!schema) return undefined;
  const { steps } = keySteps(schema, node);
  if (steps.length !== node.param.key.segments.length) return undefined;
  const last = steps[steps.length - 1];
  if (last.kind === 'objectType') {
    const cls = findClass(schema, value.content);
    return cls ? classHover(schema, schema.class(cls)!) : undefined;
  }
  const type: TypeRef | undefined = last.type;
  if (type?.enumType) {
    const e = schema.enum(type.enumType);
    const constant = e && enumConstOf(e, value.content);
    return e && constant ? enumConstHover(e, constant) : undefined;
  }
  const itemsEnum = last.property?.valuesEnumType ? schema.enum(last.property.valuesEnumType) : undefined;
  if (itemsEnum) {
    const items = value.content.split(',').map((item) => {
      const constant = enumConstOf(itemsEnum, item.trim());
      return `- ${code(item.trim())}${constant ? ` → ${code(`${constant.name} = ${constant.value}`)}` : ' — not a value of the enum'}`;
    });
    return sections(`Comma-separated values of ${code(itemsEnum.name)}:`, items.join('\n'));
  }
  return type?.isTime ? timeText(value.content) : undefined;
}

function tokenHover(schema: KalturaSchema | undefined, node: TokenAt): string {
  const { token, block, call } = node;
  const n = token.callNumber.value;
  const curly = token.form === 'curly' ? token.text : `{${token.text.slice(1, -1)}}`;
  const calls = block?.calls ?? [];
  const target = n >= 1 ? calls[n - 1] : undefined;
  const warnings = [
    calls.length < 2 && 'Only works in a multirequest (a block with two or more calls): here it is sent literally.',
    !call && 'A common parameter cannot use a token: it refers to no call.',
    calls.length >= 2 && call && target && n >= call.number && `Call ${n} does not run before this call (#${call.number}).`,
    token.form === 'angle' && `Sent in the curly form ${code(curly)}.`,
    calls.length >= 2 && call && brokenTokenNote(node.param.value, token, call.number),
  ];
  if (!target) {
    return sections(`**Dependency token** ${code(token.text)}`, `Refers to call ${n}, but this block has ${calls.length} ${calls.length === 1 ? 'call' : 'calls'}.`, ...warnings);
  }
  const resolved = resolveCall(schema, target);
  const callText = `${target.line.service.text}.${target.line.action?.text ?? ''}`;
  const refers = `Result of call ${n}: ${code(callText)} (line ${target.line.line + 1})`;
  const result = resolved.action?.result;
  if (!schema || !resolved.action) return sections(`**Dependency token** ${code(token.text)}`, refers, ...warnings);
  if (!result) return sections(`**Dependency token** ${code(token.text)}`, refers, `${code(callText)} returns nothing: the token would be empty.`, ...warnings);
  const steps = pathSteps(schema, result, token.segments);
  if (node.segmentIndex !== undefined) {
    return pathStepHover(steps[node.segmentIndex], `In ${code(curly)} · ${refers}`, ...warnings);
  }
  const walk = walkPath(schema, result, token.segments.map((s) => s.text));
  const path = [`- ${code('result')} → ${code(typeLabel(result))}`, ...steps.map((s) => `- ${code(s.segment.text)} → ${s.problem ? `**not resolved** (${s.problem})` : code(s.label)}`)];
  return sections(
    `**Dependency token** → ${walk.type ? code(typeLabel(walk.type)) : '**broken path**'}`,
    refers,
    path.join('\n'),
    walk.type && calls.length >= 2 && call && notScalarNote(walk.type),
    ...warnings,
  );
}

const BUILTIN_HOVERS: ReadonlyMap<string, string> = new Map([
  ['$timestamp', 'Built-in variable: the current unix time in seconds, when the request is sent.'],
  ['$uuid', 'Built-in variable: a new random UUID, when the request is sent.'],
]);

function variableHover(params: LanguageServiceParams, document: TextDocument, doc: KreqDocument, variable: VariableRef, nowMs: number): string {
  const name = variable.name.text;
  if (name === '$env') return `Built-in variable: the process environment variable ${code(variable.argument?.text ?? '')}.`;
  if (name === '$dotenv') {
    return `Built-in variable: ${code(variable.argument?.text ?? '')} from the nearest ${code('.env')} file, looked up from this file's folder up to the workspace root.`;
  }
  const builtin = BUILTIN_HOVERS.get(name);
  if (builtin) return builtin;
  const definition = doc.variables.find((v) => v.name.text === name);
  if (definition) {
    const ks = definition.value.parts.length === 0 ? decodeKs(definition.value.content) : undefined;
    return sections(codeBlock(`@${name} = ${definition.value.text}`), `File variable (line ${definition.line + 1})`, ks && ksHover(ks, nowMs));
  }
  const flow = flowVariableHover(flowContext(params, document, doc), name);
  if (flow) return flow;
  if (params.environmentVariables?.(document.uri)?.has(name)) return `${code(name)}: defined by the active environment (${code('kreq.env.json')}).`;
  return `${code(name)} is not defined: add ${code(`@${name} = …`)} to this file${params.environmentVariables ? ' or define it in kreq.env.json' : ''}.`;
}

function flowContext(params: LanguageServiceParams, document: TextDocument, doc: KreqDocument): FlowHoverContext {
  return { schema: loadedSchema(params), params, documentUri: document.uri, doc };
}

function hoverText(params: LanguageServiceParams, document: TextDocument, doc: KreqDocument, node: NodeAtOffset): string | undefined {
  const schema = loadedSchema(params);
  const nowMs = params.now?.() ?? Date.now();
  switch (node.kind) {
    case 'service': {
      const service = schema?.service(node.span.text);
      return schema && service ? serviceHover(schema, service) : undefined;
    }
    case 'action': {
      const resolved = resolveCall(schema, node.call);
      return schema && resolved.service && resolved.action ? actionHover(schema, resolved.service, resolved.action) : undefined;
    }
    case 'keySegment':
      return keySegmentHover(schema, node);
    case 'value':
      return valueHover(schema, node, nowMs);
    case 'token':
      return tokenHover(schema, node);
    case 'variable':
      return variableHover(params, document, doc, node.variable, nowMs);
    case 'variableName':
    case 'variableValue': {
      const value = node.line.value;
      const ks = value.parts.length === 0 ? decodeKs(value.content) : undefined;
      return ks && ksHover(ks, nowMs);
    }
    case 'captureName':
    case 'outcomePath':
    case 'assertionOperator':
    case 'assertionExpected':
      return outcomeLineHover(flowContext(params, document, doc), node);
    case 'directive':
      return directiveHover(flowContext(params, document, doc), node);
  }
}

export function doHover(params: LanguageServiceParams, document: TextDocument, position: Position, doc: KreqDocument): Hover | null {
  const node = nodeAtOffset(doc, document.offsetAt(position));
  if (!node) return null;
  const value = hoverText(params, document, doc, node);
  if (!value) return null;
  return {
    contents: { kind: 'markdown', value },
    range: { start: document.positionAt(node.span.start), end: document.positionAt(node.span.end) },
  };
}
