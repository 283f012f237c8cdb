/** The words for environments: the status bar's (`prod · KS 23 h`) and the picker's (service, partner, session), and Copy Session KS's. Pure (no vscode). */

import type { EnvironmentDetails, SessionKs, SessionStatus } from '../../server/src/protocol';

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

/** How the session is obtained, in the picker's words (`session.start with adminSecret`). */
const SESSION_WORDS: Readonly<Record<EnvironmentDetails['session'], string>> = {
  ks: 'a fixed ks',
  adminSecret: 'session.start with adminSecret',
  userSecret: 'session.start with userSecret',
  appToken: 'appToken.startSession',
  none: 'no credentials',
};

/** The picker's description of an environment: `http://127.0.0.1:8765 · partner 100`. */
export function environmentDescription(details: EnvironmentDetails | undefined): string {
  if (!details) return '';
  return `${details.serviceUrl}${details.partnerId !== undefined ? ` · partner ${details.partnerId}` : ''}`;
}

/**
 * The picker's detail line: `session: session.start with adminSecret`; `storedSecret` names a secret kept in VS Code's
 * secret storage for an environment whose files give none (`adminSecret` → `session.start with adminSecret (stored secret)`).
 */
export function sessionDescription(details: EnvironmentDetails | undefined, storedSecret?: string): string {
  if (!details) return '';
  if (details.session === 'none' && storedSecret && storedSecret in SESSION_WORDS) {
    return `session: ${SESSION_WORDS[storedSecret as EnvironmentDetails['session']]} (stored secret)`;
  }
  return `session: ${SESSION_WORDS[details.session]}`;
}

/** What the message says once the KS is copied: `Kreq: copied the KS of "prod" (session.start, expires … (23 h)).` */
export function copiedKsMessage(answer: SessionKs, now: number): string {
  const whose = answer.environment ? `of "${answer.environment}"` : '(no environment)';
  const how = answer.source === 'environment' ? 'the environment’s ks' : answer.source ?? 'session';
  const until = answer.expiresAt !== undefined ? `, expires ${new Date(answer.expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC (${remainingTime(answer.expiresAt, now)})` : '';
  return `Kreq: copied the KS ${whose} to the clipboard (${how}${until}).`;
}
