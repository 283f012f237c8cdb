/**
 * The `kreq.*` commands of protocol.ts (`workspace/executeCommand`): dispatches each to its handler — sending and
 * running blocks (flowCommands.ts), copying a block as cURL, listing the environments around a document, telling the
 * session known — and answers their failures as errors.
 */

import {
  type CancellationToken,
  ErrorCodes,
  type ExecuteCommandParams,
  ResponseError,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver';
import { Commands, serviceOrigin, type CurlArguments, type EnvironmentList, type SessionStatus } from '../protocol';
import {
  argumentObject,
  CommandError,
  optional,
  optionalArgumentObject,
  readReference,
  readSecrets,
  readSendAllArguments,
  readSendArguments,
} from './commandArguments';
import { CommandSupport, type SendCommandsContext } from './commandSupport';
import { FlowCommands } from './flowCommands';
import { cancelled, describeError } from './runSafe';

export type { SendCommandsContext } from './commandSupport';

/** The commands the server registers (`executeCommandProvider`). */
export const SEND_COMMANDS: readonly string[] = [
  Commands.send,
  Commands.sendAll,
  Commands.clearCaptures,
  Commands.copyAsCurl,
  Commands.listEnvironments,
  Commands.sessionStatus,
];

export class SendCommands {
  private readonly support: CommandSupport;
  private readonly flows: FlowCommands;

  constructor(private readonly context: SendCommandsContext) {
    this.support = new CommandSupport(context);
    this.flows = new FlowCommands(this.support);
  }

  /** Runs one command; its failures are answered as errors (logged when unexpected), never thrown. */
  async execute(params: ExecuteCommandParams, token: CancellationToken, workDone: WorkDoneProgressReporter): Promise<unknown> {
    try {
      switch (params.command) {
        case Commands.send:
          return await this.flows.send(readSendArguments(argumentObject(params)), token, workDone);
        case Commands.sendAll:
          return await this.flows.sendAll(readSendAllArguments(argumentObject(params)), token, workDone);
        case Commands.clearCaptures:
          return this.flows.clearCaptures(optional<string>(optionalArgumentObject(params), 'uri', 'string'));
        case Commands.copyAsCurl:
          return await this.copyAsCurl(readSendArguments(argumentObject(params)), token);
        case Commands.listEnvironments:
          return await this.listEnvironments(readReference(argumentObject(params)).uri);
        case Commands.sessionStatus: {
          const args = argumentObject(params);
          return await this.sessionStatus(readReference(args).uri, optional<string>(args, 'environment', 'string'), readSecrets(args));
        }
        default:
          return new ResponseError(ErrorCodes.InvalidRequest, `Unknown command ${params.command}`);
      }
    } catch (e) {
      if (e instanceof ResponseError) return e;
      if (e instanceof CommandError) return new ResponseError(ErrorCodes.InvalidParams, e.message);
      this.context.runtime.logger.error(`${params.command} failed: ${describeError(e)}`);
      return new ResponseError(ErrorCodes.InternalError, `${params.command} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The block as a `curl` command; a KS is added when a call needs one and one is known (started, when revealing). */
  private async copyAsCurl(args: CurlArguments, token: CancellationToken): Promise<string | ResponseError<void>> {
    const located = this.support.locate(args);
    const { engine } = this.support.sending;
    const chosen = await this.support.chooseEnvironment(args.uri, args.environment, args.secrets);
    // The values captured so far (and prompts answered) fill the command as the next send would.
    const values = this.context.memory.values(args.uri, chosen.name);
    const captured = new Map([...(values ?? [])].map(([name, v]) => [name, v.value]));
    const input = this.support.flowInput(args.uri, located.model, chosen.environment, await this.context.schema());
    const built = engine.buildWireRequest({ ...input, block: located.block, captured });
    if ('problems' in built) throw new CommandError(built.problems.map((p) => `line ${p.line + 1}: ${p.message}`).join('; '));
    let request = built.request;
    const secrets = [...request.secrets, ...this.support.secretsOf(chosen.environment, args.secrets)];
    for (const value of values?.values() ?? []) if (value.secret) secrets.push(value.value);
    if (engine.requestNeedsSession(request)) {
      let ks = this.support.sessions.peek(chosen.environment)?.ks;
      if (!ks && args.reveal) {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        try {
          ks = (await this.support.sessions.ksFor(chosen.environment, { signal: abort.signal }))?.ks;
        } catch (e) {
          if (token.isCancellationRequested) return cancelled();
          if (e instanceof engine.SessionError) throw new CommandError(e.message);
          throw e;
        } finally {
          subscription.dispose();
        }
      }
      const canStart = !!(chosen.environment.adminSecret || chosen.environment.userSecret || chosen.environment.appToken);
      if (ks) secrets.push(ks);
      const shown = ks ?? (canStart ? engine.MASK : undefined);
      if (shown) request = { ...request, fields: [['ks', shown], ...request.fields] };
    }
    return engine.curlCommand(request, secrets, args.reveal === true);
  }

  private async listEnvironments(uri: string): Promise<EnvironmentList> {
    const catalog = this.support.loadCatalog(uri);
    const configured = await this.support.configuredEnvironment();
    const problems = [...(catalog?.problems ?? [])];
    const names = catalog?.names ?? [];
    if (configured && !names.includes(configured)) problems.push(`The kreq.environment setting names "${configured}", which no kreq.env.json around this document defines.`);
    return {
      names,
      ...(configured && names.includes(configured) ? { active: configured } : {}),
      files: catalog?.files ?? [],
      problems,
      origins: Object.fromEntries(names.map((name) => [name, serviceOrigin(catalog!.get(name).serviceUrl)])),
    };
  }

  /** `secrets` (an extension of the protocol's arguments) default to the ones the client sent last. */
  private async sessionStatus(uri: string, requested: string | undefined, secrets: Readonly<Record<string, string>> | undefined): Promise<SessionStatus> {
    const chosen = await this.support.chooseEnvironment(uri, requested, secrets ?? this.support.lastSecrets);
    const session = this.support.sessions.peek(chosen.environment);
    return {
      ...(chosen.name ? { environment: chosen.name } : {}),
      ...(session?.expiresAt !== undefined ? { expiresAt: session.expiresAt } : {}),
      ...(session ? { source: session.source } : {}),
    };
  }
}
