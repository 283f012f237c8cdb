/** Loads the real Kaltura schemas (vendored in `server/schemas/`, decompressed by the build) once per test process. */

import * as fs from 'node:fs';
import { indexSchema, readSchemaXml, type KalturaSchema, type SchemaStatus } from '../../server/src/language/index';
import { SCHEMA_2016, SCHEMA_22 } from './repoPaths';

const cache = new Map<string, KalturaSchema>();

export function loadSchemaFile(file: string): KalturaSchema {
  let schema = cache.get(file);
  if (!schema) {
    const result = readSchemaXml(fs.readFileSync(file, 'utf8'));
    if ('problem' in result) throw new Error(`${file}: ${result.problem}`);
    schema = indexSchema(result.data);
    cache.set(file, schema);
  }
  return schema;
}

/** The 22.19.0 schema, the one every feature test runs on. */
export function realSchema(): KalturaSchema {
  return loadSchemaFile(SCHEMA_22);
}

export function realSchemaStatus(): SchemaStatus {
  return { kind: 'loaded', schema: realSchema(), source: SCHEMA_22 };
}

export function schema2016(): KalturaSchema {
  return loadSchemaFile(SCHEMA_2016);
}
