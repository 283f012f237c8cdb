/**
 * The performance benchmark (`npm run bench`): times schema loading, `kreq check` on a 20,000-call file, completion
 * in a 10,000-line file, the language server's start and memory, node's start-up floor and `kreq test`'s overhead per
 * block, on the 22.19.0 schema; prints a Markdown table.
 */

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { getLanguageService } from '../../server/src/language/index';
import { loadSchema } from '../../server/src/node/schemaSource';
import { REPO_ROOT, SCHEMA_22 } from '../support/repoPaths';
import { measureFlowOverhead } from './flowBench';
import { completionPositions, generateCalls, generateLines } from './generatedKreq';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-bench-'));

interface Row {
  readonly what: string;
  readonly result: string;
  readonly goal: string;
  readonly met?: boolean;
}
const rows: Row[] = [];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (n: number): string => (n >= 100 ? `${Math.round(n)} ms` : `${n.toFixed(n >= 10 ? 1 : 2)} ms`);

function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

async function benchSchemaLoad(): Promise<void> {
  const cold: number[] = [];
  const warm: number[] = [];
  const cacheDir = path.join(WORK, 'schema-cache');
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = await loadSchema({ source: SCHEMA_22 });
    cold.push(performance.now() - t);
    if (r.status.kind !== 'loaded' || r.fromCache) throw new Error('the cold load did not parse the XML');
  }
  await loadSchema({ source: SCHEMA_22, cacheDir });
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = await loadSchema({ source: SCHEMA_22, cacheDir });
    warm.push(performance.now() - t);
    if (!r.fromCache) throw new Error('the warm load did not use the cache');
  }
  rows.push({ what: 'schema load from XML, no cache (in process, median of 5; first load)', result: `${ms(median(cold))} (${ms(cold[0])})`, goal: '—' });
  rows.push({ what: 'schema load from the compiled cache (in process, median of 5)', result: ms(median(warm)), goal: '—' });
}

/** CPU seconds (user + system) used by this process's finished children, from /proc (Linux); NaN elsewhere. */
function childrenCpuSeconds(): number {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // Fields 16 and 17 of stat (cutime, cstime), counted from the state field (3): indexes 13 and 14; in clock ticks of 1/100 s.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

function benchCheck(): void {
  const file = path.join(WORK, 'calls-20000.kreq');
  const text = generateCalls(20_000);
  fs.writeFileSync(file, text);
  const env = { ...process.env, KREQ_CACHE_DIR: path.join(WORK, 'cli-cache') };
  const cpu: number[] = [];
  const run = (): number => {
    const t = performance.now();
    const c = childrenCpuSeconds();
    const r = spawnSync(process.execPath, [CLI, 'check', '--schema', SCHEMA_22, file], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const elapsed = performance.now() - t;
    cpu.push(childrenCpuSeconds() - c);
    if (r.status !== 0 || r.stdout !== '') throw new Error(`the generated file is not clean (exit ${r.status}):\n${r.stdout.slice(0, 2000)}${r.stderr}`);
    return elapsed;
  };
  run(); // fills the compiled cache
  cpu.length = 0;
  const times = [run(), run(), run()];
  const lines = text.split('\n').length;
  const result = median(times);
  const cpuNote = Number.isNaN(median(cpu)) ? '' : ` (CPU ${median(cpu).toFixed(2)} s)`;
  rows.push({
    what: `\`kreq check\` of 20,000 calls (${lines.toLocaleString('en')} lines), warm cache, wall (median of 3; CPU = user + system)`,
    result: `${(result / 1000).toFixed(2)} s${cpuNote}`,
    goal: '≤ 1.5 s',
    met: result <= 1500,
  });
}

async function benchCompletion(): Promise<void> {
  const { status } = await loadSchema({ source: SCHEMA_22, cacheDir: path.join(WORK, 'schema-cache') });
  const ls = getLanguageService({ schema: status });
  const text = generateLines(10_000);
  const document = TextDocument.create('file:///bench/completion.kreq', 'kreq', 1, text);
  const parseTimes: number[] = [];
  let doc = ls.parse(document);
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    doc = ls.parse(document);
    parseTimes.push(performance.now() - t);
  }
  const times: number[] = [];
  let empty = 0;
  for (const { line, character } of completionPositions(text, 1000)) {
    const t = performance.now();
    const list = ls.doComplete(document, { line, character }, doc);
    times.push(performance.now() - t);
    if (list.items.length === 0) empty++;
  }
  const lineCount = document.lineCount.toLocaleString('en');
  rows.push({ what: `parse of the ${lineCount}-line file (each edit re-parses; median of 5)`, result: ms(median(parseTimes)), goal: '—' });
  const p99 = percentile(times, 99);
  rows.push({
    what: `completion p50 / p99 / max, 1,000 positions in ${lineCount} lines (services, actions, keys, values, tokens)`,
    result: `${ms(percentile(times, 50))} / ${ms(p99)} / ${ms(Math.max(...times))}${empty ? ` (${empty} empty lists)` : ''}`,
    goal: 'p99 ≤ 10 ms',
    met: p99 <= 10,
  });
}

interface ServerRun {
  /** From the spawn to the answer of `initialize`. */
  readonly initializeMs: number;
  readonly firstDiagnosticsMs: number;
  readonly rssMb: number;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Starts the server, opens a document with a schema-level mistake and times the first diagnostics that report it. */
async function serverRun(cacheDir: string): Promise<ServerRun> {
  const file = path.join(REPO_ROOT, 'examples', 'getting-started.kreq');
  const text = `${fs.readFileSync(file, 'utf8')}\n### probe\nmedai.list\n`;
  const uri = pathToFileURL(path.join(WORK, 'probe.kreq')).href;
  const started = performance.now();
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  try {
    const checked = new Promise<number>((resolve) => {
      connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: { code?: unknown }[] }) => {
        if (params.uri === uri && params.diagnostics.some((d) => d.code === 'unknown-service')) resolve(performance.now() - started);
      });
    });
    connection.onRequest(() => null);
    connection.onNotification(() => undefined);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(WORK).href,
      capabilities: { workspace: { configuration: false } },
      initializationOptions: { schema: SCHEMA_22, cacheDir },
    });
    const initializeMs = performance.now() - started;
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'kreq', version: 1, text } });
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no diagnostics within 30 s')), 30_000).unref());
    const firstDiagnosticsMs = await Promise.race([checked, timeout]);
    return { initializeMs, firstDiagnosticsMs, rssMb: rssMb(child.pid!) };
  } finally {
    await Promise.race([connection.sendRequest('shutdown').then(() => connection.sendNotification('exit')), new Promise((r) => setTimeout(r, 1000))]).catch(() => undefined);
    connection.dispose();
    if (child.exitCode === null) child.kill();
  }
}

