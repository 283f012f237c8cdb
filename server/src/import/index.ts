/** The import converter's only entry point: pasted cURL / API URL / API log text → a `.kreq` block (pure, no I/O). */

export { importKind, importText } from './importText';
export type { ImportResult, ImportSource } from './importTypes';
