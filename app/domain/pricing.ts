// How a delivery under a contract is priced (issue 9): the floor price against the market, the
// grade table, the moisture and impurity deductions, and the deposit credited. Pure and
// zod-free: the delivery page shows the seller the same figures the server stores. Money is
// integer 分 (fen) throughout; quantities are kg (to the gram) or head.
import type { Grade } from './planting';

/** none: the floor price; higher: the market price when it is higher; premium: market × (1 + x%), never below the floor. */
export type MarketRule = { kind: 'none' } | { kind: 'higher' } | { kind: 'premium'; percent: number };

/** A grade's own price per unit (its floor), or an adjustment per unit (± fen) on the base price. */
export type GradeTerm = { grade: Grade; kind: 'price' | 'adjust'; fen: number };

export interface PriceTerms {
  unit: 'kg' | 'head';
  floorFen: number; // per kg or per head
  market: MarketRule;
  grades: GradeTerm[]; // empty: every grade at the base price
  moistureFreePct: number; // moisture up to this is free; each % above comes off the net weight
  impurityFreePct: number;
}

export interface DeliveryLine {
  quantity: number; // net kg, or head
  grade: Grade;
  moisturePct: number;
  impurityPct: number;
  /**
   * Weight already taken off at a plant's weighbridge by its rule table (to 0.1 kg, on the
   * ticket): used instead of working it out again from the terms' free moisture and impurity.
   */
  weighedDeductedQty?: number;
}

export type PriceSource = 'floor' | 'market' | 'marketPremium';

export interface LinePrice {
  source: PriceSource;
  baseFen: number; // per unit, before the grade
  unitFen: number; // per unit, after the grade
  deductedQty: number; // taken off for moisture and impurities
  payableQty: number;
  amountFen: number;
}

export class PricingError extends Error {
  constructor(readonly code: 'gradeNotInTable' | 'badQuantity' | 'badPercent') {
    super(code);
  }
}

const grams = (kg: number) => Math.round(kg * 1000) / 1000;

/** The base price per unit: the floor, or the market by the contract's rule. */
export function basePrice(floorFen: number, rule: MarketRule, marketFen: number | null) {
  if (rule.kind === 'none' || marketFen === null) return { fen: floorFen, source: 'floor' as PriceSource };
  const market = rule.kind === 'premium' ? Math.round((marketFen * (100 + rule.percent)) / 100) : marketFen;
  return market > floorFen
    ? { fen: market, source: (rule.kind === 'premium' ? 'marketPremium' : 'market') as PriceSource }
    : { fen: floorFen, source: 'floor' as PriceSource };
}

/** One lot's price and amount under the terms, with the market price of the delivery's day. */
export function priceLine(terms: PriceTerms, line: DeliveryLine, marketFen: number | null): LinePrice {
  if (!(line.quantity > 0) || !Number.isFinite(line.quantity)) throw new PricingError('badQuantity');
  for (const pct of [line.moisturePct, line.impurityPct]) {
    if (!(pct >= 0 && pct <= 100)) throw new PricingError('badPercent');
  }
  const gradeTerm = terms.grades.find((g) => g.grade === line.grade);
  if (terms.grades.length > 0 && !gradeTerm) throw new PricingError('gradeNotInTable');

  let base = basePrice(terms.floorFen, terms.market, marketFen);
  let unitFen = base.fen;
  if (gradeTerm?.kind === 'price') {
    // the grade's own price is its floor; the market rule applies above it as above the contract's
    base = basePrice(gradeTerm.fen, terms.market, marketFen);
    unitFen = base.fen;
  } else if (gradeTerm?.kind === 'adjust') {
    unitFen = Math.max(0, base.fen + gradeTerm.fen);
  }

  let deductedQty = 0;
  if (terms.unit === 'kg' && line.weighedDeductedQty !== undefined) {
    deductedQty = Math.min(line.quantity, grams(line.weighedDeductedQty));
  } else if (terms.unit === 'kg') {
    const over =
      Math.max(0, line.moisturePct - terms.moistureFreePct) +
      Math.max(0, line.impurityPct - terms.impurityFreePct);
    deductedQty = Math.min(line.quantity, grams((line.quantity * over) / 100));
  }
  const payableQty = terms.unit === 'kg' ? grams(line.quantity - deductedQty) : line.quantity;
  return {
    source: base.source,
    baseFen: base.fen,
    unitFen,
    deductedQty,
    payableQty,
    amountFen: Math.round(payableQty * unitFen),
  };
}

/** A delivery's lines, their total, and how much of it the deposit still unused covers. */
export function priceDelivery(
  terms: PriceTerms,
  lines: DeliveryLine[],
  marketFen: number | null,
  depositLeftFen: number,
) {
  const priced = lines.map((line) => priceLine(terms, line, marketFen));
  const amountFen = priced.reduce((sum, p) => sum + p.amountFen, 0);
  const depositCreditFen = Math.max(0, Math.min(depositLeftFen, amountFen));
  return { lines: priced, amountFen, depositCreditFen, dueFen: amountFen - depositCreditFen };
}

/**
 * How a line's price came about, step by step, for the pages that explain it: the floor (the
 * contract's or the grade's own price), the market price and what the rule makes of it, the
 * base chosen, the grade's adjustment (±), the settlement price, and the weight taken off for
 * moisture and impurities above what is free.
 */
export function priceSteps(terms: PriceTerms, line: DeliveryLine, marketFen: number | null) {
  const priced = priceLine(terms, line, marketFen);
  const gradeTerm = terms.grades.find((g) => g.grade === line.grade) ?? null;
  const floorFen = gradeTerm?.kind === 'price' ? gradeTerm.fen : terms.floorFen;
  const ruledFen =
    terms.market.kind === 'none' || marketFen === null
      ? null
      : terms.market.kind === 'premium'
        ? Math.round((marketFen * (100 + terms.market.percent)) / 100)
        : marketFen;
  const over = (pct: number, free: number) => ({ pct, free, over: Math.max(0, pct - free) });
  return {
    ...priced,
    market: terms.market,
    marketFen,
    ruledFen,
    floorFen,
    gradeOwnPrice: gradeTerm?.kind === 'price',
    gradeAdjustFen: gradeTerm?.kind === 'adjust' ? gradeTerm.fen : null,
    moisture: over(line.moisturePct, terms.moistureFreePct),
    impurity: over(line.impurityPct, terms.impurityFreePct),
  };
}
export type PriceSteps = ReturnType<typeof priceSteps>;
