/** The export fixtures and the settings they are written with, shared by the export tests. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportBlockCode, exportSettingsOf, GENERATED_LANGUAGES, type ExportSettings, type GeneratedLanguage } from '../../server/src/export/index';
import { parseKreq, type KreqDocument } from '../../server/src/language/index';
import { realSchema } from '../support/realSchema';
import { testData } from '../support/repoPaths';

export const EXPORT_FIXTURES = testData('fixtures', 'export');

/** The secret of the environment the fixtures are exported with: it must never appear in any output. */
export const ENVIRONMENT_SECRET = 'sandbox-admin-secret';

/** Export settings as the environment "sandbox" of a kreq.env.json gives them (its secret included, to prove it is left out). */
export function fixtureSettings(serviceUrl = 'http://127.0.0.1:8765'): ExportSettings {
  return exportSettingsOf({
    serviceUrl,
    partnerId: '100',
    adminSecret: ENVIRONMENT_SECRET,
    session: { type: 'ADMIN', userId: 'me@example.com' },
    variables: new Map([
      ['userId', 'me@example.com'],
      ['namePart', 'Ocean'],
      ['pageSize', '5'],
      ['secretWord', 'never-exported-variable'],
    ]),
  });
}

export const CASES: readonly string[] = fs
  .readdirSync(EXPORT_FIXTURES)
  .filter((f) => f.endsWith('.kreq'))
  .map((f) => f.replace(/\.kreq$/, ''))
  .sort();

export function readCase(name: string): KreqDocument {
  return parseKreq(fs.readFileSync(path.join(EXPORT_FIXTURES, `${name}.kreq`), 'utf8'));
}

/** The expected output of `name` in `language`: `<name>.<language>.txt` (not `.ts`/`.js`, which the build would compile). */
export function expectedPath(name: string, language: GeneratedLanguage): string {
  return path.join(EXPORT_FIXTURES, `${name}.${language}.txt`);
}

/** The code of the fixture's one block with calls; throws when it cannot be exported. */
export function exportCase(name: string, language: GeneratedLanguage, settings = fixtureSettings()): string {
  const document = readCase(name);
  const block = document.blocks.find((b) => b.calls.length > 0);
  if (!block) throw new Error(`${name}.kreq has no block with a call`);
  const result = exportBlockCode(document, block, realSchema(), settings, language);
  if ('problem' in result) throw new Error(`${name} (${language}): ${result.problem}`);
  return result.code;
}

export { GENERATED_LANGUAGES };
