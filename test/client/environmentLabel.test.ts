import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { environmentStatusText } from '../../client/src/environmentLabel';

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
