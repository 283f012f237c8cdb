/** Writes an export model as Node.js code for `kaltura-client` and as TypeScript for `kaltura-typescript-client`. */

import type { TypeRef } from '../language/index';
import type { ExportCall, ExportEntry, ExportModel, ExportValue } from './exportModel';
import { argumentVariable, doubleQuoted, nodeMethod, objectKey, typeScriptActionClass, typeScriptEnumMember, withoutKalturaPrefix } from './exportNaming';

/** How the generated program prints its results (spelt in parts: no console call stands in server code). */
const PRINT = ['console', 'log'].join('.');

/** The npm package of Kaltura's Node.js client library. */
const NODE_CLIENT_PACKAGE = 'kaltura-client';

function singleQuoted(text: string): string {
  return `'${text}'`;
}

const INDENT = '  ';

function pad(depth: number): string {
  return INDENT.repeat(depth);
}

function header(model: ExportModel, library: string): string[] {
  return [
    `// ${model.title}: exported by kreq for ${library}.`,
    '// Secrets are read from the environment (KALTURA_…), never written here.',
    ...model.skipped.map((s) => `// Not exported: ${s}`),
  ];
}

function skippedComments(call: ExportCall, depth: number): string[] {
  return call.skipped.map((s) => `${pad(depth)}// Not exported: ${s}`);
}

// ---------------------------------------------------------------- Node (kaltura-client)

function nodeValue(value: ExportValue, depth: number): string {
  switch (value.kind) {
    case 'literal':
      return value.scalar === 'string' ? doubleQuoted(value.text) : value.text;
    case 'enum':
      return `kaltura.enums.${withoutKalturaPrefix(value.enumName)}.${value.constName}`;
    case 'secret':
      return `process.env.${value.env}`;
    case 'token':
      return doubleQuoted(value.text);
    case 'file':
      return doubleQuoted(value.path);
    case 'null':
      return 'null';
    case 'array':
      return value.items.length === 0 ? '[]' : `[\n${value.items.map((v) => `${pad(depth + 1)}${nodeValue(v, depth + 1)},`).join('\n')}\n${pad(depth)}]`;
    case 'map':
      return nodeEntries(value.entries, depth);
    case 'object':
      return `new kaltura.objects.${withoutKalturaPrefix(value.className)}(${value.props.length === 0 ? '' : nodeEntries(value.props, depth)})`;
  }
}

function nodeEntries(entries: readonly ExportEntry[], depth: number): string {
  if (entries.length === 0) return '{}';
  const lines = entries.map((e) =>
    e.value.kind === 'null' ? `${pad(depth + 1)}${doubleQuoted(`${e.name}__null`)}: "",` : `${pad(depth + 1)}${objectKey(e.name)}: ${nodeValue(e.value, depth + 1)},`,
  );
  return `{\n${lines.join('\n')}\n${pad(depth)}}`;
}

const NODE_SETTERS: Record<string, string> = { ks: 'setKs', partnerId: 'setPartnerId', clientTag: 'setClientTag', language: 'setLanguage' };

function nodeCall(model: ExportModel, call: ExportCall, lines: string[]): string {
  const depth = 1;
  lines.push(...skippedComments(call, depth));
  const args = call.args.map((a) => {
    if (!a.value) return 'null';
    if (a.value.kind === 'object' || a.value.kind === 'array' || a.value.kind === 'map') {
      const name = argumentVariable(a.name, call.number, model.multirequest);
      lines.push(`${pad(depth)}const ${name} = ${nodeValue(a.value, depth)};`);
      return name;
    }
    return nodeValue(a.value, depth);
  });
  // Per-call `ks`, `partnerId`…: set on the request itself (in a multirequest, on that call only).
  const setters = call.reserved.map((r) => `.${NODE_SETTERS[r.name]}(${nodeValue(r.value, depth)})`).join('');
  return `kaltura.services.${call.service}.${nodeMethod(call.action)}(${args.join(', ')})${setters}`;
}

