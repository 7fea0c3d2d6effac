// A plant's weigh ticket (issue 20): net from gross and tare, and the quality deductions of a
// rule table — linear above an allowance, a ladder of steps, a reject threshold. Pure and
// zod-free, for the intake form's preview and the server alike. Weights are kept as whole
// tenths of a kilogram while they are worked out (a weighbridge reads to 0.1 kg), so no
// floating-point remainder ever reaches a ticket; deductions round half up to 0.1 kg.

/** What a rule measures on the ticket, in percent. */
export const QUALITY_MEASURES = ['moisture', 'impurity'] as const;
export type QualityMeasure = (typeof QUALITY_MEASURES)[number];

export type DeductionRule =
  /** (measured − allowed) % of the net, times a factor (1: a point over takes 1 % off) */
  | { kind: 'linear'; measure: QualityMeasure; allowedPct: number; factor: number }
  /** the highest step the measure is above takes its percentage of the net off */
  | { kind: 'ladder'; measure: QualityMeasure; steps: Array<{ abovePct: number; deductPct: number }> }
  /** above this the ticket is refused, naming the rule */
  | { kind: 'reject'; measure: QualityMeasure; abovePct: number };

export interface Measured {
  moisturePct: number;
  impurityPct: number;
}

export interface Deduction {
  rule: Exclude<DeductionRule, { kind: 'reject' }>;
  /** the percentage of the net taken off by this rule */
  pct: number;
  kg: number;
}

export type TicketFigures =
  | { ok: true; netKg: number; deductions: Deduction[]; deductedKg: number; payableKg: number }
  | { ok: false; code: 'tareNotBelowGross' | 'notTenths' | 'badPercent' }
  | { ok: false; code: 'rejected'; rule: Extract<DeductionRule, { kind: 'reject' }>; measuredPct: number };

/** A weight as whole tenths of a kilogram, or null when it has finer digits than 0.1 kg. */
export function tenths(kg: number): number | null {
  const t = Math.round(kg * 10);
  return Number.isFinite(kg) && kg >= 0 && Math.abs(t - kg * 10) < 1e-6 ? t : null;
}

/** Half up to a whole number, for a positive fraction num / den of integers. */
function halfUp(num: number, den: number) {
  return Math.floor((2 * num + den) / (2 * den));
}

/** A percentage in hundredths of a percent (basis points), from a figure given to 0.01 %. */
const bp = (pct: number) => Math.round(pct * 100);

/**
 * The ticket's figures: net = gross − tare, each rule's deduction, what is payable; or why the
 * ticket cannot stand (tare not below gross, a weight finer than 0.1 kg, a percentage outside
 * 0–100, or a reject threshold passed — the first such rule is named).
 */
export function ticketFigures(
  grossKg: number,
  tareKg: number,
  measured: Measured,
  rules: DeductionRule[],
): TicketFigures {
  const gross = tenths(grossKg);
  const tare = tenths(tareKg);
  if (gross === null || tare === null) return { ok: false, code: 'notTenths' };
  if (tare >= gross) return { ok: false, code: 'tareNotBelowGross' };
  const value = (m: QualityMeasure) => (m === 'moisture' ? measured.moisturePct : measured.impurityPct);
  for (const m of QUALITY_MEASURES) {
    const v = value(m);
    if (!(v >= 0 && v <= 100)) return { ok: false, code: 'badPercent' };
  }
  for (const rule of rules) {
    if (rule.kind === 'reject' && value(rule.measure) > rule.abovePct)
      return { ok: false, code: 'rejected', rule, measuredPct: value(rule.measure) };
  }
  const net = gross - tare;
  const deductions: Deduction[] = [];
  let deducted = 0;
  for (const rule of rules) {
    if (rule.kind === 'reject') continue;
    const measuredBp = bp(value(rule.measure));
    let pctBp = 0;
    if (rule.kind === 'linear') {
      const overBp = Math.max(0, measuredBp - bp(rule.allowedPct));
      // the factor to the thousandth, so that the whole product stays an integer
      pctBp = (overBp * Math.round(rule.factor * 1000)) / 1000;
    } else {
      const step = [...rule.steps]
        .sort((a, b) => b.abovePct - a.abovePct)
        .find((s) => measuredBp > bp(s.abovePct));
      pctBp = step ? bp(step.deductPct) : 0;
    }
    if (pctBp <= 0) continue;
    // net (tenths) × pct (basis points, possibly a thousandth fraction) / 10,000, half up
    const kgTenths = Math.min(net - deducted, halfUp(Math.round(net * pctBp * 1000), 10_000_000));
    deducted += kgTenths;
    deductions.push({ rule, pct: pctBp / 100, kg: kgTenths / 10 });
  }
  return {
    ok: true,
    netKg: net / 10,
    deductions,
    deductedKg: deducted / 10,
    payableKg: (net - deducted) / 10,
  };
}
