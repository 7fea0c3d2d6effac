// The price of a delivery under a contract: floor against market, grades, deductions, deposit.
import { describe, expect, it } from 'vitest';
import {
  basePrice,
  priceDelivery,
  priceLine,
  priceSteps,
  PricingError,
  type PriceTerms,
} from '~/domain/pricing';

const kudzu: PriceTerms = {
  unit: 'kg',
  floorFen: 160, // 1.60 元/kg
  market: { kind: 'higher' },
  grades: [
    { grade: 'grade1', kind: 'adjust', fen: 20 },
    { grade: 'grade2', kind: 'adjust', fen: 0 },
    { grade: 'grade3', kind: 'adjust', fen: -30 },
  ],
  moistureFreePct: 14,
  impurityFreePct: 2,
};

describe('pricing', () => {
  it('takes the floor below it and the market above it, or market plus a premium', () => {
    expect(basePrice(160, { kind: 'higher' }, 150)).toEqual({ fen: 160, source: 'floor' });
    expect(basePrice(160, { kind: 'higher' }, 175)).toEqual({ fen: 175, source: 'market' });
    expect(basePrice(160, { kind: 'higher' }, null)).toEqual({ fen: 160, source: 'floor' });
    expect(basePrice(160, { kind: 'none' }, 300)).toEqual({ fen: 160, source: 'floor' });
    expect(basePrice(160, { kind: 'premium', percent: 5 }, 150)).toEqual({ fen: 160, source: 'floor' });
    expect(basePrice(160, { kind: 'premium', percent: 5 }, 170)).toEqual({
      fen: 179,
      source: 'marketPremium',
    }); // 178.5 → 179
  });

  it('adjusts by grade and takes moisture and impurities above the allowance off the weight', () => {
    // 1,000 kg grade 1 at market 1.70: 1.90 元/kg; moisture 16 % (2 over), impurity 3 % (1 over)
    const p = priceLine(kudzu, { quantity: 1000, grade: 'grade1', moisturePct: 16, impurityPct: 3 }, 170);
    expect(p).toEqual({
      source: 'market',
      baseFen: 170,
      unitFen: 190,
      deductedQty: 30,
      payableQty: 970,
      amountFen: 184_300,
    });
    // within the allowance nothing comes off
    expect(
      priceLine(kudzu, { quantity: 500.5, grade: 'grade3', moisturePct: 14, impurityPct: 0 }, null),
    ).toMatchObject({
      unitFen: 130,
      deductedQty: 0,
      payableQty: 500.5,
      amountFen: 65_065,
    });
  });

  it('a grade with its own price uses it as that grade’s floor', () => {
    const terms: PriceTerms = { ...kudzu, grades: [{ grade: 'grade1', kind: 'price', fen: 200 }] };
    expect(
      priceLine(terms, { quantity: 10, grade: 'grade1', moisturePct: 0, impurityPct: 0 }, 170).unitFen,
    ).toBe(200);
    expect(
      priceLine(terms, { quantity: 10, grade: 'grade1', moisturePct: 0, impurityPct: 0 }, 230).unitFen,
    ).toBe(230);
  });

  it('refuses a grade outside the table, a quantity of zero and a percentage over 100', () => {
    const line = { quantity: 10, grade: 'mixed' as const, moisturePct: 0, impurityPct: 0 };
    expect(() => priceLine(kudzu, line, null)).toThrow(new PricingError('gradeNotInTable'));
    expect(() => priceLine(kudzu, { ...line, grade: 'grade1', quantity: 0 }, null)).toThrow(PricingError);
    expect(() => priceLine(kudzu, { ...line, grade: 'grade1', moisturePct: 101 }, null)).toThrow(
      PricingError,
    );
  });

  it('live pigs are priced per head with no deductions; the deposit covers what it still can', () => {
    const pigs: PriceTerms = {
      ...kudzu,
      unit: 'head',
      floorFen: 280_000,
      grades: [],
      market: { kind: 'none' },
    };
    const d = priceDelivery(
      pigs,
      [{ quantity: 12, grade: 'mixed', moisturePct: 50, impurityPct: 50 }],
      null,
      1_000_000,
    );
    expect(d).toMatchObject({ amountFen: 3_360_000, depositCreditFen: 1_000_000, dueFen: 2_360_000 });
    expect(d.lines[0]).toMatchObject({ deductedQty: 0, payableQty: 12 });
    expect(
      priceDelivery(pigs, [{ quantity: 1, grade: 'mixed', moisturePct: 0, impurityPct: 0 }], null, 0).dueFen,
    ).toBe(280_000);
  });
});

describe('the price explained step by step', () => {
  // the walk's case: market 2.52, premium 5 % → 2.65 above the 2.40 floor; 统货 −0.20 → 2.45;
  // 一级 at its own 3.00, which the market plus premium does not reach
  const terms: PriceTerms = {
    unit: 'kg',
    floorFen: 240,
    market: { kind: 'premium', percent: 5 },
    grades: [
      { grade: 'grade1', kind: 'price', fen: 300 },
      { grade: 'mixed', kind: 'adjust', fen: -20 },
    ],
    moistureFreePct: 14,
    impurityFreePct: 2,
  };
  it('names the base, the rule, the grade’s signed adjustment and the deduction', () => {
    const s = priceSteps(terms, { quantity: 1000, grade: 'mixed', moisturePct: 16, impurityPct: 3 }, 252);
    expect(s).toMatchObject({
      floorFen: 240,
      marketFen: 252,
      ruledFen: 265,
      source: 'marketPremium',
      baseFen: 265,
      gradeOwnPrice: false,
      gradeAdjustFen: -20,
      unitFen: 245,
      moisture: { pct: 16, free: 14, over: 2 },
      impurity: { pct: 3, free: 2, over: 1 },
      deductedQty: 30,
      payableQty: 970,
      amountFen: 237_650,
    });
    // the steps give the same figures the receipt stores
    const line = priceLine(terms, { quantity: 1000, grade: 'mixed', moisturePct: 16, impurityPct: 3 }, 252);
    expect([s.unitFen, s.amountFen]).toEqual([line.unitFen, line.amountFen]);
  });
  it('a grade with its own price is that grade’s floor, not the contract’s', () => {
    const s = priceSteps(terms, { quantity: 100, grade: 'grade1', moisturePct: 0, impurityPct: 0 }, 252);
    expect(s).toMatchObject({
      floorFen: 300,
      gradeOwnPrice: true,
      gradeAdjustFen: null,
      source: 'floor',
      unitFen: 300,
    });
  });
});
