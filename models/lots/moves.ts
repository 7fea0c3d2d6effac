// A lot moving on, as every command that moves lots does it (a delivery, a plant's intake, a
// processing run): part of a lot splits into the part taken and the rest, both from it; the lots
// an operation takes are reserved by a guarded update (in stock, with its holder, of the
// quantity it was read at) and put back when the operation is undone. Lots move whole or split.
import type { Types } from 'mongoose';
import { written } from '../kernel/crash';
import { LotModel, planLot, type Lot } from './lot';

type LotDoc = Lot & { _id: Types.ObjectId };

/**
 * Part of a lot taken away: the part (with the status it moves on in) and the remainder in
 * stock, each a child of the lot with its kg, of the same origin, holder and owner.
 */
export async function planSplit(townCode: string, lot: LotDoc, quantity: number, status: Lot['status']) {
  const child = (qty: number, childStatus: Lot['status']) =>
    planLot({
      townCode,
      townId: lot.townId,
      orgId: lot.orgId,
      productId: lot.productId,
      productCode: lot.productCode,
      productName: lot.productName,
      unit: lot.unit,
      quantity: qty,
      grade: lot.grade,
      producedAt: lot.producedAt,
      origin: { ...lot.origin, kind: 'split' },
      parentLotIds: [lot._id],
      inputs: [{ lotId: lot._id, quantity: qty }],
      holderOrgId: lot.holderOrgId,
      ownerOrgId: lot.ownerOrgId ?? null,
      status: childStatus,
    });
  const taken = await child(quantity, status);
  taken.movedAt = new Date();
  const rest = await child(Math.round((lot.quantity - quantity) * 1000) / 1000, 'in_stock');
  return { taken, rest };
}

/** A lot an operation takes: whole (its new status) or split; what it was when read. */
export interface LotReservation {
  lotId: Types.ObjectId;
  expectQty: number;
  holderOrgId: Types.ObjectId;
  status: Lot['status'];
  movedAt: Date | null; // before: put back on release
}

/** How an operation takes a lot whole (`status`) or splits it, from the lot as it was read. */
export const reservationOf = (lot: LotDoc, quantity: number, whole: Lot['status']): LotReservation => ({
  lotId: lot._id,
  expectQty: lot.quantity,
  holderOrgId: lot.holderOrgId,
  status: Math.abs(quantity - lot.quantity) < 1e-9 ? whole : 'split',
  movedAt: lot.movedAt ?? null,
});

/**
 * Reserves the lots for an operation, in order: each still in stock with its holder and the
 * quantity it was read at. False at the first that moved on (the operation then releases).
 */
export async function reserveLots(lots: LotReservation[], op: Types.ObjectId) {
  const now = new Date();
  for (const lot of lots) {
    const res = await LotModel.updateOne(
      {
        _id: lot.lotId,
        status: 'in_stock',
        holderOrgId: lot.holderOrgId,
        quantity: lot.expectQty,
        'holds.op': { $ne: op },
      },
      { $set: { status: lot.status, movedAt: lot.movedAt ?? now }, $push: { holds: { op, amount: 0 } } },
    );
    written();
    if (res.modifiedCount !== 1) return false;
  }
  return true;
}

/** Puts back the lots an operation reserved (those it managed to). Idempotent. */
export async function releaseLots(lots: LotReservation[], op: Types.ObjectId) {
  for (const lot of lots) {
    await LotModel.updateOne(
      { _id: lot.lotId, 'holds.op': op },
      { $set: { status: 'in_stock', movedAt: lot.movedAt }, $pull: { holds: { op } } },
    );
    written();
  }
}
