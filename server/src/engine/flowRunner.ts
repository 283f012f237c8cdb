/**
 * Runs blocks as a flow (spec §10): each send is followed by its captures and assertions, `# @poll` re-sends
 * until the assertions hold or time is up, prompts must be answered, and blocks whose captured variables have
 * no value are preceded by the blocks that capture them.
 */

import {
  blockDirectives,
  blocksToSendFirst,
  capturedNeeds,
  captureSites,
  evaluateAssertion,
  evaluateCapture,
  isSecretName,
  resolveCall,
  typeOutcomePath,
  type BlockNode,
  type CallNode,
  type CallOutcome,
  type KalturaSchema,
  type KreqDocument,
  type OutcomeSubject,
  type AssertionLine,
} from '../language/index';
import type { BlockResult, CallResult } from './engineTypes';
import { environmentSecrets } from './environments';
import type { CapturedValue, FlowBlockResult, FlowCallResult, FlowInput, FlowOptions, FlowValues, MissingPrompt, RunFlowOptions, ShownAssertion, ShownCapture } from './flowTypes';
import { isKs, MASK, redact } from './redaction';
import { sendBlock } from './sendBlock';
import { substituteVariables } from './valueResolution';
import { oneBased } from '../protocol';

/** The `# @prompt`s of `blocks` that `answers` does not answer (each name once, file order). */
export function missingPrompts(_doc: KreqDocument, blocks: readonly BlockNode[], answers: ReadonlyMap<string, string>): MissingPrompt[] {
  const out: MissingPrompt[] = [];
  for (const block of [...blocks].sort((a, b) => a.index - b.index)) {
    for (const p of blockDirectives(block).prompts) {
      const name = p.name.text;
      if (answers.has(name) || out.some((m) => m.name === name)) continue;
      out.push({ name, ...(p.description ? { description: p.description } : {}), secret: p.secret, block, line: p.line.line });
    }
  }
  return out;
}

function blockLine(block: BlockNode): number {
  return block.separator?.line ?? block.commonParams[0]?.line ?? block.calls[0]?.line.line ?? 0;
}

/** A result for a block that was not sent. */
function unsentResult(block: BlockNode): BlockResult {
  return { block: oneBased(block.index), title: block.separator?.title?.text, line: blockLine(block), ok: false, durationMs: 0, calls: [], curl: '' };
}

