/** Checks what values refer to: multirequest dependency tokens and `{{variables}}`. */

import type { BlockNode, DependencyToken, KreqDocument, ParamLine, VariableRef } from '../parser/kreqNodes';
import type { KalturaSchema } from '../schema/schemaIndex';
import type { DiagnosticSink } from './diagnosticSink';
import type { ResolvedCall } from './keyResolution';
import { typeLabel, walkPath } from './resultPath';
import { captureSites, promptedNames } from '../flow/flowModel';

const BUILTIN_VARIABLES = new Set(['$env', '$dotenv', '$timestamp', '$uuid']);

function tokensOf(line: ParamLine): DependencyToken[] {
  return line.value.parts.filter((p): p is DependencyToken => p.kind === 'token');
}

/** Checks one token written in call `callNumber` (0 for a common parameter) of `block`. */
function checkToken(
  schema: KalturaSchema | undefined,
  sink: DiagnosticSink,
  token: DependencyToken,
  callNumber: number,
  block: BlockNode,
  resolvedCalls: readonly ResolvedCall[],
): void {
  if (block.calls.length < 2) {
    sink.add(token, 'token-outside-multirequest', 'A dependency token only works in a multirequest (a block with two or more calls); here it would be sent literally.');
    return;
  }
  const n = token.callNumber.value;
  if (callNumber === 0) {
    sink.add(token, 'token-bad-index', 'A dependency token in a common parameter refers to no call; put it under the call that needs it.');
    return;
  }
  if (n < 1 || n >= callNumber) {
    const why = n === 0 ? 'calls are numbered from 1' : n === callNumber ? 'a call cannot use its own result' : n > block.calls.length ? `this block has ${block.calls.length} calls` : `call ${n} runs after this one`;
    sink.add(token.callNumber, 'token-bad-index', `\`${token.text}\` must refer to an earlier call (1–${callNumber - 1}): ${why}. The server would send it literally.`);
    return;
  }
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
  }
}

/** Checks every token in the block's values. */
export function checkBlockTokens(schema: KalturaSchema | undefined, sink: DiagnosticSink, block: BlockNode, resolvedCalls: readonly ResolvedCall[]): void {
  const lines: [ParamLine, number][] = [
    ...block.commonParams.map((p): [ParamLine, number] => [p, 0]),
    ...block.calls.flatMap((c) => c.params.map((p): [ParamLine, number] => [p, c.number])),
  ];
  for (const [line, callNumber] of lines) {
    const tokens = tokensOf(line);
    tokens.forEach((token, i) => {
      if (i > 0) {
        sink.add(token, 'token-multiple', 'Only one dependency token per value: the server reads the value as one broken token and sends an empty string.');
        return;
      }
      checkToken(schema, sink, token, callNumber, block, resolvedCalls);
    });
  }
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
