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
  /** Sends several blocks of a document in file order with captures flowing (Send All, the Test Explorer).
   *  Arguments: `[SendAllArguments]`. Result: `RunResult`. */
  sendAll: 'kreq.sendAll',
  /** Forgets the captured values (and prompt answers) of one document, or of every document.
   *  Arguments: `[{ uri?: string }]`. Result: `number` (values cleared). */
  clearCaptures: 'kreq.clearCaptures',
  /** The session known for an environment (no network). Arguments: `[{ uri: string; environment?: string; secrets?: Record<string, string> }]`
   *  (`secrets` as in `SendArguments`; absent: the ones the last send or copy gave). Result: `SessionStatus`. */
  sessionStatus: 'kreq.sessionStatus',
  /** What the "⚠ Untrusted workspace" lens runs: the VS Code client maps it to "Manage Workspace Trust"; the server
   *  itself only answers `WORKSPACE_UNTRUSTED_ERROR` saying how to trust the workspace (it never trusts it itself). */
  trustWorkspace: 'kreq.trustWorkspace',
  /** The KS of an environment's session, started when needed ("Kreq: Copy Session KS": the user asked to see it).
   *  Arguments: `[{ uri: string; environment?: string; secrets?: Record<string, string> }]`. Result: `SessionKs`. */
  sessionKs: 'kreq.sessionKs',
  /** "Paste as kreq" / `kreq import`: a cURL command, a Kaltura API URL or an API log line as a `.kreq` block (no network).
   *  Arguments: `[ImportTextArguments]`. Result: `ImportTextResult`. */
  importText: 'kreq.importText',
  /** "Copy as Code" / `kreq export`: a block as code for a Kaltura client library, secrets read from the process
   *  environment (no network). Arguments: `[ExportBlockArguments]`. Result: `ExportBlockResult`. */
  exportBlock: 'kreq.exportBlock',
} as const;

/** The languages of `kreq.exportBlock`: Node (`kaltura-client`), TypeScript (`kaltura-typescript-client`), Python
 *  (`KalturaApiClient`), PHP (`KalturaClient.php`), and `curl` (the text of `kreq.copyAsCurl`, secrets redacted). */
export const EXPORT_LANGUAGES = ['node', 'ts', 'python', 'php', 'curl'] as const;
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];

/** Arguments of `kreq.exportBlock`. */
export interface ExportBlockArguments extends BlockReference {
  readonly language: ExportLanguage;
  /** Environment name (its serviceUrl, partnerId, session settings and non-secret variables); absent: the setting. */
  readonly environment?: string;
}

/** What `kreq.exportBlock` answers: the code, or why the block cannot be exported. */
export type ExportBlockResult = { readonly code: string; readonly language: ExportLanguage } | { readonly problem: string };

/** Arguments of `kreq.importText`. */
export interface ImportTextArguments {
  /** The pasted text. */
  readonly text: string;
}

/** What `kreq.importText` answers: the block and notes, or why the text is not importable. */
export type ImportTextResult = { readonly kreq: string; readonly notes: readonly string[] } | { readonly problem: string };

/** What `kreq.sessionKs` answers: the KS, when the environment has or can start a session. */
export interface SessionKs {
  readonly environment?: string;
  readonly ks?: string;
  readonly expiresAt?: number;
  readonly source?: 'environment' | 'session.start' | 'appToken';
  /** Why there is no KS (no credentials, the start failed). */
  readonly problem?: string;
}

/** The error code `kreq.send` / `kreq.sendAll` answer when a call needs a KS and the environment has no `ks`, secret
 *  or `appToken` (a JSON-RPC server error); `data: CredentialsNeeded`. Sending again with `withoutSession: true`
 *  sends anyway. */
export const CREDENTIALS_NEEDED_ERROR = -32004;

/** `data` of a `CREDENTIALS_NEEDED_ERROR` response. */
export interface CredentialsNeeded {
  /** Undefined: no environment is chosen. */
  readonly environment?: string;
  readonly serviceUrl: string;
  /** The kreq.env.json / kreq.env.private.json files around the document (may be empty). */
  readonly files: readonly string[];
  /** 0-based line of the first call that needs a KS. */
  readonly line: number;
  readonly message: string;
}

