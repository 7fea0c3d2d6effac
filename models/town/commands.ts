// Who is who, as commands: organizations (of the kinds a role may manage, their villages the
// town's own) and user accounts (of an active organization of their role's kind; a new
// password, role or organization ends the account's sessions).
import { Types } from 'mongoose';
import { z } from 'zod';
import { defineCommand, found, ok, refuse, type FieldErrors } from '../kernel/command';
import { withId } from '../kernel/record-commands';
import type { Scope } from '../kernel/scope';
import { objectId } from '~/schemas/common';
import {
  OrganizationSchema,
  TokenSchema,
  UserCreateSchema,
  UserUpdateSchema,
  type OrganizationInput,
  type UserCreateInput,
} from '~/schemas/master-data';
import { ROLE_ORG_TYPE, type OrgType } from '~/schemas/roles';
import {
  OrganizationModel,
  archiveOrganization,
  createOrganization,
  findActiveOrganization,
  getOrganization,
  restoreOrganization,
  updateOrganization,
} from './organization';
import { issueToken, revokeToken } from './api-token';
import { revokeUserSessions } from './session';
import { getTown } from './town';
import { archiveUser, createUser, getUser, restoreUser, updateUser } from './user';
import { countActiveVillages } from './village';

const ORG_TYPES: OrgType[] = [
  'cooperative',
  'enterprise',
  'plant',
  'carrier',
  'base',
  'government',
  'platform',
];

/** Organization types a role may create or edit: officials never touch the platform or government. */
export const manageableOrgTypes = (role: string): OrgType[] =>
  role === 'admin' ? ORG_TYPES : ORG_TYPES.filter((t) => t !== 'platform' && t !== 'government');

/**
 * The checks zod cannot make: the type is one this role may manage, and the villages named are
 * active villages of the organization's town. Field errors (empty when fine).
 */
async function checkOrganization(role: string, townId: Types.ObjectId | null, input: OrganizationInput) {
  const errors: FieldErrors = {};
  if (!manageableOrgTypes(role).includes(input.type)) errors.type = ['v.invalidChoice'];
  if (input.type === 'platform' ? townId !== null : townId === null) errors.type = ['v.invalidChoice'];
  const ids =
    input.type === 'cooperative'
      ? input.villageIds
      : input.type === 'base' && input.villageId
        ? [input.villageId]
        : [];
  if (ids.length && townId) {
    const found = await countActiveVillages(
      townId,
      ids.map((id) => new Types.ObjectId(id)),
    );
    if (found !== new Set(ids).size)
      errors[input.type === 'base' ? 'villageId' : 'villageIds'] = ['v.villageNotFound'];
  }
  if (input.type === 'plant' && input.servesOrgId) {
    const buyer = await OrganizationModel.exists({
      _id: input.servesOrgId,
      townId,
      type: 'enterprise',
      archivedAt: null,
    });
    if (!buyer) errors.servesOrgId = ['v.invalidChoice'];
  }
  return errors;
}

const DUPLICATE_NAME = { name: 'v.duplicate' };
const id = (value: string) => new Types.ObjectId(value);

/** An organization of the caller's town (an administrator names the town, or none: the platform). */
export const createOrganizationCommand = defineCommand({
  name: 'organization/create',
  permission: ['write', 'organization'],
  input: z.intersection(OrganizationSchema, z.object({ townId: objectId.nullable() })),
  duplicates: DUPLICATE_NAME,
  async run({ townId: wanted, ...input }, { scope, actor }) {
    let townId = scope.townId;
    if (scope.access === 'any') {
      townId = wanted ? id(wanted) : null;
      if (townId && !(await getTown(scope, townId))) return refuse('notFound', 'v.notFound');
    }
    const errors = await checkOrganization(actor.role, townId, input);
    if (Object.keys(errors).length) return refuse('invalid', errors);
    return ok(await createOrganization(townId, input, actor));
  },
});

/** The caller's organization of a kind they may manage, or nothing. */
async function manageable(scope: Scope, role: string, orgId: string) {
  const existing = await getOrganization(scope, id(orgId));
  return existing && manageableOrgTypes(role).includes(existing.type) ? existing : null;
}

/** An organization keeps its type: its users' roles depend on it. */
export const updateOrganizationCommand = defineCommand({
  name: 'organization/update',
  permission: ['write', 'organization'],
  input: withId(OrganizationSchema),
  duplicates: DUPLICATE_NAME,
  async run({ id: orgId, ...input }, { scope, actor }) {
    const existing = await manageable(scope, actor.role, orgId);
    if (!existing) return refuse('notFound', 'v.notFound');
    const errors = await checkOrganization(actor.role, existing.townId ? id(existing.townId) : null, input);
    if (input.type !== existing.type) errors.type = ['v.invalidChoice'];
    if (Object.keys(errors).length) return refuse('invalid', errors);
    const saved = await updateOrganization(scope, id(orgId), input, actor);
    return found(saved);
  },
});

