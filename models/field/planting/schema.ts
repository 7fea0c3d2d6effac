// Plantings and harvests as stored. A planting keeps the running total it has yielded
// (`harvestedKg`), moved only by a guarded $inc with a hold marker (models/kernel/operation.ts), so
// that no two harvests together can exceed what it could bear and a crash never leaves the
// total out of step with its harvests.
import { Schema, Types } from 'mongoose';
import { defineModel } from '../../kernel/common';
import { holdsField, type Hold } from '../../kernel/operation';
import { GRADES, WEIGHT_UNITS, type Grade, type WeightUnit } from '~/schemas/planting';

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
  finishedAt: Date | null; // the cooperative said the harvest is over: a low yield now means something
  holds: Hold[]; // kg added by operations (harvests, imports) not yet finished
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
    finishedAt: { type: Date, default: null },
    holds: holdsField,
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
  flagCheck: { at: Date; by: string; note: string } | null; // an official looked at the flag
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
    flagCheck: {
      type: new Schema({ at: Date, by: String, note: String }, { _id: false }),
      default: null,
    },
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
// a village's harvests of a year (dashboard facts, drill-down)
harvestSchema.index({ townId: 1, villageId: 1, harvestedOn: 1 });
// a cooperative's latest harvest (the form starts from its unit and grade)
harvestSchema.index({ orgId: 1, _id: -1 });

export const HarvestModel = defineModel('Harvest', harvestSchema);
