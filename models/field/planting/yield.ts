// What a planting can bear, and the flag a harvest gets when its total goes beyond it.
import { Types } from 'mongoose';

import { written } from '../../kernel/operation';

import { ProductModel } from '../../town/product';

import { VISIBLE } from '../../kernel/staging';

import { defineDerivation } from '../../kernel/write';

import {
  FLAG_HIGH_FACTOR,
  FLAG_LOW_FACTOR,
  HarvestModel,
  MAX_BEARABLE_FACTOR,
  PlantingModel,
  type FlagReason,
} from './schema';

export function bearableKg(maxYieldKgPerMu: number | null, areaMu: number) {
  return maxYieldKgPerMu === null ? Number.POSITIVE_INFINITY : MAX_BEARABLE_FACTOR * maxYieldKgPerMu * areaMu;
}

/**
 * Whether a planting's cumulative yield after a harvest is implausible. Too high means
 * something at once (a typo, a wrong unit, a plot bigger than recorded). Too low means
 * something only once the harvest is over — a first pick of 250 kg is not a bad yield — so it
 * is judged only on the last harvest of a planting marked finished.
 */
export function yieldFlag(
  range: { min: number | null; max: number | null },
  yieldKgPerMu: number,
  { lastOfFinished = false } = {},
): FlagReason | null {
  if (range.max !== null && yieldKgPerMu > range.max * FLAG_HIGH_FACTOR) return 'yieldHigh';
  if (lastOfFinished && range.min !== null && yieldKgPerMu < range.min * FLAG_LOW_FACTOR) return 'yieldLow';
  return null;
}

/** Every harvest's cumulative yield and flag for a planting, as they should be stored. */
export async function expectedFlags(plantingId: Types.ObjectId) {
  const [planting, harvests] = await Promise.all([
    PlantingModel.findById(plantingId).select('areaMu productId finishedAt').lean(),
    HarvestModel.find({ plantingId, ...VISIBLE })
      .sort({ harvestedOn: 1, _id: 1 })
      .select('quantityKg flag yieldKgPerMu')
      .lean(),
  ]);
  if (!planting) return [];
  const product = await ProductModel.findById(planting.productId).select('yieldKgPerMu').lean();
  const range = product?.yieldKgPerMu ?? { min: null, max: null };
  let cumulative = 0;
  return harvests.map((h, i) => {
    cumulative += h.quantityKg;
    const y = cumulative / planting.areaMu;
    const lastOfFinished = planting.finishedAt != null && i === harvests.length - 1;
    return {
      id: h._id,
      stored: { flag: h.flag, yieldKgPerMu: h.yieldKgPerMu },
      flag: yieldFlag(range, y, { lastOfFinished }),
      y,
    };
  });
}

/** Recomputes every harvest's cumulative yield and flag for a planting (after an area or quantity change). */
export async function reflagHarvests(plantingId: Types.ObjectId) {
  const ops = (await expectedFlags(plantingId))
    .filter((h) => h.stored.flag !== h.flag || h.stored.yieldKgPerMu !== h.y)
    .map((h) => ({
      updateOne: {
        filter: { _id: h.id },
        // a flag that changes is a new question for the officials: their earlier check goes
        update: {
          $set: {
            yieldKgPerMu: h.y,
            flag: h.flag,
            ...(h.stored.flag !== h.flag && { flagCheck: null }),
          },
        },
      },
    }));
  if (ops.length) await HarvestModel.bulkWrite(ops);
  written();
}

/** Derived, so recomputing is always safe: operations run it once they are committed. */
export const reflag = defineDerivation('planting:reflag', (plantingId: Types.ObjectId) =>
  reflagHarvests(plantingId),
);
