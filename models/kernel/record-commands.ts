// The commands of a record kept by its own form (a village, a product, a target): create,
// update, archive and restore, made from the module's functions for that record. A module
// defines its record once (`recordCommands`); a route only says which command a post is.
import { Types } from 'mongoose';
import { z } from 'zod';
import { objectId } from '~/schemas/common';
import type { Entity } from '~/schemas/roles';
import type { Actor } from './audit';
import { defineCommand, found, refuse, type Command, type FieldErrors, type Outcome } from './command';
import type { Scope } from './scope';

const byId = z.object({ id: objectId });
type ById = z.infer<typeof byId>;

/** A form's schema with the id of the record it is about (the route's `:id`). */
export const withId = <Input>(schema: z.ZodType<Input>) =>
  z.intersection(schema, byId) as unknown as z.ZodType<Input & ById>;

export interface RecordSpec<Input, R> {
  /** what the audit trail and the permission call it: 'village' */
  entity: Entity;
  /** the form's schema (app/schemas) */
  input: z.ZodType<Input>;
  /** choices of the form that must be the caller's to make (a village of the town, a product) */
  check?(scope: Scope, input: Input): Promise<FieldErrors>;
  create(scope: Scope, input: Input, actor: Actor): Promise<R>;
  /** null: no such record in the caller's scope */
  update(scope: Scope, id: Types.ObjectId, input: Input, actor: Actor): Promise<R | null>;
  archive?(scope: Scope, id: Types.ObjectId, actor: Actor): Promise<unknown>;
  restore?(scope: Scope, id: Types.ObjectId, actor: Actor): Promise<unknown>;
  /** the message of a unique-index collision, by field ('v.duplicate' otherwise) */
  duplicates?: Record<string, string>;
}

export interface RecordCommands<Input, R> {
  create: Command<Input, R>;
  update: Command<Input & ById, R>;
  archive: Command<ById, unknown> | null;
  restore: Command<ById, unknown> | null;
}

async function checked<Input, R>(
  spec: RecordSpec<Input, R>,
  scope: Scope,
  input: Input,
  write: () => Promise<R | null>,
): Promise<Outcome<R>> {
  const errors = (await spec.check?.(scope, input)) ?? {};
  if (Object.keys(errors).length) return refuse('invalid', errors);
  return found(await write());
}

export function recordCommands<Input, R>(spec: RecordSpec<Input, R>): RecordCommands<Input, R> {
  const { entity, duplicates } = spec;
  const archiveLike = (verb: 'archive' | 'restore') => {
    const write = spec[verb];
    if (!write) return null;
    return defineCommand<ById, unknown>({
      name: `${entity}/${verb}`,
      permission: ['write', entity],
      input: byId,
      duplicates,
      run: async ({ id }, { scope, actor }) => found(await write(scope, new Types.ObjectId(id), actor)),
    });
  };
  return {
    create: defineCommand<Input, R>({
      name: `${entity}/create`,
      permission: ['write', entity],
      input: spec.input,
      duplicates,
      run: (input, { scope, actor }) => checked(spec, scope, input, () => spec.create(scope, input, actor)),
    }),
    update: defineCommand<Input & ById, R>({
      name: `${entity}/update`,
      permission: ['write', entity],
      input: withId(spec.input),
      duplicates,
      run: ({ id, ...input }, { scope, actor }) =>
        checked(spec, scope, input as Input, () =>
          spec.update(scope, new Types.ObjectId(id), input as Input, actor),
        ),
    }),
    archive: archiveLike('archive'),
    restore: archiveLike('restore'),
  };
}
