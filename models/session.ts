import crypto from 'node:crypto';
import { Schema, Types } from 'mongoose';
import { defineModel } from './common';

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

interface Session {
  _id: string; // sha256 of the cookie token: a leaked database yields no usable cookie
  userId: Types.ObjectId;
  expiresAt: Date;
  createdAt: Date;
  userAgent: string;
}

const sessionSchema = new Schema<Session>({
  _id: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  expiresAt: { type: Date, required: true },
  createdAt: { type: Date, default: () => new Date() },
  userAgent: { type: String, default: '' },
});
// expired sessions disappear by themselves
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
// revoke every session of a user (password change, archive)
sessionSchema.index({ userId: 1 });

export const SessionModel = defineModel('Session', sessionSchema);

const digest = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Creates a session and returns the token to put in the cookie. */
export async function createSession(userId: Types.ObjectId, userAgent = '') {
  const token = crypto.randomBytes(32).toString('base64url');
  await SessionModel.create({
    _id: digest(token),
    userId,
    userAgent: userAgent.slice(0, 200),
    expiresAt: new Date(Date.now() + SESSION_TTL_MS),
  });
  return token;
}

/**
 * The session of a cookie token with its user and organization, in one round trip: null when
 * the session is gone or expired, the user archived, or the organization archived.
 */
export async function findSessionUser(token: string) {
  const [row] = await SessionModel.aggregate<{
    _id: string;
    member: {
      _id: Types.ObjectId;
      username: string;
      displayName: string;
      role: string;
      orgId: Types.ObjectId;
      townId: Types.ObjectId | null;
      locale: 'zh' | 'en';
    };
    orgName: string;
  }>([
    { $match: { _id: digest(token), expiresAt: { $gt: new Date() } } },
    {
      $lookup: {
        from: 'users',
        localField: 'userId',
        foreignField: '_id',
        as: 'member',
        pipeline: [
          { $match: { archivedAt: null } },
          { $project: { username: 1, displayName: 1, role: 1, orgId: 1, townId: 1, locale: 1 } },
        ],
      },
    },
    { $unwind: '$member' },
    {
      $lookup: {
        from: 'organizations',
        localField: 'member.orgId',
        foreignField: '_id',
        as: 'org',
        pipeline: [{ $match: { archivedAt: null } }, { $project: { name: 1 } }],
      },
    },
    { $unwind: '$org' },
    { $project: { member: 1, orgName: '$org.name' } },
  ]);
  return row ?? null;
}

export const deleteSession = (token: string) => SessionModel.deleteOne({ _id: digest(token) });

/** Revokes every session of a user but, optionally, the one in use. */
export const revokeUserSessions = (userId: Types.ObjectId, exceptSessionId?: string) =>
  SessionModel.deleteMany({ userId, ...(exceptSessionId && { _id: { $ne: exceptSessionId } }) });

// ---- failed sign-in throttling, keyed by username whether or not it exists ----

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60 * 1000;

interface LoginThrottle {
  _id: string;
  failures: number;
  lockedUntil: Date | null;
  expiresAt: Date;
}

const throttleSchema = new Schema<LoginThrottle>({
  _id: { type: String, required: true },
  failures: { type: Number, default: 0 },
  lockedUntil: { type: Date, default: null },
  expiresAt: { type: Date, required: true },
});
// forgotten a day after the last failure
throttleSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const LoginThrottleModel = defineModel('LoginThrottle', throttleSchema);

/** When the account is locked, the time it unlocks; otherwise null. */
export async function lockedUntil(username: string, now = new Date()) {
  const t = await LoginThrottleModel.findById(username.toLowerCase()).lean();
  return t?.lockedUntil && t.lockedUntil > now ? t.lockedUntil : null;
}

export async function recordFailedLogin(username: string, now = new Date()) {
  const t = await LoginThrottleModel.findOneAndUpdate(
    { _id: username.toLowerCase() },
    { $inc: { failures: 1 }, $set: { expiresAt: new Date(now.getTime() + 24 * 3600 * 1000) } },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  if (t && t.failures >= MAX_FAILED_LOGINS) {
    await LoginThrottleModel.updateOne(
      { _id: t._id },
      { $set: { failures: 0, lockedUntil: new Date(now.getTime() + LOCK_MS) } },
    );
  }
}

export const clearFailedLogins = (username: string) =>
  LoginThrottleModel.deleteOne({ _id: username.toLowerCase() });
