/**
 * A local Kaltura-compatible API server for tests and newcomers without an account: `startSandbox` listens on
 * loopback and answers `api_v3` requests as the real server does (see README.md in this folder for what is served).
 */

import type { AddressInfo } from 'node:net';
import type { KalturaSchema } from '../language/index';
import type { SandboxRuntime } from './actionCall';
import { SANDBOX_HANDLERS } from './actionHandlers';
import { addDemoContent } from './demoContent';
import { createSandboxServer } from './httpServer';
import { SandboxState, type SandboxAppToken, type SandboxPartner } from './sandboxState';
import { DEFAULT_BODY_LIMITS } from './multipartStream';
import { directoryUploadFiles } from './uploadFiles';

export { SANDBOX_CREDENTIALS, SandboxState, type SandboxAppToken, type SandboxPartner, type AppTokenHashType } from './sandboxState';
export { implementedActions } from './actionHandlers';
export { decodeKs, encodeKsV1, type KsFields, type ParsedKs } from './ksCodec';
export { DEFAULT_BODY_LIMITS, type BodyLimits } from './multipartStream';
export { MAX_MULTIREQUEST_CALLS } from './multiRequest';
export { DEMO_CONTENT } from './demoContent';

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
  /** Keep uploaded bytes in this folder (default: a temporary folder deleted by `close`). */
  readonly uploadDir?: string;
  /** Bytes of a form/JSON body (and of a multipart body's text fields) and of one uploaded file; over them: HTTP 413. */
  readonly maxFormBytes?: number;
  readonly maxFileBytes?: number;
  /** Seconds an entry stays PRECONVERT after its content is attached, then READY (default 2; 0: READY at once). */
  readonly convertSeconds?: number;
  /**
   * Start with the demo content (`DEMO_CONTENT`: a user, a category, READY entries 0_sandbox1…0_sandbox5). Default
   * false: tests start empty; `kreq sandbox` passes true unless `--empty`.
   */
  readonly demoContent?: boolean;
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

/** True for an address only this machine reaches (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\./.test(h);
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const state = new SandboxState(options.partners, options.appTokens);
  let url = '';
  const runtime: SandboxRuntime = {
    schema: options.schema,
    schemaXml: options.schemaXml,
    state,
    uploads: directoryUploadFiles(options.uploadDir),
    now: options.now ?? Date.now,
    convertSeconds: options.convertSeconds ?? DEFAULT_CONVERT_SECONDS,
    baseUrl: () => url,
  };
  const limits = { maxFormBytes: options.maxFormBytes ?? DEFAULT_BODY_LIMITS.maxFormBytes, maxFileBytes: options.maxFileBytes ?? DEFAULT_BODY_LIMITS.maxFileBytes };
  const server = createSandboxServer(runtime, SANDBOX_HANDLERS, { limits, cors: isLoopbackHost(host) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // After `url` is known (entries hold URLs); nothing is served before this synchronous step ends.
  if (options.demoContent) addDemoContent(runtime);
  return {
    url,
    port,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => {
          runtime.uploads.dispose();
          if (e) reject(e);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
