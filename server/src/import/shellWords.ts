/** Splits a POSIX shell command line (as a cURL command is pasted) into words: quotes, escapes and `\` line continuations. */

/** The words of `text`, or a problem when a quote is left open. A `#` comment at the start of a word ends the line. */
export function shellWords(text: string): { readonly words: readonly string[] } | { readonly problem: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') i += 2;
      else if (next === '\r' && text[i + 2] === '\n') i += 3;
      else if (next === undefined) i += 1;
      else {
        word += next;
        inWord = true;
        i += 2;
      }
      continue;
    }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { problem: 'A single quote is not closed.' };
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '$' && text[i + 1] === "'") {
      const read = ansiQuoted(text, i + 2);
      if (!read) return { problem: "A $'…' quote is not closed." };
      word += read.text;
      inWord = true;
      i = read.end;
      continue;
    }
    if (c === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const d = text[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < n && '"\\$`\n'.includes(text[i + 1])) {
          if (text[i + 1] !== '\n') word += text[i + 1];
          i += 2;
          continue;
        }
        word += d;
        i++;
      }
      if (!closed) return { problem: 'A double quote is not closed.' };
      inWord = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    word += c;
    inWord = true;
    i++;
  }
  if (inWord) words.push(word);
  return { words };
}

const ANSI_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

/** Bash's `$'…'` quoting (the common escapes only), from `start` (after `$'`). */
function ansiQuoted(text: string, start: number): { text: string; end: number } | undefined {
  let out = '';
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === "'") return { text: out, end: i + 1 };
    if (c === '\\' && i + 1 < text.length) {
      out += ANSI_ESCAPES[text[i + 1]] ?? `\\${text[i + 1]}`;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  return undefined;
}
