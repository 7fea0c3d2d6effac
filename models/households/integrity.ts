// What `npm run db:check` verifies of households' money: holds left by dead operations; each
// household-year rollup against a recomputation from the ledger entries; each entry's paid and
// reversed amounts against its payments and reversals; each lot's household breakdown against
// the purchases that made it; each distribution's lines against its total and the 60 % rule.
import { auditedModels, defineCheck, type Problem } from '../kernel/checks';
import type mongoose from 'mongoose';
import { Types } from 'mongoose';
import { LotModel } from '../lots/lot';
import { clearHold, OperationModel, type Hold } from '../kernel/operation';
import { recomputeRollups, type RollupRow } from './rollup';
import { DistributionModel, HouseholdEntryModel, HouseholdYearModel } from './schema';
import { INCOME_KINDS, MIN_VOLUME_PCT } from '~/domain/household';

const kg = (n: number) => Math.round(n * 100) / 100;

async function orphanHolds(live: Set<string>): Promise<Problem[]> {
  const problems: Problem[] = [];
  const models = [
    { model: HouseholdYearModel as unknown as mongoose.Model<never>, name: 'HouseholdYear' },
    { model: HouseholdEntryModel as unknown as mongoose.Model<never>, name: 'HouseholdEntry' },
  ];
  for (const { model, name } of models) {
    const held = (await model
      .find({ 'holds.0': { $exists: true } } as never)
      .select('holds number householdId year')
      .lean()) as Array<{ _id: Types.ObjectId; number?: string; holds: Hold[] }>;
    for (const doc of held) {
      for (const hold of doc.holds.filter((h) => !live.has(String(h.op)))) {
        const op = await OperationModel.findById(hold.op).select('state').lean();
        problems.push({
          check: 'hold-orphan',
          record: `${name} ${doc.number ?? doc._id}`,
          message: `held for ${hold.op}, which is ${op?.state ?? 'gone'}`,
          // the marker goes; the totals checks below put the amounts right from the entries
          repair: async () => {
            await clearHold(model, { _id: doc._id }, hold.op);
            return 'hold cleared';
          },
        });
      }
    }
  }
  return problems;
}

const rollupKey = (r: { householdId: Types.ObjectId; year: number; payerOrgId: Types.ObjectId | null }) =>
  `${r.householdId}:${r.year}:${r.payerOrgId}`;

/** Each household-year equals what its entries add up to. */
async function rollups(live: Set<string>): Promise<Problem[]> {
  const problems: Problem[] = [];
  const expected = new Map<string, RollupRow>();
  for (const row of await recomputeRollups()) expected.set(rollupKey(row), row);
  const seen = new Set<string>();
  for await (const doc of HouseholdYearModel.find().lean().cursor()) {
    const key = rollupKey(doc);
    seen.add(key);
    if (doc.holds.some((h) => live.has(String(h.op)))) continue;
    const want = expected.get(key);
    const fields = ['total', ...INCOME_KINDS] as const;
    const same =
      fields.every((f) => (doc[f] ?? 0) === (want?.[f] ?? 0)) &&
      doc.m.every((v, i) => v === (want?.m[i] ?? 0));
    if (!same) {
      problems.push({
        check: 'household-rollup',
        record: `HouseholdYear ${key}`,
        message: `total ${doc.total}, its entries add up to ${want?.total ?? 0}`,
        repair: async () => {
          await HouseholdYearModel.collection.updateOne(
            { _id: doc._id },
            {
              $set: {
                ...Object.fromEntries(fields.map((f) => [f, want?.[f] ?? 0])),
                m: want?.m ?? Array(12).fill(0),
              },
            },
          );
          return 'recomputed from the entries';
        },
      });
    }
  }
  for (const [key, want] of expected) {
    if (seen.has(key) || want.total === 0) continue;
    problems.push({
      check: 'household-rollup',
      record: `HouseholdYear ${key}`,
      message: `missing; its entries add up to ${want.total}`,
      repair: async () => {
        await HouseholdYearModel.collection.insertOne({ ...want, holds: [] } as never);
        return 'created from the entries';
      },
    });
  }
  return problems;
}

/** Each payable entry's paid and reversed amounts are its payments and reversals. */
async function entryTotals(live: Set<string>): Promise<Problem[]> {
  const problems: Problem[] = [];
  const sums = await HouseholdEntryModel.aggregate<{ _id: Types.ObjectId; paid: number; reversed: number }>([
    { $match: { $or: [{ pays: { $exists: true } }, { reverses: { $exists: true } }] } },
    {
      $group: {
        _id: { $ifNull: ['$pays', '$reverses'] },
        paid: { $sum: { $cond: [{ $eq: ['$kind', 'payment'] }, '$amountFen', 0] } },
        reversed: { $sum: { $cond: [{ $ne: ['$kind', 'payment'] }, { $multiply: ['$amountFen', -1] }, 0] } },
      },
    },
  ]);
  const byId = new Map(sums.map((s) => [String(s._id), s]));
  for await (const e of HouseholdEntryModel.find({
    kind: { $in: INCOME_KINDS },
    amountFen: { $gt: 0 },
    $or: [{ paidFen: { $ne: 0 } }, { reversedFen: { $ne: 0 } }, { _id: { $in: sums.map((s) => s._id) } }],
  })
    .select('number amountFen paidFen reversedFen holds')
    .lean()
    .cursor()) {
    if (e.holds.some((h) => live.has(String(h.op)))) continue;
    const s = byId.get(String(e._id));
    const paid = s?.paid ?? 0;
    const reversed = s?.reversed ?? 0;
    if (e.paidFen !== paid || e.reversedFen !== reversed) {
      problems.push({
        check: 'household-paid',
        record: `HouseholdEntry ${e.number}`,
        message: `paid ${e.paidFen} / reversed ${e.reversedFen}, its entries say ${paid} / ${reversed}`,
        repair: async () => {
          await HouseholdEntryModel.collection.updateOne(
            { _id: e._id },
            { $set: { paidFen: paid, reversedFen: reversed } },
          );
          return 'recomputed from the payments and reversals';
        },
      });
    }
    if (paid + reversed > e.amountFen) {
      problems.push({
        check: 'household-overpaid',
        record: `HouseholdEntry ${e.number}`,
        message: `paid ${paid} and reversed ${reversed} of ${e.amountFen}`,
      });
    }
  }
  return problems;
}

