/** Locates the repository root, its test data and the shared Kaltura files from compiled tests. */

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
/** `../shared` beside the clone (override with KREQ_SHARED). */
export const SHARED_DIR = process.env.KREQ_SHARED ?? path.resolve(REPO_ROOT, '..', 'shared');
export const SCHEMA_22 = path.join(SHARED_DIR, 'kaltura', 'kaltura-api-schema-22.19.0.xml');
export const SCHEMA_2016 = path.join(SHARED_DIR, 'kaltura', 'api_schema-3.3.0-2016-03-17.xml');
/** Test data kept in the source tree (`test/…`), not in `out/`. */
export function testData(...parts: string[]): string {
  return path.join(REPO_ROOT, 'test', ...parts);
}
