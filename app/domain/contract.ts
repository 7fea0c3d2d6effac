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
