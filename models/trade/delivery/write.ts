// The writes of the delivery path, each one operation (models/kernel/operation.ts, decision 0006):
//   submit   the delivery (hidden while `submitting`), the contract's delivered quantity
//            (guarded by what is committed), the lots reserved (a lot taken in part splits
//            into the delivered child and the remainder), then the children and the audit event
//   confirm  the delivery claimed once (pending/adjusted → confirmed), the deposit credited
//            (guarded), then the receipt appended to the contract's hash chain and the lots
//            passed to the buyer
//   dispute  the delivery claimed once (→ disputed), the quantity given back to the contract,
//            then the lots back in the seller's stock
//   adjust   one audited update of the delivery (pending → adjusted)
//   pay      the delivery's paid amount (guarded by what is owed), then the payment entry
import { Types } from 'mongoose';
import { ContractModel, priceTermsOf, withinCommitted, type ContractDoc } from '../contract';
import { chainOf, appendEntry, LedgerEntryModel, type PlannedEntry } from '../../kernel/ledger';
import { LotModel, planLot, reserveNumber, type Lot } from '../../lots/lot';
import {
  clearHold,
  defineOperation,
  holdAmount,
  insertOnce,
  perform,
  releaseAmount,
  writeAudit,
  written,
  type FieldErrors,
  type Outcome,
  type PlannedAudit,
} from '../../kernel/operation';
import { OrganizationModel } from '../../town/organization';
import { priceOn } from '../price';
import { TownModel } from '../../town/town';
import { auditEvent, refusedAs, updateRecord } from '../../kernel/write';
import type { Actor } from '../../kernel/audit';
import {
  DeliveryModel,
  DeliveryPhotoModel,
  deliveryFilter,
  owedOn,
  type Delivery,
  type DeliveryDoc,
  type DeliveryPhoto,
  type PricedFigures,
} from './schema';
import type { Scope } from '../../kernel/scope';
import type { DeliveryStatus, PaymentMethod } from '~/domain/delivery';
import type { Grade } from '~/domain/planting';
import { priceLine, PricingError } from '~/domain/pricing';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };
const NOT_FOUND = '__notFound';
const refuse = (errors: FieldErrors) => ({ ok: false as const, errors });
const msg = (key: string, values?: Record<string, unknown>) =>
  values ? `${key}|${JSON.stringify(values)}` : key;

// ---------------------------------------------------------------- the contract's derived amounts

/**
 * Moves a contract's delivered quantity and deposit used by what one operation adds (one
 * hold per operation and contract, so both go back together on release).
 */
async function holdContract(
  contractId: Types.ObjectId,
  op: Types.ObjectId,
  add: { qty: number; deposit: number },
  guard: Record<string, unknown> = {},
) {
  const res = await ContractModel.collection.updateOne(
    { _id: contractId, 'holds.op': { $ne: op }, ...guard },
    {
      $inc: { deliveredQty: add.qty, depositUsedFen: add.deposit },
      $push: { holds: { op, amount: add.qty, deposit: add.deposit } } as never,
    },
  );
  written();
  return res.modifiedCount === 1;
}

export async function releaseContract(contractId: Types.ObjectId | null, op: Types.ObjectId) {
  if (!contractId) return;
  const doc = await ContractModel.collection.findOne(
    { _id: contractId, 'holds.op': op },
    { projection: { holds: 1 } },
  );
  const hold = (
    doc?.holds as Array<{ op: Types.ObjectId; amount: number; deposit?: number }> | undefined
  )?.find((h) => h.op.equals(op));
  if (!hold) return;
  await ContractModel.collection.updateOne({ _id: contractId, 'holds.op': op }, {
    $inc: { deliveredQty: -hold.amount, depositUsedFen: -(hold.deposit ?? 0) },
    $pull: { holds: { op } },
  } as never);
  written();
}

export const finishContract = (contractId: Types.ObjectId | null, op: Types.ObjectId) =>
  contractId ? clearHold(ContractModel, { _id: contractId }, op) : Promise.resolve();

