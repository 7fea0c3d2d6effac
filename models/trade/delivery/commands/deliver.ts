// The seller's commands that make a delivery: one posted from the delivery form (its lots, all
// or part of each, and the weigh ticket's photo), and a base's sale delivered to the
// enterprise that bought it. Both run `submitDelivery` (./submit.ts).
import { Types } from 'mongoose';
import { z } from 'zod';
import { defineCommand, refuse } from '../../../kernel/command';
import { getLotByCode } from '../../../lots/lot';
import { activeContractWith } from '../../contract';
import { yuanToFen } from '~/domain/herd';
import { objectId } from '~/schemas/common';
import { DeliverySchema, linesOf, type DeliveryFormInput } from '~/schemas/delivery';
import type { DeliveryInput } from '../pricing';
import { submitDelivery } from './submit';

/** The delivery form's values as the write takes them (ids, fen, the lot lines in order). */
export function deliveryInputOf(v: DeliveryFormInput): DeliveryInput {
  const spot = v.contractId === 'spot';
  return {
    contractId: spot ? null : new Types.ObjectId(v.contractId),
    ...(spot && { buyerOrgId: new Types.ObjectId(v.buyerOrgId!), agreedFen: yuanToFen(v.agreedYuan!) }),
    deliveredOn: v.deliveredOn,
    weighTicket: v.weighTicket,
    plantOrgId: v.plantOrgId ? new Types.ObjectId(v.plantOrgId) : null,
    grade: v.grade,
    moisturePct: v.moisturePct,
    impurityPct: v.impurityPct,
    weightUnit: v.weightUnit ?? 'kg',
    lines: linesOf(v).map((l) => ({
      lotId: new Types.ObjectId(l.lotId),
      quantity: l.quantity,
      index: l.index,
    })),
  };
}

/** The weigh ticket's photo, already known to be an image of at most 2 MB (its bytes checked). */
const Photo = z.object({
  contentType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  bytes: z.instanceof(Uint8Array),
});

export const submitDeliveryCommand = defineCommand({
  name: 'delivery/submit',
  permission: ['write', 'delivery'],
  input: z.intersection(DeliverySchema, z.object({ photo: Photo.optional() })),
  run: ({ photo, ...form }, { scope, actor }) =>
    submitDelivery(scope, deliveryInputOf(form as DeliveryFormInput), actor, photo),
});

/**
 * A base's sale to an enterprise in the app: the lot the sale made goes to the buyer as a
 * delivery (under the base's active contract with it, or at the sale's price), which it
 * confirms like any other.
 */
export const deliverSaleCommand = defineCommand({
  name: 'delivery/deliver-sale',
  permission: ['write', 'delivery'],
  input: z.object({
    lotCode: z.string().min(1).max(40),
    buyerOrgId: objectId,
    date: z.string(),
    head: z.number().int().positive(),
    priceYuan: z.number().nonnegative().optional(),
    weightKg: z.number().positive().optional(),
  }),
  async run(sale, { scope, actor }) {
    const lot = await getLotByCode(scope, sale.lotCode);
    if (!lot) return refuse('notFound', 'v.notFound');
    const buyerOrgId = new Types.ObjectId(sale.buyerOrgId);
    const contractId = await activeContractWith(scope, {
      buyerOrgId,
      productId: lot.productId,
      day: sale.date,
    });
    return submitDelivery(
      scope,
      {
        contractId,
        buyerOrgId,
        agreedFen: Math.round(((sale.priceYuan ?? 0) * 100) / sale.head),
        deliveredOn: sale.date,
        weighTicket: sale.lotCode,
        liveWeightKg: sale.weightKg ?? null,
        grade: 'mixed',
        moisturePct: 0,
        impurityPct: 0,
        lines: [{ lotId: new Types.ObjectId(lot.id), quantity: lot.quantity }],
      },
      actor,
    );
  },
});