const orgArchiving = (verb: 'archive' | 'restore') =>
  defineCommand({
    name: `organization/${verb}`,
    permission: ['write', 'organization'],
    input: z.object({ id: objectId }),
    async run({ id: orgId }, { scope, actor }) {
      if (!(await manageable(scope, actor.role, orgId))) return refuse('notFound', 'v.notFound');
      const write = verb === 'archive' ? archiveOrganization : restoreOrganization;
      const done = await write(scope, id(orgId), actor);
      return found(done);
    },
  });

export const organizationCommands = {
  create: createOrganizationCommand,
  update: updateOrganizationCommand,
  archive: orgArchiving('archive'),
  restore: orgArchiving('restore'),
};

// ---------------------------------------------------------------- user accounts

/**
 * The account's organization must exist, be active and be of the type the role belongs to;
 * the account takes its town from it.
 */
async function userOrg(input: Pick<UserCreateInput, 'role' | 'orgId'>) {
  const org = await findActiveOrganization(id(input.orgId));
  if (!org) return refuse('invalid', { orgId: ['v.orgNotFound'] });
  if (ROLE_ORG_TYPE[input.role] !== org.type) return refuse('invalid', { role: ['v.roleOrgMismatch'] });
  return ok({ orgId: id(org.id), townId: org.townId ? id(org.townId) : null });
}

const DUPLICATE_USERNAME = { username: 'v.duplicateUsername' };

export const createUserCommand = defineCommand({
  name: 'user/create',
  permission: ['write', 'user'],
  input: UserCreateSchema,
  duplicates: DUPLICATE_USERNAME,
  async run(input, { actor }) {
    const org = await userOrg(input);
    if (!org.ok) return org;
    return ok(await createUser({ ...input, ...org.value }, actor));
  },
});

/** A reset password, or a move to another organization or role, ends the account's sessions. */
export const updateUserCommand = defineCommand({
  name: 'user/update',
  permission: ['write', 'user'],
  input: withId(UserUpdateSchema),
  duplicates: DUPLICATE_USERNAME,
  async run({ id: userId, ...input }, { scope, actor }) {
    const before = await getUser(scope, id(userId));
    if (!before) return refuse('notFound', 'v.notFound');
    const org = await userOrg(input);
    if (!org.ok) return org;
    const saved = await updateUser(scope, id(userId), { ...input, ...org.value }, actor);
    if (!saved) return refuse('notFound', 'v.notFound');
    if (input.password || before.role !== input.role || before.orgId !== input.orgId)
      await revokeUserSessions(id(userId));
    return ok(saved);
  },
});

const userArchiving = (verb: 'archive' | 'restore') =>
  defineCommand({
    name: `user/${verb}`,
    permission: ['write', 'user'],
    input: z.object({ id: objectId }),
    async run({ id: userId }, { scope, actor }) {
      if (verb === 'archive' && actor.userId?.equals(userId))
        return refuse('conflict', 'user.cannotArchiveSelf');
      const done = await (verb === 'archive' ? archiveUser : restoreUser)(scope, id(userId), actor);
      if (!done) return refuse('notFound', 'v.notFound');
      // an archived account is signed out everywhere
      if (verb === 'archive') await revokeUserSessions(id(userId));
      return ok(done);
    },
  });

export const userCommands = {
  create: createUserCommand,
  update: updateUserCommand,
  archive: userArchiving('archive'),
  restore: userArchiving('restore'),
};

// ---------------------------------------------------------------- API tokens

/** A token for the organization's systems, with the caller's role; its clear text is answered once. */
export const issueTokenCommand = defineCommand({
  name: 'token/issue',
  permission: ['write', 'token'],
  input: TokenSchema,
  async run({ name }, { scope, actor }) {
    const role = actor.role as Parameters<typeof issueToken>[0]['role'];
    const { token } = await issueToken({ townId: scope.townId!, orgId: scope.orgId!, role, name }, actor);
    return ok({ token });
  },
});

export const revokeTokenCommand = defineCommand({
  name: 'token/revoke',
  permission: ['write', 'token'],
  input: z.object({ id: objectId }),
  async run({ id: tokenId }, { scope, actor }) {
    const done = await revokeToken(scope.orgId!, id(tokenId), actor);
    return done ? ok(true) : refuse('notFound', 'v.notFound');
  },
});
