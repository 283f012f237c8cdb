/**
 * Drives the real bundled language server (`node dist/server.js --stdio`) over JSON-RPC, as an editor
 * would: capabilities, pushed diagnostics, completion, incremental edits, hover, cancellation, hostile
 * documents, an unavailable schema, the warm-cache start, and shutdown/exit.
 */

import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import {
  CodeActionRequest,
  CompletionRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  type CompletionItem,
  type CompletionList,
  DefinitionRequest,
  type Diagnostic,
  DiagnosticSeverity,
  DocumentOnTypeFormattingRequest,
  DocumentSymbolRequest,
  ExitNotification,
  FoldingRangeRequest,
  HoverRequest,
  LSPErrorCodes,
  type Position,
  type Range,
  TextDocumentSyncKind,
} from 'vscode-languageserver-protocol';
import { FIRST_LOAD_GRACE_MS } from '../../server/src/lsp/kreqServer';
import { SCHEMA_2016, SCHEMA_22 } from '../support/repoPaths';
import { LspSession, within } from './lspSession';

const REQUEST_TIMEOUT_MS = 10_000;

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempCacheDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-lsp-cache-'));
  tempDirs.push(dir);
  return dir;
}

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

function labels(result: CompletionList | CompletionItem[] | null): string[] {
  if (!result) return [];
  return (Array.isArray(result) ? result : result.items).map((i) => i.label);
}

function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

/** A deterministic pseudo-random generator (mulberry32), so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BROKEN = ['### broken', 'media.lst', 'this is not a kreq line', ''].join('\n');

/** Every positional feature at each position, and the document-wide ones once: each must answer, never fail. */
async function askEverything(session: LspSession, uri: string, positions: readonly Position[]): Promise<void> {
  const textDocument = { uri };
  const c = session.connection;
  const requests: Promise<unknown>[] = [
    c.sendRequest(DocumentSymbolRequest.type, { textDocument }),
    c.sendRequest(FoldingRangeRequest.type, { textDocument }),
  ];
  for (const position of positions) {
    requests.push(
      c.sendRequest(CompletionRequest.type, { textDocument, position }),
      c.sendRequest(HoverRequest.type, { textDocument, position }),
      c.sendRequest(DefinitionRequest.type, { textDocument, position }),
      c.sendRequest(CodeActionRequest.type, { textDocument, range: { start: { line: 0, character: 0 }, end: position }, context: { diagnostics: [] } }),
    );
  }
  await within(Promise.all(requests), REQUEST_TIMEOUT_MS, `every feature on ${uri}`);
}

