/** Splits a `multipart/form-data` body into its text fields and file parts (what PHP puts in `$_POST`/`$_FILES`). */

import { UploadedFile } from './phpValues';

export interface MultipartField {
  readonly name: string;
  readonly value: string;
}

export interface MultipartFile {
  readonly name: string;
  readonly file: UploadedFile;
}

export interface MultipartBody {
  readonly fields: MultipartField[];
  readonly files: MultipartFile[];
}

/** The `boundary` parameter of a multipart content type. */
export function multipartBoundary(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

function headerParam(header: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/** Parses the body; parts without a `name` are skipped, a malformed body gives what was readable. */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const fields: MultipartField[] = [];
  const files: MultipartFile[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    let partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString('latin1') === '--') break;
    if (body.subarray(partStart, partStart + 2).toString('latin1') === '\r\n') partStart += 2;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), partStart);
    if (next < 0) break;
    const part = body.subarray(partStart, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8').split('\r\n');
      const content = part.subarray(headerEnd + 4);
      const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
      const type = headers.find((h) => /^content-type:/i.test(h))?.replace(/^content-type:\s*/i, '') ?? '';
      const name = headerParam(disposition, 'name');
      const filename = headerParam(disposition, 'filename');
      if (name !== undefined && name !== '') {
        if (filename !== undefined) {
          // A file input left empty still arrives, as a failed upload (`UPLOAD_ERR_NO_FILE`).
          const failed = filename === '' && content.length === 0;
          files.push({ name, file: new UploadedFile(filename, type || 'application/octet-stream', Buffer.from(content), failed) });
        } else fields.push({ name, value: content.toString('utf8') });
      }
    }
    start = next + 2;
  }
  return { fields, files };
}
