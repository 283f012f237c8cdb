/** Writes an export model as Python code for Kaltura's `KalturaApiClient` package (PyPI). */

import type { ExportCall, ExportEntry, ExportModel, ExportValue } from './exportModel';
import { argumentVariable, capitalize, doubleQuoted } from './exportNaming';

const INDENT = '    ';

function pad(depth: number): string {
  return INDENT.repeat(depth);
}

interface PythonState {
  /** Plugin modules to import (`Metadata` for `KalturaClient.Plugins.Metadata`). */
  readonly plugins: Set<string>;
  readonly usesOs: { value: boolean };
}

function pyValue(state: PythonState, value: ExportValue, depth: number): string {
  switch (value.kind) {
    case 'literal':
      if (value.scalar === 'bool') return value.text === 'true' ? 'True' : 'False';
      return value.scalar === 'string' ? doubleQuoted(value.text) : value.text;
    case 'enum':
      return `${value.enumName}.${value.constName}`;
    case 'secret':
      state.usesOs.value = true;
      return `os.environ[${doubleQuoted(value.env)}]`;
    case 'token':
      return doubleQuoted(value.text);
    case 'file':
      return `open(${doubleQuoted(value.path)}, "rb")`;
    case 'null':
      return 'None';
    case 'array':
      return value.items.length === 0 ? '[]' : `[\n${value.items.map((v) => `${pad(depth + 1)}${pyValue(state, v, depth + 1)},`).join('\n')}\n${pad(depth)}]`;
    case 'map':
      return value.entries.length === 0
        ? '{}'
        : `{\n${value.entries.map((e) => `${pad(depth + 1)}${doubleQuoted(e.name)}: ${pyValue(state, e.value, depth + 1)},`).join('\n')}\n${pad(depth)}}`;
    case 'object':
      return `${value.className}(${pyKeywords(state, value.props, depth)})`;
  }
}

function pyKeywords(state: PythonState, props: readonly ExportEntry[], depth: number): string {
  if (props.length === 0) return '';
  return `\n${props.map((p) => `${pad(depth + 1)}${p.name}=${pyValue(state, p.value, depth + 1)},`).join('\n')}\n${pad(depth)}`;
}

const SETTERS: Record<string, string> = { ks: 'setKs', partnerId: 'setPartnerId', clientTag: 'setClientTag', language: 'setLanguage' };

function pyService(state: PythonState, call: ExportCall): string {
  if (!call.plugin) return `client.${call.service}`;
  state.plugins.add(capitalize(call.plugin));
  return `client.${call.plugin}.${call.service}`;
}

function pyCall(state: PythonState, model: ExportModel, call: ExportCall, lines: string[]): string {
  for (const s of call.skipped) lines.push(`# Not exported: ${s}`);
  for (const r of call.reserved) lines.push(`client.${SETTERS[r.name]}(${pyValue(state, r.value, 0)})`);
  const args = call.args.map((a) => {
    if (!a.value) return 'NotImplemented';
    if (a.value.kind === 'object' || a.value.kind === 'array' || a.value.kind === 'map') {
      const name = argumentVariable(a.name, call.number, model.multirequest);
      lines.push(`${name} = ${pyValue(state, a.value, 0)}`);
      return name;
    }
    return pyValue(state, a.value, 0);
  });
  return `${pyService(state, call)}.${call.action}(${args.join(', ')})`;
}

/** Python code for `KalturaApiClient` (`pip install KalturaApiClient`). */
export function pythonCode(model: ExportModel): string {
  const state: PythonState = { plugins: new Set(), usesOs: { value: false } };
  const body: string[] = [];
  const s = model.session;
  if (s.kind === 'ks' || s.kind === 'appToken') {
    if (s.kind === 'appToken') body.push('# The environment uses an app token: start its session (client.appToken.startSession) and set the KS here.');
    state.usesOs.value = true;
    body.push('client.setKs(os.environ["KALTURA_KS"])', '');
  } else if (s.kind === 'secret') {
    state.usesOs.value = true;
    const args = [
      `os.environ[${doubleQuoted(s.env)}]`,
      s.userId !== undefined ? doubleQuoted(s.userId) : 'None',
      `KalturaSessionType.${s.type === 2 ? 'ADMIN' : 'USER'}`,
      model.partnerId ?? 'None',
      s.expiry !== undefined ? String(s.expiry) : 'None',
      s.privileges !== undefined ? doubleQuoted(s.privileges) : 'None',
    ];
    while (args.length > 3 && args[args.length - 1] === 'None') args.pop();
    body.push(`ks = client.session.start(${args.join(', ')})`, 'client.setKs(ks)', '');
  }
  if (model.multirequest) {
    body.push('client.startMultiRequest()');
    for (const call of model.calls) body.push(pyCall(state, model, call, body));
    body.push('results = client.doMultiRequest()', 'for result in results:', `${pad(1)}print(result)`);
  } else {
    body.push(`result = ${pyCall(state, model, model.calls[0], body)}`, 'print(result)');
  }
  const lines = [`# ${model.title}: exported by kreq for Python (pip install KalturaApiClient).`, '# Secrets are read from the environment (KALTURA_…), never written here.', ...model.skipped.map((s) => `# Not exported: ${s}`)];
  if (state.usesOs.value) lines.push('import os');
  lines.push('from KalturaClient import *', 'from KalturaClient.Plugins.Core import *');
  for (const p of [...state.plugins].sort()) lines.push(`from KalturaClient.Plugins.${p} import *`);
  lines.push('', 'config = KalturaConfiguration()', `config.serviceUrl = ${doubleQuoted(model.serviceUrl)}`, 'client = KalturaClient(config)');
  if (model.partnerId !== undefined) lines.push(`client.setPartnerId(${model.partnerId})`);
  for (const c of model.common) lines.push(`client.${SETTERS[c.name]}(${pyValue(state, c.value, 0)})`);
  lines.push('', ...body, '');
  return lines.join('\n');
}
