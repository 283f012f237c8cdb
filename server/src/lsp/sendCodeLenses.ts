/**
 * The "▶ Send Request" CodeLens over each block that holds a call, running `kreq.send` for that block, and
 * "▶▶ Send All" on the first line of a file with two blocks or more, running `kreq.sendAll`.
 */

import type { CodeLens } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KreqDocument } from '../language/index';
import { Commands, type BlockReference, type SendAllArguments } from '../protocol';

/** `▶ Send Request`, or `▶ Send Request (multirequest, 3 calls)` for a block of several calls. */
export function sendLensTitle(callCount: number): string {
  return callCount === 1 ? '▶ Send Request' : `▶ Send Request (multirequest, ${callCount} calls)`;
}

/** One lens per block with at least one call, on the block's separator line, else on its first call line. */
export function sendCodeLenses(document: TextDocument, model: KreqDocument): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const block of model.blocks) {
    if (block.calls.length === 0) continue;
    const line = block.separator ?? block.calls[0].line;
    const title = sendLensTitle(block.calls.length);
    const argument: BlockReference = { uri: document.uri, block: block.index };
    lenses.push({
      range: { start: document.positionAt(line.start), end: document.positionAt(line.end) },
      command: { title, command: Commands.send, arguments: [argument] },
    });
  }
  return lenses;
}

/** `▶▶ Send All (3 blocks)`. */
export function sendAllLensTitle(blockCount: number): string {
  return `▶▶ Send All (${blockCount} blocks)`;
}

/** The Send All lens on the document's first line, when two blocks or more hold calls; else none. */
export function sendAllCodeLens(document: TextDocument, model: KreqDocument): CodeLens[] {
  const count = model.blocks.filter((block) => block.calls.length > 0).length;
  if (count < 2) return [];
  const argument: SendAllArguments = { uri: document.uri };
  const firstLine = model.lines[0];
  const end = firstLine ? document.positionAt(firstLine.end) : { line: 0, character: 0 };
  return [{ range: { start: { line: 0, character: 0 }, end }, command: { title: sendAllLensTitle(count), command: Commands.sendAll, arguments: [argument] } }];
}
