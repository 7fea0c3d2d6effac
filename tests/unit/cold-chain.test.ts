// The cold-chain rules of docs/decisions/0014-cold-chain.md, each with a series of its own.
import { describe, expect, it } from 'vitest';
import { downsample, judge, meanKinetic, type ColdProfile } from '~/domain/cold-chain';

const T0 = Date.parse('2026-11-08T00:00:00+08:00');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
/** readings every `every` minutes from minute 0 */
const series = (temps: number[], every = 10) => temps.map((tempC, i) => ({ at: at(i * every), tempC }));
const sweetPotato: ColdProfile = {
  minC: 12.5,
  maxC: 15,
  toleranceMinutes: 30,
  budgetMinutes: 120,
  intervalMinutes: 10,
};

describe('mean kinetic temperature', () => {
  it('equal intervals at 2, 2, 5, 8, 8, 8, 8 °C give 6.25 °C', () => {
    expect(meanKinetic([2, 2, 5, 8, 8, 8, 8], [1, 1, 1, 1, 1, 1, 1])!.toFixed(2)).toBe('6.25');
    const j = judge(series([2, 2, 5, 8, 8, 8, 8]), { ...sweetPotato, minC: null, maxC: null });
    expect(j.mktC).toBe(6.25);
  });

  it('23 h at 2 °C then 1 h at 12 °C give 2.77 °C: each reading weighted by the time it holds', () => {
    const readings = [...Array.from({ length: 23 }, () => 2), 12];
    const j = judge(series(readings, 60), {
      minC: null,
      maxC: null,
      toleranceMinutes: 0,
      budgetMinutes: null,
      intervalMinutes: 60,
    });
    expect(j.mktC).toBe(2.77);
    // two readings with uneven spacing over a trip of 24 h: the first holds 23 h, the last 1 h
    const uneven = judge(
      [
        { at: at(0), tempC: 2 },
        { at: at(23 * 60), tempC: 12 },
      ],
      { minC: null, maxC: null, toleranceMinutes: 0, budgetMinutes: null, intervalMinutes: 12 * 60 },
      { from: at(0), to: at(24 * 60) },
    );
    expect(uneven.mktC).toBe(2.77);
    expect(uneven.meanC).toBeCloseTo((2 * 23 + 12) / 24, 2);
  });
});

describe('holding, gaps and coverage', () => {
  it('a reading holds until the next one; the last holds one interval', () => {
    const j = judge(series([13, 13, 13]), sweetPotato);
    expect(j.coveredMinutes).toBe(30);
    expect(j.gaps).toEqual([]);
    expect(j.compliant).toBe(true);
  });

  it('beyond twice the interval the time is a gap, never compliant', () => {
    // readings at 0 and 50 min, interval 10: the first holds 20 min, 30 min are a gap
    const j = judge(
      [
        { at: at(0), tempC: 13 },
        { at: at(50), tempC: 13 },
      ],
      sweetPotato,
    );
    expect(j.gaps).toHaveLength(1);
    expect(j.gaps[0]).toMatchObject({ start: at(20), end: at(50), minutes: 30 });
    expect(j.coveredMinutes).toBe(30);
    expect(j.compliant).toBe(false);
  });

  it('the trip without readings at its start or end is a gap', () => {
    const j = judge(series([13, 13]), sweetPotato, { from: at(-30), to: at(60) });
    expect(j.gaps.map((g) => [g.start, g.end])).toEqual([
      [at(-30), at(0)],
      [at(20), at(60)],
    ]);
    expect(j.gapMinutes).toBe(70);
  });
});

