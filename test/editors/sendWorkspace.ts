/**
 * A temporary folder for an editor's `kreq.send` scenario: a `.kreq` file and, beside it, a `kreq.env.json` whose
 * `sandbox` environment points at a Kaltura-compatible sandbox started in this process on 127.0.0.1, port 0.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../../server/src/sandbox/index';
import { realSchema } from '../support/realSchema';

/** The environment name the editors pass to `kreq.send`. */
export const SANDBOX_ENVIRONMENT = 'sandbox';

/** Block 0 is what gets sent: a ping that succeeds and a `media.get` the sandbox answers with ENTRY_ID_NOT_FOUND. */
export const SEND_BLOCK_LINES = ['### ping, then an entry that does not exist', 'system.ping', '', 'media.get', 'entryId = 0_nosuchentry'];
/** 0-based line of the failing `media.get` in `SEND_BLOCK_LINES`. */
export const FAILING_CALL_LINE = 3;

export interface SendWorkspace {
  readonly folder: string;
  readonly file: string;
  readonly sandbox: Sandbox;
  /** Stops the sandbox and removes the folder. */
  close(): Promise<void>;
}

export async function startSendWorkspace(prefix: string, lines: readonly string[]): Promise<SendWorkspace> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(folder, 'requests.kreq');
  fs.writeFileSync(file, lines.join('\n'));
  const sandbox = await startSandbox({ schema: realSchema(), port: 0 });
  const environments = {
    [SANDBOX_ENVIRONMENT]: { serviceUrl: sandbox.url, partnerId: SANDBOX_CREDENTIALS.partnerId, adminSecret: SANDBOX_CREDENTIALS.adminSecret },
  };
  fs.writeFileSync(path.join(folder, 'kreq.env.json'), JSON.stringify(environments, null, 2));
  return {
    folder,
    file,
    sandbox,
    close: async () => {
      await sandbox.close();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The parts of a `SendResult` (server/src/protocol.ts) the editor tests check. */
export interface SentCall {
  readonly service: string;
  readonly action: string;
  readonly line: number;
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: { readonly code: string };
}

export function sentCalls(result: unknown): SentCall[] {
  const calls = (result as { calls?: unknown } | null)?.calls;
  return Array.isArray(calls) ? (calls as SentCall[]) : [];
}