describe('language server over stdio, schema 22.19.0', () => {
  let session: LspSession;
  let capabilities: Awaited<ReturnType<LspSession['initialize']>>['capabilities'];

  before(async () => {
    session = new LspSession();
    ({ capabilities } = await session.initialize({ schema: SCHEMA_22, cacheDir: tempCacheDir() }));
  });
  after(() => session.dispose());

  test('announces its capabilities', () => {
    assert.equal(capabilities.textDocumentSync, TextDocumentSyncKind.Incremental);
    assert.deepEqual(capabilities.completionProvider?.triggerCharacters, ['.', ':', '{', '<', '@', '=']);
    assert.deepEqual(capabilities.documentOnTypeFormattingProvider, { firstTriggerCharacter: '.', moreTriggerCharacter: [':', '=', ' '] });
    assert.equal(capabilities.hoverProvider, true);
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'refactor.rewrite'] });
    assert.equal(capabilities.documentSymbolProvider, true);
    assert.equal(capabilities.foldingRangeProvider, true);
    assert.equal(capabilities.definitionProvider, true);
  });

  test('publishes diagnostics with codes and ranges on open', { timeout: 20_000 }, async () => {
    const uri = 'file:///tmp/kreq-lsp/broken.kreq';
    await session.open(uri, BROKEN);
    const published = await session.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(codes(published.diagnostics), ['unknown-action', 'syntax']);
    const [unknownAction, syntax] = published.diagnostics;
    assert.deepEqual(unknownAction.range, range(1, 6, 1, 9));
    assert.equal(unknownAction.severity, DiagnosticSeverity.Error);
    assert.equal(unknownAction.source, 'kreq');
    assert.match(String(unknownAction.message), /Did you mean `list`/);
    assert.equal(syntax.range.start.line, 2);
    assert.ok(session.logs.some((l) => l.includes(SCHEMA_22)), `the schema load is logged:\n${session.logs.join('\n')}`);
  });

  test('drops a separator typed twice (`media.` accepted, then `.` typed)', { timeout: 20_000 }, async () => {
    const uri = 'file:///tmp/kreq-lsp/separator.kreq';
    await session.open(uri, 'media..');
    const edits = await within(
      session.connection.sendRequest(DocumentOnTypeFormattingRequest.type, { textDocument: { uri }, position: { line: 0, character: 7 }, ch: '.', options: { tabSize: 2, insertSpaces: true } }),
      REQUEST_TIMEOUT_MS,
      'on-type formatting',
    );
    assert.deepEqual(edits, [{ range: range(0, 6, 0, 7), newText: '' }]);
  });

  test('completes actions after `media.`', { timeout: 20_000 }, async () => {
    const uri = 'file:///tmp/kreq-lsp/complete.kreq';
    await session.open(uri, 'media.');
    const result = await within(
      session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 6 } }),
      REQUEST_TIMEOUT_MS,
      'completion',
    );
    assert.ok(labels(result).includes('list'), `completion after media. offers list; got ${JSON.stringify(labels(result))}`);
  });

  test('an incremental edit that fixes the errors clears the diagnostics', { timeout: 20_000 }, async () => {
    const uri = 'file:///tmp/kreq-lsp/fixed.kreq';
    await session.open(uri, BROKEN);
    await session.waitForDiagnostics(uri, (p) => p.version === 1 && p.diagnostics.length === 2);
    // Two changes in one notification, applied in order: fix the action, then drop the bad line.
    await session.change(uri, 2, [
      { range: range(1, 6, 1, 9), text: 'list' },
      { range: range(2, 0, 3, 0), text: '' },
    ]);
    const published = await session.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(published.diagnostics, []);
  });

  test('hover answers with contents or null', { timeout: 20_000 }, async () => {
    const uri = 'file:///tmp/kreq-lsp/hover.kreq';
    await session.open(uri, 'media.list\nfilter:nameLike = x\n');
    for (const position of [{ line: 0, character: 2 }, { line: 0, character: 8 }, { line: 1, character: 9 }, { line: 7, character: 0 }]) {
      const hover = await within(session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), REQUEST_TIMEOUT_MS, 'hover');
      if (hover !== null) assert.ok(hover.contents, 'a hover has contents');
    }
  });

  test('cancelled requests answer RequestCancelled or a result, and the server goes on', { timeout: 20_000 }, async () => {
    const uri = 'file:///tmp/kreq-lsp/cancel.kreq';
    await session.open(uri, BROKEN);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const source = new CancellationTokenSource();
        const request = session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 6 } }, source.token);
        if (i % 2 === 0) source.cancel();
        else setImmediate(() => source.cancel());
        try {
          await within(request, REQUEST_TIMEOUT_MS, 'a cancelled completion');
          return 'result';
        } catch (e) {
          assert.ok(e instanceof ResponseError, `a cancelled request fails with a ResponseError, not ${String(e)}`);
          assert.equal(e.code, LSPErrorCodes.RequestCancelled);
          return 'cancelled';
        }
      }),
    );
    assert.ok(outcomes.includes('cancelled'), `some request was cancelled: ${outcomes.join(',')}`);
    const symbols = await within(session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), REQUEST_TIMEOUT_MS, 'symbols');
    assert.ok(Array.isArray(symbols));
    assert.ok(session.alive);
  });

  test('answers on hostile documents: random bytes, 2 MB of text, CRLF line ends', { timeout: 60_000 }, async () => {
    const next = random(20261128);
    const bytes = Buffer.from(Array.from({ length: 64 * 1024 }, () => Math.floor(next() * 256)));
    const noise = bytes.toString('latin1') + '\uD800\uDFFF\uFFFE\u0000' + bytes.toString('utf8');
    const lines = ['@v = 1', '### t', 'media.list', 'filter:nameLike = {{v}}', 'x = {1:result:id}', 'entry:name = "unterminated', 'junk line', '# comment'];
    const big: string[] = [];
    for (let size = 0; size < 2 * 1024 * 1024; ) {
      const line = lines[Math.floor(next() * lines.length)];
      big.push(line);
      size += line.length + 1;
    }
    const documents: Array<[string, string]> = [
      ['file:///tmp/kreq-lsp/noise.kreq', noise],
      ['file:///tmp/kreq-lsp/big.kreq', big.join('\n')],
      ['file:///tmp/kreq-lsp/crlf.kreq', BROKEN.replace(/\n/g, '\r\n')],
      ['file:///tmp/kreq-lsp/empty.kreq', ''],
      ['untitled:Untitled-1', 'media.\r'],
    ];
    for (const [uri, text] of documents) {
      await session.open(uri, text);
      await session.waitForDiagnostics(uri, (p) => p.version === 1, 30_000);
      const lastLine = text.split(/\r?\n/).length - 1;
      await askEverything(session, uri, [
        { line: 0, character: 0 },
        { line: Math.floor(lastLine / 2), character: 3 },
        { line: lastLine, character: 1e6 },
        { line: lastLine + 10, character: 0 },
      ]);
    }
    const crlf = session.publications.find((p) => p.uri === 'file:///tmp/kreq-lsp/crlf.kreq');
    assert.deepEqual(crlf?.diagnostics[0].range, range(1, 6, 1, 9), 'CRLF ends give the same ranges as LF ends');
    assert.ok(session.alive);
  });

  test('survives a random sequence of incremental edits and interleaved requests', { timeout: 60_000 }, async () => {
    const next = random(42);
    const uri = 'file:///tmp/kreq-lsp/edits.kreq';
    const pieces = ['media', '.', 'list', '\n', '\r\n', ':', ' = ', '{', '}', '{{', '}}', '<1:result>', '###', '@', '"', '\\', 'filter', 'é', '\uD83D\uDE00', '\t'];
    await session.open(uri, BROKEN);
    let version = 1;
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 300; i++) {
      const line = Math.floor(next() * 8);
      const character = Math.floor(next() * 20);
      const span = Math.floor(next() * 3);
      const text = Array.from({ length: Math.floor(next() * 4) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      await session.change(uri, ++version, [{ range: range(line, character, line + span, character + Math.floor(next() * 5)), text }]);
      if (i % 7 === 0) {
        pending.push(session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } }));
        pending.push(session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } }));
      }
    }
    await within(Promise.all(pending), REQUEST_TIMEOUT_MS, 'the interleaved requests');
    // Replace everything: the server's copy must now be exactly this text.
    await session.change(uri, ++version, [{ range: range(0, 0, 10_000, 0), text: BROKEN }]);
    const published = await session.waitForDiagnostics(uri, (p) => p.version === version);
    assert.deepEqual(codes(published.diagnostics), ['unknown-action', 'syntax']);
  });

  test('a closed document loses its diagnostics', { timeout: 20_000 }, async () => {
    const uri = 'file:///tmp/kreq-lsp/closed.kreq';
    await session.open(uri, BROKEN);
    await session.waitForDiagnostics(uri, (p) => p.version === 1);
    await session.close(uri);
    const cleared = await session.waitForDiagnostics(uri, (p) => p.version === undefined);
    assert.deepEqual(cleared.diagnostics, []);
  });
});

