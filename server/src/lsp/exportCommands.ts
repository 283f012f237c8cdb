/** The `kreq.exportBlock` command: a block as code for a Kaltura client library (the export generator), or as cURL (`kreq.copyAsCurl`). */

import { exportBlockCode, exportSettingsOf } from '../export/index';
import type { KalturaSchema } from '../language/index';
import { EXPORT_LANGUAGES, type CurlArguments, type ExportBlockResult, type ExportLanguage } from '../protocol';
import { CommandError, optional, readReference, type Json } from './commandArguments';
import type { CommandSupport } from './commandSupport';

/** Reads `{ uri, block?, line?, language, environment? }` and writes the block; a block that cannot be exported is
 *  answered as `{ problem }`. `curl` is what `copyAsCurl` answers (secrets redacted). */
export async function exportBlockCommand(
  support: CommandSupport,
  args: Json,
  schema: KalturaSchema | undefined,
  copyAsCurl: (args: CurlArguments) => Promise<unknown>,
): Promise<ExportBlockResult | unknown> {
  const reference = readReference(args);
  const language = optional<string>(args, 'language', 'string');
  if (!language || !(EXPORT_LANGUAGES as readonly string[]).includes(language)) throw new CommandError(`\`language\` must be one of ${EXPORT_LANGUAGES.join(', ')}`);
  const environment = optional<string>(args, 'environment', 'string');
  if (language === 'curl') {
    const curl = await copyAsCurl({ ...reference, ...(environment !== undefined ? { environment } : {}) });
    return typeof curl === 'string' ? { code: curl, language } : curl;
  }
  const located = support.locate(reference);
  const chosen = await support.chooseEnvironment(reference.uri, environment);
  const result = exportBlockCode(located.model, located.block, schema, exportSettingsOf(chosen.environment), language as Exclude<ExportLanguage, 'curl'>);
  return 'code' in result ? { code: result.code, language } : result;
}
