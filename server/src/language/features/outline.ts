/** Document symbols (blocks and their calls) and folding ranges (one per block). */

import type { DocumentSymbol, FoldingRange } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KreqDocument } from '../parser/kreqNodes';

export function getDocumentSymbols(_document: TextDocument, _doc: KreqDocument): DocumentSymbol[] {
  return [];
}

export function getFoldingRanges(_document: TextDocument, _doc: KreqDocument): FoldingRange[] {
  return [];
}
