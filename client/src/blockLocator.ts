/**
 * Where the blocks of a .kreq document are, as the server's "▶ Send Request" CodeLenses say (the client does not
 * parse .kreq): a block's index, first line, last line and number of calls, for progress titles and for
 * knowing which notes an edit invalidates.
 */

import * as vscode from 'vscode';
import { type BlockReference, Commands } from '../../server/src/protocol';

export interface BlockSpan {
  /** 0-based, as `BlockReference.block`. */
  readonly index: number;
  /** 0-based line of the lens (the block's first line). */
  readonly startLine: number;
  /** 0-based last line before the next block (or the document's end). */
  readonly endLine: number;
  /** From the lens title (`… (multirequest, 3 calls)`); undefined when it does not say. */
  readonly calls?: number;
}

function blockIndexOf(lens: vscode.CodeLens): number | undefined {
  const command = lens.command;
  if (command?.command !== Commands.send) return undefined;
  const argument: unknown = command.arguments?.[0];
  const block = argument && typeof argument === 'object' ? (argument as BlockReference).block : undefined;
  return typeof block === 'number' && Number.isInteger(block) && block >= 0 ? block : undefined;
}

/** The blocks of a document, in order; empty when the server offers no lenses. */
export async function blockSpans(document: vscode.TextDocument): Promise<BlockSpan[]> {
  let lenses: vscode.CodeLens[] | undefined;
  try {
    lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 1000);
  } catch {
    return [];
  }
  const found = (lenses ?? [])
    .map((lens) => ({ lens, index: blockIndexOf(lens) }))
    .filter((entry): entry is { lens: vscode.CodeLens; index: number } => entry.index !== undefined)
    .sort((a, b) => a.lens.range.start.line - b.lens.range.start.line);
  return found.map(({ lens, index }, position) => {
    const next = found[position + 1];
    const count = /(\d+)\s+calls?\b/.exec(lens.command?.title ?? '');
    return {
      index,
      startLine: lens.range.start.line,
      endLine: next ? Math.max(lens.range.start.line, next.lens.range.start.line - 1) : Math.max(0, document.lineCount - 1),
      calls: count ? Number(count[1]) : undefined,
    };
  });
}

/** The block a reference names: by index, else the block holding the line. */
export function blockAt(spans: readonly BlockSpan[], reference: { readonly block?: number; readonly line?: number }): BlockSpan | undefined {
  if (reference.block !== undefined) return spans.find((span) => span.index === reference.block);
  if (reference.line === undefined) return undefined;
  const line = reference.line;
  return spans.find((span) => line >= span.startLine && line <= span.endLine)
    ?? (spans.length && line < spans[0].startLine ? spans[0] : undefined);
}