/** A lot's household breakdown is the purchases that went into it, and fits in the lot. */
async function lotBreakdown(live: Set<string>): Promise<Problem[]> {
  const problems: Problem[] = [];
  const purchases = await HouseholdEntryModel.find({
    kind: 'purchase',
    amountFen: { $gt: 0 },
    reversedFen: 0,
    lotId: { $exists: true },
  })
    .select('lotId kg number')
    .lean();
  const byLot = new Map<string, Map<string, number>>();
  for (const p of purchases) {
    const m = byLot.get(String(p.lotId)) ?? new Map<string, number>();
    m.set(String(p._id), p.kg ?? 0);
    byLot.set(String(p.lotId), m);
  }
  const lots = await LotModel.find({
    $or: [
      { 'households.0': { $exists: true } },
      { _id: { $in: [...byLot.keys()].map((id) => new Types.ObjectId(id)) } },
    ],
  })
    .select('code quantity households householdKg origin.kind holds status')
    .lean();
  for (const lot of lots) {
    if ((lot.holds ?? []).some((h) => live.has(String(h.op)))) continue;
    const want = byLot.get(String(lot._id)) ?? new Map<string, number>();
    const have = new Map(lot.households.map((h) => [String(h.entryId), h.kg]));
    const sum = kg(lot.households.reduce((a, h) => a + h.kg, 0));
    const record = `Lot ${lot.code}`;
    if (kg(lot.householdKg) !== sum) {
      problems.push({
        check: 'lot-households',
        record,
        message: `household kg ${lot.householdKg}, its parts add up to ${sum}`,
      });
    }
    if (lot.origin.kind === 'collection' && kg(lot.quantity) !== sum && lot.status !== 'split') {
      problems.push({
        check: 'lot-households',
        record,
        message: `a collection of ${sum} kg from households holds ${lot.quantity} kg`,
      });
    }
    if (sum > kg(lot.quantity) + 1e-9) {
      problems.push({
        check: 'lot-households',
        record,
        message: `households' ${sum} kg exceed the lot's ${lot.quantity} kg`,
      });
    }
    const same = want.size === have.size && [...want].every(([id, k]) => have.get(id) === k);
    if (!same) {
      problems.push({
        check: 'lot-households',
        record,
        message: 'the household breakdown differs from the purchases into the lot',
      });
    }
  }
  return problems;
}

/** A distribution adds up to its surplus, keeps the 60 % rule and has an entry per line. */
async function distributions(): Promise<Problem[]> {
  const problems: Problem[] = [];
  for await (const d of DistributionModel.find().lean().cursor()) {
    const record = `Distribution ${d.number}`;
    const sum = d.lines.reduce((a, l) => a + l.amountFen, 0);
    const byVolume = d.lines.reduce((a, l) => a + l.byVolumeFen, 0);
    if (
      sum !== d.surplusFen ||
      byVolume !== d.byVolumeFen ||
      d.byVolumeFen + d.bySharesFen !== d.surplusFen
    ) {
      problems.push({ check: 'dividend-sum', record, message: `lines add up to ${sum} of ${d.surplusFen}` });
    }
    if (d.volumePct < MIN_VOLUME_PCT || d.byVolumeFen * 100 < d.volumePct * d.surplusFen - 1e-6) {
      problems.push({
        check: 'dividend-volume',
        record,
        message: `${d.byVolumeFen} by volume is under ${d.volumePct} %`,
      });
    }
    const entries = await HouseholdEntryModel.find({ distributionId: d._id, amountFen: { $gt: 0 } })
      .select('amountFen reversedFen householdId')
      .lean();
    const byId = new Map(entries.map((e) => [String(e._id), e]));
    for (const l of d.lines) {
      const e = byId.get(String(l.entryId));
      if (!e || e.amountFen !== l.amountFen || !e.householdId.equals(l.householdId)) {
        problems.push({
          check: 'dividend-entry',
          record,
          message: `the entry for household ${l.householdId} is missing or differs`,
        });
      } else if ((d.state === 'reversed') !== (e.reversedFen === e.amountFen)) {
        problems.push({
          check: 'dividend-entry',
          record,
          message: `the entry for household ${l.householdId} does not follow the ${d.state} distribution`,
        });
      }
    }
    if (entries.length !== d.lines.length) {
      problems.push({
        check: 'dividend-entry',
        record,
        message: `${entries.length} entries for ${d.lines.length} lines`,
      });
    }
  }
  return problems;
}

export async function householdChecks(live: Set<string>): Promise<Problem[]> {
  return [
    ...(await orphanHolds(live)),
    ...(await rollups(live)),
    ...(await entryTotals(live)),
    ...(await lotBreakdown(live)),
    ...(await distributions()),
  ];
}

auditedModels('Household', 'PurchasePrice', 'HouseholdEntry', 'Distribution');
defineCheck({ name: 'households', run: ({ live }) => householdChecks(live) });
