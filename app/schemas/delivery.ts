// Deliveries as the forms (and the API) send them: weights in kg or head, percentages,
// prices in 元 (stored in 分).
import { z } from 'zod';
import { DELIVERY_LINES, lotField, PAYMENT_METHODS, qtyField } from '~/domain/delivery';
import { GRADES, WEIGHT_UNITS } from '~/domain/planting';
import {
  confirmation,
  decimal,
  enumOf,
  notesText,
  objectId,
  optionalText,
  moneyYuan,
  positiveDecimal,
  text,
} from './common';
import { pastDate } from './planting';

export { lotField, qtyField };
const LINES = Array.from({ length: DELIVERY_LINES }, (_, i) => i + 1);

const lineFields = Object.fromEntries(
  LINES.flatMap((i) => [
    [lotField(i), objectId.optional()],
    [qtyField(i), positiveDecimal(1_000_000_000).optional()],
  ]),
) as Record<`lot${number}`, z.ZodOptional<typeof objectId>> &
  Record<`qty${number}`, z.ZodOptional<ReturnType<typeof positiveDecimal>>>;

const percent = decimal({ min: 0, max: 100 }).optional().default(0);

/** A weigh-ticket number: letters, digits and - _ / # (as printed on the ticket). */
export const weighTicket = text(40).regex(/^[\p{L}\p{N}\-_/#.]+$/u, 'delivery.ticketChars');

const deliveryFields = {
  // a contract, or 'spot': a purchase without one at a price both agree (现货收购)
  contractId: objectId.or(z.literal('spot', { error: 'v.invalidChoice' })),
  buyerOrgId: objectId.optional(),
  agreedYuan: positiveDecimal(1_000_000).optional(),
  deliveredOn: pastDate,
  weighTicket,
  // where the goods go: the buyer's receiving plant (过磅入厂 there), or the buyer itself
  plantOrgId: objectId.optional(),
  grade: enumOf(GRADES),
  moisturePct: percent,
  impurityPct: percent,
  // the unit the lines' weights are typed in (the organization's: 斤 for a cooperative); head stay head
  weightUnit: enumOf(WEIGHT_UNITS).optional(),
  ...lineFields,
};

/** The checks across fields: each lot line whole, at least one lot, a spot purchase's buyer and price. */
const deliveryChecks = (
  v: { contractId: string; buyerOrgId?: string; agreedYuan?: number },
  ctx: z.RefinementCtx,
) => {
  const values = v as unknown as Record<string, unknown>;
  let any = false;
  for (const i of LINES) {
    const lot = values[lotField(i)];
    const qty = values[qtyField(i)];
    if (lot !== undefined || qty !== undefined) any = true;
    if (lot !== undefined && qty === undefined)
      ctx.addIssue({ code: 'custom', path: [qtyField(i)], message: 'v.required' });
    if (lot === undefined && qty !== undefined)
      ctx.addIssue({ code: 'custom', path: [lotField(i)], message: 'v.required' });
  }
  if (!any) ctx.addIssue({ code: 'custom', path: [lotField(1)], message: 'delivery.noLots' });
  if (v.contractId === 'spot') {
    if (!v.buyerOrgId) ctx.addIssue({ code: 'custom', path: ['buyerOrgId'], message: 'v.required' });
    if (v.agreedYuan === undefined)
      ctx.addIssue({ code: 'custom', path: ['agreedYuan'], message: 'v.required' });
  }
};

export const DeliverySchema = z.object(deliveryFields).superRefine(deliveryChecks);

/** What 计算金额 needs: the same, but the weigh ticket's number only when the delivery is sent. */
export const DeliveryPreviewSchema = z
  .object({ ...deliveryFields, weighTicket: weighTicket.optional() })
  .superRefine(deliveryChecks);
export type DeliveryFormInput = z.infer<typeof DeliverySchema>;

/** The lots and quantities a delivery form names, in order. */
export function linesOf(v: DeliveryFormInput) {
  const values = v as unknown as Record<string, string | number | undefined>;
  return LINES.flatMap((i) => {
    const lot = values[lotField(i)];
    const qty = values[qtyField(i)];
    return typeof lot === 'string' && typeof qty === 'number'
      ? [{ index: i, lotId: lot, quantity: qty }]
      : [];
  });
}

export const AdjustSchema = z.object({
  quantity: positiveDecimal(1_000_000_000),
  grade: enumOf(GRADES),
  moisturePct: percent,
  impurityPct: percent,
  reason: notesText(300).refine((s) => s.length > 0, 'v.required'),
});

/** 计算金额 on the adjust form: the same fields, the reason not needed yet. */
export const AdjustPreviewSchema = AdjustSchema.extend({ reason: notesText(300) });

export const DisputeSchema = z.object({
  reason: notesText(300).refine((s) => s.length > 0, 'v.required'),
});

export const PaymentSchema = z.object({
  amountYuan: moneyYuan(10_000_000_000),
  paidOn: pastDate,
  method: enumOf(PAYMENT_METHODS),
  reference: optionalText(60),
  // ticked to record a payment that looks like one recorded on the same receipt within a day
  confirmRepeat: confirmation,
});

export const CorrectionSchema = z.object({
  amountYuan: moneyYuan(10_000_000_000),
  reason: notesText(300).refine((s) => s.length > 0, 'v.required'),
});
