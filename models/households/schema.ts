// Member households and what the industry pays them.
//   households        the register: one per household number in a village, with its members,
//                     phone (personal data), flags set by officials, memberships and shares
//   householdentries  the household ledger, append only: purchases (收购), wages (务工), land
//                     rent (土地流转), dividends (二次返利) — each payable — and payments of them;
//                     a correction is an entry of the same kind with the opposite amount
//   householdyears    the ledger added up per household, year and paying organization (kinds
//                     and months), kept in step by the operations that write entries and
//                     recomputed from the entries by db:check
//   purchaseprices    a cooperative's purchase price list (per product and grade)
//   distributions     approved surplus distributions, with every household's line
import { Schema, Types } from 'mongoose';
import { archivable, defineModel } from '../kernel/common';
import { holdsField, type Hold } from '../kernel/operation';
import {
  ENTRY_KINDS,
  HOUSEHOLD_PAY_METHODS,
  INCOME_KINDS,
  type EntryKind,
  type HouseholdPayMethod,
  type IncomeKind,
} from '~/domain/household';

export interface Membership {
  orgId: Types.ObjectId; // a cooperative
  joinedOn: string; // YYYY-MM-DD
  cashFen: number; // shares paid in cash (入股), in 分
  landMu: number; // shares in land, in 亩
}

export interface Household {
  townId: Types.ObjectId;
  villageId: Types.ObjectId;
  number: string; // unique in the village (户号)
  head: string; // head of household
  members: number;
  phone: string;
  lifted: boolean; // 脱贫户, set by officials only
  monitored: boolean; // 防返贫监测户, set by officials only
  memberships: Membership[];
  importId: Types.ObjectId | null;
  archivedAt: Date | null;
}

const membershipSchema = new Schema<Membership>(
  {
    orgId: { type: Schema.Types.ObjectId, ref: 'Organization', required: true },
    joinedOn: { type: String, required: true },
    cashFen: { type: Number, min: 0, default: 0 },
    landMu: { type: Number, min: 0, default: 0 },
  },
  { _id: false },
);

const householdSchema = new Schema<Household>(
  {
    townId: { type: Schema.Types.ObjectId, ref: 'Town', required: true },
    villageId: { type: Schema.Types.ObjectId, ref: 'Village', required: true },
    number: { type: String, required: true, trim: true },
    head: { type: String, required: true, trim: true },
    members: { type: Number, required: true, min: 1 },
    phone: { type: String, default: '' },
    lifted: { type: Boolean, default: false },
    monitored: { type: Boolean, default: false },
    memberships: { type: [membershipSchema], default: [] },
    importId: { type: Schema.Types.ObjectId, default: null },
    ...archivable,
  },
  { timestamps: true },
);
// natural key: a household number is unique in its village
householdSchema.index({ villageId: 1, number: 1 }, { unique: true });
// a cooperative's members; a town's register by village
householdSchema.index({ 'memberships.orgId': 1, villageId: 1, number: 1 });
householdSchema.index({ townId: 1, villageId: 1, number: 1 });
// the town's 监测户 (income figures are given for them separately)
householdSchema.index({ townId: 1, monitored: 1 });

export const HouseholdModel = defineModel('Household', householdSchema);

export interface HouseholdEntry {
  townId: Types.ObjectId;
  villageId: Types.ObjectId;
  householdId: Types.ObjectId;
  payerOrgId: Types.ObjectId; // the cooperative, base or plant that owes (or paid) it
  kind: EntryKind;
  number: string; // LFT-SG-2026-00001 (purchase), GZ wage, ZJ rent, FH dividend, HF payment
  on: string; // YYYY-MM-DD, the day it was earned (or paid)
  year: number;
  month: number; // 1–12
  amountFen: number; // negative for a reversal
  note: string;
  at: Date; // when it was recorded
  byUserId: Types.ObjectId | null;
  // purchase
  productId?: Types.ObjectId;
  grade?: string;
  kg?: number;
  unitFen?: number;
  lotId?: Types.ObjectId;
  floorFen?: number; // the contract floor the price fell below, when it did
  // wage
  worker?: string;
  days?: number;
  // wage (per day) and rent (per 亩 per year)
  rateFen?: number;
  // rent
  areaMu?: number;
  rentYear?: number;
  // dividend
  distributionId?: Types.ObjectId;
  // reversal: the entry it takes back
  reverses?: Types.ObjectId;
  // payable entries: what has been paid and taken back (guarded: paid ≤ amount − reversed)
  paidFen: number;
  reversedFen: number;
  // payment
  pays?: Types.ObjectId;
  method?: HouseholdPayMethod;
  reference?: string;
  holds: Hold[];
}

