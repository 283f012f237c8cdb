/**
 * The `media` and `baseEntry` actions of the sandbox: add, get, update, delete, list, count, addContent and
 * addFromUploadedFile, over the in-memory entry store (`media` sees media entries only).
 */

import { argObject, argString, nowSeconds, type ActionCall, type ActionHandler } from './actionCall';
import { ApiError } from './apiError';
import { countEntries, listEntries } from './entryListing';
import { attachContent, createEntry, ENTRY_STATUS_NO_CONTENT, findEntry, MEDIA_ENTRY, normaliseEntryType, uploadedToken } from './entryRecords';
import { removeEntryFlavors } from './flavorAssetRecords';
import type { KObject } from './kalturaObject';
import { applyProperties, requireProperty, validateForUpdate } from './objectValidation';

const UPLOADED_FILE_RESOURCE = 'KalturaUploadedFileTokenResource';
const BASE_ENTRY = 'KalturaBaseEntry';

function requiredObject(call: ActionCall, name: string): KObject {
  const obj = argObject(call, name);
  if (!obj) throw new ApiError('MISSING_MANDATORY_PARAMETER', name);
  return obj;
}

function update(call: ActionCall, objectParam: string, mediaOnly: boolean): KObject {
  const stored = findEntry(call, argString(call, 'entryId') ?? '', mediaOnly);
  const input = requiredObject(call, objectParam);
  validateForUpdate(call.runtime.schema, input, stored.entry);
  applyProperties(call.runtime.schema, input, stored.entry);
  normaliseEntryType(stored.entry);
  stored.entry.set('updatedAt', nowSeconds(call.runtime));
  return stored.entry;
}

function remove(call: ActionCall, mediaOnly: boolean): null {
  const stored = findEntry(call, argString(call, 'entryId') ?? '', mediaOnly);
  const id = stored.entry.text('id') ?? '';
  call.runtime.state.entries.delete(id);
  removeEntryFlavors(call.runtime, id);
  return null;
}

/** `addContent`: only `KalturaUploadedFileTokenResource` is supported; a null resource leaves the entry as it is. */
function addContent(call: ActionCall, mediaOnly: boolean): KObject {
  const stored = findEntry(call, argString(call, 'entryId') ?? '', mediaOnly);
  if (stored.entry.number('status') !== ENTRY_STATUS_NO_CONTENT) throw new ApiError('ENTRY_ALREADY_WITH_CONTENT');
  const resource = argObject(call, 'resource');
  if (!resource) return stored.entry;
  if (!call.runtime.schema.isSubclassOf(resource.objectType, UPLOADED_FILE_RESOURCE)) throw new ApiError('RESOURCE_TYPE_NOT_SUPPORTED', resource.objectType);
  attachContent(call, stored, uploadedToken(call, resource.text('token') ?? '', 'UPLOAD_TOKEN_NOT_FOUND'));
  return stored.entry;
}

/** `baseEntry.addFromUploadedFile`: a plain KalturaBaseEntry of type media clip (or none) becomes a media entry. */
const baseAddFromUploadedFile: ActionHandler = (call) => {
  const input = requiredObject(call, 'entry');
  const type = argString(call, 'type');
  const upload = uploadedToken(call, argString(call, 'uploadTokenId') ?? '', 'UPLOADED_FILE_NOT_FOUND_BY_TOKEN');
  const asMedia = input.objectType === BASE_ENTRY && (type === undefined || type === '-1' || type === '1');
  const stored = createEntry(call, input, { objectType: asMedia ? MEDIA_ENTRY : undefined, type: asMedia ? '1' : type, mediaTypeFromFile: true });
  attachContent(call, stored, upload);
  return stored.entry;
};

/** `media.addFromUploadedFile` (deprecated): `mediaType` is required. */
const mediaAddFromUploadedFile: ActionHandler = (call) => {
  const input = requiredObject(call, 'mediaEntry');
  requireProperty(input, 'mediaType');
  const upload = uploadedToken(call, argString(call, 'uploadTokenId') ?? '', 'UPLOADED_FILE_NOT_FOUND_BY_TOKEN');
  const stored = createEntry(call, input);
  attachContent(call, stored, upload);
  return stored.entry;
};

export const ENTRY_HANDLERS: ReadonlyArray<readonly [string, ActionHandler]> = [
  ['media.add', (call) => createEntry(call, requiredObject(call, 'entry')).entry],
  ['media.get', (call) => findEntry(call, argString(call, 'entryId') ?? '', true).entry],
  ['media.update', (call) => update(call, 'mediaEntry', true)],
  ['media.delete', (call) => remove(call, true)],
  ['media.list', (call) => listEntries(call, true, 'KalturaMediaListResponse')],
  ['media.count', (call) => countEntries(call, true)],
  ['media.addcontent', (call) => addContent(call, true)],
  ['media.addfromuploadedfile', mediaAddFromUploadedFile],
  ['baseentry.add', (call) => createEntry(call, requiredObject(call, 'entry'), { type: argString(call, 'type') }).entry],
  ['baseentry.get', (call) => findEntry(call, argString(call, 'entryId') ?? '', false).entry],
  ['baseentry.update', (call) => update(call, 'baseEntry', false)],
  ['baseentry.delete', (call) => remove(call, false)],
  ['baseentry.list', (call) => listEntries(call, false, 'KalturaBaseEntryListResponse')],
  ['baseentry.count', (call) => countEntries(call, false)],
  ['baseentry.addcontent', (call) => addContent(call, false)],
  ['baseentry.addfromuploadedfile', baseAddFromUploadedFile],
];
