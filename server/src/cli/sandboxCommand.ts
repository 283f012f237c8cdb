/** `kreq sandbox`: loads a schema, starts the local Kaltura-compatible API server and runs it until SIGINT/SIGTERM. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { indexSchema, readSchemaXml, type KalturaSchema } from '../language/index';
import { bundledSchemaXmlPath, defaultCacheDir, isUrl, loadSchema } from '../node/schemaSource';
import { DEFAULT_CONVERT_SECONDS, SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../sandbox/index';

export const SANDBOX_USAGE = `Usage: kreq sandbox [--schema <path|url>] [--port N] [--host ADDRESS] [--upload-dir DIR]
                    [--convert-seconds N]

Runs a local Kaltura-compatible API server (api_v3) for trying requests without an account.
Send requests to http://HOST:PORT/api_v3/service/{service}/action/{action}.

Options:
  --schema <path|url>   The API schema (api_schema.php XML) the sandbox answers by; served back at
                        /api_v3/api_schema.php. Default: $KREQ_SCHEMA, else the schema bundled with kreq.
  --port N              Port to listen on (default 8765; 0 picks a free one).
  --host ADDRESS        Address to listen on (default 127.0.0.1).
  --upload-dir DIR      Keep uploaded files in DIR (default: in memory).
  --convert-seconds N   An entry whose content was just attached is PRECONVERT (1) for N seconds, then
                        READY (2), as after a real conversion (default ${DEFAULT_CONVERT_SECONDS}; 0: READY at once).

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
  readonly help: boolean;
}

class SandboxUsageError extends Error {}

function parseArguments(argv: readonly string[]): SandboxArguments {
  const values = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!['--schema', '--port', '--host', '--upload-dir', '--convert-seconds'].includes(flag)) throw new SandboxUsageError(`unknown argument ${arg}`);
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
  return { schema: values.get('--schema'), port, host: values.get('--host') ?? '127.0.0.1', uploadDir: values.get('--upload-dir'), convertSeconds, help };
}

/** The schema and its XML text (the text is served back by `api_schema.php`). */
async function readSchema(source: string, io: SandboxCommandIo): Promise<{ schema: KalturaSchema; xml: string }> {
  if (isUrl(source)) {
    const response = await fetch(source, { signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`cannot download ${source}: HTTP ${response.status}`);
    const xml = await response.text();
    const result = readSchemaXml(xml);
    if ('problem' in result) throw new Error(`${source}: ${result.problem}`);
    return { schema: indexSchema(result.data), xml };
  }
  const file = source.startsWith('file://') ? decodeURIComponent(new URL(source).pathname) : path.resolve(io.cwd, source);
  const loaded = await loadSchema({ source: file, cacheDir: io.env.KREQ_CACHE_DIR || defaultCacheDir() });
  if (loaded.status.kind !== 'loaded') throw new Error(loaded.status.kind === 'unavailable' ? loaded.status.problem : `cannot load ${file}`);
  return { schema: loaded.status.schema, xml: fs.readFileSync(file, 'utf8') };
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
  let sandbox: Sandbox;
  try {
    const { schema, xml } = await readSchema(source, full);
    sandbox = await startSandbox({
      schema,
      schemaXml: xml,
      port: args.port,
      host: args.host,
      uploadDir: args.uploadDir && path.resolve(full.cwd, args.uploadDir),
      convertSeconds: args.convertSeconds,
    });
  } catch (e) {
    full.stderr(`kreq sandbox: ${(e as Error).message}\n`);
    return 1;
  }
  const c = SANDBOX_CREDENTIALS;
  full.stdout(`Kaltura sandbox on ${sandbox.url} (partner ${c.partnerId}, admin secret ${c.adminSecret}, user secret ${c.userSecret})\n`);
  full.stdout(`App token ${c.appToken.id} (token ${c.appToken.token}, ${c.appToken.hashType}); widget ${c.widgetId}. Ctrl-C stops it.\n`);
  const conversion = args.convertSeconds === 0 ? 'at once' : `${args.convertSeconds} s after their content is attached (PRECONVERT until then)`;
  full.stdout(`Entries become READY ${conversion}.\n`);
  full.onListening?.(sandbox);
  await untilStopped(full.signal);
  await sandbox.close();
  full.stdout('Kaltura sandbox stopped.\n');
  return 0;
}
