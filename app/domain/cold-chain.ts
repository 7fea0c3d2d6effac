// Judging a series of temperature readings against a cold profile (docs/decisions/0014-cold-chain.md).
// Pure and client-safe: the shipment page, the judge job and the tests share it.
//
//  - A reading holds until the next one, at most twice the logging interval; the last one holds
//    one interval. Time no reading holds is a gap: shown, never compliant.
//  - A reading on a limit is in range. Out-of-range time runs on across high and low readings
//    and ends at an in-range reading or a gap.
//  - An excursion is a run out of range longer than the tolerance. It starts at the run's first
//    reading; its alert is due when the tolerance is passed.
//  - The cumulative budget counts high and low time together, over the whole series.
//  - MKT: ΔH/R = 10,000 K, each reading weighted by the time it holds.

export interface ColdProfile {
  minC: number | null;
  maxC: number | null;
  /** out of range continuously for longer than this is an excursion */
  toleranceMinutes: number;
  /** the total time out of range allowed over a trip; null: no budget */
  budgetMinutes: number | null;
  /** how often the logger reads */
  intervalMinutes: number;
}

export interface Reading {
  at: Date;
  tempC: number;
  humidity?: number | null;
}

export interface Excursion {
  start: Date;
  /** the run's end: the next in-range reading or the gap that cut it; null while it lasts */
  end: Date | null;
  minutes: number;
  direction: 'high' | 'low' | 'both';
  /** the reading furthest outside the band */
  peakC: number;
  peakAt: Date;
  /** when the tolerance was passed: the alert is due then */
  alertAt: Date;
}

export interface Gap {
  start: Date;
  end: Date;
  minutes: number;
}

export interface Judgment {
  readings: number;
  from: Date | null;
  to: Date | null;
  coveredMinutes: number;
  gapMinutes: number;
  gaps: Gap[];
  highMinutes: number;
  lowMinutes: number;
  excursions: Excursion[];
  /** when the time out of range passed the budget, if it did */
  budgetUsedAt: Date | null;
  minC: number | null;
  maxC: number | null;
  meanC: number | null;
  mktC: number | null;
  humidityMin: number | null;
  humidityMax: number | null;
  /** no excursion, budget not used up, no gap */
  compliant: boolean;
}

/** Where an organization's alerts can go besides the app. */
export const WEBHOOK_KINDS = ['wecom', 'dingtalk', 'json'] as const;

/** What a cold-chain thermometer can read: anything outside is a fault, refused. */
export const TEMP_LIMITS = { min: -60, max: 80 } as const;

const MIN = 60_000;
export const DELTA_H_OVER_R = 10_000; // K
const KELVIN = 273.15;

export const rangeOf = (profile: Pick<ColdProfile, 'minC' | 'maxC'>, tempC: number) =>
  profile.maxC !== null && tempC > profile.maxC
    ? 'high'
    : profile.minC !== null && tempC < profile.minC
      ? 'low'
      : 'in';

/** Mean kinetic temperature (°C) of temperatures each held for a weight (minutes). */
export function meanKinetic(temps: readonly number[], weights: readonly number[]): number | null {
  let sumW = 0;
  let sum = 0;
  for (let i = 0; i < temps.length; i++) {
    const w = weights[i]!;
    if (w <= 0) continue;
    sumW += w;
    sum += w * Math.exp(-DELTA_H_OVER_R / (temps[i]! + KELVIN));
  }
  if (sumW === 0) return null;
  return DELTA_H_OVER_R / -Math.log(sum / sumW) - KELVIN;
}

const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

/**
 * Judges readings (any order; one per instant: the later of two at the same instant counts)
 * against a profile. `window` is the trip (departure → arrival): time in it that no reading
 * holds is a gap, and holds are cut at its end; without it the series judges itself.
 */
