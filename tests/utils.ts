// Helpers to call loaders and actions with real Requests as a signed-in user.
import type { Types } from 'mongoose';
import { expect } from 'vitest';
import { startSession } from '~/utils/auth.server';

const ORIGIN = 'http://localhost:3000';

/** A session cookie for a user, made the same way sign-in makes it. */
export async function sessionCookieFor(userId: Types.ObjectId) {
  const response = await startSession(new Request(ORIGIN), userId, '/');
  const setCookie = response.headers.get('Set-Cookie')!;
  return setCookie.split(';')[0];
}

export async function requestAs(
  user: { _id: Types.ObjectId } | { id: string } | null,
  path: string,
  init: {
    method?: string;
    form?: Record<string, string | string[]>;
    body?: BodyInit;
    headers?: Record<string, string>;
  } = {},
) {
  const headers = new Headers(init.headers);
  if (user) {
    const id =
      '_id' in user ? user._id : (await import('mongoose')).Types.ObjectId.createFromHexString(user.id);
    headers.set('Cookie', await sessionCookieFor(id));
  }
  let body = init.body;
  if (init.form) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(init.form)) for (const item of [v].flat()) form.append(k, item);
    body = form;
  }
  return new Request(`${ORIGIN}${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
}

export const args = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: {},
});

/** The status of what a loader/action threw or returned (Response or Remix's data()). */
export function statusOf(value: unknown): number {
  if (value instanceof Response) return value.status;
  const v = value as { init?: { status?: number } | null; type?: string };
  if (v && v.type === 'DataWithResponseInit') return v.init?.status ?? 200;
  return 200;
}

export async function expectThrownStatus(promise: Promise<unknown>, status: number) {
  let thrown: unknown;
  try {
    await promise;
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected a thrown ${status}`).toBeDefined();
  expect(statusOf(thrown)).toBe(status);
}

/** The payload of a data() result. */
export function payloadOf<T = unknown>(value: unknown): T {
  const v = value as { type?: string; data?: unknown };
  return (v && v.type === 'DataWithResponseInit' ? v.data : v) as T;
}

/**
 * Runs `write` cut off after its n-th write (as a power cut would), then what start-up does
 * after a crash; true when it was cut off (false: it finished before the n-th write).
 */
export async function crashAt(n: number, write: () => Promise<unknown>) {
  const { crashAfter, recoverOperations, SimulatedCrash } = await import('#models/kernel/operation');
  crashAfter.writes = n;
  let crashed = false;
  try {
    await write();
  } catch (error) {
    if (!(error instanceof SimulatedCrash)) throw error;
    crashed = true;
  } finally {
    crashAfter.writes = null;
  }
  await recoverOperations({ exclusive: true });
  return crashed;
}

/** Every invariant db:check knows holds, and no operation is left unfinished. */
export async function expectConsistent() {
  const { checkDatabase } = await import('#models/kernel/checks');
  const { OperationModel } = await import('#models/kernel/operation');
  const report = await checkDatabase({ exclusive: true });
  expect(report.problems.map((p) => `${p.check} ${p.record}: ${p.message}`)).toEqual([]);
  expect(await OperationModel.countDocuments({ state: { $in: ['holding', 'releasing', 'applying'] } })).toBe(
    0,
  );
}

/** Calls a route as an outside system would (a thrown Response is the answer too). */
export async function callRoute(
  route: { action?: (a: never) => unknown; loader?: (a: never) => unknown },
  method: 'GET' | 'POST',
  path: string,
  params: Record<string, string>,
  init: { token?: string; body?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  const request = new Request(`http://localhost:3000${path}`, { method, headers, body: init.body });
  let res: unknown;
  try {
    res = await (method === 'GET' ? route.loader! : route.action!)(args(request, params) as never);
  } catch (thrown) {
    res = thrown;
  }
  const response = res as Response;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON as received
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
