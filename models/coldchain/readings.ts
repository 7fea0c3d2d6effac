// Storing readings once per (device, time), from a form, a logger's file or a device's batch
// (docs/decisions/0014-cold-chain.md). A time-series collection takes no unique index, so:
//
//   1. the batch is recorded (`storing`, with a lease);
//   2. each reading takes its key in reading_keys (unique `_id`: device and time) with its values;
//      the keys this batch took are its new readings, the others were stored before;
//   3. the new readings go into the time-series collection, marked with the batch;
//   4. the batch is `stored` and its shipment or store is due for judging.
//
// A crash after 2 leaves keys whose readings may be missing: the recovery job finds the batch
// still `storing` once its lease ran out, and stores the readings of its keys that the
// collection does not have (it looks them up by batch), so each is stored once.
import { Types } from 'mongoose';
import { written } from '../kernel/crash';
import { defineJob } from '../kernel/jobs';
import {
  ColdStoreModel,
  ReadingBatchModel,
  ReadingKeyModel,
  ReadingModel,
  ShipmentModel,
  type ReadingSource,
  type StoredReading,
} from './schema';

export const MAX_BATCH = 1000;
const LEASE_MS = 60_000;

export interface Incoming {
  at: Date;
  tempC: number;
  humidity: number | null;
}

export interface Subject {
  kind: 'shipment' | 'store';
  id: Types.ObjectId;
  townId: Types.ObjectId;
}

export interface StoreOptions {
  subject: Subject;
  /** whose readings: `dev:<token id>` for a device, the subject's own for a file or a form */
  device: string;
  source: ReadingSource;
  fileName?: string;
  byName?: string;
  refused?: Array<{ line: number; reason: string }>;
}

export interface Stored {
  batchId: Types.ObjectId;
  received: number;
  new: number;
  duplicate: number;
}

const dueFor = (subject: Subject) => (subject.kind === 'shipment' ? ShipmentModel : ColdStoreModel);

/** Stores readings (already checked), each (device, time) once. */
export async function storeReadings(readings: Incoming[], options: StoreOptions): Promise<Stored> {
  const batchId = new Types.ObjectId();
  const now = new Date();
  const { subject } = options;
  await ReadingBatchModel.collection.insertOne({
    _id: batchId,
    townId: subject.townId,
    subjectKind: subject.kind,
    subjectId: subject.id,
    source: options.source,
    state: 'storing',
    received: readings.length,
    stored: 0,
    duplicate: 0,
    refused: options.refused ?? [],
    fileName: options.fileName ?? '',
    byName: options.byName ?? '',
    leaseUntil: new Date(now.getTime() + LEASE_MS),
    createdAt: now,
  } as never);
  written();
  // one key per instant within the batch too: the later of two readings at one time counts
  const byKey = new Map<string, Incoming>();
  for (const r of readings) byKey.set(`${options.device}|${r.at.getTime()}`, r);
  const keys = [...byKey.entries()].map(([key, r]) => ({
    _id: key,
    m: subject.id,
    at: r.at,
    t: r.tempC,
    h: r.humidity,
    src: options.source,
    b: batchId,
  }));
  const taken = new Set<number>(keys.map((_, i) => i));
  if (keys.length) {
    try {
      await ReadingKeyModel.collection.insertMany(keys as never[], { ordered: false });
    } catch (error) {
      const e = error as { code?: number; writeErrors?: Array<{ code?: number; index: number }> };
      const errors = e.writeErrors ?? [];
      if (!errors.length || errors.some((w) => w.code !== 11000)) throw error;
      for (const w of errors) taken.delete(w.index);
    }
    written();
  }
  const fresh = keys.filter((_, i) => taken.has(i));
  if (fresh.length) {
    await ReadingModel.collection.insertMany(fresh.map(readingOf) as never[], { ordered: false });
    written();
  }
  await finishBatch(batchId, subject, fresh.length, readings.length - fresh.length);
  return { batchId, received: readings.length, new: fresh.length, duplicate: readings.length - fresh.length };
}

const readingOf = (key: {
  m: Types.ObjectId;
  at: Date;
  t: number;
  h: number | null;
  src: ReadingSource;
  b: Types.ObjectId;
}): StoredReading => ({ at: key.at, m: key.m, t: key.t, h: key.h, src: key.src, b: key.b });

async function finishBatch(batchId: Types.ObjectId, subject: Subject, stored: number, duplicate: number) {
  if (stored > 0) {
    await (dueFor(subject) as typeof ShipmentModel).updateOne(
      { _id: subject.id, judgeDue: null },
      { $set: { judgeDue: new Date() } },
    );
    written();
  }
  await ReadingBatchModel.updateOne({ _id: batchId }, { $set: { state: 'stored', stored, duplicate } });
  written();
}

/** Batches a crash left `storing`: their keys' readings the collection lacks are stored now. */
export async function recoverReadingBatches(now = new Date()) {
  const stuck = await ReadingBatchModel.find({ state: 'storing', leaseUntil: { $lte: now } })
    .limit(100)
    .lean();
  for (const batch of stuck) {
    const keys = await ReadingKeyModel.find({ b: batch._id }).lean();
    const have = new Set(
      (await ReadingModel.find({ b: batch._id }).select('at').lean()).map((r) => r.at.getTime()),
    );
    const missing = keys.filter((k) => !have.has(k.at.getTime()));
    if (missing.length) await ReadingModel.collection.insertMany(missing.map(readingOf) as never[]);
    await finishBatch(
      batch._id,
      { kind: batch.subjectKind, id: batch.subjectId, townId: batch.townId },
      keys.length,
      batch.received - keys.length,
    );
  }
  return stuck.length;
}

defineJob({ name: 'readings-recovery', everyMs: 30_000, run: recoverReadingBatches });

/** A subject's readings in time order (the judge, the page, the export). */
export async function readingsOf(
  subjectId: Types.ObjectId,
  range: { from?: Date | null; to?: Date | null } = {},
) {
  const at: Record<string, Date> = {};
  if (range.from) at.$gte = range.from;
  if (range.to) at.$lte = range.to;
  const docs = await ReadingModel.collection
    .find(
      { m: subjectId, ...(Object.keys(at).length && { at }) },
      { projection: { _id: 0, at: 1, t: 1, h: 1, src: 1 } },
    )
    .sort({ at: 1 })
    .toArray();
  return docs.map((d) => ({
    at: d.at as Date,
    tempC: d.t as number,
    humidity: (d.h as number | null) ?? null,
    source: d.src as ReadingSource,
  }));
}