describe('language server over stdio, other sessions', () => {
  test('without a schema: a schema-unavailable information, syntax errors still reported', { timeout: 20_000 }, async () => {
    const session = new LspSession();
    try {
      await session.initialize({ schema: '/nonexistent.xml', cacheDir: tempCacheDir() });
      const uri = 'file:///tmp/kreq-lsp/unavailable.kreq';
      await session.open(uri, BROKEN);
      const published = await session.waitForDiagnostics(uri, (p) => p.version === 1);
      assert.deepEqual(codes(published.diagnostics).sort(), ['schema-unavailable', 'syntax']);
      const unavailable = published.diagnostics.find((d) => d.code === 'schema-unavailable');
      assert.equal(unavailable?.severity, DiagnosticSeverity.Information);
      assert.match(String(unavailable?.message), /nonexistent\.xml/);
      assert.equal(session.publications.filter((p) => p.uri === uri).length, 1, 'no earlier publication without the schema verdict');
      assert.equal(await session.shutdown(), 0);
    } finally {
      session.dispose();
    }
  });

  test('settings pulled with workspace/configuration apply, and are pulled again on a change', { timeout: 20_000 }, async () => {
    const session = new LspSession();
    try {
      let answer: unknown = { schema: '/nonexistent-setting.xml' };
      const asked: unknown[] = [];
      session.connection.onRequest(ConfigurationRequest.type, (params) => {
        asked.push(params.items);
        return params.items.map(() => answer);
      });
      await session.initialize({ cacheDir: tempCacheDir() }, { workspace: { configuration: true } });
      const uri = 'file:///tmp/kreq-lsp/settings.kreq';
      await session.open(uri, BROKEN);
      const first = await session.waitForDiagnostics(uri, (p) => p.version === 1);
      assert.match(String(first.diagnostics.find((d) => d.code === 'schema-unavailable')?.message), /nonexistent-setting\.xml/);
      answer = { schema: SCHEMA_22, serviceUrl: 'https://www.kaltura.com' };
      const count = session.publications.length;
      await session.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { kreq: answer } });
      const second = await session.waitForDiagnostics(uri, (p) => session.publications.indexOf(p) >= count);
      assert.deepEqual(codes(second.diagnostics), ['unknown-action', 'syntax']);
      assert.deepEqual(asked, [[{ section: 'kreq' }], [{ section: 'kreq' }]]);
    } finally {
      session.dispose();
    }
  });

  test('a slow URL schema: syntax only after the grace period, then full; from the cache later, refreshed in the background', { timeout: 40_000 }, async () => {
    const served: string[] = [];
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    // The background refresh is held too, until the cached schema has answered: otherwise it may land before the
    // document is opened, and there is no second validation to wait for.
    let releaseRefresh: () => void = () => undefined;
    const refreshReleased = new Promise<void>((resolve) => (releaseRefresh = resolve));
    const server = http.createServer((request, response) => {
      served.push(request.url ?? '');
      const file = served.length === 1 ? SCHEMA_22 : SCHEMA_2016;
      void (served.length === 1 ? released : refreshReleased).then(() => {
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end(fs.readFileSync(file));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cacheDir = tempCacheDir();
    const uri = 'file:///tmp/kreq-lsp/slow.kreq';
    const first = new LspSession();
    const second = new LspSession();
    try {
      // Named explicitly: the default source would be answered by the bundled snapshot at once.
      const schema = `${serviceUrl}/api_v3/api_schema.php`;
      await first.initialize({ schema, cacheDir });
      await first.open(uri, BROKEN);
      const syntaxOnly = await first.waitForDiagnostics(uri, () => true, 3 * FIRST_LOAD_GRACE_MS);
      assert.deepEqual(codes(syntaxOnly.diagnostics), ['syntax'], 'no schema verdict while the first load runs');
      assert.ok(syntaxOnly.at >= FIRST_LOAD_GRACE_MS, `published after the grace period, at ${syntaxOnly.at} ms`);
      release();
      const full = await first.waitForDiagnostics(uri, (p) => p.diagnostics.length === 2, 20_000);
      assert.deepEqual(codes(full.diagnostics), ['unknown-action', 'syntax']);
      assert.deepEqual(served, ['/api_v3/api_schema.php']);
      assert.equal(await first.shutdown(), 0);

      await second.initialize({ schema, cacheDir });
      await second.open(uri, BROKEN);
      const cached = await second.waitForDiagnostics(uri, () => true);
      assert.deepEqual(codes(cached.diagnostics), ['unknown-action', 'syntax'], 'the cached schema answers at once');
      // The refresh downloads the 2016 schema: a changed schema, so the document is validated again.
      releaseRefresh();
      await second.waitForDiagnostics(uri, (p) => p !== cached);
      assert.equal(served.length, 2);
      assert.ok(second.logs.some((l) => l.includes('Schema refresh from') && l.includes('now API 3.3.0')), second.logs.join('\n'));
    } finally {
      first.dispose();
      second.dispose();
      releaseRefresh();
      server.close();
    }
  });

  test('no schema configured: the bundled snapshot answers at once, then the default URL refreshes it', { timeout: 40_000 }, async () => {
    let requests = 0;
    // The refresh is answered only once the snapshot has: else it may land before the document is opened.
    let releaseRefresh: () => void = () => undefined;
    const refreshReleased = new Promise<void>((resolve) => (releaseRefresh = resolve));
    const server = http.createServer((_request, response) => {
      requests++;
      void refreshReleased.then(() => {
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end(fs.readFileSync(SCHEMA_2016));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const uri = 'file:///tmp/kreq-lsp/default.kreq';
    const session = new LspSession();
    try {
      await session.initialize({ serviceUrl, cacheDir: tempCacheDir() });
      await session.open(uri, BROKEN);
      const first = await session.waitForDiagnostics(uri, () => true);
      assert.deepEqual(codes(first.diagnostics), ['unknown-action', 'syntax'], 'the bundled 22.19.0 snapshot checks at once');
      releaseRefresh();
      await session.waitForDiagnostics(uri, (p) => p !== first);
      assert.equal(requests, 1);
      assert.ok(session.logs.some((l) => l.includes('bundled with kreq')), session.logs.join('\n'));
      assert.ok(session.logs.some((l) => l.includes('now API 3.3.0')), session.logs.join('\n'));
    } finally {
      session.dispose();
      releaseRefresh();
      server.close();
    }
  });

  test('cold and warm starts reach the first diagnostics (warm: compiled schema cache)', { timeout: 60_000 }, async (t) => {
    const cacheDir = tempCacheDir();
    const uri = 'file:///tmp/kreq-lsp/start.kreq';
    const timings: number[] = [];
    for (const start of ['cold', 'warm']) {
      const session = new LspSession();
      try {
        await session.initialize({ schema: SCHEMA_22, cacheDir });
        await session.open(uri, BROKEN);
        const published = await session.waitForDiagnostics(uri, (p) => p.version === 1, 30_000);
        assert.deepEqual(codes(published.diagnostics), ['unknown-action', 'syntax'], `${start} start checks against the schema`);
        timings.push(published.at);
        t.diagnostic(`${start} start → first diagnostics: ${Math.round(published.at)} ms`);
        const loadLog = session.logs.find((l) => l.startsWith('Schema API'));
        assert.ok(loadLog?.includes(start === 'warm' ? 'from the compiled cache' : 'parsed'), `${start}: ${loadLog}`);
        assert.equal(await session.shutdown(), 0);
      } finally {
        session.dispose();
      }
    }
    assert.ok(fs.readdirSync(cacheDir).some((f) => f.endsWith('.json')), 'the cold start wrote the compiled cache');
  });

  test('shutdown then exit ends the process with 0; exit alone with 1', { timeout: 20_000 }, async () => {
    const polite = new LspSession();
    const abrupt = new LspSession();
    try {
      await polite.initialize({ schema: SCHEMA_22, cacheDir: tempCacheDir() });
      assert.equal(await polite.shutdown(), 0);
      await abrupt.initialize({ schema: SCHEMA_22, cacheDir: tempCacheDir() });
      await abrupt.connection.sendNotification(ExitNotification.type);
      assert.equal(await within(abrupt.exited, 5_000, 'exit without shutdown'), 1);
      assert.equal(polite.stderr.join(''), '', 'nothing on stderr');
    } finally {
      polite.dispose();
      abrupt.dispose();
    }
  });
});
