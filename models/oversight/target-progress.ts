// How far each target has come: its figure now, from the same facts the dashboard reads.

import { type SalesRow } from '../trade/delivery/facts';

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
import { round2 } from '../kernel/facts';

import { acreage, headCounts, householdIncome, salesOf, type Facts } from './dashboard';

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
      // as of the day asked: a past month's report counts the head at that month's end
      const upTo = `${today.year}-${String(today.month).padStart(2, '0')}`;
      const months = (base?.months ?? []).filter((m) => m.month <= upTo);
      series = months.map((m) => ({ label: m.month, t: monthEnd(m.month), value: m.head }));
      current = months.length === (base?.months.length ?? 0) ? (base?.head ?? 0) : (months.at(-1)?.head ?? 0);
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
