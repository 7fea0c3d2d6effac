// Reading households and their money: the register (personal data stays within the scope),
// an organization's payouts and what it owes by age, one household's ledger, the income
// figures (from the household-year rollup) and the 联农带农 report.

import { Types } from 'mongoose';
import { escapeRegex, toPlain } from '../kernel/common';

import { VISIBLE } from '../kernel/staging';
import type { Scope } from '../kernel/scope';
import { scopeFilter } from '../kernel/scope';
import {
  DistributionModel,
  HouseholdEntryModel,
  HouseholdModel,
  HouseholdYearModel,
  PurchasePriceModel,
} from './schema';
import { householdFilter, payoutFilter, rollupRows } from './entries';
import { AGE_BUCKETS, ageBucket, daysBetween, type AgeBucket } from '~/domain/delivery';
import { INCOME_KINDS, type IncomeKind, owedOnEntry } from '~/domain/household';

export const HOUSEHOLD_PAGE_SIZE = 50;

export interface HouseholdQuery {
  villageId?: Types.ObjectId;
  q?: string; // number or head's name
  flag?: 'lifted' | 'monitored';
  page?: number;
}

function registerFilter(scope: Scope, q: HouseholdQuery) {
  return {
    ...householdFilter(scope),
    ...VISIBLE,
    archivedAt: null,
    ...(q.villageId && { villageId: q.villageId }),
    ...(q.flag && { [q.flag]: true }),
    ...(q.q && {
      $or: [{ number: new RegExp(`^${escapeRegex(q.q)}`) }, { head: new RegExp(escapeRegex(q.q)) }],
    }),
  };
}

export async function listHouseholds(scope: Scope, q: HouseholdQuery = {}) {
  const page = q.page ?? 1;
  const filter = registerFilter(scope, q);
  const [docs, total] = await Promise.all([
    HouseholdModel.find(filter)
      .sort({ villageId: 1, number: 1 })
      .skip((page - 1) * HOUSEHOLD_PAGE_SIZE)
      .limit(HOUSEHOLD_PAGE_SIZE)
      .lean(),
    HouseholdModel.countDocuments(filter),
  ]);
  return { households: docs.map(toPlain), total, page };
}

/** Every household of the register a scope reaches (exports), in village and number order. */
export async function allHouseholds(scope: Scope, q: HouseholdQuery = {}) {
  const docs = await HouseholdModel.find(registerFilter(scope, q)).sort({ villageId: 1, number: 1 }).lean();
  return docs.map(toPlain);
}

export async function getHousehold(scope: Scope, id: Types.ObjectId) {
  const doc = await HouseholdModel.findOne({ _id: id, ...householdFilter(scope), ...VISIBLE }).lean();
  return doc && toPlain(doc);
}

/** Households a payer may pay (a cooperative: its members), for a form's choice. */
export async function householdChoices(
  townId: Types.ObjectId,
  { memberOf, villageId }: { memberOf?: Types.ObjectId; villageId?: Types.ObjectId } = {},
) {
  const docs = await HouseholdModel.find({
    townId,
    archivedAt: null,
    ...VISIBLE,
    ...(memberOf && { 'memberships.orgId': memberOf }),
    ...(villageId && { villageId }),
  })
    .select('villageId number head')
    .sort({ villageId: 1, number: 1 })
    .limit(3000)
    .lean();
  return docs.map((d) => ({
    id: String(d._id),
    villageId: String(d.villageId),
    number: d.number,
    head: d.head,
  }));
}

// ---------------------------------------------------------------- payouts and what is owed

export const PAYOUT_PAGE_SIZE = 50;
const OWED = {
  $expr: { $gt: [{ $subtract: [{ $subtract: ['$amountFen', '$reversedFen'] }, '$paidFen'] }, 0] },
};

export interface PayoutQuery {
  kind?: IncomeKind | 'payment';
  unpaid?: boolean;
  householdId?: Types.ObjectId;
  page?: number;
}

export async function listPayouts(scope: Scope, q: PayoutQuery = {}) {
  const page = q.page ?? 1;
  const filter = {
    ...payoutFilter(scope),
    ...(q.kind && { kind: q.kind }),
    ...(q.householdId && { householdId: q.householdId }),
    ...(q.unpaid && { kind: { $in: q.kind ? [q.kind] : INCOME_KINDS }, amountFen: { $gt: 0 }, ...OWED }),
  };
  const docs = await HouseholdEntryModel.find(filter)
    .select('-holds')
    .sort({ on: -1, _id: -1 })
    .skip((page - 1) * PAYOUT_PAGE_SIZE)
    .limit(PAYOUT_PAGE_SIZE + 1)
    .lean();
  const rows = docs.slice(0, PAYOUT_PAGE_SIZE);
  return { entries: await withHouseholds(rows), hasMore: docs.length > PAYOUT_PAGE_SIZE, page };
}

/** Entries with their household's village, number and head (the payer needs to know whom it pays). */
async function withHouseholds<T extends { householdId: Types.ObjectId }>(rows: T[]) {
  const ids = [...new Set(rows.map((r) => String(r.householdId)))].map((id) => new Types.ObjectId(id));
  const hs = await HouseholdModel.find({ _id: { $in: ids } })
    .select('villageId number head phone memberships.orgId')
    .lean();
  const byId = new Map(hs.map((h) => [String(h._id), h]));
  return rows.map((r) => {
    const h = byId.get(String(r.householdId));
    return {
      ...toPlain(r),
      household: h
        ? {
            number: h.number,
            head: h.head,
            phone: h.phone,
            villageId: String(h.villageId),
            // whose member it is: who may see its phone whole
            memberships: (h.memberships ?? []).map((m) => ({ orgId: String(m.orgId) })),
          }
        : null,
    };
  });
}

