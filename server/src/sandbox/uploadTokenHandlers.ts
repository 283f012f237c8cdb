/**
 * The `uploadToken` actions: add, upload (whole file or chunks: `resume`, `resumeAt`, `finalChunk`), get, list,
 * delete. Status 0 PENDING → 1 PARTIAL_UPLOAD → 2 FULL_UPLOAD → 3 CLOSED once attached to an entry.
 */

import { argNumber, argObject, argString, callPartnerId, callUserId, nowSeconds, type ActionCall, type ActionHandler } from './actionCall';
import { ApiError } from './apiError';
import { pageOf } from './entryListing';
import { UPLOAD_TOKEN_FULL_UPLOAD } from './entryRecords';
import { type KObject, kobject } from './kalturaObject';
import { validateForInsert } from './objectValidation';
import { UploadedFile } from './phpValues';
import type { StoredUploadToken } from './sandboxState';

const PENDING = 0;
const PARTIAL_UPLOAD = 1;

function findToken(call: ActionCall): StoredUploadToken {
  const stored = call.runtime.state.uploadTokens.get(argString(call, 'uploadTokenId') ?? '');
  if (!stored || stored.token.number('partnerId') !== callPartnerId(call)) throw new ApiError('UPLOAD_TOKEN_NOT_FOUND');
  return stored;
}

const add: ActionHandler = (call) => {
  const input = argObject(call, 'uploadToken');
  if (input) validateForInsert(call.runtime.schema, input);
  const autoFinalize = input?.number('autoFinalize');
  const fileSize = input?.number('fileSize');
  if (autoFinalize === 1 && fileSize === undefined) throw new ApiError('UPLOAD_TOKEN_MISSING_FILE_SIZE');
  const { state } = call.runtime;
  const id = state.newUploadTokenId();
  const now = nowSeconds(call.runtime);
  const token = kobject('KalturaUploadToken', {
    id,
    partnerId: callPartnerId(call),
    userId: callUserId(call),
    status: PENDING,
    fileName: input?.text('fileName'),
    fileSize,
    createdAt: now,
    updatedAt: now,
    uploadUrl: call.runtime.baseUrl(),
    autoFinalize,
  });
  state.uploadTokens.set(id, { token, hasFile: false, pendingChunks: new Map() });
  return token;
};

/** Appends the parts of waiting chunks that now continue the file. */
function drainChunks(call: ActionCall, id: string, stored: StoredUploadToken): void {
  const { uploads } = call.runtime;
  for (;;) {
    const size = uploads.size(id);
    const next = [...stored.pendingChunks.entries()].filter(([offset]) => offset <= size).sort((a, b) => a[0] - b[0])[0];
    if (!next) return;
    stored.pendingChunks.delete(next[0]);
    const tail = next[1].subarray(size - next[0]);
    if (tail.length > 0) uploads.append(id, tail);
  }
}

const upload: ActionHandler = (call) => {
  const stored = findToken(call);
  const { token } = stored;
  const id = token.text('id') ?? '';
  const status = token.number('status');
  if (status !== PENDING && status !== PARTIAL_UPLOAD) throw new ApiError('UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD');
  const file = call.args.get('fileData');
  if (!(file instanceof UploadedFile)) throw new ApiError('UPLOAD_ERROR');
  const { uploads } = call.runtime;
  if (call.args.get('resume') === true) {
    if (!stored.hasFile) throw new ApiError('UPLOAD_TOKEN_CANNOT_RESUME');
    const resumeAt = argNumber(call, 'resumeAt') ?? -1;
    if (resumeAt < 0) uploads.store(id, file, true);
    else stored.pendingChunks.set(Math.floor(resumeAt), file.data);
    drainChunks(call, id, stored);
  } else {
    uploads.store(id, file, false);
    stored.pendingChunks.clear();
    stored.hasFile = true;
  }
  const size = uploads.size(id);
  const expected = token.number('fileSize');
  const complete = call.args.get('finalChunk') !== false || (token.number('autoFinalize') === 1 && expected !== undefined && size >= expected);
  token.set('status', complete && stored.pendingChunks.size === 0 ? UPLOAD_TOKEN_FULL_UPLOAD : PARTIAL_UPLOAD);
  token.set('uploadedFileSize', size).set('updatedAt', nowSeconds(call.runtime));
  if (token.text('fileName') === undefined && file.name !== '') token.set('fileName', file.name);
  return token;
};

function matches(token: KObject, filter: KObject | undefined): boolean {
  if (!filter) return true;
  const csvOf = (name: string) => (filter.text(name) ?? '').split(',').map((s) => s.trim());
  const tests: [string, () => boolean][] = [
    ['idEqual', () => token.text('id') === filter.text('idEqual')],
    ['idIn', () => csvOf('idIn').includes(token.text('id') ?? '')],
    ['userIdEqual', () => token.text('userId') === filter.text('userIdEqual')],
    ['statusEqual', () => token.text('status') === filter.text('statusEqual')],
    ['statusIn', () => csvOf('statusIn').includes(token.text('status') ?? '')],
    ['fileNameEqual', () => token.text('fileName') === filter.text('fileNameEqual')],
    ['fileSizeEqual', () => token.number('fileSize') === filter.number('fileSizeEqual')],
  ];
  return tests.every(([name, test]) => filter.text(name) === undefined || test());
}

const list: ActionHandler = (call) => {
  const partnerId = callPartnerId(call);
  const filter = argObject(call, 'filter');
  const found = [...call.runtime.state.uploadTokens.values()].map((s) => s.token).filter((t) => t.number('partnerId') === partnerId && matches(t, filter));
  return kobject('KalturaUploadTokenListResponse', { objects: pageOf(found, argObject(call, 'pager')), totalCount: found.length });
};

const remove: ActionHandler = (call) => {
  const stored = findToken(call);
  const id = stored.token.text('id') ?? '';
  call.runtime.state.uploadTokens.delete(id);
  call.runtime.uploads.remove(id);
  return null;
};

export const UPLOAD_TOKEN_HANDLERS: ReadonlyArray<readonly [string, ActionHandler]> = [
  ['uploadtoken.add', add],
  ['uploadtoken.upload', upload],
  ['uploadtoken.get', (call) => findToken(call).token],
  ['uploadtoken.list', list],
  ['uploadtoken.delete', remove],
];
