/** The status bar's words for the active environment and its session (`prod · KS 23 h`). Pure (no vscode). */

import type { SessionStatus } from '../../server/src/protocol';

export const ENVIRONMENT_ICON = '$(server-environment)';

/** `23 h`, `45 min`, `< 1 min`, `expired`: time left until `expiresAt` (unix ms). */
export function remainingTime(expiresAt: number, now: number): string {
  const left = expiresAt - now;
  if (left <= 0) return 'expired';
  const minutes = Math.floor(left / 60_000);
  if (minutes >= 60) return `${Math.floor(minutes / 60)} h`;
  return minutes >= 1 ? `${minutes} min` : '< 1 min';
}

/** The session part: `KS 23 h`, `KS expired`, `KS` (known, no expiry), '' (none). */
export function sessionLabel(session: SessionStatus | undefined, now: number): string {
  if (!session) return '';
  if (session.expiresAt !== undefined && Number.isFinite(session.expiresAt)) return `KS ${remainingTime(session.expiresAt, now)}`;
  return session.source ? 'KS' : '';
}

/** The status bar text: `$(server-environment) prod · KS 23 h`, `$(server-environment) no environment`. */
export function environmentStatusText(environment: string | undefined, session: SessionStatus | undefined, now: number): string {
  if (!environment) return `${ENVIRONMENT_ICON} no environment`;
  const ks = sessionLabel(session, now);
  return `${ENVIRONMENT_ICON} ${environment}${ks ? ` · ${ks}` : ''}`;
}
