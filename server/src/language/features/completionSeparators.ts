/**
 * The other half of the typing rule: a separator typed by habit right after a completion item that already
 * wrote it (`media.` + `.`, `filter:` + `:`, `objectType = ` + ` = `) is dropped again, as an on-type edit.
 *
 * The typing rule: an item writes its name and, when something must follow it, the separator too (`media.`,
 * `filter:`, `objectType = `, `{1:result:`) and the next list opens; a name that can end the line or the token
 * (an action, a value, a scalar property) is written alone, so Enter after it opens a new line.
 */

import type { Position, TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** The characters the client reports (`documentOnTypeFormattingProvider`): the separators and the blank of ` = `. */
export const SEPARATOR_CHARACTERS = { first: '.', more: [':', '=', ' '] } as const;

/** `media..` on a call line, nothing after the cursor. */
const SERVICE_DOT_TWICE = /^[A-Za-z_][A-Za-z0-9_]*\.\.$/;
/** `filter::` left of `=` on a parameter line. */
const KEY_COLON_TWICE = /^[^\s=#>?@/][^\s=]*::$/;
/** `{1::`, `{1:result:objects::` in a dependency token. */
const TOKEN_COLON_TWICE = /[{<][0-9]+(?::[^:{}<>\s]+)*::$/;
/** `> x = result::`, `?? result:objects::` on a flow line. */
const OUTCOME_COLON_TWICE = /^(?:>\s*[A-Za-z0-9_]+\s*=\s*|\?\?\s*)(?:result|error)(?::[A-Za-z0-9_]+)*::$/;
/** `key = =` (and `key =  `): a key, its `=`, then a second `=` or a second blank, nothing else yet. */
const KEY_EQUALS_TWICE = /^([^\s=#>?@/][^\s=]*\s*=)(?:\s*=|\s{2,})$/;

/** What the line holds from its first non-blank character to the cursor, and whether only blanks follow. */
function lineAround(text: string, offset: number): { head: string; headStart: number; restBlank: boolean } {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n') start--;
  let end = offset;
  while (end < text.length && text[end] !== '\n') end++;
  const line = text.slice(start, offset);
  const lead = line.length - line.trimStart().length;
  return { head: line.slice(lead), headStart: start + lead, restBlank: text.slice(offset, end).trim() === '' };
}

/**
 * The edit (document offsets and new text) that drops the separator `ch` just typed before `offset` when it
 * doubles one already there; undefined when there is nothing to drop.
 */
export function doubledSeparatorEdit(text: string, offset: number, ch: string): { start: number; end: number; newText: string } | undefined {
  if (offset < 2 || text[offset - 1] !== ch) return undefined;
  const { head, headStart, restBlank } = lineAround(text, offset);
  const dropTyped = { start: offset - 1, end: offset, newText: '' };
  switch (ch) {
    case '.':
      return restBlank && SERVICE_DOT_TWICE.test(head) ? dropTyped : undefined;
    case ':':
      return KEY_COLON_TWICE.test(head) || TOKEN_COLON_TWICE.test(head) || OUTCOME_COLON_TWICE.test(head) ? dropTyped : undefined;
    case '=':
    case ' ': {
      const key = restBlank ? KEY_EQUALS_TWICE.exec(head) : null;
      return key ? { start: headStart + key[1].length, end: offset, newText: ' ' } : undefined;
    }
  }
  return undefined;
}

/** `doubledSeparatorEdit` at an LSP position, as text edits. */
export function doubledSeparatorEdits(document: TextDocument, position: Position, ch: string): TextEdit[] {
  const edit = doubledSeparatorEdit(document.getText(), document.offsetAt(position), ch);
  if (!edit) return [];
  return [{ range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, newText: edit.newText }];
}
