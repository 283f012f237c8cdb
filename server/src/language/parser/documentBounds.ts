/** Decides whether a document is small enough to analyse: past these bounds kreq reads nothing of it but its size. */

/**
 * Full analysis up to this many characters. Measured on a mix of the examples (warm): 1 MB (34,000 lines) parses and
 * checks in 0.2 s, 2 MB in 0.6 s, 5 MB in 3 s at 214 MB; the benchmark's 105,000-line file (3.5 MB) stays within.
 * Past it, a 50 MB file took `kreq check` 2.3 GB and the server 4.2 GB: now it costs the size of its text.
 */
export const MAX_ANALYSED_CHARACTERS = 4 * 1024 * 1024;
/** … and up to this many lines. */
export const MAX_ANALYSED_LINES = 120_000;

/** Why a document is too large to analyse, in words; undefined when it is within the bounds. Reads at most the bounds. */
export function oversizeReason(text: string): string | undefined {
  if (text.length > MAX_ANALYSED_CHARACTERS) {
    return `it has ${megabytes(text.length)} characters, more than the ${megabytes(MAX_ANALYSED_CHARACTERS)} kreq analyses`;
  }
  let lines = 1;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
    if (++lines > MAX_ANALYSED_LINES) return `it has more than ${MAX_ANALYSED_LINES.toLocaleString('en-US')} lines, the most kreq analyses`;
  }
  return undefined;
}

function megabytes(characters: number): string {
  const mb = characters / (1024 * 1024);
  return `${mb >= 10 ? Math.round(mb) : Number(mb.toFixed(1))} M`;
}
