/**
 * Entries in the sandbox store: creating one from an `add` object (server-set fields filled in), finding one for a
 * service (`media` sees media entries only), and attaching an uploaded file as its content (PRECONVERT until the
 * conversion time has passed on the runtime's clock, then READY).
 */

import { callPartnerId, callUserId, nowSeconds, type ActionCall, type SandboxRuntime } from './actionCall';
import { ApiError } from './apiError';
import { KObject, type KValue } from './kalturaObject';
import { applyProperties, requireProperty, validateForInsert } from './objectValidation';
import type { StoredEntry, StoredUploadToken } from './sandboxState';
import { createSourceFlavor } from './flavorAssetRecords';
import { ensureUser } from './userRecords';

export const MEDIA_ENTRY = 'KalturaMediaEntry';
// Entry `status`, `type` and `replacementStatus` are answered as JSON numbers, as the server answers them (its core
// values are ints; `kPluginableEnumsManager::coreToApi` keeps them so), although the schema types them as string enums.
export const ENTRY_STATUS_PRECONVERT = 1;
export const ENTRY_STATUS_READY = 2;
export const ENTRY_STATUS_NO_CONTENT = 7;
export const UPLOAD_TOKEN_FULL_UPLOAD = 2;
export const UPLOAD_TOKEN_CLOSED = 3;
const MODERATION_AUTO_APPROVED = 6;
const ENTRY_TYPE_MEDIA_CLIP = 1;
const ENTRY_TYPE_AUTOMATIC = -1;
const ENTRY_REPLACEMENT_NONE = 0;

/** A core enum value as the server answers it: a number when it is one (`"1"` → 1), else the text (plugin values). */
function coreEnumValue(text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined;
  return /^-?\d+$/.test(text.trim()) ? Number(text) : text;
}

/** After the request's properties were copied onto an entry: its `type` as the server answers it. */
export function normaliseEntryType(entry: KObject): void {
  const type = coreEnumValue(entry.text('type'));
  if (type !== undefined) entry.set('type', type);
}

export function isMediaEntry(call: ActionCall, entry: KObject): boolean {
  return call.runtime.schema.isSubclassOf(entry.objectType, MEDIA_ENTRY);
}

/** Sets `name` only when the entry's class declares it (the store never holds what the API cannot show). */
function setDeclared(call: ActionCall, entry: KObject, fields: Record<string, KValue>): void {
  const declared = call.runtime.schema.properties(entry.objectType);
  for (const [name, value] of Object.entries(fields)) if (declared.has(name) && entry.get(name) === undefined) entry.set(name, value);
}

/** `KalturaMediaType` from a file name: image 2, audio 5, otherwise video 1. */
export function mediaTypeOfFile(fileName: string): number {
  const ext = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (['jpg', 'jpeg', 'png', 'gif', 'bmp', 'tif', 'tiff', 'webp', 'svg'].includes(ext)) return 2;
  if (['mp3', 'wav', 'aac', 'm4a', 'flac', 'ogg', 'oga', 'wma', 'aif', 'aiff'].includes(ext)) return 5;
  return 1;
}

/** The URL where the sandbox serves an entry's uploaded bytes. */
export function rawEntryUrl(call: ActionCall, partnerId: number, entryId: string): string {
  return `${call.runtime.baseUrl()}/p/${partnerId}/sp/${partnerId}00/raw/entry_id/${entryId}`;
}

export interface NewEntryOptions {
  /** Store under this class instead of the input's (a plain `KalturaBaseEntry` made a media clip). */
  readonly objectType?: string;
  /** `KalturaEntryType`, when the action takes one. */
  readonly type?: string;
  /** Skip the `mediaType` check (it will be derived from the uploaded file). */
  readonly mediaTypeFromFile?: boolean;
  /** A fixed id (the demo content's) instead of a new random one. */
  readonly id?: string;
}

