import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadEnvironments, type Environment, type LoadEnvironmentsOptions } from '../../server/src/engine/index';
import { environmentVariableNames } from '../../server/src/node/environmentFiles';
import { removeFolder, tempFolder } from './engineInputs';

/** An environment as plain data (undefined settings left out), for deepEqual. */
function summary(env: Environment): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    out[k] = v instanceof Map ? Object.fromEntries(v) : v;
  }
  return out;
}

interface Case {
  readonly name: string;
  readonly files: Record<string, string>;
  /** The .kreq document, relative to the temp folder. */
  readonly document: string;
  readonly options?: Partial<LoadEnvironmentsOptions> & { workspaceRoot?: string };
  readonly environment: string | undefined;
  readonly expected: Record<string, unknown>;
  readonly names?: readonly string[];
  readonly files_used?: readonly string[];
  /** Substrings each problem must contain, in order. */
  readonly problems?: readonly string[];
}

const CASES: Case[] = [
  {
    name: 'the nearest kreq.env.json wins',
    files: {
      'kreq.env.json': JSON.stringify({ prod: { partnerId: 1, far: 'yes' } }),
      'sub/kreq.env.json': JSON.stringify({ prod: { partnerId: 2 } }),
    },
    document: 'sub/deep/a.kreq',
    environment: 'prod',
    expected: { name: 'prod', serviceUrl: 'https://www.kaltura.com', partnerId: '2', variables: {} },
    files_used: ['sub/kreq.env.json'],
  },
  {
    name: 'private keys override public ones; session and appToken objects merge',
    files: {
      'kreq.env.json': JSON.stringify({
        prod: { serviceUrl: 'https://api.example.com/', partnerId: 1, session: { type: 'ADMIN', userId: 'me' }, appToken: { id: 't1' } },
      }),
      'kreq.env.private.json': JSON.stringify({ prod: { adminSecret: 's3cret', partnerId: 5, appToken: { token: 'tok' }, session: { expiry: 600 } } }),
    },
    document: 'a.kreq',
    environment: 'prod',
    expected: {
      name: 'prod',
      serviceUrl: 'https://api.example.com',
      partnerId: '5',
      adminSecret: 's3cret',
      session: { type: 'ADMIN', userId: 'me', expiry: 600, privileges: undefined },
      appToken: { id: 't1', token: 'tok', hashType: 'SHA1' },
      variables: {},
    },
  },
  {
    name: '$shared gives defaults; an environment overrides them',
    files: { 'kreq.env.json': JSON.stringify({ $shared: { clientTag: 'team', pageSize: 5 }, prod: { pageSize: 10 }, local: { flag: true } }) },
    document: 'a.kreq',
    environment: 'local',
    expected: { name: 'local', serviceUrl: 'https://www.kaltura.com', clientTag: 'team', variables: { pageSize: '5', flag: 'true' } },
    names: ['prod', 'local'],
  },
  {
    name: 'no environment chosen: only $shared and defaults',
    files: { 'kreq.env.json': JSON.stringify({ $shared: { clientTag: 'team' }, prod: { partnerId: 1 } }) },
    document: 'a.kreq',
    environment: undefined,
    expected: { name: '', serviceUrl: 'https://www.kaltura.com', clientTag: 'team', variables: {} },
  },
  {
    name: 'an unknown environment name: only $shared and defaults',
    files: { 'kreq.env.json': JSON.stringify({ $shared: { x: '1' }, prod: { partnerId: 1 } }) },
    document: 'a.kreq',
    environment: 'staging',
    expected: { name: '', serviceUrl: 'https://www.kaltura.com', variables: { x: '1' } },
  },
  {
    name: '{{$env NAME}} is expanded; an unset one leaves the key out, with a problem',
    files: {
      'kreq.env.json': JSON.stringify({ prod: { partnerId: '{{$env PID}}', label: 'x-{{$env UNSET_NAME}}' } }),
      'kreq.env.private.json': JSON.stringify({ prod: { adminSecret: '{{$env KALTURA_ADMIN_SECRET}}' } }),
    },
    document: 'a.kreq',
    options: { processEnv: { KALTURA_ADMIN_SECRET: 'from-env', PID: '77' } },
    environment: 'prod',
    expected: { name: 'prod', serviceUrl: 'https://www.kaltura.com', partnerId: '77', adminSecret: 'from-env', variables: {} },
    problems: ['environment "prod": `label` in '],
  },
  {
    name: 'stored secrets fill keys the files do not give (env-specific first, then global)',
    files: {
      'kreq.env.json': JSON.stringify({ prod: { partnerId: 1, appToken: { id: 'a1', hashType: 'sha256' } }, dev: {} }),
      'kreq.env.private.json': JSON.stringify({ prod: { userSecret: 'from-file' } }),
    },
    document: 'a.kreq',
    options: { secrets: new Map([['prod.adminSecret', 'stored-admin'], ['userSecret', 'stored-user'], ['prod.appToken.token', 'stored-token']]) },
    environment: 'prod',
    expected: {
      name: 'prod',
      serviceUrl: 'https://www.kaltura.com',
      partnerId: '1',
      adminSecret: 'stored-admin',
      userSecret: 'from-file',
      appToken: { id: 'a1', token: 'stored-token', hashType: 'SHA256' },
      variables: {},
    },
  },
  {
    name: 'invalid JSON is a problem; the other file still counts',
    files: { 'kreq.env.json': '{ "prod": { "partnerId": 1, } ', 'kreq.env.private.json': JSON.stringify({ prod: { adminSecret: 'abcd' } }) },
    document: 'a.kreq',
    environment: 'prod',
    expected: { name: 'prod', serviceUrl: 'https://www.kaltura.com', adminSecret: 'abcd', variables: {} },
    problems: ["kreq.env.json:1:29: invalid JSON: Expected double-quoted property name; its environments are ignored."],
  },
  {
    name: 'invalid JSON names the line and column (1-based) after comment lines',
    files: { 'kreq.env.json': '// team\n{\n  "prod": { "partnerId": 1 }\n  "local": {}\n}\n' },
    document: 'a.kreq',
    environment: 'prod',
    expected: { name: '', serviceUrl: 'https://www.kaltura.com', variables: {} },
    names: [],
    problems: ["kreq.env.json:4:3: invalid JSON: Expected ',' or '}' after property value; its environments are ignored."],
  },
  {
    name: 'comment lines are allowed; non-object environments are problems',
    files: { 'kreq.env.json': '// team settings\n{\n  // local sandbox\n  "local": { "serviceUrl": "http://127.0.0.1:8080", "partnerId": 100 },\n  "broken": 3\n}\n' },
    document: 'a.kreq',
    environment: 'local',
    expected: { name: 'local', serviceUrl: 'http://127.0.0.1:8080', partnerId: '100', variables: {} },
    names: ['local'],
    problems: ['"broken" is not an object'],
  },
  {
    name: 'the lookup stops at the workspace root',
    files: { 'kreq.env.json': JSON.stringify({ prod: { partnerId: 1 } }), 'ws/.keep': '' },
    document: 'ws/a.kreq',
    options: { workspaceRoot: 'ws' },
    environment: 'prod',
    expected: { name: '', serviceUrl: 'https://www.kaltura.com', variables: {} },
    names: [],
    files_used: [],
  },
];

