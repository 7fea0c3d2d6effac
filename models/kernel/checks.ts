// Every invariant of the stored data, checked against the records (`npm run db:check`), and
// the repairs for what can be repaired (`--repair`, also run at start-up). Each repair of a
// record is written to the audit trail as a `repair` event by the system.
//
// Derived totals are always recomputable from their records: a planting's harvested kg from
// its harvests, a head count from its herd events, flags from the harvests in date order.
// Documents an unfinished operation or import is holding are in flight and not judged.
import mongoose, { Types } from 'mongoose';
import { AuditEventModel, type Actor } from './audit';
import { ContractModel } from '../trade/contract';
import { EarTagModel, HerdCountModel, HerdEventModel } from '../field/herd';
import { ImportJobModel, type ImportStatus } from './import';
import { LotCounterModel, LotModel } from '../lots/lot';
import { deliveryChecks } from '../trade/delivery/integrity';
import { householdChecks } from '../households/integrity';
import { TownModel } from '../town/town';
import { checkFacts, repairFact } from './facts';
import { verifyAuditTrail } from './audit-seal';
import {
  OperationModel,
  recoverOperations,
  releaseAmount,
  clearHold,
  writeAudit,
  type Hold,
  type OperationState,
} from './operation';
import { HarvestModel, PlantingModel, expectedFlags, reflagHarvests } from '../field/planting';
import { auditEvent } from './write';

export interface Problem {
  check: string;
  message: string;
  record?: string;
  /** Puts it right and says what it did; absent when only a person can. */
  repair?: () => Promise<string>;
}

export interface CheckOptions {
  /** Finish or undo imports a dead process left (the import kinds live in the app). */
  recoverImports?: (options: { exclusive: boolean }) => Promise<number>;
  /** Only this app uses the database (the embedded engine): nothing in flight belongs to anyone else. */
  exclusive?: boolean;
}

const REPAIR_ACTOR: Actor = { userId: null, username: 'db:check', role: 'system', orgId: null, townId: null };

/** Collections whose records are written through the audited path, each with a creation event. */
const AUDITED = [
  'Town',
  'Village',
  'Organization',
  'User',
  'Product',
  'Planting',
  'Harvest',
  'Lot',
  'HerdEvent',
  'Contract',
  'MarketPrice',
  'Delivery',
  'ApiToken',
  'Amendment',
  'Household',
  'PurchasePrice',
  'HouseholdEntry',
  'Distribution',
];
const NOT_STAGED = { staged: { $ne: true } };
const LIVE_OP_STATES: OperationState[] = ['holding', 'releasing', 'applying'];
const LIVE_IMPORT_STATES: ImportStatus[] = ['writing', 'committing'];

async function repairField(
  model: mongoose.Model<never>,
  doc: Record<string, unknown> & { _id: unknown },
  changes: Record<string, unknown>,
  label: string,
) {
  await model.collection.updateOne({ _id: doc._id } as never, { $set: changes });
  const event = auditEvent(
    model.modelName,
    'repair',
    REPAIR_ACTOR,
    doc as never,
    { ...doc, ...changes } as never,
    label,
  );
  if (event) await writeAudit([event]);
}

// ---------------------------------------------------------------- unfinished work

async function unfinishedWork(opts: CheckOptions): Promise<Problem[]> {
  const problems: Problem[] = [];
  const now = new Date();
  const ops = await OperationModel.find({
    state: { $in: LIVE_OP_STATES },
    ...(opts.exclusive ? {} : { leaseUntil: { $lt: now } }),
  })
    .select('kind state')
    .lean();
  for (const op of ops) {
    problems.push({
      check: 'operation-unfinished',
      record: String(op._id),
      message: `${op.kind} left ${op.state} by a process that stopped`,
      repair: async () => {
        const r = await recoverOperations({ exclusive: opts.exclusive });
        return `operations: ${r.completed} completed, ${r.released} released`;
      },
    });
  }
  const stale = new Date(now.getTime() - 60_000);
  const imports = await ImportJobModel.find({
    status: { $in: LIVE_IMPORT_STATES },
    ...(opts.exclusive ? {} : { heartbeatAt: { $lt: stale } }),
  })
    .select('status kind')
    .lean();
  for (const job of imports) {
    problems.push({
      check: 'import-unfinished',
      record: String(job._id),
      message: `${job.kind} import left ${job.status}`,
      repair: opts.recoverImports
        ? async () => `imports recovered: ${await opts.recoverImports!({ exclusive: !!opts.exclusive })}`
        : undefined,
    });
  }
  return problems;
}

