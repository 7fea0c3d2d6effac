// The audit trail's hash chain, one per town (docs/decisions/0008-hash-chains.md). Audit events
// are written by many operations at once, so they are not chained as they are written: a
// sealer appends a seal per event — the SHA-256 of the event's content, chained to the seal
// before it — shortly after. Editing or deleting a sealed event, or a seal, is then found by
// `verifyAuditTrail`. The sealer runs every two minutes with recovery, and before each check.
import { Schema, Types } from 'mongoose';
import { AuditEventModel } from './audit';
import { defineModel } from './common';
import { canonical, GENESIS, sha256 } from './ledger';

interface AuditSeal {
  _id: Types.ObjectId; // the audit event's id: an event is sealed once
  chain: string; // the town's id ('platform' for events of no town)
  seq: number;
  eventHash: string;
  prevHash: string;
  hash: string;
  sealedAt: Date;
}

const sealSchema = new Schema<AuditSeal>(
  {
    chain: { type: String, required: true },
    seq: { type: Number, required: true },
    eventHash: { type: String, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
    sealedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
sealSchema.index({ chain: 1, seq: 1 }, { unique: true });

export const AuditSealModel = defineModel('AuditSeal', sealSchema);

const chainOf = (townId: Types.ObjectId | null | undefined) => (townId ? String(townId) : 'platform');
const linkHash = (seq: number, eventHash: string, prevHash: string) =>
  sha256(`${seq}:${eventHash}:${prevHash}`);
export const eventHash = (event: Record<string, unknown>) => sha256(canonical(event));

/**
 * How far back the sealer looks for events written late (an operation's audit event is
 * planned, with its id, before it is written; after a crash it is written at the next start):
 * a day on a process's first pass, ten minutes after that.
 */
const FIRST_LOOKBACK_MS = 24 * 3600_000;
const LOOKBACK_MS = 10 * 60_000;
const BATCH = 500;

let sealing: Promise<number> | null = null;
let firstPass = true;

/** Seals every event not sealed yet; returns how many it sealed. One run at a time per process. */
export function sealAuditTrail(): Promise<number> {
  sealing ??= sealPending().finally(() => (sealing = null));
  return sealing;
}

type PendingEvent = Record<string, unknown> & { _id: Types.ObjectId; townId: Types.ObjectId | null };

async function sealPending() {
  const lookback = firstPass ? FIRST_LOOKBACK_MS : LOOKBACK_MS;
  const last = await AuditSealModel.findOne().sort({ _id: -1 }).select('_id').lean();
  const from = last ? new Date(last._id.getTimestamp().getTime() - lookback) : new Date(0);
  let sealed = 0;
  for (;;) {
    const pending = await AuditEventModel.aggregate<PendingEvent>([
      { $match: { _id: { $gte: Types.ObjectId.createFromTime(Math.floor(from.getTime() / 1000)) } } },
      { $sort: { _id: 1 } },
      {
        $lookup: {
          from: 'auditseals',
          localField: '_id',
          foreignField: '_id',
          as: 's',
          pipeline: [{ $project: { _id: 1 } }],
        },
      },
      { $match: { s: { $size: 0 } } },
      { $project: { s: 0 } },
      { $limit: BATCH },
    ]);
    if (pending.length === 0) break;
    const done = await sealBatch(pending);
    sealed += done;
    if (done === 0) break; // another sealer is at work: the next pass carries on
    // give the event loop back between batches: sealing never holds up requests
    await new Promise((resolve) => setImmediate(resolve));
    if (pending.length < BATCH) break;
  }
  firstPass = false;
  return sealed;
}

/** Seals a batch in order: each chain's seals computed from its head, written in one insert. */
async function sealBatch(events: PendingEvent[]) {
  const heads = new Map<string, { seq: number; hash: string }>();
  const seals = [];
  for (const event of events) {
    const chain = chainOf(event.townId);
    let head = heads.get(chain);
    if (!head) {
      const top = await AuditSealModel.findOne({ chain }).sort({ seq: -1 }).select('seq hash').lean();
      head = { seq: top?.seq ?? 0, hash: top?.hash ?? GENESIS };
    }
    const seq = head.seq + 1;
    const hash = eventHash(event);
    const link = linkHash(seq, hash, head.hash);
    seals.push({
      _id: event._id,
      chain,
      seq,
      eventHash: hash,
      prevHash: head.hash,
      hash: link,
      sealedAt: new Date(),
    });
    heads.set(chain, { seq, hash: link });
  }
  try {
    await AuditSealModel.collection.insertMany(seals as never[], { ordered: true });
    return seals.length;
  } catch (error) {
    // another sealer took a place or sealed an event meanwhile: what was inserted stays (in
    // order, so every chain is still whole); the next pass seals the rest from the new heads
    const inserted = (error as { result?: { insertedCount?: number }; insertedCount?: number }).insertedCount;
    if ((error as { code?: number }).code !== 11000) throw error;
    return inserted ?? 0;
  }
}

export interface AuditCheck {
  ok: boolean;
  sealed: number;
  /** The first seal that does not hold, with its event. */
  broken: {
    seq: number;
    eventId: string;
    at: Date | null;
    problem: 'changed' | 'missing' | 'link' | 'gap';
  } | null;
}

/** Recomputes a town's audit chain from its first seal and names the first event that does not hold. */
export async function verifyAuditTrail(townId: Types.ObjectId | null): Promise<AuditCheck> {
  await sealAuditTrail();
  const chain = chainOf(townId);
  const cursor = AuditSealModel.find({ chain }).sort({ seq: 1 }).lean().cursor({ batchSize: 500 });
  let prev = GENESIS;
  let expected = 1;
  let count = 0;
  let batch: AuditSeal[] = [];
  const check = async (): Promise<AuditCheck['broken']> => {
    const events = new Map(
      (await AuditEventModel.find({ _id: { $in: batch.map((s) => s._id) } }).lean()).map((e) => [
        String(e._id),
        e,
      ]),
    );
    for (const seal of batch) {
      const event = events.get(String(seal._id));
      const problem =
        seal.seq !== expected
          ? 'gap'
          : seal.prevHash !== prev || linkHash(seal.seq, seal.eventHash, seal.prevHash) !== seal.hash
            ? 'link'
            : !event
              ? 'missing'
              : eventHash(event as unknown as Record<string, unknown>) !== seal.eventHash
                ? 'changed'
                : null;
      if (problem) return { seq: seal.seq, eventId: String(seal._id), at: event?.at ?? null, problem };
      prev = seal.hash;
      expected += 1;
    }
    batch = [];
    return null;
  };
  for await (const seal of cursor) {
    count += 1;
    batch.push(seal);
    if (batch.length >= 500) {
      const broken = await check();
      if (broken) return { ok: false, sealed: count, broken };
    }
  }
  const broken = await check();
  return { ok: !broken, sealed: count, broken };
}
