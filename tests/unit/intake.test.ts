// A plant's weigh ticket: net from gross and tare, and the rule table's deductions (issue 20).
import { describe, expect, it } from 'vitest';
import { ticketFigures, tenths, type DeductionRule } from '~/domain/intake';

const impurityLinear: DeductionRule = { kind: 'linear', measure: 'impurity', allowedPct: 1, factor: 1 };

describe('a weigh ticket', () => {
  it('the issue’s vector: 3,260.5 − 1,050.0 = 2,210.5 kg; 3.2 % impurity over 1.0 % takes 48.6 kg off', () => {
    const f = ticketFigures(3260.5, 1050, { moisturePct: 0, impurityPct: 3.2 }, [impurityLinear]);
    expect(f).toMatchObject({ ok: true, netKg: 2210.5, deductedKg: 48.6, payableKg: 2161.9 });
    if (!f.ok) throw new Error('refused');
    expect(f.deductions).toEqual([{ rule: impurityLinear, pct: 2.2, kg: 48.6 }]);
    // at 1.80 元/kg the payable weight comes to 3,891.42 元
    expect(Math.round(f.payableKg * 180)).toBe(389_142);
  });

  it('rounds each deduction half up to 0.1 kg, with a factor', () => {
    // 1,000.0 kg, 2.05 points over at factor 1.5: 3.075 % = 30.75 kg → 30.8
    const f = ticketFigures(1500, 500, { moisturePct: 0, impurityPct: 3.05 }, [
      { ...impurityLinear, factor: 1.5 },
    ]);
    expect(f).toMatchObject({ ok: true, deductedKg: 30.8, payableKg: 969.2 });
  });

  it('a ladder takes the highest step the measure is above; nothing at or under the first', () => {
    const ladder: DeductionRule = {
      kind: 'ladder',
      measure: 'moisture',
      steps: [
        { abovePct: 14, deductPct: 1 },
        { abovePct: 16, deductPct: 3 },
      ],
    };
    const at = (moisturePct: number) => ticketFigures(1100, 100, { moisturePct, impurityPct: 0 }, [ladder]);
    expect(at(14)).toMatchObject({ ok: true, deductedKg: 0 });
    expect(at(15)).toMatchObject({ ok: true, deductedKg: 10 });
    expect(at(17.5)).toMatchObject({ ok: true, deductedKg: 30 });
  });

  it('refuses past a reject threshold, naming the rule; a tare not below the gross; weights finer than 0.1 kg', () => {
    const reject: DeductionRule = { kind: 'reject', measure: 'impurity', abovePct: 8 };
    expect(ticketFigures(2000, 500, { moisturePct: 0, impurityPct: 8.5 }, [impurityLinear, reject])).toEqual({
      ok: false,
      code: 'rejected',
      rule: reject,
      measuredPct: 8.5,
    });
    expect(ticketFigures(2000, 500, { moisturePct: 0, impurityPct: 8 }, [reject])).toMatchObject({
      ok: true,
    });
    expect(ticketFigures(1000, 1000, { moisturePct: 0, impurityPct: 0 }, [])).toEqual({
      ok: false,
      code: 'tareNotBelowGross',
    });
    expect(ticketFigures(1000.05, 100, { moisturePct: 0, impurityPct: 0 }, [])).toEqual({
      ok: false,
      code: 'notTenths',
    });
    expect(ticketFigures(1000, 100, { moisturePct: 101, impurityPct: 0 }, [])).toEqual({
      ok: false,
      code: 'badPercent',
    });
    expect([tenths(3260.5), tenths(0.3), tenths(-1), tenths(1.25)]).toEqual([32605, 3, null, null]);
  });

  it('never deducts more than the net', () => {
    const f = ticketFigures(200, 100, { moisturePct: 0, impurityPct: 100 }, [
      { ...impurityLinear, factor: 3 },
    ]);
    expect(f).toMatchObject({ ok: true, netKg: 100, deductedKg: 100, payableKg: 0 });
  });
});
