/** Writes an imported request as one `.kreq` block (spec §3–§5, the inverse of §8): calls, common parameters, secrets as variables. */

import type { KalturaSchema } from '../language/index';
import type { ImportedRequest, ImportResult, ImportSource } from './importTypes';

/** Keys whose value is a credential: written as a `{{variable}}`, never as the value. */
const SECRET_KEYS = new Set(['ks', 'secret', 'adminSecret', 'userSecret', 'tokenHash', 'password']);
const SOURCE_NAMES: Readonly<Record<ImportSource, string>> = { curl: 'cURL', url: 'a URL', log: 'a log line' };
const TOKEN = /\{[0-9]+:result/;
/** What the prompt of each credential variable says. */
const PROMPT_TEXT: Readonly<Record<string, string>> = {
  ks: 'the KS (not kept in this file)',
  adminSecret: "the partner's admin secret (not kept in this file)",
  userSecret: "the partner's user secret (not kept in this file)",
};

interface Param {
  readonly key: string;
  readonly value: string;
  readonly file?: boolean;
}

interface Call {
  readonly service: string;
  readonly action: string;
  readonly params: Param[];
}

interface WriteState {
  readonly notes: string[];
  /** Secret values written as variables: they must not appear anywhere in the output. */
  readonly secrets: Set<string>;
  readonly variables: Set<string>;
}

/** `<1:result:id>` (the old form) as `{1:result:id}`. */
function curlyTokens(value: string): string {
  return value.replace(/<([0-9]+:result(?::[^<>]*)?)>/g, '{$1}');
}

/** The variable a secret key is written as, or undefined when the key holds no secret (or holds a token). */
function secretVariable(segments: readonly string[], value: string, sessionType: string | undefined): string | undefined {
  const last = segments[segments.length - 1];
  const secret = SECRET_KEYS.has(last) || (last === 'token' && (segments.length === 1 || segments[segments.length - 2] === 'appToken'));
  if (!secret || value === '' || TOKEN.test(value) || /^\{\{.*\}\}$/.test(value)) return undefined;
  if (last === 'secret') return sessionType === '2' || sessionType?.toUpperCase() === 'ADMIN' ? 'adminSecret' : 'userSecret';
  if (last === 'token') return 'appTokenValue';
  return last;
}

/** A value as a `.kreq` value: quoted as a JSON string when blanks at the ends, line breaks or a leading `"` need it. */
function valueText(value: string): string {
  return value !== value.trim() || /[\r\n]/.test(value) || value.startsWith('"') ? JSON.stringify(value) : value;
}

/** The service and action as written: the schema's readable spelling when the schema knows them. */
function callLine(schema: KalturaSchema | undefined, service: string, action: string): string {
  const def = schema?.service(service.toLowerCase());
  if (!def || !schema) return `${service}.${action}`;
  const actionDef = schema.action(def, action);
  return `${schema.serviceDisplayName(def)}.${actionDef?.name ?? action}`;
}

function paramLine(state: WriteState, param: Param, sessionType: string | undefined): string {
  if (param.file) return `${param.key} = @${param.value}`;
  const value = curlyTokens(param.value);
  const variable = secretVariable(param.key.split(':'), value, sessionType);
  if (variable) {
    state.secrets.add(value);
    state.variables.add(variable);
    return `${param.key} = {{${variable}}}`;
  }
  if (value.includes('{{')) state.notes.push(`\`${param.key}\` contains \`{{\`, which kreq reads as a variable.`);
  return `${param.key} = ${valueText(value)}`;
}

/** Drops what kreq sends by itself (`format=1`, `clientTag=kreq`) and what only signs a request (`kalsig`). */
function dropDefaults(state: WriteState, params: Param[]): Param[] {
  const kept = params.filter((p) => !(p.key === 'format' && p.value === '1') && !(p.key === 'clientTag' && p.value === 'kreq') && p.key !== 'kalsig');
  if (params.some((p) => p.key === 'kalsig')) state.notes.push('Left out `kalsig` (a client signature for caching).');
  if (!params.some((p) => p.key === 'format')) state.notes.push('The request set no `format` (the server would answer XML); kreq asks for JSON.');
  return kept;
}

/** The calls of a multirequest: `N:key` grouped by N in numeric order; the rest are common parameters. */
function splitMultirequest(state: WriteState, params: readonly Param[]): { common: Param[]; calls: Call[] } | { problem: string } {
  const common: Param[] = [];
  const byIndex = new Map<number, Param[]>();
  for (const p of params) {
    const m = /^([0-9]+):(.+)$/.exec(p.key);
    if (!m) {
      if (p.key === 'action') continue; // ignored by the server for a multirequest (old clients send `action=null`)
      common.push(p);
      continue;
    }
    const index = Number(m[1]);
    if (!byIndex.has(index)) byIndex.set(index, []);
    byIndex.get(index)!.push({ ...p, key: m[2] });
  }
  const calls: Call[] = [];
  const indexes = [...byIndex.keys()].sort((a, b) => a - b);
  for (const [position, index] of indexes.entries()) {
    const own = byIndex.get(index)!;
    const service = own.find((p) => p.key === 'service' && !p.file)?.value;
    const action = own.find((p) => p.key === 'action' && !p.file)?.value;
    if (!service || !action) {
      const dropped = indexes.slice(position).join(', ');
      state.notes.push(`Call ${index} has no service or action: the server stops there, so call(s) ${dropped} are left out.`);
      break;
    }
    calls.push({ service, action, params: own.filter((p) => p.file || (p.key !== 'service' && p.key !== 'action')) });
  }
  if (calls.length === 0) return { problem: 'The multirequest has no call with a service and an action.' };
  return { common, calls };
}

/** The `.kreq` block of an imported request; a problem when it names no service and action. */
export function writeKreqBlock(request: ImportedRequest, schema?: KalturaSchema): ImportResult {
  const state: WriteState = { notes: [...request.notes], secrets: new Set(), variables: new Set() };
  const all: Param[] = [...request.fields.map(([key, value]) => ({ key, value })), ...request.files.map(([key, value]) => ({ key, value, file: true }))];
  const service = all.find((p) => p.key === 'service' && !p.file)?.value;
  if (!service) return { problem: 'No Kaltura service in the request: expected /api_v3/service/NAME/… or a `service` parameter.' };
  const rest = dropDefaults(state, all.filter((p) => p.key !== 'service'));
  let common: Param[];
  let calls: Call[];
  if (service.toLowerCase() === 'multirequest') {
    const split = splitMultirequest(state, rest);
    if ('problem' in split) return split;
    ({ common, calls } = split);
  } else {
    const action = rest.find((p) => p.key === 'action' && !p.file)?.value;
    if (!action) return { problem: `No action for the service \`${service}\`: expected /action/NAME or an \`action\` parameter.` };
    common = [];
    calls = [{ service, action, params: rest.filter((p) => p.key !== 'action') }];
  }
  const lines: string[] = [];
  const names = calls.map((c) => callLine(schema, c.service, c.action));
  lines.push(`### ${names.join(', ')} (imported from ${SOURCE_NAMES[request.source]})`);
  if (request.serviceUrl) lines.push(`# from ${request.serviceUrl}`);
  const body: string[] = [];
  for (const p of common) body.push(paramLine(state, p, undefined));
  calls.forEach((call, i) => {
    if (i > 0) body.push('');
    body.push(names[i]);
    const sessionType = call.params.find((p) => p.key === 'type')?.value;
    for (const p of call.params) body.push(paramLine(state, p, sessionType));
  });
  // A credential becomes a prompt: asked when sending (or `--var NAME=…`), never kept in the file (spec §10.3).
  for (const variable of state.variables) lines.push(`# @prompt ${variable} ${PROMPT_TEXT[variable] ?? `the ${variable} (not kept in this file)`}`);
  if (state.variables.has('ks')) lines.push("# (or delete that prompt and the ks line to use the environment's session)");
  if (state.variables.size > 0) state.notes.push(`Credentials were replaced by ${[...state.variables].map((v) => `{{${v}}}`).join(', ')}, asked for when sending (# @prompt).`);
  let kreq = `${[...lines, ...body].join('\n')}\n`;
  // Safety net: a credential value never reaches the file, even where it was repeated in another parameter.
  for (const secret of state.secrets) if (secret.length >= 4) kreq = kreq.split(secret).join('***');
  return { kreq, notes: state.notes };
}
