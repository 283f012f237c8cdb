/** Sends one block: build → add a KS when a call needs one → POST → read → `BlockResult` (never rejects). */

import type { BlockNode } from '../language/index';
import { curlCommand, formText } from './curlCommand';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type BlockErrorKind,
  type BlockResult,
  type BuildInput,
  type BuildProblem,
  type CallResult,
  type HttpResponse,
  type SendOptions,
  type WireCall,
  type WireRequest,
} from './engineTypes';
import { sharedHttpTransport } from './httpTransport';
import { redact, sessionStrings } from './redaction';
import { fileAnswerOf, isFileAnswer, saveToTempFile } from './fileAnswer';
import { readResponse } from './responseReader';
import { SessionError } from './sessionManager';
import { TransportError } from './transportErrors';
import { buildWireRequest } from './wireRequest';
import { oneBased } from '../protocol';

/** Actions that never need a KS, for schemas without `sessionRequired` (or actions the schema does not know). */
const SESSIONLESS = new Set(['session.start', 'session.startwidgetsession', 'system.ping']);

/** Whether a call counts as needing a KS. */
export function callNeedsSession(call: WireCall): boolean {
  if (call.sessionRequired !== undefined) return call.sessionRequired !== 'none';
  return !SESSIONLESS.has(`${call.service}.${call.action}`.toLowerCase());
}

/** True when some call needs a KS and neither the block nor that call gives one. */
export function requestNeedsSession(request: WireRequest): boolean {
  const has = (name: string) => request.fields.some(([k]) => k === name);
  if (has('ks')) return false;
  return request.calls.some((call) => callNeedsSession(call) && !(request.multirequest && has(`${call.number}:ks`)));
}

function blockLine(input: BuildInput): number {
  const block: BlockNode = input.block;
  const first = block.separator?.line ?? block.commonParams[0]?.line ?? block.calls[0]?.line.line;
  return first ?? input.document.lines.find((l) => l.start >= block.start)?.line ?? 0;
}

function problemsText(problems: readonly BuildProblem[]): string {
  const first = `line ${oneBased(problems[0].line)}: ${problems[0].message}`;
  return problems.length === 1 ? `Not sent: ${first}` : `Not sent, ${problems.length} problems; ${first}`;
}

function redactCalls(calls: CallResult[], secrets: readonly string[]): CallResult[] {
  return calls.map((c) =>
    c.ok
      ? c
      : {
          ...c,
          error: {
            code: c.error.code,
            message: redact(c.error.message, secrets),
            args: Object.fromEntries(Object.entries(c.error.args).map(([k, v]) => [k, redact(v, secrets)])),
          },
        },
  );
}

/** Builds, adds a KS when a call needs one (sessionRequired ≠ none, and the block sets no ks), sends, reads
 *  JSON (or XML for format=2) and maps each call to its result or KalturaAPIException. Never rejects. */
