// Commands: every write of the app, whoever asks for it (a form, the JSON API, an import row,
// later an offline record replayed), is one of these (docs/decisions/0012).
//
//   name        what the audit trail and the logs call it: 'delivery.confirm'
//   permission  the action and the entity it needs (roles.ts): ['confirm', 'delivery']
//   input       the zod schema of what it takes (ids as strings, amounts in fen, quantities in kg)
//   run         the operation; returns a value, or a refusal
//
// A refusal carries a code (what kind of no) and the messages to show a person. The code alone
// decides what a caller makes of it: the API's status, a form's reply, an import's row error.
// Renaming a message changes no status code.
import type { z } from 'zod';
import { accessFor, type Action, type Entity, type Role } from '~/schemas/roles';
import type { Actor } from './audit';
import { DuplicateKeyError } from './common';
import type { Scope } from './scope';

/** Field errors, as forms show them ('' is the form as a whole); values are message keys. */
export type FieldErrors = Record<string, string[]>;

/** The kinds of "no", each with the HTTP status an API caller gets for it. */
export const REFUSAL_STATUS = {
  /** the input breaks a rule: the errors say which field and why */
  invalid: 422,
  /** no such record within the caller's scope (never says whether it exists elsewhere) */
  notFound: 404,
  /** the caller's role may not do this */
  forbidden: 403,
  /** the record has moved on: already confirmed, changed meanwhile, the lot is gone */
  conflict: 409,
  /** the one-time key (form key, Idempotency-Key) was first used for another request */
  keyReused: 409,
} as const;
export type RefusalCode = keyof typeof REFUSAL_STATUS;

export interface Refusal {
  ok: false;
  code: RefusalCode;
  errors: FieldErrors;
}
export type Outcome<R> = { ok: true; value: R } | Refusal;

/** A message key with values, as the translator reads it: `key|{json}`. */
export const msg = (key: string, values?: Record<string, unknown>) =>
  values ? `${key}|${JSON.stringify(values)}` : key;

/** A refusal with field errors, or with one message for the form as a whole. */
export function refuse(code: RefusalCode, errors: FieldErrors | string = {}): Refusal {
  return { ok: false, code, errors: typeof errors === 'string' ? { '': [errors] } : errors };
}

export const ok = <R>(value: R): Outcome<R> => ({ ok: true, value });

/** A write's record as the answer, or `notFound` when it found none in the caller's scope. */
export const found = <R>(value: R | null | undefined): Outcome<R> =>
  value ? ok(value) : refuse('notFound', 'v.notFound');

export const isRefusal = (value: unknown): value is Refusal =>
  !!value &&
  typeof value === 'object' &&
  (value as Refusal).ok === false &&
  typeof (value as Refusal).code === 'string' &&
  (value as Refusal).code in REFUSAL_STATUS;

/** A write refused for a reason the caller can show (a repeated one-time key, an interrupted write). */
export class WriteRefused extends Error {
  constructor(
    public errors: FieldErrors,
    public code: RefusalCode = errors['']?.[0] === 'v.alreadySubmitted' ? 'keyReused' : 'conflict',
  ) {
    super(`write refused: ${JSON.stringify(errors)}`);
  }
}

/** The refusal a thrown WriteRefused or unique-index collision stands for; anything else rethrows. */
export function refusalOf(error: unknown, fieldMessages: Record<string, string> = {}): Refusal {
  if (error instanceof WriteRefused) return refuse(error.code, error.errors);
  if (error instanceof DuplicateKeyError) {
    const errors: FieldErrors = {};
    for (const field of error.fields) errors[field] = [fieldMessages[field] ?? 'v.duplicate'];
    return refuse('invalid', errors);
  }
  throw error;
}

/** Who asks: their role decides the permission, their town and organization the scope. */
export interface Caller {
  role: Role;
  townId: Scope['townId'];
  orgId: Scope['orgId'];
  actor: Actor;
  /** how a record names who made it (a problem's raiser, a note's author): 张三 · 青龙合作社 */
  person: { name: string; org: string };
}

/** What a command runs with: the caller's scope, the actor its audit events name, the person. */
export interface CommandContext {
  scope: Scope;
  actor: Actor;
  person: Caller['person'];
}

export interface Command<Input, R> {
  name: string;
  permission: readonly [Action, Entity];
  input: z.ZodType<Input>;
  run(input: Input, context: CommandContext): Promise<Outcome<R>>;
  /** the message of a unique-index collision, by field ('v.duplicate' otherwise) */
  duplicates?: Record<string, string>;
}

export function defineCommand<Input, R>(command: Command<Input, R>): Command<Input, R> {
  return command;
}

function zodErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || '';
    (errors[field] ??= []).push(issue.message);
  }
  return errors;
}

/**
 * Runs a command for a caller: the permission first (a refusal, not a throw), then the input
 * against its schema, then the command. A write refused on the way (a repeated key, a unique
 * index) comes back as a refusal too: nothing a command says no to becomes a 500.
 */
export async function execute<Input, R>(
  command: Command<Input, R>,
  caller: Caller,
  raw: unknown,
): Promise<Outcome<R>> {
  const access = accessFor(caller.role, command.permission[0], command.permission[1]);
  if (!access) {
    const [action, entity] = command.permission;
    return refuse('forbidden', msg('v.forbidden', { action, entity }));
  }
  const parsed = command.input.safeParse(raw);
  if (!parsed.success) return refuse('invalid', zodErrors(parsed.error));
  const scope: Scope = { access, townId: caller.townId, orgId: caller.orgId };
  try {
    return await command.run(parsed.data, { scope, actor: caller.actor, person: caller.person });
  } catch (error) {
    return refusalOf(error, command.duplicates);
  }
}