/** Validates an `add` object and stores a new entry (status NO_CONTENT) with the server-set fields. */
export function createEntry(call: ActionCall, input: KObject, options: NewEntryOptions = {}): StoredEntry {
  const { schema, state } = call.runtime;
  validateForInsert(schema, input);
  const objectType = options.objectType ?? input.objectType;
  const media = schema.isSubclassOf(objectType, MEDIA_ENTRY);
  if (media && !options.mediaTypeFromFile && schema.isSubclassOf(input.objectType, MEDIA_ENTRY)) requireProperty(input, 'mediaType');
  const entry = new KObject(objectType);
  applyProperties(schema, input, entry);
  const id = options.id ?? state.newEntryId();
  const partnerId = callPartnerId(call);
  const now = nowSeconds(call.runtime);
  const user = callUserId(call);
  entry.set('id', id).set('partnerId', partnerId).set('status', ENTRY_STATUS_NO_CONTENT).set('createdAt', now).set('updatedAt', now);
  entry.set('type', coreEnumValue(options.type ?? entry.text('type')) ?? (media ? ENTRY_TYPE_MEDIA_CLIP : ENTRY_TYPE_AUTOMATIC));
  setDeclared(call, entry, {
    name: '',
    description: '',
    userId: user,
    creatorId: user,
    tags: '',
    adminTags: '',
    categories: '',
    categoriesIds: '',
    moderationStatus: MODERATION_AUTO_APPROVED,
    moderationCount: 0,
    rank: 0,
    totalRank: 0,
    votes: 0,
    downloadUrl: rawEntryUrl(call, partnerId, id),
    licenseType: -1,
    version: 0,
    thumbnailUrl: `${call.runtime.baseUrl()}/p/${partnerId}/sp/${partnerId}00/thumbnail/entry_id/${id}/version/0`,
    accessControlId: 0,
    replacementStatus: ENTRY_REPLACEMENT_NONE,
    partnerSortValue: 0,
    conversionProfileId: 0,
    rootEntryId: id,
    operationAttributes: [],
    entitledUsersEdit: '',
    entitledUsersPublish: '',
    entitledUsersView: '',
    capabilities: '',
    displayInSearch: 1,
    blockAutoTranscript: false,
    plays: 0,
    views: 0,
    duration: 0,
    msDuration: 0,
    sourceType: '1',
    dataUrl: `${call.runtime.baseUrl()}/p/${partnerId}/sp/${partnerId}00/flvclipper/entry_id/${id}/version/0`,
    flavorParamsIds: '',
  });
  ensureUser(call.runtime, partnerId, entry.text('userId') ?? '', now);
  const stored: StoredEntry = { entry, seq: state.nextSeq() };
  state.entries.set(id, stored);
  return stored;
}

/**
 * Brings a converting entry up to date with the clock: once its conversion time has passed it is READY (updated at the
 * moment it became so). Called whenever an entry is read, so no timer runs.
 */
export function settleEntry(runtime: SandboxRuntime, stored: StoredEntry): StoredEntry {
  const readyAt = stored.readyAt;
  if (readyAt !== undefined && runtime.now() >= readyAt) {
    stored.readyAt = undefined;
    stored.entry.set('status', ENTRY_STATUS_READY).set('updatedAt', Math.floor(readyAt / 1000));
  }
  return stored;
}

/** The entry `entryId` of the call's partner; `media` actions see media entries only (else `ENTRY_ID_NOT_FOUND`). */
export function findEntry(call: ActionCall, entryId: string, mediaOnly: boolean): StoredEntry {
  const stored = call.runtime.state.entries.get(entryId);
  if (!stored || stored.entry.number('partnerId') !== callPartnerId(call) || (mediaOnly && !isMediaEntry(call, stored.entry))) {
    throw new ApiError('ENTRY_ID_NOT_FOUND', entryId);
  }
  return settleEntry(call.runtime, stored);
}

/** An upload token of the call's partner whose file is complete (else `missingCode` / invalid status). */
export function uploadedToken(call: ActionCall, tokenId: string, missingCode: string): StoredUploadToken {
  const stored = call.runtime.state.uploadTokens.get(tokenId);
  if (!stored || stored.token.number('partnerId') !== callPartnerId(call)) throw new ApiError(missingCode);
  if (stored.token.number('status') !== UPLOAD_TOKEN_FULL_UPLOAD) throw new ApiError('UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY');
  return stored;
}

/**
 * Makes the token's file the entry's content: the token becomes CLOSED, the entry PRECONVERT until
 * `runtime.convertSeconds` have passed (READY at once when 0; see `settleEntry`), with the file as its source flavor
 * (`flavorAssetId`: a fixed id for it, the demo content's).
 */
export function attachContent(call: ActionCall, stored: StoredEntry, upload: StoredUploadToken, flavorAssetId?: string): void {
  const { entry } = stored;
  const token = upload.token;
  const now = nowSeconds(call.runtime);
  token.set('status', UPLOAD_TOKEN_CLOSED).set('attachedObjectType', 'entry').set('attachedObjectId', entry.text('id')).set('updatedAt', now);
  stored.contentToken = token.text('id');
  entry.set('status', ENTRY_STATUS_PRECONVERT).set('updatedAt', now);
  stored.readyAt = call.runtime.now() + call.runtime.convertSeconds * 1000;
  settleEntry(call.runtime, stored);
  if (isMediaEntry(call, entry)) {
    if (entry.number('mediaType') === undefined) entry.set('mediaType', mediaTypeOfFile(token.text('fileName') ?? ''));
    entry.set('flavorParamsIds', '0');
  }
  const tokenId = token.text('id') ?? '';
  createSourceFlavor(call.runtime, entry, { fileName: token.text('fileName') ?? '', sizeInBytes: call.runtime.uploads.size(tokenId) }, now, flavorAssetId);
}
