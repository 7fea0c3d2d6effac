// Durable operations: the one pattern for every write that touches more than one document
// (docs/decisions/0006-durable-operations.md).
//
//   prepare  reads and checks; nothing is written; every id, code and amount is fixed
//   record   the operation document is written first, with that plan       state: holding
//   hold     the steps that can fail (guarded $inc, inserts under unique keys, conditional
//            updates), each reversible; a failure releases what was held   → failed
//   commit   one conditional update of the operation                        → applying
//   apply    the steps that cannot fail (inserts with fixed ids, audit events with fixed
//            ids, derived fields), each idempotent
//   finish   hold markers removed                                            → done
//
// After a crash, recovery releases an operation still `holding` and rolls an `applying` one
// forward, so each is either complete or undone. A one-time key (a form's hidden field, an
// API's Idempotency-Key) is stored with the operation: a repeat gets the first answer.
import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { isRefusal, refuse, type FieldErrors, type Outcome, type Refusal, type RefusalCode } from './command';
import { written } from './crash';
import { forHash, inputHash, type OnceKey } from './once-key';
import { OperationModel, type Operation, type OperationState } from './operation-schema';

// the operation's parts, each in a file of its own, reached from here as before
export type { FieldErrors, Outcome } from './command';
export * from './crash';
export * from './once-key';
export * from './operation-schema';
export * from './steps';

/** One kind of operation; `hold`/`release` are absent when nothing can fail once prepared. */
export interface OperationKind<Plan, Context = undefined> {
  name: string;
  /**
   * Returns field errors when a guard fails (the runner then releases): a refusal with its
   * code, or bare field errors, which are a conflict (the records moved on since prepare read
   * them). Runs once, in the process that prepared the operation, with the in-memory `context` prepare returned; it
   * may complete `op.plan`, which is stored with the commit.
   */
  hold?(op: Operation<Plan>, context: Context): Promise<FieldErrors | Refusal | null>;
  /** Undoes whatever `hold` managed to do. Idempotent; safe when hold never ran. */
  release?(op: Operation<Plan>): Promise<void>;
  /** Idempotent: recovery may run it again after a crash. */
  apply(op: Operation<Plan>): Promise<void>;
  /** Removes hold markers. Idempotent. */
  finish?(op: Operation<Plan>): Promise<void>;
}

const kinds = new Map<string, OperationKind<never, never>>();

export function defineOperation<Plan, Context = undefined>(
  kind: OperationKind<Plan, Context>,
): OperationKind<Plan, Context> {
  kinds.set(kind.name, kind as unknown as OperationKind<never, never>);
  return kind;
}

/**
 * How long an operation's lease lasts without renewal. The process running an operation renews
 * it every third of that while it works, so only a process that stopped (a crash, or a stall
 * longer than the lease: a GC pause, a frozen disk, a failover) loses it. Tests shorten it.
 */
export const lease = { ms: 15_000, renew: true };
const KEEP_MS = 7 * 24 * 3600_000;
/** This process: the owner of the leases it takes. */
export const INSTANCE_ID = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
/** A lease holder: this process, and which taking of the lease (two in one process differ). */
const holderId = () => `${INSTANCE_ID}:${crypto.randomBytes(4).toString('hex')}`;

/**
 * Thrown inside a run when its lease was taken over: another process (or recovery in this one)
 * now drives the operation, and this run must stop writing its state.
 */
export class LeaseLost extends Error {
  constructor(id: Types.ObjectId) {
    super(`operation ${String(id)}: lease taken over`);
  }
}

// ---------------------------------------------------------------- running operations

export type Prepared<Plan, R, Context = undefined> =
  { ok: true; plan: Plan; value: R; context?: Context } | Refusal;

export interface PerformOptions {
  /** The caller's one-time key (forms, API); absent for internal writes. */
  once?: OnceKey;
  /** What identifies a repeat as the same request (the validated input). */
  input?: unknown;
}

