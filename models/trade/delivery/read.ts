// What the delivery pages read: lists by side and status, one delivery with its ledger
// entries, a contract's fulfilment by month, income, what is owed and for how long, the
// counts beside the menu, and the verification of a contract's chain against its deliveries.
import { Types } from 'mongoose';
import { toPlain } from '../../kernel/common';
import { ContractModel } from '../contract';
import { OrganizationModel } from '../../town/organization';
import { LedgerEntryModel, verifyChain, type ChainCheck } from '../../kernel/ledger';
import type { Scope } from '../../kernel/scope';
import { DeliveryModel, DeliveryPhotoModel, deliveryFilter, owedOn, UNPAID } from './schema';
import { AGE_BUCKETS, ageBucket, type AgeBucket, type DeliveryStatus } from '~/domain/delivery';

export const DELIVERY_PAGE_SIZE = 50;

export async function listDeliveries(
  scope: Scope,
  {
    status,
    side,
    contractId,
    view,
    age,
    page = 1,
    whole = false,
    now = new Date(),
  }: {
    status?: DeliveryStatus;
    side?: 'buyer' | 'seller';
    contractId?: Types.ObjectId;
    /** what waits: the seller's answer to an adjustment or a correction, or receipts not fully paid */
    view?: 'toAnswer' | 'owed';
    /** only receipts not fully paid, of this age (the buckets of `owed`) */
    age?: AgeBucket;
    page?: number;
    /** every field (the API's answer), not only what a list shows */
    whole?: boolean;
    now?: Date;
  } = {},
) {
  const filter: Record<string, unknown> = { ...deliveryFilter(scope) };
  // one side only: a filter the indexes answer in order (buyer/seller, status, _id)
  if (side && scope.access === 'own' && scope.orgId) {
    delete filter.$or;
    filter[side === 'buyer' ? 'buyerOrgId' : 'sellerOrgId'] = scope.orgId;
  }
  if (status) filter.status = status;
  if (contractId) filter.contractId = contractId;
  if (view === 'toAnswer') {
    // as countDeliveriesWaiting counts them: the seller's side only
    if (scope.access === 'own') {
      delete filter.$or;
      filter.sellerOrgId = scope.orgId;
    }
    filter.$or = [{ status: 'adjusted' }, { 'correction.status': 'proposed' }];
  }
  if (view === 'owed' || age) Object.assign(filter, { status: 'confirmed' }, UNPAID);
  if (age) filter['receipt.at'] = receiptAgeRange(age, now);
  // newest delivery first, by its date (the indexes end in deliveredOn, _id)
  const docs = await DeliveryModel.find(filter)
    .sort({ deliveredOn: -1, _id: -1 })
    .skip((page - 1) * DELIVERY_PAGE_SIZE)
    .limit(DELIVERY_PAGE_SIZE + 1)
    .select(
      whole
        ? {}
        : 'code contractId buyerOrgId sellerOrgId productId productName unit deliveredOn weighTicket submitted.quantity submitted.amountFen status receipt paidFen reversedFen',
    )
    .lean();
  return {
    deliveries: docs.slice(0, DELIVERY_PAGE_SIZE).map((d) => ({
      ...toPlain(d),
      // what is still owed on a receipt and since how many days (null: nothing owed)
      owedFen: d.status === 'confirmed' && d.receipt ? owedOn(d) : 0,
      owedDays: d.receipt ? Math.floor((now.getTime() - d.receipt.at.getTime()) / 86_400_000) : null,
    })),
    hasMore: docs.length > DELIVERY_PAGE_SIZE,
  };
}

/** The receipt dates whose age in whole days falls in a bucket (as `owed` counts them). */
function receiptAgeRange(age: AgeBucket, now: Date) {
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
  // age in days = floor((now − at) / day): ≤ 30 ⇔ at > now − 31 days
  const bounds: Record<AgeBucket, [number | null, number | null]> = {
    d0_30: [null, 31],
    d31_60: [31, 61],
    d61_90: [61, 91],
    d90plus: [91, null],
  };
  const [youngest, oldest] = bounds[age];
  return {
    ...(oldest !== null ? { $gt: daysAgo(oldest) } : {}),
    ...(youngest !== null ? { $lte: daysAgo(youngest) } : {}),
  };
}

export async function getDelivery(scope: Scope, id: Types.ObjectId) {
  const doc = await DeliveryModel.findOne({ _id: id, ...deliveryFilter(scope) }).lean();
  if (!doc) return null;
  const entries = await LedgerEntryModel.find({ deliveryId: doc._id }).sort({ seq: 1 }).lean();
  return { delivery: toPlain(doc), entries: entries.map(toPlain) };
}

const month = (field: string) => ({ $substrBytes: [field, 0, 7] });
const shanghaiMonth = (field: string) => ({
  $dateToString: { date: field, format: '%Y-%m', timezone: 'Asia/Shanghai' },
});

