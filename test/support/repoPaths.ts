/** Locates the repository root, its test data and the vendored Kaltura schemas from compiled tests. */

import * as fs from 'node:fs';
import * as path from 'node:path';

function findRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'server'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`repository root not found above ${from}`);
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRoot(__dirname);
/** The vendored schemas (`server/schemas/*.xml.gz`), decompressed by the build (`scripts/bundle.mjs`). */
export const SCHEMAS_DIR = path.join(REPO_ROOT, 'out', 'schemas');
export const SCHEMA_22 = path.join(SCHEMAS_DIR, 'kaltura-api-schema-22.19.0.xml');
export const SCHEMA_2016 = path.join(SCHEMAS_DIR, 'api_schema-3.3.0-2016-03-17.xml');
/** Test data kept in the source tree (`test/…`), not in `out/`. */
export function testData(...parts: string[]): string {
  return path.join(REPO_ROOT, 'test', ...parts);
}
