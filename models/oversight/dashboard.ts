// The town's figures for the dashboard, the monthly dispatch report and the targets, read
// from the facts (models/kernel/facts.ts) — a few hundred small documents whatever the county's
// history — plus a few small live queries (head counts, contracts, what is owed).
import { Types } from 'mongoose';
import { ContractModel } from '../trade/contract';
import { AGE_BUCKETS, type AgeBucket } from '~/domain/delivery';
import { FactModel, monthStart, readFacts, type Fact } from '../kernel/facts';
import { harvestFacts, plantingFacts, type PlantingRow } from '../field/planting/facts';
import { incomeFacts, type IncomeRow } from '../households/facts';
import { owedFacts, salesFacts, sellerSalesFacts, type SalesRow } from '../trade/delivery/facts';
import { HouseholdModel, HouseholdYearModel } from '../households/schema';
import { LedgerEntryModel } from '../kernel/ledger';
import { HarvestModel, PlantingModel } from '../field/planting/schema';
import { VISIBLE } from '../kernel/staging';
import { HerdCountModel, HerdEventModel } from '../field/herd/schema';
import type { PlainDoc } from '../kernel/common';
import type { Target } from './target';
import {
  fractionalYear,
  monthEnd,
  PROJECTION_POINTS,
  progress,
  project,
  YEARLY_METRICS,
  type Projection,
  type SeriesPoint,
} from '~/domain/target';

export interface DashboardFilter {
  year: number;
  villageId?: string;
  productId?: string; // a crop (acreage, harvests) or product (sales)
  enterpriseId?: string; // the buyer (sales, fulfilment)
}

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
const zeros = () => Array(12).fill(0) as number[];

/** Every income row of the facts given, added up (the town, or the villages filtered). */
function addIncome(facts: Fact<IncomeRow>[]): IncomeRow {
  const sum: IncomeRow = {
    linked: 0,
    totalFen: 0,
    m: zeros(),
    firstMonth: zeros(),
    purchase: 0,
    wage: 0,
    rent: 0,
    dividend: 0,
  };
  for (const f of facts) {
    for (const r of f.rows) {
      sum.linked += r.linked;
      sum.totalFen += r.totalFen;
      r.m.forEach((v, i) => (sum.m[i] += v));
      r.firstMonth.forEach((v, i) => (sum.firstMonth[i] += v));
      sum.purchase += r.purchase;
      sum.wage += r.wage;
      sum.rent += r.rent;
      sum.dividend += r.dividend;
    }
  }
  return sum;
}

const avgFen = (totalFen: number, linked: number) => (linked > 0 ? Math.round(totalFen / linked) : 0);

/**
 * The facts behind every figure, read once: every season's plantings (the acreage chart), the
 * year's harvests, three years of sales (the year and the one before; the targets' trailing 12
 * months over two years) — by seller too when a target is an organization's — and five years
 * of household income (the targets' yearly trend).
 */
export async function loadFacts(
  townId: Types.ObjectId,
  year: number,
  thisYear = year,
  { sellers = false } = {},
) {
  const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const union = (...lists: number[][]) => [...new Set(lists.flat())];
  const salesYears = union([year, year - 1], span(thisYear - 2, thisYear));
  const [planting, harvest, sales, sellerSales, income] = await Promise.all([
    readFacts(townId, plantingFacts),
    readFacts(townId, harvestFacts, [year]),
    readFacts(townId, salesFacts, salesYears),
    sellers ? readFacts(townId, sellerSalesFacts, span(thisYear - 2, thisYear)) : Promise.resolve([]),
    readFacts(townId, incomeFacts, union([year, year - 1], span(thisYear - 4, thisYear))),
  ]);
  return { planting, harvest, sales, sellerSales, income };
}
export type Facts = Awaited<ReturnType<typeof loadFacts>>;

/**
 * Sales rows of a month that pass the filters: by buyer (and product), or — for an
 * organization's target — by seller (and product).
 */
function salesOf(
  facts: Facts,
  year: number,
  month: number,
  f: { enterpriseId?: string; productId?: string; sellerOrgId?: string },
) {
  const part = String(month).padStart(2, '0');
  const list = f.sellerOrgId ? facts.sellerSales : facts.sales;
  const fact = list.find((s) => s.year === year && s.part === part);
  const org = f.sellerOrgId ?? f.enterpriseId;
  return (fact?.rows ?? []).filter(
    (r) => (!org || r.orgId === org) && (!f.productId || r.productId === f.productId),
  );
}

