/**
 * The types of running blocks as a flow (spec §10): captured values kept per file and environment, the
 * outcome of each call's captures and assertions, polling progress, prompts. `flowRunner.ts` runs them.
 */

import type { AssertionOutcome, BlockNode, CaptureOutcome, KreqDocument } from '../language/index';
import type { BlockResult, BuildInput, CallResult, SendOptions } from './engineTypes';

/** A value captured by a call (or a prompt's answer), kept in memory only. */
export interface CapturedValue {
  /** The raw value (never written to disk, never shown when `secret`). */
  readonly value: string;
  /** A KS, or a secret-like name (`secret`, `password`, `token`): masked wherever it is shown. */
  readonly secret: boolean;
  /** 0-based line of the capture (or of the `# @prompt`) that set it. */
  readonly line: number;
  /** `media.add (block 2, call 1)`, `prompt`, `--var`. */
  readonly source: string;
  /** When it was set, in milliseconds. */
  readonly at: number;
}

/** The captured values of one file in one environment. */
export type FlowValues = Map<string, CapturedValue>;

/** One call after a send: the engine's result, its captures and assertions, and whether it passed. */
export interface FlowCallResult {
  readonly call: CallResult;
  /** In line order; `shown` texts are redacted (a KS is masked). */
  readonly assertions: readonly ShownAssertion[];
  readonly captures: readonly ShownCapture[];
  /** Succeeded with every assertion holding, or failed as an `error:` assertion expected and every assertion holds. */
  readonly passed: boolean;
}

export interface ShownAssertion {
  readonly outcome: AssertionOutcome;
  /** `outcome.message`, `actual` and `expected` with secrets masked. */
  readonly message: string;
  readonly actual: string;
  readonly expected?: string;
}

export interface ShownCapture {
  readonly outcome: CaptureOutcome;
  /** The value as shown (masked when secret); undefined when the capture was cleared. */
  readonly shown?: string;
}

/** One block of a flow run. */
export interface FlowBlockResult {
  readonly block: BlockNode;
  /** The last send's result; for a block not sent, `ok: false` and no calls (with a `build` error when a value it needs is missing). */
  readonly result: BlockResult;
  /** Parallel to `result.calls`. */
  readonly calls: readonly FlowCallResult[];
  /** Sent, and every call passed. */
  readonly passed: boolean;
  /** Sends made (1 unless `# @poll`); 0 when skipped. */
  readonly tries: number;
  /** From the first send to the end of the last one (every try and wait of a poll), in milliseconds. */
  readonly elapsedMs: number;
  /** Why the block was not run: the run stopped after a failure (`stopOnFailure`) or was cancelled. */
  readonly skipped?: string;
  /** `# @name`. */
  readonly name?: string;
  /** True when it ran only because a later block needed one of its captures (`runBlockWithDependencies`). */
  readonly dependency?: boolean;
}

export type FlowProgress =
  | { readonly kind: 'send'; readonly block: BlockNode; readonly attempt: number; readonly dependency: boolean }
  | { readonly kind: 'wait'; readonly block: BlockNode; readonly attempt: number; readonly waitMs: number; readonly remainingMs: number }
  | { readonly kind: 'done'; readonly result: FlowBlockResult };

/** A `# @prompt` with no answer. */
export interface MissingPrompt {
  readonly name: string;
  readonly description?: string;
  readonly secret: boolean;
  readonly block: BlockNode;
  /** 0-based line of the directive. */
  readonly line: number;
}

export interface FlowOptions extends SendOptions {
  /** Captured values of this file and environment: read for `{{name}}`, written after each send. */
  readonly values: FlowValues;
  /** `--var` and prompt answers: above every other variable. */
  readonly overrides?: ReadonlyMap<string, string>;
  readonly onProgress?: (event: FlowProgress) => void;
  /** Waits between polls; resolves early (without throwing) when `signal` aborts. Default: a timer. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The clock for polling and capture times (ms). Default `Date.now`. */
  readonly now?: () => number;
}

/** What every block of a run shares: the build input without the block. */
export type FlowInput = Omit<BuildInput, 'block'>;

export interface RunFlowOptions extends FlowOptions {
  /** Stop after the first block that does not pass (the rest are reported skipped). */
  readonly stopOnFailure?: boolean;
}

export type { KreqDocument };
