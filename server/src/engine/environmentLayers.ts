/** Merges the layers of environment files while remembering which file gave each key, and expands `{{$env}}`/`{{$dotenv}}` in their values where that file may use them. */

import * as path from 'node:path';

export type Settings = Record<string, unknown>;

/** One environment's settings (or `$shared`'s) from one file. */
export interface Layer {
  readonly settings: Settings | undefined;
  readonly file: string;
  /** `kreq.env.private.json` (git-ignored); otherwise the committed `kreq.env.json`. */
  readonly isPrivate: boolean;
}

export interface MergedSettings {
  readonly merged: Settings;
  /** Key path (`serviceUrl`, `appToken.token`, `session.userId`) → the layer that gave its value. */
  readonly from: ReadonlyMap<string, Layer>;
}

/** Settings that are objects; a later layer's keys are merged into them instead of replacing them. */
export const OBJECT_SETTINGS = new Set(['session', 'appToken']);

/** The keys of a committed `kreq.env.json` that may name a process or `.env` variable: where a secret belongs. */
export const COMMITTED_EXPANDABLE_KEYS = new Set(['adminSecret', 'userSecret', 'ks', 'appToken.token', 'partnerId']);

/** The keys that carry credentials: they are used only with the `serviceUrl` declared beside them. */
export const CREDENTIAL_KEYS = ['adminSecret', 'userSecret', 'ks', 'appToken.token'] as const;

const REFERENCE = /\{\{\s*\$(env|dotenv)\s+([^\s}]+)\s*\}\}/g;
const HAS_REFERENCE = /\{\{\s*\$(env|dotenv)\s/;

export function isObject(value: unknown): value is Settings {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** Layers later in the list win; `session`/`appToken` objects are merged key by key; each key remembers its layer. */
export function mergeLayers(layers: readonly Layer[]): MergedSettings {
  const merged: Settings = {};
  const from = new Map<string, Layer>();
  for (const layer of layers) {
    if (!layer.settings) continue;
    for (const [key, value] of Object.entries(layer.settings)) {
      const before = merged[key];
      if (OBJECT_SETTINGS.has(key) && isObject(value)) {
        if (!isObject(before)) for (const k of [...from.keys()]) if (k.startsWith(`${key}.`)) from.delete(k);
        merged[key] = isObject(before) ? { ...before, ...value } : value;
        for (const sub of Object.keys(value)) from.set(`${key}.${sub}`, layer);
      } else {
        merged[key] = value;
        for (const k of [...from.keys()]) if (k.startsWith(`${key}.`)) from.delete(k);
      }
      from.set(key, layer);
    }
  }
  return { merged, from };
}

/** Whether a text names `{{$env …}}` or `{{$dotenv …}}`. */
export function hasExternalReference(text: string): boolean {
  return HAS_REFERENCE.test(text);
}

/** Expands `{{$env NAME}}` and `{{$dotenv NAME}}`; undefined when a referenced variable is not set (named in `unset`). */
export function expandReferences(
  text: string,
  processEnv: NodeJS.ProcessEnv,
  dotenv: ReadonlyMap<string, string> | undefined,
  unset: string[],
): string | undefined {
  let missing = false;
  const out = text.replace(REFERENCE, (_whole, kind: string, name: string) => {
    const value = kind === 'env' ? processEnv[name] : dotenv?.get(name);
    if (value === undefined) {
      missing = true;
      unset.push(`{{$${kind} ${name}}}`);
      return '';
    }
    return value;
  });
  return missing ? undefined : out;
}

/** The URL's origin (`https://www.kaltura.com`), or the text itself when it is no URL. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * Why the credentials of an environment must not be used with its `serviceUrl`: they come from a file of
 * another folder than the one that declares `serviceUrl` (a repository's `kreq.env.json` aiming the user's own
 * private file of a parent folder at its host). Undefined when they agree. With no `serviceUrl` declared in any
 * file, the default Kaltura SaaS address is used and every file's credentials may go there.
 */
export function credentialConflict(from: ReadonlyMap<string, Layer>, merged: Settings, label: string): string | undefined {
  const urlLayer = from.get('serviceUrl');
  if (!urlLayer) return undefined;
  const folder = path.dirname(urlLayer.file);
  for (const key of CREDENTIAL_KEYS) {
    const layer = from.get(key);
    if (!layer) continue;
    const value = key === 'appToken.token' ? (isObject(merged.appToken) ? merged.appToken.token : undefined) : merged[key];
    if (value === undefined || value === null || value === '') continue;
    if (path.dirname(layer.file) !== folder) {
      return `${label}: its \`${key}\` comes from ${layer.file} but its \`serviceUrl\` from ${urlLayer.file}, another folder; ` +
        'kreq does not send credentials to an address declared elsewhere. Declare `serviceUrl` in the same folder as the secret ' +
        '(or use Kreq: Set Secret / --var).';
    }
  }
  return undefined;
}