// ---------------------------------------------------------------- the figures

/** Planted acreage by season and crop, and by village in the chosen season. */
export function acreage(facts: Facts, f: DashboardFilter) {
  const pass = (r: PlantingRow) =>
    (!f.villageId || r.villageId === f.villageId) && (!f.productId || r.productId === f.productId);
  const seasons = facts.planting
    .filter((p) => p.rows.some(pass))
    .map((p) => p.year)
    .sort((a, b) => a - b);
  const bySeason = seasons.map((year) => {
    const byCrop: Record<string, number> = {};
    for (const r of facts.planting.find((p) => p.year === year)!.rows.filter(pass)) {
      byCrop[r.productId] = round2((byCrop[r.productId] ?? 0) + r.areaMu);
    }
    return { year, byCrop, total: round2(Object.values(byCrop).reduce((a, b) => a + b, 0)) };
  });
  const villages = new Map<string, { areaMu: number; plantings: number; households: number }>();
  for (const r of facts.planting.find((p) => p.year === f.year)?.rows.filter(pass) ?? []) {
    const v = villages.get(r.villageId) ?? { areaMu: 0, plantings: 0, households: 0 };
    v.areaMu = round2(v.areaMu + r.areaMu);
    v.plantings += r.plantings;
    v.households += r.households;
    villages.set(r.villageId, v);
  }
  const byVillage = [...villages]
    .map(([villageId, v]) => ({ villageId, ...v }))
    .sort((a, b) => b.areaMu - a.areaMu);
  return { bySeason, byVillage, total: bySeason.find((s) => s.year === f.year)?.total ?? 0 };
}

/** Harvested kg by month of the year, per crop. */
export function harvests(facts: Facts, f: DashboardFilter) {
  const months = MONTHS.map((month) => ({ month, kg: 0, harvests: 0 }));
  for (const h of facts.harvest) {
    if (h.year !== f.year || (f.villageId && h.part !== f.villageId)) continue;
    for (const r of h.rows) {
      if (f.productId && r.productId !== f.productId) continue;
      months[r.month - 1].kg = round2(months[r.month - 1].kg + r.kg);
      months[r.month - 1].harvests += r.harvests;
    }
  }
  return { months, totalKg: round2(months.reduce((a, m) => a + m.kg, 0)) };
}

/** Confirmed sales by month of the year and of the year before, cumulative, and by buyer. */
export function sales(facts: Facts, f: DashboardFilter, today: { year: number; month: number }) {
  const monthly = (year: number) =>
    MONTHS.map((m) => salesOf(facts, year, m, f).reduce((a, r) => a + r.amountFen, 0));
  const thisYear = monthly(f.year);
  const lastYear = monthly(f.year - 1);
  let cumThis = 0;
  let cumLast = 0;
  const lastMonth = f.year < today.year ? 12 : f.year === today.year ? today.month : 0;
  const months = MONTHS.map((month, i) => {
    cumThis += thisYear[i];
    cumLast += lastYear[i];
    return {
      month,
      fen: thisYear[i],
      lastYearFen: lastYear[i],
      cumFen: month <= lastMonth ? cumThis : null,
      cumLastYearFen: cumLast,
    };
  });
  const byBuyer = new Map<string, { fen: number; quantity: number; receipts: number }>();
  for (const m of MONTHS) {
    for (const r of salesOf(facts, f.year, m, f)) {
      const b = byBuyer.get(r.orgId) ?? { fen: 0, quantity: 0, receipts: 0 };
      b.fen += r.amountFen;
      b.quantity = round2(b.quantity + r.quantity);
      b.receipts += r.receipts;
      byBuyer.set(r.orgId, b);
    }
  }
  return {
    months,
    totalFen: cumThis,
    lastYearFen: cumLast,
    byBuyer: [...byBuyer].map(([buyerOrgId, v]) => ({ buyerOrgId, ...v })).sort((a, b) => b.fen - a.fen),
  };
}

