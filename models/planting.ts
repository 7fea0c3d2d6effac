// Plantings and their harvests. Each harvest creates a lot. The planting keeps the running
// total it has yielded (`harvestedKg`), moved only by a conditional $inc so that no two
// harvests together can exceed what the planting could bear.
import { Schema, Types } from 'mongoose';
import { defineModel, toPlain } from './common';
import { LotModel, createLot, reserveLotCodes } from './lot';
import { ProductModel } from './product';
import { scopeFilter, type Scope } from './scope';
import { VISIBLE } from './staging';
import { TownModel } from './town';
import { VillageModel } from './village';
import { createRecord, updateRecord } from './write';
import type { Actor } from './audit';
import {
  GRADES,
  WEIGHT_UNITS,
  toKg,
  type Grade,
  type HarvestInput,
  type PlantingInput,
  type WeightUnit,
} from '~/schemas/planting';
import { shanghaiMidnight } from '~/utils/dates';

/** A harvest may not take a planting's total past this multiple of the crop's top yield. */
export const MAX_BEARABLE_FACTOR = 3;
/** Yields beyond these multiples of the expected range are flagged for officials. */
export const FLAG_HIGH_FACTOR = 1.25;
export const FLAG_LOW_FACTOR = 0.5;

export interface Planting {
  townId: Types.ObjectId;
  orgId: Types.ObjectId; // the cooperative
  ref: string; // ZZ-LFT-GG-20260315-001, how import files name a planting
  villageId: Types.ObjectId;
  productId: Types.ObjectId;
  areaMu: number;
  households: number;
  plantedOn: Date;
  expectedHarvestOn: Date | null;
  season: number;
  plotName: string;
  notes: string;
  harvestedKg: number; // sum of its harvests
  importHolds: { importId: Types.ObjectId; kg: number }[]; // kg reserved by imports still being written
  importId: Types.ObjectId | null;
}

const plantingSchema = new Schema<Planting>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    ref: { type: String, required: true },
    villageId: { type: Schema.Types.ObjectId, ref: 'Village', required: true },
    productId: { type: Schema.Types.ObjectId, ref: 'Product', required: true },
    areaMu: { type: Number, required: true, min: 0 },
    households: { type: Number, required: true, min: 1 },
    plantedOn: { type: Date, required: true },
    expectedHarvestOn: { type: Date, default: null },
    season: { type: Number, required: true },
    plotName: { type: String, default: '' },
    notes: { type: String, default: '' },
    harvestedKg: { type: Number, default: 0, min: 0 },
    importHolds: { type: [{ _id: false, importId: Schema.Types.ObjectId, kg: Number }], default: [] },
    importId: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true },
);
plantingSchema.index({ ref: 1 }, { unique: true });
// Lists are newest first and every index below ends in plantedOn, so the order always comes
// from an index (never an in-memory sort over a county's history).
// officials' planting list of a town
plantingSchema.index({ townId: 1, plantedOn: -1 });
// … filtered by crop (also acreage per crop on dashboards)
plantingSchema.index({ townId: 1, productId: 1, plantedOn: -1 });
// … filtered by village
plantingSchema.index({ townId: 1, villageId: 1, plantedOn: -1 });
// … filtered by season
plantingSchema.index({ townId: 1, season: -1, plantedOn: -1 });
// a cooperative's own plantings
plantingSchema.index({ orgId: 1, plantedOn: -1 });
plantingSchema.index({ importId: 1 }, { sparse: true });

export const PlantingModel = defineModel('Planting', plantingSchema);

