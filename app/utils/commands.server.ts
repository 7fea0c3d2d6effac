// The one adapter between commands (models/kernel/command.ts) and whoever asked: a page's form,
// a button, the JSON API. What a caller is told follows from the refusal's code alone, never
// from its message: renaming a message changes no status.
import { data } from '@remix-run/node';
import type { Types } from 'mongoose';
import type { z } from 'zod';
import { execute, type Caller, type Command, type Outcome, type Refusal } from '#models/kernel/command';
import { apiError, englishOf, validationError, type ApiCaller } from './api.server';
import { actorOf, type SessionUser } from './auth.server';
import { redirectWithFlash } from './flash.server';
import { intentOf, invalid, parseSubmission, readForm } from './forms.server';
import { notFound, requirePermission } from './permissions.server';

/** A signed-in user as a command's caller; the form's one-time key makes a repeat answer once. */
export function callerOf(user: SessionUser, form?: FormData): Caller {
  return {
    role: user.role,
    townId: user.townId,
    orgId: user.orgId,
    actor: actorOf(user, form),
    person: { name: user.displayName, org: user.orgName },
  };
}

/** An API token as a command's caller (its Idempotency-Key is in its actor). */
export const apiCallerOf = (caller: ApiCaller): Caller => ({
  role: caller.role,
  townId: caller.townId,
  orgId: caller.orgId,
  actor: caller.actor,
  person: { name: caller.actor.username, org: '' },
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

/** A record's commands (models/kernel/record-commands.ts, or a module's own set of four). */
interface RecordCommandSet<R> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command takes its own input
  create: Command<any, R>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  update: Command<any, R>;
  archive: Command<{ id: string }, unknown> | null;
  restore: Command<{ id: string }, unknown> | null;
}

type Succeeded = Extract<ReturnType<typeof parseSubmission>, { status: 'success' }>;

/**
 * A form's command: the form's values (with the ids the route adds) through `execute`; a
 * refusal comes back as the form's reply, what was typed kept.
 */
export async function submitCommand<Input, R>(
  command: Command<Input, R>,
  caller: Caller,
  submission: Succeeded,
  extra: Record<string, unknown> = {},
): Promise<{ ok: true; value: R } | { ok: false; response: ReturnType<typeof invalid> }> {
  const outcome = await execute(command, caller, { ...(submission.value as object), ...extra });
  return outcome.ok ? outcome : { ok: false, response: formRefusal(submission, outcome) };
}

/**
 * A form posted to a command, the whole of a route's action for most forms: the role's
 * permission first (a 403 page, whatever the form), then the form against its schema, then the
 * command; done, to the page `done` names with its flash message.
 */
export async function formCommand<Input, R>(
  form: FormData,
  user: SessionUser,
  command: Command<Input, R>,
  schema: z.ZodType,
  { extra, done }: { extra?: Record<string, unknown>; done: (value: R) => [to: string, flash: string] },
) {
  requirePermission(user, ...command.permission);
  const submission = parseSubmission(form, schema);
  if (submission.status !== 'success') return invalid(submission);
  const saved = await submitCommand(command, callerOf(user, form), submission, extra);
  if (!saved.ok) return saved.response;
  return redirectWithFlash(...done(saved.value));
}

/**
 * The post of a record's page (master data, targets): its archive or restore button, or its
 * form, saved as the record's update (with an id) or creation. Back to `back` when done, or to
 * `to` the record made.
 */
export async function recordAction<R>(
  request: Request,
  user: SessionUser,
  commands: RecordCommandSet<R>,
  {
    schema,
    id,
    back,
    to,
    extra = {},
  }: {
    schema: z.ZodType;
    id?: Types.ObjectId;
    back: string;
    to?: (value: R) => string;
    /** what the route adds to the form's values (the town an administrator chose) */
    extra?: Record<string, unknown>;
  },
) {
  requirePermission(user, ...commands.create.permission);
  const form = await readForm(request);
  const caller = callerOf(user, form);
  const intent = id ? intentOf(form, ['archive', 'restore'] as const) : null;
  const button = intent && commands[intent];
  if (id && button) {
    const outcome = await execute(button, caller, { id: String(id) });
    if (!outcome.ok) return buttonRefusal(back, outcome);
    return redirectWithFlash(back, intent === 'archive' ? 'common.archivedOk' : 'common.restoredOk');
  }
  return formCommand(form, user, id ? commands.update : commands.create, schema, {
    extra: id ? { ...extra, id: String(id) } : extra,
    done: (value) => [to ? to(value) : back, 'common.saved'],
  });
}
