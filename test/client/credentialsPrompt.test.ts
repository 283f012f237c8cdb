/**
 * The pure parts of the credentials prompt and of the failure notice: reading `CREDENTIALS_NEEDED_ERROR`, where the
 * private file goes, the `adminSecret` entry added to it (placeholder selected), and which environment file opens.
 */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { credentialsNeeded, privateFileFor } from '../../client/src/credentialsNeeded';
import { environmentFileToOpen, newEnvironmentFileText } from '../../client/src/environmentFileLocator';
import { addAdminSecretEntry, SECRET_PLACEHOLDER } from '../../client/src/privateEnvironmentEntry';
import { CREDENTIALS_NEEDED_ERROR, PROMPTS_NEEDED_ERROR } from '../../server/src/protocol';

const DATA = { environment: 'sandbox', serviceUrl: 'http://127.0.0.1:8765', files: ['/w/kreq.env.json'], line: 3, message: 'media.list needs a KS.' };

describe('credentialsNeeded', () => {
  test('reads the data of CREDENTIALS_NEEDED_ERROR; anything else is not it', () => {
    assert.deepEqual(credentialsNeeded({ code: CREDENTIALS_NEEDED_ERROR, message: 'x', data: DATA }), DATA);
    assert.deepEqual(credentialsNeeded({ code: CREDENTIALS_NEEDED_ERROR, data: { serviceUrl: 'https://x', message: 'm' } }), { environment: undefined, serviceUrl: 'https://x', files: [], line: 0, message: 'm' });
    for (const other of [undefined, 'x', { code: PROMPTS_NEEDED_ERROR, data: DATA }, { code: CREDENTIALS_NEEDED_ERROR }, { code: CREDENTIALS_NEEDED_ERROR, data: { message: 'm' } }]) {
      assert.equal(credentialsNeeded(other), undefined, JSON.stringify(other));
    }
  });

  test('the private file: the one listed, else beside the first file, else in the fallback folder', () => {
    assert.equal(privateFileFor({ ...DATA, files: ['/w/kreq.env.json', '/w/kreq.env.private.json'] }, '/f'), '/w/kreq.env.private.json');
    assert.equal(privateFileFor(DATA, '/f'), path.join('/w', 'kreq.env.private.json'));
    assert.equal(privateFileFor({ ...DATA, files: [] }, '/f'), path.join('/f', 'kreq.env.private.json'));
    assert.equal(privateFileFor({ ...DATA, files: [] }, undefined), undefined);
  });
});

/** The edit's text with the selected range marked `[…]`. */
function marked(text: string | undefined, environment: string): string {
  const edit = addAdminSecretEntry(text, environment);
  return `${edit.text.slice(0, edit.start)}[${edit.text.slice(edit.start, edit.end)}]${edit.text.slice(edit.end)}`;
}

const P = SECRET_PLACEHOLDER;

const ENTRY_CASES: ReadonlyArray<{ readonly name: string; readonly text: string | undefined; readonly expected: string }> = [
  { name: 'no file: a new one', text: undefined, expected: `{\n  "sandbox": {\n    "adminSecret": "[${P}]"\n  }\n}\n` },
  {
    name: 'the environment exists: the key goes first in it',
    text: '{\n  "sandbox": {\n    "userSecret": "u"\n  }\n}\n',
    expected: `{\n  "sandbox": {\n    "adminSecret": "[${P}]",\n    "userSecret": "u"\n  }\n}\n`,
  },
  { name: 'an empty environment', text: '{ "sandbox": {} }', expected: `{ "sandbox": {\n    "adminSecret": "[${P}]"\n  } }` },
  {
    name: 'another environment only: a new entry first, comments kept',
    text: '// mine\n{\n  "prod": { "adminSecret": "p" }\n}\n',
    expected: `// mine\n{\n  "sandbox": {\n    "adminSecret": "[${P}]"\n  },\n  "prod": { "adminSecret": "p" }\n}\n`,
  },
  { name: 'an empty object', text: '{}', expected: `{\n  "sandbox": {\n    "adminSecret": "[${P}]"\n  }\n}` },
  { name: 'the key is there: its value is selected, nothing changes', text: '{ "sandbox": { "adminSecret": "old" } }', expected: '{ "sandbox": { "adminSecret": "[old]" } }' },
  { name: 'not an object: unchanged', text: '[1]', expected: '[][1]' },
];

describe('addAdminSecretEntry', () => {
  for (const c of ENTRY_CASES) {
    test(c.name, () => {
      assert.equal(marked(c.text, 'sandbox'), c.expected);
      const edit = addAdminSecretEntry(c.text, 'sandbox');
      if (edit.changed) JSON.parse(edit.text.replace(/^\s*\/\/.*$/gm, ''));
    });
  }
});

describe('environmentFileToOpen', () => {
  test('the nearest file that defines the environment, else the nearest file, else none', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-envfile-'));
    try {
      fs.mkdirSync(path.join(root, 'sub'));
      fs.writeFileSync(path.join(root, 'kreq.env.json'), JSON.stringify({ sandbox: {} }));
      fs.writeFileSync(path.join(root, 'sub', 'kreq.env.json'), '{ "prod": {}, }');
      const document = path.join(root, 'sub', 'a.kreq');
      assert.equal(environmentFileToOpen(document, 'sandbox', root), path.join(root, 'kreq.env.json'));
      assert.equal(environmentFileToOpen(document, 'nowhere', root), path.join(root, 'sub', 'kreq.env.json'));
      assert.equal(environmentFileToOpen(document, undefined, root), path.join(root, 'sub', 'kreq.env.json'));
      assert.equal(environmentFileToOpen(document, 'sandbox', path.join(root, 'sub')), path.join(root, 'sub', 'kreq.env.json'));
      fs.rmSync(path.join(root, 'sub', 'kreq.env.json'));
      fs.rmSync(path.join(root, 'kreq.env.json'));
      assert.equal(environmentFileToOpen(document, 'sandbox', root), undefined);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a new kreq.env.json names the environment and its serviceUrl', () => {
    assert.deepEqual(JSON.parse(newEnvironmentFileText('sandbox', 'http://127.0.0.1:9', true)), { sandbox: { serviceUrl: 'http://127.0.0.1:9', partnerId: 100 } });
  });
});