export const FLAG_REASONS = ['yieldHigh', 'yieldLow'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

export interface Harvest {
  townId: Types.ObjectId;
  orgId: Types.ObjectId;
  plantingId: Types.ObjectId;
  productId: Types.ObjectId;
  villageId: Types.ObjectId;
  harvestedOn: Date;
  quantityKg: number;
  enteredQuantity: number; // what the user typed, in enteredUnit
  enteredUnit: WeightUnit;
  grade: Grade;
  notes: string;
  lotId: Types.ObjectId;
  lotCode: string;
  flag: FlagReason | null; // saved but implausible: officials review these
  yieldKgPerMu: number; // the planting's cumulative yield when this harvest was counted
  importId: Types.ObjectId | null;
}

const harvestSchema = new Schema<Harvest>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    plantingId: { type: Schema.Types.ObjectId, ref: 'Planting', required: true },
    productId: { type: Schema.Types.ObjectId, required: true },
    villageId: { type: Schema.Types.ObjectId, required: true },
    harvestedOn: { type: Date, required: true },
    quantityKg: { type: Number, required: true, min: 0 },
    enteredQuantity: { type: Number, required: true },
    enteredUnit: { type: String, enum: WEIGHT_UNITS, required: true },
    grade: { type: String, enum: GRADES, required: true },
    notes: { type: String, default: '' },
    lotId: { type: Schema.Types.ObjectId, required: true },
    lotCode: { type: String, required: true },
    flag: { type: String, enum: [...FLAG_REASONS, null], default: null },
    yieldKgPerMu: { type: Number, default: 0 },
    importId: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true },
);
// harvests of one planting in date order
harvestSchema.index({ plantingId: 1, harvestedOn: 1 });
// officials' list of flagged harvests in a town, newest first
harvestSchema.index({ townId: 1, flag: 1, harvestedOn: -1 });
harvestSchema.index({ importId: 1 }, { sparse: true });

export const HarvestModel = defineModel('Harvest', harvestSchema);

// ---------------------------------------------------------------------------------------

const plantingScope = (scope: Scope) => ({ ...scopeFilter(scope), ...VISIBLE });

export interface PlantingFilters {
  villageId?: Types.ObjectId;
  productId?: Types.ObjectId;
  season?: number;
}

export async function listPlantings(scope: Scope, f: PlantingFilters = {}, limit = 500) {
  const filter = {
    ...plantingScope(scope),
    ...(f.villageId && { villageId: f.villageId }),
    ...(f.productId && { productId: f.productId }),
    ...(f.season && { season: f.season }),
  };
  const [rows, totals] = await Promise.all([
    PlantingModel.find(filter).sort({ plantedOn: -1 }).limit(limit).lean(),
    PlantingModel.aggregate<{ areaMu: number; households: number; harvestedKg: number; count: number }>([
      { $match: filter },
      {
        $group: {
          _id: null,
          areaMu: { $sum: '$areaMu' },
          households: { $sum: '$households' },
          harvestedKg: { $sum: '$harvestedKg' },
          count: { $sum: 1 },
        },
      },
    ]),
  ]);
  return {
    plantings: rows.map(toPlain),
    totals: totals[0] ?? { areaMu: 0, households: 0, harvestedKg: 0, count: 0 },
  };
}

export async function getPlanting(scope: Scope, id: Types.ObjectId) {
  const doc = await PlantingModel.findOne({ _id: id, ...plantingScope(scope) }).lean();
  return doc && toPlain(doc);
}

