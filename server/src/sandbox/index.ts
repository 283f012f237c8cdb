/**
 * A local Kaltura-compatible API server for tests and newcomers without an account: `startSandbox` listens on
 * loopback and answers `api_v3` requests as the real server does (see README.md in this folder for what is served).
 */

import type { AddressInfo } from 'node:net';
import type { KalturaSchema } from '../language/index';
import type { SandboxRuntime } from './actionCall';
import { SANDBOX_HANDLERS } from './actionHandlers';
import { createSandboxServer } from './httpServer';
import { SandboxState, type SandboxAppToken, type SandboxPartner } from './sandboxState';
import { directoryUploadFiles, memoryUploadFiles } from './uploadFiles';

export { SANDBOX_CREDENTIALS, SandboxState, type SandboxAppToken, type SandboxPartner, type AppTokenHashType } from './sandboxState';
export { implementedActions } from './actionHandlers';
export { decodeKs, encodeKsV1, type KsFields, type ParsedKs } from './ksCodec';

export interface SandboxOptions {
  readonly schema: KalturaSchema;
  /** The schema's XML text, served at `/api_v3/api_schema.php` (404 there without it). */
  readonly schemaXml?: string;
  /** 0 (default): any free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default: partner 100 of `SANDBOX_CREDENTIALS`. */
  readonly partners?: readonly SandboxPartner[];
  /** Default: the app token of `SANDBOX_CREDENTIALS`. */
  readonly appTokens?: readonly SandboxAppToken[];
  /** Milliseconds since the epoch (default `Date.now`); sessions expire and relative times count from it. */
  readonly now?: () => number;
  /** Keep uploaded bytes in this folder (default: in memory). */
  readonly uploadDir?: string;
  /** Seconds an entry stays PRECONVERT after its content is attached, then READY (default 2; 0: READY at once). */
  readonly convertSeconds?: number;
}

/** How long a sandbox entry "converts" by default (`kreq sandbox --convert-seconds`). */
export const DEFAULT_CONVERT_SECONDS = 2;

export interface Sandbox {
  /** `http://host:port`, the service URL to send requests to. */
  readonly url: string;
  readonly port: number;
  /** Everything the sandbox holds (partners, app tokens, entries, upload tokens, ended sessions). */
  readonly state: SandboxState;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const state = new SandboxState(options.partners, options.appTokens);
  let url = '';
  const runtime: SandboxRuntime = {
    schema: options.schema,
    schemaXml: options.schemaXml,
    state,
    uploads: options.uploadDir ? directoryUploadFiles(options.uploadDir) : memoryUploadFiles(),
    now: options.now ?? Date.now,
    convertSeconds: options.convertSeconds ?? DEFAULT_CONVERT_SECONDS,
    baseUrl: () => url,
  };
  const server = createSandboxServer(runtime, SANDBOX_HANDLERS);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
