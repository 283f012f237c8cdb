/** Turns one parsed block into a language-neutral model of client-library calls: objects built from flattened keys, enums by name, tokens, files and secret placeholders. */

import {
  resolveCall,
  resolveKey,
  type ActionDef,
  type BlockNode,
  type CallNode,
  type KalturaSchema,
  type KreqDocument,
  type ParamLine,
  type ServiceDef,
  type TypeRef,
} from '../language/index';
import { curlyTokens, substituteVariables, type VariableScope } from '../engine/valueResolution';

/** What the environment may give an export: nothing secret, only which credential is used. */
export interface ExportSettings {
  readonly serviceUrl: string;
  readonly partnerId?: string;
  readonly credential: 'adminSecret' | 'userSecret' | 'ks' | 'appToken' | 'none';
  readonly session?: { readonly type?: 'USER' | 'ADMIN' | 0 | 2; readonly userId?: string; readonly expiry?: number; readonly privileges?: string };
  /** The environment's non-secret variables. */
  readonly variables: ReadonlyMap<string, string>;
}

/** A value as the target language should write it. */
export type ExportValue =
  | { readonly kind: 'literal'; readonly text: string; readonly scalar: 'int' | 'float' | 'bool' | 'string' }
  | { readonly kind: 'enum'; readonly enumName: string; readonly constName: string; readonly value: string; readonly numeric: boolean }
  /** Read from the process environment at run time (`env`): a secret, or `{{$env NAME}}`. */
  | { readonly kind: 'secret'; readonly env: string }
  /** A whole-value dependency token `{N:result:path}`. */
  | { readonly kind: 'token'; readonly call: number; readonly path: readonly string[]; readonly text: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'object'; readonly className: string; readonly props: readonly ExportEntry[] }
  | { readonly kind: 'array'; readonly items: readonly ExportValue[] }
  | { readonly kind: 'map'; readonly entries: readonly ExportEntry[] }
  | { readonly kind: 'null' };

export interface ExportEntry {
  readonly name: string;
  readonly value: ExportValue;
}

export interface ExportCall {
  readonly number: number;
  /** Service name as the libraries spell it (`baseEntry`, `metadataProfile`). */
  readonly service: string;
  readonly plugin?: string;
  readonly action: string;
  /** The action's parameters in order, up to the last one given (`undefined`: not given). */
  readonly args: ReadonlyArray<{ readonly name: string; readonly type: TypeRef; readonly value?: ExportValue }>;
  /** Reserved request keys given for this call (`partnerId`, `ks`, `language`…). */
  readonly reserved: readonly ExportEntry[];
  /** Keys the export cannot place, as written (`key = value`). */
  readonly skipped: readonly string[];
}

export type ExportSession =
  | { readonly kind: 'none' }
  | { readonly kind: 'ks' }
  | { readonly kind: 'secret'; readonly env: string; readonly type: 0 | 2; readonly userId?: string; readonly expiry?: number; readonly privileges?: string }
  | { readonly kind: 'appToken' };

export interface ExportModel {
  readonly title: string;
  readonly serviceUrl: string;
  readonly partnerId?: string;
  readonly session: ExportSession;
  readonly common: readonly ExportEntry[];
  /** Common parameters the libraries set themselves or cannot send (`format`, `responseProfile`…), as written. */
  readonly skipped: readonly string[];
  readonly calls: readonly ExportCall[];
  readonly multirequest: boolean;
}

export type ExportModelResult = { readonly model: ExportModel } | { readonly problem: string };

const SECRET_NAMES = new Set(['ks', 'secret', 'adminSecret', 'userSecret', 'tokenHash', 'token', 'password']);
const SECRET_WORD = /secret|password|token/i;
const WHOLE_TOKEN = /^\{([0-9]+):result((?::[^:{}]+)*)\}$/;
/** Request keys the client libraries set on the client, not as call arguments. */
const CLIENT_KEYS = new Set(['ks', 'partnerId', 'clientTag', 'language']);

