/**
 * Completes the arguments of `kreq.send` and `kreq.copyAsCurl` with what only the editor knows: the active
 * environment, the secrets stored for it and the request timeout setting. Given values are kept.
 */

import * as vscode from 'vscode';
import type { BlockReference, CurlArguments, SendArguments } from '../../server/src/protocol';
import type { ActiveEnvironment } from './activeEnvironment';
import type { SecretStore } from './secretStore';

/** Whether a command argument looks like a block reference. */
export function isBlockReference(value: unknown): value is BlockReference {
  return !!value && typeof value === 'object' && typeof (value as BlockReference).uri === 'string';
}

/** `kreq.request.timeoutSeconds` in milliseconds, if set to something sensible. */
function timeoutMs(): number | undefined {
  const seconds = vscode.workspace.getConfiguration('kreq').get<number>('request.timeoutSeconds');
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : undefined;
}

export class SendArgumentsBuilder {
  constructor(
    private readonly environment: ActiveEnvironment,
    private readonly secrets: SecretStore,
  ) {}

  async forSend(reference: SendArguments): Promise<SendArguments> {
    const environment = reference.environment ?? this.environment.current;
    const secrets = reference.secrets ?? (await this.secrets.secretsFor(environment));
    const timeout = reference.timeoutMs ?? timeoutMs();
    return {
      ...reference,
      ...(environment !== undefined ? { environment } : {}),
      ...(secrets ? { secrets } : {}),
      ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
    };
  }

  async forCurl(reference: CurlArguments): Promise<CurlArguments> {
    const environment = reference.environment ?? this.environment.current;
    const secrets = reference.secrets ?? (await this.secrets.secretsFor(environment));
    return {
      ...reference,
      ...(environment !== undefined ? { environment } : {}),
      ...(secrets ? { secrets } : {}),
    };
  }
}
