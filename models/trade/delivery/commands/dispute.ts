// Dispute: the buyer refuses a pending delivery, or the seller an adjustment. The delivery
// claimed once (→ disputed), the quantity given back to the contract, the lots back in stock.
import { Types } from 'mongoose';

import { LotModel } from '../../../lots/lot';
import {
  defineOperation,
  perform,
  writeAudit,
  written,
  type FieldErrors,
  type PlannedAudit,
} from '../../../kernel/operation';

import { auditEvent } from '../../../kernel/write';
import type { Actor } from '../../../kernel/audit';

import type { Scope } from '../../../kernel/scope';

import { defineCommand, refuse } from '../../../kernel/command';
import { objectId } from '~/schemas/common';
import { DisputeSchema } from '~/schemas/delivery';

import { holdContract, releaseContract, finishContract } from '../contract-holds';

import { claim, unclaim, deliveryFor } from '../steps';

interface DisputePlan {
  deliveryId: Types.ObjectId;
  from: 'pending' | 'adjusted';
  by: 'buyer' | 'seller';
  reason: string;
  contractId: Types.ObjectId | null;
  qty: number;
  lotIds: Types.ObjectId[];
  audit: PlannedAudit;
}

const disputeOperation = defineOperation<DisputePlan>({
  name: 'delivery:dispute',
  async hold(op): Promise<FieldErrors | null> {
    const p = op.plan;
    const ok = await claim(p.deliveryId, p.from, op._id, {
      status: 'disputed',
      disputeReason: p.reason,
      disputedBy: p.by,
    });
    if (!ok) return { '': ['delivery.notPending'] };
    // what was delivered goes back to the contract
    if (p.contractId) await holdContract(p.contractId, op._id, { qty: -p.qty, deposit: 0 });
    return null;
  },
  async release(op) {
    await releaseContract(op.plan.contractId, op._id);
    await unclaim(op.plan.deliveryId, op.plan.from, op._id, { disputeReason: '', disputedBy: null });
  },
  async apply(op) {
    await LotModel.updateMany(
      { _id: { $in: op.plan.lotIds }, status: 'delivering' },
      { $set: { status: 'in_stock' } },
    );
    written();
    await writeAudit([op.plan.audit]);
  },
  finish: (op) => finishContract(op.plan.contractId, op._id),
});

/** The buyer refuses a pending delivery, or the seller refuses an adjustment; the lots go back in stock. */
export async function disputeDelivery(scope: Scope, id: Types.ObjectId, reason: string, actor: Actor) {
  const outcome = await perform(
    disputeOperation,
    { once: actor.once, input: { dispute: String(id), reason } },
    async () => {
      const d = await deliveryFor(scope, id);
      if (!d) return refuse('notFound');
      const by = d.buyerOrgId.equals(scope.orgId!) ? 'buyer' : 'seller';
      const from = by === 'buyer' ? 'pending' : 'adjusted';
      if (d.status !== from) return refuse('conflict', 'delivery.notPending');
      const audit = auditEvent(
        'Delivery',
        'update',
        actor,
        { _id: d._id, townId: d.townId, status: d.status, disputeReason: '' },
        { _id: d._id, townId: d.townId, status: 'disputed', disputeReason: reason },
        d.code,
      )!;
      return {
        ok: true,
        plan: {
          deliveryId: d._id,
          from,
          by,
          reason,
          contractId: d.contractId,
          qty: d.submitted.quantity,
          lotIds: d.lines.map((l) => l.lotId),
          audit,
        },
        value: { id: d._id },
      };
    },
  );
  return outcome;
}

/** The buyer refuses a pending delivery, or the seller an adjustment, with a reason. */
export const disputeDeliveryCommand = defineCommand({
  name: 'delivery/dispute',
  permission: ['dispute', 'delivery'],
  input: DisputeSchema.extend({ id: objectId }),
  run: ({ id, reason }, { scope, actor }) => disputeDelivery(scope, new Types.ObjectId(id), reason, actor),
});
