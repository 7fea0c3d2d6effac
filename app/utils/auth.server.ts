import { weightUnitOf, type WeightUnit } from '~/domain/planting';
import { createCookie, redirect } from '@remix-run/node';
import type { Types } from 'mongoose';
import type { Actor } from '#models/kernel/audit';
import { onceKey } from '#models/kernel/operation';
import { createSession, deleteSession, findSessionUser } from '#models/town/session';
import type { Role } from '~/schemas/roles';
import { getEnv } from './env.server';
import { flashCookie } from './flash.server';

function sessionCookie(request: Request) {
  // Secure whenever the app is served over HTTPS (its public address, or this request): the
  // demo on http://localhost or a LAN address keeps working, production on https is protected.
  const secure = new URL(request.url).protocol === 'https:' || getEnv().PUBLIC_URL.startsWith('https:');
  return createCookie('xl_session', {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: 14 * 24 * 60 * 60,
    secrets: [getEnv().SESSION_SECRET],
  });
}

export interface SessionUser {
  id: Types.ObjectId;
  username: string;
  displayName: string;
  role: Role;
  orgId: Types.ObjectId;
  orgName: string;
  /** The unit the organization weighs in: quantities are shown and typed in it. */
  weightUnit: WeightUnit;
  townId: Types.ObjectId | null;
  locale: 'zh' | 'en';
  sessionId: string;
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie(request).parse(request.headers.get('Cookie'));
  return typeof value === 'string' ? value : null;
}

// The root loader and the route's loader of one request ask the same question.
const usersOfRequests = new WeakMap<Request, Promise<SessionUser | null>>();

/** The signed-in user, or null (looked up once per request). */
export function getUser(request: Request): Promise<SessionUser | null> {
  let user = usersOfRequests.get(request);
  if (!user) usersOfRequests.set(request, (user = lookUpUser(request)));
  return user;
}

async function lookUpUser(request: Request): Promise<SessionUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  const found = await findSessionUser(token);
  if (!found) return null;
  const { member: user } = found;
  return {
    id: user._id,
    username: user.username,
    displayName: user.displayName,
    role: user.role as Role,
    orgId: user.orgId,
    orgName: found.orgName,
    weightUnit: weightUnitOf(found.org),
    townId: user.townId,
    locale: user.locale,
    sessionId: found._id,
  };
}

/** The signed-in user; anyone else is sent to the sign-in page and brought back afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(`/login${back && back !== '/' ? `?redirectTo=${encodeURIComponent(back)}` : ''}`);
}

export async function requireAnonymous(request: Request) {
  if (await getUser(request)) throw redirect('/');
}

export async function startSession(
  request: Request,
  userId: Types.ObjectId,
  redirectTo: string,
  { flash }: { flash?: string } = {},
) {
  const token = await createSession(userId, request.headers.get('User-Agent') ?? '');
  const headers = new Headers({ 'Set-Cookie': await sessionCookie(request).serialize(token) });
  if (flash) headers.append('Set-Cookie', await flashCookie(flash));
  return redirect(safeRedirect(redirectTo), { headers });
}

/** The client's address as the server saw it (a trusted proxy's X-Forwarded-For, or the socket). */
export function clientAddress(context: unknown) {
  const ip = (context as { clientIp?: unknown } | undefined)?.clientIp;
  return typeof ip === 'string' && ip ? ip : 'unknown';
}

export async function endSession(request: Request) {
  const token = await readToken(request);
  if (token) await deleteSession(token);
  return redirect('/login', {
    headers: { 'Set-Cookie': await sessionCookie(request).serialize('', { maxAge: 0 }) },
  });
}

const PLACEHOLDER_ORIGIN = 'http://xianglian.invalid';

/**
 * A path of this app to send the browser to, or `fallback`. The address is resolved as a
 * browser would resolve it against this app's origin and kept only if it stays there; any
 * control character (a TAB or CR/LF a browser would drop or a header would break on) or a
 * backslash (which browsers read as a slash) refuses it outright.
 */
export function safeRedirect(to: unknown, fallback = '/') {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (typeof to !== 'string' || !to.startsWith('/') || /[\u0000-\u001F\u007F-\u009F\\]/.test(to)) {
    return fallback;
  }
  let url: URL;
  try {
    url = new URL(to, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return fallback;
  // the path as normalized (`/.//x`, `/%2e//x` and `/a/../..//x` all become `//x`): it must
  // still be a path of this app when read again, or it is a way off-site
  const path = url.pathname + url.search + url.hash;
  if (path.startsWith('//') || new URL(path, PLACEHOLDER_ORIGIN).origin !== PLACEHOLDER_ORIGIN)
    return fallback;
  return path;
}

/**
 * The user as the audit trail records them. Given the posted form, the actor also carries the
 * form's one-time key, so that the writes it makes happen once however often it is sent.
 */
export function actorOf(user: SessionUser, form?: FormData): Actor {
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    orgId: user.orgId,
    townId: user.townId,
    once: form ? onceKey(user.id, form.get('_once')) : undefined,
  };
}
