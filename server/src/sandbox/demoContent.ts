/**
 * The demo content `kreq sandbox` starts with (unless `--empty`): a user, a category, four READY entries with names
 * and tags, and a video left as an upload leaves it (source flavor only, no thumbnail asset). Everything is made
 * through the records the handlers use, with fixed ids and names and creation times relative to the start.
 */

import type { ActionCall, SandboxRuntime } from './actionCall';
import { addEntryToCategory, createCategory } from './categoryRecords';
import { attachContent, createEntry, ENTRY_STATUS_READY, UPLOAD_TOKEN_FULL_UPLOAD } from './entryRecords';
import { kobject } from './kalturaObject';
import { SESSION_TYPE_ADMIN } from './ksCodec';
import { UploadedFile } from './phpValues';
import { SANDBOX_CREDENTIALS, type StoredUploadToken } from './sandboxState';
import { ensureUser } from './userRecords';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The bytes of the demo files: a bare MP4 `ftyp` box, an ID3 header, a 1×1 PNG. */
const DEMO_FILES: Readonly<Record<string, Buffer>> = {
  mp4: Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'),
  mp3: Buffer.from('494433040000000000000000', 'hex'),
  png: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
};

interface DemoEntry {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly tags: string;
  /** `KalturaMediaType`: 1 video, 2 image, 5 audio. */
  readonly mediaType: number;
  readonly fileName: string;
  /** Seconds; what a conversion would have measured (0: as an upload leaves it, not yet analysed). */
  readonly duration: number;
  readonly inCategory: boolean;
  /** How long before the start it was created. */
  readonly ageMs: number;
}

const ENTRIES: readonly DemoEntry[] = [
  {
    id: '0_sandbox1',
    name: 'Welcome to the kreq sandbox',
    description: 'A short welcome clip: every fresh sandbox starts with it.',
    tags: 'demo,welcome',
    mediaType: 1,
    fileName: 'welcome.mp4',
    duration: 42,
    inCategory: true,
    ageMs: 5 * DAY,
  },
  {
    id: '0_sandbox2',
    name: 'Ocean waves at dawn',
    description: 'Waves on a beach, filmed at sunrise.',
    tags: 'demo,nature,ocean',
    mediaType: 1,
    fileName: 'ocean-waves.mp4',
    duration: 95,
    inCategory: true,
    ageMs: 4 * DAY,
  },
  {
    id: '0_sandbox3',
    name: 'Kreq podcast, episode 1',
    description: 'Sending Kaltura API requests from a text file.',
    tags: 'demo,podcast,audio',
    mediaType: 5,
    fileName: 'podcast-episode-1.mp3',
    duration: 1260,
    inCategory: true,
    ageMs: 3 * DAY,
  },
  {
    id: '0_sandbox4',
    name: 'Sandbox logo',
    description: 'The logo of the kreq sandbox.',
    tags: 'demo,image',
    mediaType: 2,
    fileName: 'sandbox-logo.png',
    duration: 0,
    inCategory: false,
    ageMs: 2 * DAY,
  },
  {
    id: '0_sandbox5',
    name: 'Intro',
    description: '',
    tags: 'demo,upload',
    mediaType: 1,
    fileName: 'intro.mp4',
    duration: 0,
    inCategory: false,
    ageMs: 60 * MINUTE,
  },
];

/** The ids and names of the demo content (documented in README.md; `examples/` rely on them). */
export const DEMO_CONTENT = {
  partnerId: SANDBOX_CREDENTIALS.partnerId,
  userId: 'demo@example.com',
  category: { id: 1, name: 'Demo' },
  /** READY entries, oldest first; the last is the uploaded video. */
  entryIds: ENTRIES.map((entry) => entry.id),
  /** Their source flavors, in the same order. */
  flavorAssetIds: ENTRIES.map((_, index) => `0_flavor${String(index + 1).padStart(2, '0')}`),
  uploadedVideoId: ENTRIES[ENTRIES.length - 1].id,
} as const;

