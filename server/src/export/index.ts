/** The export generator's entry point: one block of a parsed document → code for a Kaltura client library (pure, no I/O). */

import type { BlockNode, KalturaSchema, KreqDocument } from '../language/index';
import { buildExportModel, type ExportSettings } from './exportModel';
import { nodeCode, typeScriptCode } from './exportJavaScript';
import { pythonCode } from './exportPython';
import { phpCode } from './exportPhp';

export type { ExportSettings } from './exportModel';
export { environmentName, exportSettingsOf } from './exportModel';

/** Languages written by the generator; `curl` is the engine's `kreq.copyAsCurl` text, not generated here. */
export const GENERATED_LANGUAGES = ['node', 'ts', 'python', 'php'] as const;
export type GeneratedLanguage = (typeof GENERATED_LANGUAGES)[number];

export type ExportResult = { readonly code: string } | { readonly problem: string };

/** The code of `block` for `language`, or why it cannot be written. */
export function exportBlockCode(document: KreqDocument, block: BlockNode, schema: KalturaSchema | undefined, settings: ExportSettings, language: GeneratedLanguage): ExportResult {
  const built = buildExportModel(document, block, schema, settings);
  if ('problem' in built) return built;
  switch (language) {
    case 'node':
      return { code: nodeCode(built.model) };
    case 'ts':
      return { code: typeScriptCode(built.model) };
    case 'python':
      return { code: pythonCode(built.model) };
    case 'php':
      return { code: phpCode(built.model) };
  }
}
