/**
 * Owns the server's current `SchemaStatus`: decides which schema source applies, loads it (refreshing
 * URL schemas answered from the compiled cache in the background), and reports every change so that
 * the language service is rebuilt and open documents are re-validated.
 *
 * Source precedence: `initializationOptions.schema` > setting `kreq.schema` > the active environment's `schema` >
 * `{serviceUrl}/api_v3/api_schema.php`, where serviceUrl is the active environment's > `initializationOptions.serviceUrl` >
 * setting `kreq.serviceUrl` > the loader's default (a schema you name wins, as `--schema` does in the CLI).
 * Initialization options are the values at start: once a configuration change sets a key (VS Code always
 * sends every key, `""` meaning "default"), the setting governs that key from then on.
 */

import type { SchemaStatus } from '../language/index';
import { describeError } from './runSafe';
import type { Logger, SchemaLoader } from './runtimeEnvironment';
import type { SchemaLoadResult } from '../node/schemaSource';

/** The `kreq` settings section, as far as the schema is concerned. Undefined: the client has no value. */
export interface KreqSettings {
  readonly schema?: string;
  readonly serviceUrl?: string;
  /** `kreq.environment`: the environment `kreq.send` uses when the client names none (not a schema setting). */
  readonly environment?: string;
  /** `kreq.run.stopOnFailure`: Send All stops after the first block that fails (not a schema setting). */
  readonly stopOnFailure?: boolean;
}

/** `initializationOptions` the server understands. */
export interface KreqInitializationOptions extends KreqSettings {
  readonly cacheDir?: string;
}

function stringField(value: unknown, key: string): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}

/** `value[group][key]` when it is a boolean. */
function booleanField(value: unknown, group: string, key: string): boolean | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const section = (value as Record<string, unknown>)[group];
  const field = section && typeof section === 'object' ? (section as Record<string, unknown>)[key] : undefined;
  return typeof field === 'boolean' ? field : undefined;
}

