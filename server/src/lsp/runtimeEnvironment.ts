/**
 * What the language server needs from its host, injected by the composition root (`node/serverMain.ts`)
 * so that the server itself does no I/O of its own and can be driven by fakes.
 */

import type * as Engine from '../engine/index';
import type { FileSystemProvider } from '../language/index';
import type { SchemaLoadOptions, SchemaLoadResult } from '../node/schemaSource';

export interface Disposable {
  dispose(): void;
}

/** Deferred execution; injected so that tests and other hosts control time. */
export interface Timer {
  setImmediate(callback: () => void): Disposable;
  setTimeout(callback: () => void, ms: number): Disposable;
}

/** Where log lines go: the LSP connection's console (never stdout, which carries the protocol). */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
}

/** Loads schemas (see `node/schemaSource.ts`); `load` never rejects, failures are `unavailable` statuses. */
export interface SchemaLoader {
  load(options: SchemaLoadOptions): Promise<SchemaLoadResult>;
  /** `{serviceUrl}/api_v3/api_schema.php`; without a service URL, the loader's default one. */
  defaultSource(serviceUrl?: string): string;
  /** Where compiled schemas are cached when the client names no folder. */
  defaultCacheDir(): string;
}

/** The parts of the request engine (`engine/index.ts`) the `kreq.*` commands use. */
export type RequestEngine = Pick<
  typeof Engine,
  | 'loadEnvironments'
  | 'unknownEnvironmentMessage'
  | 'defaultEnvironment'
  | 'environmentSecrets'
  | 'createSessionManager'
  | 'buildWireRequest'
  | 'requestNeedsSession'
  | 'sendBlock'
  | 'curlCommand'
  | 'redactValue'
  | 'summarizeCallResult'
  | 'SessionError'
  | 'MASK'
  | 'createFlowValueStore'
  | 'missingPrompts'
  | 'runBlock'
  | 'runBlockWithDependencies'
  | 'runFlow'
  | 'loadDotenv'
  | 'SendSession'
  | 'sessionSource'
>;

/** What sending blocks needs from the host; absent where the host cannot send (the commands then answer an error). */
export interface SendingRuntime {
  readonly engine: RequestEngine;
  /** For `{{$env NAME}}` in environments and values. */
  readonly processEnv: NodeJS.ProcessEnv;
  /** For `{{$uuid}}`. */
  readonly uuid: () => string;
}

export interface RuntimeEnvironment {
  readonly schemaLoader: SchemaLoader;
  readonly fileSystem?: FileSystemProvider;
  /** Variable names the environment files around a document define (spec §7); `rootPath` bounds the upward search. */
  readonly environmentVariables?: (documentUri: string, rootPath?: string) => ReadonlySet<string> | undefined;
  /** The local path of a `file:` URI; undefined for other schemes. */
  readonly uriToPath?: (uri: string) => string | undefined;
  /** A local path with its symbolic links resolved; undefined when it does not exist (keeps an untrusted workspace's
   *  `@file` checks inside its folders, workspaceTrust.ts). Without it, paths are compared as written. */
  readonly realPath?: (path: string) => string | undefined;
  readonly timer: Timer;
  readonly logger: Logger;
  /** The clock, in milliseconds. */
  readonly now: () => number;
  readonly sending?: SendingRuntime;
}
