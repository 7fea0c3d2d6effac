// Every invariant of the stored data, checked against the records (`npm run db:check`), and
// the repairs for what can be repaired (`--repair`, also run at start-up). Each repair of a
// record is written to the audit trail as a `repair` event by the system.
//
// The runner knows no module by name: each module registers its checks (`defineCheck`) and
// the models whose records the audit trail must hold (`auditedModels`). The kernel's own
// checks are the ones every module shares: unfinished operations and imports, unique
// indexes, an import's hidden rows, the audit trail and its chains, and the dashboard facts.
//
// Derived totals are always recomputable from their records. Documents an unfinished
// operation or import is holding are in flight and not judged.
import mongoose, { Types } from 'mongoose';
import { AuditEventModel, type Actor } from './audit';
import { verifyAuditTrail } from './audit-seal';
import { checkFacts, repairFact } from './facts';
import { ImportJobModel, type ImportStatus } from './import';
import { OperationModel, recoverOperations, writeAudit, type OperationState } from './operation';
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

export interface CheckContext {
  /** Ids of operations and imports still running: what they hold is in flight, not wrong. */
  live: Set<string>;
}

export interface CheckDefinition {
  /** The group's name (problems carry their own `check` names). */
  name: string;
  run(context: CheckContext): Promise<Problem[]>;
}

const checks = new Map<string, CheckDefinition>();

/** Registers a group of checks of a module: `db:check` runs it with the kernel's own. */
export function defineCheck(definition: CheckDefinition): CheckDefinition {
  const known = checks.get(definition.name);
  if (known && known !== definition) throw new Error(`check ${definition.name} defined twice`);
  checks.set(definition.name, definition);
  return definition;
}

/** Models written through the audited path, each record with a creation event. */
const audited: string[] = [];
export function auditedModels(...names: string[]) {
  for (const name of names) if (!audited.includes(name)) audited.push(name);
}

/** The towns (the audit chains and the facts are kept per town). */
const townsOf = () =>
  mongoose.connection
    .db!.collection<{ _id: Types.ObjectId; code: string }>('towns')
    .find({}, { projection: { _id: 1, code: 1 } })
    .toArray();

export const REPAIR_ACTOR: Actor = {
  userId: null,
  username: 'db:check',
  role: 'system',
  orgId: null,
  townId: null,
};

export const NOT_STAGED = { staged: { $ne: true } };
const LIVE_OP_STATES: OperationState[] = ['holding', 'releasing', 'applying'];
const LIVE_IMPORT_STATES: ImportStatus[] = ['writing', 'committing'];

/** Sets fields of a record as a repair, with a `repair` event in its audit trail. */
export async function repairField(
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

// ---------------------------------------------------------------- staged rows, audit, indexes

async function stagedRows(live: Set<string>): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const model of Object.values(mongoose.models).filter((m) => m.schema.path('staged'))) {
    const name = model.modelName;
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
  for (const name of audited) {
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

/** Each town's audit chain (and the platform's) recomputed: an event changed or removed shows. */
async function auditChains(): Promise<Problem[]> {
  const problems: Problem[] = [];
  const towns = [...(await townsOf()), { _id: null, code: 'platform' }];
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

// ---------------------------------------------------------------- running the checks

/** Every dashboard fact against a recomputation from its records (models/kernel/facts.ts). */
async function factChecks(): Promise<Problem[]> {
  const towns = await townsOf();
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
    const problems = [
      ...(await unfinishedWork(opts)),
      ...(await uniqueIndexes()),
      ...(await stagedRows(live)),
    ];
    // the modules' checks, in the order they registered (models/index.ts imports them)
    for (const check of checks.values()) problems.push(...(await check.run({ live })));
    problems.push(...(await auditTrail()), ...(await auditChains()), ...(await factChecks()));
    return problems;
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
