/**
 * The kreq-specific protocol between the language server and its clients: command names and the
 * plain-JSON shapes of their arguments and results. Imported by the server and the VS Code client
 * (the only server file the client may import); it imports nothing.
 */

/** `workspace/executeCommand` commands the server registers. */
export const Commands = {
  /** Sends one block. Arguments: `[SendArguments]`. Result: `SendResult`. Any LSP client can run it. */
  send: 'kreq.send',
  /** "Copy as cURL" text of a block, secrets redacted unless `reveal`. Arguments: `[CurlArguments]`. Result: `string`. */
  copyAsCurl: 'kreq.copyAsCurl',
  /** The environments around a document. Arguments: `[{ uri: string }]`. Result: `EnvironmentList`. */
  listEnvironments: 'kreq.listEnvironments',
  /** The session known for an environment (no network). Arguments: `[{ uri: string; environment?: string; secrets?: Record<string, string> }]`
   *  (`secrets` as in `SendArguments`; absent: the ones the last send or copy gave). Result: `SessionStatus`. */
  sessionStatus: 'kreq.sessionStatus',
} as const;

/** Which block of which document: a 0-based block index, or any 0-based line inside the block. */
export interface BlockReference {
  readonly uri: string;
  readonly block?: number;
  readonly line?: number;
}

export interface SendArguments extends BlockReference {
  /** Environment name; absent: the `kreq.environment` setting, else none. */
  readonly environment?: string;
  /** Secrets from the client's secret store, keyed `<env>.<key>` or `<key>` (e.g. `prod.adminSecret`). */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Show secrets in the results (ks values from session.start, …); default false. */
  readonly reveal?: boolean;
  /** How long to wait for the answer (the VS Code client sends `kreq.request.timeoutSeconds` × 1000); absent: 30 000. */
  readonly timeoutMs?: number;
}

export interface CurlArguments extends BlockReference {
  readonly environment?: string;
  readonly secrets?: Readonly<Record<string, string>>;
  readonly reveal?: boolean;
}

export interface ApiErrorJson {
  readonly code: string;
  readonly message: string;
  readonly args: Readonly<Record<string, string>>;
}

/** One call's outcome, as `kreq send --format json` prints it (lines 0-based here, 1-based in the CLI). */
export interface CallResultJson {
  /** 1-based number of the call in its block (the `N` of `{N:result}`). */
  readonly call: number;
  /** As written in the document (`uploadToken`, `addFromUploadedFile`). */
  readonly service: string;
  readonly action: string;
  readonly line: number;
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: ApiErrorJson;
  /** A short text for an inline note: `KalturaMediaListResponse · totalCount 3`, an id, a string. */
  readonly summary: string;
}

export interface SendResult {
  readonly uri: string;
  readonly environment?: string;
  /** 0-based block index, as in `BlockReference` (the CLI prints it 1-based). */
  readonly block: number;
  readonly title?: string;
  /** 0-based line of the block's separator, else its first line. */
  readonly line: number;
  readonly ok: boolean;
  readonly durationMs: number;
  readonly calls: readonly CallResultJson[];
  readonly error?: { readonly kind: string; readonly message: string };
  /** The response body (redacted unless revealed), pretty-printed JSON when it is JSON. */
  readonly responseText?: string;
  readonly httpStatus?: number;
}

export interface EnvironmentList {
  readonly names: readonly string[];
  readonly active?: string;
  readonly files: readonly string[];
  readonly problems: readonly string[];
}

export interface SessionStatus {
  readonly environment?: string;
  /** Unix ms; absent when unknown or no session. */
  readonly expiresAt?: number;
  readonly source?: 'environment' | 'session.start' | 'appToken';
}

/** Diagnostics of sent calls carry this source, beside the language's own `kreq`. */
export const RESULT_DIAGNOSTIC_SOURCE = 'kaltura';