/** Reads the `kreq` section (or initialization options) out of whatever JSON the client sent. */
export function readSettings(value: unknown): KreqInitializationOptions {
  return {
    schema: stringField(value, 'schema'),
    serviceUrl: stringField(value, 'serviceUrl'),
    cacheDir: stringField(value, 'cacheDir'),
    environment: stringField(value, 'environment'),
    stopOnFailure: booleanField(value, 'run', 'stopOnFailure'),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** What the active environment says about the schema (absent: no environment, or the workspace is not trusted). */
export interface EnvironmentSchema {
  readonly name: string;
  /** The environment's `schema` key: a path (relative to `baseDir`) or URL. */
  readonly schema?: string;
  readonly serviceUrl: string;
  /** The folder of the environment file, for a relative `schema`. */
  readonly baseDir?: string;
}

/** The schema source that applies, and why (for the log). */
export interface ChosenSchemaSource {
  readonly source: string;
  /** Derived from a service URL: the bundled snapshot may answer until it is downloaded. */
  readonly isDefault: boolean;
  readonly reason: string;
  /** The folder a relative source is resolved against, when not the workspace's. */
  readonly baseDir?: string;
}

/** The schema source that applies, by the precedence above, with the reason. */
export function chooseSchemaSource(
  start: KreqSettings,
  configuration: KreqSettings,
  defaultSource: (serviceUrl?: string) => string,
  environment?: EnvironmentSchema,
): ChosenSchemaSource {
  const initial = nonEmpty(start.schema);
  if (initial) return { source: initial, isDefault: false, reason: 'the kreq.schema setting, at start' };
  const configured = nonEmpty(configuration.schema);
  if (configured) return { source: configured, isDefault: false, reason: 'the kreq.schema setting' };
  if (environment) {
    const own = nonEmpty(environment.schema);
    if (own) return { source: own, isDefault: false, reason: `the "schema" of environment "${environment.name}"`, baseDir: environment.baseDir };
    return { source: defaultSource(environment.serviceUrl), isDefault: true, reason: `the serviceUrl of environment "${environment.name}"` };
  }
  const serviceUrl = nonEmpty(start.serviceUrl) ?? nonEmpty(configuration.serviceUrl);
  return { source: defaultSource(serviceUrl), isDefault: true, reason: serviceUrl ? 'the kreq.serviceUrl setting (no environment)' : 'the default service (no environment)' };
}

/** The schema source that applies, by the precedence above. */
export function resolveSchemaSource(start: KreqSettings, configuration: KreqSettings, defaultSource: (serviceUrl?: string) => string, environment?: EnvironmentSchema): string {
  return chooseSchemaSource(start, configuration, defaultSource, environment).source;
}

function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

function sameSchema(a: SchemaStatus, b: SchemaStatus): boolean {
  if (a.kind !== 'loaded' || b.kind !== 'loaded') return false;
  const x = a.schema.data;
  const y = b.schema.data;
  return x.apiVersion === y.apiVersion && x.generatedDate === y.generatedDate && x.services.length === y.services.length && x.classes.length === y.classes.length;
}

function describeStatus(status: SchemaStatus): string {
  return status.kind === 'loaded' ? `API ${status.schema.data.apiVersion} from ${status.source}` : `unavailable (${status.source}): ${status.problem}`;
}

export interface SchemaStateOptions {
  readonly loader: SchemaLoader;
  readonly logger: Logger;
  readonly now: () => number;
  readonly initializationOptions: KreqInitializationOptions;
  /** The folder a relative `kreq.schema` path is resolved against (the first workspace folder). */
  readonly baseDir?: string;
  readonly onDidChange: (status: SchemaStatus) => void;
}

export class SchemaState {
  private current: SchemaStatus = { kind: 'unavailable', problem: 'the schema is still loading', source: '' };
  private settled = false;
  private readonly firstSettle: Promise<void>;
  private resolveFirstSettle: () => void = () => undefined;
  /** Initialization options still in force (dropped key by key when a setting takes over). */
  private start: KreqSettings;
  private readonly cacheDir: string;
  /** Source of the load in flight or done; a change of source starts a new load. */
  private loadedSource?: string;
  /** The configuration of the last load (an environment change reuses it). */
  private configuration: KreqSettings = {};
  private environment?: EnvironmentSchema;
  private generation = 0;
  private abort?: AbortController;
  private disposed = false;

  constructor(private readonly options: SchemaStateOptions) {
    this.start = { schema: options.initializationOptions.schema, serviceUrl: options.initializationOptions.serviceUrl };
    this.cacheDir = nonEmpty(options.initializationOptions.cacheDir) ?? options.loader.defaultCacheDir();
    this.firstSettle = new Promise((resolve) => (this.resolveFirstSettle = resolve));
  }

  get status(): SchemaStatus {
    return this.current;
  }

  /** False until the first load finished (successfully or not). */
  get hasSettled(): boolean {
    return this.settled;
  }

  whenSettled(): Promise<void> {
    return this.firstSettle;
  }

  /** The first load, with the configuration the client reported (empty when it cannot be asked) and the active environment. */
  initialize(configuration: KreqSettings, environment?: EnvironmentSchema): Promise<void> {
    this.environment = environment;
    return this.loadIfChanged(configuration, false);
  }

  /** After `workspace/didChangeConfiguration`: settings the client now sends replace the initialization options
   *  (`environment`: the active environment under the new settings; by default the one known). */
  configurationChanged(configuration: KreqSettings, environment: EnvironmentSchema | undefined = this.environment): Promise<void> {
    this.environment = environment;
    this.start = {
      schema: configuration.schema === undefined ? this.start.schema : undefined,
      serviceUrl: configuration.serviceUrl === undefined ? this.start.serviceUrl : undefined,
    };
    return this.loadIfChanged(configuration, this.current.kind === 'unavailable');
  }

  /** The active environment changed (or its files did): loads its schema when that is another source. */
  environmentChanged(environment: EnvironmentSchema | undefined): Promise<void> {
    this.environment = environment;
    return this.loadIfChanged(this.configuration, false);
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.abort?.abort();
  }

  private loadIfChanged(configuration: KreqSettings, retry: boolean): Promise<void> {
    this.configuration = configuration;
    const chosen = chooseSchemaSource(this.start, configuration, (serviceUrl) => this.options.loader.defaultSource(serviceUrl), this.environment);
    const key = `${chosen.baseDir ?? ''}\n${chosen.source}`;
    if (key === this.loadedSource && !retry) return Promise.resolve();
    this.loadedSource = key;
    return this.load(chosen);
  }

  private async load({ source, isDefault, reason, baseDir: ownBaseDir }: ChosenSchemaSource): Promise<void> {
    if (this.disposed) return;
    const generation = ++this.generation;
    const baseDir = ownBaseDir ?? this.options.baseDir;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const started = this.options.now();
    this.options.logger.info(`Loading the Kaltura API schema from ${source} (${reason})`);
    const result = await this.loadSafely({ source, baseDir, cacheDir: this.cacheDir, signal: abort.signal, bundledFallback: isDefault });
    if (generation !== this.generation) return;
    const elapsed = Math.round(this.options.now() - started);
    const how = result.fromBundle ? 'from the snapshot bundled with kreq until the download succeeds' : result.fromCache ? 'from the compiled cache' : 'parsed';
    this.options.logger.info(`Schema ${describeStatus(result.status)} (${result.status.kind === 'loaded' ? how + ', ' : ''}${elapsed} ms)`);
    this.apply(result.status);
    if (result.fromCache && isUrl(source)) void this.refresh(source, baseDir, generation, abort.signal);
  }

  /** A URL answered from the cache: download again, and switch only when the schema really changed. */
  private async refresh(source: string, baseDir: string | undefined, generation: number, signal: AbortSignal): Promise<void> {
    const result = await this.loadSafely({ source, baseDir, cacheDir: this.cacheDir, signal, refresh: true });
    if (generation !== this.generation) return;
    if (result.status.kind !== 'loaded') {
      this.options.logger.info(`Schema refresh from ${source} failed, keeping the cached schema: ${result.status.problem}`);
      return;
    }
    if (sameSchema(result.status, this.current)) {
      this.options.logger.info(`Schema refresh from ${source}: unchanged`);
      return;
    }
    this.options.logger.info(`Schema refresh from ${source}: now ${describeStatus(result.status)}`);
    this.apply(result.status);
  }

  private async loadSafely(request: Parameters<SchemaLoader['load']>[0]): Promise<SchemaLoadResult> {
    try {
      return await this.options.loader.load(request);
    } catch (e) {
      // The loader's contract is never to reject; a bug there still must not leave the server without a status.
      this.options.logger.error(`Schema loader failed: ${describeError(e)}`);
      return { status: { kind: 'unavailable', problem: e instanceof Error ? e.message : String(e), source: request.source }, fromCache: false };
    }
  }

  private apply(status: SchemaStatus): void {
    this.current = status;
    if (!this.settled) {
      this.settled = true;
      this.resolveFirstSettle();
    }
    this.options.onDidChange(status);
  }
}
