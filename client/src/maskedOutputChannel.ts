/** Masks secrets in what the language client writes to the "Kreq" output channel (its log and the LSP trace) before it is shown. */

import type * as vscode from 'vscode';

export const MASK = '***';
/** Shorter secrets are not replaced as text: they would mangle ordinary words. */
const MIN_SECRET_LENGTH = 4;
/** Base64 / base64url runs, as a KS appears in traced JSON (one character class with `+`: linear). */
const BASE64_RUN = /[A-Za-z0-9+/_-]+={0,2}/g;
/** `"secrets": {` in traced JSON (kreq.send's stored secrets): every value of that object is masked. */
const SECRETS_OBJECT = /"secrets"[ \t\r\n]{0,64}:[ \t\r\n]{0,64}\{/g;
/** `"adminSecret": "…"` and the like, wherever they appear in traced JSON. */
const SECRET_FIELD = /"(ks|secret|adminSecret|userSecret|tokenHash|password)"[ \t\r\n]{0,64}:[ \t\r\n]{0,64}"/g;
const HEX40_BAR = /^[0-9a-fA-F]{40}\|/;

/** True for text that decodes as a Kaltura session: a v2 (`djJ8…`) or a v1 (base64 of 40 hex digits, `|`, …). */
export function looksLikeKs(text: string): boolean {
  if (text.length < 20) return false;
  if (text.startsWith('djJ8')) return true;
  if (text.length < 56) return false;
  try {
    return HEX40_BAR.test(atob(text.slice(0, 56).replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return false;
  }
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The ways a secret shows in a trace or log: raw, JSON-escaped (also `\/`), URL- and form-encoded, base64(url). */
export function spellings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const b64 = base64(secret);
  const b64url = b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const all = [secret, json, json.replace(/\//g, '\\/'), encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), b64, b64url];
  return [...new Set(all)].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

/** The index just after the closing quote of the JSON string whose content starts at `from`, or -1. */
function stringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i + 1;
  }
  return -1;
}

/** Masks every string value of each `"secrets": {…}` object (keys kept), scanning to its closing brace. */
function maskSecretsObjects(text: string): string {
  let out = '';
  let at = 0;
  SECRETS_OBJECT.lastIndex = 0;
  for (let m = SECRETS_OBJECT.exec(text); m; m = SECRETS_OBJECT.exec(text)) {
    let i = m.index + m[0].length;
    let depth = 1;
    let expectValue = false;
    out += text.slice(at, i);
    at = i;
    while (i < text.length && depth > 0) {
      const c = text[i];
      if (c === '"') {
        const end = stringEnd(text, i + 1);
        if (end < 0) break;
        out += text.slice(at, i) + (expectValue ? `"${MASK}"` : text.slice(i, end));
        at = i = end;
        expectValue = false;
        continue;
      }
      if (c === ':') expectValue = true;
      else if (c === ',' || c === '{') expectValue = false;
      if (c === '{') depth++;
      else if (c === '}') depth--;
      i++;
    }
    out += text.slice(at, i);
    at = i;
    SECRETS_OBJECT.lastIndex = i;
  }
  return at === 0 ? text : out + text.slice(at);
}

/** Masks `"adminSecret": "…"`-style values. */
function maskSecretFields(text: string): string {
  let out = '';
  let at = 0;
  SECRET_FIELD.lastIndex = 0;
  for (let m = SECRET_FIELD.exec(text); m; m = SECRET_FIELD.exec(text)) {
    const start = m.index + m[0].length;
    const end = stringEnd(text, start);
    if (end < 0) break;
    const value = text.slice(start, end - 1);
    out += text.slice(at, start) + (value === '' || /^\{[0-9]+:result/.test(value) ? value : MASK) + '"';
    at = end;
    SECRET_FIELD.lastIndex = end;
  }
  return at === 0 ? text : out + text.slice(at);
}

/** `text` with the known secrets (every spelling), `"secrets"` object values, secret-named fields and KS-looking strings masked. */
export function maskTraceText(text: string, secrets: Iterable<string>): string {
  const literals = new Set<string>();
  for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH) for (const s of spellings(secret)) literals.add(s);
  let out = text;
  for (const literal of [...literals].sort((a, b) => b.length - a.length)) if (out.includes(literal)) out = out.split(literal).join(MASK);
  out = maskSecretFields(maskSecretsObjects(out));
  return out.replace(BASE64_RUN, (run) => (looksLikeKs(run) ? MASK : run));
}

/** Where the channel gets the secrets to mask (the client's SecretStore values, refreshed when they change). */
export interface SecretSource {
  values(): Iterable<string>;
}

type LogMethod = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/**
 * A LogOutputChannel that masks every message (and string argument) before the wrapped channel gets it: give it to
 * the LanguageClient as `outputChannel` and `traceOutputChannel`, so `kreq.trace.server` never prints a secret.
 */
export class MaskedOutputChannel implements vscode.LogOutputChannel {
  constructor(
    private readonly inner: vscode.LogOutputChannel,
    private readonly secrets: SecretSource,
  ) {}

  private mask(text: string): string {
    return maskTraceText(text, this.secrets.values());
  }

  private log(method: LogMethod, message: string | Error, args: unknown[]): void {
    const text = typeof message === 'string' ? message : `${message.name}: ${message.message}`;
    this.inner[method](this.mask(text), ...args.map((a) => (typeof a === 'string' ? this.mask(a) : a instanceof Error ? this.mask(String(a)) : a)));
  }

  get name(): string {
    return this.inner.name;
  }
  get logLevel(): vscode.LogLevel {
    return this.inner.logLevel;
  }
  get onDidChangeLogLevel(): vscode.Event<vscode.LogLevel> {
    return this.inner.onDidChangeLogLevel;
  }
  trace(message: string, ...args: unknown[]): void {
    this.log('trace', message, args);
  }
  debug(message: string, ...args: unknown[]): void {
    this.log('debug', message, args);
  }
  info(message: string, ...args: unknown[]): void {
    this.log('info', message, args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.log('warn', message, args);
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.log('error', error, args);
  }
  append(value: string): void {
    this.inner.append(this.mask(value));
  }
  appendLine(value: string): void {
    this.inner.appendLine(this.mask(value));
  }
  replace(value: string): void {
    this.inner.replace(this.mask(value));
  }
  clear(): void {
    this.inner.clear();
  }
  show(columnOrPreserve?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserve === 'boolean' || columnOrPreserve === undefined) this.inner.show(columnOrPreserve);
    else this.inner.show(columnOrPreserve, preserveFocus);
  }
  hide(): void {
    this.inner.hide();
  }
  dispose(): void {
    this.inner.dispose();
  }
}

/** The stored secrets' values, kept current: read at start and again whenever the store changes. */
export class StoredSecretValues implements SecretSource, vscode.Disposable {
  private current: readonly string[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: StoredSecretReader) {
    this.subscription = store.onDidChange(() => void this.refresh());
    void this.refresh();
  }

  values(): Iterable<string> {
    return this.current;
  }

  /** Reads every stored secret (for every environment the index names). */
  async refresh(): Promise<void> {
    const environments = new Set<string | undefined>([undefined]);
    for (const name of this.store.names()) environments.add(name.environment);
    const values = new Set<string>();
    for (const environment of environments) for (const value of Object.values((await this.store.secretsFor(environment)) ?? {})) values.add(value);
    this.current = [...values];
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** What `StoredSecretValues` needs of the client's SecretStore. */
export interface StoredSecretReader {
  readonly onDidChange: vscode.Event<unknown>;
  names(): ReadonlyArray<{ readonly environment?: string }>;
  secretsFor(environment: string | undefined): Promise<Record<string, string> | undefined>;
}
