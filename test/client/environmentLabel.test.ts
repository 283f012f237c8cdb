import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { copiedKsMessage, environmentDescription, environmentStatusText, sessionDescription } from '../../client/src/environmentLabel';
import type { EnvironmentDetails, SessionKs } from '../../server/src/protocol';

const NOW = 1_800_000_000_000;
const HOUR = 3_600_000;

const CASES: ReadonlyArray<readonly [string, Parameters<typeof environmentStatusText>, string]> = [
  ['no environment', [undefined, undefined, NOW], '$(server-environment) no environment'],
  ['no session yet', ['prod', {}, NOW], '$(server-environment) prod'],
  ['hours left, rounded down', ['prod', { environment: 'prod', expiresAt: NOW + 23.9 * HOUR, source: 'session.start' }, NOW], '$(server-environment) prod · KS 23 h'],
  ['minutes left', ['prod', { expiresAt: NOW + 45.5 * 60_000, source: 'session.start' }, NOW], '$(server-environment) prod · KS 45 min'],
  ['seconds left', ['prod', { expiresAt: NOW + 30_000, source: 'session.start' }, NOW], '$(server-environment) prod · KS < 1 min'],
  ['expired', ['prod', { expiresAt: NOW - 1, source: 'environment' }, NOW], '$(server-environment) prod · KS expired'],
  ['a ks without expiry', ['local', { source: 'environment' }, NOW], '$(server-environment) local · KS'],
];

describe('the environment status text', () => {
  for (const [name, args, expected] of CASES) test(name, () => assert.equal(environmentStatusText(...args), expected));
});

const PICKER: ReadonlyArray<readonly [string, EnvironmentDetails | undefined, string | undefined, string, string]> = [
  ['service, partner, admin secret', { serviceUrl: 'http://127.0.0.1:8765', partnerId: '100', session: 'adminSecret' }, undefined,
    'http://127.0.0.1:8765 · partner 100', 'session: session.start with adminSecret'],
  ['no partner, a fixed ks', { serviceUrl: 'https://www.kaltura.com', session: 'ks' }, undefined, 'https://www.kaltura.com', 'session: a fixed ks'],
  ['an app token', { serviceUrl: 'https://x', partnerId: '1', session: 'appToken' }, undefined, 'https://x · partner 1', 'session: appToken.startSession'],
  ['no credentials', { serviceUrl: 'https://x', session: 'none' }, undefined, 'https://x', 'session: no credentials'],
  ['none in the files, a secret stored in VS Code', { serviceUrl: 'https://x', session: 'none' }, 'userSecret', 'https://x', 'session: session.start with userSecret (stored secret)'],
  ['a stored key that gives no session', { serviceUrl: 'https://x', session: 'none' }, 'other', 'https://x', 'session: no credentials'],
  ['an older server without details', undefined, undefined, '', ''],
];

describe('the environment picker', () => {
  for (const [name, details, stored, description, session] of PICKER) {
    test(name, () => {
      assert.equal(environmentDescription(details), description);
      assert.equal(sessionDescription(details, stored), session);
    });
  }
});

describe('the Copy Session KS message (never the KS)', () => {
  const cases: ReadonlyArray<readonly [string, SessionKs, string]> = [
    ['a started session', { environment: 'prod', ks: 'djJ8secret', source: 'session.start', expiresAt: NOW + 23.5 * HOUR },
      `Kreq: copied the KS of "prod" to the clipboard (session.start, expires ${new Date(NOW + 23.5 * HOUR).toISOString().slice(0, 16).replace('T', ' ')} UTC (23 h)).`],
    ['the environment\u2019s ks, no expiry', { environment: 'local', ks: 'abc', source: 'environment' }, 'Kreq: copied the KS of "local" to the clipboard (the environment\u2019s ks).'],
    ['no environment', { ks: 'abc', source: 'appToken' }, 'Kreq: copied the KS (no environment) to the clipboard (appToken).'],
  ];
  for (const [name, answer, expected] of cases) {
    test(name, () => {
      const message = copiedKsMessage(answer, NOW);
      assert.equal(message, expected);
      assert.ok(!message.includes(answer.ks ?? '\u0000'), 'the KS is not in the message');
    });
  }
});
