// Weights, units and grades of harvests, without zod: the browser's forms use them too.

export const WEIGHT_UNITS = ['kg', 'jin', 'ton'] as const;
export type WeightUnit = (typeof WEIGHT_UNITS)[number];
export const KG_PER_UNIT: Record<WeightUnit, number> = { kg: 1, jin: 0.5, ton: 1000 };

export const GRADES = ['grade1', 'grade2', 'grade3', 'mixed'] as const;
export type Grade = (typeof GRADES)[number];

/** Rounds to grams, so 斤 and 吨 conversions store clean numbers. */
export const toKg = (quantity: number, unit: WeightUnit) =>
  Math.round(quantity * KG_PER_UNIT[unit] * 1000) / 1000;

/** Stored kg in another unit (to the gram's precision in that unit). */
export const fromKg = (kg: number, unit: WeightUnit) => Math.round((kg / KG_PER_UNIT[unit]) * 1000) / 1000;

/**
 * The unit an organization's people weigh in: what it chose, else its type's usual one
 * (cooperatives and the households they buy from weigh in 斤; buyers and plants in 千克).
 */
export function weightUnitOf(org: { type: string; weightUnit?: WeightUnit | null }): WeightUnit {
  return org.weightUnit ?? (org.type === 'cooperative' ? 'jin' : 'kg');
}

export const MAX_AREA_MU = 100_000;

/** Grades and units in an import file are written in Chinese as the template shows. */
export const GRADE_WORDS: Record<string, Grade> = {
  一级: 'grade1',
  二级: 'grade2',
  三级: 'grade3',
  统货: 'mixed',
};
export const UNIT_WORDS: Record<string, WeightUnit> = { 千克: 'kg', 公斤: 'kg', 斤: 'jin', 吨: 'ton' };