/** Ids of operations and imports still running (their holds and staged rows are not judged). */
async function liveWork(opts: CheckOptions) {
  const [ops, imports] = await Promise.all([
    opts.exclusive
      ? []
      : OperationModel.find({ state: { $in: LIVE_OP_STATES }, leaseUntil: { $gte: new Date() } })
          .select('_id')
          .lean(),
    opts.exclusive
      ? []
      : ImportJobModel.find({ status: { $in: LIVE_IMPORT_STATES } })
          .select('_id')
          .lean(),
  ]);
  return new Set([...ops, ...imports].map((d) => String(d._id)));
}

// ---------------------------------------------------------------- holds and totals

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

// ---------------------------------------------------------------- staged rows, audit, codes, indexes

async function stagedRows(live: Set<string>): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const name of ['Planting', 'Harvest', 'Lot', 'HerdEvent', 'Household']) {
    const model = mongoose.model(name);
    const importIds: Types.ObjectId[] = await model.distinct('importId', { staged: true });
    for (const importId of importIds) {
      if (live.has(String(importId))) continue;
      const job = await ImportJobModel.findById(importId).select('status').lean();
      if (job && LIVE_IMPORT_STATES.includes(job.status)) continue; // recovered by import.unfinished
      problems.push({
        check: 'import-staged',
        record: String(importId),
        message: `${name} rows of an import that is ${job?.status ?? 'gone'} are still hidden`,
        repair: async () => {
          const res = await model.collection.deleteMany({ importId, staged: true });
          return `${res.deletedCount} hidden rows deleted`;
        },
      });
    }
  }
  return problems;
}

async function auditTrail(): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const name of AUDITED) {
    const model = mongoose.model(name) as unknown as mongoose.Model<never>;
    let batch: Array<Record<string, unknown> & { _id: Types.ObjectId }> = [];
    const flush = async () => {
      if (!batch.length) return;
      const seen = new Set(
        (
          await AuditEventModel.find({
            recordId: { $in: batch.map((d) => d._id) },
            action: { $in: ['create', 'repair'] },
          })
            .select('recordId')
            .lean()
        ).map((e) => String(e.recordId)),
      );
      for (const doc of batch.filter((d) => !seen.has(String(d._id)))) {
        const label = String(doc.code ?? doc.ref ?? doc.lotCode ?? doc.name ?? doc.username ?? doc._id);
        problems.push({
          check: 'audit-missing',
          record: `${name} ${label}`,
          message: 'no creation event in the audit trail',
          repair: async () => {
            const event = auditEvent(name, 'repair', REPAIR_ACTOR, null, doc, label);
            if (event) await writeAudit([{ ...event, before: null }]);
            return 'creation recorded from the record as it is';
          },
        });
      }
      batch = [];
    };
    for await (const doc of model
      .find(NOT_STAGED as never)
      .select('-passwordHash')
      .lean()
      .cursor()) {
      batch.push(doc as never);
      if (batch.length >= 1000) await flush();
    }
    await flush();
  }
  return problems;
}

/** Every code a counter issued is below its counter: the next code is never one in use. */
async function codeCounters(): Promise<Problem[]> {
  const problems: Problem[] = [];
  const used = new Map<string, number>();
  const note = (code: string) => {
    const m = /^(.*)-(\d+)$/.exec(code);
    if (m) used.set(m[1], Math.max(used.get(m[1]) ?? 0, Number(m[2])));
  };
  for await (const l of LotModel.find().select('code').lean().cursor()) note(l.code);
  for await (const p of PlantingModel.find().select('ref').lean().cursor()) note(p.ref);
  const counters = new Map((await LotCounterModel.find().lean()).map((c) => [c._id, c.seq]));
  for (const [prefix, max] of used) {
    const seq = counters.get(prefix) ?? 0;
    if (seq < max) {
      problems.push({
        check: 'code-counter',
        record: prefix,
        message: `counter at ${seq} but ${prefix}-${String(max).padStart(3, '0')} is in use`,
        repair: async () => {
          await LotCounterModel.updateOne({ _id: prefix }, { $max: { seq: max } }, { upsert: true });
          return `counter moved to ${max}`;
        },
      });
    }
  }
  return problems;
}

