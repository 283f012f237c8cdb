/** The `kreq.importText` command: converts pasted text (cURL, Kaltura API URL, API log line) to a `.kreq` block with the import converter. */

import { importText } from '../import/index';
import type { KalturaSchema } from '../language/index';
import type { ImportTextResult } from '../protocol';
import { CommandError, type Json } from './commandArguments';

/** The longest text converted: a paste larger than this is no single request. */
const MAX_IMPORT_CHARACTERS = 1024 * 1024;

/** Reads `{ text }` and converts it; a text that is not importable is answered as `{ problem }`, not as an error. */
export function importTextCommand(args: Json, schema: KalturaSchema | undefined): ImportTextResult {
  const text = args.text;
  if (typeof text !== 'string') throw new CommandError('`text` must be the text to import');
  if (text.length > MAX_IMPORT_CHARACTERS) return { problem: `The text has ${text.length} characters; an import reads at most ${MAX_IMPORT_CHARACTERS}.` };
  return importText(text, schema);
}
