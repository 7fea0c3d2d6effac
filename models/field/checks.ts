// What `npm run db:check` verifies of the field: holds left by dead operations on a planting's
// harvested total and a base's head count, each total against its records, each harvest and
// herd sale against its lot, ear tags against their herd events, and yields and flags.
import type mongoose from 'mongoose';
import { Types } from 'mongoose';
import { auditedModels, defineCheck, NOT_STAGED, repairField, type Problem } from '../kernel/checks';
import { ImportJobModel } from '../kernel/import';
import { clearHold, OperationModel, releaseAmount, type Hold } from '../kernel/operation';
import { LotModel } from '../lots/lot';
import { codesFrom } from '../lots/checks';
import { EarTagModel, HerdCountModel, HerdEventModel } from './herd/schema';
import { expectedFlags, reflagHarvests } from './planting/harvest';
import { HarvestModel, PlantingModel } from './planting/schema';

auditedModels('Planting', 'Harvest', 'HerdEvent');
// a planting's reference is drawn from the same counters as lot codes
codesFrom(PlantingModel as never, 'ref');

async function holdsAndTotals(live: Set<string>): Promise<Problem[]> {
  const problems: Problem[] = [];
  const counted = [
    { model: PlantingModel as unknown as mongoose.Model<never>, field: 'harvestedKg' },
    { model: HerdCountModel as unknown as mongoose.Model<never>, field: 'head' },
  ];
  for (const { model, field } of counted) {
    const held = (await model.find({ 'holds.0': { $exists: true } } as never).lean()) as Array<{
      _id: unknown;
      holds: Hold[];
    }>;
    for (const doc of held) {
      for (const hold of doc.holds.filter((h) => !live.has(String(h.op)))) {
        const [op, job] = await Promise.all([
          OperationModel.findById(hold.op).select('state').lean(),
          ImportJobModel.findById(hold.op).select('status').lean(),
        ]);
        const kept = op?.state === 'done' || job?.status === 'complete';
        problems.push({
          check: 'hold-orphan',
          record: String(doc._id),
          message: `${model.modelName} holds ${hold.amount} for ${hold.op}, which is ${op?.state ?? job?.status ?? 'gone'}`,
          repair: async () => {
            if (kept) await clearHold(model, { _id: doc._id }, hold.op);
            else await releaseAmount(model, doc._id, field, hold.op);
            return kept ? 'hold cleared (its write is complete)' : 'held amount returned';
          },
        });
      }
    }
  }

  // a planting's harvested kg is the sum of its harvests
  const sums = new Map(
    (
      await HarvestModel.aggregate<{ _id: Types.ObjectId; kg: number }>([
        { $match: NOT_STAGED },
        { $group: { _id: '$plantingId', kg: { $sum: '$quantityKg' } } },
      ])
    ).map((s) => [String(s._id), s.kg]),
  );
  const plantings = PlantingModel.find({ ...NOT_STAGED, 'holds.0': { $exists: false } })
    .select('ref harvestedKg townId')
    .lean()
    .cursor();
  for await (const p of plantings) {
    const kg = round(sums.get(String(p._id)) ?? 0);
    sums.delete(String(p._id));
    if (Math.abs(round(p.harvestedKg) - kg) > 1e-6) {
      problems.push({
        check: 'planting-total',
        record: p.ref,
        message: `harvested ${p.harvestedKg} kg but its harvests add up to ${kg} kg`,
        repair: async () => {
          await repairField(PlantingModel as never, p as never, { harvestedKg: kg }, p.ref);
          return `harvestedKg set to ${kg}`;
        },
      });
    }
  }
  for (const [plantingId, kg] of sums) {
    if (await PlantingModel.exists({ _id: plantingId, 'holds.0': { $exists: true } })) continue;
    problems.push({
      check: 'harvest-planting',
      record: plantingId,
      message: `${kg} kg of harvests of a missing planting`,
    });
  }

  // a head count is the sum of its herd events
  const herd = new Map(
    (
      await HerdEventModel.aggregate<{
        _id: { orgId: Types.ObjectId; species: string };
        delta: number;
        townId: Types.ObjectId;
      }>([
        { $match: NOT_STAGED },
        {
          $group: {
            _id: { orgId: '$orgId', species: '$species' },
            delta: { $sum: '$delta' },
            townId: { $first: '$townId' },
          },
        },
      ])
    ).map((s) => [`${s._id.orgId}:${s._id.species}`, s]),
  );
  for await (const c of HerdCountModel.find().lean().cursor()) {
    const sum = herd.get(c._id)?.delta ?? 0;
    herd.delete(c._id);
    if (c.holds?.length) continue;
    if (c.head !== sum) {
      problems.push({
        check: 'herd-count',
        record: c._id,
        message: `head count ${c.head} but its events add up to ${sum}`,
        repair: async () => {
          await repairField(HerdCountModel as never, c as never, { head: sum }, c._id);
          return `head set to ${sum}`;
        },
      });
    }
  }
  for (const [id, s] of herd) {
    if (s.delta === 0) continue;
    problems.push({
      check: 'herd-count',
      record: id,
      message: `no head count, though its events add up to ${s.delta}`,
      repair: async () => {
        await HerdCountModel.collection.insertOne({
          _id: id,
          townId: s.townId,
          baseId: s._id.orgId,
          species: s._id.species,
          head: s.delta,
          holds: [],
        } as never);
        return `head count created: ${s.delta}`;
      },
    });
  }
  return problems;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

// ---------------------------------------------------------------- records and their lots

async function recordsAndLots(): Promise<Problem[]> {
  const problems: Problem[] = [];
  const harvests = HarvestModel.aggregate<{
    _id: Types.ObjectId;
    lotCode: string;
    quantityKg: number;
    lot: Array<{ code: string; quantity: number; origin: { harvestId: Types.ObjectId | null } }>;
  }>([
    { $match: NOT_STAGED },
    { $project: { lotId: 1, lotCode: 1, quantityKg: 1 } },
    {
      $lookup: {
        from: 'lots',
        localField: 'lotId',
        foreignField: '_id',
        as: 'lot',
        pipeline: [{ $project: { code: 1, quantity: 1, origin: 1 } }],
      },
    },
  ]).cursor();
  for await (const h of harvests) {
    const lot = h.lot[0];
    if (!lot) problems.push({ check: 'harvest-lot', record: h.lotCode, message: 'its lot is missing' });
    else if (
      lot.code !== h.lotCode ||
      String(lot.origin.harvestId) !== String(h._id) ||
      round(lot.quantity) !== round(h.quantityKg)
    )
      problems.push({
        check: 'harvest-lot',
        record: h.lotCode,
        message: `its lot ${lot.code} does not match it`,
      });
  }
  const orphanLots = LotModel.aggregate<{ code: string; origin: { kind: string } }>([
    { $match: { ...NOT_STAGED, 'origin.kind': { $in: ['harvest', 'herd_sale'] } } },
    { $project: { code: 1, origin: 1 } },
    {
      $lookup: {
        from: 'harvests',
        localField: 'origin.harvestId',
        foreignField: '_id',
        as: 'h',
        pipeline: [{ $project: { _id: 1 } }],
      },
    },
    {
      $lookup: {
        from: 'herdevents',
        localField: 'origin.herdEventId',
        foreignField: '_id',
        as: 'e',
        pipeline: [{ $project: { _id: 1 } }],
      },
    },
    {
      $match: {
        $expr: { $eq: [{ $size: { $cond: [{ $eq: ['$origin.kind', 'harvest'] }, '$h', '$e'] } }, 0] },
      },
    },
  ]).cursor();
  for await (const lot of orphanLots) {
    problems.push({
      check: 'lot-origin',
      record: lot.code,
      message: `the ${lot.origin.kind} it came from is missing`,
    });
  }
  const sales = HerdEventModel.aggregate<{ _id: Types.ObjectId; lotCode: string }>([
    { $match: { ...NOT_STAGED, lotId: { $ne: null } } },
    {
      $lookup: {
        from: 'lots',
        localField: 'lotId',
        foreignField: '_id',
        as: 'lot',
        pipeline: [{ $project: { _id: 1 } }],
      },
    },
    { $match: { lot: { $size: 0 } } },
  ]).cursor();
  for await (const e of sales)
    problems.push({ check: 'herd-lot', record: String(e._id), message: `its lot ${e.lotCode} is missing` });
  return problems;
}

// ---------------------------------------------------------------- ear tags

async function earTags(live: Set<string>): Promise<Problem[]> {
  const problems: Problem[] = [];
  const tags = EarTagModel.aggregate<{
    _id: string;
    status: string;
    importId: Types.ObjectId | null;
    removedByImport: Types.ObjectId | null;
    added: unknown[];
    removed: unknown[];
    removedBy: Types.ObjectId | null;
    addedBy: Types.ObjectId;
  }>([
    {
      $lookup: {
        from: 'herdevents',
        localField: 'addedBy',
        foreignField: '_id',
        as: 'added',
        pipeline: [{ $project: { _id: 1 } }],
      },
    },
    {
      $lookup: {
        from: 'herdevents',
        localField: 'removedBy',
        foreignField: '_id',
        as: 'removed',
        pipeline: [{ $project: { _id: 1 } }],
      },
    },
  ]).cursor();
  const liveIds = [...live].map((id) => new Types.ObjectId(id));
  const liveEvents = new Set(
    (
      await OperationModel.find({ _id: { $in: liveIds }, kind: { $in: ['herd:record', 'herd:reverse'] } })
        .select('plan.eventId plan.reversalId')
        .lean()
    ).map((op) => {
      const plan = op.plan as { eventId?: unknown; reversalId?: unknown };
      return String(plan.eventId ?? plan.reversalId);
    }),
  );
  const inFlight = (eventId: Types.ObjectId | null, importId: Types.ObjectId | null) =>
    (importId !== null && live.has(String(importId))) ||
    (eventId !== null && liveEvents.has(String(eventId)));
  for await (const t of tags) {
    if (t.added.length === 0 && !inFlight(t.addedBy, t.importId)) {
      problems.push({
        check: 'eartag-orphan',
        record: t._id,
        message: 'registered by a herd event that does not exist',
        repair: async () => {
          await EarTagModel.deleteOne({ _id: t._id, addedBy: t.addedBy });
          return 'tag removed';
        },
      });
    } else if (t.removedBy && t.removed.length === 0 && !inFlight(t.removedBy, t.removedByImport)) {
      problems.push({
        check: 'eartag-orphan',
        record: t._id,
        message: `${t.status} by a herd event that does not exist`,
        repair: async () => {
          await EarTagModel.updateOne(
            { _id: t._id, removedBy: t.removedBy },
            { $set: { status: 'alive', removedBy: null, removedByImport: null } },
          );
          return 'tag alive again';
        },
      });
    }
  }
  return problems;
}

async function harvestFlags(): Promise<Problem[]> {
  const problems: Problem[] = [];
  const plantingIds: Types.ObjectId[] = await HarvestModel.distinct('plantingId', NOT_STAGED);
  for (const plantingId of plantingIds) {
    const wrong = (await expectedFlags(plantingId)).filter(
      (h) => h.stored.flag !== h.flag || Math.abs(h.stored.yieldKgPerMu - h.y) > 1e-6,
    );
    if (wrong.length) {
      problems.push({
        check: 'harvest-flag',
        record: String(plantingId),
        message: `${wrong.length} harvests carry a stale yield or flag`,
        repair: async () => {
          await reflagHarvests(plantingId);
          return 'yields and flags recomputed';
        },
      });
    }
  }
  return problems;
}

defineCheck({
  name: 'field',
  run: async ({ live }) => [
    ...(await holdsAndTotals(live)),
    ...(await recordsAndLots()),
    ...(await earTags(live)),
    ...(await harvestFlags()),
  ],
});