/** Every unique index the models declare exists (a natural key is only unique if it does). */
async function uniqueIndexes(): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const model of Object.values(mongoose.models)) {
    const declared = model.schema.indexes().filter(([, options]) => options?.unique);
    if (!declared.length) continue;
    const existing = await model.collection.indexes().catch(() => []);
    for (const [keys] of declared) {
      const found = existing.some((i) => JSON.stringify(i.key) === JSON.stringify(keys) && i.unique);
      if (!found) {
        problems.push({
          check: 'index-unique',
          record: `${model.modelName} ${JSON.stringify(keys)}`,
          message: 'unique index missing',
          repair: async () => {
            await model.createIndexes();
            return 'indexes created';
          },
        });
      }
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

/**
 * A contract's status agrees with its acceptances: a draft both parties accepted is active
 * (acceptance and activation are two writes; a crash between them leaves such a draft, which
 * the repair activates), and an active contract was accepted by both.
 */
/** Each town's audit chain (and the platform's) recomputed: an event changed or removed shows. */
async function auditChains(): Promise<Problem[]> {
  const problems: Problem[] = [];
  const towns = [...(await TownModel.find().select('_id code').lean()), { _id: null, code: 'platform' }];
  for (const town of towns) {
    const check = await verifyAuditTrail(town._id);
    if (check.broken) {
      problems.push({
        check: 'audit-chain',
        record: `${town.code} #${check.broken.seq}`,
        message: `audit event ${check.broken.eventId}: ${check.broken.problem}`,
      });
    }
  }
  return problems;
}

async function contractStates(): Promise<Problem[]> {
  const problems: Problem[] = [];
  const both = { acceptedByBuyerAt: { $ne: null }, acceptedBySellerAt: { $ne: null } };
  for (const c of await ContractModel.find({ status: 'draft', ...both }).lean()) {
    problems.push({
      check: 'contract-state',
      record: `Contract ${c.code}`,
      message: 'accepted by both parties but not active',
      repair: async () => {
        const activatedAt = new Date(Math.max(+c.acceptedByBuyerAt!, +c.acceptedBySellerAt!));
        await repairField(ContractModel as never, c as never, { status: 'active', activatedAt }, c.code);
        return 'made active';
      },
    });
  }
  const halfAccepted = await ContractModel.find({
    status: 'active',
    $or: [{ acceptedByBuyerAt: null }, { acceptedBySellerAt: null }],
  })
    .select('code')
    .lean();
  for (const c of halfAccepted) {
    problems.push({
      check: 'contract-state',
      record: `Contract ${c.code}`,
      message: 'active without both acceptances',
    });
  }
  return problems;
}

// ---------------------------------------------------------------- running the checks

/** Every dashboard fact against a recomputation from its records (models/kernel/facts.ts). */
async function factChecks(): Promise<Problem[]> {
  const towns = await TownModel.find().select('_id').lean();
  const problems: Problem[] = [];
  for (const town of towns) {
    for (const { key, problem } of await checkFacts(town._id)) {
      const record = `${key.townId}:${key.source}:${key.year}:${key.part}`;
      problems.push({
        check: 'dashboard-fact',
        record,
        message:
          problem === 'missing'
            ? `dashboard fact ${record} is missing though its records exist`
            : `dashboard fact ${record} differs from its records`,
        repair: () => repairFact(key),
      });
    }
  }
  return problems;
}

export interface CheckReport {
  problems: Problem[];
  repaired: Array<{ problem: Problem; result: string }>;
  unrepaired: Problem[];
}

/**
 * Runs every check. With `repair`, puts right what can be put right (unfinished work first,
 * since finishing it settles most of the rest) and checks again.
 */
export async function checkDatabase(opts: CheckOptions & { repair?: boolean } = {}): Promise<CheckReport> {
  const run = async () => {
    const live = await liveWork(opts);
    return [
      ...(await unfinishedWork(opts)),
      ...(await uniqueIndexes()),
      ...(await stagedRows(live)),
      ...(await holdsAndTotals(live)),
      ...(await recordsAndLots()),
      ...(await earTags(live)),
      ...(await codeCounters()),
      ...(await auditTrail()),
      ...(await harvestFlags()),
      ...(await contractStates()),
      ...(await deliveryChecks(live, repairField as never)),
      ...(await householdChecks(live)),
      ...(await auditChains()),
      ...(await factChecks()),
    ];
  };
  let problems = await run();
  const repaired: CheckReport['repaired'] = [];
  if (opts.repair) {
    // unfinished work first: finishing it settles most of the rest, which is then judged anew
    for (const pass of [(p: Problem) => p.check.endsWith('-unfinished'), () => true]) {
      const done = new Set<string>();
      for (const problem of problems.filter(pass)) {
        if (!problem.repair) continue;
        // one recovery run settles every unfinished operation (or import)
        const key = problem.check.endsWith('-unfinished')
          ? problem.check
          : `${problem.check}:${problem.record}`;
        if (done.has(key)) continue;
        done.add(key);
        repaired.push({ problem, result: await problem.repair() });
      }
      if (done.size) problems = await run();
    }
  }
  return { problems, repaired, unrepaired: problems };
}

export { Types };
