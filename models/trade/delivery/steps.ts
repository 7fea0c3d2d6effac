// Steps the delivery commands share: the delivery as a party may act on it, claiming its
// status once, and a ledger entry planned with its number reserved.
import { Types } from 'mongoose';

import { appendEntry, chainOf, type PlannedEntry } from '../../kernel/ledger';
import { reserveNumber } from '../../lots/lot';
import { clearHold, writeAudit, written, type Operation, type PlannedAudit } from '../../kernel/operation';

import { TownModel } from '../../town/town';

import type { Actor } from '../../kernel/audit';
import { DeliveryModel, deliveryFilter, type Delivery, type DeliveryDoc } from './schema';
import type { Scope } from '../../kernel/scope';
import type { DeliveryStatus } from '~/domain/delivery';

/**
 * The delivery as a party may act on it: either side (confirm and dispute decide which by the
 * status), or only as its buyer or its seller.
 */
export async function deliveryFor(scope: Scope, id: Types.ObjectId, side?: 'buyer' | 'seller') {
  return DeliveryModel.findOne({
    _id: id,
    ...deliveryFilter(scope),
    ...(side && { [side === 'buyer' ? 'buyerOrgId' : 'sellerOrgId']: scope.orgId }),
  }).lean() as Promise<DeliveryDoc | null>;
}

export async function claim(
  deliveryId: Types.ObjectId,
  from: string,
  op: Types.ObjectId,
  set: Record<string, unknown>,
) {
  const res = await DeliveryModel.updateOne(
    { _id: deliveryId, status: from as DeliveryStatus },
    { $set: { ...set, statusOp: op, statusAt: new Date() } },
  );
  written();
  return res.modifiedCount === 1;
}

export async function unclaim(
  deliveryId: Types.ObjectId,
  from: string,
  op: Types.ObjectId,
  unset: Record<string, unknown>,
) {
  await DeliveryModel.updateOne(
    { _id: deliveryId, statusOp: op },
    { $set: { status: from, statusOp: null, ...unset } },
  );
  written();
}

/**
 * A ledger entry about a delivery, with its number reserved (`PZ` receipt, `FK` payment, `CZ`
 * reversal) and its id fixed: the operation appends it after its commit point.
 */
export async function planEntry(
  d: Delivery & { _id: Types.ObjectId },
  kind: PlannedEntry['kind'],
  series: 'PZ' | 'FK' | 'CZ',
  actor: Actor,
  at: Date,
  fields: Partial<PlannedEntry>,
): Promise<PlannedEntry> {
  const town = await TownModel.findById(d.townId).select('code').lean();
  return {
    _id: new Types.ObjectId(),
    townId: d.townId,
    chain: chainOf(d),
    kind,
    number: await reserveNumber(`${town!.code}-${series}-${at.getUTCFullYear()}`),
    deliveryId: d._id,
    deliveryCode: d.code,
    contractId: d.contractId,
    buyerOrgId: d.buyerOrgId,
    sellerOrgId: d.sellerOrgId,
    productId: d.productId,
    at,
    byUserId: actor.userId,
    ...fields,
  };
}

/**
 * How an operation that held an amount on a delivery (a payment, a correction) ends: its entry
 * appended to the contract's chain with its audit event, then its hold on the delivery cleared.
 */
export const appendDeliveryEntry = {
  async apply(op: Operation<{ entry: PlannedEntry; audit: PlannedAudit }>) {
    await appendEntry(op.plan.entry);
    await writeAudit([op.plan.audit]);
  },
  finish: (op: Operation<{ deliveryId: Types.ObjectId }>) =>
    clearHold(DeliveryModel, { _id: op.plan.deliveryId }, op._id),
};
