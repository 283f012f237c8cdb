/**
 * The language server's Node composition root: creates the connection (`--stdio`, `--node-ipc` or
 * `--socket=N` from the command line), builds the real runtime (disk, environment files, schema
 * loader, timers, the request engine) and starts the server. Stray exceptions are logged to the client, never fatal.
 */

import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import * as engine from '../engine/index';
import { startServer } from '../lsp/kreqServer';
import { describeError } from '../lsp/runSafe';
import type { RuntimeEnvironment } from '../lsp/runtimeEnvironment';
import { environmentVariableNames } from './environmentFiles';
import { nodeFileSystem } from './nodeFileSystem';
import { defaultCacheDir, defaultSchemaSource, loadSchema } from './schemaSource';
import { createServerTransport } from './serverTransport';

const transport = createServerTransport(process.argv.slice(2));
const connection = createConnection(ProposedFeatures.all, transport.reader, transport.writer);

/** Logs to the client; when even that fails (the client is gone), there is no one left to tell. */
function logStray(kind: string, e: unknown): void {
  try {
    connection.console.error(`${kind}: ${describeError(e)}`);
  } catch {
    // The connection is closed; the library ends the process when its input ends.
  }
}

process.on('uncaughtException', (e) => logStray('Uncaught exception', e));
process.on('unhandledRejection', (e) => logStray('Unhandled rejection', e));

function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

const runtime: RuntimeEnvironment = {
  schemaLoader: { load: loadSchema, defaultSource: defaultSchemaSource, defaultCacheDir },
  fileSystem: nodeFileSystem,
  environmentVariables: environmentVariableNames,
  uriToPath,
  realPath(p) {
    try {
      return realpathSync.native(p);
    } catch {
      return undefined;
    }
  },
  timer: {
    setImmediate(callback) {
      const handle = setImmediate(callback);
      return { dispose: () => clearImmediate(handle) };
    },
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
  },
  logger: connection.console,
  now: () => Date.now(),
  sending: { engine, processEnv: process.env, uuid: randomUUID },
};

startServer(connection, runtime);
