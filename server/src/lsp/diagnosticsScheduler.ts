/**
 * Pushes diagnostics per document: debounced while the user types, immediate on open and when the
 * schema changes, a result dropped when a newer request for the same URI superseded it, and the
 * document's diagnostics cleared when it is closed.
 */

import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { describeError } from './runSafe';
import type { Disposable, Logger, Timer } from './runtimeEnvironment';

export const DEFAULT_VALIDATION_DELAY_MS = 200;

export interface DiagnosticsSchedulerOptions {
  readonly timer: Timer;
  readonly logger: Logger;
  readonly delayMs?: number;
  /** Computes the diagnostics of one document version; may throw (logged, nothing published). */
  readonly validate: (document: TextDocument) => Diagnostic[];
  /** The same in slices, letting other requests in (big documents); used for scheduled validations when given.
   *  `publishNow` always validates synchronously. */
  readonly validateInSlices?: (document: TextDocument) => Promise<Diagnostic[]>;
  readonly publish: (uri: string, version: number | undefined, diagnostics: Diagnostic[]) => void;
}

interface PendingValidation {
  readonly version: number;
  readonly immediate: boolean;
  readonly handle: Disposable;
}

export class DiagnosticsScheduler {
  private readonly pending = new Map<string, PendingValidation>();
  private readonly delayMs: number;
  private disposed = false;

  constructor(private readonly options: DiagnosticsSchedulerOptions) {
    this.delayMs = options.delayMs ?? DEFAULT_VALIDATION_DELAY_MS;
  }

  /** After an edit: validates once the document has been quiet for the delay. */
  schedule(document: TextDocument): void {
    this.trigger(document, false);
  }

  /** On open and after a schema change: validates on the next tick. */
  validateNow(document: TextDocument): void {
    this.trigger(document, true);
  }

  /** Validates and publishes synchronously: after a send, the client gets the result diagnostics before the reply. */
  publishNow(document: TextDocument): void {
    if (this.disposed) return;
    this.cancel(document.uri);
    const request: PendingValidation = { version: document.version, immediate: true, handle: { dispose: () => undefined } };
    this.pending.set(document.uri, request);
    this.run(document, request);
  }

  /** On close: forgets any pending validation and clears the document's diagnostics. */
  clear(uri: string): void {
    this.cancel(uri);
    if (!this.disposed) this.options.publish(uri, undefined, []);
  }

  dispose(): void {
    this.disposed = true;
    for (const uri of [...this.pending.keys()]) this.cancel(uri);
  }

  private trigger(document: TextDocument, immediate: boolean): void {
    if (this.disposed) return;
    const existing = this.pending.get(document.uri);
    // The same version is already on its way (an open fires "open" and "change content"); keep the sooner one.
    if (existing && existing.version === document.version && (existing.immediate || !immediate)) return;
    this.cancel(document.uri);
    const run = (): void => this.run(document, request, true);
    const handle = immediate ? this.options.timer.setImmediate(run) : this.options.timer.setTimeout(run, this.delayMs);
    const request: PendingValidation = { version: document.version, immediate, handle };
    this.pending.set(document.uri, request);
  }

  private run(document: TextDocument, request: PendingValidation, sliced = false): void {
    if (this.pending.get(document.uri) !== request) return;
    const inSlices = this.options.validateInSlices;
    if (sliced && inSlices) {
      inSlices(document).then(
        (diagnostics) => this.finish(document, request, diagnostics),
        (e: unknown) => {
          if (this.pending.get(document.uri) === request) this.pending.delete(document.uri);
          this.options.logger.error(`Validating ${document.uri} failed: ${describeError(e)}`);
        },
      );
      return;
    }
    let diagnostics: Diagnostic[];
    try {
      diagnostics = this.options.validate(document);
    } catch (e) {
      this.pending.delete(document.uri);
      this.options.logger.error(`Validating ${document.uri} failed: ${describeError(e)}`);
      return;
    }
    this.finish(document, request, diagnostics);
  }

  private finish(document: TextDocument, request: PendingValidation, diagnostics: Diagnostic[]): void {
    // Superseded while validating (a validation in slices lets newer requests in): drop the result.
    if (this.disposed || this.pending.get(document.uri) !== request) return;
    this.pending.delete(document.uri);
    this.options.publish(document.uri, document.version, diagnostics);
  }

  private cancel(uri: string): void {
    const request = this.pending.get(uri);
    if (!request) return;
    request.handle.dispose();
    this.pending.delete(uri);
  }
}
