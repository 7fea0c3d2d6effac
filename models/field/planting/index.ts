// Plantings: what a cooperative has planted where. Harvests live in ./harvest.ts, the stored
// shapes in ./schema.ts; this module is what the rest of the app imports.
import type { WeightUnit } from '~/domain/planting';
import { Types } from 'mongoose';
import { toPlain } from '../../kernel/common';
import { LotModel, reserveLotCodes } from '../../lots/lot';
import { OrganizationModel } from '../../town/organization';
import { ProductModel } from '../../town/product';
import { scopeFilter, type Scope } from '../../kernel/scope';
import { VISIBLE } from '../../kernel/staging';
import { TownModel } from '../../town/town';
import { VillageModel } from '../../town/village';
import { createRecord, updateRecord } from '../../kernel/write';
import type { Actor } from '../../kernel/audit';
import { bearableKg, reflag } from './harvest';
import { HarvestModel, PlantingModel } from './schema';
import type { PlantingInput } from '~/schemas/planting';
import { shanghaiMidnight } from '~/domain/time';
import { shanghaiDateString } from '~/domain/time';

export * from './schema';
export * from './harvest';

const plantingScope = (scope: Scope) => ({ ...scopeFilter(scope), ...VISIBLE });

export interface PlantingFilters {
  villageId?: Types.ObjectId;
  productId?: Types.ObjectId;
  season?: number;
}

export const PLANTING_PAGE_SIZE = 50;

export interface CropTotals {
  productId: string;
  areaMu: number;
  households: number;
  harvestedKg: number;
  count: number;
}

/**
 * A page of plantings, newest first, with totals for everything the filters match — per crop,
 * since 亩 and kg of different crops are not added together.
 */
export async function listPlantings(
  scope: Scope,
  f: PlantingFilters = {},
  { page = 1, limit = PLANTING_PAGE_SIZE }: { page?: number; limit?: number } = {},
) {
  const filter = {
    ...plantingScope(scope),
    ...(f.villageId && { villageId: f.villageId }),
    ...(f.productId && { productId: f.productId }),
    ...(f.season && { season: f.season }),
  };
  const [rows, totals] = await Promise.all([
    PlantingModel.find(filter)
      .sort({ plantedOn: -1 })
      .skip((page - 1) * limit)
      .limit(limit + 1)
      .lean(),
    PlantingModel.aggregate<Omit<CropTotals, 'productId'> & { _id: Types.ObjectId }>([
      { $match: filter },
      {
        $group: {
          _id: '$productId',
          areaMu: { $sum: '$areaMu' },
          households: { $sum: '$households' },
          harvestedKg: { $sum: '$harvestedKg' },
          count: { $sum: 1 },
        },
      },
    ]),
  ]);
  const byCrop: CropTotals[] = totals
    .map(({ _id, ...t }) => ({ productId: String(_id), ...t }))
    .sort((a, b) => b.areaMu - a.areaMu);
  return {
    plantings: rows.slice(0, limit).map(toPlain),
    hasMore: rows.length > limit,
    byCrop,
    count: byCrop.reduce((s, c) => s + c.count, 0),
  };
}

export async function getPlanting(scope: Scope, id: Types.ObjectId) {
  const doc = await PlantingModel.findOne({ _id: id, ...plantingScope(scope) }).lean();
  return doc && toPlain(doc);
}

/** The villages a cooperative serves (where it may record plantings). */
export async function villagesServedBy(orgId: Types.ObjectId) {
  const org = await OrganizationModel.findById(orgId).select('villageIds').lean();
  return new Set((org?.villageIds ?? []).map(String));
}

/**
 * Field errors for references a form or file names: the village and crop of this town, and a
 * village the recording cooperative serves.
 */
export async function checkPlantingRefs(
  townId: Types.ObjectId,
  villageId: Types.ObjectId,
  productId: Types.ObjectId,
  cooperativeId: Types.ObjectId,
) {
  const [village, product, served] = await Promise.all([
    VillageModel.exists({ _id: villageId, townId, archivedAt: null }),
    ProductModel.exists({ _id: productId, townId, category: 'crop', archivedAt: null }),
    villagesServedBy(cooperativeId),
  ]);
  const errors: Record<string, string[]> = {};
  if (!village) errors.villageId = ['v.villageNotFound'];
  else if (!served.has(String(villageId))) errors.villageId = ['planting.villageNotServed'];
  if (!product) errors.productId = ['planting.cropNotFound'];
  return errors;
}

/**
 * The cooperative says a planting's harvest is over (or not after all): from then on a yield
 * too low for the crop is flagged, since no more harvests will raise it.
 */
export function setPlantingFinished(scope: Scope, id: Types.ObjectId, finished: boolean, actor: Actor) {
  return updateRecord(
    PlantingModel,
    { _id: id, ...plantingScope(scope), finishedAt: finished ? null : { $ne: null } },
    { finishedAt: finished ? new Date() : null },
    actor,
    { label: (d) => String(d.ref), input: { id, finished }, then: [reflag(id)] },
  );
}

/**
 * The plantings a cooperative is harvesting: this season's, and last season's not yet
 * finished (kudzu planted in spring is dug the next winter), newest first.
 */
export async function harvestablePlantings(orgId: Types.ObjectId, now = new Date()) {
  const season = Number(shanghaiDateString(now).slice(0, 4));
  const docs = await PlantingModel.find({
    orgId,
    ...VISIBLE,
    $or: [{ season }, { season: season - 1, finishedAt: null }],
  })
    .sort({ plantedOn: -1 })
    .limit(60)
    .select('villageId productId areaMu plotName plantedOn season harvestedKg finishedAt expectedHarvestOn')
    .lean();
  return docs.map(toPlain);
}

