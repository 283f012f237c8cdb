/** Asks the user (window/showMessageRequest) whether a file outside the workspace may be uploaded, once per path, and remembers the answers in memory for the server's life. */

import type { Connection, MessageActionItem } from 'vscode-languageserver';
import type { BuildInput } from '../engine/index';

const ALLOW = 'Allow';
const ALLOW_WORKSPACE = 'Allow for this workspace';
const CANCEL = 'Cancel';

export class FileApprovals {
  /** Files the user allowed ("Allow"), by absolute path. */
  private readonly allowedPaths = new Set<string>();
  /** Workspace roots whose sends may upload any file outside them ("Allow for this workspace"), env files and `~/.*` excepted. */
  private readonly allowedRoots = new Set<string>();
  /** Questions on screen, so that two sends of one file ask once. */
  private readonly pending = new Map<string, Promise<boolean>>();

  constructor(private readonly connection: Pick<Connection, 'window'>) {}

  /** The policy for a document of `root` (undefined: outside any workspace folder); `home` for `~/.ssh` and the like.
   *  Nothing is allowed by name here, so env files, `.env` and `~/.*` are never uploaded: answers count in `asker`. */
  fileAccess(root: string | undefined, home: string | undefined): NonNullable<BuildInput['fileAccess']> {
    return { policy: { roots: root ? [root] : [], ...(home ? { home } : {}) } };
  }

  /** The `askFile` of a document of `root`: asks once per path; Cancel (or no answer) refuses this send only. */
  asker(root: string | undefined): NonNullable<BuildInput['askFile']> {
    return (file, serviceUrl) => {
      if (this.allowedPaths.has(file) || (root !== undefined && this.allowedRoots.has(root))) return Promise.resolve(true);
      let answer = this.pending.get(file);
      if (!answer) {
        answer = this.ask(file, serviceUrl, root).finally(() => this.pending.delete(file));
        this.pending.set(file, answer);
      }
      return answer;
    };
  }

  private async ask(file: string, serviceUrl: string, root: string | undefined): Promise<boolean> {
    let chosen: MessageActionItem | undefined;
    try {
      chosen = await this.connection.window.showWarningMessage(
        `Upload ${file} to ${serviceUrl}? It is outside the workspace folder${root ? ` ${root}` : ''}.`,
        { title: ALLOW },
        { title: ALLOW_WORKSPACE },
        { title: CANCEL },
      );
    } catch {
      chosen = undefined;
    }
    if (chosen?.title === ALLOW) this.allowedPaths.add(file);
    else if (chosen?.title === ALLOW_WORKSPACE && root !== undefined) this.allowedRoots.add(root);
    else if (chosen?.title === ALLOW_WORKSPACE) this.allowedPaths.add(file);
    else return false;
    return true;
  }
}
