/**
 * The `kreq.*` commands of protocol.ts (`workspace/executeCommand`): dispatches each to its handler — sending and
 * running blocks (flowCommands.ts), copying a block as cURL, listing the environments around a document, telling the
 * session known or its KS — and answers their failures as errors; it also tells which schema the active environment names.
 */

import {
  type CancellationToken,
  ErrorCodes,
  type ExecuteCommandParams,
  ResponseError,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver';
import type { Environment } from '../engine/index';
import { Commands, serviceOrigin, type CurlArguments, type EnvironmentDetails, type EnvironmentList, type SessionKs, type SessionStatus, oneBased } from '../protocol';
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
import { exportBlockCommand } from './exportCommands';
import { importTextCommand } from './importCommands';
import { cancelled, describeError } from './runSafe';
import type { EnvironmentSchema } from './schemaState';

export type { SendCommandsContext } from './commandSupport';

/** The commands the server registers (`executeCommandProvider`). */
export const SEND_COMMANDS: readonly string[] = [
  Commands.send,
  Commands.sendAll,
  Commands.clearCaptures,
  Commands.copyAsCurl,
  Commands.listEnvironments,
  Commands.sessionStatus,
  Commands.sessionKs,
  Commands.importText,
  Commands.exportBlock,
];

/** How an environment gets its KS, as the picker shows it. */
function sessionSource(environment: Environment): EnvironmentDetails['session'] {
  if (environment.ks) return 'ks';
  if (environment.adminSecret) return 'adminSecret';
  if (environment.userSecret) return 'userSecret';
  return environment.appToken ? 'appToken' : 'none';
}

/** The folder of a file path (`/a/b/kreq.env.json` → `/a/b`), either separator. */
function folderOf(file: string): string {
  return file.replace(/[\\/][^\\/]*$/, '') || file;
}

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
        case Commands.sessionKs: {
          const args = argumentObject(params);
          return await this.sessionKs(readReference(args).uri, optional<string>(args, 'environment', 'string'), readSecrets(args), token);
        }
        case Commands.importText:
          return importTextCommand(argumentObject(params), await this.context.schema());
        case Commands.exportBlock:
          return await exportBlockCommand(this.support, argumentObject(params), await this.context.schema(), (args) => this.copyAsCurl(args, token));
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
    if ('problems' in built) throw new CommandError(built.problems.map((p) => `line ${oneBased(p.line)}: ${p.message}`).join('; '));
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
      details: Object.fromEntries(names.map((name) => [name, this.details(catalog!.get(name))])),
    };
  }

  private details(environment: Environment): EnvironmentDetails {
    return {
      serviceUrl: environment.serviceUrl,
      ...(environment.partnerId !== undefined ? { partnerId: environment.partnerId } : {}),
      session: sessionSource(environment),
    };
  }

  /** What environment `name` (looked up in the env files around `uri`) says about the schema. Undefined: no such
   *  environment, or no engine. */
  environmentSchema(uri: string | undefined, name: string | undefined): EnvironmentSchema | undefined {
    try {
      const wanted = name?.trim();
      if (!wanted || !uri) return undefined;
      const catalog = this.support.loadCatalog(uri);
      if (!catalog?.names.includes(wanted)) return undefined;
      const environment = catalog.get(wanted);
      return {
        name: wanted,
        serviceUrl: environment.serviceUrl,
        ...(environment.schema ? { schema: environment.schema } : {}),
        ...(catalog.files.length ? { baseDir: folderOf(catalog.files[0]) } : {}),
      };
    } catch (e) {
      if (!(e instanceof CommandError)) this.context.runtime.logger.warn(`Reading the active environment for the schema failed: ${describeError(e)}`);
      return undefined;
    }
  }

  /** "Copy Session KS": the environment's KS, a session started when needed (the user asked to see it, so it is not masked). */
  private async sessionKs(uri: string, requested: string | undefined, secrets: Readonly<Record<string, string>> | undefined, token: CancellationToken): Promise<SessionKs | ResponseError<void>> {
    const chosen = await this.support.chooseEnvironment(uri, requested, secrets ?? this.support.lastSecrets);
    const named = chosen.name ? { environment: chosen.name } : {};
    const label = chosen.name ? `Environment "${chosen.name}"` : 'Without an environment, kreq';
    if (chosen.environment.refusal) return { ...named, problem: chosen.environment.refusal };
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort());
    try {
      const session = await this.support.sessions.ksFor(chosen.environment, { signal: abort.signal });
      if (!session) {
        return { ...named, problem: `${label} has no \`ks\`, \`adminSecret\`, \`userSecret\` or \`appToken\`: set a secret ("Kreq: Set Secret") or add one to kreq.env.private.json.` };
      }
      return { ...named, ks: session.ks, source: session.source, ...(session.expiresAt !== undefined ? { expiresAt: session.expiresAt } : {}) };
    } catch (e) {
      if (token.isCancellationRequested) return cancelled();
      if (e instanceof this.support.sending.engine.SessionError) return { ...named, problem: e.message };
      throw e;
    } finally {
      subscription.dispose();
    }
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
