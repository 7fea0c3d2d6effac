// Deliveries' fixed choices and small rules, without zod (forms and pages use them too).

/**
 * submitting: being written (never shown); pending: waiting for the buyer; adjusted: the buyer
 * changed weight, grade or deductions and waits for the seller; confirmed: a receipt;
 * disputed: refused by the buyer (or the seller refused the adjustment), the lots back in stock.
 */
export const DELIVERY_STATUSES = ['submitting', 'pending', 'adjusted', 'confirmed', 'disputed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const PAYMENT_METHODS = ['bank', 'cash', 'wechat', 'alipay', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAY_STATES = ['unpaid', 'part', 'paid'] as const;
export type PayState = (typeof PAY_STATES)[number];

/** How old an unpaid amount is, in the buckets both sides watch. */
export const AGE_BUCKETS = ['d0_30', 'd31_60', 'd61_90', 'd90plus'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

export function ageBucket(days: number): AgeBucket {
  if (days <= 30) return 'd0_30';
  if (days <= 60) return 'd31_60';
  if (days <= 90) return 'd61_90';
  return 'd90plus';
}

export function payState(dueFen: number, paidFen: number): PayState {
  if (paidFen <= 0 && dueFen > 0) return 'unpaid';
  return paidFen >= dueFen ? 'paid' : 'part';
}

/** Whole days between two instants (the first day counts as day 0). */
export function daysBetween(from: Date | string, to: Date | string) {
  return Math.max(0, Math.floor((new Date(to).getTime() - new Date(from).getTime()) / 86_400_000));
}

/** How many lot lines a delivery form offers. */
export const DELIVERY_LINES = 4;

/** The form's field names of lot line i (lot1/qty1 …): here, not in the schema, so the page ships no zod. */
export const lotField = (i: number) => `lot${i}` as const;
export const qtyField = (i: number) => `qty${i}` as const;