describe('excursions on both limits', () => {
  it('a reading on a limit is in range', () => {
    const j = judge(series([12.5, 15, 15, 12.5, 15]), { ...sweetPotato, toleranceMinutes: 0 });
    expect(j.highMinutes + j.lowMinutes).toBe(0);
    expect(j.excursions).toEqual([]);
  });

  it('chilling below the low limit is an excursion as surely as heat above the high one', () => {
    // 12.0 °C for 40 min (four readings), tolerance 30 min
    const j = judge(series([13, 12, 12, 12, 12, 13]), sweetPotato);
    expect(j.lowMinutes).toBe(40);
    expect(j.excursions).toHaveLength(1);
    expect(j.excursions[0]).toMatchObject({
      start: at(10),
      end: at(50),
      minutes: 40,
      direction: 'low',
      peakC: 12,
    });
    // the alert is due once the tolerance is passed
    expect(j.excursions[0]!.alertAt.getTime()).toBeGreaterThan(at(40).getTime());
    expect(j.excursions[0]!.alertAt.getTime()).toBeLessThan(at(41).getTime());
  });

  it('out of range for the tolerance exactly is not an excursion; longer is', () => {
    expect(judge(series([13, 16, 16, 16, 13]), sweetPotato).excursions).toEqual([]);
    expect(judge(series([13, 16, 16, 16, 16, 13]), sweetPotato).excursions).toHaveLength(1);
  });

  it('a run goes on across high and low readings and counts them apart', () => {
    const j = judge(series([13, 16, 12, 16, 12, 13]), sweetPotato);
    expect(j.excursions).toHaveLength(1);
    expect(j.excursions[0]!.direction).toBe('both');
    expect(j.highMinutes).toBe(20);
    expect(j.lowMinutes).toBe(20);
  });

  it('the peak is the reading furthest outside the band', () => {
    const j = judge(series([13, 16, 19, 12, 17, 13]), sweetPotato);
    expect(j.excursions[0]).toMatchObject({ peakC: 19, peakAt: at(20) });
  });

  it('a gap ends a run out of range', () => {
    // 16 °C at 0 and 10 (holds to 20+10=30: the second reading holds 20 min), gap, then 16 again
    const readings = [
      { at: at(0), tempC: 16 },
      { at: at(10), tempC: 16 },
      { at: at(60), tempC: 16 },
      { at: at(70), tempC: 13 },
    ];
    const j = judge(readings, sweetPotato);
    expect(j.highMinutes).toBe(40);
    expect(j.excursions).toEqual([]); // 30 min before the gap, 10 after: neither over the tolerance
    expect(j.gaps).toHaveLength(1);
  });

  it('a series that ends out of range has an excursion without an end', () => {
    const j = judge(series([13, 16, 16, 16, 16]), sweetPotato);
    expect(j.excursions[0]!.end).toBeNull();
    // the same over a trip that ended: it ends with the trip
    const ended = judge(series([13, 16, 16, 16, 16]), sweetPotato, { from: at(0), to: at(50) });
    expect(ended.excursions[0]!.end).toEqual(at(50));
  });
});

describe('the cumulative budget', () => {
  it('counts high and low time together across separate short runs', () => {
    // five runs of 30 min (tolerance 30: no excursion), 150 min in all over a budget of 120
    const temps = Array.from({ length: 5 }, (_, k) => [
      k % 2 ? 16 : 12,
      k % 2 ? 16 : 12,
      k % 2 ? 16 : 12,
      13,
    ]).flat();
    const j = judge(series(temps), sweetPotato);
    expect(j.excursions).toEqual([]);
    expect(j.highMinutes + j.lowMinutes).toBe(150);
    expect(j.budgetUsedAt).not.toBeNull();
    // four runs used the 120 min: the budget is passed as the fifth begins
    expect(j.budgetUsedAt!.getTime()).toBe(at(4 * 40).getTime() + 1);
    expect(j.compliant).toBe(false);
  });

  it('no budget: never used up', () => {
    expect(
      judge(series([16, 16, 16, 16, 16, 16]), { ...sweetPotato, budgetMinutes: null }).budgetUsedAt,
    ).toBeNull();
  });
});

describe('statistics and the chart', () => {
  it('min, max and the time-weighted mean', () => {
    const j = judge(
      [
        { at: at(0), tempC: 2 },
        { at: at(10), tempC: 4 },
        { at: at(40), tempC: 3 },
      ],
      {
        minC: 0,
        maxC: 4,
        toleranceMinutes: 30,
        budgetMinutes: null,
        intervalMinutes: 15,
      },
    );
    expect([j.minC, j.maxC]).toEqual([2, 4]);
    // 2 °C × 10 + 4 °C × 30 + 3 °C × 15 over 55 min
    expect(j.meanC).toBe(Math.round(((2 * 10 + 4 * 30 + 3 * 15) / 55) * 100) / 100);
  });

  it('the later of two readings at the same instant counts', () => {
    const j = judge(
      [
        { at: at(0), tempC: 20 },
        { at: at(0), tempC: 13 },
      ],
      sweetPotato,
    );
    expect(j.readings).toBe(1);
    expect(j.maxC).toBe(13);
  });

  it("downsampling keeps each bucket's extremes and never more points than asked", () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ({
      at: at(i),
      tempC: i === 54_321 ? 30 : 13 + (i % 7) / 10,
    }));
    const points = downsample(many, 600);
    expect(points.length).toBeLessThanOrEqual(600);
    expect(points.some((p) => p.tempC === 30)).toBe(true);
    expect(points.map((p) => p.at.getTime())).toEqual(
      [...points.map((p) => p.at.getTime())].sort((a, b) => a - b),
    );
  });
});