/** `adminSecret` → `KALTURA_ADMIN_SECRET`. */
export function environmentName(name: string): string {
  return `KALTURA_${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}

/** A key whose value is a secret: `ks`, `secret`, `adminSecret`…, `appToken:token`, but not `resource:token`. */
function isSecretKey(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1];
  if (last === 'token') return segments.length === 1 || segments[segments.length - 2] === 'appToken';
  return SECRET_NAMES.has(last);
}

function isSecretVariable(name: string): boolean {
  return SECRET_NAMES.has(name) || SECRET_WORD.test(name);
}

interface BuildState {
  readonly schema?: KalturaSchema;
  readonly scope: VariableScope;
}

/** The written text after variables; a placeholder when it reads a secret, `$env`/`$dotenv` or an unknown variable. */
function valueText(state: BuildState, param: ParamLine): { text: string } | { secret: string } {
  for (const part of param.value.parts) {
    if (part.kind !== 'variable') continue;
    const name = part.name.text;
    if ((name === '$env' || name === '$dotenv') && part.argument) return { secret: part.argument.text };
    if (isSecretVariable(name)) return { secret: environmentName(name) };
  }
  const result = substituteVariables(param.value.content, state.scope);
  if (result.problems.length > 0) {
    const first = param.value.parts.find((p) => p.kind === 'variable');
    return { secret: environmentName(first && first.kind === 'variable' ? first.name.text.replace(/^\$/, '') : 'VALUE') };
  }
  return { text: curlyTokens(result.text) };
}

function scalarValue(state: BuildState, type: TypeRef | undefined, text: string, quoted: boolean): ExportValue {
  const token = WHOLE_TOKEN.exec(text);
  if (token) return { kind: 'token', call: Number(token[1]), path: token[2] ? token[2].slice(1).split(':') : [], text };
  if (type?.type === 'file' && text.startsWith('@') && !quoted) return { kind: 'file', path: text.slice(1).trim() };
  const e = type?.enumType ? state.schema?.enum(type.enumType) : undefined;
  if (e) {
    const c = e.consts.find((k) => k.value === text) ?? e.consts.find((k) => k.name === text);
    if (c) return { kind: 'enum', enumName: e.name, constName: c.name, value: c.value, numeric: e.enumType === 'int' };
  }
  const t = type?.type;
  if ((t === 'int' || t === 'bigint') && /^-?[0-9]+$/.test(text)) return { kind: 'literal', text, scalar: 'int' };
  if (t === 'float' && /^-?[0-9]+(\.[0-9]+)?$/.test(text)) return { kind: 'literal', text, scalar: 'float' };
  if (t === 'bool' && /^(true|false|1|0)$/.test(text)) return { kind: 'literal', text: text === 'true' || text === '1' ? 'true' : 'false', scalar: 'bool' };
  return { kind: 'literal', text, scalar: 'string' };
}

/** A node of the object tree built from flattened keys. */
interface TreeNode {
  type?: TypeRef;
  className?: string;
  leaf?: ExportValue;
  readonly children: Map<string, TreeNode>;
}

function newNode(type: TypeRef | undefined): TreeNode {
  return { type, children: new Map() };
}

function isContainer(type: TypeRef | undefined): boolean {
  return !!type && (type.type === 'array' || type.type === 'map' || !['int', 'string', 'bool', 'float', 'bigint', 'file'].includes(type.type));
}

function toValue(node: TreeNode): ExportValue {
  if (node.leaf) return node.leaf;
  const type = node.type;
  if (type?.type === 'array') {
    const indexes = [...node.children.keys()].sort((a, b) => Number(a) - Number(b));
    return { kind: 'array', items: indexes.map((i) => toValue(node.children.get(i)!)) };
  }
  const entries = [...node.children].map(([name, child]) => ({ name, value: toValue(child) }));
  if (type?.type === 'map') return { kind: 'map', entries };
  return { kind: 'object', className: node.className ?? type?.type ?? 'KalturaObject', props: entries };
}

/** Places one parameter line in `roots`; false when the schema does not know where it goes. */
function place(state: BuildState, roots: Map<string, TreeNode>, action: ActionDef | undefined, param: ParamLine, objectTypes: ReadonlyMap<string, string>): boolean {
  const schema = state.schema;
  if (!schema) return false;
  const segments = param.key.segments.map((s) => s.text);
  const steps = resolveKey(schema, action, segments, objectTypes);
  if (steps.some((s) => s.kind === 'unknown') || steps.length !== segments.length) return false;
  const last = steps[steps.length - 1];
  let node = roots.get(segments[0]) ?? newNode(steps[0].type);
  roots.set(segments[0], node);
  for (let i = 1; i < steps.length; i++) {
    const step = steps[i];
    if (step.kind === 'objectType') {
      node.className = param.value.content;
      return true;
    }
    const name = step.kind === 'null' ? step.segment.replace(/__null$/, '') : step.segment;
    if (step.kind === 'emptyArray') {
      node.leaf = { kind: 'array', items: [] };
      return true;
    }
    const child = node.children.get(name) ?? newNode(step.type);
    node.children.set(name, child);
    node = child;
    if (step.kind === 'null') {
      node.leaf = { kind: 'null' };
      return true;
    }
  }
  const text = valueText(state, param);
  if ('secret' in text) node.leaf = { kind: 'secret', env: text.secret };
  else if (isSecretKey(segments) && !WHOLE_TOKEN.test(text.text)) node.leaf = { kind: 'secret', env: environmentName(segments[segments.length - 1]) };
  else if (text.text === '' && isContainer(last.type) && last.type?.type !== 'array') node.leaf = undefined;
  else node.leaf = scalarValue(state, last.type, text.text, param.value.quoted);
  return true;
}

function skippedText(param: ParamLine): string {
  const secret = isSecretKey(param.key.segments.map((s) => s.text)) || param.value.parts.some((p) => p.kind === 'variable' && isSecretVariable(p.name.text));
  return `${param.key.text} = ${secret ? '<secret>' : param.value.content}`;
}

function objectTypesOfLines(params: readonly ParamLine[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const p of params) {
    const segs = p.key.segments;
    if (segs.length >= 2 && segs[segs.length - 1].text === 'objectType') map.set(segs.slice(0, -1).map((s) => s.text).join(':'), p.value.content);
  }
  return map;
}

function exportCall(state: BuildState, call: CallNode): ExportCall | string {
  const resolved = state.schema ? resolveCall(state.schema, call) : undefined;
  const service: ServiceDef | undefined = resolved?.service;
  const action = resolved?.action;
  if (!service || !action) return `\`${call.line.service.text}.${call.line.action?.text ?? ''}\` is not in the schema: the client libraries have no method for it.`;
  const roots = new Map<string, TreeNode>();
  const skipped: string[] = [];
  const objectTypes = objectTypesOfLines(call.params);
  for (const p of call.params) if (!place(state, roots, action, p, objectTypes)) skipped.push(skippedText(p));
  const reserved: ExportEntry[] = [];
  for (const [name, node] of roots) {
    if (action.params.some((p) => p.name === name)) continue;
    if (CLIENT_KEYS.has(name)) reserved.push({ name, value: toValue(node) });
    else skipped.push(`${name} (set by the client library, or not supported by it)`);
  }
  let lastGiven = -1;
  action.params.forEach((p, i) => {
    if (roots.has(p.name)) lastGiven = i;
  });
  const args = action.params.slice(0, lastGiven + 1).map((p) => {
    const node = roots.get(p.name);
    return node ? { name: p.name, type: p as TypeRef, value: toValue(node) } : { name: p.name, type: p as TypeRef };
  });
  return { number: call.number, service: service.name, ...(service.plugin ? { plugin: service.plugin } : {}), action: action.name, args, reserved, skipped };
}

