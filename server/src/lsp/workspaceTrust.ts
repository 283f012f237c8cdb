/**
 * Enforces workspace trust in the language server: while the client says the workspace is untrusted, nothing is
 * sent, no schema named by the workspace is loaded, `{{$env}}`/`{{$dotenv}}` values are never read, `@file` paths
 * outside the workspace folders are neither checked nor listed, and the Send lenses say why and offer to trust it.
 */

import * as path from 'node:path';
import { type CodeLens, ResponseError } from 'vscode-languageserver';
import type { FileKind, FileSystemProvider } from '../language/index';
import { Commands, WORKSPACE_UNTRUSTED_ERROR } from '../protocol';
import type { Logger, SendingRuntime } from './runtimeEnvironment';
import type { KreqSettings } from './schemaState';

/** The title of the lens that replaces "▶ Send Request" while the workspace is untrusted. */
export const UNTRUSTED_LENS_TITLE = '⚠ Untrusted workspace: sending is off — Trust this workspace';

/** The commands an untrusted workspace may not run: they send, or build what would be sent. */
const SENDING_COMMANDS: ReadonlySet<string> = new Set([Commands.send, Commands.sendAll, Commands.copyAsCurl, Commands.sessionKs]);

/** `initializationOptions.trusted`: only an explicit `false` starts untrusted (other editors have no trust model). */
export function readTrusted(initializationOptions: unknown): boolean {
  if (!initializationOptions || typeof initializationOptions !== 'object') return true;
  return (initializationOptions as Record<string, unknown>).trusted !== false;
}

/** The `trusted` field of a `kreq/trust` notification; undefined when it has none. */
export function readTrustParams(params: unknown): boolean | undefined {
  if (!params || typeof params !== 'object') return undefined;
  const trusted = (params as Record<string, unknown>).trusted;
  return typeof trusted === 'boolean' ? trusted : undefined;
}