const entrySchema = new Schema<HouseholdEntry>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    villageId: { type: Schema.Types.ObjectId, required: true },
    householdId: { type: Schema.Types.ObjectId, required: true },
    payerOrgId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: ENTRY_KINDS, required: true },
    number: { type: String, required: true },
    on: { type: String, required: true },
    year: { type: Number, required: true },
    month: { type: Number, required: true },
    amountFen: { type: Number, required: true },
    note: { type: String, default: '' },
    at: { type: Date, required: true },
    byUserId: { type: Schema.Types.ObjectId, default: null },
    productId: Schema.Types.ObjectId,
    grade: String,
    kg: Number,
    unitFen: Number,
    lotId: Schema.Types.ObjectId,
    floorFen: Number,
    worker: String,
    days: Number,
    rateFen: Number,
    areaMu: Number,
    rentYear: Number,
    distributionId: Schema.Types.ObjectId,
    reverses: Schema.Types.ObjectId,
    paidFen: { type: Number, default: 0 },
    reversedFen: { type: Number, default: 0 },
    pays: Schema.Types.ObjectId,
    method: { type: String, enum: HOUSEHOLD_PAY_METHODS },
    reference: String,
    holds: holdsField,
  },
  { versionKey: false },
);
entrySchema.index({ number: 1 }, { unique: true });
// one household's ledger, by day
entrySchema.index({ householdId: 1, on: 1 });
// an organization's entries (its payouts list, what it owes), newest first
entrySchema.index({ payerOrgId: 1, kind: 1, on: -1 });
entrySchema.index({ payerOrgId: 1, on: -1 });
// a town's entries by year (db:check recomputes the rollups from them)
entrySchema.index({ townId: 1, year: 1 });
entrySchema.index({ lotId: 1 }, { sparse: true });
entrySchema.index({ pays: 1 }, { sparse: true });
entrySchema.index({ distributionId: 1 }, { sparse: true });

export const HouseholdEntryModel = defineModel('HouseholdEntry', entrySchema);

/**
 * The income one organization paid one household in one year, by kind and month (in 分); the
 * row with `payerOrgId: null` is what all of them paid it (the town's figures read only those:
 * one row per household and year, nothing to group).
 */
export interface HouseholdYear {
  townId: Types.ObjectId;
  villageId: Types.ObjectId;
  householdId: Types.ObjectId;
  payerOrgId: Types.ObjectId | null;
  year: number;
  purchase: number;
  wage: number;
  rent: number;
  dividend: number;
  total: number;
  m: number[]; // 12 months
  holds: Array<Hold & { kind: IncomeKind; month: number }>;
}

