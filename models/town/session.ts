import type { WeightUnit } from '~/domain/planting';
import crypto from 'node:crypto';
import { Schema, Types } from 'mongoose';
import { defineModel } from '../kernel/common';

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
    org: { type: string; weightUnit?: WeightUnit | null };
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
        pipeline: [{ $match: { archivedAt: null } }, { $project: { name: 1, type: 1, weightUnit: 1 } }],
      },
    },
    { $unwind: '$org' },
    { $project: { member: 1, orgName: '$org.name', org: 1 } },
  ]);
  return row ?? null;
}

export const deleteSession = (token: string) => SessionModel.deleteOne({ _id: digest(token) });

/** Revokes every session of a user but, optionally, the one in use. */
export const revokeUserSessions = (userId: Types.ObjectId, exceptSessionId?: string) =>
  SessionModel.deleteMany({ userId, ...(exceptSessionId && { _id: { $ne: exceptSessionId } }) });

// ---- failed sign-in throttling ----------------------------------------------------------
// Guessing passwords is slowed in two ways, neither of which lets a stranger lock a user out:
//   - per username and client address: from the 3rd failure on, each attempt waits twice as
//     long as the last (1 s, 2 s, 4 s … at most 15 min) — a guesser's own address only;
//   - per username, from every address: past 10 failures in 15 minutes, one attempt per 5 s —
//     slow enough to make guessing hopeless, quick enough for the owner to get in.
// Unknown usernames are treated the same, so the answers reveal nothing about who exists. The
// owner is told at their next sign-in how many attempts failed since their last one.

export const PAIR_FREE_FAILURES = 2;
export const PAIR_MAX_WAIT_MS = 15 * 60 * 1000;
export const USER_WINDOW_MS = 15 * 60 * 1000;
export const USER_FREE_FAILURES = 10;
export const USER_SPACING_MS = 5 * 1000;

interface LoginThrottle {
  _id: string; // `pair:<username>|<address>` or `user:<username>`
  failures: number; // pair: in a row; user: in the current window
  windowStart: Date;
  nextAt: Date | null; // no attempt before this
  sinceLastLogin: number; // user: failures since the last successful sign-in
  expiresAt: Date;
}

const throttleSchema = new Schema<LoginThrottle>({
  _id: { type: String, required: true },
  failures: { type: Number, default: 0 },
  windowStart: { type: Date, default: () => new Date() },
  nextAt: { type: Date, default: null },
  sinceLastLogin: { type: Number, default: 0 },
  expiresAt: { type: Date, required: true },
});
// forgotten a month after the last failure
throttleSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const LoginThrottleModel = defineModel('LoginThrottle', throttleSchema);

const pairKey = (username: string, address: string) => `pair:${username.toLowerCase()}|${address}`;
const userKey = (username: string) => `user:${username.toLowerCase()}`;
const FORGET_MS = 30 * 24 * 3600 * 1000;

/** Seconds to wait before this username may be tried again from this address (0: go ahead). */
export async function loginWait(username: string, address: string, now = new Date()) {
  const docs = await LoginThrottleModel.find({
    _id: { $in: [pairKey(username, address), userKey(username)] },
  })
    .select('nextAt')
    .lean();
  const until = Math.max(0, ...docs.map((d) => d.nextAt?.getTime() ?? 0));
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

export async function recordFailedLogin(username: string, address: string, now = new Date()) {
  const expiresAt = new Date(now.getTime() + FORGET_MS);
  const pair = await LoginThrottleModel.findOneAndUpdate(
    { _id: pairKey(username, address) },
    { $inc: { failures: 1 }, $set: { expiresAt } },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  const over = pair!.failures - PAIR_FREE_FAILURES;
  if (over > 0) {
    const wait = Math.min(PAIR_MAX_WAIT_MS, 1000 * 2 ** (over - 1));
    await LoginThrottleModel.updateOne(
      { _id: pair!._id },
      { $set: { nextAt: new Date(now.getTime() + wait) } },
    );
  }
  // the username's window: restarted when it has run out, else counted on
  const windowStart = new Date(now.getTime() - USER_WINDOW_MS);
  await LoginThrottleModel.updateOne(
    { _id: userKey(username), windowStart: { $lt: windowStart } },
    { $set: { failures: 0, windowStart: now } },
  );
  const user = await LoginThrottleModel.findOneAndUpdate(
    { _id: userKey(username) },
    {
      $inc: { failures: 1, sinceLastLogin: 1 },
      $set: { expiresAt },
      $setOnInsert: { windowStart: now },
    },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  if (user!.failures > USER_FREE_FAILURES) {
    await LoginThrottleModel.updateOne(
      { _id: user!._id },
      { $set: { nextAt: new Date(now.getTime() + USER_SPACING_MS) } },
    );
  }
}

/**
 * A successful sign-in: this address starts afresh, and the owner learns how many attempts on
 * their name failed since they last signed in (the count then starts again).
 */
export async function recordSuccessfulLogin(username: string, address: string) {
  await LoginThrottleModel.deleteOne({ _id: pairKey(username, address) });
  const user = await LoginThrottleModel.findOneAndUpdate(
    { _id: userKey(username) },
    { $set: { sinceLastLogin: 0 } },
    { returnDocument: 'before' },
  ).lean();
  return user?.sinceLastLogin ?? 0;
}
