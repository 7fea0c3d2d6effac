// The records behind a dashboard figure (the drill-down): plantings, receipts, households,
// harvests, each capped at EVIDENCE_LIMIT.
import { Types } from 'mongoose';

import { monthStart } from '../kernel/facts';

import { HouseholdModel, HouseholdYearModel } from '../households/schema';
import { LedgerEntryModel } from '../kernel/ledger';
import { HarvestModel, PlantingModel } from '../field/planting/schema';
import { VISIBLE } from '../kernel/staging';

import { round2 } from '../kernel/facts';

import { type DashboardFilter } from './dashboard';

/** At most this many records are listed behind a figure (the page says when there are more). */
export const EVIDENCE_LIMIT = 500;

function period(year: number, month?: number) {
  return month
    ? { $gte: monthStart(year, month), $lt: monthStart(year, month + 1) }
    : { $gte: monthStart(year, 1), $lt: monthStart(year, 13) };
}

/** The plantings that make up a season's acreage (a village's, a crop's). */
export async function plantingsBehind(townId: Types.ObjectId, f: DashboardFilter) {
  const query = {
    townId,
    season: f.year,
    ...VISIBLE,
    ...(f.villageId && { villageId: new Types.ObjectId(f.villageId) }),
    ...(f.productId && { productId: new Types.ObjectId(f.productId) }),
  };
  const [docs, total] = await Promise.all([
    PlantingModel.find(query)
      .select('ref orgId villageId productId areaMu households plantedOn')
      .sort({ plantedOn: -1 })
      .limit(EVIDENCE_LIMIT)
      .lean(),
    PlantingModel.countDocuments(query),
  ]);
  return { docs, total };
}

/** The receipts (and reversals) that make up a month's or a year's confirmed sales. */
export async function receiptsBehind(townId: Types.ObjectId, f: DashboardFilter, month?: number) {
  const query = {
    townId,
    kind: { $in: ['receipt' as const, 'reversal' as const] },
    at: period(f.year, month),
    ...(f.enterpriseId && { buyerOrgId: new Types.ObjectId(f.enterpriseId) }),
    ...(f.productId && { productId: new Types.ObjectId(f.productId) }),
  };
  const [docs, total] = await Promise.all([
    LedgerEntryModel.find(query)
      .select('number kind deliveryId deliveryCode buyerOrgId sellerOrgId productId at quantity amountFen')
      .sort({ at: 1 })
      .limit(EVIDENCE_LIMIT)
      .lean(),
    LedgerEntryModel.countDocuments(query),
  ]);
  return { docs, total };
}

/** The households that make up the year's linked households and their average income. */
export async function householdsBehind(townId: Types.ObjectId, f: DashboardFilter) {
  const query = {
    townId,
    payerOrgId: null,
    year: f.year,
    total: { $gt: 0 },
    ...(f.villageId && { villageId: new Types.ObjectId(f.villageId) }),
  };
  const [rows, total] = await Promise.all([
    HouseholdYearModel.find(query)
      .select('householdId villageId total purchase wage rent dividend')
      .sort({ total: -1 })
      .limit(EVIDENCE_LIMIT)
      .lean(),
    HouseholdYearModel.countDocuments(query),
  ]);
  const households = await HouseholdModel.find({ _id: { $in: rows.map((r) => r.householdId) } })
    .select('number head')
    .lean();
  const byId = new Map(households.map((h) => [String(h._id), h]));
  return { docs: rows.map((r) => ({ ...r, household: byId.get(String(r.householdId)) ?? null })), total };
}

/** The harvests of a year or month (a village's, a crop's). */
export async function harvestsBehind(townId: Types.ObjectId, f: DashboardFilter, month?: number) {
  const query = {
    townId,
    harvestedOn: period(f.year, month),
    ...VISIBLE,
    ...(f.villageId && { villageId: new Types.ObjectId(f.villageId) }),
    ...(f.productId && { productId: new Types.ObjectId(f.productId) }),
  };
  const [docs, total] = await Promise.all([
    HarvestModel.find(query)
      .select('lotCode villageId productId harvestedOn quantityKg grade plantingId')
      .sort({ harvestedOn: 1 })
      .limit(EVIDENCE_LIMIT)
      .lean(),
    HarvestModel.countDocuments(query),
  ]);
  return { docs, total };
}

/** Acreage planted within a month (by the planting date), and how many plantings. */
export async function plantedInMonth(townId: Types.ObjectId, year: number, month: number) {
  const [row] = await PlantingModel.aggregate<{ areaMu: number; plantings: number }>([
    { $match: { townId, plantedOn: period(year, month), ...VISIBLE } },
    { $group: { _id: null, areaMu: { $sum: '$areaMu' }, plantings: { $sum: 1 } } },
  ]);
  return { areaMu: round2(row?.areaMu ?? 0), plantings: row?.plantings ?? 0 };
}
