/** Reads the directives of a block (`# @poll`, `# @prompt`, `# @name`): their arguments, or what is wrong with them. */

import type { BlockNode, DirectiveLine, Span } from '../parser/kreqNodes';

export const KNOWN_DIRECTIVES = ['poll', 'prompt', 'name'] as const;

export type DirectiveReading =
  | { readonly kind: 'poll'; readonly line: DirectiveLine; readonly everyMs: number; readonly forMs: number }
  | { readonly kind: 'prompt'; readonly line: DirectiveLine; readonly name: Span; readonly description?: string; readonly secret: boolean }
  | { readonly kind: 'name'; readonly line: DirectiveLine; readonly text: string }
  | { readonly kind: 'unknown'; readonly line: DirectiveLine }
  /** A known directive with a missing or malformed argument: `span` is the text at fault. */
  | { readonly kind: 'bad'; readonly line: DirectiveLine; readonly span: Span; readonly message: string };

const DURATION = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const SECRET_NAME = /secret|password|token|^ks$/i;
/** Longest poll kreq accepts (a day): longer ones are mistakes. */
export const MAX_POLL_MS = 24 * 3_600_000;

/** `500ms`, `5s`, `2m`, `1h` in milliseconds; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  return m ? Math.round(Number(m[1]) * UNIT_MS[m[2]]) : undefined;
}

/** Whether a prompted or captured name looks like a secret (asked masked, shown masked). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** The first `limit` words of the argument (a directive reads a few: a long line is not split whole). */
function words(argument: Span, limit: number): Span[] {
  const out: Span[] = [];
  const re = /\S+/g;
  for (let m = re.exec(argument.text); m && out.length < limit; m = re.exec(argument.text)) {
    out.push({ start: argument.start + m.index, end: argument.start + m.index + m[0].length, text: m[0] });
  }
  return out;
}

function bad(line: DirectiveLine, span: Span, message: string): DirectiveReading {
  return { kind: 'bad', line, span: span.end > span.start ? span : line.name, message };
}

function readPoll(line: DirectiveLine): DirectiveReading {
  const w = words(line.argument, 5);
  const usage = 'expected `# @poll every <duration> for <duration>` (durations: `500ms`, `5s`, `2m`, `1h`)';
  if (w.length !== 4 || w[0].text !== 'every' || w[2].text !== 'for') {
    const wrong = w.find((x, i) => (i === 0 && x.text !== 'every') || (i === 2 && x.text !== 'for')) ?? (w.length > 4 ? w[4] : line.argument);
    return bad(line, wrong, `\`@poll\`: ${usage}.`);
  }
  const everyMs = parseDuration(w[1].text);
  if (everyMs === undefined || everyMs <= 0) return bad(line, w[1], `\`${w[1].text}\` is not a duration: ${usage}.`);
  const forMs = parseDuration(w[3].text);
  if (forMs === undefined || forMs <= 0) return bad(line, w[3], `\`${w[3].text}\` is not a duration: ${usage}.`);
  if (forMs > MAX_POLL_MS) return bad(line, w[3], `\`@poll\` waits at most 24h.`);
  if (everyMs > forMs) return bad(line, w[1], `\`@poll\`: the wait between tries (${w[1].text}) is longer than the whole poll (${w[3].text}).`);
  return { kind: 'poll', line, everyMs, forMs };
}

function readPrompt(line: DirectiveLine): DirectiveReading {
  const [name] = words(line.argument, 1);
  if (!name) return bad(line, line.name, '`@prompt` needs a variable name: `# @prompt name [description]`.');
  if (!VARIABLE_NAME.test(name.text)) return bad(line, name, `\`${name.text}\` is not a variable name (letters, digits, \`_\`, \`.\`, \`-\`).`);
  const description = line.argument.text.slice(name.end - line.argument.start).trim();
  return { kind: 'prompt', line, name, ...(description ? { description } : {}), secret: isSecretName(name.text) };
}

/** What one directive line says. */
export function readDirective(line: DirectiveLine): DirectiveReading {
  switch (line.name.text) {
    case 'poll':
      return readPoll(line);
    case 'prompt':
      return readPrompt(line);
    case 'name':
      return line.argument.text === '' ? bad(line, line.name, '`@name` needs a text: `# @name create-entry`.') : { kind: 'name', line, text: line.argument.text };
    default:
      return { kind: 'unknown', line };
  }
}

/** The block's directives, read. */
export interface BlockDirectives {
  /** The first valid `@poll`. */
  readonly poll?: { readonly everyMs: number; readonly forMs: number };
  readonly prompts: readonly Extract<DirectiveReading, { kind: 'prompt' }>[];
  /** The first valid `@name`. */
  readonly name?: string;
}

export function blockDirectives(block: BlockNode): BlockDirectives {
  let poll: BlockDirectives['poll'];
  let name: string | undefined;
  const prompts: Extract<DirectiveReading, { kind: 'prompt' }>[] = [];
  for (const line of block.directives) {
    const d = readDirective(line);
    if (d.kind === 'poll') poll ??= { everyMs: d.everyMs, forMs: d.forMs };
    else if (d.kind === 'name') name ??= d.text;
    else if (d.kind === 'prompt' && !prompts.some((p) => p.name.text === d.name.text)) prompts.push(d);
  }
  return { ...(poll ? { poll } : {}), ...(name !== undefined ? { name } : {}), prompts };
}
