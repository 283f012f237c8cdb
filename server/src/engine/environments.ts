/** Loads the environments of spec §7 (kreq.env.json + kreq.env.private.json, `$shared`, `{{$env NAME}}`, stored secrets). */

import * as path from 'node:path';
import { findEnvironmentFiles, readEnvironmentFileChecked, RESERVED_ENVIRONMENT_KEYS, type EnvironmentFile } from '../node/environmentFiles';

export interface SessionSettings {
  type?: 'USER' | 'ADMIN' | 0 | 2;
  userId?: string;
  expiry?: number;
  privileges?: string;
}

export interface AppTokenSettings {
  id: string;
  token: string;
  hashType?: 'MD5' | 'SHA1' | 'SHA256' | 'SHA512';
}

export interface Environment {
  /** '' for "no environment". */
  readonly name: string;
  /** Default 'https://www.kaltura.com', no trailing slash. */
  readonly serviceUrl: string;
  readonly partnerId?: string;
  readonly ks?: string;
  readonly adminSecret?: string;
  readonly userSecret?: string;
  readonly session?: SessionSettings;
  readonly appToken?: AppTokenSettings;
  readonly clientTag?: string;
  readonly schema?: string;
  /** Every non-reserved key, values as strings. */
  readonly variables: ReadonlyMap<string, string>;
}

export interface EnvironmentCatalog {
  /** Environment names, file order, without `$shared`. */
  readonly names: readonly string[];
  /** The kreq.env(.private).json files used. */
  readonly files: readonly string[];
  /** Unreadable/invalid files and settings, in words. */
  readonly problems: readonly string[];
  /** undefined/unknown name → only `$shared` + defaults. */
  get(name: string | undefined): Environment;
}

export interface LoadEnvironmentsOptions {
  readonly workspaceRoot?: string;
  readonly processEnv: NodeJS.ProcessEnv;
  /** Stored secrets keyed `<env>.<key>` (`prod.adminSecret`, `prod.appToken.token`) or `<key>` for every environment. */
  readonly secrets?: ReadonlyMap<string, string>;
}

export const DEFAULT_SERVICE_URL = 'https://www.kaltura.com';
const SHARED = '$shared';
/** Settings that are objects; a later layer's keys are merged into them instead of replacing them. */
const OBJECT_SETTINGS = new Set(['session', 'appToken']);
/** Keys that stored secrets may fill when the files do not give them. */
const SECRET_KEYS = ['ks', 'adminSecret', 'userSecret'] as const;
const HASH_TYPES = new Set(['MD5', 'SHA1', 'SHA256', 'SHA512']);
const ENV_REFERENCE = /\{\{\s*\$env\s+([^\s}]+)\s*\}\}/g;

type Settings = Record<string, unknown>;

function isObject(value: unknown): value is Settings {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** Layers later in the list win; `session`/`appToken` objects are merged key by key. */
function mergeLayers(layers: readonly (Settings | undefined)[]): Settings {
  const merged: Settings = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      const before = merged[key];
      merged[key] = OBJECT_SETTINGS.has(key) && isObject(value) && isObject(before) ? { ...before, ...value } : value;
    }
  }
  return merged;
}

/** Expands `{{$env NAME}}`; undefined when a referenced variable is not set (recorded in `unset`). */
function expandEnv(text: string, processEnv: NodeJS.ProcessEnv, unset: string[]): string | undefined {
  let missing = false;
  const out = text.replace(ENV_REFERENCE, (_whole, name: string) => {
    const value = processEnv[name];
    if (value === undefined) {
      missing = true;
      unset.push(name);
      return '';
    }
    return value;
  });
  return missing ? undefined : out;
}

function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function sessionType(value: unknown): SessionSettings['type'] | undefined | 'invalid' {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value).trim().toUpperCase();
  if (text === 'ADMIN' || text === '2') return typeof value === 'number' ? 2 : 'ADMIN';
  if (text === 'USER' || text === '0') return typeof value === 'number' ? 0 : 'USER';
  return 'invalid';
}