/** The runtime as it was `ageMs` before `start`, converting at once (content attached then is READY then). */
function runtimeAt(runtime: SandboxRuntime, start: number, ageMs: number): SandboxRuntime {
  return { ...runtime, now: () => start - ageMs, convertSeconds: 0, baseUrl: runtime.baseUrl };
}

/** An admin call of the demo user on `media.add` (what the records read of a call: runtime and session). */
function demoCall(runtime: SandboxRuntime, partnerId: number): ActionCall | undefined {
  const service = runtime.schema.service('media');
  const action = service && runtime.schema.action(service, 'add');
  if (!service || !action) return undefined;
  const ks = { partnerId, validUntil: 0, type: SESSION_TYPE_ADMIN, rand: '', userId: DEMO_CONTENT.userId, privileges: '', ks: '', hash: '' };
  return { runtime, service, action, args: new Map(), session: { ks, partnerId } };
}

/** Stores an upload token whose file is complete, as `uploadToken.add` + `uploadToken.upload` leave it. */
function uploadDemoFile(call: ActionCall, index: number, fileName: string): StoredUploadToken {
  const { runtime } = call;
  const id = `0_${String(index + 1).padStart(32, '0')}`;
  const ext = /\.(\w+)$/.exec(fileName)?.[1] ?? 'mp4';
  const data = DEMO_FILES[ext] ?? DEMO_FILES.mp4;
  runtime.uploads.store(id, new UploadedFile(fileName, 'application/octet-stream', data), false);
  const now = Math.floor(runtime.now() / 1000);
  const token = kobject('KalturaUploadToken', {
    id,
    partnerId: call.session.partnerId,
    userId: DEMO_CONTENT.userId,
    status: UPLOAD_TOKEN_FULL_UPLOAD,
    fileName,
    fileSize: data.length,
    uploadedFileSize: data.length,
    createdAt: now,
    updatedAt: now,
    uploadUrl: runtime.baseUrl(),
  });
  const stored: StoredUploadToken = { token, hasFile: true, pendingChunks: new Map() };
  runtime.state.uploadTokens.set(id, stored);
  return stored;
}

/** Adds the demo content to partner 100 (to the first partner when there is no partner 100); once listening. */
export function addDemoContent(runtime: SandboxRuntime): void {
  const { state } = runtime;
  const partnerId = state.partners.has(DEMO_CONTENT.partnerId) ? DEMO_CONTENT.partnerId : [...state.partners.keys()][0];
  if (partnerId === undefined) return;
  const start = runtime.now();
  const seconds = (ageMs: number) => Math.floor((start - ageMs) / 1000);
  ensureUser(runtime, partnerId, DEMO_CONTENT.userId, seconds(7 * DAY), {
    screenName: 'Demo User',
    fullName: 'Demo User',
    firstName: 'Demo',
    lastName: 'User',
    email: DEMO_CONTENT.userId,
    description: 'The owner of the sandbox demo content.',
    tags: 'demo',
  });
  const category = createCategory(runtime, {
    partnerId,
    id: DEMO_CONTENT.category.id,
    name: DEMO_CONTENT.category.name,
    createdAt: seconds(6 * DAY),
    fields: { description: 'Entries every fresh sandbox starts with.', tags: 'demo', owner: DEMO_CONTENT.userId },
  });
  ENTRIES.forEach((spec, index) => {
    const call = demoCall(runtimeAt(runtime, start, spec.ageMs), partnerId);
    if (!call) return;
    const input = kobject('KalturaMediaEntry', { name: spec.name, description: spec.description, tags: spec.tags, mediaType: spec.mediaType });
    const stored = createEntry(call, input, { id: spec.id });
    attachContent(call, stored, uploadDemoFile(call, index, spec.fileName), DEMO_CONTENT.flavorAssetIds[index]);
    const { entry } = stored;
    if (entry.number('status') !== ENTRY_STATUS_READY) throw new Error(`demo entry ${spec.id} is not READY`);
    if (spec.duration > 0) entry.set('duration', spec.duration).set('msDuration', spec.duration * 1000);
    if (spec.inCategory) addEntryToCategory(runtime, entry, category);
  });
}
