// Offtake contracts (订单 / 收购合同): one enterprise buys from one cooperative (or the livestock
// base) on terms both accept. A contract belongs to both parties: `own` access reaches a
// contract where the user's organization is the buyer or the seller. Terms are frozen once it
// is active (a later change will be an amendment both accept); every write is an audited
// operation (models/kernel/write.ts).
import mongoose, { Schema, Types } from 'mongoose';
import { CONTRACT_STATUSES, MARKET_RULES, type ContractStatus, type ScheduleLine } from '~/domain/contract';
import { GRADES } from '~/domain/planting';
import type { GradeTerm, MarketRule, PriceTerms } from '~/domain/pricing';
import { defineModel, toPlain } from '../kernel/common';
import { reserveNumber } from '../lots/lot';
import { holdsField, type Hold } from '../kernel/operation';
import { scopeFilter, type Scope } from '../kernel/scope';
import { createRecord, updateRecord } from '../kernel/write';
import type { Actor } from '../kernel/audit';

export interface Contract {
  townId: Types.ObjectId;
  code: string; // LFT-HT-2026-001
  buyerOrgId: Types.ObjectId;
  sellerOrgId: Types.ObjectId;
  productId: Types.ObjectId;
  unit: 'kg' | 'head';
  committedQty: number;
  windowStart: string; // YYYY-MM-DD, Asia/Shanghai calendar days
  windowEnd: string;
  floorFen: number; // per kg or per head
  market: { kind: (typeof MARKET_RULES)[number]; percent: number | null };
  grades: GradeTerm[];
  moistureFreePct: number;
  impurityFreePct: number;
  depositFen: number;
  overageAllowed: boolean;
  notes: string;
  schedule: ScheduleLine[]; // monthly delivery plan (optional)
  status: ContractStatus;
  acceptedByBuyerAt: Date | null;
  acceptedBySellerAt: Date | null;
  activatedAt: Date | null;
  terminatedAt: Date | null;
  terminationReason: string;
  // derived, held by delivery operations (models/delivery.ts); db:check recomputes them
  deliveredQty: number; // submitted and confirmed deliveries (net kg or head), not disputed ones
  depositUsedFen: number; // deposit credited against receipts so far
  holds: Hold[];
}

const contractSchema = new Schema<Contract>(
  {
    townId: { type: Schema.Types.ObjectId, ref: 'Town', required: true },
    code: { type: String, required: true },
    buyerOrgId: { type: Schema.Types.ObjectId, ref: 'Organization', required: true },
    sellerOrgId: { type: Schema.Types.ObjectId, ref: 'Organization', required: true },
    productId: { type: Schema.Types.ObjectId, ref: 'Product', required: true },
    unit: { type: String, enum: ['kg', 'head'], required: true },
    committedQty: { type: Number, required: true, min: 0 },
    windowStart: { type: String, required: true },
    windowEnd: { type: String, required: true },
    floorFen: { type: Number, required: true, min: 0 },
    market: {
      kind: { type: String, enum: MARKET_RULES, required: true },
      percent: { type: Number, default: null },
    },
    grades: [
      {
        _id: false,
        grade: { type: String, enum: GRADES, required: true },
        kind: { type: String, enum: ['price', 'adjust'], required: true },
        fen: { type: Number, required: true },
      },
    ],
    moistureFreePct: { type: Number, default: 0 },
    impurityFreePct: { type: Number, default: 0 },
    depositFen: { type: Number, default: 0, min: 0 },
    overageAllowed: { type: Boolean, default: false },
    notes: { type: String, default: '' },
    schedule: { type: [{ _id: false, month: String, qty: Number }], default: [] },
    status: { type: String, enum: CONTRACT_STATUSES, required: true },
    acceptedByBuyerAt: { type: Date, default: null },
    acceptedBySellerAt: { type: Date, default: null },
    activatedAt: { type: Date, default: null },
    terminatedAt: { type: Date, default: null },
    terminationReason: { type: String, default: '' },
    deliveredQty: { type: Number, default: 0 },
    depositUsedFen: { type: Number, default: 0 },
    holds: holdsField,
  },
  { timestamps: true },
);
contractSchema.index({ townId: 1, code: 1 }, { unique: true });
// each party's list, newest first
contractSchema.index({ buyerOrgId: 1, _id: -1 });
contractSchema.index({ sellerOrgId: 1, _id: -1 });
contractSchema.index({ townId: 1, _id: -1 });

export const ContractModel = defineModel('Contract', contractSchema);
export type ContractDoc = Contract & { _id: Types.ObjectId };

/** Contracts a scope reaches: the town's, or those the organization is a party to. */
export function contractFilter(scope: Scope): Record<string, unknown> {
  if (scope.access !== 'own') return scopeFilter(scope, { orgField: null });
  return { townId: scope.townId, $or: [{ buyerOrgId: scope.orgId }, { sellerOrgId: scope.orgId }] };
}

export async function listContracts(scope: Scope, { limit = 200 } = {}) {
  const docs = await ContractModel.find(contractFilter(scope)).sort({ _id: -1 }).limit(limit).lean();
  return docs.map(toPlain);
}

export async function getContract(scope: Scope, id: Types.ObjectId) {
  const doc = await ContractModel.findOne({ _id: id, ...contractFilter(scope) }).lean();
  return doc && toPlain(doc);
}

/**
 * Drafts waiting for this organization's acceptance, and amendments the other party proposed
 * (the count beside 收购合同 in the menu).
 */
/** A contract's code, for a record that names it (a delivery its parties may see). */
export async function contractCode(id: Types.ObjectId | string): Promise<string | null> {
  const c = await ContractModel.findById(id).select('code').lean();
  return c?.code ?? null;
}

