/**
 * Loads the Kaltura API schema from a file path or URL into a `SchemaStatus`, through a compiled
 * on-disk cache so that a warm start does not re-parse the XML. Never rejects: failures are values.
 */

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { fileErrorText, readRegularFile } from './regularFile';
import * as os from 'node:os';
import * as path from 'node:path';
// Types only: the module itself is loaded lazily, on the first download.
import type { Dispatcher, fetch as UndiciFetch } from 'undici';
import { indexSchema, readSchemaXml, type SchemaData, type SchemaStatus } from '../language/index';

export const DEFAULT_SERVICE_URL = 'https://www.kaltura.com';
const CACHE_FORMAT = 1;

export interface SchemaLoadOptions {
  /** A file path (absolute, or relative to `baseDir`), a `file://` URI, or an http(s) URL. */
  readonly source: string;
  readonly baseDir?: string;
  /** Where compiled schemas are kept; no caching when absent. */
  readonly cacheDir?: string;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  readonly signal?: AbortSignal;
  /** For URLs: ignore the cache and download (used to refresh in the background). */
  readonly refresh?: boolean;
  /**
   * For the default URL (no schema configured): when the cache has nothing, answer at once with the
   * snapshot bundled with kreq, as if from the cache, so that a refresh can download the live one.
   */
  readonly bundledFallback?: boolean;
}

export interface SchemaLoadResult {
  readonly status: SchemaStatus;
  /** True when the compiled cache or the bundled snapshot answered (no XML parsed): a URL is worth refreshing. */
  readonly fromCache: boolean;
  /** True when the bundled snapshot answered. */
  readonly fromBundle?: boolean;
}

interface CacheEntry {
  readonly format: number;
  readonly source: string;
  readonly apiVersion: string;
  readonly generatedDate?: string;
  /** For files: what the cached data was compiled from. */
  readonly stamp?: string;
  readonly fetchedAt: number;
  readonly data: SchemaData;
}

/** The default schema source for a service URL: `{serviceUrl}/api_v3/api_schema.php`. */
export function defaultSchemaSource(serviceUrl: string = DEFAULT_SERVICE_URL): string {
  return `${serviceUrl.replace(/\/+$/, '')}/api_v3/api_schema.php`;
}

/** `$XDG_CACHE_HOME/kreq` or `~/.cache/kreq`. */
export function defaultCacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'kreq');
}

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

function resolveFile(source: string, baseDir?: string): string {
  if (source.startsWith('file://')) return decodeURIComponent(new URL(source).pathname);
  const expanded = source.startsWith('~/') ? path.join(os.homedir(), source.slice(2)) : source;
  return path.resolve(baseDir ?? process.cwd(), expanded);
}

function cachePath(cacheDir: string, source: string): string {
  return path.join(cacheDir, `schema-${createHash('sha1').update(source).digest('hex').slice(0, 16)}.json`);
}

/** A compiled schema is a few MB: a cache file larger than this (or not a regular file) is not read. */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

function readCache(cacheDir: string | undefined, source: string): CacheEntry | undefined {
  if (!cacheDir) return undefined;
  try {
    const entry = JSON.parse(readRegularFile(cachePath(cacheDir, source), MAX_CACHE_BYTES)) as CacheEntry;
    return entry.format === CACHE_FORMAT && entry.source === source && entry.data?.services ? entry : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(cacheDir: string | undefined, source: string, data: SchemaData, stamp?: string): void {
  if (!cacheDir) return;
  const entry: CacheEntry = { format: CACHE_FORMAT, source, apiVersion: data.apiVersion, generatedDate: data.generatedDate, stamp, fetchedAt: Date.now(), data };
  const file = cachePath(cacheDir, source);
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(entry));
    fs.renameSync(tmp, file);
  } catch {
    // The cache only saves time; a read-only disk must not stop loading.
  }
}

function loaded(data: SchemaData, source: string, fromCache: boolean): SchemaLoadResult {
  return { status: { kind: 'loaded', schema: indexSchema(data), source }, fromCache };
}

function unavailable(problem: string, source: string): SchemaLoadResult {
  return { status: { kind: 'unavailable', problem, source }, fromCache: false };
}

function compile(xml: string, source: string, cacheDir: string | undefined, stamp?: string): SchemaLoadResult {
  const result = readSchemaXml(xml);
  if ('problem' in result) return unavailable(result.problem, source);
  writeCache(cacheDir, source, result.data, stamp);
  return loaded(result.data, source, false);
}