/** A contract's deliveries and money by month of delivery: delivered, confirmed, paid. */
export async function fulfilment(contractId: Types.ObjectId) {
  const rows = await DeliveryModel.aggregate<{
    _id: string;
    deliveredQty: number;
    confirmedQty: number;
    confirmedFen: number;
    dueFen: number;
    paidFen: number;
    pending: number;
  }>([
    { $match: { contractId, status: { $in: ['pending', 'adjusted', 'confirmed'] } } },
    {
      $group: {
        _id: month('$deliveredOn'),
        deliveredQty: {
          $sum: { $cond: [{ $eq: ['$status', 'confirmed'] }, '$receipt.quantity', '$submitted.quantity'] },
        },
        confirmedQty: { $sum: { $cond: [{ $eq: ['$status', 'confirmed'] }, '$receipt.quantity', 0] } },
        confirmedFen: {
          $sum: { $subtract: [{ $ifNull: ['$receipt.amountFen', 0] }, { $ifNull: ['$reversedFen', 0] }] },
        },
        dueFen: {
          $sum: { $subtract: [{ $ifNull: ['$receipt.dueFen', 0] }, { $ifNull: ['$reversedFen', 0] }] },
        },
        paidFen: { $sum: '$paidFen' },
        pending: { $sum: { $cond: [{ $eq: ['$status', 'confirmed'] }, 0, 1] } },
      },
    },
    { $sort: { _id: 1 } },
  ]);
  const total = rows.reduce(
    (t, r) => ({
      deliveredQty: t.deliveredQty + r.deliveredQty,
      confirmedQty: t.confirmedQty + r.confirmedQty,
      confirmedFen: t.confirmedFen + r.confirmedFen,
      depositFen: t.depositFen + (r.confirmedFen - r.dueFen),
      paidFen: t.paidFen + r.paidFen,
      pending: t.pending + r.pending,
    }),
    { deliveredQty: 0, confirmedQty: 0, confirmedFen: 0, depositFen: 0, paidFen: 0, pending: 0 },
  );
  return { months: rows.map(({ _id, ...r }) => ({ month: _id, ...r })), total };
}

export type IncomeGroup = 'seller' | 'buyer' | 'product' | 'month';

/**
 * Sales income from receipts (reversals count against it), by month and one more key,
 * in the scope: a cooperative's own, or the town's.
 */
export async function income(scope: Scope, { year }: { year?: number } = {}) {
  const match: Record<string, unknown> = { kind: { $in: ['receipt', 'reversal'] } };
  if (scope.access === 'own') match.sellerOrgId = scope.orgId;
  else if (scope.access === 'town') match.townId = scope.townId;
  if (year) {
    match.at = { $gte: new Date(Date.UTC(year - 1, 11, 31, 16)), $lt: new Date(Date.UTC(year, 11, 31, 16)) };
  }
  const rows = await LedgerEntryModel.aggregate<{
    _id: { month: string; seller: Types.ObjectId; buyer: Types.ObjectId; product: Types.ObjectId };
    amountFen: number;
    quantity: number;
    receipts: number;
  }>([
    { $match: match },
    {
      $group: {
        _id: {
          month: shanghaiMonth('$at'),
          seller: '$sellerOrgId',
          buyer: '$buyerOrgId',
          product: '$productId',
        },
        amountFen: { $sum: '$amountFen' },
        quantity: { $sum: '$quantity' },
        receipts: { $sum: { $cond: [{ $eq: ['$kind', 'receipt'] }, 1, 0] } },
      },
    },
    { $sort: { '_id.month': 1 } },
  ]);
  return rows.map((r) => ({
    month: r._id.month,
    sellerOrgId: String(r._id.seller),
    buyerOrgId: String(r._id.buyer),
    productId: String(r._id.product),
    amountFen: r.amountFen,
    quantity: r.quantity,
    receipts: r.receipts,
  }));
}

/**
 * What is owed on receipts, by age: the organization's as buyer or seller (one side with
 * `side`), or the town's.
 */
export async function owed(
  scope: Scope,
  { side, now = new Date() }: { side?: 'buyer' | 'seller'; now?: Date } = {},
) {
  const filter: Record<string, unknown> = { ...deliveryFilter(scope), status: 'confirmed' };
  if (side && scope.access === 'own' && scope.orgId) {
    delete filter.$or;
    filter[side === 'buyer' ? 'buyerOrgId' : 'sellerOrgId'] = scope.orgId;
  }
  const docs = await DeliveryModel.find({ ...filter, ...UNPAID })
    .select('code buyerOrgId sellerOrgId receipt paidFen reversedFen productName')
    .sort({ 'receipt.at': 1 })
    .limit(2000)
    .lean();
  const buckets = Object.fromEntries(AGE_BUCKETS.map((b) => [b, { count: 0, fen: 0 }])) as Record<
    AgeBucket,
    { count: number; fen: number }
  >;
  const rows = docs.map((d) => {
    const days = Math.floor((now.getTime() - d.receipt!.at.getTime()) / 86_400_000);
    const fen = owedOn(d);
    const bucket = ageBucket(days);
    buckets[bucket].count += 1;
    buckets[bucket].fen += fen;
    return { ...toPlain(d), days, owedFen: fen, bucket };
  });
  return { rows, buckets, totalFen: rows.reduce((s, r) => s + r.owedFen, 0) };
}

