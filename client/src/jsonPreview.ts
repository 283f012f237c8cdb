/**
 * The first lines of a value printed as `JSON.stringify(value, null, 2)` would print it, without printing the
 * rest: hovers show a head of results that may hold thousands of objects.
 */

export interface JsonHead {
  /** At most `maxLines` lines, joined with `\n`. */
  readonly text: string;
  /** Whether the full print has more lines than were returned. */
  readonly truncated: boolean;
}

/** Whether a value prints at all inside an object (JSON.stringify drops undefined, functions and symbols). */
function prints(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

function scalar(value: unknown): string {
  if (typeof value === 'bigint') return String(value);
  return prints(value) ? (JSON.stringify(value) ?? 'null') : 'null';
}

/** The lines of `JSON.stringify(value, null, 2)`, produced lazily. */
function* jsonLines(value: unknown, indent: string, prefix: string, suffix: string, seen: Set<object>): Generator<string> {
  if (value !== null && typeof value === 'object' && !seen.has(value)) {
    const inner = indent + '  ';
    seen.add(value);
    if (Array.isArray(value)) {
      if (value.length === 0) {
        yield `${indent}${prefix}[]${suffix}`;
      } else {
        yield `${indent}${prefix}[`;
        for (let i = 0; i < value.length; i++) {
          yield* jsonLines(prints(value[i]) ? value[i] : null, inner, '', i < value.length - 1 ? ',' : '', seen);
        }
        yield `${indent}]${suffix}`;
      }
    } else {
      const entries = Object.entries(value).filter(([, item]) => prints(item));
      if (entries.length === 0) {
        yield `${indent}${prefix}{}${suffix}`;
      } else {
        yield `${indent}${prefix}{`;
        for (let i = 0; i < entries.length; i++) {
          const [key, item] = entries[i];
          yield* jsonLines(item, inner, `${JSON.stringify(key)}: `, i < entries.length - 1 ? ',' : '', seen);
        }
        yield `${indent}}${suffix}`;
      }
    }
    seen.delete(value);
  } else {
    // A cycle cannot come from JSON, but must not hang the hover either.
    yield `${indent}${prefix}${value !== null && typeof value === 'object' ? '"[circular]"' : scalar(value)}${suffix}`;
  }
}

/** The first `maxLines` lines of the pretty JSON of `value`. */
export function jsonHead(value: unknown, maxLines: number): JsonHead {
  const lines: string[] = [];
  const limit = Math.max(1, Math.floor(maxLines));
  for (const line of jsonLines(value, '', '', '', new Set())) {
    if (lines.length === limit) return { text: lines.join('\n'), truncated: true };
    lines.push(line);
  }
  return { text: lines.join('\n'), truncated: false };
}
