// Submit: the seller delivers lots (whole, or part of one, which splits) under a contract or
// as a spot purchase. One operation: the delivery (hidden while `submitting`), the contract's
// delivered quantity (guarded by what is committed), the lots reserved, then the children
// and the audit events.
import { Types } from 'mongoose';
import { ContractModel, withinCommitted, type ContractDoc } from '../../contract';

import { LotModel, reserveNumber } from '../../../lots/lot';
import { planSplit, releaseLots, reservationOf, reserveLots, type LotReservation } from '../../../lots/moves';
import {
  clearHold,
  defineOperation,
  insertOnce,
  perform,
  writeAudit,
  written,
  type FieldErrors,
  type Outcome,
  type PlannedAudit,
} from '../../../kernel/operation';
import { OrganizationModel } from '../../../town/organization';

import { TownModel } from '../../../town/town';
import { auditEvent } from '../../../kernel/write';
import type { Actor } from '../../../kernel/audit';
import { DeliveryModel, DeliveryPhotoModel, type DeliveryPhoto } from '../schema';
import type { Scope } from '../../../kernel/scope';

import { msg, refuse, type Refusal } from '../../../kernel/command';
import { holdContract, releaseContract, finishContract, leftOf } from '../contract-holds';
import { priceFigures, type DeliveryInput, type LineInput } from '../pricing';
import { fromKg, toKg } from '~/domain/planting';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };

interface SubmitPlan {
  delivery: Doc;
  photoId: Types.ObjectId | null;
  contractId: Types.ObjectId | null;
  qty: number;
  lots: LotReservation[];
  children: Doc[];
  audits: PlannedAudit[];
}

interface SubmitContext {
  photo?: { contentType: DeliveryPhoto['contentType']; bytes: Uint8Array };
}

const submitOperation = defineOperation<SubmitPlan, SubmitContext>({
  name: 'delivery:submit',
  async hold(op, context): Promise<FieldErrors | Refusal | null> {
    const p = op.plan;
    if (p.photoId && context?.photo) {
      // the photo is kept beside the delivery (not in the operation's plan)
      await DeliveryPhotoModel.collection.insertOne({
        _id: p.photoId,
        deliveryId: p.delivery._id,
        contentType: context.photo.contentType,
        size: context.photo.bytes.byteLength,
        data: Buffer.from(context.photo.bytes),
        createdAt: new Date(),
      } as never);
      written();
    }
    try {
      await DeliveryModel.collection.insertOne(p.delivery as never);
      written();
    } catch (error) {
      if ((error as { code?: number }).code === 11000 && /weighTicket/.test(String(error)))
        return refuse('invalid', { weighTicket: ['delivery.ticketUsed'] });
      throw error;
    }
    if (p.contractId) {
      // judged against the contract as it is at this moment, not as it was read: an amendment
      // accepted meanwhile may have lowered what is committed or ended the overage allowance
      const guard = { status: 'active', ...withinCommitted(p.qty) };
      if (!(await holdContract(p.contractId, op._id, { qty: p.qty, deposit: 0 }, guard))) {
        const c = await ContractModel.findById(p.contractId).select('status').lean();
        if (c?.status !== 'active') return { contractId: ['delivery.contractNotActive'] };
        return { '': [msg('delivery.overCommitted', { left: await leftOf(p.contractId) })] };
      }
    }
    if (!(await reserveLots(p.lots, op._id))) return { '': ['delivery.lotGone'] };
    return null;
  },
  async release(op) {
    const p = op.plan;
    await releaseLots(p.lots, op._id);
    await releaseContract(p.contractId, op._id);
    await DeliveryModel.collection.deleteOne({ _id: p.delivery._id, status: 'submitting' });
    written();
    if (p.photoId) {
      await DeliveryPhotoModel.collection.deleteOne({ _id: p.photoId });
      written();
    }
  },
  async apply(op) {
    const p = op.plan;
    await insertOnce(LotModel as never, p.children);
    await DeliveryModel.updateOne(
      { _id: p.delivery._id, status: 'submitting' },
      { $set: { status: 'pending' } },
    );
    written();
    await writeAudit(p.audits);
  },
  async finish(op) {
    await finishContract(op.plan.contractId, op._id);
    await clearHold(LotModel, { _id: { $in: op.plan.lots.map((l) => l.lotId) } } as never, op._id);
  },
});

