/**
 * "Copy as Code" / `kreq export` as data: each block of test/fixtures/export/*.kreq becomes exactly the code beside it
 * (`<name>.<language>.txt`) for Node, TypeScript, Python and PHP, and no output holds a secret's value.
 * KREQ_UPDATE_EXPORT_FIXTURES=1 rewrites the expected files (review the diff).
 */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseKreq } from '../../server/src/language/index';
import { exportBlockCode } from '../../server/src/export/index';
import { realSchema } from '../support/realSchema';
import { CASES, ENVIRONMENT_SECRET, expectedPath, exportCase, fixtureSettings, GENERATED_LANGUAGES } from './exportCases';

const UPDATE = process.env.KREQ_UPDATE_EXPORT_FIXTURES === '1';

describe('export fixtures: block → code', () => {
  test('the fixtures cover a single call, objects and enums, a multirequest with tokens, a file, secrets and a plugin', () => {
    assert.deepEqual(CASES, ['file-upload', 'multirequest-tokens', 'object-enums', 'plugin-service', 'session-secret', 'single-call']);
  });

  for (const name of CASES) {
    for (const language of GENERATED_LANGUAGES) {
      test(`${name} as ${language}`, () => {
        const code = exportCase(name, language);
        if (UPDATE) fs.writeFileSync(expectedPath(name, language), code);
        assert.equal(code, fs.readFileSync(expectedPath(name, language), 'utf8'));
        for (const secret of [ENVIRONMENT_SECRET, 'do-not-export-this-secret', 'never-exported-variable']) {
          assert.ok(!code.includes(secret), `the ${language} code of ${name} holds the secret ${secret}`);
        }
      });
    }
  }
});

describe('export: what cannot be exported is said', () => {
  test('a call the schema does not know', () => {
    const document = parseKreq('noSuchService.list\n');
    const result = exportBlockCode(document, document.blocks[0], realSchema(), fixtureSettings(), 'node');
    assert.ok('problem' in result && /not in the schema/.test(result.problem), JSON.stringify(result));
  });

  test('no schema', () => {
    const document = parseKreq('media.list\n');
    const result = exportBlockCode(document, document.blocks[0], undefined, fixtureSettings(), 'python');
    assert.ok('problem' in result && /schema/.test(result.problem), JSON.stringify(result));
  });

  test('keys the libraries have no place for are kept as comments, values of secret keys masked', () => {
    const document = parseKreq('media.list\nnoSuchParam = 1\nfilter:noSuchProperty = x\n');
    const result = exportBlockCode(document, document.blocks[0], realSchema(), fixtureSettings(), 'node');
    assert.ok('code' in result);
    assert.match(result.code, /\/\/ Not exported: noSuchParam = 1/);
    assert.match(result.code, /\/\/ Not exported: filter:noSuchProperty = x/);
  });

  test('common parameters the libraries set themselves are said, client settings are set', () => {
    const document = parseKreq('format = 1\nclientTag = mine\nsecret = {{adminSecret}}\n\nmedia.list\n');
    const result = exportBlockCode(document, document.blocks[0], realSchema(), fixtureSettings(), 'python');
    assert.ok('code' in result);
    assert.match(result.code, /^# Not exported: format = 1$/m);
    assert.match(result.code, /^# Not exported: secret = <secret>$/m);
    assert.match(result.code, /^client\.setClientTag\("mine"\)$/m);
  });
});
