/** Reads the `.env` file nearest to a `.kreq` file (its folder, then upward to the root) for `{{$dotenv NAME}}`. */

import * as path from 'node:path';
import type * as Dotenv from 'dotenv';
import { findUpward } from '../node/environmentFiles';
import { readRegularFileBytes } from '../node/regularFile';

/** A `.env` file larger than this is not read. */
const MAX_DOTENV_BYTES = 1024 * 1024;

export interface DotenvValues {
  /** The file read, when one was found. */
  readonly file?: string;
  readonly values: ReadonlyMap<string, string>;
  /** Why the file found could not be read. */
  readonly problem?: string;
}

/** The nearest `.env` from the document's folder up to `rootPath` (inclusive; absent: the document's folder only);
 *  empty when there is none. */
export function loadDotenv(documentPath: string, rootPath?: string): DotenvValues {
  const file = findUpward(path.dirname(path.resolve(documentPath)), '.env', rootPath);
  if (!file) return { values: new Map() };
  try {
    // Loaded on use: most sends have no `.env`, and the server should not pay for it at start-up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require('dotenv') as typeof Dotenv;
    // Only a regular file of a sensible size: a link to /dev/zero or a pipe must not hang or exhaust the process.
    return { file, values: new Map(Object.entries(parse(readRegularFileBytes(file, MAX_DOTENV_BYTES)))) };
  } catch (e) {
    return { file, values: new Map(), problem: `${file}: ${e instanceof Error ? e.message : String(e)}` };
  }
}
