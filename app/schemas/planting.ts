// Plantings and harvests: the zod schemas shared by the forms, the actions and the CSV/XLSX
// import rows (client-safe).
import { z } from 'zod';
import { todayInShanghai } from '~/utils/dates';
import {
  enumOf,
  notesText,
  objectId,
  optionalText,
  positiveDecimal,
  text,
  wholeNumber,
  wordChoice,
} from './common';

export const WEIGHT_UNITS = ['kg', 'jin', 'ton'] as const;
export type WeightUnit = (typeof WEIGHT_UNITS)[number];
export const KG_PER_UNIT: Record<WeightUnit, number> = { kg: 1, jin: 0.5, ton: 1000 };

export const GRADES = ['grade1', 'grade2', 'grade3', 'mixed'] as const;
export type Grade = (typeof GRADES)[number];

/** Rounds to grams, so 斤 and 吨 conversions store clean numbers. */
export const toKg = (quantity: number, unit: WeightUnit) =>
  Math.round(quantity * KG_PER_UNIT[unit] * 1000) / 1000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function isRealDate(s: string) {
  const [y, m, d] = s.split('-').map(Number);
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The earliest date a record here may carry: the app keeps this century's records. */
export const EARLIEST_DATE = '2000-01-01';
const LATEST_DATE = '2100-12-31';

const calendarDate = z
  .string({ error: (i) => (i.input === undefined ? 'v.required' : 'v.date') })
  .trim()
  .transform((s) => {
    const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
    return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : s;
  })
  .refine((s) => DATE.test(s) && isRealDate(s), 'v.date')
  .refine((s) => !DATE.test(s) || (s >= EARLIEST_DATE && s <= LATEST_DATE), 'v.dateOutOfRange');

/** A calendar date (YYYY-MM-DD, also accepted as YYYY/M/D), not in the future (Asia/Shanghai). */
export const pastDate = calendarDate.refine((s) => s <= todayInShanghai(), 'v.futureDate');

const anyDate = calendarDate;

export const MAX_AREA_MU = 100_000;

const plantingFields = {
  areaMu: positiveDecimal(MAX_AREA_MU),
  households: wholeNumber({ min: 1, max: 100_000 }),
  plantedOn: pastDate,
  expectedHarvestOn: anyDate.optional(),
  season: wholeNumber({ min: 2000, max: 2100 }).optional(),
  plotName: optionalText(50),
  notes: notesText(500),
};

const harvestAfterPlanting = <T extends { plantedOn: string; expectedHarvestOn?: string }>(
  p: T,
  ctx: z.RefinementCtx,
) => {
  if (p.expectedHarvestOn && p.expectedHarvestOn < p.plantedOn) {
    ctx.addIssue({ code: 'custom', path: ['expectedHarvestOn'], message: 'planting.expectedBeforePlanted' });
  }
};

export const PlantingSchema = z
  .object({ villageId: objectId, productId: objectId, ...plantingFields })
  .superRefine(harvestAfterPlanting);
export type PlantingInput = z.infer<typeof PlantingSchema>;

/** An import row names the village and crop instead of choosing their ids. */
export const PlantingRowSchema = z
  .object({ village: text(50), crop: text(50), ...plantingFields })
  .superRefine(harvestAfterPlanting);
export type PlantingRow = z.infer<typeof PlantingRowSchema>;

const harvestFields = {
  harvestedOn: pastDate,
  quantity: positiveDecimal(100_000_000),
  unit: enumOf(WEIGHT_UNITS).default('kg'),
  grade: enumOf(GRADES).default('mixed'),
  notes: notesText(500),
};

export const HarvestSchema = z.object(harvestFields);
export type HarvestInput = z.infer<typeof HarvestSchema>;

/** Grades and units in an import file are written in Chinese as the template shows. */
export const GRADE_WORDS: Record<string, Grade> = {
  一级: 'grade1',
  二级: 'grade2',
  三级: 'grade3',
  统货: 'mixed',
};
export const UNIT_WORDS: Record<string, WeightUnit> = { 千克: 'kg', 公斤: 'kg', 斤: 'jin', 吨: 'ton' };

/**
 * A harvest row names its planting by reference code, or by village, crop and planting date
 * (and plot, where the cooperative has two plantings of a crop in a village on one day).
 */
export const HarvestRowSchema = z
  .object({
    plantingRef: optionalText(60),
    village: optionalText(50),
    crop: optionalText(50),
    plotName: optionalText(50),
    plantedOn: calendarDate.optional(),
    ...harvestFields,
    unit: wordChoice(WEIGHT_UNITS, UNIT_WORDS).optional().default('kg'),
    grade: wordChoice(GRADES, GRADE_WORDS).optional().default('mixed'),
  })
  .superRefine((row, ctx) => {
    if (row.plantingRef) return;
    for (const field of ['village', 'crop', 'plantedOn'] as const) {
      if (!row[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'import.plantingNamed' });
    }
  });
export type HarvestRow = z.infer<typeof HarvestRowSchema>;