/** Builds one environment from its merged settings; problems are pushed in words. */
function buildEnvironment(name: string, settings: Settings, options: LoadEnvironmentsOptions, problems: string[]): Environment {
  const label = name === '' ? 'environment defaults ($shared)' : `environment "${name}"`;
  const expand = (key: string, value: unknown): string | undefined => {
    const text = asText(value);
    if (text === undefined) return undefined;
    const unset: string[] = [];
    const expanded = expandEnv(text, options.processEnv, unset);
    if (expanded === undefined) {
      problems.push(`${label}: \`${key}\` uses {{$env ${unset.join('}}, {{$env ')}}}, which is not set; \`${key}\` is left out.`);
    }
    return expanded;
  };
  const stored = (key: string): string | undefined =>
    (name === '' ? undefined : options.secrets?.get(`${name}.${key}`)) ?? options.secrets?.get(key);

  const serviceUrl = (expand('serviceUrl', settings.serviceUrl)?.trim() || DEFAULT_SERVICE_URL).replace(/\/+$/, '');
  const secrets: Partial<Record<(typeof SECRET_KEYS)[number], string>> = {};
  for (const key of SECRET_KEYS) {
    const value = expand(key, settings[key]) ?? stored(key);
    if (value !== undefined && value !== '') secrets[key] = value;
  }

  let session: SessionSettings | undefined;
  if (isObject(settings.session)) {
    const s = settings.session;
    const type = sessionType(s.type);
    if (type === 'invalid') problems.push(`${label}: session.type ${JSON.stringify(s.type)} is neither "ADMIN" (2) nor "USER" (0); the default is used.`);
    const expiry = s.expiry === undefined || s.expiry === null || s.expiry === '' ? undefined : Number(s.expiry);
    if (expiry !== undefined && !(Number.isFinite(expiry) && expiry > 0)) problems.push(`${label}: session.expiry ${JSON.stringify(s.expiry)} is not a number of seconds; the default is used.`);
    session = {
      type: type === 'invalid' ? undefined : type,
      userId: expand('session.userId', s.userId),
      expiry: expiry !== undefined && Number.isFinite(expiry) && expiry > 0 ? expiry : undefined,
      privileges: expand('session.privileges', s.privileges),
    };
  } else if (settings.session !== undefined) {
    problems.push(`${label}: \`session\` must be an object ({ "type", "userId", "expiry", "privileges" }); ignored.`);
  }

  let appToken: AppTokenSettings | undefined;
  if (isObject(settings.appToken)) {
    const a = settings.appToken;
    const id = expand('appToken.id', a.id);
    const token = expand('appToken.token', a.token) ?? stored('appToken.token');
    const hashType = (asText(a.hashType) ?? 'SHA1').toUpperCase();
    if (!HASH_TYPES.has(hashType)) {
      problems.push(`${label}: appToken.hashType ${JSON.stringify(a.hashType)} is not MD5, SHA1, SHA256 or SHA512; the app token is not used.`);
    } else if (!id || !token) {
      problems.push(`${label}: \`appToken\` needs both \`id\` and \`token\`; the app token is not used.`);
    } else {
      appToken = { id, token, hashType: hashType as AppTokenSettings['hashType'] };
    }
  } else if (settings.appToken !== undefined) {
    problems.push(`${label}: \`appToken\` must be an object ({ "id", "token", "hashType" }); ignored.`);
  }

  const variables = new Map<string, string>();
  for (const [key, value] of Object.entries(settings)) {
    if (RESERVED_ENVIRONMENT_KEYS.has(key)) continue;
    const text = expand(key, value ?? '');
    if (text !== undefined) variables.set(key, text);
  }
  const text = (key: string): string | undefined => {
    const value = expand(key, settings[key]);
    return value === undefined || value === '' ? undefined : value;
  };
  return {
    name,
    serviceUrl,
    partnerId: text('partnerId'),
    ...secrets,
    session,
    appToken,
    clientTag: text('clientTag'),
    schema: text('schema'),
    variables,
  };
}

/** Finds kreq.env.json and kreq.env.private.json from the document's folder up to `workspaceRoot`;
 *  nearest wins; private keys override public; `$shared` gives defaults; `{{$env NAME}}` in string
 *  values is expanded from `processEnv`; `secrets` fill keys not given in files. */
export function loadEnvironments(documentPath: string, options: LoadEnvironmentsOptions): EnvironmentCatalog {
  const found = findEnvironmentFiles(path.dirname(path.resolve(documentPath)), options.workspaceRoot);
  const files: string[] = [];
  const problems: string[] = [];
  const read = (file: string | undefined): EnvironmentFile => {
    if (!file) return {};
    files.push(file);
    const result = readEnvironmentFileChecked(file);
    if (result.problem) problems.push(result.problem);
    return result.data;
  };
  const publicData = read(found.publicFile);
  const privateData = read(found.privateFile);
  const names: string[] = [];
  for (const data of [publicData, privateData]) {
    for (const name of Object.keys(data)) if (!name.startsWith('$') && !names.includes(name)) names.push(name);
  }
  const environments = new Map<string, Environment>();
  for (const name of ['', ...names]) {
    const layers = [publicData[SHARED], privateData[SHARED]];
    if (name !== '') layers.push(publicData[name], privateData[name]);
    environments.set(name, buildEnvironment(name, mergeLayers(layers), options, problems));
  }
  return {
    names,
    files,
    problems: [...new Set(problems)],
    get: (name) => environments.get(name !== undefined && environments.has(name) ? name : '')!,
  };
}

/** An environment with nothing configured: defaults only (for documents outside any folder). */
export function defaultEnvironment(): Environment {
  return { name: '', serviceUrl: DEFAULT_SERVICE_URL, variables: new Map() };
}

/** The secrets an environment holds, for redaction. */
export function environmentSecrets(environment: Environment): string[] {
  return [environment.ks, environment.adminSecret, environment.userSecret, environment.appToken?.token].filter(
    (s): s is string => typeof s === 'string' && s !== '',
  );
}
