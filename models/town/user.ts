import { hash, verify } from '@node-rs/argon2';
import { Schema, Types } from 'mongoose';
import { archivable, defineModel, escapeRegex, toPlain } from '../kernel/common';
import { type Scope } from '../kernel/scope';
import { archiveRecord, createRecord, restoreRecord, updateRecord } from '../kernel/write';
import type { Actor } from '../kernel/audit';
import { ROLES, type Role } from '~/schemas/roles';

export const LOCALES = ['zh', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export interface User {
  username: string;
  displayName: string;
  role: Role;
  orgId: Types.ObjectId;
  townId: Types.ObjectId | null; // the organization's town (null for the platform admin)
  passwordHash: string;
  passwordChangedAt: Date;
  locale: Locale;
  archivedAt: Date | null;
}

const userSchema = new Schema<User>(
  {
    username: { type: String, required: true, lowercase: true, trim: true },
    displayName: { type: String, required: true, trim: true },
    role: { type: String, enum: ROLES, required: true },
    orgId: { type: Schema.Types.ObjectId, ref: 'Organization', required: true },
    townId: { type: Schema.Types.ObjectId, ref: 'Town', default: null },
    passwordHash: { type: String, required: true },
    passwordChangedAt: { type: Date, default: () => new Date() },
    locale: { type: String, enum: LOCALES, default: 'zh' },
    ...archivable,
  },
  { timestamps: true },
);
// sign-in by username
userSchema.index({ username: 1 }, { unique: true });
// user list of a town / an organization
userSchema.index({ townId: 1, orgId: 1 });

export const UserModel = defineModel('User', userSchema);

// argon2id (the library's default) with OWASP's minimum parameters.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
export const hashPassword = (password: string) => hash(password, ARGON2);

// Verifying against a fixed hash for unknown users keeps the answer time the same.
let dummyHash: Promise<string> | undefined;

/** The user for a username and password, or null: one answer for "no such user" and "wrong password". */
export async function verifyLogin(username: string, password: string) {
  const user = await UserModel.findOne({ username: username.toLowerCase(), archivedAt: null }).lean();
  if (!user) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verify(await dummyHash, password);
    return null;
  }
  return (await verify(user.passwordHash, password)) ? user : null;
}

export async function verifyPassword(userId: Types.ObjectId, password: string) {
  const user = await UserModel.findById(userId).select('passwordHash').lean();
  return !!user && verify(user.passwordHash, password);
}

const safeFields = '-passwordHash';

const inScope = (scope: Scope) => (scope.access === 'any' ? {} : { townId: scope.townId });

export async function listUsers(
  scope: Scope,
  { includeArchived = false, q }: { includeArchived?: boolean; q?: string } = {},
) {
  const docs = await UserModel.find({
    ...inScope(scope),
    ...(!includeArchived && { archivedAt: null }),
    ...(q && {
      $or: [{ username: new RegExp(escapeRegex(q), 'i') }, { displayName: new RegExp(escapeRegex(q), 'i') }],
    }),
  })
    .select(safeFields)
    .sort({ username: 1 })
    .lean();
  return docs.map(toPlain);
}

export async function getUser(scope: Scope, id: Types.ObjectId) {
  const doc = await UserModel.findOne({ _id: id, ...inScope(scope) })
    .select(safeFields)
    .lean();
  return doc && toPlain(doc);
}

export interface UserFields {
  username: string;
  displayName: string;
  role: Role;
  orgId: Types.ObjectId;
  townId: Types.ObjectId | null;
}

export async function createUser(fields: UserFields & { password: string }, actor: Actor) {
  const { password, ...rest } = fields;
  const created = await createRecord(
    UserModel,
    { ...rest, passwordHash: await hashPassword(password) },
    actor,
    { input: fields },
  );
  const { passwordHash: _hash, ...safe } = created;
  return safe;
}

export async function updateUser(
  scope: Scope,
  id: Types.ObjectId,
  fields: UserFields & { password?: string },
  actor: Actor,
) {
  const { password, ...rest } = fields;
  const changes: Partial<User> = { ...rest };
  if (password)
    Object.assign(changes, { passwordHash: await hashPassword(password), passwordChangedAt: new Date() });
  return updateRecord(UserModel, { _id: id, ...inScope(scope) }, changes, actor, {
    label: (d) => String(d.username),
    input: fields,
  });
}

export async function changeOwnPassword(userId: Types.ObjectId, newPassword: string, actor: Actor) {
  return updateRecord(
    UserModel,
    { _id: userId },
    { passwordHash: await hashPassword(newPassword), passwordChangedAt: new Date() },
    actor,
    { label: (d) => String(d.username), input: { newPassword } },
  );
}

export const setUserLocale = (userId: Types.ObjectId, locale: Locale) =>
  UserModel.updateOne({ _id: userId }, { $set: { locale } });

export const archiveUser = (scope: Scope, id: Types.ObjectId, actor: Actor) =>
  archiveRecord(UserModel, { _id: id, ...inScope(scope) }, actor);
export const restoreUser = (scope: Scope, id: Types.ObjectId, actor: Actor) =>
  restoreRecord(UserModel, { _id: id, ...inScope(scope) }, actor);
