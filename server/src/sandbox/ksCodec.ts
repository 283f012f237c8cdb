/**
 * Kaltura sessions (KS) in the v1 format: `base64(sha1hex(adminSecret + info) + "|" + info)` with
 * `info = partnerId;partnerId;validUntil;type;rand;userId;privileges;masterPartnerId;additionalData`, and the
 * privileges string (`name[:value[/value…]]`, comma-separated).
 */

import { createHash } from 'node:crypto';

export const SESSION_TYPE_USER = 0;
export const SESSION_TYPE_ADMIN = 2;

export interface KsFields {
  readonly partnerId: number;
  /** Unix seconds. */
  readonly validUntil: number;
  readonly type: number;
  /** `microtime(true)` at creation. */
  readonly rand: string;
  readonly userId: string;
  readonly privileges: string;
  readonly masterPartnerId?: string;
  readonly additionalData?: string;
}

export interface ParsedKs extends KsFields {
  /** The KS as sent. */
  readonly ks: string;
  /** The signature part, which identifies the session (what `session.end` invalidates). */
  readonly hash: string;
}

function sha1Hex(data: Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}

/** `kSessionBase::generateKsV1`. */
export function encodeKsV1(adminSecret: string, fields: KsFields): string {
  const info = [
    fields.partnerId,
    fields.partnerId,
    fields.validUntil,
    fields.type,
    fields.rand,
    fields.userId,
    fields.privileges,
    fields.masterPartnerId ?? '',
    fields.additionalData ?? '',
  ].join(';');
  const infoBytes = Buffer.from(info, 'utf8');
  const signature = sha1Hex(Buffer.concat([Buffer.from(adminSecret, 'utf8'), infoBytes]));
  return Buffer.concat([Buffer.from(`${signature}|`, 'latin1'), infoBytes]).toString('base64');
}

/** PHP `base64_decode($s, true)` after `-`→`+`, `_`→`/`; undefined when it fails. */
function strictBase64(ks: string): Buffer | undefined {
  const text = ks.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return undefined;
  return Buffer.from(text, 'base64');
}

/**
 * `kSessionBase::parseKS` for v1 sessions, verifying the signature with the partner's admin secret. Undefined for
 * anything that is not a valid v1 KS of a known partner (v2 sessions are not issued nor read by the sandbox).
 */
export function decodeKs(ks: string, adminSecretOf: (partnerId: string) => string | undefined): ParsedKs | undefined {
  const decoded = strictBase64(ks);
  if (!decoded || decoded.length === 0 || decoded.toString('latin1') === '0') return undefined;
  if (decoded.subarray(0, 3).toString('latin1') === 'v2|') return undefined;
  const bar = decoded.indexOf('|');
  if (bar < 0) return undefined;
  const hash = decoded.subarray(0, bar).toString('latin1');
  const infoBytes = decoded.subarray(bar + 1);
  const parts = infoBytes.toString('utf8').split(';');
  if (parts.length < 3) return undefined;
  const secret = adminSecretOf(parts[0]);
  if (secret === undefined) return undefined;
  if (sha1Hex(Buffer.concat([Buffer.from(secret, 'utf8'), infoBytes])) !== hash) return undefined;
  return {
    ks,
    hash,
    partnerId: Number(parts[0]),
    validUntil: Number(parts[2]),
    type: Number(parts[3] ?? 0),
    rand: parts[4] ?? '',
    userId: parts[5] ?? '',
    privileges: parts[6] ?? '',
    masterPartnerId: parts[7],
    additionalData: parts[8],
  };
}

/** `ks::parsePrivileges`: name → values (a name may appear more than once; values accumulate). */
export function parsePrivileges(privileges: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (privileges === '') return out;
  for (const privilege of privileges.split(',')) {
    const colon = privilege.indexOf(':');
    const name = colon < 0 ? privilege : privilege.slice(0, colon);
    const value = colon < 0 ? '' : privilege.slice(colon + 1);
    const values = out.get(name) ?? [];
    if (value !== '') values.push(...value.split('/'));
    out.set(name, values);
  }
  return out;
}

/** `ks::buildPrivileges`. */
export function buildPrivileges(privileges: ReadonlyMap<string, readonly string[]>): string {
  return [...privileges].map(([name, values]) => (values.length ? `${name}:${values.join('/')}` : name)).join(',');
}

/** A widget session: anonymous USER session with `widget:1` (never invalidated). */
export function isWidgetSession(ks: KsFields): boolean {
  return ks.type === SESSION_TYPE_USER && (ks.userId === '' || ks.userId === '0') && ks.privileges.includes('widget:1');
}