/** What the harvest form starts from: the unit and grade of the cooperative's last harvest. */
export async function harvestDefaults(orgId: Types.ObjectId, orgUnit: WeightUnit = 'kg') {
  const last = await HarvestModel.findOne({ orgId, ...VISIBLE })
    .sort({ _id: -1 })
    .select('enteredUnit grade')
    .lean();
  // the first harvest is weighed in the organization's unit (斤 for a cooperative)
  return { unit: last?.enteredUnit ?? orgUnit, grade: last?.grade ?? 'mixed' };
}

/**
 * What the planting form starts from: the village when the cooperative serves one, the crop
 * when it has only ever planted one.
 */
export async function plantingDefaults(orgId: Types.ObjectId) {
  const [served, crops] = await Promise.all([
    villagesServedBy(orgId),
    PlantingModel.distinct('productId', { orgId, ...VISIBLE }),
  ]);
  return {
    villageId: served.size === 1 ? [...served][0] : undefined,
    productId: crops.length === 1 ? String(crops[0]) : undefined,
  };
}

export function plantingFields(input: Omit<PlantingInput, 'villageId' | 'productId'>) {
  const plantedOn = shanghaiMidnight(input.plantedOn)!;
  return {
    areaMu: input.areaMu,
    households: input.households,
    plantedOn,
    expectedHarvestOn: input.expectedHarvestOn ? shanghaiMidnight(input.expectedHarvestOn) : null,
    season: input.season ?? Number(input.plantedOn.slice(0, 4)),
    plotName: input.plotName,
    notes: input.notes,
  };
}

export async function reservePlantingRefs(
  townId: Types.ObjectId,
  productId: Types.ObjectId,
  day: Date,
  count: number,
) {
  const [town, product] = await Promise.all([
    TownModel.findById(townId).select('code').lean(),
    ProductModel.findById(productId).select('code').lean(),
  ]);
  return reserveLotCodes(`ZZ-${town!.code}`, product!.code, day, count);
}

const DAY_MS = 86_400_000;

/** When a crop planted on a day is expected to be harvested (null: the crop does not say). */
export async function expectedHarvest(productId: Types.ObjectId, plantedOn: Date) {
  const product = await ProductModel.findById(productId).select('growingDays').lean();
  return product?.growingDays ? new Date(plantedOn.getTime() + product.growingDays * DAY_MS) : null;
}

export async function createPlanting(
  owner: { townId: Types.ObjectId; orgId: Types.ObjectId },
  input: PlantingInput,
  actor: Actor,
) {
  const villageId = new Types.ObjectId(input.villageId);
  const productId = new Types.ObjectId(input.productId);
  const fields = plantingFields(input);
  fields.expectedHarvestOn ??= await expectedHarvest(productId, fields.plantedOn);
  return createRecord(
    PlantingModel,
    { ...owner, villageId, productId, ...fields, harvestedKg: 0, importId: null },
    actor,
    {
      input,
      label: (d) => String(d.ref),
      // the reference is reserved only for a write that is not a repeat
      reserve: async () => ({
        ref: (await reservePlantingRefs(owner.townId, productId, fields.plantedOn, 1))[0],
      }),
    },
  );
}

/** Lots of these harvests that have moved on (delivered, taken in, shipped): records behind them are frozen. */
async function movedLots(lotIds: Types.ObjectId[]) {
  if (lotIds.length === 0) return 0;
  return LotModel.countDocuments({ _id: { $in: lotIds }, movedAt: { $ne: null } });
}

export type CorrectionResult<T> = { ok: true; value: T } | { ok: false; error: string; field?: string };

export async function updatePlanting(scope: Scope, id: Types.ObjectId, input: PlantingInput, actor: Actor) {
  const planting = await PlantingModel.findOne({ _id: id, ...plantingScope(scope) }).lean();
  if (!planting) return null;
  const harvests = await HarvestModel.find({ plantingId: id }).select('lotId harvestedOn').lean();
  if (await movedLots(harvests.map((h) => h.lotId)))
    return { ok: false, error: 'planting.lockedMoved' } as const;
  const fields = plantingFields(input);
  // its lots already name this crop and village
  if (harvests.length && String(planting.productId) !== input.productId) {
    return { ok: false, error: 'planting.originLocked', field: 'productId' } as const;
  }
  if (harvests.length && String(planting.villageId) !== input.villageId) {
    return { ok: false, error: 'planting.originLocked', field: 'villageId' } as const;
  }
  if (harvests.some((h) => h.harvestedOn < fields.plantedOn)) {
    return { ok: false, error: 'harvest.beforePlanting', field: 'plantedOn' } as const;
  }
  const product = await ProductModel.findById(new Types.ObjectId(input.productId)).lean();
  const cap = bearableKg(product?.yieldKgPerMu.max ?? null, fields.areaMu);
  if (planting.harvestedKg > cap)
    return { ok: false, error: 'planting.areaTooSmall', field: 'areaMu' } as const;
  const updated = await updateRecord(
    PlantingModel,
    { _id: id, ...plantingScope(scope) },
    {
      villageId: new Types.ObjectId(input.villageId),
      productId: new Types.ObjectId(input.productId),
      ...fields,
    },
    actor,
    { label: (d) => String(d.ref), input, then: [reflag(id)] },
  );
  return { ok: true, value: updated } as const;
}
export * from './facts';
