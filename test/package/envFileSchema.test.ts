/**
 * schemas/kreq-env.schema.json (package.json `jsonValidation` for kreq.env.json and kreq.env.private.json): every
 * example env file is valid, wrong keys and values are not, and every reserved key of spec §7 is described.
 */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RESERVED_ENVIRONMENT_KEYS } from '../../server/src/node/environmentFiles';
import { REPO_ROOT } from '../support/repoPaths';
import { validate } from './jsonSchemaSubset';

const SCHEMA_FILE = path.join(REPO_ROOT, 'schemas', 'kreq-env.schema.json');
interface EnvSchema {
  readonly [keyword: string]: unknown;
  readonly $schema: string;
  readonly definitions: { readonly environment: { readonly properties: Record<string, { readonly description?: string }> } };
}
const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as EnvSchema;

function envFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : envFiles(file);
    return /^kreq\.env(\.private)?\.json$/.test(entry.name) ? [file] : [];
  });
}

describe('the JSON schema of the env files', () => {
  test('package.json points jsonValidation at it for both files', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { jsonValidation: Array<{ fileMatch: string[]; url: string }> } };
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: ['kreq.env.json', 'kreq.env.private.json'], url: './schemas/kreq-env.schema.json' }]);
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  });

  test('describes every reserved key of an environment', () => {
    const described = schema.definitions.environment.properties;
    assert.deepEqual(Object.keys(described).sort(), [...RESERVED_ENVIRONMENT_KEYS].sort());
    for (const [key, property] of Object.entries(described)) assert.ok(property.description, `${key} has a description`);
  });

  const examples = envFiles(path.join(REPO_ROOT, 'examples'));
  test('there are example env files', () => assert.ok(examples.length > 0));
  for (const file of examples) {
    test(`accepts ${path.relative(REPO_ROOT, file)}`, () => {
      assert.deepEqual(validate(JSON.parse(fs.readFileSync(file, 'utf8')), schema), []);
    });
  }

  const valid: Array<[string, unknown]> = [
    ['spec §7 committed file', {
      $shared: { clientTag: 'my-team' },
      prod: { serviceUrl: 'https://www.kaltura.com', partnerId: 1234567, session: { type: 'ADMIN', userId: 'me@example.com' } },
      sandbox: { serviceUrl: 'http://127.0.0.1:8765', partnerId: 100, pageSize: 10 },
    }],
    ['spec §7 private file', { prod: { adminSecret: '{{$env KALTURA_ADMIN_SECRET}}' }, sandbox: { adminSecret: 'sandbox-admin-secret' } }],
    ['references, numeric session type, app token, schema, variables', {
      $schema: './schemas/kreq-env.schema.json',
      ci: {
        partnerId: '{{$env KALTURA_PARTNER_ID}}', serviceUrl: '{{$dotenv URL}}', session: { type: 0, expiry: 3600, privileges: 'disableentitlement' },
        appToken: { id: '0_tok', token: '{{$env TOKEN}}', hashType: 'sha256' }, schema: './api_schema.xml', flag: true, count: 3,
      },
    }],
    ['lower-case session type, as kreq reads it', { prod: { session: { type: 'admin' } } }],
  ];
  for (const [name, value] of valid) {
    test(`accepts: ${name}`, () => assert.deepEqual(validate(value, schema), []));
  }

  const invalid: Array<[string, unknown, RegExp]> = [
    ['an unknown session type', { prod: { session: { type: 'ADMINN' } } }, /\$\.prod\.session\.type: "ADMINN" matches none of anyOf/],
    ['a misspelt session key', { prod: { session: { typ: 'ADMIN' } } }, /\$\.prod\.session\.typ: not allowed/],
    ['a partnerId that is not a number', { prod: { partnerId: 'abc' } }, /\$\.prod\.partnerId: "abc" matches none of anyOf/],
    ['a negative partnerId', { prod: { partnerId: -1 } }, /\$\.prod\.partnerId: -1 matches none of anyOf/],
    ['an unknown hash type', { prod: { appToken: { id: 'a', token: 'b', hashType: 'SHA3' } } }, /\$\.prod\.appToken\.hashType/],
    ['a misspelt appToken key', { prod: { appToken: { id: 'a', tokn: 'b' } } }, /\$\.prod\.appToken\.tokn: not allowed/],
    ['an environment that is not an object', { prod: 'https://www.kaltura.com' }, /\$\.prod: string is not object/],
    ['a serviceUrl that is not http(s)', { prod: { serviceUrl: 'www.kaltura.com' } }, /\$\.prod\.serviceUrl: "www\.kaltura\.com" matches none of anyOf/],
    ['a variable holding an object', { prod: { filter: { a: 1 } } }, /\$\.prod\.filter: object is not string or number or boolean/],
    ['an unknown $ key', { $sharde: {} }, /\$\.\$sharde: not allowed/],
    ['a session expiry of 0', { prod: { session: { expiry: 0 } } }, /\$\.prod\.session\.expiry: 0 matches none of anyOf/],
  ];
  for (const [name, value, expected] of invalid) {
    test(`rejects ${name}`, () => {
      const problems = validate(value, schema);
      assert.ok(problems.some((p) => expected.test(p)), `${expected} among:\n${problems.join('\n')}`);
    });
  }
});