function sessionOf(settings: ExportSettings, calls: readonly ExportCall[], schema: KalturaSchema, block: BlockNode): ExportSession {
  const needsSession = block.calls.some((c) => {
    const r = resolveCall(schema, c);
    const required = r.action?.sessionRequired ?? (r.service?.id === 'session' && r.action?.name === 'start' ? 'none' : 'always');
    return required !== 'none';
  });
  const hasKs = calls.some((c) => c.reserved.some((e) => e.name === 'ks')) || block.commonParams.some((p) => p.key.text === 'ks');
  if (!needsSession || hasKs) return { kind: 'none' };
  if (settings.credential === 'ks') return { kind: 'ks' };
  if (settings.credential === 'appToken') return { kind: 'appToken' };
  if (settings.credential === 'none') return { kind: 'none' };
  const s = settings.session ?? {};
  const type: 0 | 2 = s.type === 'ADMIN' || s.type === 2 ? 2 : s.type === 'USER' || s.type === 0 ? 0 : settings.credential === 'adminSecret' ? 2 : 0;
  const env = environmentName(type === 0 && settings.credential === 'userSecret' ? 'userSecret' : settings.credential);
  return { kind: 'secret', env, type, ...(s.userId !== undefined ? { userId: s.userId } : {}), ...(s.expiry !== undefined ? { expiry: s.expiry } : {}), ...(s.privileges !== undefined ? { privileges: s.privileges } : {}) };
}

