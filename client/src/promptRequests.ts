/**
 * Reads the server's "answers needed" error (`PROMPTS_NEEDED_ERROR` with `PromptsNeeded`) and says how each
 * `# @prompt` is asked (input box title, prompt, masking); pure, no vscode.
 */

import { PROMPTS_NEEDED_ERROR, type PromptRequest, oneBased } from '../../server/src/protocol';

/** The options of the input box asking one prompt (a subset of `vscode.InputBoxOptions`). */
export interface PromptBox {
  readonly title: string;
  readonly prompt: string;
  readonly password: boolean;
  readonly ignoreFocusOut: boolean;
}

function isPromptRequest(value: unknown): value is PromptRequest {
  if (!value || typeof value !== 'object') return false;
  const p = value as Record<string, unknown>;
  return typeof p.name === 'string' && p.name !== '' && (p.description === undefined || typeof p.description === 'string');
}

/** The prompts a failed `kreq.send` / `kreq.sendAll` waits for; undefined when it failed for another reason. */
export function promptsNeeded(error: unknown): PromptRequest[] | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { code, data } = error as { code?: unknown; data?: unknown };
  if (code !== PROMPTS_NEEDED_ERROR || !data || typeof data !== 'object') return undefined;
  const prompts = (data as { prompts?: unknown }).prompts;
  if (!Array.isArray(prompts)) return undefined;
  const valid = prompts.filter(isPromptRequest).map((p) => ({ ...p, secret: p.secret === true }));
  return valid.length > 0 ? valid : undefined;
}

/** `Kreq: {{name}}`, the description (else where the prompt is), masked for secrets. */
export function promptBox(prompt: PromptRequest): PromptBox {
  const where = Number.isInteger(prompt.line) ? `# @prompt ${prompt.name} (line ${oneBased(prompt.line)})` : `# @prompt ${prompt.name}`;
  return {
    title: `Kreq: {{${prompt.name}}}`,
    prompt: prompt.description?.trim() || `A value for {{${prompt.name}}} (${where})`,
    password: prompt.secret,
    ignoreFocusOut: true,
  };
}
