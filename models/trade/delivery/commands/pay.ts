// Pay: the buyer records a payment against a receipt; the delivery's paid amount is guarded
// by what is owed, then the payment entry joins the contract's chain.
import { Types } from 'mongoose';

import { LedgerEntryModel, type PlannedEntry } from '../../../kernel/ledger';

import {
  defineOperation,
  holdAmount,
  perform,
  releaseAmount,
  type FieldErrors,
  type PlannedAudit,
  recentTwinPayment,
} from '../../../kernel/operation';

import { auditEvent } from '../../../kernel/write';
import type { Actor } from '../../../kernel/audit';
import { DeliveryModel, owedOn } from '../schema';
import type { Scope } from '../../../kernel/scope';
import type { PaymentMethod } from '~/domain/delivery';

import { defineCommand, msg, refuse } from '../../../kernel/command';
import { objectId } from '~/schemas/common';
import { PaymentSchema } from '~/schemas/delivery';
import { yuanToFen } from '~/domain/herd';

import { planEntry, appendDeliveryEntry, deliveryFor } from '../steps';

export interface PaymentInput {
  amountFen: number;
  paidOn: string;
  method: PaymentMethod;
  reference: string;
  /** the user confirmed that a payment like one recorded within a day is another one */
  confirmRepeat?: boolean;
}

interface PayPlan {
  deliveryId: Types.ObjectId;
  amountFen: number;
  dueFen: number;
  entry: PlannedEntry;
  audit: PlannedAudit;
}

const payOperation = defineOperation<PayPlan>({
  name: 'delivery:pay',
  async hold(op): Promise<FieldErrors | null> {
    const p = op.plan;
    const held = await holdAmount(
      DeliveryModel,
      {
        _id: p.deliveryId,
        status: 'confirmed',
        // what was paid, this payment and what corrections took off stay within the amount due
        $expr: {
          $lte: [{ $add: ['$paidFen', p.amountFen, { $ifNull: ['$reversedFen', 0] }] }, '$receipt.dueFen'],
        },
      },
      'paidFen',
      p.amountFen,
      op._id,
    );
    if (held) return null;
    const now = await DeliveryModel.findById(p.deliveryId).select('receipt paidFen reversedFen').lean();
    return { amountYuan: [msg('payment.overpay', { owed: Math.max(0, now ? owedOn(now) : 0) / 100 })] };
  },
  release: (op) => releaseAmount(DeliveryModel, op.plan.deliveryId, 'paidFen', op._id),
  ...appendDeliveryEntry,
});

/** The buyer records a payment against a receipt; paying more than is owed is refused. */
export async function payDelivery(
  scope: Scope,
  id: Types.ObjectId,
  input: PaymentInput,
  actor: Actor,
  { now }: { now?: Date } = {},
) {
  const outcome = await perform(
    payOperation,
    { once: actor.once, input: { pay: String(id), ...input } },
    async () => {
      const d = await deliveryFor(scope, id, 'buyer');
      if (!d) return refuse('notFound');
      if (!Number.isInteger(input.amountFen) || input.amountFen < 1)
        return refuse('invalid', { amountYuan: ['v.belowFen'] });
      if (d.status !== 'confirmed' || !d.receipt) return refuse('conflict', 'payment.notReceipt');
      const owed = owedOn(d);
      if (input.amountFen > owed)
        return refuse('invalid', { amountYuan: [msg('payment.overpay', { owed: owed / 100 })] });
      if (!input.confirmRepeat) {
        // a second tap, or a payment entered twice, looks just like this: ask first
        const twin = await recentTwinPayment(LedgerEntryModel, { deliveryId: d._id }, { ...input, now });
        if (twin)
          return refuse('invalid', { confirmRepeat: [msg('payment.looksRepeated', { number: twin })] });
      }
      const entry = await planEntry(d, 'payment', 'FK', actor, now ?? new Date(), {
        amountFen: input.amountFen,
        paidOn: input.paidOn,
        method: input.method,
        reference: input.reference,
      });
      const number = entry.number;
      const audit = auditEvent(
        'Payment',
        'create',
        actor,
        null,
        {
          _id: entry._id,
          townId: d.townId,
          number,
          delivery: d.code,
          amountFen: input.amountFen,
          paidOn: input.paidOn,
          method: input.method,
          reference: input.reference,
        },
        number,
      )!;
      return {
        ok: true,
        plan: { deliveryId: d._id, amountFen: input.amountFen, dueFen: d.receipt.dueFen, entry, audit },
        value: { number },
      };
    },
  );
  return outcome;
}

/** The buyer records a payment against a receipt. */
export const payDeliveryCommand = defineCommand({
  name: 'delivery/pay',
  permission: ['pay', 'delivery'],
  input: PaymentSchema.extend({ id: objectId }),
  run: ({ id, amountYuan, ...rest }, { scope, actor }) =>
    payDelivery(scope, new Types.ObjectId(id), { ...rest, amountFen: yuanToFen(amountYuan) }, actor),
});
