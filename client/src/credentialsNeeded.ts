/**
 * Reads the server's "credentials needed" error (`CREDENTIALS_NEEDED_ERROR` with `CredentialsNeeded`), words the
 * question asked before sending, and says where the environment's kreq.env.private.json is; pure, no vscode.
 */

import * as path from 'node:path';
import { CREDENTIALS_NEEDED_ERROR, type CredentialsNeeded } from '../../server/src/protocol';

/** The data of a "credentials needed" error of `kreq.send` / `kreq.sendAll`; undefined when it failed for another reason. */
export function credentialsNeeded(error: unknown): CredentialsNeeded | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { code, data } = error as { code?: unknown; data?: unknown };
  if (code !== CREDENTIALS_NEEDED_ERROR || !data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  if (typeof d.serviceUrl !== 'string' || typeof d.message !== 'string') return undefined;
  if (d.environment !== undefined && typeof d.environment !== 'string') return undefined;
  const files = Array.isArray(d.files) ? d.files.filter((file): file is string => typeof file === 'string') : [];
  return { environment: d.environment, serviceUrl: d.serviceUrl, files, line: Number.isInteger(d.line) ? (d.line as number) : 0, message: d.message };
}

/** The kreq.env.private.json beside the environment's kreq.env.json: the one listed, else next to the first file. */
export function privateFileFor(data: CredentialsNeeded, fallbackFolder: string | undefined): string | undefined {
  const listed = data.files.find((file) => path.basename(file) === 'kreq.env.private.json');
  if (listed) return listed;
  const first = data.files[0];
  const folder = first ? path.dirname(first) : fallbackFolder;
  return folder ? path.join(folder, 'kreq.env.private.json') : undefined;
}

/** The question: the server's words, and what each action does. */
export function credentialsQuestion(data: CredentialsNeeded): string {
  const where = data.environment ? `"${data.environment}"` : 'no environment';
  return `Kreq: ${data.message.trim()} Set a secret for ${where} (kept in VS Code's secret storage), add it to kreq.env.private.json, or send anyway?`;
}
