// The buyer confirms a delivery as weighed at its plant: the delivery's existing adjustment,
// with the ticket's net, grade, moisture and impurity and the weight its rules took off, priced
// by the contract (app/domain/pricing.ts); the seller then accepts or disputes it as any other
// adjustment. Intake feeds the buyer's confirmation; it is not a second way to buy.
import { Types } from 'mongoose';
import { z } from 'zod';
import { defineCommand, refuse, type Outcome } from '../../kernel/command';
import type { Actor } from '../../kernel/audit';
import type { Scope } from '../../kernel/scope';
import { adjustDelivery, previewAdjustment, type PricedFigures } from '../../trade';
import { objectId } from '~/schemas/common';
import { IntakeTicketModel } from '../schema';

async function ticketFor(scope: Scope, deliveryId: Types.ObjectId) {
  return IntakeTicketModel.findOne({
    deliveryId,
    ownerOrgId: scope.orgId,
    townId: scope.townId,
    status: 'recorded',
  })
    .select('number netKg grade moisturePct impurityPct deductedKg')
    .lean();
}

const asAdjustment = (t: NonNullable<Awaited<ReturnType<typeof ticketFor>>>) => ({
  quantity: t.netKg,
  grade: t.grade,
  moisturePct: t.moisturePct,
  impurityPct: t.impurityPct,
  weighedDeductedQty: t.deductedKg,
});

/** The buyer's adjustment to the plant's figures (the seller then accepts it). */
export async function adjustAsWeighed(
  scope: Scope,
  deliveryId: Types.ObjectId,
  actor: Actor,
): Promise<Outcome<{ id: Types.ObjectId }>> {
  const ticket = await ticketFor(scope, deliveryId);
  if (!ticket) return refuse('notFound');
  return adjustDelivery(
    scope,
    deliveryId,
    { ...asAdjustment(ticket), reason: `加工厂磅单 ${ticket.number}`, weighedTicket: ticket.number },
    actor,
  );
}

/** What confirming as weighed would come to, written nowhere: shown beside the button. */
export async function previewAsWeighed(
  scope: Scope,
  deliveryId: Types.ObjectId,
): Promise<Outcome<{ figures: PricedFigures; ticket: string }>> {
  const ticket = await ticketFor(scope, deliveryId);
  if (!ticket) return refuse('notFound');
  const preview = await previewAdjustment(scope, deliveryId, asAdjustment(ticket));
  return preview.ok
    ? { ok: true, value: { figures: preview.value.figures, ticket: ticket.number } }
    : preview;
}

export const adjustAsWeighedCommand = defineCommand({
  name: 'delivery/adjustAsWeighed',
  permission: ['adjust', 'delivery'],
  input: z.object({ id: objectId }),
  run: ({ id }, { scope, actor }) => adjustAsWeighed(scope, new Types.ObjectId(id), actor),
});
