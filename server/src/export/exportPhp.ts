/** Writes an export model as PHP code for Kaltura's PHP client library (`KalturaClient.php`). */

import type { ExportCall, ExportModel, ExportValue } from './exportModel';
import { argumentVariable, capitalize, phpMethod, phpQuoted } from './exportNaming';

interface PhpState {
  readonly plugins: Set<string>;
  /** Statements that build objects, before the call that uses them. */
  readonly lines: string[];
  readonly names: Set<string>;
}

function freshName(state: PhpState, base: string): string {
  let name = base;
  for (let i = 2; state.names.has(name); i++) name = `${base}${i}`;
  state.names.add(name);
  return name;
}

/** A PHP expression for `value`; objects become variables built by statements first. */
function phpValue(state: PhpState, value: ExportValue, hint: string): string {
  switch (value.kind) {
    case 'literal':
      return value.scalar === 'string' ? phpQuoted(value.text) : value.text;
    case 'enum':
      return `${value.enumName}::${value.constName}`;
    case 'secret':
      return `getenv(${phpQuoted(value.env)})`;
    case 'token':
      return phpQuoted(value.text);
    case 'file':
      return phpQuoted(value.path);
    case 'null':
      return 'KalturaNull::getInstance()';
    case 'array':
      return `array(${value.items.map((v, i) => phpValue(state, v, `${hint}${i}`)).join(', ')})`;
    case 'map':
      return `array(${value.entries.map((e) => `${phpQuoted(e.name)} => ${phpValue(state, e.value, `${hint}${capitalize(e.name)}`)}`).join(', ')})`;
    case 'object': {
      const name = freshName(state, hint);
      const props = value.props.map((p) => `$${name}->${p.name} = ${phpValue(state, p.value, `${name}${capitalize(p.name)}`)};`);
      state.lines.push(`$${name} = new ${value.className}();`, ...props);
      return `$${name}`;
    }
  }
}

const SETTERS: Record<string, string> = { ks: 'setKs', partnerId: 'setPartnerId', clientTag: 'setClientTag', language: 'setLanguage' };

function phpService(state: PhpState, call: ExportCall): string {
  if (!call.plugin) return `$client->${call.service}`;
  const plugin = `Kaltura${capitalize(call.plugin)}ClientPlugin`;
  state.plugins.add(plugin);
  return `${plugin}::get($client)->${call.service}`;
}

function phpCall(state: PhpState, model: ExportModel, call: ExportCall): string {
  for (const s of call.skipped) state.lines.push(`// Not exported: ${s}`);
  for (const r of call.reserved) state.lines.push(`$client->${SETTERS[r.name]}(${phpValue(state, r.value, r.name)});`);
  const args = call.args.map((a) => (a.value ? phpValue(state, a.value, argumentVariable(a.name, call.number, model.multirequest)) : 'null'));
  return `${phpService(state, call)}->${phpMethod(call.action)}(${args.join(', ')})`;
}

/** PHP code for Kaltura's PHP client library (`KalturaClient.php`, with its `KalturaPlugins/`). */
export function phpCode(model: ExportModel): string {
  const state: PhpState = { plugins: new Set(), lines: [], names: new Set(['client', 'config', 'ks', 'result', 'results']) };
  const s = model.session;
  if (s.kind === 'ks' || s.kind === 'appToken') {
    if (s.kind === 'appToken') state.lines.push('// The environment uses an app token: start its session ($client->appToken->startSession) and set the KS here.');
    state.lines.push("$client->setKs(getenv('KALTURA_KS'));", '');
  } else if (s.kind === 'secret') {
    const args = [
      `getenv(${phpQuoted(s.env)})`,
      s.userId !== undefined ? phpQuoted(s.userId) : 'null',
      `KalturaSessionType::${s.type === 2 ? 'ADMIN' : 'USER'}`,
      model.partnerId ?? 'null',
      s.expiry !== undefined ? String(s.expiry) : 'null',
      s.privileges !== undefined ? phpQuoted(s.privileges) : 'null',
    ];
    while (args.length > 3 && args[args.length - 1] === 'null') args.pop();
    state.lines.push(`$ks = $client->session->start(${args.join(', ')});`, '$client->setKs($ks);', '');
  }
  if (model.multirequest) {
    state.lines.push('$client->startMultiRequest();');
    for (const call of model.calls) {
      const expression = phpCall(state, model, call);
      state.lines.push(`${expression};`);
    }
    state.lines.push('$results = $client->doMultiRequest();', 'print_r($results);');
  } else {
    const expression = phpCall(state, model, model.calls[0]);
    state.lines.push(`$result = ${expression};`, 'print_r($result);');
  }
  const lines = ['<?php', `// ${model.title}: exported by kreq for Kaltura's PHP client library (KalturaClient.php).`, '// Secrets are read from the environment (KALTURA_…), never written here.', ...model.skipped.map((s) => `// Not exported: ${s}`), "require_once 'KalturaClient.php';"];
  for (const p of [...state.plugins].sort()) lines.push(`require_once 'KalturaPlugins/${p}.php';`);
  lines.push('', '$config = new KalturaConfiguration();', `$config->serviceUrl = ${phpQuoted(model.serviceUrl)};`, '$client = new KalturaClient($config);');
  if (model.partnerId !== undefined) lines.push(`$client->setPartnerId(${model.partnerId});`);
  for (const c of model.common) lines.push(`$client->${SETTERS[c.name]}(${phpValue(state, c.value, c.name)});`);
  lines.push('', ...state.lines, '');
  return lines.join('\n');
}
