/** Parses a `multipart/form-data` body as it arrives: text fields kept in memory up to a cap, file parts spooled to disk up to a per-file cap. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { MultipartBody, MultipartField, MultipartFile } from './multipartBody';
import { UploadedFile } from './phpValues';

export interface BodyLimits {
  /** Bytes of a form, JSON or query body, and of all text fields of a multipart body together. */
  readonly maxFormBytes: number;
  /** Bytes of one uploaded file. */
  readonly maxFileBytes: number;
}

/** 10 MB of form fields, 2 GB per uploaded file (`kreq sandbox --max-upload-mb`). */
export const DEFAULT_BODY_LIMITS: BodyLimits = { maxFormBytes: 10 * 1024 * 1024, maxFileBytes: 2048 * 1024 * 1024 };

/** A body over a limit: answered HTTP 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number, what: string) {
    super(`${what} larger than ${limit} bytes (kreq sandbox limit)`);
  }
}

/** Headers of one part may not exceed this (a body that never ends its headers is not kept growing). */
const MAX_PART_HEADER_BYTES = 64 * 1024;

interface OpenPart {
  readonly name: string | undefined;
  readonly filename: string | undefined;
  readonly type: string;
  readonly chunks: Buffer[];
  fd?: number;
  file?: string;
  size: number;
}

function headerParam(header: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/**
 * Feed chunks with `write`, then call `end`. File parts go to files in `spoolDir`; `dispose` deletes those that
 * nothing took over (call it once the request is answered). Linear in the body: each byte is searched once,
 * up to the delimiter's length kept back between chunks.
 */
export class MultipartStream {
  private readonly delimiter: Buffer;
  /** Starts with CRLF so that the first delimiter looks like every other one. */
  private pending: Buffer = Buffer.from('\r\n');
  private state: 'preamble' | 'after-delimiter' | 'headers' | 'content' | 'done' = 'preamble';
  private part: OpenPart | undefined;
  private fieldBytes = 0;
  private readonly fields: MultipartField[] = [];
  private readonly files: MultipartFile[] = [];
  private readonly spooled: string[] = [];

  constructor(
    boundary: string,
    private readonly spoolDir: string,
    private readonly limits: BodyLimits,
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  /** Throws `BodyTooLargeError` when a limit is passed. */
  write(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      if (this.state === 'done') {
        this.pending = Buffer.alloc(0);
        return;
      }
      if (this.state === 'preamble' || this.state === 'content') {
        const at = this.pending.indexOf(this.delimiter);
        const keep = at >= 0 ? at : Math.max(0, this.pending.length - this.delimiter.length + 1);
        if (this.state === 'content') this.emit(this.pending.subarray(0, keep));
        if (at < 0) {
          this.pending = Buffer.from(this.pending.subarray(keep));
          return;
        }
        if (this.state === 'content') this.closePart();
        this.pending = this.pending.subarray(at + this.delimiter.length);
        this.state = 'after-delimiter';
      }
      if (this.state === 'after-delimiter') {
        if (this.pending.length < 2) return;
        const next = this.pending.subarray(0, 2).toString('latin1');
        if (next === '--') {
          this.state = 'done';
          continue;
        }
        if (next === '\r\n') this.pending = this.pending.subarray(2);
        this.state = 'headers';
      }
      if (this.state === 'headers') {
        const end = this.pending.indexOf('\r\n\r\n');
        if (end < 0) {
          if (this.pending.length > MAX_PART_HEADER_BYTES) throw new BodyTooLargeError(MAX_PART_HEADER_BYTES, 'part headers');
          return;
        }
        this.openPart(this.pending.subarray(0, end).toString('utf8').split('\r\n'));
        this.pending = this.pending.subarray(end + 4);
        this.state = 'content';
      }
    }
  }

  /** The fields and files read (a body cut short gives what was complete). */
  end(): MultipartBody {
    if (this.part?.fd !== undefined) fs.closeSync(this.part.fd);
    this.part = undefined;
    return { fields: this.fields, files: this.files };
  }

  /** Deletes the spooled files that were not moved elsewhere. */
  dispose(): void {
    if (this.part?.fd !== undefined) fs.closeSync(this.part.fd);
    this.part = undefined;
    for (const file of this.spooled) fs.rmSync(file, { force: true });
  }

  private openPart(headers: string[]): void {
    const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
    const type = headers.find((h) => /^content-type:/i.test(h))?.replace(/^content-type:\s*/i, '') ?? '';
    this.part = { name: headerParam(disposition, 'name'), filename: headerParam(disposition, 'filename'), type, chunks: [], size: 0 };
  }

  private emit(bytes: Buffer): void {
    const part = this.part;
    if (!part || bytes.length === 0 || part.name === undefined || part.name === '') return;
    part.size += bytes.length;
    if (part.filename === undefined) {
      this.fieldBytes += bytes.length;
      if (this.fieldBytes > this.limits.maxFormBytes) throw new BodyTooLargeError(this.limits.maxFormBytes, 'form fields');
      part.chunks.push(Buffer.from(bytes));
      return;
    }
    if (part.size > this.limits.maxFileBytes) throw new BodyTooLargeError(this.limits.maxFileBytes, `file "${part.filename}"`);
    if (part.fd === undefined) {
      fs.mkdirSync(this.spoolDir, { recursive: true });
      part.file = path.join(this.spoolDir, `upload-${randomBytes(8).toString('hex')}`);
      this.spooled.push(part.file);
      part.fd = fs.openSync(part.file, 'w', 0o600);
    }
    fs.writeSync(part.fd, bytes);
  }

  private closePart(): void {
    const part = this.part;
    this.part = undefined;
    if (!part || part.name === undefined || part.name === '') return;
    if (part.fd !== undefined) fs.closeSync(part.fd);
    if (part.filename === undefined) {
      this.fields.push({ name: part.name, value: Buffer.concat(part.chunks).toString('utf8') });
      return;
    }
    // A file input left empty still arrives, as a failed upload (`UPLOAD_ERR_NO_FILE`).
    const failed = part.filename === '' && part.size === 0;
    const content = part.file === undefined ? Buffer.alloc(0) : { path: part.file, size: part.size };
    this.files.push({ name: part.name, file: new UploadedFile(part.filename, part.type || 'application/octet-stream', content, failed) });
  }
}
