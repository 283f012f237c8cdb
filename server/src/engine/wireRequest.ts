/** Builds the HTTP form of one block (spec §5, §8): URL, `N:`-prefixed fields, defaults, files and secrets. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  captureSites,
  objectTypesOf,
  resolveCall,
  resolveKey,
  type ActionDef,
  type KalturaSchema,
  type ParamLine,
  type TypeRef,
} from '../language/index';
import type { BuildInput, BuildProblem, WireCall, WireFile, WireRequest } from './engineTypes';
import { environmentSecrets } from './environments';
import { decideFileAttachment } from './fileAttachmentPolicy';
import { SECRET_FIELD_NAMES } from './redaction';
import { curlyTokens, enumWireValue, hasDependencyToken, substituteVariables, type VariableScope } from './valueResolution';
import { oneBased } from '../protocol';

/** A parameter line after variables, tokens, enums and files are worked out. */
type ResolvedParam = { readonly key: string; readonly value: string } | { readonly key: string; readonly file: Omit<WireFile, 'field'> };

interface BuildContext {
  readonly input: BuildInput;
  readonly scope: VariableScope;
  readonly problems: BuildProblem[];
  readonly secrets: Set<string>;
}

/** Kinds of key step whose `type` is the type of the value written. */
const VALUE_STEPS = new Set(['param', 'reserved', 'property', 'index', 'mapKey']);

function valueType(schema: KalturaSchema | undefined, action: ActionDef | undefined, segments: readonly string[], objectTypes: ReadonlyMap<string, string>): TypeRef | undefined {
  if (!schema) return undefined;
  const steps = resolveKey(schema, action, segments, objectTypes);
  const last = steps[steps.length - 1];
  return steps.length === segments.length && VALUE_STEPS.has(last.kind) ? last.type : undefined;
}

function substitute(ctx: BuildContext, text: string, line: number): string {
  const result = substituteVariables(text, ctx.scope);
  for (const message of result.problems) ctx.problems.push({ line, message });
  return result.text;
}

/** The absolute path of `@path`, or a problem when it names no file. */
function filePart(ctx: BuildContext, written: string, line: number): Omit<WireFile, 'field'> | undefined {
  const relative = written.trim();
  if (relative === '') {
    ctx.problems.push({ line, message: 'No file named after `@`: write `@path` (relative to this file\'s folder).' });
    return undefined;
  }
  if (!path.isAbsolute(relative) && !ctx.input.documentPath) {
    ctx.problems.push({ line, message: `\`@${relative}\` is relative to the .kreq file's folder: save the file first, or use an absolute path.` });
    return undefined;
  }
  const absolute = path.resolve(ctx.input.documentPath ? path.dirname(ctx.input.documentPath) : '/', relative);
  let isFile = false;
  try {
    isFile = fs.statSync(absolute).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) {
    ctx.problems.push({ line, message: `File not found: \`${relative}\` (looked for ${absolute}).` });
    return undefined;
  }
  const access = ctx.input.fileAccess;
  if (!access) return { path: absolute, fileName: path.basename(absolute) };
  let real = absolute;
  try {
    real = fs.realpathSync(absolute);
  } catch {
    real = absolute;
  }
  const decision = decideFileAttachment([absolute, real], access.policy);
  if (decision.kind === 'refused') {
    ctx.problems.push({ line, message: `\`@${relative}\` is not uploaded: ${decision.reason}${access.sensitiveHint ? ` (${access.sensitiveHint})` : ''}.` });
    return undefined;
  }
  if (decision.kind === 'ask' && !ctx.input.askFile) {
    ctx.problems.push({ line, message: `\`@${relative}\` is not uploaded: ${decision.reason}${access.hint ? `; ${access.hint}` : ''}.` });
    return undefined;
  }
  return { path: absolute, fileName: path.basename(absolute), ...(decision.kind === 'ask' ? { ask: decision.reason } : {}) };
}

function existingFile(ctx: BuildContext, written: string): boolean {
  const relative = written.trim();
  if (relative === '' || (!path.isAbsolute(relative) && !ctx.input.documentPath)) return false;
  try {
    return fs.statSync(path.resolve(ctx.input.documentPath ? path.dirname(ctx.input.documentPath) : '/', relative)).isFile();
  } catch {
    return false;
  }
}

/** A key whose value is masked wherever it is shown: `ks`, `secret`, `adminSecret`… at the top, also nested (`appToken:token`, `x:password`), but not `resource:token` (an upload token id). */
function isSecretKey(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1];
  if (last === 'token') return segments.length === 1 || segments[segments.length - 2] === 'appToken';
  return SECRET_FIELD_NAMES.has(last);
}

