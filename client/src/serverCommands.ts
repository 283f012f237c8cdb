/**
 * The kreq commands of the language server (`workspace/executeCommand`, protocol.ts), called with their typed
 * arguments once the server is up, with cancellation (`$/cancelRequest`) when a token is given.
 */

import type * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { Commands, type CurlArguments, type EnvironmentList, type SendArguments, type SendResult, type SessionStatus } from '../../server/src/protocol';

/** JSON-RPC's code for a request the client cancelled. */
const REQUEST_CANCELLED = -32800;

/** Whether a failed request failed because it was cancelled. */
export function isCancellation(error: unknown, token?: vscode.CancellationToken): boolean {
  if (token?.isCancellationRequested) return true;
  return !!error && typeof error === 'object' && (error as { code?: unknown }).code === REQUEST_CANCELLED;
}

/** The message of a failed request, in words. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  return String(error);
}

export class ServerCommands {
  /** The commands run so far, in order (for tests: one click of Send Request is one `kreq.send`). */
  readonly sent: string[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly ready: Promise<void>,
  ) {}

  /** Whether the running server registered `command` (false until it answered `initialize`). */
  supports(command: string): boolean {
    return this.client.initializeResult?.capabilities.executeCommandProvider?.commands.includes(command) ?? false;
  }

  /**
   * Runs a server command; rejects when the server could not start, does not know it, or failed. With a
   * `workDoneToken` the server reports its progress on it (`$/progress`) instead of creating its own.
   */
  async execute<T>(command: string, args: readonly unknown[], token?: vscode.CancellationToken, workDoneToken?: string): Promise<T> {
    await this.ready;
    if (!this.supports(command)) throw new Error(`the kreq language server has no '${command}' command`);
    if (this.sent.push(command) > 1000) this.sent.splice(0, 500);
    const params = { command, arguments: [...args], ...(workDoneToken ? { workDoneToken } : {}) };
    const result: unknown = await this.client.sendRequest(ExecuteCommandRequest.type, params, token);
    return result as T;
  }

  send(args: SendArguments, token?: vscode.CancellationToken): Promise<SendResult> {
    return this.execute<SendResult>(Commands.send, [args], token);
  }

  copyAsCurl(args: CurlArguments, token?: vscode.CancellationToken): Promise<string> {
    return this.execute<string>(Commands.copyAsCurl, [args], token);
  }

  listEnvironments(uri: string): Promise<EnvironmentList> {
    return this.execute<EnvironmentList>(Commands.listEnvironments, [{ uri }]);
  }

  sessionStatus(uri: string, environment: string | undefined, secrets?: Readonly<Record<string, string>>): Promise<SessionStatus> {
    return this.execute<SessionStatus>(Commands.sessionStatus, [{ uri, ...(environment !== undefined ? { environment } : {}), ...(secrets ? { secrets } : {}) }]);
  }
}
