// Building blocks for operation kinds: guarded amounts held per operation, inserts that a
// roll-forward may repeat, and the audit events an operation plans and writes.
import type mongoose from 'mongoose';
import { Schema, Types } from 'mongoose';
import { AuditEventModel, type Actor } from './audit';
import { written } from './crash';

// ---------------------------------------------------------------- building blocks for kinds

/** A hold on a counted document: the amount an unfinished operation has added. */
export interface Hold {
  op: Types.ObjectId;
  amount: number;
}
export const holdsField = {
  type: [{ _id: false, op: Schema.Types.ObjectId, amount: Number }],
  default: [],
};

/**
 * Adds `amount` to a counted field when `guard` still holds, marking the document with the
 * operation (in one atomic update), so a release takes back exactly what was added, once.
 */
export async function holdAmount<T>(
  model: mongoose.Model<T>,
  filter: Record<string, unknown>,
  field: string,
  amount: number,
  op: Types.ObjectId,
  options: { upsert?: Record<string, unknown> } = {},
): Promise<boolean> {
  const update = (upsert: boolean) =>
    model.updateOne(
      { ...filter, 'holds.op': { $ne: op } } as never,
      {
        $inc: { [field]: amount },
        $push: { holds: { op, amount } },
        ...(upsert && { $setOnInsert: options.upsert }),
      } as never,
      { upsert },
    );
  let held: boolean;
  try {
    const res = await update(Boolean(options.upsert));
    held = res.modifiedCount + res.upsertedCount === 1;
  } catch (error) {
    if ((error as { code?: number }).code !== 11000 || !options.upsert) throw error;
    // someone else created the document at the same moment: it exists now
    const res = await update(false);
    held = res.modifiedCount === 1;
  }
  written();
  return held;
}

/** Takes back what `holdAmount` added, if it did (conditional on the marker). */
export async function releaseAmount<T>(
  model: mongoose.Model<T>,
  id: unknown,
  field: string,
  op: Types.ObjectId,
) {
  const doc = (await model
    .findOne({ _id: id, 'holds.op': op } as never)
    .select('holds')
    .lean()) as { holds?: Hold[] } | null;
  const hold = doc?.holds?.find((h) => h.op.equals(op));
  if (!hold) return;
  await model.updateOne(
    { _id: id, 'holds.op': op } as never,
    { $inc: { [field]: -hold.amount }, $pull: { holds: { op } } } as never,
  );
  written();
}

/** Keeps what was added: the marker goes, the amount stays. */
export async function clearHold<T>(
  model: mongoose.Model<T>,
  filter: Record<string, unknown>,
  op: Types.ObjectId,
) {
  await model.updateMany({ ...filter, 'holds.op': op } as never, { $pull: { holds: { op } } } as never);
  written();
}

/** Inserts documents with ids fixed in the plan; those already there (a repeat) are skipped. */
export async function insertOnce(
  model: mongoose.Model<never> | mongoose.Model<unknown>,
  docs: Record<string, unknown>[],
) {
  if (docs.length === 0) return;
  try {
    await model.collection.insertMany(docs, { ordered: false });
  } catch (error) {
    if (!onlyIdCollisions(error)) throw error;
  }
  written();
}

/** True when every failure of a bulk insert is an `_id` that already exists. */
export function onlyIdCollisions(error: unknown) {
  const e = error as { code?: number; writeErrors?: Array<{ code?: number; errmsg?: string }> };
  const errors = e?.writeErrors ?? (e?.code === 11000 ? [e as { code?: number; errmsg?: string }] : []);
  return errors.length > 0 && errors.every((w) => w.code === 11000 && /index: _id_ /.test(w.errmsg ?? ''));
}

// ---------------------------------------------------------------- audit events in plans

export type PlannedAudit = Record<string, unknown> & { _id: Types.ObjectId };

/** Writes an operation's audit events (fixed ids: a repeat adds none). */
export const writeAudit = (events: PlannedAudit[]) => insertOnce(AuditEventModel as never, events);

/** The actor as stored in audit events (without the one-time key it may carry). */
export function storedActor(actor: Actor) {
  return {
    userId: actor.userId,
    username: actor.username,
    role: actor.role,
    orgId: actor.orgId,
    townId: actor.townId,
  };
}

/** How far back a payment counts as the twin of a new one (a second tap, a payment entered twice). */
export const REPEAT_WINDOW_MS = 24 * 3600_000;

/**
 * The number of a payment recorded within the last day against the same record, for the same
 * amount and reference, if there is one: the new payment then asks to be confirmed first.
 */
export async function recentTwinPayment<T>(
  model: mongoose.Model<T>,
  filter: Record<string, unknown>,
  { amountFen, reference, now = new Date() }: { amountFen: number; reference: string; now?: Date },
): Promise<string | null> {
  const twin = (await model
    .findOne({
      ...filter,
      kind: 'payment',
      amountFen,
      reference,
      at: { $gte: new Date(now.getTime() - REPEAT_WINDOW_MS) },
    } as mongoose.QueryFilter<T>)
    .select('number')
    .lean()) as { number?: string } | null;
  return twin?.number ?? null;
}