export type DeliveryResult = Outcome<{ id: Types.ObjectId; code: string }>;

/** The contract a seller may deliver under: active, theirs, of their town. */
export function sellerContract(scope: Scope, contractId: Types.ObjectId) {
  return ContractModel.findOne({
    _id: contractId,
    townId: scope.townId,
    sellerOrgId: scope.orgId,
  }).lean() as Promise<ContractDoc | null>;
}

/**
 * Works out a delivery without writing anything: the contract, the lots and how each is
 * taken (whole, or split), and the price. The seller's page shows it before submitting.
 */
export async function planDelivery(scope: Scope, input: DeliveryInput) {
  const errors: FieldErrors = {};
  let contract: ContractDoc | null = null;
  let buyerOrgId: Types.ObjectId;
  let productId: Types.ObjectId;
  if (input.contractId) {
    contract = await sellerContract(scope, input.contractId);
    if (!contract) return refuse('invalid', { contractId: ['v.invalidChoice'] });
    if (contract.status !== 'active')
      return refuse('invalid', { contractId: ['delivery.contractNotActive'] });
    if (input.deliveredOn < contract.windowStart || input.deliveredOn > contract.windowEnd)
      errors.deliveredOn = [
        msg('delivery.outsideWindow', { from: contract.windowStart, to: contract.windowEnd }),
      ];
    buyerOrgId = contract.buyerOrgId;
    productId = contract.productId;
  } else {
    // a spot purchase: an enterprise of the town, at the price both agreed; the product is the lots'
    if (!input.buyerOrgId || !input.agreedFen) return refuse('invalid', { '': ['delivery.spotNeedsTerms'] });
    const buyer = await OrganizationModel.exists({
      _id: input.buyerOrgId,
      townId: scope.townId,
      type: 'enterprise',
      archivedAt: null,
    });
    if (!buyer) return refuse('invalid', { buyerOrgId: ['v.invalidChoice'] });
    buyerOrgId = input.buyerOrgId;
    const first = input.productId
      ? null
      : await LotModel.findOne({ _id: input.lines[0]?.lotId, townId: scope.townId, holderOrgId: scope.orgId })
          .select('productId')
          .lean();
    productId = input.productId ?? first?.productId ?? new Types.ObjectId();
  }
  if (input.plantOrgId) {
    const plant = await OrganizationModel.exists({
      _id: input.plantOrgId,
      townId: scope.townId,
      type: 'plant',
      servesOrgId: buyerOrgId,
      archivedAt: null,
    });
    if (!plant) errors.plantOrgId = ['delivery.plantNotBuyers'];
  }
  const ids = input.lines.map((l) => String(l.lotId));
  if (new Set(ids).size !== ids.length) errors[''] = ['delivery.lotTwice'];
  const lots = await LotModel.find({
    _id: { $in: input.lines.map((l) => l.lotId) },
    townId: scope.townId,
    holderOrgId: scope.orgId,
    staged: { $ne: true },
  }).lean();
  const byId = new Map(lots.map((l) => [String(l._id), l]));
  const taken: Array<{ lot: (typeof lots)[number]; quantity: number }> = [];
  // a weight typed in 斤 or 吨 is stored in kg; what a lot holds is said back in the typed unit
  const typedIn = input.weightUnit ?? 'kg';
  const quantityOf = (lot: { unit: string }, line: LineInput) =>
    lot.unit === 'kg' ? toKg(line.quantity, typedIn) : line.quantity;
  const typedOf = (lot: { unit: string; quantity: number }) =>
    lot.unit === 'kg' ? fromKg(lot.quantity, typedIn) : lot.quantity;
  input.lines.forEach((line, i) => {
    const lot = byId.get(String(line.lotId));
    const n = line.index ?? i + 1;
    const field = `lot${n}`;
    if (!lot) errors[field] = ['v.invalidChoice'];
    else if (lot.status !== 'in_stock') errors[field] = [msg('delivery.lotNotInStock', { code: lot.code })];
    else if (String(lot.productId) !== String(productId))
      errors[field] = [msg('delivery.lotOtherProduct', { code: lot.code })];
    else if (quantityOf(lot, line) > lot.quantity + 1e-9)
      errors[`qty${n}`] = [msg('delivery.moreThanLot', { max: typedOf(lot) })];
    else if (lot.unit === 'head' && !Number.isInteger(line.quantity)) errors[`qty${n}`] = ['v.integer'];
    else taken.push({ lot, quantity: quantityOf(lot, line) });
  });
  if (Object.keys(errors).length) return refuse('invalid', errors);
  const quantity = Math.round(taken.reduce((s, t) => s + t.quantity, 0) * 1000) / 1000;
  const priced = await priceFigures(
    contract,
    scope.townId!,
    productId,
    {
      quantity,
      grade: input.grade,
      moisturePct: input.moisturePct,
      impurityPct: input.impurityPct,
      day: input.deliveredOn,
    },
    input.agreedFen,
  );
  if (!priced.ok) return priced;
  let left: number | null = null;
  if (contract) {
    left = contract.committedQty - contract.deliveredQty;
    if (!contract.overageAllowed && quantity > left + 1e-9)
      return refuse('invalid', msg('delivery.overCommitted', { left: Math.max(0, left) }));
  }
  const depositLeftFen = contract ? Math.max(0, contract.depositFen - contract.depositUsedFen) : 0;
  return {
    ok: true as const,
    contract,
    buyerOrgId,
    productId,
    taken,
    figures: priced.figures,
    depositCreditFen: Math.min(depositLeftFen, priced.figures.amountFen),
    left,
  };
}

