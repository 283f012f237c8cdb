/** Tells a file answer (`…serve`, `getVolumeMap`: an image, a video, a CSV) from a Kaltura JSON/XML answer, names it and saves it. */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileAnswer, HttpResponse, WireRequest } from './engineTypes';

/** Content types the engine reads as a Kaltura answer (or as an error page), never as a file: a Kaltura answer
 *  mislabelled `text/plain` must still be read (and garbage said to be no JSON), not saved. */
const TEXT_ANSWER = /json|xml|html|javascript|^text\/plain$/i;

/** Extensions for the content types Kaltura actions serve most. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'video/mp4': '.mp4',
  'audio/mpeg': '.mp3',
  'text/csv': '.csv',
  'text/plain': '.txt',
  'text/vtt': '.vtt',
  'application/pdf': '.pdf',
  'application/zip': '.zip',
  'application/x-subrip': '.srt',
  'application/octet-stream': '.bin',
};

function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

/** Whether a 2xx answer to a single call is a file: a content type that is no JSON/XML/HTML, or NUL bytes in the body. */
export function isFileAnswer(request: Pick<WireRequest, 'multirequest'>, response: HttpResponse): boolean {
  if (request.multirequest || response.status < 200 || response.status > 299) return false;
  const type = mediaType(response.headers['content-type'] ?? '');
  if (type !== '' && !TEXT_ANSWER.test(type)) return true;
  return (type === '' || type === 'text/plain') && response.bytes !== undefined && response.bytes.includes(0);
}

/** `filename="a b.jpg"` / `filename*=UTF-8''a%20b.jpg` of a Content-Disposition, reduced to a plain file name. */
function dispositionName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*[^']*'[^']*'([^;]+)/i.exec(header);
  let name: string | undefined;
  if (extended) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = undefined;
    }
  }
  name ??= /filename\s*=\s*"?([^";]+)"?/i.exec(header)?.[1];
  const base = name ? path.basename(name.replace(/\\/g, '/')).replace(/[^\w.\- ]+/g, '_').trim() : '';
  return base && base !== '.' && base !== '..' ? base : undefined;
}

/** The answer as a file to save: its bytes, content type and a safe file name. */
export function fileAnswerOf(request: Pick<WireRequest, 'calls'>, response: HttpResponse): FileAnswer {
  const contentType = response.headers['content-type'] || 'application/octet-stream';
  const call = request.calls[0];
  const fallback = `${call ? `${call.service}.${call.action}` : 'answer'}${EXTENSIONS[mediaType(contentType)] ?? '.bin'}`;
  return {
    bytes: response.bytes ?? Buffer.from(response.body, 'utf8'),
    contentType,
    suggestedName: dispositionName(response.headers['content-disposition']) ?? fallback,
  };
}

/** Saves into a new folder of the OS temp folder (`kreq-files-XXXX/name`), never over an existing file. */
export async function saveToTempFile(file: FileAnswer): Promise<string> {
  const folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'kreq-files-'));
  const target = path.join(folder, file.suggestedName);
  await fs.promises.writeFile(target, file.bytes, { flag: 'wx', mode: 0o600 });
  return target;
}
