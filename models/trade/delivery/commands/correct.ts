// Corrections: the buyer proposes to take an amount off a receipt (a receipt never changes);
// the seller accepts (a reversing entry in the chain) or refuses with a reason.
import { Types } from 'mongoose';

import { type PlannedEntry } from '../../../kernel/ledger';

import {
  defineOperation,
  perform,
  written,
  type FieldErrors,
  type Outcome,
  type PlannedAudit,
} from '../../../kernel/operation';

import { auditEvent, refusedAs, updateRecord } from '../../../kernel/write';
import type { Actor } from '../../../kernel/audit';
import { DeliveryModel, owedOn, type Delivery } from '../schema';
import type { Scope } from '../../../kernel/scope';

import { z } from 'zod';
import { defineCommand, msg, refuse } from '../../../kernel/command';
import { objectId } from '~/schemas/common';
import { CorrectionSchema, DisputeSchema } from '~/schemas/delivery';
import { yuanToFen } from '~/domain/herd';

import { planEntry, appendDeliveryEntry, deliveryFor } from '../steps';

/**
 * The buyer proposes to take an amount off a receipt, with a reason (a receipt itself never
 * changes). The seller accepts — a reversing entry in the chain — or refuses.
 */
export async function proposeCorrection(
  scope: Scope,
  id: Types.ObjectId,
  input: { amountFen: number; reason: string },
  actor: Actor,
): Promise<Outcome<{ id: Types.ObjectId }>> {
  const d = await deliveryFor(scope, id, 'buyer');
  if (!d) return refuse('notFound');
  if (d.status !== 'confirmed' || !d.receipt) return refuse('conflict', 'reversal.notReceipt');
  if (d.correction?.status === 'proposed' && !actor.once) return refuse('conflict', 'reversal.waiting');
  // a correction takes off what is still owed, never more (decision 0011): after a payment
  // the buyer would otherwise have paid more than the receipt makes due
  const left = Math.max(0, owedOn(d));
  if (input.amountFen > left) return refuse('invalid', { amountYuan: [tooMuchToCorrect(d, left)] });
  const saved = await refusedAs(() =>
    updateRecord(
      DeliveryModel,
      { _id: id, buyerOrgId: scope.orgId, status: 'confirmed', 'correction.status': { $ne: 'proposed' } },
      {
        correction: { ...input, at: new Date(), byUserId: actor.userId, status: 'proposed', answer: '' },
      } as Partial<Delivery>,
      actor,
      { label: () => d.code, input: { correct: String(id), ...input } },
    ),
  );
  if (!saved.ok) return saved;
  if (!saved.value) return refuse('conflict', 'reversal.waiting');
  return { ok: true, value: { id } };
}

function tooMuchToCorrect(d: { paidFen: number }, left: number) {
  return d.paidFen > 0
    ? msg('reversal.unpaidOnly', { max: left / 100, paid: d.paidFen / 100 })
    : msg('reversal.tooMuch', { max: left / 100 });
}

interface ReversePlan {
  deliveryId: Types.ObjectId;
  amountFen: number;
  receiptAmountFen: number;
  proposedAt: Date;
  entry: PlannedEntry;
  audit: PlannedAudit;
}

const reverseOperation = defineOperation<ReversePlan>({
  name: 'delivery:reverse',
  async hold(op): Promise<FieldErrors | null> {
    const p = op.plan;
    const res = await DeliveryModel.collection.updateOne(
      {
        _id: p.deliveryId,
        'correction.status': 'proposed',
        'correction.at': new Date(p.proposedAt),
        'holds.op': { $ne: op._id },
        // with what is paid (and payments being recorded at this moment) within what is due
        $expr: {
          $lte: [{ $add: ['$paidFen', { $ifNull: ['$reversedFen', 0] }, p.amountFen] }, '$receipt.dueFen'],
        },
      },
      {
        $set: { 'correction.status': 'accepted' },
        $inc: { reversedFen: p.amountFen },
        $push: { holds: { op: op._id, amount: p.amountFen } },
      } as never,
    );
    written();
    if (res.modifiedCount === 1) return null;
    const now = await DeliveryModel.findById(p.deliveryId)
      .select('correction receipt paidFen reversedFen')
      .lean();
    if (now?.correction?.status === 'proposed' && owedOn(now) < p.amountFen)
      return { '': [tooMuchToCorrect(now, Math.max(0, owedOn(now)))] };
    return { '': ['reversal.notWaiting'] };
  },
  async release(op) {
    const p = op.plan;
    await DeliveryModel.collection.updateOne({ _id: p.deliveryId, 'holds.op': op._id }, {
      $set: { 'correction.status': 'proposed' },
      $inc: { reversedFen: -p.amountFen },
      $pull: { holds: { op: op._id } },
    } as never);
    written();
  },
  ...appendDeliveryEntry,
});

