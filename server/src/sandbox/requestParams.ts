/**
 * Collects a request's parameters as `infraRequestUtils::getRequestParams` does: path `key/value` pairs, query
 * string, uploaded files and body (exact `application/json`, multipart with a `json` field, or form fields), merged
 * with `array_replace_recursive` so that path > query > files > body.
 */

import { phpJsonDecode } from './phpJson';
import { parsePhpQuery, registerVariable } from './phpForm';
import { multipartBoundary, parseMultipart, type MultipartBody } from './multipartBody';
import { arrayReplaceRecursive, isPhpArray, phpTruthy, type PhpArray } from './phpValues';

export interface RawRequest {
  readonly method: string;
  /** The script path after the server's rewrites, e.g. `/api_v3/index.php/service/media/action/list`. */
  readonly scriptPath: string;
  /** The query string without `?`. */
  readonly query: string;
  readonly contentType: string;
  readonly body: Buffer;
  /** A multipart body already parsed as it arrived (files spooled to disk); `body` is then not read. */
  readonly multipart?: MultipartBody;
}

export interface RequestParams {
  /** Everything merged. */
  readonly params: PhpArray;
  /** `$_GET` alone (JSONP's `callback` must come from there). */
  readonly get: PhpArray;
}

const SCRIPT_PARTS = new Set(['', 'api_v3', 'index.php']);

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `key/value` pairs of the path after the script (first occurrence of a key wins; a falsy key stops the walk). */
export function pathPairs(scriptPath: string): PhpArray {
  const parts = scriptPath
    .split('/')
    .map(decodeSegment)
    .filter((p) => !SCRIPT_PARTS.has(p));
  const out: PhpArray = new Map();
  for (let i = 0; i < parts.length && parts[i] !== '0'; i += 2) {
    if (!out.has(parts[i])) out.set(parts[i], i + 1 < parts.length ? parts[i + 1] : null);
  }
  return out;
}

function readBody(request: RawRequest): { post: PhpArray; files: PhpArray } {
  const files: PhpArray = new Map();
  const type = request.contentType.toLowerCase();
  const isPost = request.method.toUpperCase() === 'POST';
  if (type === 'application/json') {
    const text = request.body.toString('utf8').trim();
    const decoded = text.startsWith('{') && text.endsWith('}') ? phpJsonDecode(text) : undefined;
    return { post: isPhpArray(decoded) && decoded.size > 0 ? decoded : new Map(), files };
  }
  const post: PhpArray = new Map();
  if (!isPost) return { post, files };
  if (type.startsWith('multipart/form-data')) {
    const boundary = multipartBoundary(request.contentType);
    if (!boundary) return { post, files };
    const body = request.multipart ?? parseMultipart(request.body, boundary);
    for (const field of body.fields) registerVariable(post, field.name, field.value);
    for (const file of body.files) registerVariable(files, file.name, file.file);
    const json = post.get('json');
    if (typeof json === 'string') {
      const decoded = phpJsonDecode(json);
      if (decoded !== undefined && phpTruthy(decoded) && isPhpArray(decoded)) return { post: decoded, files };
    }
    return { post, files };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) parsePhpQuery(request.body.toString('utf8'), post);
  return { post, files };
}

/** The merged parameters of one HTTP request. */
export function readRequestParams(request: RawRequest): RequestParams {
  const get = parsePhpQuery(request.query);
  const { post, files } = readBody(request);
  return { params: arrayReplaceRecursive(post, files, get, pathPairs(request.scriptPath)), get };
}