export function judge(
  input: readonly Reading[],
  profile: ColdProfile,
  window: { from?: Date | null; to?: Date | null } = {},
): Judgment {
  const windowEnd = window.to?.getTime() ?? Infinity;
  const windowStart = window.from?.getTime() ?? null;
  const byTime = new Map<number, Reading>();
  for (const r of input) {
    const t = r.at.getTime();
    // a reading at the arrival (the unloading handover) counts, holding no time
    if (t <= windowEnd && (windowStart === null || t >= windowStart)) byTime.set(t, r);
  }
  const readings = [...byTime.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  const intervalMs = Math.max(1, profile.intervalMinutes) * MIN;
  const toleranceMs = Math.max(0, profile.toleranceMinutes) * MIN;
  const budgetMs = profile.budgetMinutes === null ? null : Math.max(0, profile.budgetMinutes) * MIN;

  const gaps: Gap[] = [];
  const excursions: Excursion[] = [];
  const temps: number[] = [];
  const weights: number[] = [];
  let covered = 0;
  let high = 0;
  let low = 0;
  let outTotal = 0;
  let budgetUsedAt: Date | null = null;
  let minC: number | null = null;
  let maxC: number | null = null;
  let weighted = 0;
  let humidityMin: number | null = null;
  let humidityMax: number | null = null;
  // the out-of-range run under way
  let run: {
    start: number;
    ms: number;
    high: boolean;
    low: boolean;
    peak: number;
    peakAt: number;
    peakDev: number;
  } | null = null;

  const addGap = (start: number, end: number) => {
    if (end <= start) return;
    const last = gaps[gaps.length - 1];
    if (last && last.end.getTime() === start) {
      last.end = new Date(end);
      last.minutes = round((end - last.start.getTime()) / MIN);
    } else gaps.push({ start: new Date(start), end: new Date(end), minutes: round((end - start) / MIN) });
  };
  const closeRun = (end: number | null) => {
    if (run && run.ms > toleranceMs) {
      excursions.push({
        start: new Date(run.start),
        end: end === null ? null : new Date(end),
        minutes: round(run.ms / MIN),
        direction: run.high && run.low ? 'both' : run.high ? 'high' : 'low',
        peakC: run.peak,
        peakAt: new Date(run.peakAt),
        alertAt: new Date(run.start + toleranceMs + 1),
      });
    }
    run = null;
  };

  if (windowStart !== null && readings.length && readings[0]!.at.getTime() > windowStart)
    addGap(windowStart, readings[0]!.at.getTime());
  if (windowStart !== null && !readings.length && windowEnd !== Infinity) addGap(windowStart, windowEnd);

  for (let i = 0; i < readings.length; i++) {
    const r = readings[i]!;
    const t = r.at.getTime();
    const next = readings[i + 1]?.at.getTime();
    const limit = next === undefined ? t + intervalMs : t + 2 * intervalMs;
    const holdEnd = Math.min(next ?? limit, limit, windowEnd);
    const held = holdEnd - t;
    covered += held;
    temps.push(r.tempC);
    weights.push(held / MIN);
    weighted += r.tempC * held;
    minC = minC === null ? r.tempC : Math.min(minC, r.tempC);
    maxC = maxC === null ? r.tempC : Math.max(maxC, r.tempC);
    if (r.humidity !== null && r.humidity !== undefined) {
      humidityMin = humidityMin === null ? r.humidity : Math.min(humidityMin, r.humidity);
      humidityMax = humidityMax === null ? r.humidity : Math.max(humidityMax, r.humidity);
    }
    const where = rangeOf(profile, r.tempC);
    if (where === 'in') {
      closeRun(t);
    } else {
      const dev = where === 'high' ? r.tempC - profile.maxC! : profile.minC! - r.tempC;
      run ??= { start: t, ms: 0, high: false, low: false, peak: r.tempC, peakAt: t, peakDev: -1 };
      run.ms += held;
      if (where === 'high') run.high = true;
      else run.low = true;
      if (dev > run.peakDev) Object.assign(run, { peak: r.tempC, peakAt: t, peakDev: dev });
      if (where === 'high') high += held;
      else low += held;
      if (budgetMs !== null && budgetUsedAt === null && outTotal + held > budgetMs)
        budgetUsedAt = new Date(t + (budgetMs - outTotal) + 1);
      outTotal += held;
    }
    if (next !== undefined && holdEnd < next) {
      // a gap: the run out of range ends where the reading stopped holding
      closeRun(holdEnd);
      addGap(holdEnd, next);
    } else if (next === undefined && windowEnd !== Infinity && holdEnd < windowEnd) {
      closeRun(holdEnd);
      addGap(holdEnd, windowEnd);
    }
  }
  // the series ends out of range: the excursion lasts (unless the trip is over)
  closeRun(windowEnd === Infinity ? null : windowEnd);
  const kept = readings;
  const gapMinutes = round(gaps.reduce((s, g) => s + g.minutes, 0));
  return {
    readings: kept.length,
    from: kept[0]?.at ?? null,
    to: kept[kept.length - 1]?.at ?? null,
    coveredMinutes: round(covered / MIN),
    gapMinutes,
    gaps,
    highMinutes: round(high / MIN),
    lowMinutes: round(low / MIN),
    excursions,
    budgetUsedAt,
    minC,
    maxC,
    meanC: covered ? round(weighted / covered) : null,
    mktC: (() => {
      const m = meanKinetic(temps, weights);
      return m === null ? null : round(m);
    })(),
    humidityMin,
    humidityMax,
    compliant: kept.length > 0 && excursions.length === 0 && budgetUsedAt === null && gaps.length === 0,
  };
}

/** At most `points` points for a chart: each bucket's min and max, so no peak is lost. */
export function downsample<T extends { at: Date; tempC: number }>(readings: readonly T[], points = 600): T[] {
  if (readings.length <= points) return [...readings];
  const buckets = Math.floor(points / 2);
  const size = readings.length / buckets;
  const out: T[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(readings.length, Math.floor((b + 1) * size));
    let lo = readings[from]!;
    let hi = readings[from]!;
    for (let i = from; i < to; i++) {
      const r = readings[i]!;
      if (r.tempC < lo.tempC) lo = r;
      if (r.tempC > hi.tempC) hi = r;
    }
    if (lo === hi) out.push(lo);
    else if (lo.at < hi.at) out.push(lo, hi);
    else out.push(hi, lo);
  }
  return out;
}