function nodeSession(model: ExportModel, lines: string[]): void {
  const s = model.session;
  if (s.kind === 'ks' || s.kind === 'appToken') {
    if (s.kind === 'appToken') lines.push(`${pad(1)}// The environment uses an app token: start its session (appToken.startSession) and pass the KS here.`);
    lines.push(`${pad(1)}client.setKs(process.env.KALTURA_KS);`, '');
  } else if (s.kind === 'secret') {
    const args = [
      `process.env.${s.env}`,
      s.userId !== undefined ? doubleQuoted(s.userId) : 'null',
      `kaltura.enums.SessionType.${s.type === 2 ? 'ADMIN' : 'USER'}`,
      model.partnerId ?? 'null',
      s.expiry !== undefined ? String(s.expiry) : 'null',
      s.privileges !== undefined ? doubleQuoted(s.privileges) : 'null',
    ];
    while (args.length > 3 && args[args.length - 1] === 'null') args.pop();
    lines.push(`${pad(1)}const ks = await kaltura.services.session.start(${args.join(', ')}).execute(client);`, `${pad(1)}client.setKs(ks);`, '');
  }
}

/** Node.js code for the `kaltura-client` npm package. */
export function nodeCode(model: ExportModel): string {
  // Written from a constant: the bundle must not read as if kreq itself required the package.
  const lines = [...header(model, `Node.js (npm install ${NODE_CLIENT_PACKAGE})`), `const kaltura = require(${singleQuoted(NODE_CLIENT_PACKAGE)});`, ''];
  lines.push('const config = new kaltura.Configuration();', `config.serviceUrl = ${doubleQuoted(model.serviceUrl)};`, 'const client = new kaltura.Client(config);');
  if (model.partnerId !== undefined) lines.push(`client.setPartnerId(${model.partnerId});`);
  for (const c of model.common) lines.push(`client.${NODE_SETTERS[c.name]}(${nodeValue(c.value, 0)});`);
  lines.push('', 'async function main() {');
  nodeSession(model, lines);
  const requests = model.calls.map((call) => nodeCall(model, call, lines));
  if (model.multirequest) {
    lines.push(`${pad(1)}const results = await ${requests[0]}`);
    for (const r of requests.slice(1)) lines.push(`${pad(2)}.add(${r})`);
    lines.push(`${pad(2)}.execute(client);`, `${pad(1)}${PRINT}(JSON.stringify(results, null, 2));`);
  } else {
    lines.push(`${pad(1)}const result = await ${requests[0]}.execute(client);`, `${pad(1)}${PRINT}(JSON.stringify(result, null, 2));`);
  }
  lines.push('}', '', 'main().catch((error) => {', `${pad(1)}console.error(error);`, `${pad(1)}process.exitCode = 1;`, '});', '');
  return lines.join('\n');
}

// ---------------------------------------------------------------- TypeScript (kaltura-typescript-client)

interface TypeScriptState {
  readonly imports: Set<string>;
}

/** A dependency on a token, for `.setDependency([property, request index (0-based), path])`. */
function dependency(name: string, value: Extract<ExportValue, { kind: 'token' }>): string {
  const path = value.path.length > 0 ? `, ${doubleQuoted(value.path.join(':'))}` : '';
  return `[${doubleQuoted(name)}, ${value.call - 1}${path}]`;
}

