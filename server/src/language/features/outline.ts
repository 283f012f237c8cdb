/**
 * Document symbols (blocks, their calls, the calls' captures and assertions) and folding ranges (one per
 * block, one per call with parameters).
 */

import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AssertionLine, BlockNode, CallNode, CaptureLine, KreqDocument, LineNode } from '../parser/kreqNodes';

/** Symbols (blocks, calls, captures, assertions) per document at most, and folding ranges: a machine-made file
 *  of many thousand blocks would otherwise send an answer of hundreds of MB. */
export const MAX_OUTLINE_SYMBOLS = 5_000;
export const MAX_FOLDING_RANGES = 5_000;
/** Longer symbol names are cut, with `…`. */
const MAX_NAME_LENGTH = 200;

function shortName(name: string): string {
  return name.length > MAX_NAME_LENGTH ? `${name.slice(0, MAX_NAME_LENGTH - 1)}…` : name;
}

/** A block worth showing: the sole first block of a file of comments and variables only is not. */
function isRealBlock(block: BlockNode): boolean {
  return !!block.separator || block.calls.length > 0 || block.commonParams.length > 0;
}

/** The line that names a block: its separator, else its first non-blank line. */
function headLine(doc: KreqDocument, block: BlockNode): LineNode | undefined {
  if (block.separator) return block.separator;
  return doc.lines.find((l) => l.start >= block.start && l.kind !== 'blank' && l.kind !== 'variable' && l.kind !== 'comment') ??
    doc.lines.find((l) => l.start >= block.start);
}

function range(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

function callName(call: CallNode): string {
  return `${call.line.service.text}.${call.line.action?.text ?? ''}`;
}

/** The offset of a line's first non-blank character. */
function contentStart(line: LineNode): number {
  return line.start + (line.text.length - line.text.trimStart().length);
}

/** `> entryId` with the path as detail. */
function captureSymbol(document: TextDocument, line: CaptureLine): DocumentSymbol {
  const start = contentStart(line);
  return {
    name: shortName(`> ${line.name.text}`),
    detail: shortName(line.path.text),
    kind: SymbolKind.Variable,
    range: range(document, start, line.path.end),
    selectionRange: range(document, line.name.start, line.name.end),
  };
}

/** `?? result:status == READY`: subject, operator and expected value joined by one blank. */
function assertionSymbol(document: TextDocument, line: AssertionLine): DocumentSymbol {
  const end = line.expected?.end ?? line.operator.end;
  const text = [line.subject.text, line.operator.text, line.expected?.text].filter((t) => t !== undefined).join(' ');
  const start = contentStart(line);
  return {
    name: shortName(`?? ${text}`),
    kind: SymbolKind.Boolean,
    range: range(document, start, end),
    selectionRange: range(document, line.subject.start, end),
  };
}

/** A call's symbol with at most `budget.left` symbols in all (itself included). */
function callSymbol(document: TextDocument, call: CallNode, budget: { left: number }): DocumentSymbol {
  const head = call.line;
  const selectionEnd = head.action?.end ?? head.dot + 1;
  budget.left--;
  const captures = call.captures.slice(0, Math.max(0, budget.left));
  budget.left -= captures.length;
  const assertions = call.assertions.slice(0, Math.max(0, budget.left));
  budget.left -= assertions.length;
  const children = [...captures.map((c) => captureSymbol(document, c)), ...assertions.map((a) => assertionSymbol(document, a))];
  children.sort((a, b) => a.range.start.line - b.range.start.line);
  return {
    name: shortName(callName(call)),
    detail: `#${call.number}`,
    kind: SymbolKind.Method,
    range: range(document, call.start, Math.max(call.end, selectionEnd)),
    selectionRange: range(document, head.service.start, selectionEnd),
    ...(children.length > 0 ? { children } : {}),
  };
}

/** The outline: at most MAX_OUTLINE_SYMBOLS symbols, the first ones in document order. */
export function getDocumentSymbols(document: TextDocument, doc: KreqDocument): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  const budget = { left: MAX_OUTLINE_SYMBOLS };
  for (const block of doc.blocks) {
    if (budget.left <= 0) break;
    if (!isRealBlock(block)) continue;
    budget.left--;
    const calls: DocumentSymbol[] = [];
    for (const call of block.calls) {
      if (budget.left <= 0) break;
      calls.push(callSymbol(document, call, budget));
    }
    const head = headLine(doc, block);
    const selection = head ? { start: head.start + (head.text.length - head.text.trimStart().length), end: head.end } : { start: block.start, end: block.start };
    symbols.push({
      name: shortName(block.separator?.title?.text ?? `Block ${block.index + 1}`),
      kind: SymbolKind.Namespace,
      range: range(document, Math.min(block.start, selection.start), Math.max(block.end, selection.end)),
      selectionRange: range(document, selection.start, selection.end),
      children: calls,
    });
  }
  return symbols;
}

export function getFoldingRanges(document: TextDocument, doc: KreqDocument): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  for (const block of doc.blocks) {
    if (ranges.length >= MAX_FOLDING_RANGES) break;
    if (!isRealBlock(block)) continue;
    const startLine = block.separator?.line ?? headLine(doc, block)?.line ?? 0;
    const endLine = document.positionAt(block.end).line;
    if (endLine > startLine) ranges.push({ startLine, endLine, kind: FoldingRangeKind.Region });
    for (const call of block.calls) {
      const callEnd = document.positionAt(call.end).line;
      if (call.line.line !== startLine && callEnd > call.line.line) ranges.push({ startLine: call.line.line, endLine: callEnd });
    }
  }
  return ranges.length > MAX_FOLDING_RANGES ? ranges.slice(0, MAX_FOLDING_RANGES) : ranges;
}