/** Households linked and the average income per household, cumulative by month; by village. */
export function householdIncome(facts: Facts, f: DashboardFilter) {
  const inYear = (year: number) =>
    facts.income.filter((x) => x.year === year && (!f.villageId || x.part === f.villageId));
  const sum = addIncome(inYear(f.year));
  let linked = 0;
  let fen = 0;
  const months = MONTHS.map((month, i) => {
    linked += sum.firstMonth[i];
    fen += sum.m[i];
    return { month, linked, totalFen: fen, avgFen: avgFen(fen, linked) };
  });
  const last = addIncome(inYear(f.year - 1));
  const byVillage = inYear(f.year)
    .map((x) => {
      const r = addIncome([x]);
      const before = addIncome(facts.income.filter((y) => y.year === f.year - 1 && y.part === x.part));
      return {
        villageId: x.part,
        linked: r.linked,
        totalFen: r.totalFen,
        avgFen: avgFen(r.totalFen, r.linked),
        lastYearAvgFen: avgFen(before.totalFen, before.linked),
      };
    })
    .filter((v) => v.linked > 0)
    .sort((a, b) => b.linked - a.linked || b.totalFen - a.totalFen);
  return {
    months,
    linked: sum.linked,
    totalFen: sum.totalFen,
    avgFen: avgFen(sum.totalFen, sum.linked),
    lastYearAvgFen: avgFen(last.totalFen, last.linked),
    byKind: { purchase: sum.purchase, wage: sum.wage, rent: sum.rent, dividend: sum.dividend },
    byVillage,
  };
}

/** The newest planting and harvest each village has reported (from the facts' newest records). */
export function freshness(facts: Facts) {
  const last = new Map<string, { planting: Date | null; harvest: Date | null }>();
  const note = (village: string, kind: 'planting' | 'harvest', at: Date | null) => {
    if (!at) return;
    const v = last.get(village) ?? { planting: null, harvest: null };
    if (!v[kind] || at > v[kind]!) v[kind] = at;
    last.set(village, v);
  };
  for (const p of facts.planting) for (const r of p.rows) note(r.villageId, 'planting', new Date(r.lastOn));
  for (const h of facts.harvest) note(h.part, 'harvest', h.lastAt);
  return [...last].map(([villageId, v]) => {
    const latest = [v.planting, v.harvest].filter((d): d is Date => d !== null).sort((a, b) => +b - +a)[0];
    return { villageId, lastPlanting: v.planting, lastHarvest: v.harvest, latest };
  });
}

/** Head count per base now, and month by month (for the chart and the head-count targets). */
export async function headCounts(townId: Types.ObjectId) {
  const [counts, monthly] = await Promise.all([
    HerdCountModel.find({ townId }).select('baseId species head').lean(),
    HerdEventModel.aggregate<{ _id: { base: Types.ObjectId; month: string }; delta: number }>([
      { $match: { townId } },
      {
        $group: {
          _id: {
            base: '$orgId',
            month: { $dateToString: { date: '$date', format: '%Y-%m', timezone: 'Asia/Shanghai' } },
          },
          delta: { $sum: '$delta' },
        },
      },
      { $sort: { '_id.month': 1 } },
    ]),
  ]);
  const bases = new Map<string, { head: number; months: { month: string; head: number }[] }>();
  for (const c of counts) {
    const b = bases.get(String(c.baseId)) ?? { head: 0, months: [] };
    b.head += c.head;
    bases.set(String(c.baseId), b);
  }
  for (const row of monthly) {
    const key = String(row._id.base);
    const b = bases.get(key) ?? { head: 0, months: [] };
    const before = b.months.at(-1)?.head ?? 0;
    b.months.push({ month: row._id.month, head: before + row.delta });
    bases.set(key, b);
  }
  return [...bases].map(([baseId, b]) => ({ baseId, ...b }));
}

