/** Gets a KS for an environment (protocol §9): its `ks`, or session.start / app-token sessions, cached in memory and renewed. */

import { createHash } from 'node:crypto';
import { decodeKs } from '../language/index';
import { DEFAULT_TIMEOUT_MS, type HttpTransport, type SessionInfo, type SessionManager, type WireCall } from './engineTypes';
import { environmentSecrets, type Environment } from './environments';
import { sharedHttpTransport } from './httpTransport';
import { MASK, redact } from './redaction';
import { readResponse } from './responseReader';
import { TransportError, type TransportErrorKind } from './transportErrors';

/** Why no session could be started: an API error (`kind` 'session', with its code) or the transport's failure. */
export class SessionError extends Error {
  constructor(
    readonly kind: 'session' | TransportErrorKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

export interface SessionManagerOptions {
  /** The clock, in milliseconds. */
  readonly now?: () => number;
  readonly transport?: HttpTransport;
  /** One line per session started automatically (or failing to), secrets and the KS masked. */
  readonly log?: (line: string) => void;
}

/** A session is started anew when it has less than this left. */
const RENEW_BEFORE_MS = 60_000;
const DEFAULT_EXPIRY_S = 86_400;
const SESSION_RESPONSE_LIMIT = 1024 * 1024;
const ADMIN = 2;
const USER = 0;

interface CallOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/** The session type to ask for: as set, else ADMIN with an admin secret, USER otherwise. */
function sessionType(environment: Environment): number {
  const type = environment.session?.type;
  if (type === 'ADMIN' || type === ADMIN) return ADMIN;
  if (type === 'USER' || type === USER) return USER;
  return environment.adminSecret ? ADMIN : USER;
}

/** Unix seconds of a v1 KS's `validUntil`, in ms; undefined for v2 or anything unreadable. */
function ksExpiry(ks: string): number | undefined {
  const decoded = decodeKs(ks);
  return decoded?.version === 1 && decoded.validUntil !== undefined ? decoded.validUntil * 1000 : undefined;
}

/** `"prod" (https://www.kaltura.com, partner 123)` — what a session log line names. */
function describeEnvironment(environment: Environment): string {
  const name = environment.name ? `"${environment.name}"` : 'no environment';
  return `${name} (${environment.serviceUrl}${environment.partnerId !== undefined ? `, partner ${environment.partnerId}` : ''})`;
}

/** The session's expiry, for the log: `expires 2026-12-07 03:00 UTC`. */
function describeExpiry(expiresAt: number | undefined): string {
  if (expiresAt === undefined) return 'no known expiry';
  return `expires ${new Date(expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function cacheKey(environment: Environment): string {
  const credentials = createHash('sha256')
    .update(JSON.stringify([environment.adminSecret ?? '', environment.userSecret ?? '', environment.appToken ?? null]))
    .digest('hex');
  return JSON.stringify([environment.serviceUrl, environment.partnerId ?? '', credentials, environment.session ?? null]);
}

export function createSessionManager(options: SessionManagerOptions = {}): SessionManager {
  const now = options.now ?? Date.now;
  const cache = new Map<string, SessionInfo>();
  const starting = new Map<string, Promise<SessionInfo>>();
  const transport = (): HttpTransport => options.transport ?? sharedHttpTransport();

  /** One API call outside any block; its failures become `SessionError`s (redacted with `secrets`). */
  async function call(environment: Environment, service: string, action: string, fields: [string, string][], secrets: string[], opts: CallOptions): Promise<unknown> {
    const url = `${environment.serviceUrl}/api_v3/service/${service}/action/${action}`;
    const wireCall: WireCall = { number: 1, service, action, line: 0, sessionRequired: 'none' };
    const all = [['format', '1'], ['clientTag', environment.clientTag ?? 'kreq'], ...fields] as [string, string][];
    try {
      const response = await transport().send({
        url,
        fields: all,
        files: [],
        timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxResponseBytes: SESSION_RESPONSE_LIMIT,
        signal: opts.signal,
      });
      const [result] = readResponse({ url, format: 'json', calls: [wireCall], multirequest: false }, response);
      if (!result.ok) {
        const hint = service === 'session' && action === 'start' ? ' Check `partnerId` and `adminSecret`/`userSecret` in kreq.env.private.json.' : service === 'apptoken' ? ' Check `appToken` (id, token, hashType) in kreq.env.private.json.' : ' Check `partnerId` in kreq.env.json.';
        throw new SessionError('session', redact(`${service}.${action} failed: ${result.error.code}: ${result.error.message}.${hint}`, secrets), result.error.code);
      }
      return result.value;
    } catch (error) {
      if (error instanceof SessionError) throw error;
      if (error instanceof TransportError) throw new SessionError(error.kind, redact(`Starting a session (${service}.${action}): ${error.message}`, secrets));
      throw new SessionError('session', redact(`Starting a session (${service}.${action}) failed: ${(error as Error).message}`, secrets));
    }
  }

  async function startWithSecret(environment: Environment, opts: CallOptions): Promise<SessionInfo> {
    const type = sessionType(environment);
    const secret = (type === USER && environment.userSecret) || environment.adminSecret || environment.userSecret!;
    const settings = environment.session ?? {};
    const fields: [string, string][] = [['secret', secret], ['type', String(type)]];
    if (environment.partnerId !== undefined) fields.push(['partnerId', environment.partnerId]);
    if (settings.userId !== undefined) fields.push(['userId', settings.userId]);
    if (settings.expiry !== undefined) fields.push(['expiry', String(settings.expiry)]);
    if (settings.privileges !== undefined) fields.push(['privileges', settings.privileges]);
    const started = now();
    const value = await call(environment, 'session', 'start', fields, environmentSecrets(environment), opts);
    if (typeof value !== 'string' || value === '') {
      throw new SessionError('session', `session.start answered ${JSON.stringify(value)?.slice(0, 100)} instead of a KS. Check \`serviceUrl\` in kreq.env.json.`);
    }
    return { ks: value, expiresAt: ksExpiry(value) ?? started + (settings.expiry ?? DEFAULT_EXPIRY_S) * 1000, source: 'session.start' };
  }

  async function startWithAppToken(environment: Environment, opts: CallOptions): Promise<SessionInfo> {
    const appToken = environment.appToken!;
    const secrets = environmentSecrets(environment);
    if (environment.partnerId === undefined) {
      throw new SessionError('session', 'An app-token session needs `partnerId` in the environment (the widget session is started for `_<partnerId>`). Add it to kreq.env.json.');
    }
    const widget = await call(environment, 'session', 'startWidgetSession', [['widgetId', `_${environment.partnerId}`]], secrets, opts);
    const widgetKs = widget && typeof widget === 'object' ? (widget as Record<string, unknown>).ks : undefined;
    if (typeof widgetKs !== 'string' || widgetKs === '') {
      throw new SessionError('session', `session.startWidgetSession answered no \`ks\` for widget _${environment.partnerId}. Check \`partnerId\` and \`serviceUrl\` in kreq.env.json.`);
    }
    const algorithm = (appToken.hashType ?? 'SHA1').toLowerCase();
    const tokenHash = createHash(algorithm).update(widgetKs + appToken.token).digest('hex');
    secrets.push(widgetKs, tokenHash);
    const settings = environment.session ?? {};
    const fields: [string, string][] = [['ks', widgetKs], ['id', appToken.id], ['tokenHash', tokenHash]];
    if (settings.userId !== undefined) fields.push(['userId', settings.userId]);
    if (settings.type !== undefined) fields.push(['type', String(sessionType(environment))]);
    if (settings.expiry !== undefined) fields.push(['expiry', String(settings.expiry)]);
    if (settings.privileges !== undefined) fields.push(['sessionPrivileges', settings.privileges]);
    const started = now();
    const info = await call(environment, 'apptoken', 'startSession', fields, secrets, opts);
    const record = info && typeof info === 'object' ? (info as Record<string, unknown>) : {};
    if (typeof record.ks !== 'string' || record.ks === '') {
      throw new SessionError('session', 'appToken.startSession answered no `ks`. Check `appToken` in kreq.env.private.json.');
    }
    const expiry = typeof record.expiry === 'number' ? record.expiry : Number(record.expiry);
    const expiresAt = Number.isFinite(expiry) && expiry > 0 ? expiry * 1000 : ksExpiry(record.ks) ?? started + (settings.expiry ?? DEFAULT_EXPIRY_S) * 1000;
    return { ks: record.ks, expiresAt, source: 'appToken' };
  }

  function fromEnvironment(environment: Environment): SessionInfo | undefined {
    if (!environment.ks) return undefined;
    const expiresAt = ksExpiry(environment.ks);
    return expiresAt === undefined ? { ks: environment.ks, source: 'environment' } : { ks: environment.ks, expiresAt, source: 'environment' };
  }

  function canStart(environment: Environment): 'secret' | 'appToken' | undefined {
    if (environment.adminSecret || environment.userSecret) return 'secret';
    return environment.appToken ? 'appToken' : undefined;
  }

  return {
    async ksFor(environment, opts) {
      const given = fromEnvironment(environment);
      if (given) return given;
      const how = canStart(environment);
      if (!how) return undefined;
      const key = cacheKey(environment);
      const cached = cache.get(key);
      if (cached && (cached.expiresAt === undefined || now() < cached.expiresAt - RENEW_BEFORE_MS)) return cached;
      let pending = starting.get(key);
      if (!pending) {
        cache.delete(key);
        const started = now();
        const what = how === 'secret' ? `session.start (${sessionType(environment) === ADMIN ? 'ADMIN' : 'USER'}, secret=${MASK})` : `appToken.startSession (id ${environment.appToken?.id ?? '?'}, tokenHash=${MASK})`;
        const renewing = cached ? ', renewing the expiring session' : '';
        pending = (how === 'secret' ? startWithSecret(environment, opts) : startWithAppToken(environment, opts))
          .then((info) => {
            cache.set(key, info);
            options.log?.(`Session: ${what} for ${describeEnvironment(environment)}${renewing} → ks=${MASK}, ${describeExpiry(info.expiresAt)} (${Math.round(now() - started)} ms)`);
            return info;
          }, (error: unknown) => {
            const message = redact(error instanceof Error ? error.message : String(error), environmentSecrets(environment));
            options.log?.(`Session: ${what} for ${describeEnvironment(environment)} failed: ${message}`);
            throw error;
          })
          .finally(() => starting.delete(key));
        starting.set(key, pending);
      }
      return pending;
    },
    peek(environment) {
      const given = fromEnvironment(environment);
      if (given) return given;
      if (!canStart(environment)) return undefined;
      const cached = cache.get(cacheKey(environment));
      return cached && (cached.expiresAt === undefined || now() < cached.expiresAt) ? cached : undefined;
    },
    clear() {
      cache.clear();
    },
  };
}