const yearSchema = new Schema<HouseholdYear>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    villageId: { type: Schema.Types.ObjectId, required: true },
    householdId: { type: Schema.Types.ObjectId, required: true },
    payerOrgId: { type: Schema.Types.ObjectId, default: null },
    year: { type: Number, required: true },
    ...Object.fromEntries(INCOME_KINDS.map((k) => [k, { type: Number, default: 0 }])),
    total: { type: Number, default: 0 },
    m: { type: [Number], default: () => Array(12).fill(0) },
    holds: {
      type: [{ _id: false, op: Schema.Types.ObjectId, amount: Number, kind: String, month: Number }],
      default: [],
    },
  },
  { versionKey: false },
);
yearSchema.index({ householdId: 1, year: 1, payerOrgId: 1 }, { unique: true });
// the town's figures for a year (the all-payers rows), a cooperative's for its members: the
// per-household parts read only these fields, answered from the index alone (covered)
yearSchema.index({ townId: 1, payerOrgId: 1, year: 1, householdId: 1, villageId: 1, total: 1 });
yearSchema.index({ payerOrgId: 1, year: 1, householdId: 1, villageId: 1, total: 1 });
// a village's all-payers rows of a year (the dashboard's income facts)
yearSchema.index({ townId: 1, villageId: 1, year: 1, payerOrgId: 1 });

export const HouseholdYearModel = defineModel('HouseholdYear', yearSchema);

export interface PurchasePrice {
  townId: Types.ObjectId;
  orgId: Types.ObjectId;
  productId: Types.ObjectId;
  grade: string;
  unitFen: number; // per kg
  archivedAt: Date | null;
}

const priceSchema = new Schema<PurchasePrice>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    productId: { type: Schema.Types.ObjectId, required: true },
    grade: { type: String, required: true },
    unitFen: { type: Number, required: true, min: 0 },
    ...archivable,
  },
  { timestamps: true },
);
priceSchema.index({ orgId: 1, productId: 1, grade: 1 }, { unique: true });

export const PurchasePriceModel = defineModel('PurchasePrice', priceSchema);

export interface DistributionLine {
  householdId: Types.ObjectId;
  villageId: Types.ObjectId;
  volumeFen: number;
  shareFen: number;
  byVolumeFen: number;
  bySharesFen: number;
  amountFen: number;
  entryId: Types.ObjectId;
}

export interface Distribution {
  townId: Types.ObjectId;
  orgId: Types.ObjectId;
  number: string; // LFT-FP-2026-00001
  year: number; // the year whose surplus is distributed
  surplusFen: number;
  volumePct: number;
  landFenPerMu: number; // what a 亩 of land shares counts for
  byVolumeFen: number;
  bySharesFen: number;
  paidOn: string; // the day the dividends are earned (YYYY-MM-DD)
  state: 'approved' | 'reversed';
  lines: DistributionLine[];
  approvedAt: Date;
  approvedBy: Types.ObjectId | null;
  reversedAt: Date | null;
  reason: string; // why it was reversed
}

const distributionSchema = new Schema<Distribution>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    number: { type: String, required: true },
    year: { type: Number, required: true },
    surplusFen: { type: Number, required: true },
    volumePct: { type: Number, required: true },
    landFenPerMu: { type: Number, default: 0 },
    byVolumeFen: { type: Number, required: true },
    bySharesFen: { type: Number, required: true },
    paidOn: { type: String, required: true },
    state: { type: String, enum: ['approved', 'reversed'], required: true },
    lines: {
      type: [
        {
          _id: false,
          householdId: Schema.Types.ObjectId,
          villageId: Schema.Types.ObjectId,
          volumeFen: Number,
          shareFen: Number,
          byVolumeFen: Number,
          bySharesFen: Number,
          amountFen: Number,
          entryId: Schema.Types.ObjectId,
        },
      ],
      default: [],
    },
    approvedAt: { type: Date, required: true },
    approvedBy: { type: Schema.Types.ObjectId, default: null },
    reversedAt: { type: Date, default: null },
    reason: { type: String, default: '' },
  },
  { versionKey: false },
);
distributionSchema.index({ number: 1 }, { unique: true });
// one approved distribution per cooperative and year (a reversed one makes room for another)
distributionSchema.index(
  { orgId: 1, year: 1 },
  { unique: true, partialFilterExpression: { state: 'approved' } },
);
distributionSchema.index({ townId: 1, year: -1 });

export const DistributionModel = defineModel('Distribution', distributionSchema);

export const isIncomeKind = (kind: string): kind is IncomeKind =>
  (INCOME_KINDS as readonly string[]).includes(kind);

export { Types };