/** Each enterprise's contracts (by weight) running in the year: committed, delivered and confirmed kg. */
export async function fulfilmentByEnterprise(townId: Types.ObjectId, facts: Facts, f: DashboardFilter) {
  const contracts = await ContractModel.find({
    townId,
    status: { $in: ['active', 'completed'] },
    windowStart: { $lte: `${f.year}-12-31` },
    windowEnd: { $gte: `${f.year}-01-01` },
    ...(f.enterpriseId && { buyerOrgId: f.enterpriseId }),
    ...(f.productId && { productId: f.productId }),
  })
    .select('buyerOrgId productId unit committedQty deliveredQty')
    .lean();
  // weights only (contracts for head of livestock are not added to kg); the receipts counted
  // are those of the products the buyer contracted for
  const kgContracts = contracts.filter((c) => c.unit === 'kg');
  const contracted = new Set(kgContracts.map((c) => `${c.buyerOrgId}:${c.productId}`));
  const byBuyer = new Map<
    string,
    { committed: number; delivered: number; confirmed: number; contracts: number }
  >();
  for (const c of kgContracts) {
    const b = byBuyer.get(String(c.buyerOrgId)) ?? { committed: 0, delivered: 0, confirmed: 0, contracts: 0 };
    b.committed += c.committedQty;
    b.delivered += c.deliveredQty;
    b.contracts += 1;
    byBuyer.set(String(c.buyerOrgId), b);
  }
  for (const m of MONTHS) {
    for (const r of salesOf(facts, f.year, m, f)) {
      const b = byBuyer.get(r.orgId);
      if (b && contracted.has(`${r.orgId}:${r.productId}`)) b.confirmed = round2(b.confirmed + r.quantity);
    }
  }
  return [...byBuyer].map(([buyerOrgId, b]) => ({
    buyerOrgId,
    ...b,
    rate: b.committed > 0 ? b.confirmed / b.committed : 0,
  }));
}

/**
 * What buyers owe on receipts, by age of the receipt (0–30, 31–60, 61–90, > 90 days), and
 * past 30 days by buyer: the owed facts (one per month of receipts) added up in the database,
 * which returns a row per buyer and age.
 */
export async function overdue(townId: Types.ObjectId, today: string) {
  await readFacts(townId, owedFacts, undefined, { rows: false }); // recompute what writes marked
  const rows = await FactModel.aggregate<{
    _id: { b: string; a: AgeBucket };
    receipts: number;
    fen: number;
    oldest: number;
  }>([
    { $match: { townId, source: 'owed' } },
    { $unwind: '$rows' },
    {
      $project: {
        b: '$rows.buyerOrgId',
        receipts: '$rows.receipts',
        fen: '$rows.owedFen',
        days: {
          $dateDiff: {
            startDate: { $dateFromString: { dateString: '$rows.day', timezone: 'UTC' } },
            endDate: new Date(`${today}T00:00:00Z`),
            unit: 'day',
          },
        },
      },
    },
    {
      $group: {
        _id: {
          b: '$b',
          a: {
            $switch: {
              branches: [
                { case: { $lte: ['$days', 30] }, then: 'd0_30' },
                { case: { $lte: ['$days', 60] }, then: 'd31_60' },
                { case: { $lte: ['$days', 90] }, then: 'd61_90' },
              ],
              default: 'd90plus',
            },
          },
        },
        receipts: { $sum: '$receipts' },
        fen: { $sum: '$fen' },
        oldest: { $max: '$days' },
      },
    },
  ]);
  const buckets = Object.fromEntries(AGE_BUCKETS.map((b) => [b, { count: 0, fen: 0 }])) as Record<
    AgeBucket,
    { count: number; fen: number }
  >;
  const byBuyer = new Map<string, { fen: number; count: number; oldestDays: number }>();
  let count = 0;
  let fen = 0;
  for (const r of rows) {
    buckets[r._id.a].count += r.receipts;
    buckets[r._id.a].fen += r.fen;
    if (r._id.a === 'd0_30') continue;
    count += r.receipts;
    fen += r.fen;
    const b = byBuyer.get(r._id.b) ?? { fen: 0, count: 0, oldestDays: 0 };
    b.fen += r.fen;
    b.count += r.receipts;
    b.oldestDays = Math.max(b.oldestDays, r.oldest);
    byBuyer.set(r._id.b, b);
  }
  return {
    count,
    fen,
    buckets,
    byBuyer: [...byBuyer].map(([buyerOrgId, v]) => ({ buyerOrgId, ...v })).sort((a, b) => b.fen - a.fen),
  };
}

// ---------------------------------------------------------------- targets

export interface TargetProgress {
  target: PlainDoc<Target>;
  current: number;
  progress: number;
  projection: Projection;
  /** the figure over time, in the target's unit (what the projection is fitted to) */
  series: { label: string; value: number }[];
}

const yuan = (fen: number) => fen / 100;

