/** Test inputs for the engine: environments, build inputs from `.kreq` text, temp folders, KS strings. */

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BuildInput, Environment } from '../../server/src/engine/index';
import { indexSchema, parseKreq, readSchemaXml, type KalturaSchema } from '../../server/src/language/index';

export const FIXED_NOW = 1_700_000_000_000;

/** An environment with defaults and the given settings. */
export function environment(settings: Partial<Omit<Environment, 'variables'>> & { variables?: Record<string, string> } = {}): Environment {
  const { variables, ...rest } = settings;
  return { name: 'test', serviceUrl: 'http://127.0.0.1:9', ...rest, variables: new Map(Object.entries(variables ?? {})) };
}

export interface InputOptions {
  readonly block?: number;
  readonly environment?: Environment;
  readonly schema?: KalturaSchema;
  readonly documentPath?: string;
  readonly processEnv?: NodeJS.ProcessEnv;
}

/** A `BuildInput` for block `block` (0-based) of `text`, with a fixed clock and counting uuids. */
export function buildInput(text: string, options: InputOptions = {}): BuildInput {
  const document = parseKreq(text);
  let uuids = 0;
  return {
    document,
    block: document.blocks[options.block ?? 0],
    schema: options.schema,
    environment: options.environment ?? environment(),
    documentPath: options.documentPath,
    now: () => FIXED_NOW,
    uuid: () => `uuid-${++uuids}`,
    processEnv: options.processEnv ?? {},
  };
}

/** A fresh temp folder holding `files` (relative path → content); returns its absolute path. */
export function tempFolder(files: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-engine-'));
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

export function removeFolder(folder: string): void {
  fs.rmSync(folder, { recursive: true, force: true });
}

/** A KS v1 as the server builds it (protocol §9): base64(sha1hex(secret + info) + '|' + info). */
export function ksV1(fields: { partnerId: string; validUntil: number; type?: number; userId?: string; privileges?: string; secret?: string; rand?: string }): string {
  const info = `${fields.partnerId};${fields.partnerId};${fields.validUntil};${fields.type ?? 2};${fields.rand ?? '1234'};${fields.userId ?? ''};${fields.privileges ?? ''};;`;
  const signature = createHash('sha1').update((fields.secret ?? 'secret') + info).digest('hex');
  return Buffer.from(`${signature}|${info}`).toString('base64');
}

/** A schema from a small XML text (for cases the real schemas do not have). */
export function schemaFromXml(xml: string): KalturaSchema {
  const result = readSchemaXml(xml);
  if ('problem' in result) throw new Error(result.problem);
  return indexSchema(result.data);
}

/** `k=v` lines of a field list, for readable comparisons. */
export function fieldLines(fields: ReadonlyArray<readonly [string, string]>): string[] {
  return fields.map(([k, v]) => `${k}=${v}`);
}