/** The seller accepts the proposed correction (a reversing entry) or refuses it with a reason. */
export async function answerCorrection(
  scope: Scope,
  id: Types.ObjectId,
  answer: { accept: true } | { accept: false; reason: string },
  actor: Actor,
): Promise<Outcome<{ id: Types.ObjectId }>> {
  const d = await deliveryFor(scope, id, 'seller');
  if (!d) return refuse('notFound');
  const c = d.correction;
  if (!answer.accept) {
    if (c?.status !== 'proposed') return refuse('conflict', 'reversal.notWaiting');
    const saved = await refusedAs(() =>
      updateRecord(
        DeliveryModel,
        { _id: id, sellerOrgId: scope.orgId, 'correction.status': 'proposed', 'correction.at': c.at },
        { correction: { ...c, status: 'refused', answer: answer.reason } } as Partial<Delivery>,
        actor,
        { label: () => d.code, input: { refuseCorrection: String(id), reason: answer.reason } },
      ),
    );
    if (!saved.ok) return saved;
    return saved.value ? { ok: true, value: { id } } : refuse('conflict', 'reversal.notWaiting');
  }
  return perform(reverseOperation, { once: actor.once, input: { reverse: String(id) } }, async () => {
    if (c?.status !== 'proposed' || !d.receipt) return refuse('conflict', 'reversal.notWaiting');
    if (c.amountFen > owedOn(d))
      return refuse('invalid', { '': [tooMuchToCorrect(d, Math.max(0, owedOn(d)))] });
    const entry = await planEntry(d, 'reversal', 'CZ', actor, new Date(), {
      unit: d.unit,
      amountFen: -c.amountFen,
      reverses: d.receipt.entryId,
      reference: c.reason,
    });
    const audit = auditEvent(
      'Delivery',
      'update',
      actor,
      { _id: d._id, townId: d.townId, reversedFen: d.reversedFen ?? 0 },
      { _id: d._id, townId: d.townId, reversedFen: (d.reversedFen ?? 0) + c.amountFen },
      d.code,
    )!;
    return {
      ok: true,
      plan: {
        deliveryId: d._id,
        amountFen: c.amountFen,
        receiptAmountFen: d.receipt.amountFen,
        proposedAt: c.at,
        entry,
        audit,
      },
      value: { id: d._id },
    };
  });
}

/** The buyer proposes to take an amount off a receipt. */
export const proposeCorrectionCommand = defineCommand({
  name: 'delivery/proposeCorrection',
  permission: ['adjust', 'delivery'],
  input: CorrectionSchema.extend({ id: objectId }),
  run: ({ id, amountYuan, reason }, { scope, actor }) =>
    proposeCorrection(scope, new Types.ObjectId(id), { amountFen: yuanToFen(amountYuan), reason }, actor),
});

/** The seller accepts the proposed correction: a reversing entry in the chain. */
export const acceptCorrectionCommand = defineCommand({
  name: 'delivery/acceptCorrection',
  permission: ['accept', 'delivery'],
  input: z.object({ id: objectId }),
  run: ({ id }, { scope, actor }) => answerCorrection(scope, new Types.ObjectId(id), { accept: true }, actor),
});

/** The seller refuses the proposed correction, with a reason. */
export const refuseCorrectionCommand = defineCommand({
  name: 'delivery/refuseCorrection',
  permission: ['dispute', 'delivery'],
  input: DisputeSchema.extend({ id: objectId }),
  run: ({ id, reason }, { scope, actor }) =>
    answerCorrection(scope, new Types.ObjectId(id), { accept: false, reason }, actor),
});