/** The model of `block`, or why it cannot be exported. Needs the schema (classes, enums, parameter order). */
export function buildExportModel(document: KreqDocument, block: BlockNode, schema: KalturaSchema | undefined, settings: ExportSettings): ExportModelResult {
  if (!schema) return { problem: 'Export needs the Kaltura schema (classes, enums and parameter order); none is loaded.' };
  if (block.calls.length === 0) return { problem: 'This block has no call to export: add a `service.action` line.' };
  const fileVariables = new Map<string, string>();
  for (const v of document.variables) fileVariables.set(v.name.text, v.value.content);
  const state: BuildState = {
    schema,
    scope: { fileVariables, environmentVariables: settings.variables, processEnv: {}, now: () => 0, uuid: () => '00000000-0000-0000-0000-000000000000' },
  };
  const calls: ExportCall[] = [];
  for (const call of block.calls) {
    const exported = exportCall(state, call);
    if (typeof exported === 'string') return { problem: exported };
    calls.push(exported);
  }
  const common: ExportEntry[] = [];
  const skipped: string[] = [];
  for (const p of block.commonParams) {
    const name = p.key.text;
    if (!CLIENT_KEYS.has(name)) {
      skipped.push(skippedText(p));
      continue;
    }
    const text = valueText(state, p);
    if ('secret' in text) common.push({ name, value: { kind: 'secret', env: text.secret } });
    else if (isSecretKey([name])) common.push({ name, value: { kind: 'secret', env: environmentName(name) } });
    else common.push({ name, value: scalarValue(state, name === 'partnerId' ? { type: 'int' } : { type: 'string' }, text.text, p.value.quoted) });
  }
  const title = `${block.calls.map((c) => `${c.line.service.text}.${c.line.action?.text ?? ''}`).join(', ')} (block ${block.index + 1})`;
  return {
    model: {
      title,
      serviceUrl: settings.serviceUrl,
      ...(settings.partnerId !== undefined && /^[0-9]+$/.test(settings.partnerId) ? { partnerId: settings.partnerId } : {}),
      session: sessionOf(settings, calls, schema, block),
      common,
      skipped,
      calls,
      multirequest: calls.length > 1,
    },
  };
}

/** The export settings of an environment: its URL, partner id, session settings and non-secret variables; which credential it has, never its value. */
export function exportSettingsOf(environment: {
  readonly serviceUrl: string;
  readonly partnerId?: string;
  readonly ks?: string;
  readonly adminSecret?: string;
  readonly userSecret?: string;
  readonly appToken?: unknown;
  readonly session?: ExportSettings['session'];
  readonly variables: ReadonlyMap<string, string>;
}): ExportSettings {
  const credential: ExportSettings['credential'] = environment.ks
    ? 'ks'
    : environment.adminSecret
      ? 'adminSecret'
      : environment.userSecret
        ? 'userSecret'
        : environment.appToken
          ? 'appToken'
          : 'none';
  const variables = new Map([...environment.variables].filter(([name]) => !isSecretVariable(name)));
  return {
    serviceUrl: environment.serviceUrl,
    ...(environment.partnerId !== undefined ? { partnerId: environment.partnerId } : {}),
    credential,
    ...(environment.session ? { session: environment.session } : {}),
    variables,
  };
}
