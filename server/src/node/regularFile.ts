/** Reads a file only when it is a regular file no larger than a bound: never a device, a pipe or a socket. */

import * as fs from 'node:fs';

/** Why a file was not read: `too-large` (a regular file over the bound) or `unreadable` (anything else). */
export class FileReadError extends Error {
  override readonly name = 'FileReadError';
  constructor(
    readonly reason: 'too-large' | 'unreadable',
    message: string,
    readonly size?: number,
  ) {
    super(message);
  }
}

/** `O_NONBLOCK` makes opening a named pipe return at once instead of waiting for a writer (0 where it does not exist). */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

const CODE_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many levels of symbolic links (a link cycle?)',
  EISDIR: 'it is a folder',
  ENXIO: 'no device or reader behind it',
  EAGAIN: 'it would block',
};

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The message of a file-system error, without Node's stack or syscall noise: `permission denied (EACCES)`. */
export function fileErrorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && CODE_TEXT[code]) return `${CODE_TEXT[code]} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The bytes of `file` when, once opened, it is a regular file of at most `maxBytes` bytes (links are followed;
 * the check is on the opened file, so a swap in between does not fool it). Throws a `FileReadError` otherwise.
 */
export function readRegularFileBytes(file: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (error) {
    throw new FileReadError('unreadable', fileErrorText(error));
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new FileReadError('unreadable', `${kindOf(stat)}, not a regular file`);
    if (stat.size > maxBytes) throw new FileReadError('too-large', `${stat.size} bytes, over the ${maxBytes}-byte limit`, stat.size);
    // Read at most one byte past the bound: a file that grows while it is read is still cut off.
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.size, 0) + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw new FileReadError('too-large', `over the ${maxBytes}-byte limit`, length);
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    throw new FileReadError('unreadable', fileErrorText(error));
  } finally {
    fs.closeSync(fd);
  }
}

/** `readRegularFileBytes` decoded as UTF-8. */
export function readRegularFile(file: string, maxBytes: number): string {
  return readRegularFileBytes(file, maxBytes).toString('utf8');
}
