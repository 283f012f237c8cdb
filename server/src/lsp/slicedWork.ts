/** Runs a computation written as a generator in slices of a few milliseconds, letting other requests in between. */

import type { Timer } from './runtimeEnvironment';

/** How long one slice may run before the event loop gets a turn. */
export const SLICE_MS = 5;

/**
 * Drives `steps` to its end and resolves with its return value. After each yield, when SLICE_MS have passed since the
 * slice began, it waits for `timer.setImmediate`: messages read meanwhile (a hover on another document) are served.
 */
export async function runInSlices<T>(steps: Generator<void, T>, timer: Timer, sliceMs = SLICE_MS): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => timer.setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}
