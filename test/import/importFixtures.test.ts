/**
 * "Paste as kreq" / `kreq import` as data: each input of test/fixtures/import/*.txt (cURL, API URL, API log line)
 * becomes exactly the .kreq text beside it, which parses, checks clean against the 22.19.0 schema, and holds none of
 * the input's credentials.
 */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importText } from '../../server/src/import/index';
import { collectFindings, parseKreq } from '../../server/src/language/index';
import { realSchema, realSchemaStatus } from '../support/realSchema';
import { testData } from '../support/repoPaths';

const FIXTURES = testData('fixtures', 'import');

/** The credentials written in each input: none may reach the output. */
const SECRETS: Readonly<Record<string, readonly string[]>> = {
  'curl-form': ['djJ8MTIzNDU2N3xTRUNSRVRLU1ZBTFVFMDAxMjM0NTY3ODk='],
  'curl-json': ['djJ8MTIzNDU2N3xKU09OS1NTRUNSRVQwMDAwMDAwMDA='],
  'curl-upload': ['djJ8MTIzNDU2N3xVUExPQURLU1NFQ1JFVDAwMDAwMDAwMA=='],
  'curl-multirequest': ['djJ8MTIzNDU2N3xNVUxUSUtTU0VDUkVUMDAwMDAwMDA='],
  'url-query': ['djJ8MTIzNDU2N3xVUkxLU1NFQ1JFVDAwMDAwMDAwMDA', 'djJ8MTIzNDU2N3xVUkxLU1NFQ1JFVDAwMDAwMDAwMDA='],
  'url-path-pairs': ['PATHKSSECRET0000000000'],
  'log-multiline': ['LOGADMINSECRET0000'],
  'log-folded': ['FOLDEDKSSECRET00000000'],
  'log-access': ['ACCESSLOGKS000000000'],
};

const inputs = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.txt')).sort();

describe('import fixtures: input → .kreq text', () => {
  test('every fixture has its secrets listed', () => {
    assert.deepEqual(inputs.map((f) => f.replace(/\.txt$/, '')), Object.keys(SECRETS).sort());
  });

  for (const file of inputs) {
    const name = file.replace(/\.txt$/, '');
    test(name, () => {
      const input = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
      const expected = fs.readFileSync(path.join(FIXTURES, `${name}.kreq`), 'utf8');
      const result = importText(input, realSchema());
      assert.ok(!('problem' in result), 'problem' in result ? result.problem : '');
      assert.equal(result.kreq, expected);
      const document = parseKreq(result.kreq);
      assert.deepEqual(document.syntaxErrors, []);
      const findings = collectFindings({ schema: realSchemaStatus() }, `file:///${name}.kreq`, document);
      assert.deepEqual(findings.map((f) => `${f.severity} ${f.code}: ${f.message}`), []);
      for (const secret of SECRETS[name]) {
        assert.ok(!result.kreq.includes(secret), `the output holds the secret ${secret}`);
        assert.ok(!result.notes.join('\n').includes(secret), `a note holds the secret ${secret}`);
      }
    });
  }
});
