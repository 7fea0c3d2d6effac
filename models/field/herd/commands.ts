// A base's herd writes as commands: an event recorded (a birth, a death, a sale that makes a
// lot), corrected in its details, or voided by a reversing entry.
import { Types } from 'mongoose';
import { defineCommand, ok, refuse } from '../../kernel/command';
import { withId } from '../../kernel/record-commands';
import type { Scope } from '../../kernel/scope';
import { townOrganization } from '../../town/organization';
import { HerdEventCorrectionSchema, HerdEventSchema, HerdReverseSchema } from '~/schemas/herd';
import { getBase } from './base';
import { correctHerdEvent } from './index';
import { recordHerdEvent } from './record';
import { reverseHerdEvent } from './reverse';

/** The caller's base, or nothing: only a breeding base keeps a herd. */
const baseOf = (scope: Scope) => (scope.orgId ? getBase(scope.orgId) : Promise.resolve(null));

/**
 * An event of the caller's base. A sale to an enterprise in the app names it (buyerOrgId): the
 * answer then says so, and the lot the sale made can go to it as a delivery.
 */
export const recordHerdEventCommand = defineCommand({
  name: 'herd/record',
  permission: ['write', 'herd'],
  input: HerdEventSchema,
  async run({ buyerOrgId, ...event }, { scope, actor }) {
    const base = await baseOf(scope);
    if (!base) return refuse('notFound', 'v.notFound');
    const buyer = buyerOrgId
      ? await townOrganization(scope.townId, buyerOrgId, 'enterprise', { active: true })
      : null;
    if (buyerOrgId && !buyer) return refuse('invalid', { buyerOrgId: ['v.invalidChoice'] });
    const result = await recordHerdEvent(base, { ...event, buyer: event.buyer || buyer?.name || '' }, actor);
    if (!result.ok) return refuse('invalid', result.errors);
    return ok({ id: result.id, lotCode: result.lotCode, buyerOrgId: buyer?.id ?? null });
  },
});

export const correctHerdEventCommand = defineCommand({
  name: 'herd/correct',
  permission: ['write', 'herd'],
  input: withId(HerdEventCorrectionSchema),
  async run({ id, ...input }, { scope, actor }) {
    const result = await correctHerdEvent(scope, new Types.ObjectId(id), input, actor);
    if (!result) return refuse('notFound', 'v.notFound');
    return result.ok ? ok(true) : refuse('invalid', result.errors);
  },
});

/** A record entered by mistake, voided by a reversing entry (never deleted). */
export const reverseHerdEventCommand = defineCommand({
  name: 'herd/reverse',
  permission: ['write', 'herd'],
  input: withId(HerdReverseSchema),
  async run({ id, reverseNote }, { scope, actor }) {
    const base = await baseOf(scope);
    if (!base) return refuse('notFound', 'v.notFound');
    const result = await reverseHerdEvent(base, new Types.ObjectId(id), reverseNote, actor);
    if (!result) return refuse('notFound', 'v.notFound');
    return result.ok ? ok(result) : result;
  },
});