export async function sendBlock(input: BuildInput, options: SendOptions): Promise<BlockResult> {
  const started = performance.now();
  const base = { block: oneBased(input.block.index), title: input.block.separator?.title?.text, line: blockLine(input) };
  const elapsed = () => Math.round(performance.now() - started);
  const log = options.log;
  let secrets: string[] = [];
  let curl = '';
  const failure = (kind: BlockErrorKind, message: string, extra: Partial<BlockResult> = {}): BlockResult => {
    const text = redact(message, secrets);
    log?.(`✗ block ${base.block}: ${kind}: ${text}`);
    return { ...base, ok: false, durationMs: elapsed(), calls: [], error: { kind, message: text }, curl, ...extra };
  };
  let stage: 'build' | 'send' | 'read' = 'build';
  try {
    const built = buildWireRequest(input);
    if ('problems' in built) {
      secrets = [];
      return { ...base, ok: false, durationMs: elapsed(), calls: [], error: { kind: 'build', message: problemsText(built.problems), problems: built.problems }, curl: '' };
    }
    let request = built.request;
    for (const file of request.files) {
      if (file.ask === undefined) continue;
      if (!(await input.askFile?.(file.path, input.environment.serviceUrl))) {
        const message = `Not sent: the upload of ${file.path} to ${input.environment.serviceUrl} was not allowed (${file.ask}).`;
        return { ...base, ok: false, durationMs: elapsed(), calls: [], error: { kind: 'build', message }, curl: '' };
      }
    }
    secrets = [...request.secrets];
    curl = curlCommand(request, secrets);
    stage = 'send';
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (requestNeedsSession(request)) {
      try {
        const session = await options.sessions.ksFor(input.environment, { signal: options.signal, timeoutMs });
        if (session) {
          secrets.push(session.ks);
          request = { ...request, fields: [['ks', session.ks], ...request.fields], secrets: [...secrets] };
          curl = curlCommand(request, secrets);
        }
      } catch (error) {
        if (error instanceof SessionError) return failure(error.kind, error.message);
        throw error;
      }
    }
    log?.(redact(`→ POST ${request.url} ${formText(request.fields)}${request.files.map((f) => ` +${f.field}=@${f.path}`).join('')}`, secrets));
    const sent = { url: redact(request.url, secrets), sentAt: (options.now ?? Date.now)() };
    let response: HttpResponse;
    try {
      response = await (options.transport ?? sharedHttpTransport()).send({
        url: request.url,
        fields: request.fields,
        files: request.files,
        timeoutMs,
        maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof TransportError) return failure(error.kind, error.message, sent);
      throw error;
    }
    stage = 'read';
    const responseBytes = response.bytes?.length ?? Buffer.byteLength(response.body);
    const answered = { ...sent, httpStatus: response.status, responseBytes, ...(response.headers['content-type'] ? { contentType: response.headers['content-type'] } : {}) };
    log?.(`← HTTP ${response.status} from ${response.url}: ${responseBytes} bytes in ${elapsed()} ms`);
    if (isFileAnswer(request, response)) {
      const answer = fileAnswerOf(request, response);
      let saved: string;
      try {
        saved = await (options.saveFile ?? saveToTempFile)(answer);
      } catch (error) {
        return failure('bad-format', `The answer is a file (${answer.contentType}, ${answer.bytes.length} bytes), but saving it failed: ${(error as Error).message}`, answered);
      }
      log?.(`  the answer is a file (${answer.contentType}): saved as ${saved}`);
      const file = { path: saved, contentType: answer.contentType, bytes: answer.bytes.length };
      return { ...base, ...answered, ok: true, durationMs: elapsed(), calls: [{ call: request.calls[0], ok: true, value: saved }], file, curl };
    }
    let calls: CallResult[];
    try {
      calls = readResponse(request, response);
    } catch (error) {
      if (error instanceof TransportError) return failure(error.kind, error.message, { ...answered, responseText: redact(response.body, secrets) });
      throw error;
    }
    const found = sessionStrings(calls.map((c) => (c.ok ? c.value : undefined)));
    const shownSecrets = [...secrets, ...found];
    const ok = calls.every((c) => c.ok);
    const result: BlockResult = {
      ...base,
      ...answered,
      ok,
      durationMs: elapsed(),
      calls: redactCalls(calls, shownSecrets),
      responseText: redact(response.body, shownSecrets),
      curl,
    };
    if (!ok) log?.(`  ${calls.filter((c) => !c.ok).length} of ${calls.length} call(s) returned an API error`);
    return result;
  } catch (error) {
    // What the steps above did not classify is no network fault: say what it was instead of blaming the network.
    const message = (error as Error)?.message ?? String(error);
    if (stage === 'build') {
      const hint = error instanceof RangeError ? ' The block is too large to build: check for very long values, or variables that expand to a lot of text.' : '';
      return failure('build', `Not sent: building the request failed (${message}).${hint}`);
    }
    if (stage === 'read') return failure('bad-format', `The answer could not be read (${message}).`);
    return failure('network', `Unexpected failure while sending: ${message}`);
  }
}
