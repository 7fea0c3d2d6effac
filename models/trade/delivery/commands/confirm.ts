// Confirm: the buyer confirms a pending delivery, or the seller accepts an adjustment. The
// delivery claimed once (pending/adjusted → confirmed), the deposit credited (guarded), then
// the receipt appended to the contract's hash chain and the lots passed to the buyer.
import { Types } from 'mongoose';
import { ContractModel } from '../../contract';
import { appendEntry, type PlannedEntry } from '../../../kernel/ledger';
import { LotModel } from '../../../lots/lot';
import {
  defineOperation,
  perform,
  writeAudit,
  written,
  type FieldErrors,
  type Outcome,
  type PlannedAudit,
} from '../../../kernel/operation';

import { auditEvent } from '../../../kernel/write';
import type { Actor } from '../../../kernel/audit';
import { DeliveryModel } from '../schema';
import type { Scope } from '../../../kernel/scope';

import { z } from 'zod';
import { defineCommand, refuse } from '../../../kernel/command';
import { objectId } from '~/schemas/common';

import { holdContract, releaseContract, finishContract } from '../contract-holds';

import { claim, unclaim, deliveryFor, planEntry } from '../steps';

interface ConfirmPlan {
  deliveryId: Types.ObjectId;
  from: 'pending' | 'adjusted';
  contractId: Types.ObjectId | null;
  depositFen: number; // the contract's deposit
  qtyDelta: number; // an accepted adjustment's change of quantity (≤ 0 gives back to the contract)
  lotIds: Types.ObjectId[];
  buyerOrgId: Types.ObjectId;
  entry: PlannedEntry;
  audit: PlannedAudit;
}

const confirmOperation = defineOperation<ConfirmPlan>({
  name: 'delivery:confirm',
  async hold(op): Promise<FieldErrors | null> {
    const p = op.plan;
    if (!(await claim(p.deliveryId, p.from, op._id, { status: 'confirmed' })))
      return { '': ['delivery.notPending'] };
    if (!p.contractId) return null;
    // the deposit still unused is credited against this receipt, once however many confirm at once
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const c = await ContractModel.findById(p.contractId).select('depositUsedFen').lean();
      const used = c?.depositUsedFen ?? 0;
      const credit = Math.max(0, Math.min(p.depositFen - used, p.entry.amountFen ?? 0));
      if (
        await holdContract(
          p.contractId,
          op._id,
          { qty: p.qtyDelta, deposit: credit },
          { depositUsedFen: used },
        )
      ) {
        p.entry.depositCreditFen = credit;
        return null;
      }
    }
    return { '': ['v.concurrentChange'] };
  },
  async release(op) {
    await releaseContract(op.plan.contractId, op._id);
    await unclaim(op.plan.deliveryId, op.plan.from, op._id, {});
  },
  async apply(op) {
    const p = op.plan;
    const e = p.entry;
    const credit = e.depositCreditFen ?? 0;
    await DeliveryModel.updateOne(
      { _id: p.deliveryId, statusOp: op._id, receipt: null },
      {
        $set: {
          receipt: {
            entryId: e._id,
            number: e.number,
            at: e.at,
            quantity: e.quantity,
            payableQty: e.payableQty,
            unitFen: e.unitFen,
            amountFen: e.amountFen,
            depositCreditFen: credit,
            dueFen: (e.amountFen ?? 0) - credit,
          },
        },
      },
    );
    written();
    await appendEntry(e);
    await LotModel.updateMany(
      { _id: { $in: p.lotIds }, status: 'delivering' },
      { $set: { status: 'delivered', holderOrgId: p.buyerOrgId } },
    );
    written();
    await writeAudit([p.audit]);
  },
  finish: (op) => finishContract(op.plan.contractId, op._id),
});

/**
 * Confirms a delivery: the buyer a pending one, the seller an adjusted one (accepting the
 * adjustment). Exactly once: of any number of confirmations at once, one records the receipt.
 */
export async function confirmDelivery(
  scope: Scope,
  id: Types.ObjectId,
  actor: Actor,
  /** When it happened: now, except for records of the past (the demo town's seasons). */
  { now }: { now?: Date } = {},
): Promise<Outcome<{ number: string }>> {
  const outcome = await perform(
    confirmOperation,
    { once: actor.once, input: { confirm: String(id) } },
    async () => {
      const d = await deliveryFor(scope, id);
      if (!d) return refuse('notFound');
      const asBuyer = d.buyerOrgId.equals(scope.orgId!);
      const from = asBuyer ? 'pending' : 'adjusted';
      if (d.status !== from || (!asBuyer && !d.sellerOrgId.equals(scope.orgId!)))
        return refuse('conflict', {
          '': [d.status === 'confirmed' ? 'delivery.alreadyConfirmed' : 'delivery.notPending'],
        });
      const f = d.status === 'adjusted' && d.adjustment ? d.adjustment : d.submitted;
      const contract = d.contractId
        ? await ContractModel.findById(d.contractId).select('depositFen').lean()
        : null;
      const entry = await planEntry(d, 'receipt', 'PZ', actor, now ?? new Date(), {
        unit: d.unit,
        quantity: f.quantity,
        payableQty: f.payableQty,
        grade: f.grade,
        unitFen: f.unitFen,
        amountFen: f.amountFen,
        depositCreditFen: 0,
      });
      const number = entry.number;
      const audit = auditEvent(
        'Delivery',
        'update',
        actor,
        { _id: d._id, townId: d.townId, status: d.status, receipt: null },
        { _id: d._id, townId: d.townId, status: 'confirmed', receipt: number },
        d.code,
      )!;
      return {
        ok: true,
        plan: {
          deliveryId: d._id,
          from,
          contractId: d.contractId,
          depositFen: contract?.depositFen ?? 0,
          qtyDelta: Math.round((f.quantity - d.submitted.quantity) * 1000) / 1000,
          lotIds: d.lines.map((l) => l.lotId),
          buyerOrgId: d.buyerOrgId,
          entry,
          audit,
        },
        value: { number },
      };
    },
  );
  return outcome;
}

const ByIdSchema = z.object({ id: objectId });

/** The buyer confirms a pending delivery (the receipt is recorded). */
export const confirmDeliveryCommand = defineCommand({
  name: 'delivery/confirm',
  permission: ['confirm', 'delivery'],
  input: ByIdSchema,
  run: ({ id }, { scope, actor }) => confirmDelivery(scope, new Types.ObjectId(id), actor),
});

/** The seller accepts the buyer's adjustment: the same receipt, at the adjusted figures. */
export const acceptAdjustmentCommand = defineCommand({
  name: 'delivery/acceptAdjustment',
  permission: ['accept', 'delivery'],
  input: ByIdSchema,
  run: ({ id }, { scope, actor }) => confirmDelivery(scope, new Types.ObjectId(id), actor),
});
