/**
 * Plays the attacker with big documents against the bundled server. 50 MB: one `file-too-large` information, edits
 * and requests on it cost little, the peak memory stays under 500 MB. 3 MB (within the bounds, checked in slices): a
 * small document open beside it is answered within 200 ms while the big one is parsed and checked.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CompletionRequest, DocumentSymbolRequest, FoldingRangeRequest, HoverRequest } from 'vscode-languageserver-protocol';
import { SCHEMA_22 } from '../support/repoPaths';
import { LspSession, within } from './lspSession';

const SMALL = 'file:///work/small.kreq';
const BIG = 'file:///work/big.kreq';
const LINE = 'media.list\nfilter:nameLike = {{a}} {1:result:id} <2:result> {{{{{{{{ x\n';

/** The server's peak resident memory in MB (Linux: VmHWM), or undefined elsewhere. */
function peakMb(pid: number | undefined): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kb ? Number(kb[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Milliseconds a hover on the small document takes. */
async function hoverMs(session: LspSession): Promise<number> {
  const started = performance.now();
  await within(session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: SMALL }, position: { line: 0, character: 2 } }), 10_000, 'a hover');
  return performance.now() - started;
}

test('a 50 MB document: one information, cheap edits and requests, bounded memory, other documents answered', { timeout: 120_000 }, async () => {
  const session = new LspSession();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-big-cache-'));
  try {
    await session.initialize({ schema: SCHEMA_22, cacheDir });
    await session.open(SMALL, 'media.list\nfilter:nameLike = x\n');
    await session.waitForDiagnostics(SMALL, () => true);
    await hoverMs(session); // warm
    if (process.env.BIG_REPORT) console.log(`peak before: ${peakMb(session.child.pid)?.toFixed(0)} MB`);

    const text = LINE.repeat(Math.ceil((50 * 1024 * 1024) / LINE.length));
    const opened = performance.now();
    await session.open(BIG, text);
    const published = await session.waitForDiagnostics(BIG, (p) => p.diagnostics.length > 0, 60_000);
    const openMs = performance.now() - opened;
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['file-too-large']);
    assert.match(String(published.diagnostics[0].message), /too large to check: it has 50 M characters/);
    if (process.env.BIG_REPORT) console.log(`open: ${openMs.toFixed(0)} ms, peak ${peakMb(session.child.pid)?.toFixed(0)} MB`);
    assert.ok(openMs < 15_000, `open → diagnostics took ${openMs.toFixed(0)} ms`);

    // Once the big document is in, the small one is answered at once, also while the big one is edited.
    for (let version = 2; version <= 6; version++) {
      await session.change(BIG, version, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'x' }]);
      const ms = await hoverMs(session);
      if (process.env.BIG_REPORT) console.log(`edit ${version}: hover ${ms.toFixed(0)} ms`);
      if (version > 2) assert.ok(ms < 200, `hover on the small document took ${ms.toFixed(0)} ms after edit ${version} of the big one`);
    }
    const afterEdit = await session.waitForDiagnostics(BIG, (p) => p.version === 6, 10_000);
    assert.deepEqual(afterEdit.diagnostics.map((d) => d.code), ['file-too-large']);

    const started = performance.now();
    const symbols = await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: BIG } });
    const folding = await session.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: BIG } });
    const completion = await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: BIG }, position: { line: 1, character: 3 } });
    assert.deepEqual([symbols, folding], [[], []]);
    assert.deepEqual(Array.isArray(completion) ? completion : completion?.items, []);
    assert.ok(performance.now() - started < 1000, `requests on the big document took ${(performance.now() - started).toFixed(0)} ms`);

    const peak = peakMb(session.child.pid);
    if (process.env.BIG_REPORT) console.log(`peak at the end: ${peak?.toFixed(0)} MB`);
    if (peak !== undefined) assert.ok(peak < 500, `the server's peak memory was ${peak.toFixed(0)} MB`);
    assert.equal(await session.shutdown(), 0);
  } finally {
    session.dispose();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});

/** A block of calls with mistakes of several kinds (about 400 characters, 16 lines). */
const BLOCK = [
  '### list and get',
  'media.list',
  'filter:objectType = KalturaMediaEntryFilter',
  'filter:nameLikee = intro',
  'pager:pageSize = ten',
  '',
  'media.get',
  'entryId = {1:result:objects:0:idd}',
  '> name = result:name',
  '?? result:status == RAEDY',
  '',
  'medai.list',
  'entryId = {{nosuch}}',
  'list my media entries',
  `clientTag = ${'x'.repeat(300)}`,
  '',
].join('\n');

test('a 3 MB document within the bounds is checked in slices: a small document is answered within 200 ms meanwhile', { timeout: 120_000 }, async () => {
  const session = new LspSession();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-big-cache-'));
  try {
    await session.initialize({ schema: SCHEMA_22, cacheDir });
    await session.open(SMALL, 'media.list\nfilter:nameLike = x\n');
    await session.waitForDiagnostics(SMALL, () => true);
    await hoverMs(session); // warm

    const text = BLOCK.repeat(Math.floor((3 * 1024 * 1024) / BLOCK.length));
    const lines = text.split('\n').length;
    assert.ok(lines < 120_000 && text.length < 4 * 1024 * 1024, `${lines} lines`);
    const uri = 'file:///work/three-mb.kreq';
    await session.open(uri, text);
    let checked = false;
    const diagnostics = session.waitForDiagnostics(uri, () => true, 60_000).then((p) => {
      checked = true;
      return p;
    });
    const latencies: number[] = [];
    while (!checked) latencies.push(await hoverMs(session));
    const published = await diagnostics;
    assert.ok(published.diagnostics.length > 0 && !published.diagnostics.some((d) => d.code === 'file-too-large'));
    assert.ok(latencies.length >= 3, `only ${latencies.length} hovers while it was checked`);
    if (process.env.BIG_REPORT) console.log(`${latencies.length} hovers while checking, worst ${Math.max(...latencies).toFixed(0)} ms`);
    assert.ok(Math.max(...latencies) < 200, `hovers took ${latencies.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    assert.equal(await session.shutdown(), 0);
  } finally {
    session.dispose();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});
