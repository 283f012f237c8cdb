/**
 * What the sandbox remembers between requests: partners and their secrets, app tokens, entries, upload tokens,
 * users, categories, flavor assets and ended sessions; plus the default credentials every newcomer can use.
 */

import { randomBytes } from 'node:crypto';
import type { KObject } from './kalturaObject';

export type AppTokenHashType = 'MD5' | 'SHA1' | 'SHA256' | 'SHA512';

export interface SandboxPartner {
  readonly id: number;
  readonly name: string;
  readonly adminSecret: string;
  /** The user secret (`secret` in Kaltura). */
  readonly userSecret: string;
}

export interface SandboxAppToken {
  readonly id: string;
  readonly token: string;
  /** SHA1 when not given, as on the server. */
  readonly hashType?: AppTokenHashType;
  readonly partnerId: number;
  /** `KalturaAppTokenStatus`: 2 ACTIVE (default), 1 DISABLED. */
  readonly status?: number;
  readonly sessionType?: number;
  readonly sessionUserId?: string;
  /** Seconds; default 86400. */
  readonly sessionDuration?: number;
  readonly sessionPrivileges?: string;
  /** Unix seconds after which the token no longer starts sessions. */
  readonly expiry?: number;
}

/** The credentials the sandbox starts with (partner 100). */
export const SANDBOX_CREDENTIALS = {
  partnerId: 100,
  adminSecret: 'sandbox-admin-secret',
  userSecret: 'sandbox-user-secret',
  /** For `session.startWidgetSession`. */
  widgetId: '_100',
  appToken: { id: 'sandbox-app-token', token: 'sandbox-app-token-secret', hashType: 'SHA256' as AppTokenHashType },
} as const;

export const DEFAULT_PARTNERS: readonly SandboxPartner[] = [
  { id: SANDBOX_CREDENTIALS.partnerId, name: 'Kreq sandbox', adminSecret: SANDBOX_CREDENTIALS.adminSecret, userSecret: SANDBOX_CREDENTIALS.userSecret },
];

export const DEFAULT_APP_TOKENS: readonly SandboxAppToken[] = [{ ...SANDBOX_CREDENTIALS.appToken, partnerId: SANDBOX_CREDENTIALS.partnerId }];

/** An entry: the API object as stored, plus what the API does not show. */
export interface StoredEntry {
  readonly entry: KObject;
  /** Creation order (ties of `createdAt`). */
  readonly seq: number;
  /** The upload token whose file became the entry's content. */
  contentToken?: string;
  /** While converting (PRECONVERT): when it becomes READY, in milliseconds of the sandbox clock. */
  readyAt?: number;
}

/** An upload token and its received bytes. */
export interface StoredUploadToken {
  readonly token: KObject;
  /** True once a first chunk arrived (resuming needs it). */
  hasFile: boolean;
  /** Chunks that arrived ahead of the bytes before them, by offset. */
  readonly pendingChunks: Map<number, Buffer>;
}

export class SandboxState {
  readonly partners = new Map<number, SandboxPartner>();
  readonly appTokens = new Map<string, SandboxAppToken>();
  readonly entries = new Map<string, StoredEntry>();
  readonly uploadTokens = new Map<string, StoredUploadToken>();
  /** `KalturaUser`s by `userKey(partnerId, id)`. */
  readonly users = new Map<string, KObject>();
  /** `KalturaCategory`s by id. */
  readonly categories = new Map<number, KObject>();
  /** `KalturaFlavorAsset`s by id. */
  readonly flavorAssets = new Map<string, KObject>();
  /** Hashes of sessions ended with `session.end`. */
  readonly endedSessions = new Set<string>();
  private seq = 0;

  constructor(partners: readonly SandboxPartner[] = DEFAULT_PARTNERS, appTokens: readonly SandboxAppToken[] = DEFAULT_APP_TOKENS) {
    for (const p of partners) this.partners.set(p.id, p);
    for (const t of appTokens) this.appTokens.set(t.id, t);
  }

  nextSeq(): number {
    return ++this.seq;
  }

  /** The admin secret of a partner given by its id as written in a KS. */
  adminSecretOf(partnerId: string): string | undefined {
    if (!/^-?\d+$/.test(partnerId)) return undefined;
    return this.partners.get(Number(partnerId))?.adminSecret;
  }

  /** A new entry id like `0_k3x9q2ab`. */
  newEntryId(): string {
    let id: string;
    do id = `0_${randomId(8)}`;
    while (this.entries.has(id) || this.flavorAssets.has(id));
    return id;
  }

  /** A new flavor asset id like `0_k3x9q2ab` (ids of entries and assets share one space, as on the server). */
  newFlavorAssetId(): string {
    let id: string;
    do id = `0_${randomId(8)}`;
    while (this.entries.has(id) || this.flavorAssets.has(id));
    return id;
  }

  /** The next category id (the server's are auto-increment integers). */
  newCategoryId(): number {
    return Math.max(0, ...this.categories.keys()) + 1;
  }

  /** A new upload token id like `0_` + 32 hex digits. */
  newUploadTokenId(): string {
    return `0_${randomBytes(16).toString('hex')}`;
  }
}

/** The key of a user in `SandboxState.users` (user ids are unique per partner). */
export function userKey(partnerId: number, userId: string): string {
  return `${partnerId}/${userId}`;
}

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomId(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ID_CHARS[b % ID_CHARS.length];
  return out;
}