export async function getEntry(scope: Scope, id: Types.ObjectId) {
  const doc = await HouseholdEntryModel.findOne({ _id: id, ...payoutFilter(scope) })
    .select('-holds')
    .lean();
  if (!doc) return null;
  const [entry] = await withHouseholds([doc]);
  const payments = await HouseholdEntryModel.find({ pays: doc._id }).select('-holds').sort({ on: 1 }).lean();
  const reversal = await HouseholdEntryModel.findOne({ reverses: doc._id }).select('number on note').lean();
  return { entry, payments: payments.map(toPlain), reversal: reversal && toPlain(reversal) };
}

/** What the payer owes households, by age (days since the entry was earned). */
export async function owedToHouseholds(scope: Scope, now = new Date()) {
  const docs = await HouseholdEntryModel.find({
    ...payoutFilter(scope),
    kind: { $in: INCOME_KINDS },
    amountFen: { $gt: 0 },
    ...OWED,
  })
    .select('on amountFen paidFen reversedFen')
    .lean();
  const buckets = Object.fromEntries(AGE_BUCKETS.map((b) => [b, { count: 0, fen: 0 }])) as Record<
    AgeBucket,
    { count: number; fen: number }
  >;
  let totalFen = 0;
  for (const d of docs) {
    const fen = owedOnEntry(d);
    const b = buckets[ageBucket(daysBetween(`${d.on}T00:00:00+08:00`, now))];
    b.count += 1;
    b.fen += fen;
    totalFen += fen;
  }
  return { buckets, totalFen, count: docs.length };
}

// ---------------------------------------------------------------- one household's ledger

export interface LedgerYear {
  year: number;
  byKind: Record<IncomeKind, number>;
  total: number;
  months: number[];
  change: number | null; // against the year before (a fraction)
}

/**
 * A household's ledger as the scope may see it (a cooperative: what it paid the household;
 * officials: everything), its totals per year and kind with the change from the year before,
 * and what is still owed by age.
 */
export async function householdLedger(scope: Scope, householdId: Types.ObjectId, now = new Date()) {
  const filter = { householdId, ...payoutFilter(scope) };
  const [entries, years] = await Promise.all([
    HouseholdEntryModel.find(filter).select('-holds').sort({ on: -1, _id: -1 }).limit(2000).lean(),
    HouseholdYearModel.find({ householdId, ...rollupRows(scope) }).lean(),
  ]);
  const byYear = new Map<number, LedgerYear>();
  for (const y of years) {
    const row =
      byYear.get(y.year) ??
      ({
        year: y.year,
        byKind: { purchase: 0, wage: 0, rent: 0, dividend: 0 },
        total: 0,
        months: Array(12).fill(0) as number[],
        change: null,
      } satisfies LedgerYear);
    for (const k of INCOME_KINDS) row.byKind[k] += y[k];
    row.total += y.total;
    y.m.forEach((v, i) => (row.months[i] += v));
    byYear.set(y.year, row);
  }
  const yearRows = [...byYear.values()].sort((a, b) => b.year - a.year);
  for (const row of yearRows) {
    const prev = byYear.get(row.year - 1);
    row.change = prev && prev.total > 0 ? (row.total - prev.total) / prev.total : null;
  }
  let owedFen = 0;
  let oldestDays = 0;
  for (const e of entries) {
    const left = owedOnEntry(e);
    if (left > 0) {
      owedFen += left;
      oldestDays = Math.max(oldestDays, daysBetween(`${e.on}T00:00:00+08:00`, now));
    }
  }
  return { entries: entries.map(toPlain), years: yearRows, owedFen, oldestDays };
}

// ---------------------------------------------------------------- distributions

export async function listDistributions(scope: Scope) {
  const docs = await DistributionModel.find(scopeFilter(scope, { orgField: 'orgId' }))
    .select('-lines')
    .sort({ year: -1, approvedAt: -1 })
    .limit(200)
    .lean();
  return docs.map(toPlain);
}

export async function getDistribution(scope: Scope, id: Types.ObjectId) {
  const doc = await DistributionModel.findOne({
    _id: id,
    ...scopeFilter(scope, { orgField: 'orgId' }),
  }).lean();
  if (!doc) return null;
  const hs = await HouseholdModel.find({ _id: { $in: doc.lines.map((l) => l.householdId) } })
    .select('number head villageId')
    .lean();
  const byId = new Map(hs.map((h) => [String(h._id), h]));
  const paid = await HouseholdEntryModel.find({
    distributionId: doc._id,
    kind: 'dividend',
    amountFen: { $gt: 0 },
  })
    .select('paidFen')
    .lean();
  const paidOf = new Map(paid.map((e) => [String(e._id), e.paidFen]));
  return {
    ...toPlain(doc),
    lines: doc.lines.map((l) => ({
      ...toPlain(l),
      number: byId.get(String(l.householdId))?.number ?? '',
      head: byId.get(String(l.householdId))?.head ?? '',
      paidFen: paidOf.get(String(l.entryId)) ?? 0,
    })),
  };
}

/** A cooperative's purchase price list (what it pays members per kg, by product and grade). */
export async function listPurchasePrices(orgId: Types.ObjectId | null) {
  const docs = await PurchasePriceModel.find({ orgId, archivedAt: null })
    .sort({ productId: 1, grade: 1 })
    .lean();
  return docs.map((p) => ({
    id: String(p._id),
    productId: String(p.productId),
    grade: p.grade,
    unitFen: p.unitFen,
    updatedAt: (p as { updatedAt?: Date }).updatedAt ?? null,
  }));
}
