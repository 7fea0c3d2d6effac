// The town's figures for the dashboard, the monthly dispatch report and the targets, read
// from the facts (models/kernel/facts.ts) — a few hundred small documents whatever the county's
// history — plus a few small live queries (head counts, contracts, what is owed).
import { Types } from 'mongoose';
import { ContractModel } from '../trade/contract';
import { readFacts, type Fact } from '../kernel/facts';
import { harvestFacts, plantingFacts, type PlantingRow } from '../field/planting/facts';
import { incomeFacts, type IncomeRow } from '../households/facts';
import { salesFacts, sellerSalesFacts } from '../trade/delivery/facts';

import { HerdCountModel, HerdEventModel } from '../field/herd/schema';

import { round2 } from '../kernel/facts';
import { averagePerHousehold } from '~/domain/household';

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

const avgFen = averagePerHousehold;

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
    readFacts(townId, incomeFacts, union(span(year - 4, year), span(thisYear - 4, thisYear))),
  ]);
  return { planting, harvest, sales, sellerSales, income };
}
export type Facts = Awaited<ReturnType<typeof loadFacts>>;

/**
 * Sales rows of a month that pass the filters: by buyer (and product), or — for an
 * organization's target — by seller (and product).
 */
export function salesOf(
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

/**
 * Households linked and the average income per household, cumulative by month; by village;
 * year by year for the five years to the filter's year; and, with `today`, this year so far
 * beside last year to the same month.
 */
export function householdIncome(facts: Facts, f: DashboardFilter, today?: { year: number; month: number }) {
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
  // the same months of last year: households linked and money paid by then
  const toMonth = !today || f.year < today.year ? 12 : f.year === today.year ? today.month : 0;
  const upTo = (list: number[]) => list.slice(0, toMonth).reduce((a, v) => a + v, 0);
  const sameDateLastYear = { linked: upTo(last.firstMonth), fen: upTo(last.m) };
  const trend = Array.from({ length: 5 }, (_, i) => f.year - 4 + i).map((year) => {
    const r = addIncome(inYear(year));
    return { year, households: r.linked, totalFen: r.totalFen, avgFen: avgFen(r.totalFen, r.linked) };
  });
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
    toMonth,
    lastYearToDateAvgFen: avgFen(sameDateLastYear.fen, sameDateLastYear.linked),
    lastYearToDateLinked: sameDateLastYear.linked,
    trend,
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
