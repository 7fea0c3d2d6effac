// The readings of shipments and stores (issue 21): a time-series collection, the guard that keeps
// the once-only rule a time series cannot, and the batches that store them
// (docs/decisions/0014-cold-chain.md).
import { Schema, Types } from 'mongoose';
import { defineModel } from '../kernel/common';

export const READING_SOURCES = ['form', 'file', 'device'] as const;
export type ReadingSource = (typeof READING_SOURCES)[number];

/**
 * A reading, in a time-series collection (docs/decisions/0014-cold-chain.md): `m` is the bucket's
 * key (the shipment or store), `at` the time. Short field names: there are millions.
 */
export interface StoredReading {
  at: Date;
  m: Types.ObjectId; // the shipment or the store
  t: number; // °C
  h: number | null; // %RH
  src: ReadingSource;
  b: Types.ObjectId; // the batch that stored it
}

const readingSchema = new Schema<StoredReading>(
  {
    at: { type: Date, required: true },
    m: { type: Schema.Types.ObjectId, required: true },
    t: { type: Number, required: true },
    h: { type: Number, default: null },
    src: { type: String, required: true },
    b: { type: Schema.Types.ObjectId, required: true },
  },
  {
    versionKey: false,
    timeseries: { timeField: 'at', metaField: 'm', granularity: 'minutes' },
    autoCreate: true,
  },
);
// a batch's readings (recovery after a crash between the guard and the readings)
readingSchema.index({ b: 1 });
export const ReadingModel = defineModel('Reading', readingSchema);

/**
 * The once-only guard: a time-series collection refuses unique indexes, so each (device, time)
 * takes a key here first (its `_id`), with the reading's values; only a batch that took the key
 * stores the reading. The key keeps the values, so recovery can store what a crash cut off.
 */
export interface ReadingKey {
  _id: string; // `${device}|${epoch ms}`: dev:<token id>, file:<subject>, form:<subject>
  m: Types.ObjectId;
  at: Date;
  t: number;
  h: number | null;
  src: ReadingSource;
  b: Types.ObjectId;
}
const readingKeySchema = new Schema<ReadingKey>(
  {
    _id: { type: String, required: true },
    m: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
    t: Number,
    h: { type: Number, default: null },
    src: String,
    b: { type: Schema.Types.ObjectId, required: true },
  },
  { versionKey: false },
);
readingKeySchema.index({ b: 1 });
export const ReadingKeyModel = defineModel('ReadingKey', readingKeySchema);

/** A batch of readings being stored: `storing` until its readings are all in. */
export interface ReadingBatch {
  townId: Types.ObjectId;
  subjectKind: 'shipment' | 'store';
  subjectId: Types.ObjectId;
  source: ReadingSource;
  state: 'storing' | 'stored';
  received: number;
  stored: number;
  duplicate: number;
  refused: Array<{ line: number; reason: string }>;
  fileName: string;
  byName: string;
  leaseUntil: Date;
  createdAt: Date;
}
const batchSchema = new Schema<ReadingBatch>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    subjectKind: { type: String, enum: ['shipment', 'store'], required: true },
    subjectId: { type: Schema.Types.ObjectId, required: true },
    source: { type: String, enum: READING_SOURCES, required: true },
    state: { type: String, enum: ['storing', 'stored'], required: true },
    received: Number,
    stored: Number,
    duplicate: Number,
    refused: [{ _id: false, line: Number, reason: String }],
    fileName: { type: String, default: '' },
    byName: { type: String, default: '' },
    leaseUntil: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
batchSchema.index({ state: 1, leaseUntil: 1 });
batchSchema.index({ subjectId: 1, createdAt: -1 });
export const ReadingBatchModel = defineModel('ReadingBatch', batchSchema);
