/**
 * Runs one request handler so that it can never take the server down: deferred by a tick so that a
 * cancellation already queued is seen, answered with `RequestCancelled` once the token fires, and
 * with a fallback value (the exception logged) when the handler throws.
 */

import { type CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import type { Logger, Timer } from './runtimeEnvironment';

export function cancelled<T>(): ResponseError<T> {
  return new ResponseError<T>(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

/** The text of an exception for the log: its stack when it has one. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  return String(e);
}

export interface RunContext {
  readonly timer: Timer;
  readonly logger: Logger;
}

/**
 * `func` may be asynchronous (waiting for the first schema load); cancellation is checked before it
 * starts and again when it is done, so a superseded result is never sent.
 */
export function runSafe<T>(
  context: RunContext,
  func: () => T | Promise<T>,
  errorValue: T,
  errorMessage: string,
  token: CancellationToken,
): Promise<T | ResponseError<void>> {
  return new Promise((resolve) => {
    context.timer.setImmediate(() => {
      if (token.isCancellationRequested) {
        resolve(cancelled());
        return;
      }
      const fail = (e: unknown): void => {
        context.logger.error(`${errorMessage}: ${describeError(e)}`);
        resolve(errorValue);
      };
      const finish = (result: T): void => resolve(token.isCancellationRequested ? cancelled() : result);
      try {
        const result = func();
        if (result instanceof Promise) result.then(finish, fail);
        else finish(result);
      } catch (e) {
        fail(e);
      }
    });
  });
}

/** For notifications: runs `func` now, logging instead of throwing. */
export function runSafeNotification(logger: Logger, func: () => void | Promise<void>, errorMessage: string): void {
  try {
    const result = func();
    if (result instanceof Promise) result.catch((e: unknown) => logger.error(`${errorMessage}: ${describeError(e)}`));
  } catch (e) {
    logger.error(`${errorMessage}: ${describeError(e)}`);
  }
}