/** Field errors for references a form or file names: the village and crop of this town. */
export async function checkPlantingRefs(
  townId: Types.ObjectId,
  villageId: Types.ObjectId,
  productId: Types.ObjectId,
) {
  const [village, product] = await Promise.all([
    VillageModel.exists({ _id: villageId, townId, archivedAt: null }),
    ProductModel.exists({ _id: productId, townId, category: 'crop', archivedAt: null }),
  ]);
  const errors: Record<string, string[]> = {};
  if (!village) errors.villageId = ['v.villageNotFound'];
  if (!product) errors.productId = ['planting.cropNotFound'];
  return errors;
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

export async function createPlanting(
  owner: { townId: Types.ObjectId; orgId: Types.ObjectId },
  input: PlantingInput,
  actor: Actor,
) {
  const villageId = new Types.ObjectId(input.villageId);
  const productId = new Types.ObjectId(input.productId);
  const fields = plantingFields(input);
  const [ref] = await reservePlantingRefs(owner.townId, productId, fields.plantedOn, 1);
  return createRecord(
    PlantingModel,
    { ...owner, ref, villageId, productId, ...fields, harvestedKg: 0, importId: null },
    actor,
    { label: (d) => String(d.ref) },
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
    { label: (d) => String(d.ref) },
  );
  await reflagHarvests(id);
  return { ok: true, value: updated } as const;
}

export function bearableKg(maxYieldKgPerMu: number | null, areaMu: number) {
  return maxYieldKgPerMu === null ? Number.POSITIVE_INFINITY : MAX_BEARABLE_FACTOR * maxYieldKgPerMu * areaMu;
}

export function yieldFlag(
  range: { min: number | null; max: number | null },
  yieldKgPerMu: number,
): FlagReason | null {
  if (range.max !== null && yieldKgPerMu > range.max * FLAG_HIGH_FACTOR) return 'yieldHigh';
  if (range.min !== null && yieldKgPerMu < range.min * FLAG_LOW_FACTOR) return 'yieldLow';
  return null;
}

/** Recomputes every harvest's cumulative yield and flag for a planting (after an area or quantity change). */
export async function reflagHarvests(plantingId: Types.ObjectId) {
  const planting = await PlantingModel.findById(plantingId).lean();
  if (!planting) return;
  const product = await ProductModel.findById(planting.productId).lean();
  const range = product?.yieldKgPerMu ?? { min: null, max: null };
  const harvests = await HarvestModel.find({ plantingId }).sort({ harvestedOn: 1, _id: 1 }).lean();
  let cumulative = 0;
  const ops = harvests.map((h) => {
    cumulative += h.quantityKg;
    const y = cumulative / planting.areaMu;
    return {
      updateOne: { filter: { _id: h._id }, update: { $set: { yieldKgPerMu: y, flag: yieldFlag(range, y) } } },
    };
  });
  if (ops.length) await HarvestModel.bulkWrite(ops);
}

/** Field errors for a harvest of this planting (dates; what the planting can bear). */
export function checkHarvest(
  planting: { plantedOn: Date | string; areaMu: number; harvestedKg: number },
  maxYieldKgPerMu: number | null,
  harvestedOn: Date,
  kg: number,
  alreadyCountedKg = 0,
): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (harvestedOn < new Date(planting.plantedOn)) errors.harvestedOn = ['harvest.beforePlanting'];
  const cap = bearableKg(maxYieldKgPerMu, planting.areaMu);
  if (planting.harvestedKg - alreadyCountedKg + kg > cap) {
    errors.quantity = [
      `harvest.tooLarge|${JSON.stringify({ max: Math.floor(cap - planting.harvestedKg + alreadyCountedKg) })}`,
    ];
  }
  return errors;
}

export type HarvestResult =
  { ok: true; harvest: Types.ObjectId; lotCode: string } | { ok: false; errors: Record<string, string[]> };

/** Records a harvest and its lot. The planting's total is reserved first with a guarded $inc. */
export async function recordHarvest(
  scope: Scope,
  plantingId: Types.ObjectId,
  input: HarvestInput,
  actor: Actor,
): Promise<HarvestResult | null> {
  const planting = await PlantingModel.findOne({ _id: plantingId, ...plantingScope(scope) }).lean();
  if (!planting) return null;
  const [product, town] = await Promise.all([
    ProductModel.findById(planting.productId).lean(),
    TownModel.findById(planting.townId).select('code').lean(),
  ]);
  const kg = toKg(input.quantity, input.unit);
  const harvestedOn = shanghaiMidnight(input.harvestedOn)!;
  const errors = checkHarvest(planting, product!.yieldKgPerMu.max, harvestedOn, kg);
  if (Object.keys(errors).length) return { ok: false, errors };

  const cap = bearableKg(product!.yieldKgPerMu.max, planting.areaMu);
  const reserved = await PlantingModel.updateOne(
    { _id: plantingId, harvestedKg: { $lte: cap - kg } },
    { $inc: { harvestedKg: kg } },
  );
  if (reserved.modifiedCount !== 1)
    return { ok: false, errors: checkHarvest({ ...planting, harvestedKg: cap }, null, harvestedOn, kg) };

  try {
    const harvestId = new Types.ObjectId();
    const lot = await createLot(
      {
        townCode: town!.code,
        townId: planting.townId,
        orgId: planting.orgId,
        productId: product!._id,
        productCode: product!.code,
        productName: product!.name,
        unit: 'kg',
        quantity: kg,
        grade: input.grade,
        producedAt: harvestedOn,
        origin: {
          kind: 'harvest',
          plantingId,
          harvestId,
          herdEventId: null,
          villageId: planting.villageId,
          cooperativeId: planting.orgId,
          baseId: null,
        },
      },
      actor,
    );
    const y = (planting.harvestedKg + kg) / planting.areaMu;
    await createRecord(
      HarvestModel,
      {
        _id: harvestId,
        townId: planting.townId,
        orgId: planting.orgId,
        plantingId,
        productId: product!._id,
        villageId: planting.villageId,
        harvestedOn,
        quantityKg: kg,
        enteredQuantity: input.quantity,
        enteredUnit: input.unit,
        grade: input.grade,
        notes: input.notes,
        lotId: lot._id,
        lotCode: lot.code,
        flag: yieldFlag(product!.yieldKgPerMu, y),
        yieldKgPerMu: y,
        importId: null,
      } as Partial<Harvest>,
      actor,
      { label: (d) => String(d.lotCode) },
    );
    return { ok: true, harvest: harvestId, lotCode: lot.code };
  } catch (error) {
    await PlantingModel.updateOne({ _id: plantingId }, { $inc: { harvestedKg: -kg } });
    throw error;
  }
}

