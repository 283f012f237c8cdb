/** The request engine's public types (docs/engine-api.md): wire requests, results, sessions, transport. */

import type { BlockNode, KalturaSchema, KreqDocument } from '../language/index';
import type { Environment } from './environments';
import type { FileAttachmentPolicy } from './fileAttachmentPolicy';

// ── Building the wire request (spec §5, §8) ────────────────────────────────────────────────

export interface WireCall {
  readonly number: number;
  readonly service: string;
  readonly action: string;
  /** 0-based line of the call line. */
  readonly line: number;
  readonly sessionRequired?: 'always' | 'optional' | 'none';
}

export interface WireFile {
  /** `fileData`, or `2:fileData` in a multirequest. */
  readonly field: string;
  /** Absolute. */
  readonly path: string;
  readonly fileName: string;
  /** Set when the file lies outside the allowed folders and the user must allow it first (`BuildInput.askFile`): why. */
  readonly ask?: string;
}

export interface WireRequest {
  /** `{serviceUrl}/api_v3/service/{service}/action/{action}` or `…/service/multirequest`. */
  readonly url: string;
  /** Form fields in order (incl. format, clientTag, ks, `N:` prefixes). */
  readonly fields: ReadonlyArray<readonly [string, string]>;
  /** Non-empty → multipart/form-data. */
  readonly files: readonly WireFile[];
  readonly calls: readonly WireCall[];
  readonly multirequest: boolean;
  /** `format=1` unless the block sets `format=2`. */
  readonly format: 'json' | 'xml';
  /** Literal values to redact (ks, secrets, token hashes…). */
  readonly secrets: readonly string[];
}

export interface BuildProblem {
  /** 0-based. */
  readonly line: number;
  readonly message: string;
}

export interface BuildInput {
  readonly document: KreqDocument;
  readonly block: BlockNode;
  /** For enum names → values and `sessionRequired`; optional. */
  readonly schema?: KalturaSchema;
  readonly environment: Environment;
  /** For `@file` paths; undefined for unsaved documents. */
  readonly documentPath?: string;
  /** Milliseconds, for `{{$timestamp}}`. */
  readonly now: () => number;
  /** For `{{$uuid}}`. */
  readonly uuid: () => string;
  /** For `{{$env NAME}}`. */
  readonly processEnv: NodeJS.ProcessEnv;
  /** For `{{$dotenv NAME}}`: the nearest `.env` file's values (`loadDotenv`); absent: none is read. */
  readonly dotenv?: ReadonlyMap<string, string>;
  /** Captured values of this file and environment (spec §10.1): after file variables, before the environment's. */
  readonly captured?: ReadonlyMap<string, string>;
  /** `--var` values and prompt answers: above every other variable. */
  readonly overrides?: ReadonlyMap<string, string>;
  /** Which `@path` files may be uploaded (fileAttachmentPolicy.ts); absent: any file. `hint` says how to allow
   *  a file outside the roots when there is no `askFile` (the CLI's flags). */
  readonly fileAccess?: { readonly policy: FileAttachmentPolicy; readonly hint?: string; readonly sensitiveHint?: string };
  /** Asks the user whether a file outside the roots may be uploaded to `serviceUrl` (the editor); false: not sent. */
  readonly askFile?: (absolutePath: string, serviceUrl: string) => Promise<boolean>;
}

// ── Results ───────────────────────────────────────────────────────────────────────────────

export interface ApiError {
  readonly code: string;
  readonly message: string;
  readonly args: Readonly<Record<string, string>>;
}

export type CallResult =
  | { readonly call: WireCall; readonly ok: true; readonly value: unknown }
  | { readonly call: WireCall; readonly ok: false; readonly error: ApiError };

export type BlockErrorKind =
  | 'build'
  | 'session'
  | 'refused'
  | 'dns'
  | 'timeout'
  | 'tls'
  | 'http-status'
  | 'html'
  | 'bad-format'
  | 'too-large'
  | 'redirect'
  | 'cancelled'
  | 'network';

