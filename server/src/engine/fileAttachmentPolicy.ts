/** Decides whether a file named with `@path` may be uploaded: inside the allowed roots, outside them (ask, or an explicit allowance), or never (env files, `.env`, dot-folders of the home). */

import * as path from 'node:path';

export interface FileAttachmentPolicy {
  /** Folders whose files may be uploaded without asking (the workspace folders; the git root in the CLI). */
  readonly roots: readonly string[];
  /** The user's home folder: files under its dot-folders (`~/.ssh`, `~/.aws`) are never uploaded unless explicitly allowed. */
  readonly home?: string;
  /** Absolute paths allowed on purpose (`--allow-file PATH`): even a sensitive file. */
  readonly allowedPaths?: readonly string[];
  /** Any file outside the roots may go (`--allow-files-outside`); sensitive files still need `allowedPaths`. */
  readonly allowOutside?: boolean;
}

export type FileAttachmentDecision =
  | { readonly kind: 'allowed' }
  /** Outside the roots: ask the user (the editor), or refuse (the CLI without a flag). */
  | { readonly kind: 'ask'; readonly reason: string }
  | { readonly kind: 'refused'; readonly reason: string };

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Why a file is never uploaded without an explicit allowance; undefined for an ordinary file. */
export function sensitiveFileReason(file: string, home: string | undefined): string | undefined {
  const name = path.basename(file);
  if (/^kreq\.env.*\.json$/i.test(name)) return `${file} is a kreq environment file, which may hold secrets`;
  if (name === '.env' || name.startsWith('.env.')) return `${file} is a .env file, which may hold secrets`;
  if (home && isInside(home, file)) {
    const first = path.relative(home, file).split(path.sep)[0];
    if (first.startsWith('.')) return `${file} is in ${path.join(home, first)}, a hidden folder of your home (keys, credentials)`;
  }
  return undefined;
}

/**
 * The decision for one file. `paths` are the absolute path as written and the path with symbolic links resolved:
 * the stricter decision of the two wins, so a link inside the workspace to `~/.ssh/id_rsa` is refused.
 */
export function decideFileAttachment(paths: readonly string[], policy: FileAttachmentPolicy): FileAttachmentDecision {
  const allowed = new Set((policy.allowedPaths ?? []).map((p) => path.resolve(p)));
  let ask: FileAttachmentDecision | undefined;
  for (const file of paths.map((p) => path.resolve(p))) {
    if (allowed.has(file)) continue;
    const sensitive = sensitiveFileReason(file, policy.home);
    if (sensitive) return { kind: 'refused', reason: `${sensitive}; kreq never uploads it unless allowed by name` };
    if (policy.allowOutside || policy.roots.some((root) => isInside(path.resolve(root), file))) continue;
    const where = policy.roots.length === 0 ? 'no folder is open' : `outside ${policy.roots.join(', ')}`;
    ask ??= { kind: 'ask', reason: `${file} is ${where}` };
  }
  return ask ?? { kind: 'allowed' };
}
