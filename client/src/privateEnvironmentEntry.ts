/**
 * The text of a kreq.env.private.json with an environment's `adminSecret` to fill in: the entry added (or found), and
 * where its placeholder value is, to select it; pure text edits that keep the file's comments and layout (no vscode).
 */

/** What the user replaces: selected, so typing the secret replaces it. */
export const SECRET_PLACEHOLDER = 'paste-the-admin-secret-here';

/** The new text and the placeholder's (or the existing value's) offsets in it. */
export interface PrivateEntryEdit {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** False when the text is unchanged (the key was already there, or the file is not an object of environments). */
  readonly changed: boolean;
}

function quoted(name: string): string {
  return JSON.stringify(name);
}

/** The offset just after the `{` that opens the value of the top-level key `name` (`"sandbox": {`), if any. */
function objectValueStart(text: string, name: string): number | undefined {
  const pattern = new RegExp(`${quoted(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:\\s*\\{`, 'g');
  const match = pattern.exec(text);
  return match ? match.index + match[0].length : undefined;
}

/** Whether the object whose content starts at `from` has a member before its closing brace. */
function hasMembers(text: string, from: number): boolean {
  const rest = text.slice(from).replace(/^(\s|\/\/[^\n]*\n)*/, '');
  return !rest.startsWith('}');
}

/** A new file: `{ "<environment>": { "adminSecret": "<placeholder>" } }`, laid out. */
function newFile(environment: string): PrivateEntryEdit {
  const before = `{\n  ${quoted(environment)}: {\n    "adminSecret": "`;
  return { text: `${before}${SECRET_PLACEHOLDER}"\n  }\n}\n`, start: before.length, end: before.length + SECRET_PLACEHOLDER.length, changed: true };
}

/**
 * The private file's text with `adminSecret` in the environment's entry: created when `text` is undefined (no
 * file), inserted into the entry (or a new entry) otherwise; an existing `adminSecret` value is only selected.
 */
export function addAdminSecretEntry(text: string | undefined, environment: string): PrivateEntryEdit {
  if (text === undefined || text.trim() === '') return newFile(environment);
  const entry = objectValueStart(text, environment);
  if (entry !== undefined) {
    const existing = /"adminSecret"\s*:\s*"([^"\\]*)"/.exec(text.slice(entry));
    if (existing) {
      const start = entry + existing.index + existing[0].length - existing[1].length - 1;
      return { text, start, end: start + existing[1].length, changed: false };
    }
    const before = `\n    "adminSecret": "`;
    const after = `"${hasMembers(text, entry) ? ',' : '\n  '}`;
    return {
      text: `${text.slice(0, entry)}${before}${SECRET_PLACEHOLDER}${after}${text.slice(entry)}`,
      start: entry + before.length,
      end: entry + before.length + SECRET_PLACEHOLDER.length,
      changed: true,
    };
  }
  const open = /^(\s|\/\/[^\n]*\n)*\{/.exec(text);
  if (!open) return { text, start: 0, end: 0, changed: false };
  const at = open[0].length;
  const before = `\n  ${quoted(environment)}: {\n    "adminSecret": "`;
  const after = `"\n  }${hasMembers(text, at) ? ',' : '\n'}`;
  return {
    text: `${text.slice(0, at)}${before}${SECRET_PLACEHOLDER}${after}${text.slice(at)}`,
    start: at + before.length,
    end: at + before.length + SECRET_PLACEHOLDER.length,
    changed: true,
  };
}
