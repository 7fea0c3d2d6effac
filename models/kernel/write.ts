// The one code path for writes to audited records (every audited model keeps mongoose's
// `__v` as its version, which these writes move on). Every create, update, archive and
// restore of a record goes through these functions: each is an operation (models/kernel/operation.ts)
// that writes the record and its audit event (who, when, which record, before/after), so
// that after a crash at any point both exist or neither does.
import mongoose from 'mongoose';
import { Types } from 'mongoose';
import { type Actor, type AuditAction } from './audit';
import { refuse, WriteRefused, type Refusal } from './command';
import { asDuplicateKeyError, DuplicateKeyError } from './common';
import { countsInFacts, touchRecords } from './facts';
import {
  defineOperation,
  OperationModel,
  perform,
  storedActor,
  writeAudit,
  written,
  type Outcome,
  type PlannedAudit,
} from './operation';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };
/** A stored record as lean data. */
export type Stored<T> = T & { _id: Types.ObjectId; createdAt?: Date; updatedAt?: Date };
// `__op`: the operation that changed a record last (see holdChange)
const IGNORED = new Set(['_id', '__v', '__op', 'createdAt', 'updatedAt', 'holds']);
const SECRET_FIELDS = new Set(['passwordHash', 'tokenHash']);

function redact(doc: Record<string, unknown> | null) {
  if (!doc) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (k === '__v' || k === '__op') continue;
    out[k] = SECRET_FIELDS.has(k) ? '••••' : v;
  }
  return out;
}

function changedFields(before: Doc | null, after: Doc | null): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys].filter(
    (k) => !IGNORED.has(k) && JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null),
  );
}

/** Only the changed fields go into the trail, so the before/after pair reads as a diff. */
function pick(doc: Doc | null, fields: string[]) {
  if (!doc) return null;
  return redact(Object.fromEntries(fields.map((f) => [f, doc[f] ?? null])));
}

/** An audit event for a record change, with its id fixed now (so writing it twice adds one). */
export function auditEvent(
  entity: string,
  action: AuditAction,
  actor: Actor,
  before: Doc | null,
  after: Doc | null,
  label: string,
): PlannedAudit | null {
  const doc = (after ?? before) as Doc;
  const changed = changedFields(before, after);
  if (action !== 'create' && changed.length === 0) return null;
  return {
    _id: new Types.ObjectId(),
    at: new Date(),
    actor: storedActor(actor),
    action,
    entity,
    recordId: doc._id,
    townId: ((doc.townId as Types.ObjectId | undefined) ?? actor.townId) || null,
    label,
    before: action === 'create' ? null : pick(before, changed),
    after: pick(after, changed),
    changed,
  };
}

const defaultLabel = (doc: Doc) => String(doc.name ?? doc.username ?? doc.code ?? doc._id);

export interface WriteOptions {
  label?: (doc: Doc) => string;
  /** Derived data to bring up to date once the write is committed (named, see `defineDerivation`). */
  then?: Derivation[];
}

// ---------------------------------------------------------------- derivations

/** A named, idempotent recomputation run after a write (recovery may run it again). */
export interface Derivation {
  name: string;
  args: unknown[];
}
const derivations = new Map<string, (...args: never[]) => Promise<void>>();

export function defineDerivation<A extends unknown[]>(name: string, fn: (...args: A) => Promise<void>) {
  derivations.set(name, fn as unknown as (...args: never[]) => Promise<void>);
  return (...args: A): Derivation => ({ name, args });
}

export async function runDerivations(list: Derivation[] | undefined) {
  for (const d of list ?? []) {
    const fn = derivations.get(d.name);
    if (!fn) throw new Error(`unknown derivation ${d.name}`);
    await fn(...(d.args as never[]));
  }
}

const modelNamed = (name: string) => mongoose.model(name) as mongoose.Model<unknown>;
const DUPLICATE = '__duplicate';

// ---------------------------------------------------------------- create

interface CreatePlan {
  model: string;
  doc: Doc;
  audit: PlannedAudit;
  then?: Derivation[];
}

const createOperation = defineOperation<CreatePlan>({
  name: 'record:create',
  async hold(op) {
    try {
      await modelNamed(op.plan.model).collection.insertOne(op.plan.doc);
      written();
      return null;
    } catch (error) {
      const duplicate = asDuplicateKeyError(error);
      if (duplicate) return refuse('invalid', { [DUPLICATE]: duplicate.fields });
      throw error;
    }
  },
  async release(op) {
    await modelNamed(op.plan.model).collection.deleteOne({ _id: op.plan.doc._id });
    written();
    await touchRecords(op.plan.model, op.plan.doc);
  },
  async apply(op) {
    await touchRecords(op.plan.model, op.plan.doc);
    await writeAudit([op.plan.audit]);
    await runDerivations(op.plan.then);
  },
});