/** What waits for this organization on the delivery path (the count beside 交售 in the menu). */
export async function countDeliveriesWaiting(orgId: Types.ObjectId, now = new Date()) {
  const monthAgo = new Date(now.getTime() - 30 * 86_400_000);
  const [toConfirm, toAnswer, unpaid] = await Promise.all([
    DeliveryModel.countDocuments({ buyerOrgId: orgId, status: 'pending' }),
    // an adjustment or a correction of a receipt, waiting for the seller
    DeliveryModel.countDocuments({
      sellerOrgId: orgId,
      $or: [{ status: 'adjusted' }, { 'correction.status': 'proposed' }],
    }),
    // receipts this organization has not paid for a month: the buyer's task, not the seller's
    DeliveryModel.countDocuments({
      buyerOrgId: orgId,
      status: 'confirmed',
      'receipt.at': { $lt: monthAgo },
      ...UNPAID,
    }),
  ]);
  return { toConfirm, toAnswer, unpaid, total: toConfirm + toAnswer + unpaid };
}

export interface ContractCheck extends ChainCheck {
  /** Confirmed deliveries whose receipt is missing from the chain or differs from it. */
  missing: string[];
}

/**
 * Recomputes a contract's chain and holds it against the deliveries: every confirmed
 * delivery has its receipt in the chain with the same figures, and its paid amount is the
 * sum of its payment entries.
 */
export async function verifyContract(contractId: Types.ObjectId): Promise<ContractCheck> {
  const chain = await verifyChain(String(contractId));
  const [deliveries, entries] = await Promise.all([
    DeliveryModel.find({ contractId, status: 'confirmed' })
      .select('code receipt paidFen reversedFen holds')
      .lean(),
    LedgerEntryModel.find({ chain: String(contractId) })
      .select('_id kind deliveryId amountFen quantity')
      .lean(),
  ]);
  const byId = new Map(entries.map((e) => [String(e._id), e]));
  const paid = new Map<string, number>();
  const reversed = new Map<string, number>();
  for (const e of entries) {
    const sums = e.kind === 'payment' ? paid : e.kind === 'reversal' ? reversed : null;
    sums?.set(String(e.deliveryId), (sums.get(String(e.deliveryId)) ?? 0) + Math.abs(e.amountFen ?? 0));
  }
  const missing: string[] = [];
  for (const d of deliveries) {
    if (d.holds?.length) continue; // a payment in flight
    const e = d.receipt && byId.get(String(d.receipt.entryId));
    if (!e || e.amountFen !== d.receipt!.amountFen || e.quantity !== d.receipt!.quantity)
      missing.push(d.code);
    else if ((paid.get(String(d._id)) ?? 0) !== d.paidFen) missing.push(d.code);
    else if ((reversed.get(String(d._id)) ?? 0) !== (d.reversedFen ?? 0)) missing.push(d.code);
  }
  return { ...chain, ok: chain.ok && missing.length === 0, missing };
}

/** The contracts of a town that have entries or receipts, verified one by one. */
export async function verifyTownContracts(townId: Types.ObjectId) {
  const ids = await ContractModel.find({ townId }).select('_id code').sort({ code: 1 }).lean();
  const results = [];
  for (const c of ids) {
    const check = await verifyContract(c._id);
    if (check.entries > 0 || check.missing.length)
      results.push({ code: c.code, id: String(c._id), ...check });
  }
  // spot purchases: one chain per buyer and seller
  const spots = (await LedgerEntryModel.distinct('chain', { townId, contractId: null })) as string[];
  for (const chain of spots.sort()) {
    const [, buyer, seller] = chain.split(':');
    const names = await OrganizationModel.find({ _id: { $in: [buyer, seller] } })
      .select('name')
      .lean();
    const name = (id?: string) => names.find((o) => String(o._id) === id)?.name ?? '—';
    const check = await verifyChain(chain);
    results.push({ code: `${name(buyer)} ⇄ ${name(seller)}`, id: '', ...check, missing: [] as string[] });
  }
  return results;
}

/** The weigh ticket's photo of a delivery in scope, as stored (its type and bytes), or null. */
export async function deliveryPhoto(scope: Scope, id: Types.ObjectId) {
  const delivery = await DeliveryModel.findOne({ _id: id, ...deliveryFilter(scope) })
    .select('photoId')
    .lean();
  if (!delivery?.photoId) return null;
  const photo = await DeliveryPhotoModel.findById(delivery.photoId).lean();
  if (!photo) return null;
  // lean documents hold binary data as BSON Binary (its bytes under `buffer`)
  const raw = photo.data as unknown as Buffer | { buffer: Uint8Array };
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer);
  return { contentType: photo.contentType, size: photo.size, bytes: new Uint8Array(bytes) };
}