function resolveParam(ctx: BuildContext, param: ParamLine, action: ActionDef | undefined, objectTypes: ReadonlyMap<string, string>): ResolvedParam {
  const line = param.line;
  const key = substitute(ctx, param.key.text, line);
  const segments = key.split(':');
  const value = curlyTokens(substitute(ctx, param.value.content, line));
  const type = valueType(ctx.input.schema, action, segments, objectTypes);
  // Without the action's schema, a top-level `fileData = @…` (or `@` naming an existing file) is taken for a file.
  const isFile =
    type?.type === 'file' ||
    (!type && !action && segments.length === 1 && !param.value.quoted && value.startsWith('@') && (key === 'fileData' || existingFile(ctx, value.slice(1))));
  if (isFile && value.startsWith('@') && !param.value.quoted) {
    const file = filePart(ctx, value.slice(1), line);
    return file ? { key, file } : { key, value };
  }
  if (isSecretKey(segments) && value !== '' && !hasDependencyToken(value)) ctx.secrets.add(value);
  return { key, value: hasDependencyToken(value) ? value : enumWireValue(ctx.input.schema, type, value) };
}

function lineOf(ctx: BuildContext): number {
  const block = ctx.input.block;
  return block.separator?.line ?? block.commonParams[0]?.line ?? block.calls[0]?.line.line ?? 0;
}

/** Resolves variables (file, then environment; built-ins), enum names → values, `<N:result…>` → `{N:result…}`,
 *  common parameters unprefixed, call keys `N:`-prefixed in a multirequest, `@file` → WireFile,
 *  `format=1` unless set, `clientTag` (block > environment > 'kreq'), `partnerId` from the environment when the
 *  block has none. Does NOT add a ks (sendBlock does). Undefined variables and missing files are problems
 *  (the block is not sent); everything else is sent as written (the server is the judge). */
export function buildWireRequest(input: BuildInput): { readonly request: WireRequest } | { readonly problems: readonly BuildProblem[] } {
  const fileVariables = new Map<string, string>();
  for (const v of input.document.variables) fileVariables.set(v.name.text, v.value.content);
  const capturable = new Map<string, string>();
  for (const [name, site] of captureSites(input.document)) capturable.set(name, `block ${oneBased(site.block.index)} (line ${oneBased(site.line.line)})`);
  const ctx: BuildContext = {
    input,
    scope: {
      fileVariables,
      environmentVariables: input.environment.variables,
      captured: input.captured,
      overrides: input.overrides,
      processEnv: input.processEnv,
      dotenv: input.dotenv,
      capturable,
      now: input.now,
      uuid: input.uuid,
    },
    problems: [],
    secrets: new Set(environmentSecrets(input.environment)),
  };
  const { block, schema, environment } = input;
  if (environment.refusal) return { problems: [{ line: lineOf(ctx), message: environment.refusal }] };
  if (block.calls.length === 0) return { problems: [{ line: lineOf(ctx), message: 'This block has no call to send: add a `service.action` line.' }] };

  const common = block.commonParams.map((p) => resolveParam(ctx, p, undefined, objectTypesOf(block.commonParams)));
  const calls: { wire: WireCall; params: ResolvedParam[] }[] = block.calls.map((call) => {
    const resolved = schema ? resolveCall(schema, call) : undefined;
    const params = call.params.map((p) => resolveParam(ctx, p, resolved?.action, resolved?.objectTypes ?? new Map()));
    const wire: WireCall = {
      number: call.number,
      service: resolved?.service?.id ?? call.line.service.text,
      action: resolved?.action?.name ?? call.line.action?.text ?? '',
      line: call.line.line,
      ...(resolved?.action?.sessionRequired ? { sessionRequired: resolved.action.sessionRequired } : {}),
    };
    return { wire, params };
  });
  if (ctx.problems.length > 0) return { problems: ctx.problems };

  const multirequest = calls.length > 1;
  // What applies to the whole request: common parameters, and a single call's own.
  const requestLevel = multirequest ? common : [...common, ...calls[0].params];
  const given = (name: string) => requestLevel.find((p) => p.key === name);
  const formatParam = given('format');
  const format = formatParam && 'value' in formatParam && formatParam.value.trim() === '2' ? 'xml' : 'json';
  const fields: [string, string][] = [];
  const files: WireFile[] = [];
  if (!formatParam) fields.push(['format', '1']);
  if (!given('clientTag')) fields.push(['clientTag', environment.clientTag ?? 'kreq']);
  if (!given('partnerId') && environment.partnerId !== undefined) fields.push(['partnerId', environment.partnerId]);
  const add = (prefix: string, p: ResolvedParam) => {
    if ('file' in p) files.push({ field: prefix + p.key, ...p.file });
    else fields.push([prefix + p.key, p.value]);
  };
  for (const p of common) add('', p);
  const base = `${environment.serviceUrl}/api_v3/service`;
  let url: string;
  if (multirequest) {
    url = `${base}/multirequest`;
    for (const { wire, params } of calls) {
      fields.push([`${wire.number}:service`, wire.service], [`${wire.number}:action`, wire.action]);
      for (const p of params) add(`${wire.number}:`, p);
    }
  } else {
    const { wire, params } = calls[0];
    url = `${base}/${encodeURIComponent(wire.service)}${wire.action ? `/action/${encodeURIComponent(wire.action)}` : ''}`;
    for (const p of params) add('', p);
  }
  return {
    request: { url, fields, files, calls: calls.map((c) => c.wire), multirequest, format, secrets: [...ctx.secrets] },
  };
}
