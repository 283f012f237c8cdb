/** Fakes of the server's injected runtime for in-process tests: a manual clock and timer, a recording logger. */

import type { Disposable, Logger, Timer } from '../../server/src/lsp/runtimeEnvironment';

interface Scheduled {
  readonly due: number;
  readonly order: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/** Time moves only when the test says so; `setImmediate` callbacks are due at the current time. */
export class ManualTimer implements Timer {
  now = 0;
  private queue: Scheduled[] = [];
  private order = 0;

  setImmediate(callback: () => void): Disposable {
    return this.add(callback, 0);
  }

  setTimeout(callback: () => void, ms: number): Disposable {
    return this.add(callback, ms);
  }

  /** Runs everything due within `ms` from now, in time order (including callbacks scheduled meanwhile). */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const next = this.queue.filter((s) => !s.cancelled && s.due <= end).sort((a, b) => a.due - b.due || a.order - b.order)[0];
      if (!next) break;
      this.queue = this.queue.filter((s) => s !== next);
      this.now = next.due;
      next.callback();
    }
    this.now = end;
  }

  get pending(): number {
    return this.queue.filter((s) => !s.cancelled).length;
  }

  private add(callback: () => void, ms: number): Disposable {
    const entry: Scheduled = { due: this.now + ms, order: this.order++, callback, cancelled: false };
    this.queue.push(entry);
    return { dispose: () => (entry.cancelled = true) };
  }
}

export class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  error(message: string): void {
    this.lines.push(`error: ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn: ${message}`);
  }
  info(message: string): void {
    this.lines.push(`info: ${message}`);
  }
}