export async function submitDelivery(
  scope: Scope,
  input: DeliveryInput,
  actor: Actor,
  photo?: SubmitContext['photo'],
): Promise<DeliveryResult> {
  return perform(submitOperation, { once: actor.once, input }, async () => {
    const planned = await planDelivery(scope, input);
    if (!planned.ok) return planned;
    const { contract, taken, figures } = planned;
    const town = await TownModel.findById(scope.townId).select('code').lean();
    const deliveryId = new Types.ObjectId();
    const children: Doc[] = [];
    const reservations: LotReservation[] = [];
    const lines = [];
    for (const { lot, quantity } of taken) {
      const reservation = reservationOf(lot, quantity, 'delivering');
      reservations.push(reservation);
      if (reservation.status !== 'split') {
        lines.push({
          lotId: lot._id,
          lotCode: lot.code,
          fromLotId: lot._id,
          fromLotCode: lot.code,
          quantity,
        });
        continue;
      }
      // part of the lot: it splits into the delivered child and the remainder, both from it
      const { taken: delivered, rest: remainder } = await planSplit(town!.code, lot, quantity, 'delivering');
      children.push(delivered, remainder);
      lines.push({
        lotId: delivered._id,
        lotCode: String(delivered.code),
        fromLotId: lot._id,
        fromLotCode: lot.code,
        quantity,
      });
    }
    const year = input.deliveredOn.slice(0, 4);
    const code = await reserveNumber(`${town!.code}-JS-${year}`);
    const now = new Date();
    const delivery: Doc = {
      _id: deliveryId,
      townId: scope.townId,
      code,
      contractId: contract?._id ?? null,
      buyerOrgId: planned.buyerOrgId,
      sellerOrgId: scope.orgId,
      productId: planned.productId,
      productName: taken[0]!.lot.productName,
      unit: taken[0]!.lot.unit,
      deliveredOn: input.deliveredOn,
      weighTicket: input.weighTicket,
      liveWeightKg: input.liveWeightKg ?? null,
      plantOrgId: input.plantOrgId ?? null,
      lines,
      submitted: figures,
      adjustment: null,
      status: 'submitting',
      statusAt: now,
      disputeReason: '',
      disputedBy: null,
      receipt: null,
      paidFen: 0,
      correction: null,
      reversedFen: 0,
      holds: [],
      submittedBy: actor.userId,
      photoId: photo ? new Types.ObjectId() : null,
      statusOp: null,
      createdAt: now,
      updatedAt: now,
      __v: 0,
    };
    const audits = [
      auditEvent('Delivery', 'create', actor, null, { ...delivery, status: 'pending' }, code)!,
      ...children.map((c) => auditEvent('Lot', 'create', actor, null, c, String(c.code))!),
    ];
    return {
      ok: true,
      plan: {
        delivery,
        contractId: contract?._id ?? null,
        qty: figures.quantity,
        lots: reservations,
        children,
        audits,
        photoId: (delivery.photoId as Types.ObjectId | null) ?? null,
      },
      context: { photo },
      value: { id: deliveryId, code },
    };
  });
}