/** Whether `target` is `root` or lies under it (both absolute, normalised). */
function isUnder(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** `target` with its links resolved: the deepest existing ancestor resolved, the rest appended as written. */
function realPathOf(target: string, realPath: (path: string) => string | undefined): string {
  const rest: string[] = [];
  for (let current = target; ; ) {
    const real = realPath(current);
    if (real !== undefined) return path.join(real, ...rest.reverse());
    const parent = path.dirname(current);
    if (parent === current) return target;
    rest.push(path.basename(current));
    current = parent;
  }
}

export interface WorkspaceFolders {
  /** The local paths of the workspace folders (none: no path is inside). */
  readonly roots: () => readonly string[];
  /** The local path of a `file:` document URI. */
  readonly uriToPath?: (uri: string) => string | undefined;
  /** The path with every symbolic link resolved; undefined when it does not exist. Without it, paths are compared as written. */
  readonly realPath?: (path: string) => string | undefined;
}

export class WorkspaceTrust {
  private isTrusted: boolean;

  constructor(
    trusted: boolean,
    private readonly logger: Logger,
  ) {
    this.isTrusted = trusted;
  }

  get trusted(): boolean {
    return this.isTrusted;
  }

  /** The state `initialize` gives (`readTrusted(initializationOptions)`). */
  initialize(trusted: boolean): void {
    this.isTrusted = trusted;
    if (!trusted) this.logger.info('The workspace is not trusted: no sending, no schema from workspace settings, no {{$env}}/{{$dotenv}}, no @file outside its folders');
  }

  /** Applies a `kreq/trust` notification; true when the workspace became trusted just now. */
  update(params: unknown): boolean {
    const trusted = readTrustParams(params);
    if (trusted === undefined) {
      this.logger.warn('kreq/trust needs `{ "trusted": true }`; ignored');
      return false;
    }
    if (!trusted) {
      if (this.isTrusted) this.logger.warn('kreq/trust `{ "trusted": false }` is ignored: restart the server to work untrusted');
      return false;
    }
    if (this.isTrusted) return false;
    this.isTrusted = true;
    this.logger.info('The workspace is trusted now: sending, workspace schemas and {{$env}}/{{$dotenv}} are on');
    return true;
  }

  /** The answer of a command the workspace may not run (sending, or the trust lens), else undefined. */
  refusal(command: string): ResponseError<void> | undefined {
    if (command === Commands.trustWorkspace) {
      if (this.isTrusted) return undefined;
      return new ResponseError(
        WORKSPACE_UNTRUSTED_ERROR,
        'This workspace is not trusted, so kreq does not send requests from it. Trust it in your editor (VS Code: "Manage Workspace Trust"); ' +
          'other editors start the server with initializationOptions { "trusted": true } or send the kreq/trust notification { "trusted": true }.',
      );
    }
    if (this.isTrusted || !SENDING_COMMANDS.has(command)) return undefined;
    return new ResponseError(
      WORKSPACE_UNTRUSTED_ERROR,
      `${command}: this workspace is not trusted, so kreq does not send requests from it (nor read {{$env}} or {{$dotenv}}). Trust the workspace, then send again.`,
    );
  }

  /** The settings the schema may follow: while untrusted, none that name a schema (only initialization options count). */
  schemaSettings(settings: KreqSettings): KreqSettings {
    return this.isTrusted ? settings : { ...settings, schema: undefined, serviceUrl: undefined };
  }

  /** The Send lenses as they are when trusted; else one "⚠ Untrusted workspace" lens per block and no Send All. */
  lenses(sendAll: readonly CodeLens[], send: readonly CodeLens[]): CodeLens[] {
    if (this.isTrusted) return [...sendAll, ...send];
    return send.map((lens) => ({ range: lens.range, command: { title: UNTRUSTED_LENS_TITLE, command: Commands.trustWorkspace, arguments: [] } }));
  }

  /** The sending runtime with process variables hidden while untrusted (environment files still load, unexpanded). */
  sending(inner: SendingRuntime | undefined): SendingRuntime | undefined {
    if (!inner) return undefined;
    const empty: NodeJS.ProcessEnv = Object.freeze({});
    const isTrusted = (): boolean => this.isTrusted;
    return {
      ...inner,
      engine: {
        ...inner.engine,
        loadDotenv: (documentPath, rootPath) => (isTrusted() ? inner.engine.loadDotenv(documentPath, rootPath) : { values: new Map<string, string>() }),
      },
      get processEnv() {
        return isTrusted() ? inner.processEnv : empty;
      },
    };
  }

  /**
   * The file system as it is when trusted; while untrusted, confined to the workspace folders: a path outside them
   * (also through a symbolic link) is never stat'ed nor listed — it is not checked (`file`) and lists nothing.
   */
  fileSystem(inner: FileSystemProvider | undefined, folders: WorkspaceFolders): FileSystemProvider | undefined {
    if (!inner) return undefined;
    const inside = (documentUri: string, relativePath: string): boolean => {
      const document = folders.uriToPath?.(documentUri);
      const target = path.isAbsolute(relativePath) ? path.resolve(relativePath) : document ? path.resolve(path.dirname(document), relativePath) : undefined;
      if (!target) return false;
      const root = folders.roots().find((r) => isUnder(path.resolve(r), target));
      if (root === undefined) return false;
      if (!folders.realPath) return true;
      // Inside as written: resolve links, so that `@link/passwd` with `link -> /etc` is outside.
      return isUnder(folders.realPath(root) ?? path.resolve(root), realPathOf(target, folders.realPath));
    };
    return {
      stat: (documentUri, relativePath): FileKind | undefined =>
        this.isTrusted || inside(documentUri, relativePath) ? inner.stat(documentUri, relativePath) : 'file',
      readDirectory: (documentUri, relativePath) =>
        this.isTrusted || inside(documentUri, relativePath || '.') ? inner.readDirectory(documentUri, relativePath) : [],
    };
  }
}