describe('loadEnvironments', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const root = tempFolder(c.files);
      try {
        const catalog = loadEnvironments(path.join(root, c.document), {
          processEnv: {},
          ...c.options,
          workspaceRoot: c.options?.workspaceRoot === undefined ? root : path.join(root, c.options.workspaceRoot),
        });
        assert.deepEqual(summary(catalog.get(c.environment)), c.expected);
        if (c.names) assert.deepEqual(catalog.names, c.names);
        if (c.files_used) assert.deepEqual(catalog.files, c.files_used.map((f) => path.join(root, f)));
        assert.equal(catalog.problems.length, c.problems?.length ?? 0, `problems: ${catalog.problems.join(' | ')}`);
        c.problems?.forEach((p, i) => assert.ok(catalog.problems[i].includes(p), `${catalog.problems[i]} should include ${p}`));
      } finally {
        removeFolder(root);
      }
    });
  }

  test('environmentVariableNames still lists the variables of both files', () => {
    const root = tempFolder({
      'kreq.env.json': JSON.stringify({ $shared: { a: 1 }, prod: { partnerId: 1, b: 2 } }),
      'kreq.env.private.json': JSON.stringify({ prod: { adminSecret: 'x', c: 3 } }),
    });
    try {
      const names = environmentVariableNames(pathToFileURL(path.join(root, 'x.kreq')).href, root);
      assert.deepEqual([...(names ?? [])].sort(), ['a', 'b', 'c']);
    } finally {
      removeFolder(root);
    }
  });
});