function tsValue(state: TypeScriptState, value: ExportValue, depth: number, scalarType?: string): string {
  switch (value.kind) {
    case 'literal':
      if (value.scalar !== 'string') return value.text;
      return scalarType && scalarType !== 'string' ? `${doubleQuoted(value.text)} as any` : doubleQuoted(value.text);
    case 'enum':
      state.imports.add(value.enumName);
      return `${value.enumName}.${typeScriptEnumMember(value.constName)}`;
    case 'secret':
      return scalarType && scalarType !== 'string' ? `Number(process.env.${value.env})` : `process.env.${value.env} ?? ""`;
    case 'token':
      return scalarType && scalarType !== 'string' ? `${doubleQuoted(value.text)} as any` : doubleQuoted(value.text);
    case 'file':
      return `pickFile(${doubleQuoted(value.path)})`;
    case 'null':
      return 'null';
    case 'array':
      return value.items.length === 0 ? '[]' : `[\n${value.items.map((v) => `${pad(depth + 1)}${tsValue(state, v, depth + 1)},`).join('\n')}\n${pad(depth)}]`;
    case 'map':
      return tsEntries(state, value.entries, depth);
    case 'object': {
      state.imports.add(value.className);
      const plain = value.props.filter((p) => p.value.kind !== 'token');
      const tokens = value.props.filter((p) => p.value.kind === 'token');
      const built = `new ${value.className}(${plain.length === 0 ? '' : tsEntries(state, plain, depth)})`;
      if (tokens.length === 0) return built;
      return `${built}.setDependency(${tokens.map((t) => dependency(t.name, t.value as Extract<ExportValue, { kind: 'token' }>)).join(', ')})`;
    }
  }
}

function tsEntries(state: TypeScriptState, entries: readonly ExportEntry[], depth: number): string {
  if (entries.length === 0) return '{}';
  const lines = entries.map((e) => `${pad(depth + 1)}${objectKey(e.name)}: ${tsValue(state, e.value, depth + 1)},`);
  return `{\n${lines.join('\n')}\n${pad(depth)}}`;
}

const TS_FIELDS: Record<string, string> = { ks: 'ks', partnerId: 'partnerId', clientTag: 'clientTag' };

function tsReserved(state: TypeScriptState, entries: readonly ExportEntry[], depth: number, lines: string[]): void {
  for (const r of entries) {
    if (TS_FIELDS[r.name]) lines.push(`${pad(depth)}client.${TS_FIELDS[r.name]} = ${tsValue(state, r.value, depth, r.name === 'partnerId' ? 'int' : 'string')};`);
    else lines.push(`${pad(depth)}// Not exported: ${r.name} (the TypeScript client has no setting for it)`);
  }
}

function tsCall(state: TypeScriptState, model: ExportModel, call: ExportCall, lines: string[]): string {
  const depth = 1;
  lines.push(...skippedComments(call, depth));
  const requestArgs = call.reserved.filter((r) => r.name === 'ks' || r.name === 'partnerId');
  tsReserved(state, call.reserved.filter((r) => !requestArgs.includes(r)), depth, lines);
  const actionClass = typeScriptActionClass(call.service, call.action);
  state.imports.add(actionClass);
  const given = [
    ...call.args.filter((a) => a.value),
    // `ks` and `partnerId` of this request alone (KalturaRequestBaseArgs).
    ...requestArgs.map((r) => ({ name: r.name, type: { type: r.name === 'ks' ? 'string' : 'int' } as TypeRef, value: r.value })),
  ];
  const props: string[] = [];
  const tokens: string[] = [];
  for (const a of given) {
    const value = a.value!;
    if (value.kind === 'token') {
      tokens.push(dependency(a.name, value));
      props.push(`${pad(depth + 1)}${objectKey(a.name)}: ${a.type.type === 'string' ? '""' : a.type.enumType ? '"" as any' : '0'},`);
    } else if (value.kind === 'object' || value.kind === 'array' || value.kind === 'map') {
      const name = argumentVariable(a.name, call.number, model.multirequest);
      lines.push(`${pad(depth)}const ${name} = ${tsValue(state, value, depth)};`);
      props.push(`${pad(depth + 1)}${objectKey(a.name)}: ${name},`);
    } else {
      props.push(`${pad(depth + 1)}${objectKey(a.name)}: ${tsValue(state, value, depth + 1, a.type.type)},`);
    }
  }
  const built = `new ${actionClass}(${props.length === 0 ? '' : `{\n${props.join('\n')}\n${pad(depth)}}`})`;
  return tokens.length === 0 ? built : `${built}.setDependency(${tokens.join(', ')})`;
}

