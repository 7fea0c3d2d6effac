// Reference market prices (市场参考价): one per product and day in a town, entered by officials
// or fetched from a configured price feed. A delivery copies the price of its day, so a later
// change here never rewrites what was priced with it.
import { Schema, Types } from 'mongoose';
import { defineModel, toPlain } from '../kernel/common';
import { scopeFilter, type Scope } from '../kernel/scope';
import { createRecord, updateRecord } from '../kernel/write';
import type { Actor } from '../kernel/audit';

export interface MarketPrice {
  townId: Types.ObjectId;
  productId: Types.ObjectId;
  day: string; // YYYY-MM-DD, Asia/Shanghai
  fen: number; // per kg or per head (the product's unit)
  source: 'manual' | 'feed';
  note: string;
}

const priceSchema = new Schema<MarketPrice>(
  {
    townId: { type: Schema.Types.ObjectId, ref: 'Town', required: true },
    productId: { type: Schema.Types.ObjectId, ref: 'Product', required: true },
    day: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    fen: { type: Number, required: true, min: 1 },
    source: { type: String, enum: ['manual', 'feed'], required: true },
    note: { type: String, default: '' },
  },
  { timestamps: true },
);
// one price a product and day; also serves "the price on or before a day"
priceSchema.index({ townId: 1, productId: 1, day: -1 }, { unique: true });
priceSchema.index({ townId: 1, day: -1, _id: -1 });

export const MarketPriceModel = defineModel('MarketPrice', priceSchema);

export async function listPrices(scope: Scope, { limit = 120 } = {}) {
  const docs = await MarketPriceModel.find(scopeFilter(scope, { orgField: null }))
    .sort({ day: -1, _id: -1 })
    .limit(limit)
    .lean();
  return docs.map(toPlain);
}

/** The reference price in force on a day: that day's, or the latest before it. */
export async function priceOn(townId: Types.ObjectId, productId: Types.ObjectId, day: string) {
  const doc = await MarketPriceModel.findOne({ townId, productId, day: { $lte: day } })
    .sort({ day: -1 })
    .lean();
  return doc && toPlain(doc);
}

/** Sets a product's price for a day: a new record, or the day's record changed (both audited). */
export async function setPrice(
  townId: Types.ObjectId,
  input: { productId: Types.ObjectId; day: string; fen: number; source: 'manual' | 'feed'; note: string },
  actor: Actor,
) {
  const key = { townId, productId: input.productId, day: input.day };
  const existing = await MarketPriceModel.findOne(key).lean();
  const label = () => `${input.day}`;
  if (existing) {
    if (existing.fen === input.fen && existing.source === input.source && existing.note === input.note)
      return existing;
    return updateRecord(
      MarketPriceModel,
      { _id: existing._id, townId },
      { fen: input.fen, source: input.source, note: input.note },
      actor,
      {
        label,
      },
    );
  }
  return createRecord(
    MarketPriceModel,
    { ...key, fen: input.fen, source: input.source, note: input.note },
    actor,
    {
      label,
    },
  );
}
