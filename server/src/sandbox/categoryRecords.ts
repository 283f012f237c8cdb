/**
 * Categories in the sandbox store: making one (top level or under a parent, ACTIVE, open to all) and putting an
 * entry in it, which updates the entry's `categories`/`categoriesIds` and the category's entry counts as the
 * server's `categoryEntry.add` does.
 */

import type { SandboxRuntime } from './actionCall';
import { declaredObject, type KObject, type KValue } from './kalturaObject';
import { csv } from './objectFilters';

export const CATEGORY_STATUS_ACTIVE = 2;
const PRIVACY_ALL = 1;
const APPEAR_IN_LIST_PARTNER_ONLY = 1;
const INHERITANCE_MANUAL = 2;
const USER_JOIN_NOT_ALLOWED = 3;
const PERMISSION_LEVEL_MEMBER = 3;
const CONTRIBUTION_ALL = 1;

export interface NewCategory {
  readonly partnerId: number;
  readonly name: string;
  /** Default: a new id after the highest one. */
  readonly id?: number;
  readonly parentId?: number;
  readonly createdAt: number;
  /** More fields (description, tags, owner…), kept when the class declares them. */
  readonly fields?: Record<string, KValue>;
}

/** Stores a new category; its `fullName`/`fullIds`/`depth` follow its parent's. */
export function createCategory(runtime: SandboxRuntime, spec: NewCategory): KObject {
  const { state } = runtime;
  const id = spec.id ?? state.newCategoryId();
  const parent = spec.parentId ? state.categories.get(spec.parentId) : undefined;
  const category = declaredObject(runtime.schema, 'KalturaCategory', {
    id,
    parentId: parent ? spec.parentId : 0,
    depth: parent ? (parent.number('depth') ?? 0) + 1 : 0,
    partnerId: spec.partnerId,
    name: spec.name,
    fullName: parent ? `${parent.text('fullName')}>${spec.name}` : spec.name,
    fullIds: parent ? `${parent.text('fullIds')}>${id}` : String(id),
    entriesCount: 0,
    directEntriesCount: 0,
    directSubCategoriesCount: 0,
    createdAt: spec.createdAt,
    updatedAt: spec.createdAt,
    description: '',
    tags: '',
    appearInList: APPEAR_IN_LIST_PARTNER_ONLY,
    privacy: PRIVACY_ALL,
    inheritanceType: INHERITANCE_MANUAL,
    userJoinPolicy: USER_JOIN_NOT_ALLOWED,
    defaultPermissionLevel: PERMISSION_LEVEL_MEMBER,
    contributionPolicy: CONTRIBUTION_ALL,
    membersCount: 0,
    pendingMembersCount: 0,
    status: CATEGORY_STATUS_ACTIVE,
    partnerSortValue: 0,
    pendingEntriesCount: 0,
    ...spec.fields,
  });
  state.categories.set(id, category);
  if (parent) parent.set('directSubCategoriesCount', (parent.number('directSubCategoriesCount') ?? 0) + 1);
  return category;
}

/** Adds `category` to the entry's categories and counts the entry in it (and in its ancestors' `entriesCount`). */
export function addEntryToCategory(runtime: SandboxRuntime, entry: KObject, category: KObject): void {
  const id = category.text('id') ?? '';
  if (csv(entry.text('categoriesIds') ?? '').includes(id)) return;
  const join = (name: string, value: string) => [...csv(entry.text(name) ?? ''), value].join(',');
  entry.set('categories', join('categories', category.text('fullName') ?? '')).set('categoriesIds', join('categoriesIds', id));
  category.set('directEntriesCount', (category.number('directEntriesCount') ?? 0) + 1);
  for (const ancestorId of csv((category.text('fullIds') ?? '').split('>').join(','))) {
    const ancestor = runtime.state.categories.get(Number(ancestorId));
    ancestor?.set('entriesCount', (ancestor.number('entriesCount') ?? 0) + 1);
  }
}
