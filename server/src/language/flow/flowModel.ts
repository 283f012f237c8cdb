/**
 * The flow of a file across blocks: which block captures which variable, which variables a block uses, and
 * which blocks must be sent before a block whose captured variables have no value yet (spec §10.1).
 */

import type { BlockNode, CallNode, CaptureLine, KreqDocument, VariableRef } from '../parser/kreqNodes';
import { blockDirectives } from './directives';

/** Where a variable is captured. */
export interface CaptureSite {
  readonly block: BlockNode;
  readonly call: CallNode;
  readonly line: CaptureLine;
}

/** Every capture of the document by name (the first one of each name; a second is `duplicate-variable`). */
export function captureSites(doc: KreqDocument): ReadonlyMap<string, CaptureSite> {
  const out = new Map<string, CaptureSite>();
  for (const block of doc.blocks) {
    for (const call of block.calls) {
      for (const line of call.captures) if (!out.has(line.name.text)) out.set(line.name.text, { block, call, line });
    }
  }
  return out;
}

/** Names asked by `# @prompt` anywhere in the document. */
export function promptedNames(doc: KreqDocument): ReadonlySet<string> {
  const out = new Set<string>();
  for (const block of doc.blocks) for (const p of blockDirectives(block).prompts) out.add(p.name.text);
  return out;
}

/** Every `{{variable}}` a block's lines use: keys and values of its parameters and expected values of its assertions. */
export function variablesOfBlock(block: BlockNode): VariableRef[] {
  const out: VariableRef[] = [];
  const params = [...block.commonParams, ...block.calls.flatMap((c) => c.params)];
  for (const p of params) {
    out.push(...p.key.variables);
    for (const part of p.value.parts) if (part.kind === 'variable') out.push(part);
  }
  for (const call of block.calls) {
    for (const a of call.assertions) for (const part of a.expected?.parts ?? []) if (part.kind === 'variable') out.push(part);
  }
  return out;
}

/** The names of captured variables a block needs (used in it, captured by another block), in first-use order. */
export function capturedNeeds(doc: KreqDocument, block: BlockNode, sites = captureSites(doc)): string[] {
  const names: string[] = [];
  for (const v of variablesOfBlock(block)) {
    const site = sites.get(v.name.text);
    if (site && site.block !== block && !names.includes(v.name.text)) names.push(v.name.text);
  }
  return names;
}

/**
 * The blocks to send before `target`, in file order: those that capture a variable `target` needs and
 * that has no value (`hasValue`), and, transitively, what those blocks need in the same way.
 */
export function blocksToSendFirst(doc: KreqDocument, target: BlockNode, hasValue: (name: string) => boolean): BlockNode[] {
  const sites = captureSites(doc);
  const chosen = new Set<BlockNode>();
  const visit = (block: BlockNode) => {
    for (const name of capturedNeeds(doc, block, sites)) {
      if (hasValue(name)) continue;
      const site = sites.get(name)!;
      if (site.block === target || chosen.has(site.block)) continue;
      chosen.add(site.block);
      visit(site.block);
    }
  };
  visit(target);
  return [...chosen].sort((a, b) => a.index - b.index);
}
