// The household-year rollup (householdyears): held by the operation that writes an income entry,
// in the same way as every counted field (models/kernel/operation.ts): a guarded `$inc` that pushes
// `{op, amount, kind, month}`, so a release takes back exactly what was added, once.
import type { Types } from 'mongoose';
import { markAllFacts, touchFacts, touchRecords } from '../kernel/facts';
import { written } from '../kernel/operation';
import { HouseholdEntryModel, HouseholdYearModel, type HouseholdYear } from './schema';
import { INCOME_KINDS, type IncomeKind } from '~/domain/household';

/** One change to one household's income from one payer (null: from all of them) in one month. */
export interface IncomeChange {
  townId: Types.ObjectId;
  villageId: Types.ObjectId;
  householdId: Types.ObjectId;
  payerOrgId: Types.ObjectId | null;
  year: number;
  month: number; // 1–12
  kind: IncomeKind;
  amountFen: number;
}

const keyOf = (c: IncomeChange) => ({ householdId: c.householdId, year: c.year, payerOrgId: c.payerOrgId });

function incOf(c: IncomeChange, sign = 1) {
  return {
    [c.kind]: sign * c.amountFen,
    total: sign * c.amountFen,
    [`m.${c.month - 1}`]: sign * c.amountFen,
  };
}

/**
 * Adds each change to its household-year (creating it), once per operation. Changes for the
 * same household, year and payer are merged first (one hold per document and operation).
 */
export async function holdIncome(changes: IncomeChange[], op: Types.ObjectId) {
  // each change counts for its payer's row and for the household's all-payers row
  const rows = changes.flatMap((c) => [c, { ...c, payerOrgId: null }]);
  for (const c of merge(rows)) {
    await holdOne(c, op);
    written();
  }
  await touchFacts(
    rows.map((c) => ({
      townId: c.townId,
      source: 'income' as const,
      year: c.year,
      part: String(c.villageId),
    })),
  );
}

/** Marks the village-year income facts of the rows an operation holds (before they change back or settle). */
async function touchHeld(op: Types.ObjectId) {
  const docs = await HouseholdYearModel.collection
    .find({ 'holds.op': op, payerOrgId: null }, { projection: { townId: 1, villageId: 1, year: 1 } })
    .toArray();
  await touchRecords('HouseholdYear', ...docs);
}

/** Several changes to one document become one (month-by-month amounts kept apart). */
function merge(changes: IncomeChange[]): IncomeChange[][] {
  const byKey = new Map<string, IncomeChange[]>();
  for (const c of changes) {
    const k = `${c.householdId}:${c.year}:${c.payerOrgId}`;
    byKey.set(k, [...(byKey.get(k) ?? []), c]);
  }
  return [...byKey.values()];
}

async function holdOne(list: IncomeChange[], op: Types.ObjectId) {
  const first = list[0];
  const inc: Record<string, number> = {};
  for (const c of list) for (const [k, v] of Object.entries(incOf(c))) inc[k] = (inc[k] ?? 0) + v;
  const holds = list.map((c) => ({ op, amount: c.amountFen, kind: c.kind, month: c.month }));
  const filter = { ...keyOf(first), 'holds.op': { $ne: op } };
  const months = Array(12).fill(0) as number[];
  for (const c of list) months[c.month - 1] += c.amountFen;
  const kinds: Record<string, number> = { purchase: 0, wage: 0, rent: 0, dividend: 0 };
  for (const c of list) kinds[c.kind] += c.amountFen;
  const total = list.reduce((a, c) => a + c.amountFen, 0);
  // an existing document takes the $inc; a new one is inserted whole
  const res = await HouseholdYearModel.collection.updateOne(filter, {
    $inc: inc,
    $push: { holds: { $each: holds } },
  } as never);
  if (res.matchedCount === 1) return;
  const held = await HouseholdYearModel.collection.findOne({ ...keyOf(first), 'holds.op': op });
  if (held) return; // held before a crash: a repeat adds nothing
  try {
    await HouseholdYearModel.collection.insertOne({
      ...keyOf(first),
      townId: first.townId,
      villageId: first.villageId,
      ...kinds,
      total,
      m: months,
      holds,
    } as never);
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    // created by another operation at the same moment: it exists now
    await HouseholdYearModel.collection.updateOne(filter, {
      $inc: inc,
      $push: { holds: { $each: holds } },
    } as never);
  }
}

