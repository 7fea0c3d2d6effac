// The small rules of households' money: the split of a surplus, rounding that adds up to the
// 分, phone masking, income bands and weights in 斤.
import { describe, expect, it } from 'vitest';
import { apportion, incomeBand, maskPhone, splitDividend, toKg } from '~/domain/household';

describe('apportion', () => {
  it('splits to whole 分 that add up exactly, largest remainders first', () => {
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(apportion(10, [1, 2])).toEqual([3, 7]);
    expect(apportion(0, [1, 2])).toEqual([0, 0]);
    expect(apportion(5, [0, 0])).toEqual([0, 0]);
    // figures whose products pass 2^53 stay exact
    const parts = apportion(9_007_199_254_740, [3_000_000_001, 7_000_000_003, 11]);
    expect(parts.reduce((a, b) => a + b)).toBe(9_007_199_254_740);
  });
});

describe('splitDividend', () => {
  const members = [
    { householdId: 'a', volumeFen: 100_000, shareFen: 0 },
    { householdId: 'b', volumeFen: 300_000, shareFen: 100_000 },
    { householdId: 'c', volumeFen: 0, shareFen: 100_000 },
  ];

  it('returns at least 60 % by volume, rounded up, and the rest by shares', () => {
    const s = splitDividend(10_001, 60, members);
    expect(s).toMatchObject({ ok: true, byVolumeFen: 6_001, bySharesFen: 4_000 });
    if (!s.ok) return;
    expect(s.lines.map((l) => l.amountFen)).toEqual([1_500, 6_501, 2_000]);
    expect(s.lines.reduce((a, l) => a + l.amountFen, 0)).toBe(10_001);
  });

  it('refuses under 60 %, nothing to split, or no volume; without shares all goes by volume', () => {
    expect(splitDividend(10_000, 59.9, members)).toEqual({ ok: false, error: 'belowFloor' });
    expect(splitDividend(0, 60, members)).toEqual({ ok: false, error: 'nothingToSplit' });
    expect(splitDividend(100, 60, [{ householdId: 'x', volumeFen: 0, shareFen: 5 }])).toEqual({
      ok: false,
      error: 'noVolume',
    });
    const noShares = splitDividend(
      999,
      60,
      members.map((m) => ({ ...m, shareFen: 0 })),
    );
    expect(noShares).toMatchObject({ ok: true, volumePct: 100, byVolumeFen: 999, bySharesFen: 0 });
  });
});

describe('small rules', () => {
  it('masks phones, places incomes in bands and converts 斤', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0744-6221001')).toBe('074****1001');
    expect(maskPhone('12345')).toBe('****');
    expect(maskPhone('')).toBe('');
    expect([99_999, 100_000, 499_999, 500_000, 1_000_000].map(incomeBand)).toEqual([
      'lt1k',
      'k1_5',
      'k1_5',
      'k5_10',
      'gt10k',
    ]);
    expect(toKg(500, 'jin')).toBe(250);
    expect(toKg(1.235, 'kg')).toBe(1.24);
  });
});
