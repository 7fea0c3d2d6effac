import { Schema, Types } from 'mongoose';
import { archivable, defineModel, toPlain } from '../kernel/common';
import { scopeFilter, type Scope } from '../kernel/scope';
import { archiveRecord, createRecord, restoreRecord, updateRecord } from '../kernel/write';
import type { Actor } from '../kernel/audit';
import { QUALITY_MEASURES, rulesOf, type DeductionRule } from '~/domain/intake';
import { recordCommands } from '../kernel/record-commands';
import { PRODUCT_CATEGORIES, PRODUCT_UNITS, ProductSchema, type ProductInput } from '~/schemas/master-data';

export interface ColdChainProfile {
  minC: number | null;
  maxC: number | null;
  toleranceMinutes: number; // out of range for longer than this is an excursion
  budgetMinutes: number | null; // the total time out of range allowed over a trip
  intervalMinutes: number; // how often a logger reads (a reading holds at most twice this)
  humidityMin: number | null;
  humidityMax: number | null;
}

export interface Product {
  townId: Types.ObjectId;
  code: string; // used in lot codes: LFT-GG-20261015-007
  name: string;
  nameEn: string;
  category: (typeof PRODUCT_CATEGORIES)[number];
  unit: (typeof PRODUCT_UNITS)[number];
  coldChain: ColdChainProfile;
  yieldKgPerMu: { min: number | null; max: number | null }; // plausibility range for harvests
  growingDays: number | null; // planting to harvest, to propose an expected harvest date
  /** a plant's weigh ticket of this product: its quality deductions and reject thresholds */
  intakeRules: DeductionRule[];
  /** a processing run whose main product this is: the plausible yield from its raw material, in % */
  runYieldPct: { min: number | null; max: number | null };
  archivedAt: Date | null;
}

const productSchema = new Schema<Product>(
  {
    townId: { type: Schema.Types.ObjectId, ref: 'Town', required: true },
    code: { type: String, required: true, uppercase: true, trim: true },
    name: { type: String, required: true, trim: true },
    nameEn: { type: String, default: '' },
    category: { type: String, enum: PRODUCT_CATEGORIES, required: true },
    unit: { type: String, enum: PRODUCT_UNITS, required: true },
    coldChain: {
      minC: { type: Number, default: null },
      maxC: { type: Number, default: null },
      toleranceMinutes: { type: Number, default: 30, min: 0 },
      budgetMinutes: { type: Number, default: null, min: 0 },
      intervalMinutes: { type: Number, default: 10, min: 1 },
      humidityMin: { type: Number, default: null },
      humidityMax: { type: Number, default: null },
    },
    yieldKgPerMu: {
      min: { type: Number, default: null },
      max: { type: Number, default: null },
    },
    growingDays: { type: Number, default: null, min: 1 },
    intakeRules: {
      type: [
        {
          _id: false,
          kind: { type: String, enum: ['linear', 'ladder', 'reject'], required: true },
          measure: { type: String, enum: QUALITY_MEASURES, required: true },
          allowedPct: Number,
          factor: Number,
          abovePct: Number,
          steps: { type: [{ _id: false, abovePct: Number, deductPct: Number }], default: undefined },
        },
      ],
      default: [],
    },
    runYieldPct: {
      min: { type: Number, default: null },
      max: { type: Number, default: null },
    },
    ...archivable,
  },
  { timestamps: true },
);
// natural keys; code also resolves the product of a lot code
productSchema.index({ townId: 1, code: 1 }, { unique: true });
productSchema.index({ townId: 1, name: 1 }, { unique: true });

export const ProductModel = defineModel('Product', productSchema);

const inScope = (scope: Scope) => scopeFilter(scope, { orgField: null });

