/**
 * The rules of workspaceTrust.ts without a server: the `trusted` option, what `kreq/trust` may change, which commands
 * are refused, which settings may name a schema, what the lenses become, which process variables are visible, and
 * which paths the file system may touch (recorded by a fake, links resolved by a fake `realPath`).
 */

import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CodeLens } from 'vscode-languageserver';
import type { FileKind, FileSystemProvider } from '../../server/src/language/index';
import type { RequestEngine, SendingRuntime } from '../../server/src/lsp/runtimeEnvironment';
import { readTrusted, UNTRUSTED_LENS_TITLE, WorkspaceTrust } from '../../server/src/lsp/workspaceTrust';
import { Commands, WORKSPACE_UNTRUSTED_ERROR } from '../../server/src/protocol';

const silent = { error: () => undefined, warn: () => undefined, info: () => undefined };

/** A file system that answers `file` for every path and records each path it was asked about. */
function recordingFileSystem(touched: string[]): FileSystemProvider {
  return {
    stat: (_documentUri, relativePath): FileKind => {
      touched.push(`stat ${relativePath}`);
      return 'file';
    },
    readDirectory: (_documentUri, relativePath) => {
      touched.push(`list ${relativePath}`);
      return [['a.txt', 'file']];
    },
  };
}

const DOCUMENT = 'file:///ws/requests/a.kreq';
const folders = {
  roots: () => ['/ws'],
  uriToPath: (uri: string) => (uri.startsWith('file://') ? uri.slice('file://'.length) : undefined),
  // /ws/link is a link to /etc; /ws/requests/a.kreq and /ws/data exist; nothing else does.
  realPath: (p: string) => (p === '/ws' ? '/ws' : p === '/ws/link' ? '/etc' : p.startsWith('/ws/link/') ? `/etc/${p.slice('/ws/link/'.length)}` : ['/ws/requests', '/ws/data'].includes(p) ? p : undefined),
};

describe('workspace trust rules', () => {
  test('initializationOptions.trusted: only an explicit false starts untrusted', () => {
    assert.equal(readTrusted(undefined), true);
    assert.equal(readTrusted({}), true);
    assert.equal(readTrusted({ trusted: 'false' }), true);
    assert.equal(readTrusted({ trusted: true }), true);
    assert.equal(readTrusted({ trusted: false }), false);
  });

  test('kreq/trust grants trust once; false and malformed parameters change nothing', () => {
    const trust = new WorkspaceTrust(false, silent);
    assert.equal(trust.update({ trusted: false }), false);
    assert.equal(trust.update({}), false);
    assert.equal(trust.update(null), false);
    assert.equal(trust.trusted, false);
    assert.equal(trust.update({ trusted: true }), true);
    assert.equal(trust.update({ trusted: true }), false, 'already trusted');
    assert.equal(trust.update({ trusted: false }), false);
    assert.equal(trust.trusted, true);
  });

  test('untrusted: sending commands and the trust lens are refused; the rest runs', () => {
    const trust = new WorkspaceTrust(false, silent);
    for (const command of [Commands.send, Commands.sendAll, Commands.copyAsCurl, Commands.trustWorkspace]) {
      assert.equal(trust.refusal(command)?.code, WORKSPACE_UNTRUSTED_ERROR, command);
    }
    for (const command of [Commands.listEnvironments, Commands.sessionStatus, Commands.clearCaptures]) assert.equal(trust.refusal(command), undefined, command);
    trust.update({ trusted: true });
    for (const command of Object.values(Commands)) assert.equal(trust.refusal(command), undefined, command);
  });

  test('untrusted: settings cannot name a schema or a service URL', () => {
    const trust = new WorkspaceTrust(false, silent);
    const settings = { schema: 'http://evil/api_v3/api_schema.php', serviceUrl: 'http://evil', environment: 'prod' };
    assert.deepEqual(trust.schemaSettings(settings), { schema: undefined, serviceUrl: undefined, environment: 'prod' });
    trust.update({ trusted: true });
    assert.deepEqual(trust.schemaSettings(settings), settings);
  });

  test('untrusted: one "⚠ Untrusted workspace" lens per block, no Send All', () => {
    const range = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 3 } });
    const sendAll: CodeLens[] = [{ range: range(0), command: { title: '▶▶ Send All (2 blocks)', command: Commands.sendAll } }];
    const send: CodeLens[] = [0, 4].map((line) => ({ range: range(line), command: { title: '▶ Send Request', command: Commands.send } }));
    const trust = new WorkspaceTrust(false, silent);
    assert.deepEqual(trust.lenses(sendAll, send).map((l) => `${l.range.start.line} ${l.command?.title} ${l.command?.command}`), [
      `0 ${UNTRUSTED_LENS_TITLE} ${Commands.trustWorkspace}`,
      `4 ${UNTRUSTED_LENS_TITLE} ${Commands.trustWorkspace}`,
    ]);
    trust.update({ trusted: true });
    assert.deepEqual(trust.lenses(sendAll, send), [...sendAll, ...send]);
  });

  test('untrusted: no process variable and no .env value is visible to the commands', () => {
    let dotenvReads = 0;
    const engine = { loadDotenv: () => (dotenvReads++, { values: new Map([['A', '1']]) }) } as unknown as RequestEngine;
    const inner: SendingRuntime = { engine, processEnv: { SECRET: 'x' }, uuid: () => 'u' };
    const trust = new WorkspaceTrust(false, silent);
    const sending = trust.sending(inner);
    assert.ok(sending);
    assert.deepEqual({ ...sending.processEnv }, {});
    assert.equal(sending.engine.loadDotenv('/ws/a.kreq', '/ws').values.size, 0);
    assert.equal(dotenvReads, 0);
    trust.update({ trusted: true });
    assert.equal(sending.processEnv.SECRET, 'x');
    assert.equal(sending.engine.loadDotenv('/ws/a.kreq', '/ws').values.get('A'), '1');
  });

  test('untrusted: the file system touches only paths inside the workspace folders, links resolved', () => {
    const touched: string[] = [];
    const trust = new WorkspaceTrust(false, silent);
    const fileSystem = trust.fileSystem(recordingFileSystem(touched), folders);
    assert.ok(fileSystem);
    // Outside: not asked, not reported missing, nothing listed.
    for (const outside of ['/etc/passwd', '../../etc/passwd', '../../wsx/a', '../link/passwd', '../link/missing/deeper', '/ws/link']) {
      assert.equal(fileSystem.stat(DOCUMENT, outside), 'file', outside);
      assert.deepEqual(fileSystem.readDirectory(DOCUMENT, outside), [], outside);
    }
    assert.deepEqual(fileSystem.readDirectory('untitled:Untitled-1', '.'), [], 'an unsaved document has no folder inside');
    assert.deepEqual(touched, []);
    // Inside: asked as usual (also paths that do not exist yet).
    fileSystem.stat(DOCUMENT, './clip.mp4');
    fileSystem.stat(DOCUMENT, '../data/clip.mp4');
    fileSystem.stat(DOCUMENT, '/ws/data/new/clip.mp4');
    fileSystem.readDirectory(DOCUMENT, '');
    assert.deepEqual(touched, ['stat ./clip.mp4', 'stat ../data/clip.mp4', 'stat /ws/data/new/clip.mp4', 'list ']);
    trust.update({ trusted: true });
    fileSystem.stat(DOCUMENT, '/etc/passwd');
    fileSystem.readDirectory(DOCUMENT, '../link');
    assert.deepEqual(touched.slice(4), ['stat /etc/passwd', 'list ../link']);
  });
});
