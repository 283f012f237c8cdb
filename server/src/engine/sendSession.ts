/**
 * One send of blocks of a document, the steps around `sendBlock` that the CLI and the language server share: the
 * secrets to mask, whether the environment can give the KS its calls need, running a block after its dependencies or
 * several blocks as a flow, and the results in the protocol's one shape (`SendResult`, `RunResult`).
 */

import type { BlockNode, KalturaSchema } from '../language/index';
import type { LineSpan, RunResult, SendResult, SessionStatus } from '../protocol';
import type { BlockResult, HttpTransport, SessionManager } from './engineTypes';
import { environmentSecrets, type Environment } from './environments';
import { runBlock, runBlockWithDependencies, runFlow } from './flowRunner';
import type { FlowBlockResult, FlowInput, FlowOptions, FlowValues } from './flowTypes';
import { redactValue } from './redaction';
import { buildResponseDocument } from './responseDocument';
import { blockSpan, flowResultJson } from './resultJson';
import { callNeedsSession, requestNeedsSession } from './sendBlock';
import { buildWireRequest } from './wireRequest';

/** API errors that mean "no valid KS came with the call". */
const SESSION_ERRORS = new Set(['MISSING_KS', 'SERVICE_FORBIDDEN', 'INVALID_KS', 'EXPIRED_KS']);

export interface SendSessionOptions {
  /** What every block is built with: the document, schema, environment, clock, files. */
  readonly input: FlowInput;
  /** The environment's name as the user chose it (`undefined`: none). */
  readonly environmentName?: string;
  /** How results name the document (`SendResult.uri`): its URI in the editor, its path on the command line. */
  readonly uri: string;
  readonly sessions: SessionManager;
  readonly transport?: HttpTransport;
  /** Captured values of this document and environment; updated by the run. */
  readonly values: FlowValues;
  /** `--var` values and prompt answers. */
  readonly overrides?: ReadonlyMap<string, string>;
  /** Show secrets in results. */
  readonly reveal?: boolean;
  /** More literal secrets to mask (the client's stored secrets, secret prompt answers). */
  readonly secrets?: readonly string[];
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  readonly onProgress?: FlowOptions['onProgress'];
  readonly saveFile?: FlowOptions['saveFile'];
  readonly now?: () => number;
}

/** A call that needs a KS the environment cannot give (no `ks`, secret or `appToken`). */
export interface MissingCredentials {
  readonly block: BlockNode;
  /** 0-based line of the call. */
  readonly line: number;
  readonly message: string;
}

/** How the environment gets a KS; `none` when it cannot. */
export function sessionSource(environment: Environment): 'ks' | 'adminSecret' | 'userSecret' | 'appToken' | 'none' {
  if (environment.ks) return 'ks';
  if (environment.adminSecret) return 'adminSecret';
  if (environment.userSecret) return 'userSecret';
  if (environment.appToken) return 'appToken';
  return 'none';
}

function environmentWords(name: string | undefined): string {
  return name ? `environment "${name}"` : 'no environment (none is chosen)';
}

export class SendSession {
  private readonly started: number;