/** What a contract can still take, for the message that refuses a delivery. */
async function leftOf(contractId: Types.ObjectId) {
  const c = await ContractModel.findById(contractId).select('committedQty deliveredQty').lean();
  return Math.max(0, (c?.committedQty ?? 0) - (c?.deliveredQty ?? 0));
}

// ---------------------------------------------------------------- pricing

export interface LineInput {
  lotId: Types.ObjectId;
  quantity: number;
  index?: number; // the form's line number (lot1/qty1 …), for messages
}

export interface DeliveryInput {
  contractId: Types.ObjectId | null;
  buyerOrgId?: Types.ObjectId; // spot purchases name the buyer
  productId?: Types.ObjectId; // and the product
  agreedFen?: number; // and the price both agreed, per kg or head
  deliveredOn: string;
  weighTicket: string;
  grade: Grade;
  moisturePct: number;
  impurityPct: number;
  lines: LineInput[];
}

/** Works out a delivery's price under its contract (or the agreed spot price). */
export async function priceFigures(
  contract: ContractDoc | null,
  townId: Types.ObjectId,
  productId: Types.ObjectId,
  f: { quantity: number; grade: Grade; moisturePct: number; impurityPct: number; day: string },
  agreedFen?: number,
): Promise<{ ok: true; figures: PricedFigures } | { ok: false; errors: FieldErrors }> {
  if (!contract) {
    const quantity = f.quantity;
    return {
      ok: true,
      figures: {
        quantity,
        grade: f.grade,
        moisturePct: f.moisturePct,
        impurityPct: f.impurityPct,
        marketFen: null,
        marketDay: null,
        source: 'agreed',
        unitFen: agreedFen ?? 0,
        deductedQty: 0,
        payableQty: quantity,
        amountFen: Math.round(quantity * (agreedFen ?? 0)),
      },
    };
  }
  const market = await priceOn(townId, productId, f.day);
  try {
    const line = priceLine(
      priceTermsOf(contract),
      { quantity: f.quantity, grade: f.grade, moisturePct: f.moisturePct, impurityPct: f.impurityPct },
      market?.fen ?? null,
    );
    return {
      ok: true,
      figures: {
        quantity: f.quantity,
        grade: f.grade,
        moisturePct: f.moisturePct,
        impurityPct: f.impurityPct,
        marketFen: market?.fen ?? null,
        marketDay: market?.day ?? null,
        source: line.source,
        unitFen: line.unitFen,
        deductedQty: line.deductedQty,
        payableQty: line.payableQty,
        amountFen: line.amountFen,
      },
    };
  } catch (error) {
    if (!(error instanceof PricingError)) throw error;
    const field =
      error.code === 'gradeNotInTable' ? 'grade' : error.code === 'badPercent' ? 'moisturePct' : '';
    return refuse({ [field]: [`delivery.${error.code}`] });
  }
}

// ---------------------------------------------------------------- submit

