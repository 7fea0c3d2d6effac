// The JSON API's edge (/api/v1): bearer tokens, JSON bodies, Idempotency-Key, and errors as
// `{"error":{"code":"…","message":"…"}}` with the right status. Messages are English: the
// callers are other systems, and the codes are what they match on.
import type { z } from 'zod';
import { findToken } from '#models/town/api-token';
import type { Actor } from '#models/kernel/audit';
import { ONCE_KEY_PATTERN, onceKey } from '#models/kernel/operation';
import type { Scope } from '#models/kernel/scope';
import { serverT } from '~/i18n/messages.server';
import { accessFor, type Action, type Entity, type Role } from '~/schemas/roles';
import { readBody } from './forms.server';

export const API_MAX_BYTES = 1024 * 1024;

export type ApiErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'idempotency_conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'validation_failed';

const en = serverT('en');

/** A message key (with its parameters) in English words. */
export const englishOf = (message: string) => {
  const [key, params] = message.split('|', 2);
  try {
    return en(key!, params ? (JSON.parse(params) as Record<string, unknown>) : undefined);
  } catch {
    return en(key!);
  }
};

export function apiError(
  status: number,
  code: ApiErrorCode,
  message: string,
  details?: Record<string, string[]>,
): Response {
  return Response.json(
    { error: { code, message, ...(details && { details }) } },
    { status, headers: { 'Cache-Control': 'no-store' } },
  );
}

/** Field errors (message keys) as a 422 with each field's messages in English. */
export function validationError(errors: Record<string, string[]>, status = 422) {
  const details = Object.fromEntries(
    Object.entries(errors).map(([field, messages]) => [field || '_', messages.map(englishOf)]),
  );
  const first = Object.values(details).flat()[0] ?? 'invalid';
  return apiError(status, 'validation_failed', first, details);
}

export interface ApiCaller {
  tokenId: string;
  role: Role;
  orgId: import('mongoose').Types.ObjectId;
  townId: import('mongoose').Types.ObjectId;
  actor: Actor;
}

/** The caller named by the bearer token; throws a JSON 401 otherwise. */
export async function requireApiCaller(request: Request): Promise<ApiCaller> {
  const auth = request.headers.get('Authorization') ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  if (!m) throw apiError(401, 'unauthorized', 'An Authorization: Bearer <token> header is required');
  const token = await findToken(m[1]!);
  if (!token) throw apiError(401, 'unauthorized', 'The token is not valid');
  if (token.invalid) throw apiError(401, 'unauthorized', `The token is ${token.invalid}`);
  const owner = `token:${String(token._id)}`;
  // an empty header is a key that is not valid, not a missing one
  const key = request.headers.get('Idempotency-Key');
  if (key !== null && !ONCE_KEY_PATTERN.test(key)) {
    throw apiError(400, 'bad_request', 'An Idempotency-Key is 16 to 64 letters, digits, - or _');
  }
  return {
    tokenId: String(token._id),
    role: token.role,
    orgId: token.orgId,
    townId: token.townId,
    actor: {
      userId: token.createdBy,
      username: `${token.createdByName} (API ${token.prefix}…)`,
      role: token.role,
      orgId: token.orgId,
      townId: token.townId,
      once: key ? onceKey(owner, key) : undefined,
    },
  };
}

/** The caller's scope for an action, or a JSON 403. */
export function apiScope(caller: ApiCaller, action: Action, entity: Entity): Scope {
  const access = accessFor(caller.role, action, entity);
  if (!access) throw apiError(403, 'forbidden', `This token may not ${action} ${entity}`);
  return { access, townId: caller.townId, orgId: caller.orgId };
}

/** A JSON body checked by a zod schema; a JSON error for anything else. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const type = (request.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  let bytes: Uint8Array;
  try {
    bytes = await readBody(request, API_MAX_BYTES);
  } catch (error) {
    const status = (error as { init?: { status?: number } }).init?.status;
    if (status === 413) throw apiError(413, 'payload_too_large', 'The body is over 1 MB');
    throw apiError(400, 'bad_request', 'The body could not be read');
  }
  let value: unknown = {};
  if (bytes.byteLength > 0) {
    if (type !== 'application/json') {
      throw apiError(415, 'unsupported_media_type', 'Send the body as application/json');
    }
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      throw apiError(400, 'invalid_json', 'The body is not valid JSON');
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw apiError(400, 'invalid_json', 'The body must be a JSON object');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path.join('.') || '';
      (errors[field] ??= []).push(issue.message);
    }
    throw validationError(errors);
  }
  return parsed.data;
}
