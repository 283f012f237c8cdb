/**
 * The words of a flow's progress (pure): `sending block 1 first: it captures {{entryId}}`,
 * `try 3 — waiting 5 s (9 m 50 s left)`, and the texts of the prompts error.
 */

import type { FlowProgress, MissingPrompt } from '../engine/index';
import type { BlockNode, KreqDocument } from '../language/index';
import { capturedNeeds } from '../language/index';
import { oneBased } from '../protocol';

/** `500 ms`, `5 s`, `9 m 50 s`, `1 h 5 m`: at most two units, rounded down to whole seconds from 1 s on. */
export function formatWait(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0 s';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.floor(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return m > 0 ? `${h} h ${m} m` : `${h} h`;
  if (m > 0) return s > 0 ? `${m} m ${s} s` : `${m} m`;
  return `${s} s`;
}

/** `block 2` (1-based, as people count). */
export function blockLabel(block: BlockNode): string {
  return `block ${oneBased(block.index)}`;
}

/** The names `block` captures that the blocks in `needing` use: why it is sent first. */
export function capturesNeeded(doc: KreqDocument, block: BlockNode, needing: readonly BlockNode[]): string[] {
  const captured = new Set(block.calls.flatMap((c) => c.captures.map((l) => l.name.text)));
  const names: string[] = [];
  for (const other of needing) {
    for (const name of capturedNeeds(doc, other)) if (captured.has(name) && !names.includes(name)) names.push(name);
  }
  return names;
}

/** One progress message per runner event; undefined when the event needs none. `needing`: the blocks that may need a dependency. */
export function progressMessage(event: FlowProgress, doc: KreqDocument, needing: readonly BlockNode[]): string | undefined {
  switch (event.kind) {
    case 'send': {
      const label = blockLabel(event.block);
      if (event.attempt > 1) return `${label}: try ${event.attempt}`;
      if (event.dependency) {
        const names = capturesNeeded(doc, event.block, needing);
        return names.length ? `sending ${label} first: it captures ${names.map((n) => `{{${n}}}`).join(', ')}` : `sending ${label} first`;
      }
      return `sending ${label}`;
    }
    case 'wait':
      return `try ${event.attempt} — waiting ${formatWait(event.waitMs)} (${formatWait(event.remainingMs)} left)`;
    case 'done':
      return undefined;
  }
}

/** `{{name}} (# @prompt name)` per prompt. */
function promptList(prompts: readonly MissingPrompt[]): string {
  return prompts.map((p) => `{{${p.name}}} (# @prompt ${p.name})`).join(', ');
}

/** The message of a `PROMPTS_NEEDED_ERROR`: `Block 2 needs answers for: {{name}} (# @prompt name) — pass them as `answers``. */
export function promptsNeededMessage(prompts: readonly MissingPrompt[]): string {
  const blocks = [...new Set(prompts.map((p) => oneBased(p.block.index)))];
  const who = blocks.length === 1 ? `Block ${blocks[0]}` : `Blocks ${blocks.join(', ')}`;
  return `${who} ${blocks.length === 1 ? 'needs' : 'need'} answers for: ${promptList(prompts)} — pass them as \`answers\``;
}
