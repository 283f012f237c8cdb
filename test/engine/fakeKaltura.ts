/** A fake Kaltura endpoint for session tests: session.start, startWidgetSession, appToken.startSession, media.list, system.ping. */

import { createHash } from 'node:crypto';
import { ksV1 } from './engineInputs';
import { answerJson, startServer, type LoopbackServer, type Received } from './loopbackServer';

export interface FakeKalturaOptions {
  readonly partnerId: string;
  readonly adminSecret: string;
  readonly userSecret?: string;
  readonly appToken?: { readonly id: string; readonly token: string; readonly hashType: string };
  /** The server's clock (ms), shared with the session manager under test. */
  readonly now: () => number;
}

export interface FakeKaltura extends LoopbackServer {
  /** Calls per `service.action` (lower case), multirequest items included. */
  readonly counts: Map<string, number>;
  /** Every KS the server issued, widget sessions included. */
  readonly issued: Set<string>;
  /** The `ks` each call carried ('' when none), in order, as `service.action ks`. */
  readonly ksLog: string[];
}

type Params = Record<string, string>;

function apiError(code: string, message: string, args: Record<string, string> = {}): unknown {
  return { code, message, objectType: 'KalturaAPIException', args: Object.keys(args).length === 0 ? [] : args };
}

export async function startFakeKaltura(options: FakeKalturaOptions): Promise<FakeKaltura> {
  const counts = new Map<string, number>();
  const issued = new Set<string>();
  const widgetSessions = new Set<string>();
  const ksLog: string[] = [];
  let serial = 0;

  const issue = (type: number, userId: string, expiry: number, privileges = ''): { ks: string; validUntil: number } => {
    const validUntil = Math.floor(options.now() / 1000) + expiry;
    const ks = ksV1({ partnerId: options.partnerId, validUntil, type, userId, privileges, secret: options.adminSecret, rand: String(++serial) });
    issued.add(ks);
    return { ks, validUntil };
  };

  /** One call, as the server would answer it. */
  const call = (service: string, action: string, p: Params): unknown => {
    const name = `${service}.${action}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    ksLog.push(`${name} ${p.ks ?? ''}`);
    // Any KS sent is validated, even on actions that need none (protocol §13).
    if (p.ks !== undefined && !issued.has(p.ks)) return apiError('INVALID_KS', `Invalid KS "${p.ks}", Error "-1,INVALID_STR"`, { KSID: p.ks, ERR_CODE: '-1', ERR_DESC: 'INVALID_STR' });
    switch (name) {
      case 'session.start': {
        const type = Number(p.type ?? '0');
        const secretOk = p.secret === options.adminSecret || (type === 0 && p.secret === options.userSecret);
        if (!secretOk || p.partnerId !== options.partnerId) return apiError('START_SESSION_ERROR', `Error while starting session for partner [${p.partnerId ?? ''}]`, { PID: p.partnerId ?? '' });
        return issue(type, p.userId ?? '', Number(p.expiry ?? 86400), p.privileges).ks;
      }
      case 'session.startwidgetsession': {
        if (p.widgetId !== `_${options.partnerId}`) return apiError('INVALID_WIDGET_ID', `Invalid widget id [${p.widgetId}]`, { WIDGET_ID: p.widgetId ?? '' });
        const { ks } = issue(0, '', 86400, 'widget:1,view:*');
        widgetSessions.add(ks);
        return { partnerId: Number(options.partnerId), ks, userId: '0', objectType: 'KalturaStartWidgetSessionResponse' };
      }
      case 'apptoken.startsession': {
        const token = options.appToken;
        if (!token || p.id !== token.id) return apiError('APP_TOKEN_ID_NOT_FOUND', `Application token id "${p.id}" not found`, { ID: p.id ?? '' });
        if (!p.ks || !widgetSessions.has(p.ks)) return apiError('MISSING_KS', 'Missing KS, session not established');
        const expected = createHash(token.hashType.toLowerCase()).update(p.ks + token.token).digest('hex');
        if (p.tokenHash !== expected) return apiError('INVALID_APP_TOKEN_HASH', 'Invalid application token hash');
        const type = Number(p.type ?? '0');
        const { ks, validUntil } = issue(type, p.userId ?? 'token-user', Number(p.expiry ?? 86400), p.sessionPrivileges);
        return { ks, sessionType: type, partnerId: Number(options.partnerId), userId: p.userId ?? 'token-user', expiry: validUntil, objectType: 'KalturaSessionInfo' };
      }
      case 'media.list':
        if (!p.ks) return apiError('MISSING_KS', 'Missing KS, session not established');
        return { objects: [], totalCount: 0, objectType: 'KalturaMediaListResponse' };
      case 'system.ping':
        return true;
      default:
        return apiError('ACTION_DOES_NOT_EXISTS', `Action "${action}" does not exists for service "${service}"`, { ACTION_NAME: action, SERVICE_NAME: service });
    }
  };

  const handle = (request: Received): unknown => {
    const match = /\/api_v3\/service\/([^/]+)(?:\/action\/([^/?]+))?/.exec(request.path);
    const service = (match?.[1] ?? '').toLowerCase();
    if (service !== 'multirequest') return call(service, (match?.[2] ?? '').toLowerCase(), request.fields);
    const common: Params = {};
    const items = new Map<number, Params>();
    for (const [key, value] of Object.entries(request.fields)) {
      const prefixed = /^([0-9]+):(.*)$/.exec(key);
      if (!prefixed) common[key] = value;
      else {
        const item = items.get(Number(prefixed[1])) ?? {};
        item[prefixed[2]] = value;
        items.set(Number(prefixed[1]), item);
      }
    }
    return [...items.keys()].sort((a, b) => a - b).map((n) => {
      const item = items.get(n)!;
      for (const k of ['ks', 'partnerId', 'clientTag']) if (item[k] === undefined && common[k] !== undefined) item[k] = common[k];
      return call((item.service ?? '').toLowerCase(), (item.action ?? '').toLowerCase(), item);
    });
  };

  const server = await startServer((request, response) => answerJson(response, handle(request)));
  return Object.assign(server, { counts, issued, ksLog });
}