/**
 * Runs an operation: `prepare` checks and plans (writing nothing); then the operation is
 * recorded, held, committed, applied and finished. With a one-time key, a repeat (even one
 * sent while the first is still running, or after a crash) answers as the first did.
 */
export async function perform<Plan, R, Context = undefined>(
  kind: OperationKind<Plan, Context>,
  options: PerformOptions,
  prepare: () => Promise<Prepared<Plan, R, Context>>,
): Promise<Outcome<R>> {
  const once = options.once && {
    owner: options.once.owner,
    key: `${options.once.key}#${++options.once.next}`,
  };
  if (once) {
    const earlier = await OperationModel.findOne({ 'once.owner': once.owner, 'once.key': once.key }).lean();
    if (earlier) {
      // bound to its first request whatever its outcome: the same request gets the same answer
      // (a refusal too), another request a conflict. One exception: a run cut off and undone
      // by recovery answered no one, so the same request sent again is carried out afresh
      const settled = await settle(earlier);
      if (!isInterrupted(settled) || !sameRequest(settled, kind.name, options.input))
        return answerOf<R>(settled, kind.name, options.input);
      await OperationModel.updateOne({ _id: settled._id, state: 'failed' }, { $set: { once: null } });
    }
  }
  const prepared = await prepare();
  if (!prepared.ok) {
    if (once) {
      const earlier = await bindRefusal(kind.name, once, options.input, prepared);
      if (earlier) return answerOf<R>(await settle(earlier), kind.name, options.input);
    }
    return refuse(prepared.code, prepared.errors);
  }

  const salt = crypto.randomBytes(8).toString('hex');
  const now = new Date();
  const op: Operation<Plan> = {
    _id: new Types.ObjectId(),
    kind: kind.name,
    state: kind.hold ? 'holding' : 'applying',
    once: once ? { ...once, salt, hash: inputHash(salt, kind.name, forHash(options.input)) } : null,
    plan: prepared.plan,
    answer: { value: prepared.value },
    owner: holderId(),
    leaseUntil: new Date(now.getTime() + lease.ms),
    expiresAt: null,
    createdAt: now,
    updatedAt: now,
  };
  try {
    // the raw driver: the plan is built by our own code, and casting it would only cost time
    await OperationModel.collection.insertOne(op as never);
    written();
  } catch (error) {
    // the same key sent twice at once: the other request recorded it first
    if ((error as { code?: number }).code === 11000 && once) {
      const earlier = await OperationModel.findOne({ 'once.owner': once.owner, 'once.key': once.key }).lean();
      if (earlier) return answerOf<R>(await settle(earlier), kind.name, options.input);
    }
    throw error;
  }
  const end = await drive(kind, op, prepared.context);
  return answerOf<R>(end as Operation<never>, kind.name, options.input, true);
}

/**
 * Records a refused request under its one-time key (an operation born failed, with nothing
 * held), so that the key stays bound to it. Returns the operation that took the key first
 * when another request with the same key got there meanwhile.
 */
async function bindRefusal(
  kind: string,
  once: { owner: string; key: string },
  input: unknown,
  { code, errors }: Refusal,
): Promise<Operation | null> {
  const salt = crypto.randomBytes(8).toString('hex');
  const now = new Date();
  try {
    await OperationModel.collection.insertOne({
      _id: new Types.ObjectId(),
      kind,
      state: 'failed',
      once: { ...once, salt, hash: inputHash(salt, kind, forHash(input)) },
      plan: {},
      answer: { errors, code },
      owner: holderId(),
      leaseUntil: now,
      expiresAt: new Date(now.getTime() + KEEP_MS),
      createdAt: now,
      updatedAt: now,
    } as never);
    return null;
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    return OperationModel.findOne({ 'once.owner': once.owner, 'once.key': once.key }).lean();
  }
}

/**
 * Takes an operation from wherever it stands to `done` or `failed`, renewing its lease while it
 * works. Should the lease be taken over meanwhile (this run stalled past it), every state
 * change of this run is refused: the run undoes what it held, if it was still holding, and
 * answers with whatever the new holder made of the operation.
 */
