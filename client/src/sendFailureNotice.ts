/**
 * The notification of blocks that failed as a whole (refused, timeout, dns, http-status…): what happened, with Retry,
 * Open kreq.env.json and — for a loopback `serviceUrl` that refuses — Start the sandbox; one notification for the
 * failures of one Send All (naming how many), never one per block.
 */

import * as path from 'node:path';
import * as vscode from 'vscode';
import { type RunResult, type SendResult, oneBased } from '../../server/src/protocol';
import { firstUrl, isLoopbackUrl } from './blockFailureText';
import { ENV_FILE, environmentFileToOpen, newEnvironmentFileText } from './environmentFileLocator';
import { START_SANDBOX_COMMAND, type SandboxStart } from './sandboxTerminal';

export const RETRY_ACTION = 'Retry';
export const OPEN_ENV_FILE_ACTION = 'Open kreq.env.json';
export const START_SANDBOX_ACTION = 'Start the sandbox';
/** Failures reported within this time of each other are told in one notification. */
const GATHER_MS = 150;

export interface FailureActions {
  /** Sends the same block (or blocks) again. Of failures told together, the last one's is run. */
  retry(): unknown;
}

interface Failure {
  readonly result: SendResult;
  readonly actions: FailureActions;
}

/** `"ping" (requests.kreq:4)`, `block 2 (requests.kreq:4)`: the block's title, else its number, and where it starts. */
function blockName(result: SendResult): string {
  const title = result.name ?? result.title;
  const file = path.basename(vscode.Uri.parse(result.uri).path);
  return `${title ? `"${title}"` : `block ${oneBased(result.block)}`} (${file}:${oneBased(result.line)})`;
}

/** The address the block was sent to: its URL, else the one its error names. */
function serviceUrlOf(result: SendResult): string | undefined {
  const url = result.url ?? (result.error ? firstUrl(result.error.message) : undefined);
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Whether a result is a block that failed as a whole (not skipped, not cancelled). */
export function isBlockFailure(result: SendResult): boolean {
  return result.error !== undefined && result.skipped === undefined && result.error.kind !== 'cancelled';
}

/** The notification's text: which block, where it was sent, the whole message (it leads with its meaning) and the
 *  hint; for several, how many failed and the first. */
export function failureMessage(failures: readonly SendResult[]): string {
  const first = failures[0];
  const error = first.error ?? { kind: 'error', message: 'failed' };
  const count = failures.length > 1 ? `${failures.length} blocks failed; the first, ` : '';
  const environment = first.environment ? ` → ${first.environment}` : '';
  return `Kreq: ${count}${blockName(first)}${environment}: ${error.message}${first.hint ? ` ${first.hint}` : ''}`;
}

/** Opens the environment file that defines the environment, else the nearest one, else offers to create one. */
export async function openEnvironmentFile(result: SendResult): Promise<void> {
  const document = vscode.Uri.parse(result.uri);
  const folder = vscode.workspace.getWorkspaceFolder(document)?.uri;
  const documentPath = document.scheme === 'file' ? document.fsPath : folder ? path.join(folder.fsPath, 'untitled.kreq') : undefined;
  const found = documentPath ? environmentFileToOpen(documentPath, result.environment, folder?.scheme === 'file' ? folder.fsPath : undefined) : undefined;
  if (found) {
    await vscode.window.showTextDocument(vscode.Uri.file(found));
    return;
  }
  if (!documentPath) {
    void vscode.window.showInformationMessage('Kreq: save the .kreq file in a folder to give it a kreq.env.json.');
    return;
  }
  const target = path.join(path.dirname(documentPath), ENV_FILE);
  const create = `Create ${ENV_FILE}`;
  const answer = await vscode.window.showInformationMessage(`Kreq: no ${ENV_FILE} from ${path.dirname(documentPath)} up. Create one there?`, create);
  if (answer !== create) return;
  const serviceUrl = serviceUrlOf(result) ?? 'http://127.0.0.1:8765';
  const uri = vscode.Uri.file(target);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(newEnvironmentFileText(result.environment ?? 'sandbox', serviceUrl, isLoopbackUrl(serviceUrl))));
  await vscode.window.showTextDocument(uri);
}

async function startSandbox(serviceUrl: string, retry: () => void): Promise<void> {
  const started = (await vscode.commands.executeCommand<SandboxStart | undefined>(START_SANDBOX_COMMAND, { serviceUrl })) ?? undefined;
  if (!started?.listening) return;
  const answer = await vscode.window.showInformationMessage(`Kreq: the sandbox listens on ${started.url}.`, RETRY_ACTION);
  if (answer === RETRY_ACTION) retry();
}

async function tell(failures: readonly Failure[]): Promise<void> {
  const results = failures.map((f) => f.result);
  const first = results[0];
  const serviceUrl = serviceUrlOf(first);
  const sandbox = first.error?.kind === 'refused' && serviceUrl !== undefined && isLoopbackUrl(serviceUrl);
  const actions = [RETRY_ACTION, OPEN_ENV_FILE_ACTION, ...(sandbox ? [START_SANDBOX_ACTION] : [])];
  // One retry: the last one given sends again what failed (a Send All passes one for the whole run; a send whose
  // dependencies failed too passes the same send for each of its blocks).
  const retry = (): void => void failures[failures.length - 1].actions.retry();
  const answer = await vscode.window.showErrorMessage(failureMessage(results), ...actions);
  if (answer === RETRY_ACTION) retry();
  else if (answer === OPEN_ENV_FILE_ACTION) await openEnvironmentFile(first);
  else if (answer === START_SANDBOX_ACTION && serviceUrl) await startSandbox(serviceUrl, retry);
}

let gathered: Failure[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

/**
 * Tells that a block failed as a whole (nothing for a result without `error`, a skipped or cancelled one). Failures
 * reported together (a Send All's blocks, one after another) make one notification naming how many failed.
 */
export function showBlockFailure(result: SendResult, actions: FailureActions): void {
  if (!isBlockFailure(result)) return;
  gathered.push({ result, actions });
  timer ??= setTimeout(() => {
    const failures = gathered;
    gathered = [];
    timer = undefined;
    void tell(failures);
  }, GATHER_MS);
}

/** Tells the blocks of a Send All that failed as a whole, in one notification; Retry runs `actions.retry` once. */
export function showRunFailure(run: RunResult, actions: FailureActions): void {
  for (const block of run.blocks) showBlockFailure(block, actions);
}