/** Takes back what `holdIncome` added for the operation, wherever it did. */
export async function releaseIncome(op: Types.ObjectId) {
  await touchHeld(op);
  const docs = await HouseholdYearModel.collection
    .find({ 'holds.op': op }, { projection: { holds: 1 } })
    .toArray();
  for (const doc of docs) {
    const mine = (
      doc.holds as Array<{ op: Types.ObjectId; amount: number; kind: IncomeKind; month: number }>
    ).filter((h) => h.op.equals(op));
    const inc: Record<string, number> = {};
    for (const h of mine) {
      inc[h.kind] = (inc[h.kind] ?? 0) - h.amount;
      inc.total = (inc.total ?? 0) - h.amount;
      inc[`m.${h.month - 1}`] = (inc[`m.${h.month - 1}`] ?? 0) - h.amount;
    }
    await HouseholdYearModel.collection.updateOne({ _id: doc._id, 'holds.op': op }, {
      $inc: inc,
      $pull: { holds: { op } },
    } as never);
    written();
  }
}

/** Keeps what was added: the markers go. */
export async function finishIncome(op: Types.ObjectId) {
  await touchHeld(op);
  await HouseholdYearModel.collection.updateMany({ 'holds.op': op }, { $pull: { holds: { op } } } as never);
  written();
}

/** A household-year row as the entries add it up (the stored row without its hold markers). */
export type RollupRow = Omit<HouseholdYear, 'holds'>;

/** The household-year rows as the income entries add them up (db:check, the seed, repairs). */
export async function recomputeRollups(match: Record<string, unknown> = {}): Promise<RollupRow[]> {
  const rows = await HouseholdEntryModel.aggregate<
    {
      _id: { h: Types.ObjectId; y: number; p: Types.ObjectId | null; mo: number; k: IncomeKind };
      fen: number;
    } & {
      townId: Types.ObjectId;
      villageId: Types.ObjectId;
    }
  >([
    { $match: { ...match, kind: { $in: INCOME_KINDS } } },
    {
      $group: {
        _id: { h: '$householdId', y: '$year', p: '$payerOrgId', mo: '$month', k: '$kind' },
        fen: { $sum: '$amountFen' },
        townId: { $first: '$townId' },
        villageId: { $first: '$villageId' },
      },
    },
  ]).allowDiskUse(true);
  const byKey = new Map<string, RollupRow>();
  for (const r of rows.flatMap((x) => [x, { ...x, _id: { ...x._id, p: null } }])) {
    const key = `${r._id.h}:${r._id.y}:${r._id.p}`;
    const row =
      byKey.get(key) ??
      ({
        townId: r.townId,
        villageId: r.villageId,
        householdId: r._id.h,
        payerOrgId: r._id.p,
        year: r._id.y,
        purchase: 0,
        wage: 0,
        rent: 0,
        dividend: 0,
        total: 0,
        m: Array(12).fill(0) as number[],
      } satisfies RollupRow);
    row[r._id.k] += r.fen;
    row.total += r.fen;
    row.m[r._id.mo - 1] += r.fen;
    byKey.set(key, row);
  }
  return [...byKey.values()];
}

/** Replaces a town's household-year rows by the recomputation (bulk loads: the seed, the benchmark). */
export async function rebuildRollups(townId: Types.ObjectId) {
  const rows = await recomputeRollups({ townId });
  await HouseholdYearModel.collection.deleteMany({ townId });
  for (let i = 0; i < rows.length; i += 5000) {
    await HouseholdYearModel.collection.insertMany(
      rows.slice(i, i + 5000).map((r) => ({ ...r, holds: [] })) as never[],
      { ordered: false },
    );
  }
  await markAllFacts(townId);
  return rows.length;
}