/** Trailing-12-month sums at the end of each month, for the last 24 months. */
function trailingSales(
  facts: Facts,
  today: { year: number; month: number },
  pick: (r: SalesRow) => number,
  f: { productId?: string; sellerOrgId?: string },
) {
  const monthly: { y: number; m: number; v: number }[] = [];
  for (let i = 35; i >= 0; i -= 1) {
    const idx = today.year * 12 + today.month - 1 - i;
    const y = Math.floor(idx / 12);
    const m = (idx % 12) + 1;
    monthly.push({ y, m, v: salesOf(facts, y, m, f).reduce((a, r) => a + pick(r), 0) });
  }
  const out: { label: string; t: number; value: number }[] = [];
  for (let i = 11; i < monthly.length; i += 1) {
    const window = monthly.slice(i - 11, i + 1).reduce((a, x) => a + x.v, 0);
    const { y, m } = monthly[i];
    const label = `${y}-${String(m).padStart(2, '0')}`;
    out.push({ label, t: monthEnd(label), value: window });
  }
  return out;
}

/** A target's figure now and over time, its progress, and where the trend takes it. */
export function measureTarget(
  target: PlainDoc<Target>,
  facts: Facts,
  heads: Awaited<ReturnType<typeof headCounts>>,
  today: { year: number; month: number; date: string },
): TargetProgress {
  const scopeId = target.scopeId ? String(target.scopeId) : undefined;
  const productId = target.productId ? String(target.productId) : undefined;
  const village = target.scopeKind === 'village' ? scopeId : undefined;
  let series: { label: string; t: number; value: number }[] = [];
  let current = 0;
  switch (target.metric) {
    case 'headCount': {
      const base = heads.find((h) => h.baseId === scopeId);
      series = (base?.months ?? []).map((m) => ({ label: m.month, t: monthEnd(m.month), value: m.head }));
      current = base?.head ?? 0;
      break;
    }
    case 'annualSales':
    case 'productSales': {
      const seller = target.scopeKind === 'cooperative' || target.scopeKind === 'base' ? scopeId : undefined;
      const pick =
        target.metric === 'annualSales'
          ? (r: { amountFen: number }) => yuan(r.amountFen)
          : (r: { quantity: number }) => r.quantity;
      series = trailingSales(facts, today, pick, { productId, sellerOrgId: seller });
      current = series.at(-1)?.value ?? 0;
      break;
    }
    case 'acreage': {
      const { bySeason } = acreage(facts, { year: today.year, villageId: village, productId });
      series = bySeason.map((s) => ({ label: String(s.year), t: s.year, value: s.total }));
      current = bySeason.find((s) => s.year === today.year)?.total ?? 0;
      break;
    }
    case 'householdsLinked':
    case 'avgIncome': {
      const years = [...new Set(facts.income.map((x) => x.year))].sort((a, b) => a - b);
      series = years.map((year) => {
        const r = householdIncome(facts, { year, villageId: village });
        return {
          label: String(year),
          t: year,
          value: target.metric === 'householdsLinked' ? r.linked : yuan(r.avgFen),
        };
      });
      current = series.find((s) => s.t === today.year)?.value ?? 0;
      break;
    }
  }
  const yearly = YEARLY_METRICS.includes(target.metric);
  const recent = series.slice(-(yearly ? PROJECTION_POINTS.yearly : PROJECTION_POINTS.monthly));
  // a yearly figure's deadline is the season or year it falls in
  const deadline = yearly ? Number(target.deadline.slice(0, 4)) : fractionalYear(target.deadline);
  const points: SeriesPoint[] = recent.map((s) => ({ t: s.t, value: s.value }));
  return {
    target,
    current: round2(current),
    progress: progress(current, target.baseline, target.value),
    projection: project(points, target.value, deadline, current),
    series: series.map(({ label, value }) => ({ label, value: round2(value) })),
  };
}

/** Does any target count an organization's own sales (then the facts by seller are read)? */
export const needsSellerSales = (targets: Array<Pick<Target, 'metric' | 'scopeKind'>>) =>
  targets.some(
    (t) =>
      (t.metric === 'annualSales' || t.metric === 'productSales') &&
      (t.scopeKind === 'cooperative' || t.scopeKind === 'base'),
  );

const round2 = (n: number) => Math.round(n * 100) / 100;

// ---------------------------------------------------------------- the records behind a figure

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