interface LotReservation {
  lotId: Types.ObjectId;
  expectQty: number;
  status: 'delivering' | 'split';
  movedAt: Date | null; // before: put back on release
}

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
  async hold(op, context): Promise<FieldErrors | null> {
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
        return { weighTicket: ['delivery.ticketUsed'] };
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
    const now = new Date();
    for (const lot of p.lots) {
      const res = await LotModel.updateOne(
        {
          _id: lot.lotId,
          status: 'in_stock',
          holderOrgId: p.delivery.sellerOrgId as Types.ObjectId,
          quantity: lot.expectQty,
          'holds.op': { $ne: op._id },
        },
        {
          $set: { status: lot.status, movedAt: lot.movedAt ?? now },
          $push: { holds: { op: op._id, amount: 0 } },
        },
      );
      written();
      if (res.modifiedCount !== 1) return { '': ['delivery.lotGone'] };
    }
    return null;
  },
  async release(op) {
    const p = op.plan;
    for (const lot of p.lots) {
      await LotModel.updateOne(
        { _id: lot.lotId, 'holds.op': op._id },
        { $set: { status: 'in_stock', movedAt: lot.movedAt }, $pull: { holds: { op: op._id } } },
      );
      written();
    }
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
    if (!contract) return { ok: false as const, errors: { contractId: ['v.invalidChoice'] } };
    if (contract.status !== 'active')
      return { ok: false as const, errors: { contractId: ['delivery.contractNotActive'] } };
    if (input.deliveredOn < contract.windowStart || input.deliveredOn > contract.windowEnd)
      errors.deliveredOn = [
        msg('delivery.outsideWindow', { from: contract.windowStart, to: contract.windowEnd }),
      ];
    buyerOrgId = contract.buyerOrgId;
    productId = contract.productId;
  } else {
    // a spot purchase: an enterprise of the town, at the price both agreed; the product is the lots'
    if (!input.buyerOrgId || !input.agreedFen)
      return { ok: false as const, errors: { '': ['delivery.spotNeedsTerms'] } };
    const buyer = await OrganizationModel.exists({
      _id: input.buyerOrgId,
      townId: scope.townId,
      type: 'enterprise',
      archivedAt: null,
    });
    if (!buyer) return { ok: false as const, errors: { buyerOrgId: ['v.invalidChoice'] } };
    buyerOrgId = input.buyerOrgId;
    const first = input.productId
      ? null
      : await LotModel.findOne({ _id: input.lines[0]?.lotId, townId: scope.townId, holderOrgId: scope.orgId })
          .select('productId')
          .lean();
    productId = input.productId ?? first?.productId ?? new Types.ObjectId();
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
  input.lines.forEach((line, i) => {
    const lot = byId.get(String(line.lotId));
    const n = line.index ?? i + 1;
    const field = `lot${n}`;
    if (!lot) errors[field] = ['v.invalidChoice'];
    else if (lot.status !== 'in_stock') errors[field] = [msg('delivery.lotNotInStock', { code: lot.code })];
    else if (String(lot.productId) !== String(productId))
      errors[field] = [msg('delivery.lotOtherProduct', { code: lot.code })];
    else if (line.quantity > lot.quantity + 1e-9)
      errors[`qty${n}`] = [msg('delivery.moreThanLot', { max: lot.quantity })];
    else if (lot.unit === 'head' && !Number.isInteger(line.quantity)) errors[`qty${n}`] = ['v.integer'];
    else taken.push({ lot, quantity: line.quantity });
  });
  if (Object.keys(errors).length) return { ok: false as const, errors };
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
      return {
        ok: false as const,
        errors: { '': [msg('delivery.overCommitted', { left: Math.max(0, left) })] },
      };
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
      if (Math.abs(quantity - lot.quantity) < 1e-9) {
        reservations.push({
          lotId: lot._id,
          expectQty: lot.quantity,
          status: 'delivering',
          movedAt: lot.movedAt ?? null,
        });
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
      reservations.push({
        lotId: lot._id,
        expectQty: lot.quantity,
        status: 'split',
        movedAt: lot.movedAt ?? null,
      });
      const rest = Math.round((lot.quantity - quantity) * 1000) / 1000;
      const child = (qty: number, status: Lot['status']) =>
        planLot({
          townCode: town!.code,
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
          status,
        });
      const delivered = await child(quantity, 'delivering');
      const remainder = await child(rest, 'in_stock');
      delivered.movedAt = new Date();
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

/**
 * A ledger entry about a delivery, with its number reserved (`PZ` receipt, `FK` payment, `CZ`
 * reversal) and its id fixed: the operation appends it after its commit point.
 */
async function planEntry(
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

// ---------------------------------------------------------------- confirm

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

async function claim(
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

async function unclaim(
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

/** The delivery as its buyer (or, for an adjustment, its seller) may act on it. */
async function deliveryFor(scope: Scope, id: Types.ObjectId) {
  return DeliveryModel.findOne({ _id: id, ...deliveryFilter(scope) }).lean() as Promise<DeliveryDoc | null>;
}

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
): Promise<Outcome<{ number: string }> | null> {
  const outcome = await perform(
    confirmOperation,
    { once: actor.once, input: { confirm: String(id) } },
    async () => {
      const d = await deliveryFor(scope, id);
      if (!d) return refuse({ [NOT_FOUND]: [] });
      const asBuyer = d.buyerOrgId.equals(scope.orgId!);
      const from = asBuyer ? 'pending' : 'adjusted';
      if (d.status !== from || (!asBuyer && !d.sellerOrgId.equals(scope.orgId!)))
        return refuse({
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
  if (!outcome.ok && outcome.errors[NOT_FOUND]) return null;
  return outcome;
}

// ---------------------------------------------------------------- dispute

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
      if (!d) return refuse({ [NOT_FOUND]: [] });
      const by = d.buyerOrgId.equals(scope.orgId!) ? 'buyer' : 'seller';
      const from = by === 'buyer' ? 'pending' : 'adjusted';
      if (d.status !== from) return refuse({ '': ['delivery.notPending'] });
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
  if (!outcome.ok && outcome.errors[NOT_FOUND]) return null;
  return outcome;
}

// ---------------------------------------------------------------- adjust

export interface AdjustInput {
  quantity: number;
  grade: Grade;
  moisturePct: number;
  impurityPct: number;
  reason: string;
}

/** The buyer changes weight, grade or deductions of a pending delivery; the seller then answers. */
export async function adjustDelivery(
  scope: Scope,
  id: Types.ObjectId,
  input: AdjustInput,
  actor: Actor,
  { now }: { now?: Date } = {},
): Promise<Outcome<{ id: Types.ObjectId }> | null> {
  const d = await DeliveryModel.findOne({
    _id: id,
    ...deliveryFilter(scope),
    buyerOrgId: scope.orgId,
  }).lean();
  if (!d) return null;
  // a repeat of an earlier adjustment (the same one-time key) is answered by the write below
  if (d.status !== 'pending' && !actor.once) return refuse({ '': ['delivery.notPending'] });
  if (input.quantity > d.submitted.quantity + 1e-9)
    return refuse({ quantity: [msg('delivery.adjustMore', { max: d.submitted.quantity })] });
  if (d.unit === 'head' && !Number.isInteger(input.quantity)) return refuse({ quantity: ['v.integer'] });
  const contract = d.contractId
    ? ((await ContractModel.findById(d.contractId).lean()) as ContractDoc | null)
    : null;
  const priced = await priceFigures(
    contract,
    d.townId,
    d.productId,
    { ...input, day: d.deliveredOn },
    d.contractId ? undefined : d.submitted.unitFen,
  );
  if (!priced.ok) return priced;
  // the market price of the delivery's day as submitted: an adjustment changes goods, not the day
  const figures = contract
    ? (repriceAt(contract, input, d.submitted.marketFen, d.submitted.marketDay) ?? priced.figures)
    : priced.figures;
  const saved = await refusedAs(() =>
    updateRecord(
      DeliveryModel,
      { _id: id, buyerOrgId: scope.orgId, status: 'pending' },
      {
        status: 'adjusted',
        statusAt: now ?? new Date(),
        adjustment: { ...figures, reason: input.reason, at: now ?? new Date(), byUserId: actor.userId },
      } as Partial<Delivery>,
      actor,
      { label: () => d.code, input: { adjust: String(id), ...input } },
    ),
  );
  if (!saved.ok) return saved;
  if (!saved.value) return refuse({ '': ['delivery.notPending'] });
  return { ok: true, value: { id } };
}

function repriceAt(
  contract: ContractDoc,
  input: AdjustInput,
  marketFen: number | null,
  marketDay: string | null,
) {
  try {
    const line = priceLine(priceTermsOf(contract), input, marketFen);
    return {
      quantity: input.quantity,
      grade: input.grade,
      moisturePct: input.moisturePct,
      impurityPct: input.impurityPct,
      marketFen,
      marketDay,
      source: line.source,
      unitFen: line.unitFen,
      deductedQty: line.deductedQty,
      payableQty: line.payableQty,
      amountFen: line.amountFen,
    } satisfies PricedFigures;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- pay

export interface PaymentInput {
  amountFen: number;
  paidOn: string;
  method: PaymentMethod;
  reference: string;
  /** the user confirmed that a payment like one recorded within a day is another one */
  confirmRepeat?: boolean;
}

const REPEAT_WINDOW_MS = 24 * 3600_000;

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
  async apply(op) {
    await appendEntry(op.plan.entry);
    await writeAudit([op.plan.audit]);
  },
  finish: (op) => clearHold(DeliveryModel, { _id: op.plan.deliveryId }, op._id),
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
      const d = await DeliveryModel.findOne({
        _id: id,
        ...deliveryFilter(scope),
        buyerOrgId: scope.orgId,
      }).lean();
      if (!d) return refuse({ [NOT_FOUND]: [] });
      if (!Number.isInteger(input.amountFen) || input.amountFen < 1)
        return refuse({ amountYuan: ['v.belowFen'] });
      if (d.status !== 'confirmed' || !d.receipt) return refuse({ '': ['payment.notReceipt'] });
      const owed = owedOn(d);
      if (input.amountFen > owed)
        return refuse({ amountYuan: [msg('payment.overpay', { owed: owed / 100 })] });
      if (!input.confirmRepeat) {
        // a second tap, or a payment entered twice, looks just like this: ask first
        const twin = await LedgerEntryModel.findOne({
          deliveryId: d._id,
          kind: 'payment',
          amountFen: input.amountFen,
          reference: input.reference,
          at: { $gte: new Date((now ?? new Date()).getTime() - REPEAT_WINDOW_MS) },
        })
          .select('number')
          .lean();
        if (twin) return refuse({ confirmRepeat: [msg('payment.looksRepeated', { number: twin.number })] });
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
  if (!outcome.ok && outcome.errors[NOT_FOUND]) return null;
  return outcome;
}

// ---------------------------------------------------------------- corrections (reversing entries)

/**
 * The buyer proposes to take an amount off a receipt, with a reason (a receipt itself never
 * changes). The seller accepts — a reversing entry in the chain — or refuses.
 */
export async function proposeCorrection(
  scope: Scope,
  id: Types.ObjectId,
  input: { amountFen: number; reason: string },
  actor: Actor,
): Promise<Outcome<{ id: Types.ObjectId }> | null> {
  const d = await DeliveryModel.findOne({
    _id: id,
    ...deliveryFilter(scope),
    buyerOrgId: scope.orgId,
  }).lean();
  if (!d) return null;
  if (d.status !== 'confirmed' || !d.receipt) return refuse({ '': ['reversal.notReceipt'] });
  if (d.correction?.status === 'proposed' && !actor.once) return refuse({ '': ['reversal.waiting'] });
  // a correction takes off what is still owed, never more (decision 0011): after a payment
  // the buyer would otherwise have paid more than the receipt makes due
  const left = Math.max(0, owedOn(d));
  if (input.amountFen > left) return refuse({ amountYuan: [tooMuchToCorrect(d, left)] });
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
  if (!saved.value) return refuse({ '': ['reversal.waiting'] });
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
  async apply(op) {
    await appendEntry(op.plan.entry);
    await writeAudit([op.plan.audit]);
  },
  finish: (op) => clearHold(DeliveryModel, { _id: op.plan.deliveryId }, op._id),
});

/** The seller accepts the proposed correction (a reversing entry) or refuses it with a reason. */
export async function answerCorrection(
  scope: Scope,
  id: Types.ObjectId,
  answer: { accept: true } | { accept: false; reason: string },
  actor: Actor,
): Promise<Outcome<{ id: Types.ObjectId }> | null> {
  const d = await DeliveryModel.findOne({
    _id: id,
    ...deliveryFilter(scope),
    sellerOrgId: scope.orgId,
  }).lean();
  if (!d) return null;
  const c = d.correction;
  if (!answer.accept) {
    if (c?.status !== 'proposed') return refuse({ '': ['reversal.notWaiting'] });
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
    return saved.value ? { ok: true, value: { id } } : refuse({ '': ['reversal.notWaiting'] });
  }
  return perform(reverseOperation, { once: actor.once, input: { reverse: String(id) } }, async () => {
    if (c?.status !== 'proposed' || !d.receipt) return refuse({ '': ['reversal.notWaiting'] });
    if (c.amountFen > owedOn(d)) return refuse({ '': [tooMuchToCorrect(d, Math.max(0, owedOn(d)))] });
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