export function productFromInput(input: ProductInput): Omit<Product, 'townId' | 'archivedAt'> {
  return {
    code: input.code,
    name: input.name,
    nameEn: input.nameEn,
    category: input.category,
    unit: input.unit,
    coldChain: {
      minC: input.minC ?? null,
      maxC: input.maxC ?? null,
      toleranceMinutes: input.toleranceMinutes,
      budgetMinutes: input.budgetMinutes ?? null,
      intervalMinutes: input.intervalMinutes,
      humidityMin: input.humidityMin ?? null,
      humidityMax: input.humidityMax ?? null,
    },
    yieldKgPerMu: { min: input.yieldMinKgPerMu ?? null, max: input.yieldMaxKgPerMu ?? null },
    growingDays: input.growingDays ?? null,
    intakeRules: [
      ...rulesOf('moisture', {
        allowedPct: input.moistureAllowedPct,
        factor: input.moistureFactor,
        ladder: input.moistureLadder,
        rejectPct: input.moistureRejectPct,
      }),
      ...rulesOf('impurity', {
        allowedPct: input.impurityAllowedPct,
        factor: input.impurityFactor,
        ladder: input.impurityLadder,
        rejectPct: input.impurityRejectPct,
      }),
    ],
    runYieldPct: { min: input.runYieldMinPct ?? null, max: input.runYieldMaxPct ?? null },
  };
}

export async function listProducts(
  scope: Scope,
  { includeArchived = false, category }: { includeArchived?: boolean; category?: Product['category'] } = {},
) {
  const docs = await ProductModel.find({
    ...inScope(scope),
    ...(category && { category }),
    ...(!includeArchived && { archivedAt: null }),
  })
    .sort({ code: 1 })
    .lean();
  return docs.map(toPlain);
}

export async function getProduct(scope: Scope, id: Types.ObjectId) {
  const doc = await ProductModel.findOne({ _id: id, ...inScope(scope) }).lean();
  return doc && toPlain(doc);
}

export const createProduct = (townId: Types.ObjectId, input: ProductInput, actor: Actor) =>
  createRecord(ProductModel, { ...productFromInput(input), townId }, actor);
export const updateProduct = (scope: Scope, id: Types.ObjectId, input: ProductInput, actor: Actor) =>
  updateRecord(ProductModel, { _id: id, ...inScope(scope) }, productFromInput(input), actor);
export const archiveProduct = (scope: Scope, id: Types.ObjectId, actor: Actor) =>
  archiveRecord(ProductModel, { _id: id, ...inScope(scope) }, actor);
export const restoreProduct = (scope: Scope, id: Types.ObjectId, actor: Actor) =>
  restoreRecord(ProductModel, { _id: id, ...inScope(scope) }, actor);

/** Every product of a town, archived ones too, with what a list of figures shows of each. */
export async function townProducts(townId: Types.ObjectId | null) {
  const docs = await ProductModel.find({ townId }).select('name nameEn unit archivedAt').lean();
  return docs.map((p) => ({
    id: String(p._id),
    name: p.name,
    nameEn: p.nameEn,
    unit: p.unit,
    archived: !!p.archivedAt,
  }));
}

/** True when the id is a product of the town still in use (of that unit, when one is named). */
export async function isTownProduct(townId: Types.ObjectId | null, id: string, unit?: Product['unit']) {
  return !!(await ProductModel.exists({ _id: id, townId, archivedAt: null, ...(unit && { unit }) }));
}

/** A product's names, for a record that names it. */
export async function productNames(id: Types.ObjectId | string) {
  const p = await ProductModel.findById(id).select('name nameEn').lean();
  return p && { name: p.name, nameEn: p.nameEn };
}

/** A product's form: a code or a name used twice in a town is refused. */
export const productCommands = recordCommands({
  entity: 'product',
  input: ProductSchema,
  create: (scope, input, actor) => createProduct(scope.townId!, input, actor),
  update: updateProduct,
  archive: archiveProduct,
  restore: restoreProduct,
  duplicates: { code: 'v.duplicateCode', name: 'v.duplicate' },
});