export async function countAwaitingAcceptance(orgId: Types.ObjectId) {
  const [drafts, parties] = await Promise.all([
    ContractModel.countDocuments({
      status: 'draft',
      $or: [
        { buyerOrgId: orgId, acceptedByBuyerAt: null },
        { sellerOrgId: orgId, acceptedBySellerAt: null },
      ],
    }),
    ContractModel.find({ status: 'active', $or: [{ buyerOrgId: orgId }, { sellerOrgId: orgId }] })
      .select('_id')
      .lean(),
  ]);
  if (parties.length === 0) return drafts;
  const amendments = await mongoose.model('Amendment').countDocuments({
    contractId: { $in: parties.map((c) => c._id) },
    status: 'proposed',
    proposedByOrgId: { $ne: orgId },
  });
  return drafts + amendments;
}

/** The terms the pricing module reads. */
export function priceTermsOf(
  c: Pick<Contract, 'unit' | 'floorFen' | 'market' | 'grades' | 'moistureFreePct' | 'impurityFreePct'>,
): PriceTerms {
  const market: MarketRule =
    c.market.kind === 'premium'
      ? { kind: 'premium', percent: c.market.percent ?? 0 }
      : { kind: c.market.kind };
  return {
    unit: c.unit,
    floorFen: c.floorFen,
    market,
    grades: c.grades.map((g) => ({ grade: g.grade, kind: g.kind, fen: g.fen })),
    moistureFreePct: c.moistureFreePct,
    impurityFreePct: c.impurityFreePct,
  };
}

export type NewContract = Omit<
  Contract,
  | 'deliveredQty'
  | 'depositUsedFen'
  | 'holds'
  | 'code'
  | 'status'
  | 'acceptedByBuyerAt'
  | 'acceptedBySellerAt'
  | 'activatedAt'
  | 'terminatedAt'
  | 'terminationReason'
>;

/**
 * A draft, accepted at once by the party that writes it (an enterprise drafting its own
 * contract); an official registering one for the parties leaves both acceptances open.
 */
export function createContract(
  input: NewContract,
  townCode: string,
  actor: Actor,
  acceptedBy: 'buyer' | null,
) {
  const year = input.windowStart.slice(0, 4);
  return createRecord(
    ContractModel,
    {
      ...input,
      status: 'draft',
      acceptedByBuyerAt: acceptedBy === 'buyer' ? new Date() : null,
    },
    actor,
    {
      label: (doc) => String(doc.code),
      input,
      reserve: async () => ({ code: await reserveNumber(`${townCode}-HT-${year}`, 3) }),
    },
  );
}

/**
 * A party accepts a draft; the second acceptance makes it active. Each step is a conditional,
 * audited update: two clicks at once accept once, and a contract activates once.
 */
export async function acceptContract(
  scope: Scope,
  id: Types.ObjectId,
  side: 'buyer' | 'seller',
  actor: Actor,
) {
  const field = side === 'buyer' ? 'acceptedByBuyerAt' : 'acceptedBySellerAt';
  const party = side === 'buyer' ? 'buyerOrgId' : 'sellerOrgId';
  const base = { _id: id, ...contractFilter(scope), [party]: scope.orgId, status: 'draft' as const };
  const accepted = await updateRecord(
    ContractModel,
    { ...base, [field]: null },
    { [field]: new Date() },
    actor,
    {
      label: (doc) => String(doc.code),
    },
  );
  if (!accepted) return null;
  await updateRecord(
    ContractModel,
    { _id: id, status: 'draft', acceptedByBuyerAt: { $ne: null }, acceptedBySellerAt: { $ne: null } },
    { status: 'active', activatedAt: new Date() },
    actor,
    { label: (doc) => String(doc.code) },
  );
  return ContractModel.findById(id).lean();
}

/** Either party (or an official) ends a draft or an active contract, with a reason. */
export function terminateContract(scope: Scope, id: Types.ObjectId, reason: string, actor: Actor) {
  return updateRecord(
    ContractModel,
    { _id: id, ...contractFilter(scope), status: { $in: ['draft', 'active'] } },
    { status: 'terminated', terminatedAt: new Date(), terminationReason: reason },
    actor,
    { label: (doc) => String(doc.code) },
  );
}

/** Rounding room when kilograms with decimals are added up (0.1 + 0.2 is not 0.3 in floats). */
export const QTY_EPSILON = 1e-6;

/**
 * A contract filter that holds when `add` more fits what is committed, or the contract allows
 * overage — read from the document in the same atomic update that adds it.
 */
export function withinCommitted(add: number, committed: number | '$committedQty' = '$committedQty') {
  return {
    $or: [
      { overageAllowed: true },
      { $expr: { $lte: [{ $add: ['$deliveredQty', add] }, { $add: [committed, QTY_EPSILON] }] } },
    ],
  };
}

/** A seller's active contracts, newest first: what it may deliver under. */
export async function activeSellerContracts(scope: Scope) {
  const docs = await ContractModel.find({ townId: scope.townId, sellerOrgId: scope.orgId, status: 'active' })
    .sort({ _id: -1 })
    .select('code buyerOrgId sellerOrgId productId unit committedQty deliveredQty')
    .lean();
  return docs.map(toPlain);
}

/** The seller's active contract with a buyer for a product on a day, if there is one. */
export async function activeContractWith(
  scope: Scope,
  {
    buyerOrgId,
    productId,
    day,
  }: { buyerOrgId: Types.ObjectId; productId: Types.ObjectId | string; day: string },
) {
  const doc = await ContractModel.findOne({
    townId: scope.townId,
    sellerOrgId: scope.orgId,
    buyerOrgId,
    productId,
    status: 'active',
    windowStart: { $lte: day },
    windowEnd: { $gte: day },
  })
    .select('_id')
    .lean();
  return doc?._id ?? null;
}
