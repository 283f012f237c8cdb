/** Hover: documentation for the service, action, key segment, value or token under the cursor. */

import type { Hover, Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KreqDocument } from '../parser/kreqNodes';
import type { LanguageServiceParams } from '../languageTypes';

export function doHover(_params: LanguageServiceParams, _document: TextDocument, _position: Position, _doc: KreqDocument): Hover | null {
  return null;
}
