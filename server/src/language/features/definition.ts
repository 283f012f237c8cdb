/** Go to definition: from a dependency token to the call line it refers to. */

import type { Location, Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KreqDocument } from '../parser/kreqNodes';

export function findDefinition(_document: TextDocument, _position: Position, _doc: KreqDocument): Location | null {
  return null;
}