export interface BlockResult {
  /** 1-based. */
  readonly block: number;
  readonly title?: string;
  /** 0-based line of the block's separator or first line. */
  readonly line: number;
  /** Transport fine AND every call ok. */
  readonly ok: boolean;
  readonly durationMs: number;
  /** Empty when the block failed as a whole. */
  readonly calls: readonly CallResult[];
  readonly error?: { readonly kind: BlockErrorKind; readonly message: string; readonly problems?: readonly BuildProblem[] };
  readonly httpStatus?: number;
  /** The raw body (redacted), for the response view. */
  readonly responseText?: string;
  /** "Copy as cURL" of what was sent, redacted. */
  readonly curl: string;
  /** The URL the request went to, once it was sent. */
  readonly url?: string;
  /** When the request was sent, unix ms (the `now` of the send options). */
  readonly sentAt?: number;
  /** Size of the response body in bytes, and its content type, when there was an answer. */
  readonly responseBytes?: number;
  readonly contentType?: string;
  /** The answer was a file (not JSON or XML): where it was saved (its one call's value is this path). */
  readonly file?: SavedFileAnswer;
}

/** A file an action answered with, as saved by `SendOptions.saveFile`. */
export interface SavedFileAnswer {
  readonly path: string;
  readonly contentType: string;
  readonly bytes: number;
}

/** A file answer before it is saved: its bytes and what it should be called. */
export interface FileAnswer {
  readonly bytes: Uint8Array;
  readonly contentType: string;
  /** From `Content-Disposition`, else `{service}.{action}` with an extension from the content type. */
  readonly suggestedName: string;
}

// ── Transport ─────────────────────────────────────────────────────────────────────────────

/** One POST of form fields (and files) to the Kaltura API. */
export interface HttpRequest {
  readonly url: string;
  readonly fields: ReadonlyArray<readonly [string, string]>;
  readonly files: readonly WireFile[];
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  /** The URL that answered (after redirects). */
  readonly url: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The whole body, decompressed, as UTF-8 text. */
  readonly body: string;
  /** The same body as bytes (a file answer is saved from these); absent from transports that only read text. */
  readonly bytes?: Uint8Array;
}

/** Sends one HTTP request; rejects only with a `TransportError` (transportErrors.ts). Any status is a response. */
export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpResponse>;
  /** Closes kept-alive connections. */
  close(): Promise<void>;
}

// ── Sessions (spec §7, protocol §9) ───────────────────────────────────────────────────────

export interface SessionInfo {
  readonly ks: string;
  /** Milliseconds. */
  readonly expiresAt?: number;
  readonly source: 'environment' | 'session.start' | 'appToken';
}

export interface SessionManager {
  /** The KS for an environment: its `ks`; else a cached started session (renewed 60 s before expiry);
   *  else session.start (adminSecret/userSecret) or startWidgetSession + appToken.startSession.
   *  Undefined when the environment has no way to get one. Never written to disk.
   *  Rejects with a `SessionError` when starting a session fails. */
  ksFor(environment: Environment, options: { signal?: AbortSignal; timeoutMs?: number }): Promise<SessionInfo | undefined>;
  /** Known session for the status bar (no network). */
  peek(environment: Environment): SessionInfo | undefined;
  clear(): void;
}

// ── Sending ───────────────────────────────────────────────────────────────────────────────

export interface SendOptions {
  readonly sessions: SessionManager;
  /** Default: a shared undici-based one (keep-alive, redirects, proxy env vars, TLS verify). */
  readonly transport?: HttpTransport;
  /** Default 30 000. */
  readonly timeoutMs?: number;
  /** Default 50 MB. */
  readonly maxResponseBytes?: number;
  readonly signal?: AbortSignal;
  /** One redacted line per request/response. */
  readonly log?: (line: string) => void;
  /** Saves a file answer and resolves to its path; default: a new file in the OS temp folder (`kreq-files/`). */
  readonly saveFile?: (file: FileAnswer) => Promise<string>;
  /** The clock for `sentAt`, in unix ms; default `Date.now`. */
  readonly now?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;