function valueMap(values: FlowValues): Map<string, string> {
  return new Map([...values].map(([name, v]) => [name, v.value]));
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function outcomeOf(call: CallResult): CallOutcome {
  return call.ok ? { ok: true, value: call.value } : { ok: false, error: call.error };
}

/** What to mask in shown values: the environment's secrets, its session, secret-like answers and secret captured values. */
function secretsOf(input: FlowInput, options: FlowOptions): string[] {
  const session = options.sessions.peek(input.environment)?.ks;
  const answers = [...(options.overrides ?? [])].filter(([name]) => isSecretName(name)).map(([, value]) => value);
  const captured = [...options.values.values()].filter((v) => v.secret).map((v) => v.value);
  return [...environmentSecrets(input.environment), ...(session ? [session] : []), ...answers, ...captured].filter((s) => s.length >= 4);
}

function shownText(text: string, secrets: readonly string[]): string {
  return isKs(text) ? MASK : redact(text, secrets);
}

/** Captures and assertions of one call, in line order; stores captured values. */
function evaluateCall(
  input: FlowInput,
  options: FlowOptions,
  block: BlockNode,
  node: CallNode,
  call: CallResult,
  secrets: readonly string[],
): FlowCallResult {
  const schema: KalturaSchema | undefined = input.schema;
  const outcome = outcomeOf(call);
  const action = schema ? resolveCall(schema, node).action : undefined;
  const now = options.now ?? Date.now;
  const captures: ShownCapture[] = node.captures.map((line) => {
    const result = evaluateCapture(line, outcome);
    if (!result.captured) {
      options.values.delete(result.name);
      return { outcome: result };
    }
    const secret = isSecretName(result.name) || isKs(result.value) || secrets.some((s) => s.length >= 4 && result.value.includes(s));
    const stored: CapturedValue = {
      value: result.value,
      secret,
      line: line.line,
      source: `${node.line.service.text}.${node.line.action?.text ?? ''} (block ${oneBased(block.index)}, call ${node.number})`,
      at: now(),
    };
    options.values.set(result.name, stored);
    // A value holding a KS or secret in another spelling (URL-encoded, base64url…) is shown masked too.
    return { outcome: result, shown: secret ? MASK : redact(result.value, secrets) };
  });
  const subjectOf = (line: AssertionLine): OutcomeSubject | undefined => {
    if (!schema || !action) return undefined;
    const typed = typeOutcomePath(schema, action, line.subject);
    return typed.ok ? typed.subject : undefined;
  };
  const assertions: ShownAssertion[] = node.assertions.map((line) => {
    const expected = line.expected ? expectedText(input, options, line) : undefined;
    const result = evaluateAssertion(schema, subjectOf(line), line, outcome, expected);
    return {
      outcome: result,
      message: shownText(result.message, secrets),
      actual: shownText(result.actual, secrets),
      ...(result.expected !== undefined ? { expected: shownText(result.expected, secrets) } : {}),
    };
  });
  const expectsError = node.assertions.some((a) => a.subject.root.value === 'error');
  const passed = assertions.every((a) => a.outcome.ok) && (call.ok || expectsError);
  return { call, assertions, captures, passed };
}

/** The expected value of an assertion with its variables replaced (an unknown one stays as written). */
function expectedText(input: FlowInput, options: FlowOptions, line: AssertionLine): string {
  const value = line.expected!;
  if (value.parts.length === 0) return value.content;
  const fileVariables = new Map(input.document.variables.map((v) => [v.name.text, v.value.content]));
  return substituteVariables(value.content, {
    fileVariables,
    environmentVariables: input.environment.variables,
    captured: valueMap(options.values),
    overrides: options.overrides,
    processEnv: input.processEnv,
    dotenv: input.dotenv,
    now: input.now,
    uuid: input.uuid,
  }).text;
}

function evaluate(input: FlowInput, options: FlowOptions, block: BlockNode, result: BlockResult): { calls: FlowCallResult[]; passed: boolean } {
  const secrets = secretsOf(input, options);
  const calls = result.calls.map((call) => evaluateCall(input, options, block, block.calls[call.call.number - 1], call, secrets));
  const passed = !result.error && calls.length > 0 && calls.every((c) => c.passed);
  return { calls, passed };
}

/** Keeps prompt answers as values of the file, so later blocks can use `{{name}}` too. */
function rememberAnswers(block: BlockNode, options: FlowOptions): void {
  const now = options.now ?? Date.now;
  for (const p of blockDirectives(block).prompts) {
    const answer = options.overrides?.get(p.name.text);
    if (answer !== undefined) options.values.set(p.name.text, { value: answer, secret: p.secret, line: p.line.line, source: 'prompt', at: now() });
  }
}

async function runOne(input: FlowInput, block: BlockNode, options: FlowOptions, dependency: boolean): Promise<FlowBlockResult> {
  const directives = blockDirectives(block);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const name = directives.name;
  rememberAnswers(block, options);
  const started = now();
  let attempt = 0;
  for (;;) {
    attempt++;
    options.onProgress?.({ kind: 'send', block, attempt, dependency });
    let result = await sendBlock({ ...input, block, captured: valueMap(options.values), overrides: options.overrides }, options);
    const { calls, passed } = evaluate(input, options, block, result);
    const poll = directives.poll;
    const remaining = poll ? poll.forMs - (now() - started) : 0;
    // A failure of the whole block (not sent, server down, not Kaltura) ends a poll at once: one clear error.
    const stop = !poll || passed || result.error !== undefined || options.signal?.aborted || remaining <= 0;
    if (!stop) {
      const waitMs = Math.min(poll.everyMs, remaining);
      options.onProgress?.({ kind: 'wait', block, attempt, waitMs, remainingMs: remaining });
      await sleep(waitMs, options.signal);
      if (!options.signal?.aborted) continue;
    }
    if (options.signal?.aborted && result.error?.kind !== 'cancelled') {
      result = { ...result, ok: false, error: { kind: 'cancelled', message: `Cancelled after ${attempt} ${attempt === 1 ? 'try' : 'tries'}.` } };
    }
    const done: FlowBlockResult = {
      block,
      result,
      calls,
      passed: passed && !options.signal?.aborted,
      tries: attempt,
      elapsedMs: Math.max(0, Math.round(now() - started)),
      ...(name !== undefined ? { name } : {}),
      ...(dependency ? { dependency } : {}),
    };
    options.onProgress?.({ kind: 'done', result: done });
    return done;
  }
}

/** Sends one block (re-sending under `# @poll`), evaluates its captures and assertions and stores the captured values. Never rejects. */
export function runBlock(input: FlowInput, block: BlockNode, options: FlowOptions): Promise<FlowBlockResult> {
  return runOne(input, block, options, false);
}

/** A block not sent because a captured value it needs is missing: it fails (spec §10.4), like any block that cannot be built. */
function unmet(block: BlockNode, reason: string, dependency = false): FlowBlockResult {
  const name = blockDirectives(block).name;
  const line = block.calls[0]?.line.line ?? blockLine(block);
  const result: BlockResult = { ...unsentResult(block), error: { kind: 'build', message: reason, problems: [{ line, message: reason }] } };
  return { block, result, calls: [], passed: false, tries: 0, elapsedMs: 0, ...(name !== undefined ? { name } : {}), ...(dependency ? { dependency } : {}) };
}

function skipped(block: BlockNode, reason: string, dependency = false): FlowBlockResult {
  const name = blockDirectives(block).name;
  return { block, result: unsentResult(block), calls: [], passed: false, tries: 0, elapsedMs: 0, skipped: reason, ...(name !== undefined ? { name } : {}), ...(dependency ? { dependency } : {}) };
}

/** The captured variables `block` needs that have no value, in words; undefined when none is missing. */
function unmetNeeds(doc: KreqDocument, block: BlockNode, options: FlowOptions): string | undefined {
  const missing = capturedNeeds(doc, block).filter((name) => !options.values.has(name) && !options.overrides?.has(name));
  if (missing.length === 0) return undefined;
  const sites = captureSites(doc);
  const why = missing.map((name) => {
    const site = sites.get(name)!;
    const where = `block ${oneBased(site.block.index)} (line ${oneBased(site.line.line)})`;
    return site.block.index > block.index
      ? `{{${name}}} is captured by ${where}, below this one: blocks run in file order`
      : `{{${name}}} has no value: ${where} did not capture it (see its result)`;
  });
  return `not sent: ${why.join('; ')}`;
}

/** Sends, first, the blocks that capture variables `block` needs and that have no value (file order, transitively), then `block`.
 *  When a needed value is still missing afterwards, `block` fails without being sent (a `build` error). Results in the order run; dependencies have `dependency: true`. */
export async function runBlockWithDependencies(input: FlowInput, block: BlockNode, options: FlowOptions): Promise<FlowBlockResult[]> {
  const has = (name: string) => options.values.has(name) || !!options.overrides?.has(name);
  const results: FlowBlockResult[] = [];
  for (const dependency of blocksToSendFirst(input.document, block, has)) {
    if (options.signal?.aborted) break;
    const missing = unmetNeeds(input.document, dependency, options);
    results.push(missing ? unmet(dependency, missing, true) : await runOne(input, dependency, options, true));
  }
  if (options.signal?.aborted) {
    results.push(skipped(block, 'cancelled'));
    return results;
  }
  const missing = unmetNeeds(input.document, block, options);
  results.push(missing ? unmet(block, missing) : await runOne(input, block, options, false));
  return results;
}

/** Runs `blocks` in file order with captures flowing; a block whose captured variables are unmet fails without being sent
 *  (a `build` error); after a failure with `stopOnFailure`, or once cancelled, the rest is skipped. */
export async function runFlow(input: FlowInput, blocks: readonly BlockNode[], options: RunFlowOptions): Promise<FlowBlockResult[]> {
  const results: FlowBlockResult[] = [];
  let stopped: string | undefined;
  for (const block of [...blocks].sort((a, b) => a.index - b.index)) {
    if (!stopped && options.signal?.aborted) stopped = 'cancelled';
    if (stopped) {
      results.push(skipped(block, stopped));
      continue;
    }
    const missing = unmetNeeds(input.document, block, options);
    const result = missing ? unmet(block, missing) : await runOne(input, block, options, false);
    results.push(result);
    if (!result.passed && options.stopOnFailure) stopped = `not run: block ${oneBased(block.index)} failed and the run stops on failure`;
  }
  return results;
}

/** Captured values per file and environment, in memory only. */
export interface FlowValueStore {
  values(file: string, environment: string): FlowValues;
  /** Forgets the values of one file (every environment), or of every file; returns how many values went. */
  clear(file?: string): number;
}

export function createFlowValueStore(): FlowValueStore {
  const files = new Map<string, Map<string, FlowValues>>();
  return {
    values(file, environment) {
      let byEnvironment = files.get(file);
      if (!byEnvironment) files.set(file, (byEnvironment = new Map()));
      let values = byEnvironment.get(environment);
      if (!values) byEnvironment.set(environment, (values = new Map()));
      return values;
    },
    clear(file) {
      let count = 0;
      for (const [key, byEnvironment] of files) {
        if (file !== undefined && key !== file) continue;
        for (const values of byEnvironment.values()) count += values.size;
        files.delete(key);
      }
      return count;
    },
  };
}