/** A new document, validated and cast by its schema, with the fields mongoose would add. */
export async function buildDocument<T>(model: mongoose.Model<T>, data: Partial<T>): Promise<Doc> {
  const doc = new model(data);
  await doc.validate();
  const obj = doc.toObject({ depopulate: true, virtuals: false }) as Doc;
  if (model.schema.get('timestamps')) {
    const now = new Date();
    obj.createdAt ??= now;
    obj.updatedAt ??= now;
  }
  return obj;
}

function unwrap<T>(outcome: Outcome<T>): T | null {
  if (outcome.ok) return outcome.value;
  if (outcome.errors[DUPLICATE]) throw new DuplicateKeyError(outcome.errors[DUPLICATE]);
  if (outcome.code === 'notFound') return null;
  throw new WriteRefused(outcome.errors, outcome.code);
}

export { WriteRefused };

/**
 * For model functions that answer with an Outcome: an audited write refused (its one-time key
 * was used for another request, or it was interrupted) becomes that refusal instead of a throw,
 * so it reaches the user as a message on the form and the API as a 409, never as a 500.
 */
export async function refusedAs<T>(write: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await write() };
  } catch (error) {
    if (!(error instanceof WriteRefused)) throw error;
    return refuse(error.code, error.errors);
  }
}

export interface CreateOptions<T> extends WriteOptions {
  /** What makes a repeat the same request (defaults to the data). */
  input?: unknown;
  /** Fields that need a reservation (a reference code), made only when the write is not a repeat. */
  reserve?: () => Promise<Partial<T>>;
}

/** Creates a record. A unique-index collision throws DuplicateKeyError (a field error, not a 500). */
export async function createRecord<T>(
  model: mongoose.Model<T>,
  data: Partial<T>,
  actor: Actor,
  options: CreateOptions<T> = {},
): Promise<Stored<T>> {
  const outcome = await perform(
    createOperation,
    { once: actor.once, input: options.input ?? data },
    async () => {
      const doc = await buildDocument(model, { ...data, ...(await options.reserve?.()) });
      const label = (options.label ?? defaultLabel)(doc);
      const audit = auditEvent(model.modelName, 'create', actor, null, doc, label)!;
      return { ok: true, plan: { model: model.modelName, doc, audit, then: options.then }, value: doc };
    },
  );
  return unwrap(outcome) as Stored<T>;
}

// ---------------------------------------------------------------- update

interface UpdatePlan {
  model: string;
  id: Types.ObjectId;
  changes: Record<string, unknown>;
  rev: number | null; // the version (`__v`) read before; null when it has none yet
  before: Record<string, unknown>; // the changed fields' values before, to release
  action: AuditAction;
  audit: PlannedAudit | null; // set once the change is held
  then?: Derivation[];
}

interface UpdateContext {
  filter: Record<string, unknown>; // the caller's scope, checked while holding
  actor: Actor;
  label: (doc: Doc) => string;
}

const MAX_RETRIES = 5;

const updateOperation = defineOperation<UpdatePlan, UpdateContext>({
  name: 'record:update',
  async hold(op, { filter, actor, label }): Promise<Refusal | null> {
    const plan = op.plan;
    const model = modelNamed(plan.model);
    for (let attempt = 0; attempt < MAX_RETRIES; attempt += 1) {
      let after: Doc | null;
      try {
        after = await holdChange(model, { ...filter, _id: plan.id }, plan.rev, plan.changes, op._id);
      } catch (error) {
        const duplicate = asDuplicateKeyError(error);
        if (duplicate) return refuse('invalid', { [DUPLICATE]: duplicate.fields });
        throw error;
      }
      if (after) {
        const before = { ...after, ...plan.before } as Doc;
        plan.audit = auditEvent(plan.model, plan.action, actor, before, after, label(after));
        return null;
      }
      // changed by someone else since it was read, or gone: read again and retry
      const current = (await model.findOne({ ...filter, _id: plan.id }).lean()) as Doc | null;
      if (!current) return refuse('notFound');
      Object.assign(plan, snapshot(current, plan.changes));
      // the plan must say what a release would restore before the hold is tried again
      await OperationModel.updateOne({ _id: op._id }, { $set: { plan } });
    }
    return refuse('conflict', 'v.concurrentChange');
  },
  async release(op) {
    const { model, id, rev, before, changes } = op.plan;
    await releaseChange(modelNamed(model), id, rev, before, changes, op._id);
    await touchChanged(op.plan);
  },
  async apply(op) {
    await touchChanged(op.plan);
    if (op.plan.audit) await writeAudit([op.plan.audit]);
    await runDerivations(op.plan.then);
  },
});

