/**
 * Completion items for `{{variables}}`: file variables, captured and prompted names (with their current
 * values when the host has them), the environment's variables, then built-ins. Each completes to `}}`.
 */

import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver-types';
import type { KreqDocument } from '../parser/kreqNodes';
import type { CapturedValueInfo, LanguageServiceParams } from '../languageTypes';
import { captureSites } from '../flow/flowModel';
import { blockDirectives } from '../flow/directives';
import { markdown, type ContextOf, type DraftItem } from './completionItems';
import { blockLabel, callLabel, isoTime, outcomeSubjectOf, subjectTypeLabel } from './flowFacts';
import { code } from './hoverMarkdown';

const BUILTINS: readonly { name: string; detail: string; snippet?: string }[] = [
  { name: '$timestamp', detail: 'built-in: the current time in unix seconds' },
  { name: '$uuid', detail: 'built-in: a fresh UUID' },
  { name: '$env', detail: 'built-in: a process environment variable, `{{$env NAME}}`', snippet: '\\$env ${1:NAME}\\}\\}' },
  { name: '$dotenv', detail: 'built-in: a variable of the nearest `.env` file, `{{$dotenv NAME}}`', snippet: '\\$dotenv ${1:NAME}\\}\\}' },
];

/** The current value as completion shows it: in the detail and, with its source and time, in the documentation. */
function valueText(value: CapturedValueInfo | undefined): { detail: string; documentation: string } | undefined {
  if (!value) return undefined;
  return { detail: ` = ${value.shown}`, documentation: `Current value: ${code(value.shown)} — from ${value.source}, ${isoTime(value.at)}` };
}

/** Captured names (first capture of each), then names asked by `# @prompt`, skipping `seen` names. */
function flowVariableItems(params: LanguageServiceParams, documentUri: string, doc: KreqDocument, close: string, seen: Set<string>): DraftItem[] {
  const schema = params.schema.kind === 'loaded' ? params.schema.schema : undefined;
  const values = params.capturedValues?.(documentUri);
  const items: DraftItem[] = [];
  for (const [name, site] of captureSites(doc)) {
    if (seen.has(name)) continue;
    seen.add(name);
    const subject = outcomeSubjectOf(schema, site.call, site.line.path);
    const value = valueText(values?.get(name));
    items.push({
      label: name,
      labelDetails: { description: subject ? subjectTypeLabel(subject) : 'captured' },
      kind: CompletionItemKind.Variable,
      detail: `captured by ${callLabel(site.call)} (line ${site.line.line + 1})${value?.detail ?? ''}`,
      documentation: markdown(
        [`${code(`> ${name} = ${site.line.path.text}`)}${subject ? ` → ${code(subjectTypeLabel(subject))}` : ''}`, value?.documentation ?? `No value yet: send ${blockLabel(site.block)} first.`].join('\n\n'),
      ),
      sortText: `0${name}`,
      newText: name + close,
    });
  }
  for (const block of doc.blocks) {
    for (const prompt of blockDirectives(block).prompts) {
      const name = prompt.name.text;
      if (seen.has(name)) continue;
      seen.add(name);
      const value = valueText(values?.get(name));
      items.push({
        label: name,
        labelDetails: { description: 'prompt' },
        kind: CompletionItemKind.Variable,
        detail: `asked by # @prompt (line ${prompt.line.line + 1})${value?.detail ?? ''}`,
        documentation: markdown([prompt.description, value?.documentation ?? 'Asked before its block is sent.'].filter(Boolean).join('\n\n')),
        sortText: `0${name}`,
        newText: name + close,
      });
    }
  }
  return items;
}

/** Variables in scope: file variables, captures and prompts, the environment's, then built-ins. */
export function variableItems(params: LanguageServiceParams, documentUri: string, doc: KreqDocument, ctx: ContextOf<'variable'>): DraftItem[] {
  const close = ctx.closed ? '' : '}}';
  const items: DraftItem[] = [];
  const seen = new Set<string>();
  for (const v of doc.variables) {
    const name = v.name.text;
    if (seen.has(name) || v.start === ctx.scope.line.start) continue;
    seen.add(name);
    items.push({
      label: name,
      kind: CompletionItemKind.Variable,
      detail: 'file variable',
      documentation: markdown(`\`@${name} = ${v.value.text}\``),
      sortText: `0${name}`,
      newText: name + close,
    });
  }
  items.push(...flowVariableItems(params, documentUri, doc, close, seen));
  for (const name of params.environmentVariables?.(documentUri) ?? []) {
    if (seen.has(name)) continue;
    seen.add(name);
    items.push({
      label: name,
      kind: CompletionItemKind.Variable,
      detail: 'environment variable',
      sortText: `1${name}`,
      newText: name + close,
    });
  }
  BUILTINS.forEach(({ name, detail, snippet }, i) => {
    const base = { label: name, kind: CompletionItemKind.Constant, detail, sortText: `2${i}` };
    if (!snippet) items.push({ ...base, newText: name + close });
    else if (close) items.push({ ...base, newText: snippet, insertTextFormat: InsertTextFormat.Snippet });
    else items.push({ ...base, newText: `${name} ` });
  });
  return items;
}
