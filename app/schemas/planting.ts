// Plantings and harvests: the zod schemas shared by the forms, the actions and the CSV/XLSX
// import rows (units and grades themselves are in ~/domain/planting).
import { z } from 'zod';
import { todayInShanghai } from '~/utils/dates';
import {
  confirmation,
  enumOf,
  notesText,
  objectId,
  optionalText,
  positiveDecimal,
  text,
  wholeNumber,
  wordChoice,
} from './common';
import { GRADE_WORDS, GRADES, MAX_AREA_MU, UNIT_WORDS, WEIGHT_UNITS } from '~/domain/planting';

export * from '~/domain/planting';

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

export const anyDate = calendarDate;

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
/** The harvest form: with 确认保存, pressed after it asked about a quantity far beyond the crop's yield. */
export const HarvestFormSchema = HarvestSchema.extend({ confirmHigh: confirmation });

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
