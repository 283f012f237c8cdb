/** `kreq sandbox`: loads a schema, starts the local Kaltura-compatible API server and runs it until SIGINT/SIGTERM. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { indexSchema, readSchemaXml, type KalturaSchema } from '../language/index';
import { bundledSchemaXmlPath, defaultCacheDir, isUrl, loadSchema } from '../node/schemaSource';
import {
  DEFAULT_BODY_LIMITS,
  DEFAULT_CONVERT_SECONDS,
  DEMO_CONTENT,
  isLoopbackHost,
  SANDBOX_CREDENTIALS,
  startSandbox,
  type Sandbox,
  type SandboxAppToken,
  type SandboxPartner,
} from '../sandbox/index';

/** The most a schema may take, downloaded or decompressed (the 22.19.0 schema is 2 MB). */
export const MAX_SCHEMA_BYTES = 50 * 1024 * 1024;
const DEFAULT_MAX_UPLOAD_MB = DEFAULT_BODY_LIMITS.maxFileBytes / (1024 * 1024);

const DEMO_ENTRIES = `${DEMO_CONTENT.entryIds[0]}…${DEMO_CONTENT.entryIds.at(-1)}`;

export const SANDBOX_USAGE = `Usage: kreq sandbox [--schema <path|url>] [--port N] [--host ADDRESS] [--public] [--admin-secret S]
                    [--upload-dir DIR] [--max-upload-mb N] [--convert-seconds N] [--empty]

Runs a local Kaltura-compatible API server (api_v3) for trying requests without an account.
Send requests to http://HOST:PORT/api_v3/service/{service}/action/{action}.
It starts with demo content: READY entries ${DEMO_ENTRIES} (${DEMO_CONTENT.uploadedVideoId} an uploaded video without
thumbnail), category ${DEMO_CONTENT.category.id} "${DEMO_CONTENT.category.name}", user ${DEMO_CONTENT.userId}.

Options:
  --schema <path|url>   The API schema (api_schema.php XML) the sandbox answers by; served back at
                        /api_v3/api_schema.php. Default: $KREQ_SCHEMA, else the schema bundled with kreq.
  --port N              Port to listen on (default 8765; 0 picks a free one).
  --host ADDRESS        Address to listen on (default 127.0.0.1). Any address other machines can reach
                        (0.0.0.0, a LAN address) needs --public.
  --public              Listen on a non-loopback --host on purpose: the sandbox then makes up random
                        secrets (printed at start), sends no CORS headers, and prints a warning.
  --admin-secret S      The admin secret of partner 100 with --public (default: a random one).
  --upload-dir DIR      Keep uploaded files in DIR (default: a temporary folder deleted at exit).
  --max-upload-mb N     The largest uploaded file, in MB (default ${DEFAULT_MAX_UPLOAD_MB}); larger: HTTP 413. Form bodies: 10 MB.
  --convert-seconds N   An entry whose content was just attached is PRECONVERT (1) for N seconds, then
                        READY (2), as after a real conversion (default ${DEFAULT_CONVERT_SECONDS}; 0: READY at once).
  --empty               Start without the demo content (no entries, categories or users; for tests).

Credentials: partner ${SANDBOX_CREDENTIALS.partnerId}, admin secret ${SANDBOX_CREDENTIALS.adminSecret}, user secret ${SANDBOX_CREDENTIALS.userSecret},
widget ${SANDBOX_CREDENTIALS.widgetId}, app token ${SANDBOX_CREDENTIALS.appToken.id} (token ${SANDBOX_CREDENTIALS.appToken.token}, ${SANDBOX_CREDENTIALS.appToken.hashType}).
Stop with Ctrl-C.
`;

export const DEFAULT_SANDBOX_PORT = 8765;

export interface SandboxCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Stops the sandbox when aborted (besides SIGINT/SIGTERM). */
  readonly signal?: AbortSignal;
  /** Called once the sandbox listens. */
  readonly onListening?: (sandbox: Sandbox) => void;
}

interface SandboxArguments {
  readonly schema?: string;
  readonly port: number;
  readonly host: string;
  readonly uploadDir?: string;
  readonly convertSeconds: number;
  readonly public: boolean;
  readonly adminSecret?: string;
  readonly maxUploadMb: number;
  readonly empty: boolean;
  readonly help: boolean;
}

const VALUE_FLAGS = ['--schema', '--port', '--host', '--upload-dir', '--convert-seconds', '--admin-secret', '--max-upload-mb'];

class SandboxUsageError extends Error {}

