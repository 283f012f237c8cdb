/** Loads the environments of spec §7 (kreq.env.json + kreq.env.private.json, `$shared`, `{{$env NAME}}`, stored secrets). */

import * as path from 'node:path';
import { findEnvironmentFiles, readEnvironmentFileChecked, RESERVED_ENVIRONMENT_KEYS, type EnvironmentFile } from '../node/environmentFiles';
import {
  COMMITTED_EXPANDABLE_KEYS,
  credentialConflict,
  expandReferences,
  hasExternalReference,
  isObject,
  mergeLayers,
  originOf,
  type Layer,
  type Settings,
} from './environmentLayers';

export { originOf } from './environmentLayers';

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
  /** Set when the environment's credentials and its `serviceUrl` come from different folders: why nothing is sent
   *  (the credentials are then left out of the environment). */
  readonly refusal?: string;
}

export interface EnvironmentCatalog {
  /** Environment names, file order, without `$shared`. */
  readonly names: readonly string[];
  /** The kreq.env(.private).json files used. */
  readonly files: readonly string[];
  /** Unreadable/invalid files and settings, in words. */
  readonly problems: readonly string[];
  /** The problems of files that could not be read or parsed (`…/kreq.env.json:3:14: invalid JSON: …`): their
   *  environments are missing. Also in `problems`. */
  readonly fileProblems?: readonly string[];
  /** undefined/unknown name → only `$shared` + defaults. */
  get(name: string | undefined): Environment;
}

export interface LoadEnvironmentsOptions {
  /** The highest folder searched for environment files (the workspace root, or the git root in the CLI);
   *  absent: only the document's own folder. */
  readonly workspaceRoot?: string;
  /** Search this folder instead of the document's folder and its parents (`--env-dir`). */
  readonly envDir?: string;
  readonly processEnv: NodeJS.ProcessEnv;
  /** For `{{$dotenv NAME}}` in environment files: the nearest `.env` file's values. */
  readonly dotenv?: ReadonlyMap<string, string>;
  /** Stored secrets, bound to an origin: `<env>@<origin>.<key>` (`prod@https://www.kaltura.com.adminSecret`) or
   *  `@<origin>.<key>` for every environment — used only when the environment's `serviceUrl` has that origin.
   *  Unbound `<env>.<key>` / `<key>` (given explicitly by a client) are used with any origin. */
  readonly secrets?: ReadonlyMap<string, string>;
}

export const DEFAULT_SERVICE_URL = 'https://www.kaltura.com';
const SHARED = '$shared';
/** Keys that stored secrets may fill when the files do not give them. */
const SECRET_KEYS = ['ks', 'adminSecret', 'userSecret'] as const;
const HASH_TYPES = new Set(['MD5', 'SHA1', 'SHA256', 'SHA512']);

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
function buildEnvironment(name: string, layers: readonly Layer[], options: LoadEnvironmentsOptions, problems: string[]): Environment {
  const label = name === '' ? 'environment defaults ($shared)' : `environment "${name}"`;
  const { merged: settings, from } = mergeLayers(layers);
  const expand = (key: string, value: unknown): string | undefined => {
    const text = asText(value);
    if (text === undefined) return undefined;
    const layer = from.get(key);
    if (layer && !layer.isPrivate && !COMMITTED_EXPANDABLE_KEYS.has(key) && hasExternalReference(text)) {
      problems.push(
        `${label}: \`${key}\` in ${layer.file} uses {{$env …}} or {{$dotenv …}}, which a committed kreq.env.json may use only for ` +
          `${[...COMMITTED_EXPANDABLE_KEYS].join(', ')}; \`${key}\` is left out (move it to kreq.env.private.json).`,
      );
      return undefined;
    }
    const unset: string[] = [];
    const expanded = expandReferences(text, options.processEnv, options.dotenv, unset);
    if (expanded === undefined) {
      problems.push(`${label}: \`${key}\` uses ${unset.join(', ')}, which is not set; \`${key}\` is left out.`);
    }
    return expanded;
  };

  const serviceUrl = (expand('serviceUrl', settings.serviceUrl)?.trim() || DEFAULT_SERVICE_URL).replace(/\/+$/, '');
  const origin = originOf(serviceUrl);
  const stored = (key: string): string | undefined => {
    const secrets = options.secrets;
    if (!secrets) return undefined;
    return (name === '' ? undefined : secrets.get(`${name}@${origin}.${key}`)) ?? secrets.get(`@${origin}.${key}`)
      ?? (name === '' ? undefined : secrets.get(`${name}.${key}`)) ?? secrets.get(key);
  };
  const refusal = credentialConflict(from, settings, label);
  if (refusal) problems.push(refusal);
  /** A credential from the files, unless they disagree on where it may go. */
  const credential = (key: string, value: unknown): string | undefined => (refusal && from.has(key) ? undefined : expand(key, value));
  const secrets: Partial<Record<(typeof SECRET_KEYS)[number], string>> = {};
  for (const key of SECRET_KEYS) {
    const value = credential(key, settings[key]) ?? stored(key);
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
    const token = credential('appToken.token', a.token) ?? stored('appToken.token');
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
    ...(refusal ? { refusal } : {}),
  };
}

