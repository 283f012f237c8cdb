/** Where uploaded bytes live: in memory, or as one file per upload token in `uploadDir` when one is given. */

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface UploadFiles {
  has(id: string): boolean;
  size(id: string): number;
  read(id: string): Buffer;
  write(id: string, data: Buffer): void;
  append(id: string, data: Buffer): void;
  remove(id: string): void;
}

export function memoryUploadFiles(): UploadFiles {
  const files = new Map<string, Buffer>();
  return {
    has: (id) => files.has(id),
    size: (id) => files.get(id)?.length ?? 0,
    read: (id) => files.get(id) ?? Buffer.alloc(0),
    write: (id, data) => void files.set(id, Buffer.from(data)),
    append: (id, data) => void files.set(id, Buffer.concat([files.get(id) ?? Buffer.alloc(0), data])),
    remove: (id) => void files.delete(id),
  };
}

export function directoryUploadFiles(dir: string): UploadFiles {
  fs.mkdirSync(dir, { recursive: true });
  const file = (id: string) => path.join(dir, id.replace(/[^A-Za-z0-9_-]/g, '_'));
  return {
    has: (id) => fs.existsSync(file(id)),
    size: (id) => fs.statSync(file(id), { throwIfNoEntry: false })?.size ?? 0,
    read: (id) => (fs.existsSync(file(id)) ? fs.readFileSync(file(id)) : Buffer.alloc(0)),
    write: (id, data) => fs.writeFileSync(file(id), data),
    append: (id, data) => fs.appendFileSync(file(id), data),
    remove: (id) => fs.rmSync(file(id), { force: true }),
  };
}