/**
 * Workspace trust (README "Workspace trust"). The server starts trusted unless `initializationOptions.trusted` is
 * `false`; while untrusted, `kreq.send`, `kreq.sendAll` and `kreq.copyAsCurl` answer `WORKSPACE_UNTRUSTED_ERROR`, no
 * schema named by the workspace is loaded, `{{$env}}`/`{{$dotenv}}` are not read and `@file` paths outside the workspace
 * folders are neither checked nor listed. The client sends this notification (`{ trusted: true }`) when the user trusts
 * the workspace: everything works at once. A workspace is never untrusted again without a restart (`false` is ignored).
 */
export const TRUST_NOTIFICATION = 'kreq/trust';

/** The parameters of `TRUST_NOTIFICATION`. */
export interface TrustParams {
  readonly trusted: boolean;
}

/** The client's active environment (picked, else its `kreq.environment` setting) and the `.kreq` document whose env
 *  files define it; sent at start and whenever either changes. The schema follows that environment (its `schema`, else
 *  `{serviceUrl}/api_v3/api_schema.php`) unless a schema is set explicitly. Absent `environment`: none. */
export const ACTIVE_ENVIRONMENT_NOTIFICATION = 'kreq/activeEnvironment';

/** The parameters of `ACTIVE_ENVIRONMENT_NOTIFICATION`. */
export interface ActiveEnvironmentParams {
  readonly environment?: string;
  readonly uri?: string;
}

/** The error code of a command refused because the workspace is not trusted (a JSON-RPC server error). */
export const WORKSPACE_UNTRUSTED_ERROR = -32003;

/** Which block of which document: a 0-based block index, or any 0-based line inside the block. */
export interface BlockReference {
  readonly uri: string;
  readonly block?: number;
  readonly line?: number;
}

export interface SendArguments extends BlockReference {
  /** Environment name; absent: the `kreq.environment` setting, else none. */
  readonly environment?: string;
  /** Secrets from the client's secret store, keyed `<env>@<origin>.<key>` (`prod@https://www.kaltura.com.adminSecret`)
   *  or `@<origin>.<key>` for every environment — used only while the environment's `serviceUrl` has that origin — or,
   *  unbound and used as given, `<env>.<key>` / `<key>` (e.g. `prod.adminSecret`). */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Show secrets in the results (ks values from session.start, …); default false. */
  readonly reveal?: boolean;
  /** How long to wait for the answer (the VS Code client sends `kreq.request.timeoutSeconds` × 1000); absent: 30 000. */
  readonly timeoutMs?: number;
  /** Answers to the block's `# @prompt` directives (and those of blocks sent first), by name. A prompt without an
   *  answer makes the command fail with `PROMPTS_NEEDED` and `data: PromptsNeeded`. */
  readonly answers?: Readonly<Record<string, string>>;
  /** Send the blocks that capture a variable this block needs first (default true). */
  readonly dependencies?: boolean;
  /** Send even when a call needs a KS and the environment cannot get one (see `CREDENTIALS_NEEDED_ERROR`). */
  readonly withoutSession?: boolean;
}

export interface SendAllArguments extends SendArguments {
  /** 0-based indexes of the blocks to run (in file order); absent: every block with a call. */
  readonly blocks?: readonly number[];
  /** Stop after the first failing block (default: the `kreq.run.stopOnFailure` setting; the server default is false). */
  readonly stopOnFailure?: boolean;
}

/** The error code `kreq.send` / `kreq.sendAll` answer when a `# @prompt` has no answer (a JSON-RPC server error). */
export const PROMPTS_NEEDED_ERROR = -32001;

/** One `# @prompt name description` waiting for an answer. */
export interface PromptRequest {
  readonly name: string;
  readonly description?: string;
  /** The name contains `secret`, `password` or `token`, or is `ks`: ask masked. */
  readonly secret: boolean;
  /** 0-based block index and line of the directive. */
  readonly block: number;
  readonly line: number;
}

/** `data` of a `PROMPTS_NEEDED_ERROR` response. */
export interface PromptsNeeded {
  readonly prompts: readonly PromptRequest[];
}