async function benchServer(): Promise<void> {
  if (!fs.existsSync(SERVER)) {
    for (const what of ['server start → first diagnostics', 'server memory (RSS) with the schema loaded']) {
      rows.push({ what, result: 'n/a (server not built)', goal: '—' });
    }
    return;
  }
  const cold: ServerRun[] = [];
  const warm: ServerRun[] = [];
  for (let i = 0; i < 3; i++) {
    const cacheDir = path.join(WORK, `server-cache-${i}`);
    cold.push(await serverRun(cacheDir));
    warm.push(await serverRun(cacheDir));
  }
  const warmMs = median(warm.map((r) => r.firstDiagnosticsMs));
  const warmRss = median(warm.map((r) => r.rssMb));
  const coldRss = median(cold.map((r) => r.rssMb));
  const initializeMs = median(warm.map((r) => r.initializeMs));
  const floor = nodeFloorMs();
  rows.push({
    what: `server start → \`initialize\` answered, warm cache (median of 3; node floor ${ms(floor)}, ${(initializeMs / floor).toFixed(1)}× the floor)`,
    result: ms(initializeMs),
    goal: `≤ floor + 60 ms (${ms(floor + 60)})`,
    met: initializeMs <= floor + 60,
  });
  rows.push({ what: 'server start → first schema diagnostics, cold cache (XML parsed; median of 3)', result: ms(median(cold.map((r) => r.firstDiagnosticsMs))), goal: '—' });
  rows.push({ what: 'server start → first schema diagnostics, warm cache (median of 3)', result: ms(warmMs), goal: '≤ 300 ms', met: warmMs <= 300 });
  rows.push({
    what: 'server memory (RSS) with the schema loaded: warm start / cold start (median of 3)',
    result: `${warmRss.toFixed(0)} MB / ${coldRss.toFixed(0)} MB`,
    goal: '≤ 150 MB',
    met: Math.max(warmRss, coldRss) <= 150,
  });
}

let floorMs: number | undefined;

/** The median of 5 bare node starts (`node -e 0`), measured once per run: every start-up figure is read against it. */
function nodeFloorMs(): number {
  if (floorMs === undefined) {
    const runs = [0, 1, 2, 3, 4].map(() => {
      const t = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      return performance.now() - t;
    });
    floorMs = median(runs);
  }
  return floorMs;
}

/** The floor under every CLI run: a bare node start, and `kreq --version` (node + the CLI bundle). */
function benchStartFloor(): void {
  const time = (args: string[]): number => {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    return performance.now() - t;
  };
  const cli = fs.existsSync(CLI) ? [0, 1, 2, 3, 4].map(() => time([CLI, '--version'])) : [];
  rows.push({
    what: 'node start-up floor: `node -e 0` / `kreq --version` (median of 5)',
    result: `${ms(nodeFloorMs())} / ${cli.length > 0 ? ms(median(cli)) : 'n/a (CLI not built)'}`,
    goal: '—',
  });
}

async function benchFlowOverhead(): Promise<void> {
  const { status } = await loadSchema({ source: SCHEMA_22, cacheDir: path.join(WORK, 'schema-cache') });
  if (status.kind !== 'loaded') throw new Error('no schema for the flow bench');
  const overhead = await measureFlowOverhead(status.schema, WORK);
  rows.push({
    what: `\`kreq test\` overhead per block beyond HTTP: ${overhead.blocks}-block flow (captures, assertions) via runFlow against an in-process sandbox (HTTP ${ms(overhead.httpPerBlockMs)}/block; median of 5)`,
    result: `${ms(overhead.perBlockMs)} / block`,
    goal: '≤ 5 ms / block',
    met: overhead.perBlockMs <= 5,
  });
}

function printTable(): void {
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const out = [
    `kreq benchmark — Node ${process.version}, ${os.cpus().length} CPUs, load average ${load}, schema 22.19.0`,
    '',
    '| measurement | result | goal | met |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.what} | ${r.result} | ${r.goal} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`),
  ];
  process.stdout.write(out.join('\n') + '\n');
}

async function main(): Promise<void> {
  try {
    progress('schema load');
    await benchSchemaLoad();
    progress('kreq check of 20,000 calls');
    benchCheck();
    progress('completion');
    await benchCompletion();
    progress('language server');
    await benchServer();
    progress('node start-up floor');
    benchStartFloor();
    progress('kreq test overhead per block');
    await benchFlowOverhead();
  } finally {
    fs.rmSync(WORK, { recursive: true, force: true });
  }
  printTable();
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
