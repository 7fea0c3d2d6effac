// API tokens for enterprise systems (and later devices): issued to an organization, shown
// once, stored only as a SHA-256 digest, revocable. A token acts with the permissions of its
// organization's users of the role it was issued for.
import crypto from 'node:crypto';
import { Schema, Types } from 'mongoose';
import { defineModel } from '../kernel/common';
import { createRecord, updateRecord } from '../kernel/write';
import type { Actor } from '../kernel/audit';
import type { Role } from '~/schemas/roles';

export interface ApiToken {
  townId: Types.ObjectId;
  orgId: Types.ObjectId;
  role: Role; // what it may do: the permissions of this role in its organization
  name: string;
  prefix: string; // the first characters, to tell tokens apart in the list
  tokenHash: string;
  createdBy: Types.ObjectId | null;
  createdByName: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
}

const tokenSchema = new Schema<ApiToken>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    role: { type: String, required: true },
    name: { type: String, required: true },
    prefix: { type: String, required: true },
    tokenHash: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, default: null },
    createdByName: { type: String, default: '' },
    lastUsedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
    expiresAt: { type: Date, default: null },
  },
  { timestamps: true },
);
tokenSchema.index({ tokenHash: 1 }, { unique: true });
tokenSchema.index({ orgId: 1, _id: -1 });

export const ApiTokenModel = defineModel('ApiToken', tokenSchema);

export const TOKEN_PATTERN = /^xl_[A-Za-z0-9_-]{43}$/;
export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** A new token for an organization; the clear text is returned once and never stored. */
export async function issueToken(
  input: { townId: Types.ObjectId; orgId: Types.ObjectId; role: Role; name: string; expiresAt?: Date | null },
  actor: Actor,
  clear = `xl_${crypto.randomBytes(32).toString('base64url')}`,
) {
  const doc = await createRecord(
    ApiTokenModel,
    {
      ...input,
      expiresAt: input.expiresAt ?? null,
      prefix: clear.slice(0, 10),
      tokenHash: hashToken(clear),
      createdBy: actor.userId,
      createdByName: actor.username,
    },
    actor,
    { label: (d) => `${String(d.name)} (${String(d.prefix)}…)`, input: { issue: input.name } },
  );
  return { token: clear, id: doc._id };
}

/** The token a request's bearer credential names, if it is valid now. */
export async function findToken(clear: string, now = new Date()) {
  if (!TOKEN_PATTERN.test(clear)) return null;
  const doc = await ApiTokenModel.findOne({ tokenHash: hashToken(clear) }).lean();
  if (!doc) return null;
  if (doc.revokedAt) return { ...doc, invalid: 'revoked' as const };
  if (doc.expiresAt && doc.expiresAt <= now) return { ...doc, invalid: 'expired' as const };
  // when it was last used, at most once a minute (a write per call would cost every call)
  if (!doc.lastUsedAt || now.getTime() - doc.lastUsedAt.getTime() > 60_000) {
    await ApiTokenModel.updateOne({ _id: doc._id }, { $set: { lastUsedAt: now } });
  }
  return { ...doc, invalid: null };
}

export async function listTokens(orgId: Types.ObjectId) {
  const docs = await ApiTokenModel.find({ orgId })
    .sort({ _id: -1 })
    .limit(100)
    .select('name prefix createdByName createdAt lastUsedAt revokedAt expiresAt')
    .lean<Array<ApiToken & { _id: Types.ObjectId; createdAt: Date }>>();
  return docs.map((d) => ({
    id: String(d._id),
    name: d.name,
    prefix: d.prefix,
    createdByName: d.createdByName,
    createdAt: d.createdAt,
    lastUsedAt: d.lastUsedAt,
    revokedAt: d.revokedAt,
    expiresAt: d.expiresAt,
  }));
}

export function revokeToken(orgId: Types.ObjectId, id: Types.ObjectId, actor: Actor) {
  return updateRecord(ApiTokenModel, { _id: id, orgId, revokedAt: null }, { revokedAt: new Date() }, actor, {
    label: (d) => `${String(d.name)} (${String(d.prefix)}…)`,
  });
}