function parseArguments(argv: readonly string[]): SandboxArguments {
  const values = new Map<string, string>();
  let help = false;
  let isPublic = false;
  let empty = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--empty') {
      empty = true;
      continue;
    }
    if (arg === '--public') {
      isPublic = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.includes(flag)) throw new SandboxUsageError(`unknown argument ${arg}`);
    const value = flag !== arg ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new SandboxUsageError(`${flag} needs a value`);
    values.set(flag, value);
  }
  const portText = values.get('--port');
  const port = portText === undefined ? DEFAULT_SANDBOX_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SandboxUsageError(`--port must be a number from 0 to 65535, not "${portText}"`);
  const convertText = values.get('--convert-seconds');
  const convertSeconds = convertText === undefined ? DEFAULT_CONVERT_SECONDS : Number(convertText);
  if (!Number.isFinite(convertSeconds) || convertSeconds < 0) throw new SandboxUsageError(`--convert-seconds must be a number of seconds from 0, not "${convertText}"`);
  const uploadText = values.get('--max-upload-mb');
  const maxUploadMb = uploadText === undefined ? DEFAULT_MAX_UPLOAD_MB : Number(uploadText);
  if (!Number.isFinite(maxUploadMb) || maxUploadMb <= 0) throw new SandboxUsageError(`--max-upload-mb must be a positive number of MB, not "${uploadText}"`);
  const host = values.get('--host') ?? '127.0.0.1';
  const adminSecret = values.get('--admin-secret');
  if (!isLoopbackHost(host) && !isPublic && !help) {
    throw new SandboxUsageError(
      `--host ${host} lets other machines reach the sandbox; add --public to do that on purpose (it then uses random secrets, printed at start)`,
    );
  }
  if (adminSecret !== undefined && !isPublic) throw new SandboxUsageError('--admin-secret goes with --public (on loopback the sandbox uses its fixed credentials)');
  if (adminSecret !== undefined && adminSecret.length < 8) throw new SandboxUsageError('--admin-secret must have 8 characters or more');
  return { schema: values.get('--schema'), port, host, uploadDir: values.get('--upload-dir'), convertSeconds, public: isPublic, adminSecret, maxUploadMb, empty, help };
}

class SchemaTooLargeError extends Error {}