/** Finds kreq.env.json and kreq.env.private.json from the document's folder up to `workspaceRoot` (or in `envDir`);
 *  nearest wins; private keys override public; `$shared` gives defaults; `{{$env NAME}}`/`{{$dotenv NAME}}` are
 *  expanded (in a committed file only for secret keys); `secrets` fill keys not given in files when their origin
 *  matches; credentials whose file is in another folder than the `serviceUrl`'s are refused. */
export function loadEnvironments(documentPath: string, options: LoadEnvironmentsOptions): EnvironmentCatalog {
  const found = options.envDir
    ? findEnvironmentFiles(path.resolve(options.envDir), path.resolve(options.envDir))
    : findEnvironmentFiles(path.dirname(path.resolve(documentPath)), options.workspaceRoot);
  const files: string[] = [];
  const problems: string[] = [];
  const fileProblems: string[] = [];
  const read = (file: string | undefined): EnvironmentFile => {
    if (!file) return {};
    files.push(file);
    const result = readEnvironmentFileChecked(file);
    if (result.problem) problems.push(result.problem);
    if (result.problem && result.unusable) fileProblems.push(result.problem);
    return result.data;
  };
  const publicData = read(found.publicFile);
  const privateData = read(found.privateFile);
  const names: string[] = [];
  for (const data of [publicData, privateData]) {
    for (const name of Object.keys(data)) if (!name.startsWith('$') && !names.includes(name)) names.push(name);
  }
  const layer = (data: EnvironmentFile, key: string, isPrivate: boolean): Layer => ({
    settings: data[key] as Settings | undefined,
    file: (isPrivate ? found.privateFile : found.publicFile) ?? '',
    isPrivate,
  });
  const environments = new Map<string, Environment>();
  for (const name of ['', ...names]) {
    const layers = [layer(publicData, SHARED, false), layer(privateData, SHARED, true)];
    if (name !== '') layers.push(layer(publicData, name, false), layer(privateData, name, true));
    environments.set(name, buildEnvironment(name, layers, options, problems));
  }
  return {
    names,
    files,
    problems: [...new Set(problems)],
    fileProblems,
    get: (name) => environments.get(name !== undefined && environments.has(name) ? name : '')!,
  };
}

/** Why `name` is not an environment of the catalog, in one message: `No environment "sandbox": …/kreq.env.json:3:14:
 *  invalid JSON: Expected ',' or '}' after property value; its environments are ignored (known: prod)` — the broken
 *  files first (they are the likely cause), else the files searched. */
export function unknownEnvironmentMessage(name: string, catalog: Pick<EnvironmentCatalog, 'names' | 'files' | 'fileProblems'> | undefined): string {
  const broken = catalog?.fileProblems ?? [];
  const where = broken.length > 0
    ? broken.map((problem) => problem.replace(/\.$/, '')).join('; ')
    : catalog?.files.length ? catalog.files.join(', ') : 'no kreq.env.json was found from the document’s folder up';
  const known = catalog?.names.length ? ` (known: ${catalog.names.join(', ')})` : '';
  return `No environment "${name}": ${where}${known}`;
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
