/** Starts a sandbox on loopback for a test file and sends real HTTP requests to it (Node's `fetch`). */

import { after, before } from 'node:test';
import * as fs from 'node:fs';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox, type SandboxOptions } from '../../server/src/sandbox/index';
import { realSchema } from '../support/realSchema';
import { SCHEMA_22 } from '../support/repoPaths';

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export interface SandboxClient {
  readonly sandbox: () => Sandbox;
  /** Any request; `path` starts with `/`. */
  send(path: string, init?: RequestInit): Promise<Reply>;
  /** GET with a query string. */
  get(path: string, query?: Record<string, string>): Promise<Reply>;
  /** POST `application/x-www-form-urlencoded`. */
  form(path: string, fields: Record<string, string>): Promise<Reply>;
  /** POST `application/json` (exactly). */
  json(path: string, body: unknown): Promise<Reply>;
  /** The parsed JSON answer of a `format=1` call to `service.action` posted as a form. */
  call(service: string, action: string, fields?: Record<string, string>): Promise<unknown>;
  /** An ADMIN KS of partner 100. */
  adminKs(): Promise<string>;
  /** A USER KS of partner 100. */
  userKs(userId?: string): Promise<string>;
}

export const SCHEMA_XML = fs.readFileSync(SCHEMA_22, 'utf8');

/**
 * Registers `before`/`after` hooks that start and stop one sandbox for the calling test file; `setup` runs in the
 * same hook once it listens (a second root-level `before` would not wait for the first).
 */
export function useSandbox(options: Partial<SandboxOptions> = {}, setup?: (client: SandboxClient) => Promise<void>): SandboxClient {
  let sandbox: Sandbox | undefined;
  before(async () => {
    sandbox = await startSandbox({ schema: realSchema(), schemaXml: SCHEMA_XML, ...options });
    await setup?.(client);
  });
  after(async () => {
    await sandbox?.close();
  });
  const current = () => {
    if (!sandbox) throw new Error('sandbox not started');
    return sandbox;
  };
  const send = async (path: string, init?: RequestInit): Promise<Reply> => {
    const response = await fetch(current().url + path, init);
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const form = (path: string, fields: Record<string, string>) =>
    send(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const call = async (service: string, action: string, fields: Record<string, string> = {}) => {
    const reply = await form(`/api_v3/service/${service}/action/${action}`, { format: '1', ...fields });
    return JSON.parse(reply.text) as unknown;
  };
  const session = async (type: string, userId: string) =>
    (await call('session', 'start', {
      secret: type === '2' ? SANDBOX_CREDENTIALS.adminSecret : SANDBOX_CREDENTIALS.userSecret,
      partnerId: String(SANDBOX_CREDENTIALS.partnerId),
      type,
      userId,
    })) as string;
  const client: SandboxClient = {
    sandbox: current,
    send,
    get: (path, query) => send(query ? `${path}?${new URLSearchParams(query).toString()}` : path),
    form,
    json: (path, body) => send(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    call,
    adminKs: () => session('2', 'admin@example.com'),
    userKs: (userId = 'user@example.com') => session('0', userId),
  };
  return client;
}

/** The error of an API error object: `code: message {args}` in one line (for readable comparisons). */
export function errorLine(value: unknown): string {
  const error = value as { objectType?: string; code?: string; message?: string; args?: unknown };
  if (error?.objectType !== 'KalturaAPIException') return `not an error: ${JSON.stringify(value)}`;
  return `${error.code}: ${error.message} ${JSON.stringify(error.args)}`;
}
