// The form token, for the few browsers that send neither Origin nor Sec-Fetch-Site with a
// post (server.mjs marks those requests). Each browser gets a random seed in an HttpOnly cookie;
// its forms carry an HMAC of it under the server's secret, which another site can neither read
// nor compute. Browsers that do send the headers are judged by them and need no token.
import crypto from 'node:crypto';
import { createCookie, data } from '@remix-run/node';
import { getEnv } from './env.server';

const cookie = () =>
  createCookie('xl_csrf', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: 365 * 24 * 3600,
    secure: getEnv().PUBLIC_URL.startsWith('https:'),
  });

const tokenOf = (seed: string) =>
  crypto.createHmac('sha256', getEnv().SESSION_SECRET).update(`csrf:${seed}`).digest('base64url');

async function seedOf(request: Request): Promise<string | null> {
  const seed = await cookie().parse(request.headers.get('Cookie'));
  return typeof seed === 'string' && /^[A-Za-z0-9_-]{20,64}$/.test(seed) ? seed : null;
}

/** The token for this browser's forms, and the cookie to set when it has no seed yet. */
export async function formToken(request: Request): Promise<{ token: string; setCookie: string | null }> {
  const existing = await seedOf(request);
  const seed = existing ?? crypto.randomBytes(24).toString('base64url');
  return { token: tokenOf(seed), setCookie: existing ? null : await cookie().serialize(seed) };
}

/** Refuses (403) a post that needs the token and does not carry the right one. */
export async function verifyFormToken(request: Request, form: FormData) {
  if (request.headers.get('x-xl-token-required') !== '1') return;
  const seed = await seedOf(request);
  const sent = form.get('_csrf');
  const ok =
    seed !== null &&
    typeof sent === 'string' &&
    sent.length === tokenOf(seed).length &&
    crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(tokenOf(seed)));
  if (!ok) throw data({ error: 'csrf' }, { status: 403 });
}
