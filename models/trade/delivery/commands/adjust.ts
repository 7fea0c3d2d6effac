// Adjust: the buyer changes weight, grade or deductions of a pending delivery (one audited
// update, pending → adjusted); the seller then accepts (confirm) or disputes.
import { Types } from 'mongoose';
import { ContractModel, priceTermsOf, type ContractDoc } from '../../contract';

import { type Outcome } from '../../../kernel/operation';

import { refusedAs, updateRecord } from '../../../kernel/write';
import type { Actor } from '../../../kernel/audit';
import { DeliveryModel, type Delivery, type PricedFigures } from '../schema';
import type { Scope } from '../../../kernel/scope';

import type { Grade } from '~/domain/planting';
import { priceLine } from '~/domain/pricing';

import { defineCommand, msg, refuse } from '../../../kernel/command';
import { objectId } from '~/schemas/common';
import { AdjustSchema } from '~/schemas/delivery';

import { priceFigures } from '../pricing';
import { deliveryFor } from '../steps';

export interface AdjustInput {
  quantity: number;
  grade: Grade;
  moisturePct: number;
  impurityPct: number;
  reason: string;
  /** as weighed at the plant: the ticket's number and the weight its rules took off */
  weighedTicket?: string;
  weighedDeductedQty?: number;
}

/** The buyer changes weight, grade or deductions of a pending delivery; the seller then answers. */
export async function adjustDelivery(
  scope: Scope,
  id: Types.ObjectId,
  input: AdjustInput,
  actor: Actor,
  { now }: { now?: Date } = {},
): Promise<Outcome<{ id: Types.ObjectId }>> {
  const d = await deliveryFor(scope, id, 'buyer');
  if (!d) return refuse('notFound');
  // a repeat of an earlier adjustment (the same one-time key) is answered by the write below
  if (d.status !== 'pending' && !actor.once) return refuse('conflict', 'delivery.notPending');
  const worked = await adjustedFigures(d, input);
  if (!worked.ok) return worked;
  const { figures } = worked;
  const saved = await refusedAs(() =>
    updateRecord(
      DeliveryModel,
      { _id: id, buyerOrgId: scope.orgId, status: 'pending' },
      {
        status: 'adjusted',
        statusAt: now ?? new Date(),
        adjustment: {
          ...figures,
          reason: input.reason,
          weighedTicket: input.weighedTicket ?? '',
          at: now ?? new Date(),
          byUserId: actor.userId,
        },
      } as Partial<Delivery>,
      actor,
      { label: () => d.code, input: { adjust: String(id), ...input } },
    ),
  );
  if (!saved.ok) return saved;
  if (!saved.value) return refuse('conflict', 'delivery.notPending');
  return { ok: true, value: { id } };
}

/**
 * What an adjustment would come to, written nowhere: the buyer sees the amount before it sends
 * the change (the same figures the adjustment would store).
 */
export async function previewAdjustment(
  scope: Scope,
  id: Types.ObjectId,
  input: Omit<AdjustInput, 'reason'>,
): Promise<Outcome<{ figures: PricedFigures }>> {
  const d = await deliveryFor(scope, id, 'buyer');
  if (!d) return refuse('notFound');
  if (d.status !== 'pending') return refuse('conflict', 'delivery.notPending');
  const worked = await adjustedFigures(d, input);
  return worked.ok ? { ok: true, value: { figures: worked.figures } } : worked;
}

async function adjustedFigures(
  d: NonNullable<Awaited<ReturnType<typeof deliveryFor>>>,
  input: Omit<AdjustInput, 'reason'>,
) {
  if (input.quantity > d.submitted.quantity + 1e-9)
    return refuse('invalid', { quantity: [msg('delivery.adjustMore', { max: d.submitted.quantity })] });
  if (d.unit === 'head' && !Number.isInteger(input.quantity))
    return refuse('invalid', { quantity: ['v.integer'] });
  const contract = d.contractId
    ? ((await ContractModel.findById(d.contractId).lean()) as ContractDoc | null)
    : null;
  const priced = await priceFigures(
    contract,
    d.townId,
    d.productId,
    { ...input, day: d.deliveredOn },
    d.contractId ? undefined : d.submitted.unitFen,
  );
  if (!priced.ok) return priced;
  // the market price of the delivery's day as submitted: an adjustment changes goods, not the day
  const figures = contract
    ? (repriceAt(contract, input, d.submitted.marketFen, d.submitted.marketDay) ?? priced.figures)
    : priced.figures;
  return { ok: true as const, figures };
}

function repriceAt(
  contract: ContractDoc,
  input: Omit<AdjustInput, 'reason'>,
  marketFen: number | null,
  marketDay: string | null,
) {
  try {
    const line = priceLine(priceTermsOf(contract), input, marketFen);
    return {
      quantity: input.quantity,
      grade: input.grade,
      moisturePct: input.moisturePct,
      impurityPct: input.impurityPct,
      marketFen,
      marketDay,
      source: line.source,
      unitFen: line.unitFen,
      deductedQty: line.deductedQty,
      payableQty: line.payableQty,
      amountFen: line.amountFen,
    } satisfies PricedFigures;
  } catch {
    return null;
  }
}

/** The buyer adjusts a pending delivery's weight, grade or deductions, with a reason. */
export const adjustDeliveryCommand = defineCommand({
  name: 'delivery/adjust',
  permission: ['adjust', 'delivery'],
  input: AdjustSchema.extend({ id: objectId }),
  run: ({ id, ...input }, { scope, actor }) => adjustDelivery(scope, new Types.ObjectId(id), input, actor),
});