/** Downloads a schema, refusing one over `MAX_SCHEMA_BYTES` as sent or once decompressed (a gzip bomb). */
async function downloadSchema(source: string): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`cannot download ${source}: no answer within 60 s`)), 60_000);
  const tooLarge = () => new SchemaTooLargeError(`cannot download ${source}: the schema is larger than ${MAX_SCHEMA_BYTES / (1024 * 1024)} MB`);
  try {
    const response = await fetch(source, { signal: controller.signal });
    if (!response.ok) throw new Error(`cannot download ${source}: HTTP ${response.status}`);
    const declared = Number(response.headers.get('content-length') ?? NaN);
    const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
    if (!encoded && declared > MAX_SCHEMA_BYTES) throw tooLarge();
    if (!response.body) return '';
    const chunks: Buffer[] = [];
    let size = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_SCHEMA_BYTES) {
        controller.abort(tooLarge());
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(Buffer.from(value));
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (e) {
    if (e instanceof SchemaTooLargeError || (e instanceof Error && e.message.startsWith(`cannot download ${source}`))) throw e;
    const reason = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    throw new Error(`cannot download ${source}: ${reason}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Refuses a schema file that is no regular file (a FIFO, /dev/zero) or over `MAX_SCHEMA_BYTES`, before it is read. */
function checkSchemaFile(file: string): void {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat === undefined) return;
  if (!stat.isFile()) throw new Error(`${file} is not a regular file`);
  if (stat.size > MAX_SCHEMA_BYTES) throw new Error(`${file}: the schema is larger than ${MAX_SCHEMA_BYTES / (1024 * 1024)} MB`);
}

/** The schema and its XML text (the text is served back by `api_schema.php`). */
async function readSchema(source: string, io: SandboxCommandIo): Promise<{ schema: KalturaSchema; xml: string }> {
  if (isUrl(source)) {
    const xml = await downloadSchema(source);
    const result = readSchemaXml(xml);
    if ('problem' in result) throw new Error(`${source}: ${result.problem}`);
    return { schema: indexSchema(result.data), xml };
  }
  const file = source.startsWith('file://') ? decodeURIComponent(new URL(source).pathname) : path.resolve(io.cwd, source);
  checkSchemaFile(file);
  const loaded = await loadSchema({ source: file, cacheDir: io.env.KREQ_CACHE_DIR || defaultCacheDir() });
  if (loaded.status.kind !== 'loaded') throw new Error(loaded.status.kind === 'unavailable' ? loaded.status.problem : `cannot load ${file}`);
  return { schema: loaded.status.schema, xml: fs.readFileSync(file, 'utf8') };
}

/** Random secrets for a sandbox other machines reach (partner 100; `adminSecret` when given). */
function publicCredentials(adminSecret: string | undefined): { partner: SandboxPartner; appToken: SandboxAppToken } {
  const random = () => randomBytes(16).toString('hex');
  const c = SANDBOX_CREDENTIALS;
  return {
    partner: { id: c.partnerId, name: 'Kreq sandbox', adminSecret: adminSecret ?? random(), userSecret: random() },
    appToken: { id: c.appToken.id, token: random(), hashType: c.appToken.hashType, partnerId: c.partnerId },
  };
}

/** Waits for SIGINT, SIGTERM or the abort signal. */
function untilStopped(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (signal?.aborted) done();
    else signal?.addEventListener('abort', done, { once: true });
  });
}

/** Runs `kreq sandbox …`; resolves to the exit code once stopped (2 for bad usage, 1 when it cannot start). */
export async function runSandbox(argv: readonly string[], io: Partial<SandboxCommandIo> = {}): Promise<number> {
  const full: SandboxCommandIo = {
    stdout: io.stdout ?? ((text) => void process.stdout.write(text)),
    stderr: io.stderr ?? ((text) => void process.stderr.write(text)),
    cwd: io.cwd ?? process.cwd(),
    env: io.env ?? process.env,
    signal: io.signal,
    onListening: io.onListening,
  };
  let args: SandboxArguments;
  try {
    args = parseArguments(argv);
  } catch (e) {
    full.stderr(`kreq sandbox: ${(e as Error).message}\n${SANDBOX_USAGE}`);
    return 2;
  }
  if (args.help) {
    full.stdout(SANDBOX_USAGE);
    return 0;
  }
  const source = args.schema ?? full.env.KREQ_SCHEMA ?? bundledSchemaXmlPath();
  if (!source) {
    full.stderr(`kreq sandbox: --schema is required (or set KREQ_SCHEMA): this build has no bundled schema\n${SANDBOX_USAGE}`);
    return 2;
  }
  const credentials = args.public ? publicCredentials(args.adminSecret) : undefined;
  let sandbox: Sandbox;
  try {
    const { schema, xml } = await readSchema(source, full);
    sandbox = await startSandbox({
      schema,
      schemaXml: xml,
      port: args.port,
      host: args.host,
      uploadDir: args.uploadDir && path.resolve(full.cwd, args.uploadDir),
      maxFileBytes: Math.floor(args.maxUploadMb * 1024 * 1024),
      convertSeconds: args.convertSeconds,
      partners: credentials && [credentials.partner],
      appTokens: credentials && [credentials.appToken],
      demoContent: !args.empty,
    });
  } catch (e) {
    full.stderr(`kreq sandbox: ${(e as Error).message}\n`);
    return 1;
  }
  const partner = credentials?.partner ?? { id: SANDBOX_CREDENTIALS.partnerId, adminSecret: SANDBOX_CREDENTIALS.adminSecret, userSecret: SANDBOX_CREDENTIALS.userSecret };
  const appToken = credentials?.appToken ?? SANDBOX_CREDENTIALS.appToken;
  if (!isLoopbackHost(args.host)) {
    full.stderr(
      `kreq sandbox: warning: listening on ${args.host}: other machines can reach this sandbox. It has no real security: ` +
        'anyone who learns the secrets below can use it. No CORS headers are sent.\n',
    );
  }
  full.stdout(`Kaltura sandbox on ${sandbox.url} (partner ${partner.id}, admin secret ${partner.adminSecret}, user secret ${partner.userSecret})\n`);
  full.stdout(`App token ${appToken.id} (token ${appToken.token}, ${appToken.hashType}); widget ${SANDBOX_CREDENTIALS.widgetId}. Ctrl-C stops it.\n`);
  const conversion = args.convertSeconds === 0 ? 'at once' : `${args.convertSeconds} s after their content is attached (PRECONVERT until then)`;
  full.stdout(`Entries become READY ${conversion}.\n`);
  full.stdout(
    args.empty
      ? 'Started empty (--empty): no entries, categories or users.\n'
      : `Demo content: entries ${DEMO_ENTRIES}, category ${DEMO_CONTENT.category.id} "${DEMO_CONTENT.category.name}", user ${DEMO_CONTENT.userId} (--empty starts without).\n`,
  );
  full.onListening?.(sandbox);
  await untilStopped(full.signal);
  await sandbox.close();
  full.stdout('Kaltura sandbox stopped.\n');
  return 0;
}