  constructor(readonly options: SendSessionOptions) {
    this.started = this.now();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  get environment(): Environment {
    return this.options.input.environment;
  }

  /** Every literal secret to mask now: the environment's, its session's KS, and the ones given. */
  secrets(): string[] {
    const session = this.options.sessions.peek(this.environment)?.ks;
    return [...environmentSecrets(this.environment), ...(this.options.secrets ?? []), ...(session ? [session] : [])];
  }

  /** A value as results show it: redacted unless revealing. */
  show(value: unknown): unknown {
    return this.options.reveal ? value : redactValue(value, this.secrets());
  }

  /** The first call of `blocks` that needs a KS when the environment has no way to get one; undefined when all is well. */
  missingCredentials(blocks: readonly BlockNode[]): MissingCredentials | undefined {
    if (sessionSource(this.environment) !== 'none') return undefined;
    const captured = new Map([...this.options.values].map(([name, v]) => [name, v.value]));
    for (const block of blocks) {
      const built = buildWireRequest({ ...this.options.input, block, captured, overrides: this.options.overrides });
      // A block that does not build is reported when it is sent; judge its calls by the schema alone.
      const needs = 'problems' in built ? undefined : requestNeedsSession(built.request) ? built.request.calls.find(callNeedsSession) : undefined;
      if (!needs) continue;
      const message =
        `${needs.service}.${needs.action} needs a KS, and ${environmentWords(this.options.environmentName)} has no ks, ` +
        `adminSecret, userSecret or appToken to start a session with: Kaltura will answer MISSING_KS or SERVICE_FORBIDDEN.`;
      return { block, line: needs.line, message };
    }
    return undefined;
  }

  /** Why calls failed for lack of a KS, when the environment cannot give one (a hint for the notes and the CLI). */
  hint(result: BlockResult): string | undefined {
    if (sessionSource(this.environment) !== 'none') return undefined;
    const failed = result.calls.find((c) => !c.ok && SESSION_ERRORS.has(c.error.code));
    if (!failed || failed.ok) return undefined;
    return `${failed.error.code}: ${environmentWords(this.options.environmentName)} has no ks, adminSecret, userSecret or appToken, so no KS was sent — set a secret (Kreq: Set Secret) or add one to kreq.env.private.json.`;
  }

  private flowOptions(): FlowOptions {
    const o = this.options;
    return {
      sessions: o.sessions,
      transport: o.transport,
      timeoutMs: o.timeoutMs,
      signal: o.signal,
      log: o.log,
      values: o.values,
      overrides: o.overrides,
      onProgress: o.onProgress,
      saveFile: o.saveFile,
      now: o.now,
    };
  }

  /** The block, after the blocks that capture what it needs (unless `dependencies` is false). */
  async sendBlock(block: BlockNode, dependencies = true): Promise<FlowBlockResult[]> {
    if (!dependencies) return [await runBlock(this.options.input, block, this.flowOptions())];
    return runBlockWithDependencies(this.options.input, block, this.flowOptions());
  }

  /** Blocks in file order with captures flowing; `stopOnFailure` skips the rest after a failing block. */
  sendBlocks(blocks: readonly BlockNode[], stopOnFailure = false): Promise<FlowBlockResult[]> {
    return runFlow(this.options.input, blocks, { ...this.flowOptions(), stopOnFailure });
  }

  /** One block's result in the protocol's shape. */
  json(result: FlowBlockResult): SendResult {
    return flowResultJson(result, {
      uri: this.options.uri,
      document: this.options.input.document,
      environment: this.options.environmentName,
      reveal: this.options.reveal === true,
      secrets: this.secrets(),
      hint: (r) => this.hint(r),
    });
  }

  /** The environment's session now (no network). */
  sessionStatus(): SessionStatus {
    const session = this.options.sessions.peek(this.environment);
    return {
      ...(this.options.environmentName ? { environment: this.options.environmentName } : {}),
      ...(session?.expiresAt !== undefined ? { expiresAt: session.expiresAt } : {}),
      ...(session ? { source: session.source } : {}),
    };
  }

  /** `kreq.send`'s reply: the target's result with the blocks sent first, the block's span and the session. */
  sendReply(results: readonly FlowBlockResult[], target: BlockNode, schema: KalturaSchema | undefined): SendResult {
    const found = results.find((r) => !r.dependency && r.block.index === target.index) ?? results[results.length - 1];
    const json = this.json(found);
    const dependencies = results.filter((r) => r !== found).map((r) => this.json(r));
    return {
      ...json,
      ...(dependencies.length > 0 ? { dependencies } : {}),
      session: this.sessionStatus(),
      response: buildResponseDocument([...dependencies, json], schema),
    };
  }

  /** `kreq.sendAll`'s reply. */
  runReply(results: readonly FlowBlockResult[], schema: KalturaSchema | undefined): RunResult {
    const blocks = results.map((r) => this.json(r));
    return {
      uri: this.options.uri,
      ...(this.options.environmentName ? { environment: this.options.environmentName } : {}),
      passed: results.length > 0 && results.every((r) => r.passed),
      durationMs: Math.max(0, this.now() - this.started),
      blocks,
      session: this.sessionStatus(),
      response: buildResponseDocument(blocks, schema),
    };
  }

  /** The block's span in the document. */
  span(block: BlockNode): LineSpan {
    return blockSpan(this.options.input.document, block);
  }
}
