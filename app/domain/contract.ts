// Offtake contracts' fixed choices, without zod (the contract form uses them too).
import { GRADES, type Grade } from './planting';

export const CONTRACT_STATUSES = ['draft', 'active', 'completed', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const MARKET_RULES = ['none', 'higher', 'premium'] as const;
export type MarketRuleKind = (typeof MARKET_RULES)[number];

/** How a grade is priced: at the base price, at a price of its own, or the base ± an amount. */
export const GRADE_TERM_KINDS = ['base', 'price', 'adjust'] as const;
export type GradeTermKind = (typeof GRADE_TERM_KINDS)[number];

export const gradeKindField = (grade: Grade) => `${grade}Kind` as const;
export const gradeYuanField = (grade: Grade) => `${grade}Yuan` as const;
export { GRADES };

/** A monthly delivery plan: month (YYYY-MM) and quantity (kg or head). */
export interface ScheduleLine {
  month: string;
  qty: number;
}

/**
 * A schedule as typed, one month a line: `2026-10 300000` (also `2026-10：300,000`). Returns the
 * lines, or the number of the first line that cannot be read.
 */
export function parseSchedule(
  text: string,
): { ok: true; lines: ScheduleLine[] } | { ok: false; line: number } {
  const lines: ScheduleLine[] = [];
  const rows = text.split(/\r?\n/);
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i]!.trim();
    if (!row) continue;
    const m = /^(\d{4})[-/.年](\d{1,2})月?\s*[:：]?\s*([\d,，]+(?:\.\d+)?)$/.exec(row);
    const month = m && Number(m[2]);
    const qty = m && Number(m[3]!.replace(/[,，]/g, ''));
    if (!m || !month || month < 1 || month > 12 || !Number.isFinite(qty) || !(qty! > 0))
      return { ok: false, line: i + 1 };
    lines.push({ month: `${m[1]}-${String(month).padStart(2, '0')}`, qty: qty! });
  }
  return { ok: true, lines: lines.sort((a, b) => a.month.localeCompare(b.month)) };
}