function loadFile(options: SchemaLoadOptions): SchemaLoadResult {
  const file = resolveFile(options.source, options.baseDir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    return unavailable((e as NodeJS.ErrnoException).code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file}: ${fileErrorText(e)}`, file);
  }
  if (!stat.isFile()) return unavailable(`not a regular file: ${file}`, file);
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  if (stat.size > maxBytes) return unavailable(`file is ${stat.size} bytes, over the ${maxBytes}-byte limit`, file);
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const cached = readCache(options.cacheDir, file);
  if (cached && cached.stamp === stamp) return loaded(cached.data, file, true);
  try {
    // Read only as a regular file within the bound: the file may have been swapped for a device or a pipe since.
    return compile(readRegularFile(file, maxBytes), file, options.cacheDir, stamp);
  } catch (e) {
    return unavailable(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, file);
  }
}

async function download(url: string, options: SchemaLoadOptions): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  // Loaded on first download only: most starts are answered by a file or the cache, and undici costs ~120 ms to load.
  const { fetch, EnvHttpProxyAgent } = await import('undici');
  // HTTP_PROXY / HTTPS_PROXY / NO_PROXY apply to schema downloads as to requests.
  const dispatcher = new EnvHttpProxyAgent();
  try {
    return await fetchText(fetch, dispatcher, url, options, timeoutMs, maxBytes);
  } finally {
    // One download in a long while: do not keep its connection (or the process) alive.
    void dispatcher.destroy();
  }
}

async function fetchText(
  fetch: typeof UndiciFetch,
  dispatcher: Dispatcher,
  url: string,
  options: SchemaLoadOptions,
  timeoutMs: number,
  maxBytes: number,
): Promise<string> {
  const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
  let response;
  try {
    response = await fetch(url, { signal: AbortSignal.any(signals), redirect: 'follow', dispatcher, headers: { accept: 'text/xml, application/xml' } });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') {
      throw new Error(options.signal?.aborted ? 'cancelled' : `no answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`);
    }
    const cause = err.cause;
    throw new Error(cause?.code ? `${cause.code} (${cause.message ?? err.message})` : cause?.message ?? err.message);
  }
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new Error(`the schema is ${declared} bytes, over the ${maxBytes}-byte limit`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).byteLength;
    if (size > maxBytes) throw new Error(`the schema is over the ${maxBytes}-byte limit`);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The file name of the bundled snapshot, beside the bundle in `dist/` (written by scripts/bundle.mjs). */
export const BUNDLED_SCHEMA_FILE = 'kaltura-schema.json';

/** The compiled schema snapshot shipped with kreq: `KREQ_BUNDLED_SCHEMA`, else beside this bundle. */
export function bundledSchemaPath(): string | undefined {
  const candidates = [process.env.KREQ_BUNDLED_SCHEMA, path.join(__dirname, BUNDLED_SCHEMA_FILE)];
  return candidates.find((p): p is string => !!p && fs.existsSync(p));
}

/** The XML the snapshot was compiled from, bundled too (the sandbox serves it as `api_schema.php`). */
export function bundledSchemaXmlPath(): string | undefined {
  const file = path.join(__dirname, BUNDLED_SCHEMA_FILE.replace(/\.json$/, '.xml'));
  return fs.existsSync(file) ? file : undefined;
}

/** Reads the bundled snapshot; undefined when kreq was built without one. */
export function readBundledSchema(): SchemaData | undefined {
  const file = bundledSchemaPath();
  if (!file) return undefined;
  try {
    const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheEntry;
    return entry.format === CACHE_FORMAT && entry.data?.services ? entry.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a compiled snapshot in the cache format (used by the build to bundle one). */
export function compiledSnapshot(data: SchemaData, source: string): string {
  const entry: CacheEntry = { format: CACHE_FORMAT, source, apiVersion: data.apiVersion, generatedDate: data.generatedDate, fetchedAt: Date.now(), data };
  return JSON.stringify(entry);
}

/** Loads a schema. A URL answered from the cache can be refreshed later with `refresh: true`. */
export async function loadSchema(options: SchemaLoadOptions): Promise<SchemaLoadResult> {
  if (!isUrl(options.source)) return loadFile(options);
  const url = options.source;
  if (!options.refresh) {
    const cached = readCache(options.cacheDir, url);
    if (cached) return loaded(cached.data, url, true);
    const bundled = options.bundledFallback ? readBundledSchema() : undefined;
    if (bundled) return { ...loaded(bundled, url, true), fromBundle: true };
  }
  try {
    return compile(await download(url, options), url, options.cacheDir);
  } catch (e) {
    return unavailable(`cannot download ${url}: ${e instanceof Error ? e.message : String(e)}`, url);
  }
}
