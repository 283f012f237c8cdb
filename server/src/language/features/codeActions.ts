/** Code actions: quick fixes for diagnostics and token-form refactorings. */

import type { CodeAction, CodeActionContext, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KreqDocument } from '../parser/kreqNodes';
import type { LanguageServiceParams } from '../languageTypes';

export function getCodeActions(_params: LanguageServiceParams, _document: TextDocument, _range: Range, _context: CodeActionContext, _doc: KreqDocument): CodeAction[] {
  return [];
}