const harvestScope = (scope: Scope) => ({ ...scopeFilter(scope), ...VISIBLE });

export async function listHarvestsOfPlanting(plantingId: Types.ObjectId) {
  const docs = await HarvestModel.find({ plantingId, ...VISIBLE })
    .sort({ harvestedOn: 1, _id: 1 })
    .lean();
  return docs.map(toPlain);
}

export async function getHarvest(scope: Scope, id: Types.ObjectId) {
  const doc = await HarvestModel.findOne({ _id: id, ...harvestScope(scope) }).lean();
  return doc && toPlain(doc);
}

export async function listFlaggedHarvests(scope: Scope, limit = 200) {
  const docs = await HarvestModel.find({ ...harvestScope(scope), flag: { $in: FLAG_REASONS } })
    .sort({ harvestedOn: -1 })
    .limit(limit)
    .lean();
  return docs.map(toPlain);
}

/**
 * Corrects a harvest while its lot has not moved on. The lot follows (quantity, grade, date);
 * its code stays, since labels may already be printed.
 */
export async function correctHarvest(
  scope: Scope,
  id: Types.ObjectId,
  input: HarvestInput,
  actor: Actor,
): Promise<HarvestResult | null> {
  const harvest = await HarvestModel.findOne({ _id: id, ...harvestScope(scope) }).lean();
  if (!harvest) return null;
  if (await movedLots([harvest.lotId])) return { ok: false, errors: { '': ['harvest.lockedMoved'] } };
  const planting = await PlantingModel.findById(harvest.plantingId).lean();
  const product = await ProductModel.findById(harvest.productId).lean();
  const kg = toKg(input.quantity, input.unit);
  const harvestedOn = shanghaiMidnight(input.harvestedOn)!;
  const errors = checkHarvest(planting!, product!.yieldKgPerMu.max, harvestedOn, kg, harvest.quantityKg);
  if (Object.keys(errors).length) return { ok: false, errors };
  const delta = kg - harvest.quantityKg;
  const cap = bearableKg(product!.yieldKgPerMu.max, planting!.areaMu);
  const reserved = await PlantingModel.updateOne(
    { _id: planting!._id, harvestedKg: { $lte: cap - delta } },
    { $inc: { harvestedKg: delta } },
  );
  if (reserved.modifiedCount !== 1) return { ok: false, errors: { quantity: ['harvest.tooLargeNow'] } };
  // the lot must still be in stock at the moment it changes
  const lot = await updateRecord(
    LotModel,
    { _id: harvest.lotId, movedAt: null },
    { quantity: kg, grade: input.grade, producedAt: harvestedOn },
    actor,
    { label: (d) => String(d.code) },
  );
  if (!lot) {
    await PlantingModel.updateOne({ _id: planting!._id }, { $inc: { harvestedKg: -delta } });
    return { ok: false, errors: { '': ['harvest.lockedMoved'] } };
  }
  await updateRecord(
    HarvestModel,
    { _id: id },
    {
      harvestedOn,
      quantityKg: kg,
      enteredQuantity: input.quantity,
      enteredUnit: input.unit,
      grade: input.grade,
      notes: input.notes,
    },
    actor,
    { label: (d) => String(d.lotCode) },
  );
  await reflagHarvests(planting!._id);
  return { ok: true, harvest: id, lotCode: harvest.lotCode };
}