/** One `?? …` line's outcome. */
export interface AssertionResultJson {
  /** 0-based line of the assertion. */
  readonly line: number;
  /** The assertion as written, without `??`. */
  readonly text: string;
  readonly ok: boolean;
  /** What the subject was, as shown (enum names, `(none)` when absent); secrets masked. */
  readonly actual: string;
  /** What was expected, as shown (enum names), when the operator takes a value. */
  readonly expected?: string;
  /** One line for notes and reports: `status == READY (was PENDING)`. */
  readonly message: string;
}

/** One `> name = path` line's outcome. */
export interface CaptureResultJson {
  /** 0-based line of the capture. */
  readonly line: number;
  readonly name: string;
  /** The value as shown (masked when secret); absent when the capture was cleared (no value at the path). */
  readonly value?: string;
  /** Why nothing was captured, when `value` is absent. */
  readonly reason?: string;
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
  /** The call's `??` lines, in order (absent when it has none). */
  readonly assertions?: readonly AssertionResultJson[];
  /** The call's `>` lines, in order (absent when it has none). */
  readonly captures?: readonly CaptureResultJson[];
  /** True when the call passed: it succeeded and every assertion held, or it failed as an `error:` assertion expected. */
  readonly passed: boolean;
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
  /** The body of an answer that could not be read as results (an HTML error page, no JSON), redacted unless revealed;
   *  absent when the calls have their results (`response` is the readable document of those). */
  readonly responseText?: string;
  readonly httpStatus?: number;
  /** The block's `# @name`, when it has one. */
  readonly name?: string;
  /** True when the block passed: sent, and every call passed (`ok` only says every call succeeded). */
  readonly passed: boolean;
  /** How many times the block was sent (`# @poll`); absent for one send. */
  readonly tries?: number;
  /** Set when the block was not run: why (an earlier block failed and the run stops, or the run was cancelled). A block
   *  not sent because a captured value it needs is missing is not skipped: it failed, with a `build` error. */
  readonly skipped?: string;
  /** Blocks sent first because they capture a value this block needs (`kreq.send`), in file order. */
  readonly dependencies?: readonly SendResult[];
  /** The block's lines (0-based, separator or first line to last line). */
  readonly span?: LineSpan;
  /** How many calls the block holds (also when it failed as a whole and `calls` is empty). */
  readonly callCount?: number;
  /** The URL the request went to (`…/service/multirequest`), when it was sent. */
  readonly url?: string;
  /** When it was sent, unix ms. */
  readonly sentAt?: number;
  /** Size of the response body in bytes, when there was one. */
  readonly responseBytes?: number;
  /** The response's content type, when there was one. */
  readonly contentType?: string;
  /** The answer was a file (not JSON or XML): where it was saved. */
  readonly file?: SavedFile;
  /** Why it failed, in the user's terms, when kreq knows more than the server said (e.g. `MISSING_KS` from an
   *  environment with no adminSecret, ks or appToken). One sentence. */
  readonly hint?: string;
  /** The session of the environment after the send (`kreq.send` only: the client needs no second request). */
  readonly session?: SessionStatus;
  /** The response document of this send, dependencies included (`kreq.send` only). */
  readonly response?: ResponseDocument;
  /** Names these results in `SENT_BLOCKS_NOTIFICATION` (absent for a block not sent: skipped, cancelled). */
  readonly resultId?: number;
}

/** 0-based lines, inclusive. */
export interface LineSpan {
  readonly startLine: number;
  readonly endLine: number;
}

/** A file an action answered with (`serve…`, `getVolumeMap`), saved by the server. */
export interface SavedFile {
  /** Absolute path of the saved file. */
  readonly path: string;
  readonly contentType: string;
  readonly bytes: number;
}

/**
 * The text shown for a send (the response view, `kreq send --output`): a header (environment, URL, HTTP status, total
 * time, size, when), then per block and call a heading line (`1 · media.list · ✓ KalturaMediaListResponse · 183 ms`)
 * followed by its JSON; plus what the editor draws over it without changing the text.
 */