async function drive<Plan, Context>(
  kind: OperationKind<Plan, Context>,
  op: Operation<Plan>,
  context?: Context,
): Promise<Operation<Plan>> {
  const renewal = keepLease(op);
  const reached = { state: op.state };
  try {
    return await driveSteps(kind, op, reached, context);
  } catch (error) {
    if (!(error instanceof LeaseLost)) throw error;
    // the hold steps taken after the other holder released are this run's to take back
    // (release is idempotent, and a no-op for what was already released or never held);
    // past the commit point nothing is taken back: apply is idempotent and rolls forward
    if (reached.state === 'holding' || reached.state === 'releasing') await kind.release?.(op);
    const now = (await OperationModel.findById(op._id).lean()) as Operation<Plan> | null;
    const settled = now ? ((await settle(now as Operation)) as unknown as Operation<Plan>) : null;
    return (
      settled ?? { ...op, state: 'failed', answer: { errors: { '': ['v.interrupted'] }, code: 'conflict' } }
    );
  } finally {
    renewal.stop();
  }
}

/** Renews the lease every third of its length until stopped; marks it lost if taken over. */
function keepLease(op: Operation<unknown>) {
  const timer = setInterval(
    () => {
      if (!lease.renew) return;
      OperationModel.updateOne(
        { _id: op._id, owner: op.owner, state: { $in: ['holding', 'releasing', 'applying'] } },
        { $set: { leaseUntil: new Date(Date.now() + lease.ms) } },
      ).catch(() => undefined);
    },
    Math.max(10, Math.floor(lease.ms / 3)),
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

async function driveSteps<Plan, Context>(
  kind: OperationKind<Plan, Context>,
  op: Operation<Plan>,
  reached: { state: OperationState },
  context?: Context,
): Promise<Operation<Plan>> {
  const setState = async (o: Operation<unknown>, state: OperationState, extra?: Record<string, unknown>) => {
    await setOperationState(o, state, extra);
    reached.state = state;
  };
  if (op.state === 'holding') {
    const planned = JSON.stringify(op.plan);
    const held = await kind.hold!(op, context as Context);
    if (held) {
      const { errors, code } = isRefusal(held) ? held : refuse('conflict', held);
      await setState(op, 'releasing', { answer: { errors, code } });
      op = { ...op, state: 'releasing', answer: { errors, code } };
    } else {
      // the commit point: from here on the operation is rolled forward, never back (with what
      // holding added to the plan, if anything)
      await setState(op, 'applying', JSON.stringify(op.plan) === planned ? {} : { plan: op.plan });
      op = { ...op, state: 'applying' };
    }
  }
  if (op.state === 'releasing') {
    await kind.release?.(op);
    await setState(op, 'failed', { expiresAt: new Date(Date.now() + KEEP_MS) });
    return { ...op, state: 'failed' };
  }
  if (op.state === 'applying') {
    await kind.apply(op);
    await kind.finish?.(op);
    await setState(op, 'done', { expiresAt: new Date(Date.now() + KEEP_MS) });
    return { ...op, state: 'done' };
  }
  return op;
}

/** Moves the operation on, only from the state this run holds it in and only while it holds the lease. */
async function setOperationState(
  op: Operation<unknown>,
  state: OperationState,
  extra: Record<string, unknown> = {},
) {
  const res = await OperationModel.updateOne(
    { _id: op._id, state: op.state, owner: op.owner },
    { $set: { state, ...extra, leaseUntil: new Date(Date.now() + lease.ms) } },
  );
  written();
  if (res.matchedCount !== 1) throw new LeaseLost(op._id);
}

/** Waits for an operation someone else is running; takes it over if its owner died. */
async function settle(op: Operation): Promise<Operation<never>> {
  let current: Operation | null = op;
  while (current && !isFinished(current.state)) {
    if (current.leaseUntil.getTime() < Date.now()) {
      const taken = await takeLease(current._id, false);
      if (taken) return (await recoverOne(taken)) as Operation<never>;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
    current = await OperationModel.findById(op._id).lean();
  }
  return (current ?? op) as unknown as Operation<never>;
}

const isFinished = (state: OperationState) => state === 'done' || state === 'failed';

const isInterrupted = (op: Operation) =>
  op.state === 'failed' &&
  (op.answer as { errors?: FieldErrors } | null)?.errors?.['']?.[0] === 'v.interrupted';

const sameRequest = (op: Operation, kind: string, input: unknown) =>
  !!op.once && op.kind === kind && op.once.hash === inputHash(op.once.salt, kind, forHash(input));

function answerOf<R>(op: Operation<never>, kind: string, input: unknown, fresh = false): Outcome<R> {
  if (!fresh && op.once && !sameRequest(op as Operation, kind, input)) {
    // the key was used for something else: refuse rather than guess
    return refuse('keyReused', 'v.alreadySubmitted');
  }
  const answer = (op.answer ?? {}) as { value?: R; errors?: FieldErrors; code?: RefusalCode };
  // a refusal stored before refusals had codes was a rule broken; an interruption is a conflict
  if (op.state === 'failed')
    return answer.errors
      ? refuse(answer.code ?? 'invalid', answer.errors)
      : refuse('conflict', 'v.interrupted');
  return { ok: true, value: answer.value as R };
}

function kindOf(op: Operation): OperationKind<unknown, unknown> {
  const kind = kinds.get(op.kind);
  if (!kind) throw new Error(`unknown operation kind ${op.kind}`);
  return kind as OperationKind<unknown, unknown>;
}

async function takeLease(id: Types.ObjectId, ignoreLease: boolean) {
  const now = new Date();
  return OperationModel.findOneAndUpdate(
    {
      _id: id,
      state: { $in: ['holding', 'releasing', 'applying'] },
      ...(ignoreLease ? {} : { leaseUntil: { $lt: now } }),
    },
    { $set: { owner: holderId(), leaseUntil: new Date(now.getTime() + lease.ms) } },
    { returnDocument: 'after' },
  ).lean();
}

/**
 * Finishes what dead processes left: operations still holding are released (the caller was
 * never told they succeeded), applying ones are rolled forward. `exclusive` (the embedded
 * engine, which only this app uses) takes every unfinished operation at start-up; otherwise
 * only those whose lease ran out.
 */
export async function recoverOperations({ exclusive = false } = {}) {
  const open = await OperationModel.find({
    state: { $in: ['holding', 'releasing', 'applying'] },
    ...(exclusive ? {} : { leaseUntil: { $lt: new Date() } }),
  })
    .select('_id')
    .lean();
  const counts = { released: 0, completed: 0 };
  for (const { _id } of open) {
    const op = await takeLease(_id, exclusive);
    if (!op) continue;
    const end = await recoverOne(op);
    if (end.state === 'done') counts.completed += 1;
    else counts.released += 1;
  }
  return counts;
}

/** Releases an operation left holding (its caller was never told it succeeded), or rolls it forward. */
async function recoverOne(op: Operation): Promise<Operation> {
  if (op.state === 'holding') {
    const answer = { errors: { '': ['v.interrupted'] }, code: 'conflict' };
    try {
      await setOperationState(op, 'releasing', { answer });
    } catch (error) {
      if (!(error instanceof LeaseLost)) throw error;
      // taken over meanwhile: whoever holds it now finishes it
      return settle(op) as Promise<Operation>;
    }
    op = { ...op, state: 'releasing', answer };
  }
  return drive(kindOf(op), op as Operation<unknown>) as Promise<Operation>;
}

/** Operations not finished: in flight, or left by a process that died. */
export function unfinishedOperations() {
  return OperationModel.find({ state: { $in: ['holding', 'releasing', 'applying'] } }).lean();
}

export { Types };
