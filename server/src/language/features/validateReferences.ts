/** Checks what values refer to: multirequest dependency tokens and `{{variables}}`. */

import type { BlockNode, DependencyToken, KreqDocument, ParamLine, VariableRef } from '../parser/kreqNodes';
import type { KalturaSchema } from '../schema/schemaIndex';
import type { TypeRef } from '../schema/schemaModel';
import type { DiagnosticSink } from './diagnosticSink';
import type { ResolvedCall } from './keyResolution';
import { typeLabel, walkPath } from './resultPath';
import { greedyTokenRange, isScalarType, scalarPathSuggestions, shownSpan, tokensOfValue, tokenWithPath } from './tokenReading';
import { captureSites, promptedNames } from '../flow/flowModel';

const BUILTIN_VARIABLES = new Set(['$env', '$dotenv', '$timestamp', '$uuid']);

const COMMON_PARAM_TOKEN = 'A dependency token in a common parameter refers to no call; put it under the call that needs it.';

/** Why a token's path ends on no single value, and what to read instead. */
function notScalarMessage(token: DependencyToken, type: TypeRef, suggestions: readonly string[]): string {
  const what = type.type === 'array' ? 'an array' : type.type === 'map' ? 'a map' : 'an object';
  const instead = suggestions.length ? ` Read one value instead, e.g. \`${tokenWithPath(token, suggestions[0])}\`.` : ' Read one of its values instead.';
  return `\`${token.text}\` ends on \`${typeLabel(type)}\`, ${what}, not one value: the server sends an empty string ('') in its place.${instead}`;
}

/** Checks the path of a token whose call number names an earlier call of the multirequest. */
function checkTokenPath(schema: KalturaSchema | undefined, sink: DiagnosticSink, token: DependencyToken, resolvedCalls: readonly ResolvedCall[]): void {
  const n = token.callNumber.value;
  const target = resolvedCalls[n - 1];
  if (!schema || !target?.action) return;
  const result = target.action.result;
  if (!result) {
    sink.add(token, 'token-void-result', `Call ${n} (\`${target.call.line.text.trim()}\`) returns nothing; the token would be empty.`);
    return;
  }
  const walk = walkPath(schema, result, token.segments.map((s) => s.text));
  if (walk.badSegment) {
    const seg = token.segments[walk.badSegment.index];
    sink.add(seg.text === '' ? token : seg, 'token-bad-path', `Call ${n} returns \`${typeLabel(result)}\`: ${walk.badSegment.reason}. The token would be empty.`);
    return;
  }
  // Spec §6 `token-not-scalar`: the server's path walk yields only a scalar; an object, array or map gives ''.
  if (walk.type && !isScalarType(walk.type)) {
    const suggestions = scalarPathSuggestions(schema, walk.type);
    const replacements = suggestions.map((s) => tokenWithPath(token, s));
    sink.add(token, 'token-not-scalar', notScalarMessage(token, walk.type, suggestions), replacements.length ? { replacements } : undefined);
  }
}

/** Why the index of a token in call `callNumber` names no earlier call; undefined when it does. */
function badIndexMessage(token: DependencyToken, callNumber: number, block: BlockNode): string | undefined {
  const n = token.callNumber.value;
  if (n >= 1 && n < callNumber) return undefined;
  const why = n === 0 ? 'calls are numbered from 1' : n === callNumber ? 'a call cannot use its own result' : n > block.calls.length ? `this block has ${block.calls.length} calls` : `call ${n} runs after this one`;
  return `\`${token.text}\` must refer to an earlier call (1–${callNumber - 1}): ${why}. The server would send it literally.`;
}

/**
 * Checks the tokens of one value written in call `callNumber` (0 for a common parameter) of `block`. The server
 * substitutes one token per value, from the first `{N:result` to the value's last `}` (spec §6): a broken span is
 * `token-multiple`; otherwise the first token's path is checked.
 */
function checkValueTokens(
  schema: KalturaSchema | undefined,
  sink: DiagnosticSink,
  line: ParamLine,
  callNumber: number,
  block: BlockNode,
  resolvedCalls: readonly ResolvedCall[],
): void {
  const tokens = tokensOfValue(line.value);
  const first = tokens[0];
  if (!first) return;
  if (block.calls.length < 2) {
    for (const token of tokens) {
      sink.add(token, 'token-outside-multirequest', 'A dependency token only works in a multirequest (a block with two or more calls); here it would be sent literally.');
    }
    return;
  }
  if (callNumber === 0) {
    for (const token of tokens) sink.add(token, 'token-bad-index', COMMON_PARAM_TOKEN);
    return;
  }
  const badIndex = badIndexMessage(first, callNumber, block);
  if (badIndex) {
    sink.add(first.callNumber, 'token-bad-index', badIndex);
    return;
  }
  const greedy = greedyTokenRange(line.value);
  if (greedy) {
    const cause = tokens.length > 1 ? 'Only one dependency token per value' : 'A `}` after a dependency token breaks it';
    sink.add(greedy, 'token-multiple', `${cause}: the server reads \`${shownSpan(greedy.text)}\` as one token (from the first \`{N:result\` to the value's last \`}\`) and sends an empty string ('') in its place.`);
    return;
  }
  checkTokenPath(schema, sink, first, resolvedCalls);
}

/** Checks every token in the block's values. */
export function checkBlockTokens(schema: KalturaSchema | undefined, sink: DiagnosticSink, block: BlockNode, resolvedCalls: readonly ResolvedCall[]): void {
  for (const line of block.commonParams) checkValueTokens(schema, sink, line, 0, block, resolvedCalls);
  for (const call of block.calls) for (const line of call.params) checkValueTokens(schema, sink, line, call.number, block, resolvedCalls);
}

/** Checks that every `{{name}}` is defined: by a file variable, a capture, a `# @prompt`, the environment or a built-in. */
export function checkVariables(
  sink: DiagnosticSink,
  doc: KreqDocument,
  environmentNames: ReadonlySet<string> | undefined,
  skippedLines: ReadonlySet<number> = new Set(),
): void {
  const defined = new Set([...doc.variables.map((v) => v.name.text), ...captureSites(doc).keys(), ...promptedNames(doc)]);
  const check = (v: VariableRef): void => {
    const name = v.name.text;
    if (BUILTIN_VARIABLES.has(name) || defined.has(name) || environmentNames?.has(name)) return;
    sink.add(v, 'unknown-variable', `Variable \`${name}\` is not defined: add \`@${name} = …\` to this file${environmentNames ? ' or define it in kreq.env.json' : ''}.`);
  };
  for (const line of doc.lines) {
    if (skippedLines.has(line.line)) continue;
    if (line.kind === 'param') {
      line.key.variables.forEach(check);
      line.value.parts.forEach((p) => p.kind === 'variable' && check(p));
    } else if (line.kind === 'variable') {
      line.value.parts.forEach((p) => p.kind === 'variable' && check(p));
    } else if (line.kind === 'assertion') {
      line.expected?.parts.forEach((p) => p.kind === 'variable' && check(p));
    }
  }
}
