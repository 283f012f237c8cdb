/** Shows on a terminal's stderr which block is being sent and which try of a `# @poll` it is (`block 3: try 4…`), on one line rewritten in place. */

import type { FlowProgress } from '../engine/index';
import { oneBased } from '../protocol';

/** A progress listener writing to `write` (a terminal); `clear()` erases the line before other output. */
export interface PollProgress {
  readonly onProgress: (event: FlowProgress) => void;
  clear(): void;
}

/** Progress on a terminal; polls only (a block sent once is too quick to be worth a line). */
export function pollProgress(write: (text: string) => void): PollProgress {
  let shown = false;
  const clear = () => {
    if (shown) write('\r\x1b[2K');
    shown = false;
  };
  return {
    clear,
    onProgress: (event) => {
      if (event.kind === 'done') return clear();
      const block = oneBased(event.block.index);
      if (event.kind === 'wait') {
        write(`\r\x1b[2Kblock ${block}: try ${event.attempt} did not pass; again in ${seconds(event.waitMs)} (${seconds(event.remainingMs)} left)…`);
        shown = true;
      } else if (event.attempt > 1) {
        write(`\r\x1b[2Kblock ${block}: try ${event.attempt}…`);
        shown = true;
      }
    },
  };
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