export interface ResponseDocument {
  readonly text: string;
  /** One per call (and one per block that failed as a whole): 0-based heading line and last line, for folding. */
  readonly sections: readonly ResponseSection[];
  /** Enum names and dates shown after values (inlay hints / decorations); the JSON itself stays as it came. */
  readonly annotations: readonly ResponseAnnotation[];
  /** Schema descriptions of the properties, for hover. */
  readonly descriptions: readonly PropertyDescription[];
}

export interface ResponseSection {
  readonly line: number;
  readonly endLine: number;
  /** The heading as shown (without decoration). */
  readonly title: string;
  readonly ok: boolean;
}

export interface ResponseAnnotation {
  /** 0-based line and character just after the value. */
  readonly line: number;
  readonly character: number;
  /** `READY`, `2026-12-06 10:42:01 UTC`. */
  readonly label: string;
  readonly kind: 'enum' | 'time';
}

export interface PropertyDescription {
  /** 0-based line and characters of the property name (with its quotes). */
  readonly line: number;
  readonly start: number;
  readonly end: number;
  /** Markdown: `KalturaMediaEntry.status` — type and description. */
  readonly markdown: string;
}

/** What `kreq.sendAll` answers: every block run, in file order. */
export interface RunResult {
  readonly uri: string;
  readonly environment?: string;
  readonly passed: boolean;
  readonly durationMs: number;
  readonly blocks: readonly SendResult[];
  /** The session of the environment after the run. */
  readonly session?: SessionStatus;
  /** The response document of the run (every block sent). */
  readonly response?: ResponseDocument;
}

/**
 * The one conversion between the 0-based lines, characters and block indexes of the protocol (and of the whole server)
 * and the numbers people read — `block 2, line 14` in messages, notes, reports and the CLI's output and options.
 */
export function oneBased(zeroBasedNumber: number): number {
  return zeroBasedNumber + 1;
}

/** A number people gave (`--block 2`, a 1-based line) as the protocol's 0-based one. */
export function zeroBased(oneBasedNumber: number): number {
  return oneBasedNumber - 1;
}

/** The origin (scheme, host, port) of a `serviceUrl` — what stored secrets are bound to; the text itself when it is no URL. */
export function serviceOrigin(serviceUrl: string): string {
  try {
    return new URL(serviceUrl).origin;
  } catch {
    return serviceUrl;
  }
}

/** The origin of an environment with no `serviceUrl`. */
export const DEFAULT_ORIGIN = 'https://www.kaltura.com';

export interface EnvironmentList {
  readonly names: readonly string[];
  readonly active?: string;
  readonly files: readonly string[];
  readonly problems: readonly string[];
  /** Each environment's `serviceUrl` origin (`https://www.kaltura.com`): stored secrets are bound to it. */
  readonly origins?: Readonly<Record<string, string>>;
  /** What the environment picker shows of each environment. */
  readonly details?: Readonly<Record<string, EnvironmentDetails>>;
}

export interface EnvironmentDetails {
  readonly serviceUrl: string;
  readonly partnerId?: string;
  /** How a KS is obtained: `ks`, `adminSecret`, `userSecret`, `appToken`, or `none`. */
  readonly session: 'ks' | 'adminSecret' | 'userSecret' | 'appToken' | 'none';
}

export interface SessionStatus {
  readonly environment?: string;
  /** Unix ms; absent when unknown or no session. */
  readonly expiresAt?: number;
  readonly source?: 'environment' | 'session.start' | 'appToken';
}

/**
 * Where the sent blocks of a document are now, and which are still current: the server alone decides when a block's
 * results are stale (its text changed) and where they moved (text around it changed), and says so with this
 * notification whenever it checks a document that has sent blocks. Results whose `resultId` is missing from `blocks`
 * are stale; the others' block now starts on `line`.
 */
export const SENT_BLOCKS_NOTIFICATION = 'kreq/sentBlocks';

export interface SentBlocksParams {
  readonly uri: string;
  readonly blocks: ReadonlyArray<{ readonly id: number; readonly line: number }>;
}

/** Diagnostics of sent calls carry this source, beside the language's own `kreq`. */
export const RESULT_DIAGNOSTIC_SOURCE = 'kaltura';