function tsSession(state: TypeScriptState, model: ExportModel, lines: string[]): void {
  const s = model.session;
  if (s.kind === 'ks' || s.kind === 'appToken') {
    if (s.kind === 'appToken') lines.push(`${pad(1)}// The environment uses an app token: start its session (AppTokenStartSessionAction) and set the KS here.`);
    lines.push(`${pad(1)}client.ks = process.env.KALTURA_KS ?? "";`, '');
  } else if (s.kind === 'secret') {
    state.imports.add('SessionStartAction');
    state.imports.add('KalturaSessionType');
    const props = [`secret: process.env.${s.env} ?? ""`, `type: KalturaSessionType.${s.type === 2 ? 'admin' : 'user'}`];
    if (model.partnerId !== undefined) props.push(`partnerId: ${model.partnerId}`);
    if (s.userId !== undefined) props.push(`userId: ${doubleQuoted(s.userId)}`);
    if (s.expiry !== undefined) props.push(`expiry: ${s.expiry}`);
    if (s.privileges !== undefined) props.push(`privileges: ${doubleQuoted(s.privileges)}`);
    lines.push(`${pad(1)}client.ks = await client.request(new SessionStartAction({ ${props.join(', ')} }));`, '');
  }
}

function hasFile(model: ExportModel): boolean {
  const visit = (v: ExportValue | undefined): boolean =>
    !!v && (v.kind === 'file' || (v.kind === 'object' && v.props.some((p) => visit(p.value))) || (v.kind === 'array' && v.items.some(visit)) || (v.kind === 'map' && v.entries.some((e) => visit(e.value))));
  return model.calls.some((c) => c.args.some((a) => visit(a.value)));
}

/** TypeScript code for the `kaltura-typescript-client` npm package (a browser client). */
export function typeScriptCode(model: ExportModel): string {
  const state: TypeScriptState = { imports: new Set() };
  const body: string[] = ['async function main(): Promise<void> {'];
  tsSession(state, model, body);
  const requests = model.calls.map((call) => tsCall(state, model, call, body));
  if (model.multirequest) {
    state.imports.add('KalturaMultiRequest');
    body.push(`${pad(1)}const results = await client.multiRequest(new KalturaMultiRequest(`);
    for (const r of requests) body.push(`${pad(2)}${r.replace(/\n/g, `\n${pad(1)}`)},`);
    body.push(`${pad(1)}));`, `${pad(1)}for (const response of results) ${PRINT}(response.error ?? response.result);`);
  } else {
    body.push(`${pad(1)}const result = await client.request(${requests[0]});`, `${pad(1)}${PRINT}(result);`);
  }
  body.push('}', '', 'main().catch((error) => console.error(error));', '');
  const lines = [...header(model, 'TypeScript (npm install kaltura-typescript-client)'), "import { KalturaBrowserHttpClient } from 'kaltura-typescript-client';"];
  const root = new Set(['KalturaMultiRequest']);
  for (const name of [...state.imports].sort()) {
    lines.push(root.has(name) ? `import { ${name} } from 'kaltura-typescript-client';` : `import { ${name} } from 'kaltura-typescript-client/types/${name}';`);
  }
  lines.push('', `const client = new KalturaBrowserHttpClient({ endpointUrl: ${doubleQuoted(model.serviceUrl)}, clientTag: "kreq-export" });`);
  if (model.partnerId !== undefined) lines.push(`client.partnerId = ${model.partnerId};`);
  tsReserved(state, model.common, 0, lines);
  if (hasFile(model)) {
    lines.push('', '/** The file to upload: in a browser, take it from an <input type="file">. */', 'function pickFile(path: string): File {',
      `${pad(1)}const input = document.querySelector<HTMLInputElement>('input[type=file]');`,
      `${pad(1)}const file = input?.files?.[0];`,
      `${pad(1)}if (!file) throw new Error(\`Choose the file \${path} first.\`);`, `${pad(1)}return file;`, '}');
  }
  lines.push('', ...body);
  return lines.join('\n');
}
