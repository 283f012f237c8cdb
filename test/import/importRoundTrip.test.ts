/**
 * Import is the inverse of sending (spec §8): for every block of examples/*.kreq that builds, the request kreq would
 * send, written as "Copy as cURL" writes it, imported back gives a block whose request is the same — URL, fields in
 * order (as the server reads them), files — once the prompts for the credentials are answered with the values the cURL command carried.
 */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildWireRequest, curlCommand, type WireRequest } from '../../server/src/engine/index';
import { importText } from '../../server/src/import/index';
import { parseKreq } from '../../server/src/language/index';
import { buildInput, environment } from '../engine/engineInputs';
import { realSchema } from '../support/realSchema';
import { REPO_ROOT } from '../support/repoPaths';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const ENV = environment({
  serviceUrl: 'https://k.example.com',
  partnerId: '123',
  variables: { userId: 'me@example.com', pageSize: '5', entryId: '0_entry1' },
});
const PROCESS_ENV = { KALTURA_ADMIN_SECRET: 'sandbox-admin-secret', KALTURA_PARTNER_ID: '100' };
/** Keys whose value the import turns into a prompt, and the prompt's name. */
const PROMPTED: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/(^|:)ks$/, ['ks']],
  [/(^|:)secret$/, ['adminSecret', 'userSecret']],
  [/(^|:)tokenHash$/, ['tokenHash']],
  [/(^|:)password$/, ['password']],
];

/** The answers to the import's prompts: the credentials the request carried. */
function answers(request: WireRequest): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of request.fields) {
    for (const [pattern, names] of PROMPTED) if (pattern.test(key) && !value.includes(':result')) for (const name of names) found.set(name, value);
  }
  return found;
}

/** The fields as the server reads them: a key given twice keeps its first place and its last value (PHP's form
 *  parsing), which is what the import writes (mistakes.kreq has such a block). */
function serverFields(fields: WireRequest['fields']): Array<[string, string]> {
  return [...new Map(fields.map(([k, v]) => [k, v] as [string, string]))];
}

function comparable(request: WireRequest) {
  return { url: request.url, fields: serverFields(request.fields), files: request.files.map((f) => `${f.field}=@${f.path}`), multirequest: request.multirequest };
}

describe('import round trip: examples → wire → cURL → import → wire', () => {
  const files = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.kreq')).sort();
  let roundTrips = 0;
  let multirequests = 0;
  let withFiles = 0;
  for (const file of files) {
    const documentPath = path.join(EXAMPLES, file);
    const text = fs.readFileSync(documentPath, 'utf8');
    parseKreq(text).blocks.forEach((_block, index) => {
      test(`${file} block ${index + 1}`, (t) => {
        const built = buildWireRequest({ ...buildInput(text, { block: index, environment: ENV, schema: realSchema(), documentPath, processEnv: PROCESS_ENV }) });
        if ('problems' in built) {
          t.skip(`does not build alone: ${built.problems[0].message}`);
          return;
        }
        const curl = curlCommand(built.request, [], true);
        const imported = importText(curl, realSchema());
        assert.ok(!('problem' in imported), 'problem' in imported ? imported.problem : '');
        const rebuilt = buildWireRequest({
          ...buildInput(imported.kreq, { environment: ENV, schema: realSchema(), documentPath, processEnv: PROCESS_ENV }),
          overrides: answers(built.request),
        });
        assert.ok(!('problems' in rebuilt), 'problems' in rebuilt ? rebuilt.problems.map((p) => p.message).join('; ') : '');
        assert.deepEqual(comparable(rebuilt.request), comparable(built.request), imported.kreq);
        roundTrips++;
        if (built.request.multirequest) multirequests++;
        if (built.request.files.length > 0) withFiles++;
      });
    });
  }
  test('most example blocks made the round trip, multirequests and uploads among them', () => {
    assert.ok(roundTrips >= 10, `only ${roundTrips} blocks made the round trip`);
    assert.ok(multirequests >= 2 && withFiles >= 1, `${multirequests} multirequests, ${withFiles} blocks with files`);
  });
});
