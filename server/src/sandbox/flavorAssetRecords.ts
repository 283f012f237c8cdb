/**
 * Flavor assets in the sandbox store: the source flavor an upload leaves on an entry (flavor params 0, `isOriginal`,
 * READY, the uploaded file's extension and size) and dropping an entry's flavors when it is deleted. No other
 * flavors are made (conversion is simulated, see README.md).
 */

import type { SandboxRuntime } from './actionCall';
import { declaredObject, type KObject } from './kalturaObject';

export const FLAVOR_ASSET_STATUS_READY = 2;
const SOURCE_FLAVOR_PARAMS_ID = 0;

export interface SourceFile {
  readonly fileName: string;
  readonly sizeInBytes: number;
}

/** Stores the source flavor of `entry` for an uploaded file, created at `nowSeconds` (`id`: a fixed one, else new). */
export function createSourceFlavor(runtime: SandboxRuntime, entry: KObject, file: SourceFile, nowSeconds: number, id = runtime.state.newFlavorAssetId()): KObject {
  const { state } = runtime;
  const ext = /\.([^./]+)$/.exec(file.fileName)?.[1]?.toLowerCase() ?? '';
  const flavor = declaredObject(runtime.schema, 'KalturaFlavorAsset', {
    id,
    entryId: entry.text('id'),
    partnerId: entry.number('partnerId'),
    version: 1,
    size: Math.ceil(file.sizeInBytes / 1024),
    sizeInBytes: file.sizeInBytes,
    tags: 'source',
    fileExt: ext,
    createdAt: nowSeconds,
    updatedAt: nowSeconds,
    description: '',
    flavorParamsId: SOURCE_FLAVOR_PARAMS_ID,
    width: 0,
    height: 0,
    bitrate: 0,
    frameRate: 0,
    isOriginal: true,
    isWeb: false,
    containerFormat: '',
    videoCodecId: '',
    status: FLAVOR_ASSET_STATUS_READY,
    language: 'Undefined',
    label: '',
    isDefault: 0,
  });
  state.flavorAssets.set(id, flavor);
  return flavor;
}

/** The flavors of an entry, in creation order. */
export function flavorsOfEntry(runtime: SandboxRuntime, entryId: string): KObject[] {
  return [...runtime.state.flavorAssets.values()].filter((flavor) => flavor.text('entryId') === entryId);
}

/** Drops the flavors of a deleted entry. */
export function removeEntryFlavors(runtime: SandboxRuntime, entryId: string): void {
  for (const flavor of flavorsOfEntry(runtime, entryId)) runtime.state.flavorAssets.delete(flavor.text('id') ?? '');
}
