// The one adapter between commands (models/kernel/command.ts) and whoever asked: a page's form,
// a button, the JSON API. What a caller is told follows from the refusal's code alone, never
// from its message: renaming a message changes no status.
import { data } from '@remix-run/node';
import { execute, type Caller, type Command, type Outcome, type Refusal } from '#models/kernel/command';
import { apiError, englishOf, validationError, type ApiCaller } from './api.server';
import { actorOf, type SessionUser } from './auth.server';
import { redirectWithFlash } from './flash.server';
import { invalid } from './forms.server';
import { notFound } from './permissions.server';

/** A signed-in user as a command's caller; the form's one-time key makes a repeat answer once. */
export function callerOf(user: SessionUser, form?: FormData): Caller {
  return {
    role: user.role,
    townId: user.townId,
    orgId: user.orgId,
    actor: actorOf(user, form),
  };
}

/** An API token as a command's caller (its Idempotency-Key is in its actor). */
export const apiCallerOf = (caller: ApiCaller): Caller => ({
  role: caller.role,
  townId: caller.townId,
  orgId: caller.orgId,
  actor: caller.actor,
});

export { execute };
export type { Command, Outcome, Refusal };

/** A refusal that is no message for a form: the page answers with its 404 or 403. */
function throwIfOutOfReach(refusal: Refusal) {
  if (refusal.code === 'notFound') notFound();
  if (refusal.code === 'forbidden') throw data({ error: 'forbidden' }, { status: 403 });
}

type Submission = Parameters<typeof invalid>[0];

/**
 * A refusal on a form with fields: its messages next to the fields (400, what was typed kept).
 * A record out of the user's reach is the 404 page, a role that may not the 403 page.
 */
export function formRefusal(submission: Submission, refusal: Refusal) {
  throwIfOutOfReach(refusal);
  return invalid(submission, refusal.errors);
}

/** A refusal of a form that is only a button (confirm, accept): back to the page with the message. */
export function buttonRefusal(here: string, refusal: Refusal) {
  throwIfOutOfReach(refusal);
  return redirectWithFlash(here, Object.values(refusal.errors).flat()[0] ?? 'v.interrupted');
}

/** A refusal as the JSON API answers it: the status and the error code follow from the refusal's code. */
export function apiRefusal(refusal: Refusal, what = 'record'): Response {
  const first = Object.values(refusal.errors).flat()[0];
  switch (refusal.code) {
    case 'notFound':
      return apiError(404, 'not_found', `No such ${what} for this organization`);
    case 'forbidden': {
      const { action, entity } = JSON.parse(first?.split('|')[1] ?? '{}') as Record<string, string>;
      return apiError(403, 'forbidden', `This token may not ${action ?? 'do'} ${entity ?? 'this'}`);
    }
    case 'keyReused':
      return apiError(409, 'idempotency_conflict', 'This Idempotency-Key was used with another request');
    case 'conflict':
      return apiError(409, 'conflict', first ? englishOf(first) : 'Conflict');
    case 'invalid':
      return validationError(refusal.errors);
  }
}

/** A command's answer to an API call: `{ data }` on success, the refusal's status otherwise. */
export function apiAnswer<R>(
  outcome: Outcome<R>,
  ok: (value: R) => Record<string, unknown>,
  what?: string,
): Response {
  if (!outcome.ok) return apiRefusal(outcome, what);
  return Response.json({ data: ok(outcome.value) }, { headers: { 'Cache-Control': 'no-store' } });
}
