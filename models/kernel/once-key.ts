// One-time keys: a form's hidden key or an API's Idempotency-Key, stored with the operation it
// started, with a keyed digest of the request, so that a repeat gets the first answer.
import crypto from 'node:crypto';
import { Types } from 'mongoose';

/** A one-time key from a form or an API call; an action's operations take keys #1, #2, … */
export interface OnceKey {
  owner: string; // the user (or API token) the key belongs to
  key: string;
  next: number;
}

export const ONCE_KEY_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export function onceKey(owner: Types.ObjectId | string, key: unknown): OnceKey | undefined {
  if (typeof key !== 'string' || !ONCE_KEY_PATTERN.test(key)) return undefined;
  return { owner: String(owner), key, next: 0 };
}

/**
 * Keyed with the server's secret, so the stored digest of an input that holds a password is
 * no help to someone who has only the database.
 */
export function inputHash(salt: string, kind: string, input: unknown) {
  return crypto
    .createHmac('sha256', process.env.SESSION_SECRET ?? 'xianglian')
    .update(salt)
    .update(kind)
    .update(JSON.stringify(input ?? null))
    .digest('hex');
}

// derived from the input with a fresh salt each time: never the same twice
const SALTED_FIELDS = new Set(['passwordHash', 'tokenHash']);

/**
 * What identifies a request as the same: the caller's input without the values that differ
 * on every attempt by design (times, salted hashes).
 */
export function forHash(value: unknown): unknown {
  if (value instanceof Date) return '<date>';
  if (value instanceof Types.ObjectId) return String(value);
  if (Array.isArray(value)) return value.map(forHash);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !SALTED_FIELDS.has(k))
        .map(([k, v]) => [k, forHash(v)]),
    );
  }
  return value;
}
