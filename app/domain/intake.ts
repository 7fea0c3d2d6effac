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

/** A product's rule table as its form shows it: per measure an allowance with its factor, a ladder, a reject threshold. */
export interface RuleFields {
  allowedPct?: number;
  factor?: number;
  /** "5:2, 8:5": above 5 % take 2 % off, above 8 % take 5 % */
  ladder?: string;
  rejectPct?: number;
}

const LADDER_STEP = /^\s*(\d+(?:\.\d{1,2})?)\s*[:：]\s*(\d+(?:\.\d{1,2})?)\s*$/;

/** The steps of a ladder typed as "above:deduct" pairs, or null when one does not read. */
export function parseLadder(text: string): Array<{ abovePct: number; deductPct: number }> | null {
  if (!text.trim()) return [];
  const steps = [];
  for (const part of text.split(/[,，;；]/)) {
    if (!part.trim()) continue;
    const m = LADDER_STEP.exec(part);
    if (!m) return null;
    const abovePct = Number(m[1]);
    const deductPct = Number(m[2]);
    if (abovePct > 100 || deductPct > 100) return null;
    steps.push({ abovePct, deductPct });
  }
  return steps.sort((a, b) => a.abovePct - b.abovePct);
}

/** The rule table of a measure's fields (a ladder already checked by parseLadder). */
export function rulesOf(measure: QualityMeasure, f: RuleFields): DeductionRule[] {
  const rules: DeductionRule[] = [];
  if (f.allowedPct !== undefined)
    rules.push({ kind: 'linear', measure, allowedPct: f.allowedPct, factor: f.factor ?? 1 });
  const steps = parseLadder(f.ladder ?? '') ?? [];
  if (steps.length) rules.push({ kind: 'ladder', measure, steps });
  if (f.rejectPct !== undefined) rules.push({ kind: 'reject', measure, abovePct: f.rejectPct });
  return rules;
}

/** A measure's fields from a stored rule table (the product form's values). */
export function fieldsOf(measure: QualityMeasure, rules: DeductionRule[]): RuleFields {
  const mine = rules.filter((r) => r.measure === measure);
  const linear = mine.find((r) => r.kind === 'linear');
  const ladder = mine.find((r) => r.kind === 'ladder');
  const reject = mine.find((r) => r.kind === 'reject');
  return {
    allowedPct: linear?.allowedPct,
    factor: linear?.factor,
    ladder: ladder?.steps.map((s) => `${s.abovePct}:${s.deductPct}`).join(', '),
    rejectPct: reject?.abovePct,
  };
}

/**
 * The rules a ticket is weighed by. Under a contract, its free moisture and impurity (each point
 * above takes 1 % off, as the contract prices it) replace the product's allowance and ladder for
 * that measure; the product's reject thresholds stand either way.
 */
export function ticketRules(
  productRules: DeductionRule[],
  contract: { moistureFreePct: number; impurityFreePct: number } | null,
): DeductionRule[] {
  if (!contract) return productRules;
  return [
    { kind: 'linear', measure: 'moisture', allowedPct: contract.moistureFreePct, factor: 1 },
    { kind: 'linear', measure: 'impurity', allowedPct: contract.impurityFreePct, factor: 1 },
    ...productRules.filter((r) => r.kind === 'reject'),
  ];
}

/** A run's yield: main output over input, in percent to 0.1. */
export function yieldPct(mainKg: number, inputKg: number) {
  return inputKg > 0 ? Math.round((mainKg / inputKg) * 1000) / 10 : 0;
}

/** Whether a yield lies outside the product's plausible band (a missing bound is no bound). */
export function yieldOutside(pct: number, band: { min: number | null; max: number | null }) {
  return (band.min !== null && pct < band.min) || (band.max !== null && pct > band.max);
}
