// Refreshes the Kaltura API schema snapshot kreq ships, from a live server (`{serviceUrl}/api_v3/api_schema.php`, or
// the schema URL itself) or from a file, and prints what changed against the current snapshot.
//
//   npm run update-schema -- https://www.kaltura.com            (or …/api_v3/api_schema.php, or ./api_schema.xml)
//   node scripts/update-schema.mjs <url|path> [--dir FOLDER]    (after `tsc -b`; --dir: where the snapshots are)
//
// The snapshots are gzipped in server/schemas/ as kaltura-api-schema-<apiVersion>.xml.gz; the build ships the newest
// (scripts/bundle.mjs). Older ones stay: the tests pin 22.19.0. Exit code 0 when written, 1 on failure, 2 on bad usage.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** A schema bigger than this (decompressed) is refused: 22.19.0 is 2 MB. */
const MAX_SCHEMA_BYTES = 50 * 1024 * 1024;
const SNAPSHOT = /^kaltura-api-schema-(\d+(?:\.\d+)*)\.xml\.gz$/;

function usage(message) {
  process.stderr.write(`update-schema: ${message}\nUsage: npm run update-schema -- <serviceUrl|schema URL|path> [--dir FOLDER]\n`);
  process.exit(2);
}

/** `22.19.0` < `22.20.0` < `23.0.0`, numerically. */
export function compareVersions(a, b) {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The snapshot the build ships: the newest `kaltura-api-schema-<version>.xml.gz` of `dir`. */
export function currentSnapshot(dir) {
  const found = fs.readdirSync(dir).map((name) => ({ name, version: SNAPSHOT.exec(name)?.[1] })).filter((f) => f.version);
  found.sort((a, b) => compareVersions(b.version, a.version));
  return found[0] && path.join(dir, found[0].name);
}

/** The schema text of a URL (a service URL gets `/api_v3/api_schema.php`) or a file. */
async function readSource(source) {
  if (/^https?:\/\//i.test(source)) {
    const url = /\/api_v3\/api_schema\.php$|\.xml$/i.test(new URL(source).pathname) ? source : `${source.replace(/\/+$/, '')}/api_v3/api_schema.php`;
    process.stderr.write(`Downloading ${url}…\n`);
    const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    const text = await response.text();
    if (Buffer.byteLength(text) > MAX_SCHEMA_BYTES) throw new Error(`${url} is over ${MAX_SCHEMA_BYTES / 1024 / 1024} MB`);
    return { text, from: url };
  }
  const file = path.resolve(source);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new Error(`no such file: ${source}`);
  if (stat.size > MAX_SCHEMA_BYTES) throw new Error(`${source} is over ${MAX_SCHEMA_BYTES / 1024 / 1024} MB`);
  const bytes = fs.readFileSync(file);
  return { text: (file.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes).toString('utf8'), from: file };
}

function parse(text, from) {
  const { readSchemaXml } = require(path.join(root, 'out/server/src/language/schema/schemaXml.js'));
  const result = readSchemaXml(text);
  if (result.problem) throw new Error(`${from}: ${result.problem}`);
  return result.data;
}

/** Names added and removed between two sets. */
function difference(before, after) {
  return { added: [...after].filter((n) => !before.has(n)).sort(), removed: [...before].filter((n) => !after.has(n)).sort() };
}

/** What changed between two schemas: services, actions (`service.action`), classes and enums added and removed. */
export function schemaChanges(before, after) {
  const actions = (data) => new Set(data.services.flatMap((s) => s.actions.map((a) => `${s.name}.${a.name}`)));
  return {
    services: difference(new Set(before.services.map((s) => s.name)), new Set(after.services.map((s) => s.name))),
    actions: difference(actions(before), actions(after)),
    classes: difference(new Set(before.classes.map((c) => c.name)), new Set(after.classes.map((c) => c.name))),
    enums: difference(new Set(before.enums.map((e) => e.name)), new Set(after.enums.map((e) => e.name))),
  };
}

/** `actions: +2 −1` and the names, a line each (at most 20 per kind, then how many more). */
export function changesText(changes) {
  const lines = [];
  for (const [kind, { added, removed }] of Object.entries(changes)) {
    lines.push(`${kind}: +${added.length} −${removed.length}`);
    const listed = [...added.map((n) => `  + ${n}`), ...removed.map((n) => `  − ${n}`)];
    lines.push(...listed.slice(0, 20));
    if (listed.length > 20) lines.push(`  … and ${listed.length - 20} more`);
  }
  return lines.join('\n');
}

async function main(argv) {
  let dir = path.join(root, 'server', 'schemas');
  const sources = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dir') dir = path.resolve(argv[++i] ?? usage('--dir needs a folder'));
    else if (argv[i].startsWith('--')) usage(`unknown option ${argv[i]}`);
    else sources.push(argv[i]);
  }
  if (sources.length !== 1) usage('give one server URL, schema URL or file');
  const { text, from } = await readSource(sources[0]);
  const next = parse(text, from);
  const current = currentSnapshot(dir);
  const target = path.join(dir, `kaltura-api-schema-${next.apiVersion}.xml.gz`);
  if (current) {
    const before = parse(zlib.gunzipSync(fs.readFileSync(current)).toString('utf8'), current);
    process.stdout.write(`${path.basename(current)} (${before.apiVersion}) → ${path.basename(target)} (${next.apiVersion})\n`);
    process.stdout.write(`${changesText(schemaChanges(before, next))}\n`);
    if (compareVersions(next.apiVersion, before.apiVersion) < 0) {
      process.stdout.write(`Note: ${next.apiVersion} is older than ${before.apiVersion}; the build keeps shipping ${path.basename(current)}.\n`);
    }
  }
  fs.writeFileSync(target, zlib.gzipSync(Buffer.from(text, 'utf8'), { level: 9 }));
  process.stdout.write(`Wrote ${path.relative(process.cwd(), target) || target} (${fs.statSync(target).size} bytes gzipped) from ${from}.\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`update-schema: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
