// Targets: what the town measures, at what scope, in what unit, and how a trend is projected.
// No zod here (client components import it).

export const TARGET_METRICS = [
  'headCount', // head at a base
  'annualSales', // confirmed sales revenue over the last 12 months (元)
  'acreage', // planted acreage of a crop in the season (亩)
  'productSales', // confirmed sales of a product over the last 12 months (kg)
  'householdsLinked', // households with income from the industry in the year (户)
  'avgIncome', // average industry income per linked household in the year (元)
] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

export const SCOPE_KINDS = ['town', 'village', 'base', 'cooperative', 'product'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export const METRIC_UNITS = {
  headCount: 'head',
  annualSales: 'yuan',
  acreage: 'mu',
  productSales: 'kg',
  householdsLinked: 'households',
  avgIncome: 'yuan',
} as const satisfies Record<TargetMetric, string>;
export type TargetUnit = (typeof METRIC_UNITS)[TargetMetric];

/** The scopes a metric can be measured at. */
export const METRIC_SCOPES: Record<TargetMetric, readonly ScopeKind[]> = {
  headCount: ['base'],
  annualSales: ['town', 'cooperative', 'base'],
  acreage: ['town', 'village'],
  productSales: ['town', 'cooperative'],
  householdsLinked: ['town', 'village'],
  avgIncome: ['town', 'village'],
};

/** Metrics measured for one product (a crop's acreage, a product's sales). */
export const NEEDS_PRODUCT: readonly TargetMetric[] = ['acreage', 'productSales'];

/** Yearly metrics are projected from seasons/years, the others from months. */
export const YEARLY_METRICS: readonly TargetMetric[] = ['acreage', 'householdsLinked', 'avgIncome'];

/** How many of the latest points a projection fits: 12 months, or 3 years. */
export const PROJECTION_POINTS = { monthly: 12, yearly: 3 } as const;

export interface SeriesPoint {
  /** the time of the point, in fractional years (2026.5 = the middle of 2026) */
  t: number;
  value: number;
}

export type Projection =
  | { status: 'reached' }
  | { status: 'onTrack'; reachAt: number; slopePerYear: number }
  | { status: 'late'; reachAt: number; slopePerYear: number }
  | { status: 'stalled'; slopePerYear: number } // not growing: the trend never reaches it
  | { status: 'unknown' }; // too few points

/**
 * Where the recent trend takes a figure: the least-squares line through the last points,
 * extended until it reaches the target. `deadline` and the answer's `reachAt` are fractional
 * years.
 */
export function project(
  points: SeriesPoint[],
  target: number,
  deadline: number,
  current: number,
): Projection {
  if (current >= target) return { status: 'reached' };
  if (points.length < 2) return { status: 'unknown' };
  const n = points.length;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const mv = points.reduce((s, p) => s + p.value, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.t - mt) ** 2;
    sxy += (p.t - mt) * (p.value - mv);
  }
  if (sxx === 0) return { status: 'unknown' };
  const slope = sxy / sxx;
  if (!(slope > 0)) return { status: 'stalled', slopePerYear: slope };
  const reachAt = mt + (target - mv) / slope;
  const last = points[n - 1].t;
  const at = Math.max(reachAt, last);
  return { status: at <= deadline ? 'onTrack' : 'late', reachAt: at, slopePerYear: slope };
}

/** Progress from the baseline to the target, 0–1 (beyond 1 when exceeded). */
export function progress(current: number, baseline: number, target: number) {
  if (target === baseline) return current >= target ? 1 : 0;
  return Math.max(0, (current - baseline) / (target - baseline));
}

/** A calendar date (YYYY-MM-DD) as a fractional year, and back to a year-month. */
export function fractionalYear(date: string) {
  const [y, m, d] = date.split('-').map(Number);
  const start = Date.UTC(y, 0, 1);
  const end = Date.UTC(y + 1, 0, 1);
  return y + (Date.UTC(y, m - 1, d) - start) / (end - start);
}

export function yearMonthOf(t: number) {
  const y = Math.floor(t);
  const m = Math.min(12, Math.floor((t - y) * 12) + 1);
  return `${y}-${String(m).padStart(2, '0')}`;
}

/** The end of a month (YYYY-MM) as a fractional year. */
export const monthEnd = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return y + m / 12;
};
