/** Where uploaded bytes live: one file per upload token in a folder (a temporary one by default), or in memory. */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { UploadedFile } from './phpValues';

export interface UploadFiles {
  /** Where multipart file parts are spooled while a request arrives. */
  readonly spoolDir: string;
  has(id: string): boolean;
  size(id: string): number;
  read(id: string): Buffer;
  write(id: string, data: Buffer): void;
  append(id: string, data: Buffer): void;
  /** Writes (or appends) an uploaded file without holding it in memory when it was spooled to disk. */
  store(id: string, file: UploadedFile, append: boolean): void;
  remove(id: string): void;
  /** Deletes what the store created itself (a temporary folder). */
  dispose(): void;
}

export function memoryUploadFiles(): UploadFiles {
  const files = new Map<string, Buffer>();
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-sandbox-spool-'));
  const append = (id: string, data: Buffer) => void files.set(id, Buffer.concat([files.get(id) ?? Buffer.alloc(0), data]));
  return {
    spoolDir,
    has: (id) => files.has(id),
    size: (id) => files.get(id)?.length ?? 0,
    read: (id) => files.get(id) ?? Buffer.alloc(0),
    write: (id, data) => void files.set(id, Buffer.from(data)),
    append,
    store: (id, file, toEnd) => (toEnd ? append(id, file.data) : void files.set(id, Buffer.from(file.data))),
    remove: (id) => void files.delete(id),
    dispose: () => fs.rmSync(spoolDir, { recursive: true, force: true }),
  };
}

/** Copies `from` to the end of `to` in 1 MB steps. */
function appendFileTo(from: string, to: string): void {
  const input = fs.openSync(from, 'r');
  const output = fs.openSync(to, 'a');
  try {
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    for (let n = fs.readSync(input, chunk); n > 0; n = fs.readSync(input, chunk)) fs.writeSync(output, chunk, 0, n);
  } finally {
    fs.closeSync(input);
    fs.closeSync(output);
  }
}

/** Renames, or copies when `to` is on another file system. */
function moveFile(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    fs.copyFileSync(from, to);
  }
}

/** Files in `dir` (created if needed); without `dir`, a new temporary folder that `dispose` deletes. */
export function directoryUploadFiles(dir?: string): UploadFiles {
  const own = dir === undefined;
  const root = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-sandbox-'));
  fs.mkdirSync(root, { recursive: true });
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreq-sandbox-spool-'));
  const file = (id: string) => path.join(root, id.replace(/[^A-Za-z0-9_-]/g, '_'));
  return {
    spoolDir,
    has: (id) => fs.existsSync(file(id)),
    size: (id) => fs.statSync(file(id), { throwIfNoEntry: false })?.size ?? 0,
    read: (id) => (fs.existsSync(file(id)) ? fs.readFileSync(file(id)) : Buffer.alloc(0)),
    write: (id, data) => fs.writeFileSync(file(id), data),
    append: (id, data) => fs.appendFileSync(file(id), data),
    store: (id, upload, toEnd) => {
      const content = upload.content;
      if (Buffer.isBuffer(content)) (toEnd ? fs.appendFileSync : fs.writeFileSync)(file(id), content);
      else if (toEnd) appendFileTo(content.path, file(id));
      else moveFile(content.path, file(id));
    },
    remove: (id) => fs.rmSync(file(id), { force: true }),
    dispose: () => {
      fs.rmSync(spoolDir, { recursive: true, force: true });
      if (own) fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