/** Marks the dashboard facts the record counted in before the change and counts in now. */
async function touchChanged({ model, id, before }: UpdatePlan) {
  if (!countsInFacts(model)) return; // only records that count in facts are read again
  const now = (await modelNamed(model).findById(id).lean()) as Doc | null;
  if (now) await touchRecords(model, now, { ...now, ...before });
}

/** The version and the changed fields' values of a document as read now. */
export function snapshot(doc: Doc, changes: Record<string, unknown>) {
  return {
    rev: (doc.__v as number | undefined) ?? null,
    before: Object.fromEntries(Object.keys(changes).map((k) => [k, doc[k]])),
  };
}

/**
 * Applies `changes` to the document matching `filter` if it is still at version `rev` (what
 * the plan was made from), moving it to the next version. Returns the document after, or
 * null when it no longer matches (gone, out of scope, or changed meanwhile).
 */
export async function holdChange(
  model: mongoose.Model<unknown>,
  filter: Record<string, unknown>,
  rev: number | null,
  changes: Record<string, unknown>,
  op: Types.ObjectId,
): Promise<Doc | null> {
  // the record is marked with the operation, so that only this operation's release undoes it
  // (another operation may have moved it to the same next version)
  const after = (await model
    .findOneAndUpdate(
      { ...filter, __v: rev },
      { $set: { ...changes, __op: op }, $inc: { __v: 1 } },
      { returnDocument: 'after', runValidators: true, strict: false },
    )
    .lean()) as Doc | null;
  written();
  return after;
}

/** Puts back what `holdChange` changed, if it did (the document is then one version on). */
export async function releaseChange(
  model: mongoose.Model<unknown>,
  id: Types.ObjectId,
  rev: number | null,
  before: Record<string, unknown>,
  changes: Record<string, unknown>,
  op: Types.ObjectId,
) {
  const unset = Object.keys(changes).filter((k) => before[k] === undefined);
  await model.collection.updateOne({ _id: id, __v: (rev ?? 0) + 1, __op: op }, {
    $set: Object.fromEntries(Object.entries(before).filter(([, v]) => v !== undefined)),
    ...(unset.length && { $unset: Object.fromEntries(unset.map((k) => [k, ''])) }),
    $inc: { __v: 1 },
  } as never);
  written();
}

/**
 * Updates the single record matching `filter` (which must carry the caller's scope) with
 * `$set: changes`. Returns null when no record matches (not found or not yours). Validators
 * run; nothing is audited when nothing changed. A concurrent change of the same record is
 * detected by its version and the update is applied to the newer record.
 */
export async function updateRecord<T>(
  model: mongoose.Model<T>,
  filter: mongoose.QueryFilter<T>,
  changes: Partial<T>,
  actor: Actor,
  options: WriteOptions & { action?: AuditAction; input?: unknown } = {},
): Promise<Stored<T> | null> {
  const action = options.action ?? 'update';
  const outcome = await perform(
    updateOperation,
    { once: actor.once, input: options.input ?? { action, changes } },
    async () => {
      const current = (await model.findOne(filter).lean()) as Doc | null;
      if (!current) return refuse('notFound');
      const plan: UpdatePlan = {
        model: model.modelName,
        id: current._id,
        changes: changes as Record<string, unknown>,
        ...snapshot(current, changes as Record<string, unknown>),
        action,
        audit: null,
        then: options.then,
      };
      return {
        ok: true,
        plan,
        value: { id: current._id },
        context: { filter: filter as Record<string, unknown>, actor, label: options.label ?? defaultLabel },
      };
    },
  );
  const result = unwrap(outcome);
  if (!result) return null;
  return (await model.findById(result.id).lean()) as Stored<T> | null;
}

/** Archives (never deletes) a record in scope. */
export function archiveRecord<T>(model: mongoose.Model<T>, filter: mongoose.QueryFilter<T>, actor: Actor) {
  return updateRecord(
    model,
    { ...filter, archivedAt: null },
    { archivedAt: new Date() } as unknown as Partial<T>,
    actor,
    { action: 'archive' },
  );
}

export function restoreRecord<T>(model: mongoose.Model<T>, filter: mongoose.QueryFilter<T>, actor: Actor) {
  return updateRecord(
    model,
    { ...filter, archivedAt: { $ne: null } },
    { archivedAt: null } as unknown as Partial<T>,
    actor,
    { action: 'restore' },
  );
}
