/** Reads what a Kaltura session string (KS) shows without its secret: all of a v1 KS, the partner id of a v2 KS (protocol §9). */

export interface KsV1 {
  readonly version: 1;
  readonly partnerId: string;
  /** Unix seconds; undefined when the field is not a number. */
  readonly validUntil?: number;
  /** `KalturaSessionType`: 0 USER, 2 ADMIN. */
  readonly type?: number;
  readonly userId: string;
  readonly privileges: string;
  readonly masterPartnerId: string;
  readonly additionalData: string;
}

export interface KsV2 {
  readonly version: 2;
  readonly partnerId: string;
}

export type DecodedKs = KsV1 | KsV2;

const BASE64 = /^[A-Za-z0-9+/\-_]+={0,2}$/;
const PARTNER_ID = /^-?[0-9]+$/;
const SHA1_HEX = /^[0-9a-fA-F]{40}$/;

/** Decodes standard or url-safe base64, with or without padding, to a binary string; undefined when it is not base64. */
function decodeBase64(text: string): string | undefined {
  if (!BASE64.test(text)) return undefined;
  let normal = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (normal.length % 4 === 1) return undefined;
  while (normal.length % 4 !== 0) normal += '=';
  try {
    return atob(normal);
  } catch {
    return undefined;
  }
}

/** Reads a binary string as UTF-8 (user ids may hold any text), keeping it as is when it is not valid UTF-8. */
function utf8(binary: string): string {
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return binary;
  }
}

function optionalInt(text: string | undefined): number | undefined {
  return text !== undefined && /^-?[0-9]+$/.test(text) ? Number.parseInt(text, 10) : undefined;
}

function decodeV2(text: string): KsV2 | undefined {
  // Only the clear prefix matters: decode whole 4-character groups of the start, the rest is encrypted.
  const head = decodeBase64(text.slice(0, 32));
  if (!head?.startsWith('v2|')) return undefined;
  const end = head.indexOf('|', 3);
  const partnerId = end < 0 ? '' : head.slice(3, end);
  return PARTNER_ID.test(partnerId) ? { version: 2, partnerId } : undefined;
}

function decodeV1(text: string): KsV1 | undefined {
  const binary = decodeBase64(text);
  if (binary === undefined) return undefined;
  const bar = binary.indexOf('|');
  if (bar < 0 || !SHA1_HEX.test(binary.slice(0, bar))) return undefined;
  const fields = utf8(binary.slice(bar + 1)).split(';');
  const [partnerId, , validUntil, type, , userId, privileges, masterPartnerId, additionalData] = fields;
  if (fields.length < 4 || !PARTNER_ID.test(partnerId)) return undefined;
  return {
    version: 1,
    partnerId,
    validUntil: optionalInt(validUntil),
    type: optionalInt(type),
    userId: userId ?? '',
    privileges: privileges ?? '',
    masterPartnerId: masterPartnerId ?? '',
    additionalData: additionalData ?? '',
  };
}

/** Decodes a KS; undefined when the text is not one. Never throws. */
export function decodeKs(text: string): DecodedKs | undefined {
  const ks = text.trim();
  if (ks.length < 8 || ks.length > 8192) return undefined;
  return ks.startsWith('djJ8') ? decodeV2(ks) : decodeV1(ks);
}

/** "3 h", "2 days", "45 min", "10 s": the length of `seconds` (absolute), rounded to its largest sensible unit. */
export function durationText(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.round(s / 3600)} h`;
  const days = Math.round(s / 86400);
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

/** "expires in 3 h" or "expired 2 days ago", from `validUntil` (unix seconds) and the clock `nowMs`. */
export function expiryText(validUntil: number, nowMs: number): string {
  const left = validUntil - nowMs / 1000;
  return left > 0 ? `expires in ${durationText(left)}` : `expired ${durationText(left)} ago`;
}
