/** Code actions: quick fixes for kreq diagnostics ("did you mean", missing parameters, abstract types, tokens that read no single value) and token-form rewrites. */

import { CodeActionKind, type CodeAction, type CodeActionContext, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CallNode, DependencyToken, KreqDocument, LineNode } from '../parser/kreqNodes';
import { DIAGNOSTIC_SOURCE, type DiagnosticData, type LanguageServiceParams } from '../languageTypes';
import { resolveCall, writtenTopLevelNames } from './keyResolution';
import { lineAtOffset, placeOfLine } from './nodeAtOffset';

/** At most this many "Add `objectType`" actions per diagnostic. */
const MAX_CONCRETE_CLASSES = 30;

interface ActionContext {
  readonly params: LanguageServiceParams;
  readonly document: TextDocument;
  readonly doc: KreqDocument;
  readonly eol: string;
}

function lineEnding(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

function indentOf(line: LineNode): string {
  return /^[ \t]*/.exec(line.text)?.[0] ?? '';
}

function diagnosticData(d: Diagnostic): DiagnosticData | undefined {
  return d.data && typeof d.data === 'object' ? (d.data as DiagnosticData) : undefined;
}

function action(ctx: ActionContext, title: string, kind: string, edits: TextEdit[], diagnostics?: Diagnostic[], isPreferred?: boolean): CodeAction {
  const result: CodeAction = { title, kind, edit: { changes: { [ctx.document.uri]: edits } } };
  if (diagnostics) result.diagnostics = diagnostics;
  if (isPreferred) result.isPreferred = true;
  return result;
}

function replacementFix(ctx: ActionContext, d: Diagnostic, replacement: string, isPreferred = true): CodeAction | undefined {
  if (ctx.document.getText(d.range) === replacement) return undefined;
  return action(ctx, `Change to \`${replacement}\``, CodeActionKind.QuickFix, [{ range: d.range, newText: replacement }], [d], isPreferred);
}

/** One fix per alternative (`token-not-scalar`: `{1:result:id}` for `{1:result}`), the first preferred. */
function alternativeFixes(ctx: ActionContext, d: Diagnostic, replacements: readonly string[]): CodeAction[] {
  return replacements.flatMap((r, i) => replacementFix(ctx, d, r, i === 0) ?? []);
}

/** The call whose call line holds the diagnostic. */
function callOfDiagnostic(ctx: ActionContext, d: Diagnostic): CallNode | undefined {
  const line = lineAtOffset(ctx.doc, ctx.document.offsetAt(d.range.start));
  const place = line && placeOfLine(ctx.doc, line);
  return place?.call && place.call.line === line ? place.call : undefined;
}

/** The mandatory parameters the call lacks, as validation counts them; falls back to the diagnostics' data. */
function missingParams(ctx: ActionContext, call: CallNode, diagnostics: readonly Diagnostic[]): string[] {
  const schema = ctx.params.schema.kind === 'loaded' ? ctx.params.schema.schema : undefined;
  const resolved = resolveCall(schema, call);
  if (resolved.action) {
    const written = writtenTopLevelNames(call);
    return resolved.action.params.filter((p) => !p.optional && p.type !== 'array' && p.type !== 'map' && !written.has(p.name)).map((p) => p.name);
  }
  const names = diagnostics.flatMap((d) => diagnosticData(d)?.missing ?? []);
  return [...new Set(names)];
}

function missingParamsFix(ctx: ActionContext, call: CallNode, diagnostics: Diagnostic[]): CodeAction | undefined {
  const names = missingParams(ctx, call, diagnostics);
  if (names.length === 0) return undefined;
  const last = call.params.length ? call.params[call.params.length - 1] : call.line;
  const indent = indentOf(last);
  const at = ctx.document.positionAt(last.end);
  const newText = names.map((n) => `${ctx.eol}${indent}${n} = `).join('');
  return action(ctx, 'Add missing mandatory parameters', CodeActionKind.QuickFix, [{ range: { start: at, end: at }, newText }], diagnostics, true);
}

function abstractTypeFixes(ctx: ActionContext, d: Diagnostic): CodeAction[] {
  const data = diagnosticData(d);
  if (!data?.objectPath || !data.concreteClasses) return [];
  const line = lineAtOffset(ctx.doc, ctx.document.offsetAt(d.range.start));
  if (!line) return [];
  const at = ctx.document.positionAt(line.start);
  return data.concreteClasses.slice(0, MAX_CONCRETE_CLASSES).map((cls) => {
    const key = `${data.objectPath}:objectType = ${cls}`;
    return action(ctx, `Add \`${key}\``, CodeActionKind.QuickFix, [{ range: { start: at, end: at }, newText: `${indentOf(line)}${key}${ctx.eol}` }], [d]);
  });
}

/** Dependency tokens touching the offsets `[from, to]`. */
function tokensInRange(doc: KreqDocument, from: number, to: number): DependencyToken[] {
  const tokens: DependencyToken[] = [];
  for (const line of doc.lines) {
    if (line.fullEnd < from || line.start > to || line.kind !== 'param') continue;
    for (const part of line.value.parts) {
      if (part.kind === 'token' && part.start <= to && from <= part.end) tokens.push(part);
    }
  }
  return tokens;
}

function tokenFormRewrite(ctx: ActionContext, token: DependencyToken): CodeAction {
  const inner = token.text.slice(1, -1);
  const converted = token.form === 'curly' ? `<${inner}>` : `{${inner}}`;
  const range = { start: ctx.document.positionAt(token.start), end: ctx.document.positionAt(token.end) };
  return action(ctx, `Convert to \`${converted}\``, CodeActionKind.RefactorRewrite, [{ range, newText: converted }]);
}

function kreqDiagnostics(context: CodeActionContext): Diagnostic[] {
  return context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

function wanted(context: CodeActionContext, kind: string): boolean {
  return !context.only || context.only.some((only) => kind === only || kind.startsWith(`${only}.`));
}

export function getCodeActions(params: LanguageServiceParams, document: TextDocument, range: Range, context: CodeActionContext, doc: KreqDocument): CodeAction[] {
  const ctx: ActionContext = { params, document, doc, eol: lineEnding(doc.text) };
  const actions: CodeAction[] = [];
  if (wanted(context, CodeActionKind.QuickFix)) {
    const missingByCall = new Map<CallNode, Diagnostic[]>();
    for (const d of kreqDiagnostics(context)) {
      const replacement = diagnosticData(d)?.replacement;
      if (replacement !== undefined) {
        const fix = replacementFix(ctx, d, replacement);
        if (fix) actions.push(fix);
      }
      const replacements = diagnosticData(d)?.replacements;
      if (replacements) actions.push(...alternativeFixes(ctx, d, replacements));
      if (d.code === 'missing-param') {
        const call = callOfDiagnostic(ctx, d);
        if (call) missingByCall.set(call, [...(missingByCall.get(call) ?? []), d]);
      }
      if (d.code === 'abstract-type') actions.push(...abstractTypeFixes(ctx, d));
    }
    for (const [call, diagnostics] of missingByCall) {
      const fix = missingParamsFix(ctx, call, diagnostics);
      if (fix) actions.push(fix);
    }
  }
  if (wanted(context, CodeActionKind.RefactorRewrite)) {
    const from = document.offsetAt(range.start);
    const to = document.offsetAt(range.end);
    for (const token of tokensInRange(doc, Math.min(from, to), Math.max(from, to))) actions.push(tokenFormRewrite(ctx, token));
  }
  return actions;
}
