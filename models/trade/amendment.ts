// Amendments (变更) of an active contract: its terms are frozen, so a change is proposed by one
// party and accepted by the other. Accepting is one operation (models/kernel/operation.ts): the
// amendment is claimed once and the contract's terms changed at the version read, or neither.
// Each amendment keeps the terms before it, so every earlier version of the terms stays readable.
import { Schema, Types } from 'mongoose';
import type { ScheduleLine } from '~/domain/contract';
import { defineModel, DuplicateKeyError, toPlain } from '../kernel/common';
import { ContractModel, contractFilter, QTY_EPSILON, type ContractDoc } from './contract';
import {
  defineOperation,
  perform,
  writeAudit,
  written,
  type FieldErrors,
  type Outcome,
  type PlannedAudit,
} from '../kernel/operation';
import { refuse } from '../kernel/command';
import {
  auditEvent,
  createRecord,
  holdChange,
  refusedAs,
  releaseChange,
  snapshot,
  updateRecord,
} from '../kernel/write';
import type { Actor } from '../kernel/audit';
import type { Scope } from '../kernel/scope';

/** The terms an amendment may change. */
export interface AmendableTerms {
  committedQty: number;
  windowEnd: string;
  floorFen: number;
  overageAllowed: boolean;
  schedule: ScheduleLine[];
}
export const AMENDABLE = ['committedQty', 'windowEnd', 'floorFen', 'overageAllowed', 'schedule'] as const;

export interface Amendment {
  townId: Types.ObjectId;
  contractId: Types.ObjectId;
  code: string; // the contract's code and -BG1, -BG2 …
  proposedByOrgId: Types.ObjectId;
  changes: Partial<AmendableTerms>;
  before: Partial<AmendableTerms>; // the terms it replaced (kept readable)
  reason: string;
  status: 'proposed' | 'accepted' | 'refused';
  answer: string;
  answeredAt: Date | null;
  op: Types.ObjectId | null;
}

const amendmentSchema = new Schema<Amendment>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    contractId: { type: Schema.Types.ObjectId, required: true },
    code: { type: String, required: true },
    proposedByOrgId: { type: Schema.Types.ObjectId, required: true },
    changes: { type: Schema.Types.Mixed, required: true },
    before: { type: Schema.Types.Mixed, required: true },
    reason: { type: String, required: true },
    status: { type: String, enum: ['proposed', 'accepted', 'refused'], required: true },
    answer: { type: String, default: '' },
    answeredAt: { type: Date, default: null },
    op: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true, minimize: false },
);
amendmentSchema.index({ contractId: 1, _id: 1 });
amendmentSchema.index({ code: 1 }, { unique: true });
// one proposal open at a time per contract
amendmentSchema.index(
  { contractId: 1 },
  { unique: true, partialFilterExpression: { status: 'proposed' }, name: 'one_open_proposal' },
);

export const AmendmentModel = defineModel('Amendment', amendmentSchema);

export async function listAmendments(contractId: Types.ObjectId) {
  const docs = await AmendmentModel.find({ contractId }).sort({ _id: 1 }).lean();
  return docs.map(toPlain);
}

/** The changes that differ from the contract's terms now, with what they replace. */
function diff(contract: ContractDoc, wanted: AmendableTerms) {
  const changes: Partial<AmendableTerms> = {};
  const before: Partial<AmendableTerms> = {};
  for (const key of AMENDABLE) {
    const now = contract[key as keyof ContractDoc];
    if (JSON.stringify(now) !== JSON.stringify(wanted[key])) {
      (changes as Record<string, unknown>)[key] = wanted[key];
      (before as Record<string, unknown>)[key] = now;
    }
  }
  return { changes, before };
}

/** A party proposes new terms for an active contract, with a reason. */
export async function proposeAmendment(
  scope: Scope,
  contractId: Types.ObjectId,
  wanted: AmendableTerms,
  reason: string,
  actor: Actor,
): Promise<Outcome<{ id: Types.ObjectId }>> {
  const contract = (await ContractModel.findOne({
    _id: contractId,
    ...contractFilter(scope),
  }).lean()) as ContractDoc | null;
  if (!contract) return refuse('notFound');
  const party = contract.buyerOrgId.equals(scope.orgId!) || contract.sellerOrgId.equals(scope.orgId!);
  if (!party || contract.status !== 'active') return refuse('conflict', 'amendment.notActive');
  const { changes, before } = diff(contract, wanted);
  if (Object.keys(changes).length === 0) return refuse('invalid', { '': ['amendment.nothing'] });
  if (wanted.committedQty < contract.deliveredQty)
    return refuse('invalid', {
      committedQty: [`amendment.belowDelivered|${JSON.stringify({ delivered: contract.deliveredQty })}`],
    });
  if (wanted.windowEnd < contract.windowStart)
    return refuse('invalid', { windowEnd: ['contract.windowBackwards'] });
  const count = await AmendmentModel.countDocuments({ contractId });
  try {
    const doc = await createRecord(
      AmendmentModel,
      {
        townId: contract.townId,
        contractId,
        code: `${contract.code}-BG${count + 1}`,
        proposedByOrgId: scope.orgId!,
        changes,
        before,
        reason,
        status: 'proposed',
        answer: '',
        answeredAt: null,
        op: null,
      },
      actor,
      { label: (d) => String(d.code), input: { amend: String(contractId), changes, reason } },
    );
    return { ok: true, value: { id: doc._id } };
  } catch (error) {
    if (error instanceof DuplicateKeyError) return refuse('conflict', 'amendment.open');
    throw error;
  }
}

interface AcceptPlan {
  amendmentId: Types.ObjectId;
  contractId: Types.ObjectId;
  rev: number | null;
  changes: Record<string, unknown>;
  before: Record<string, unknown>;
  audits: PlannedAudit[];
}

/**
 * What the contract must satisfy for the changed terms to take: what is delivered (with the
 * deliveries being submitted at this moment, which hold their quantity on the same document)
 * stays within the new committed quantity unless overage is allowed after the change.
 */
function stillCovers(changes: Record<string, unknown>) {
  const committed = typeof changes.committedQty === 'number' ? changes.committedQty : '$committedQty';
  if (changes.overageAllowed === true) return {};
  const fits = { $expr: { $lte: ['$deliveredQty', { $add: [committed, QTY_EPSILON] }] } };
  return changes.overageAllowed === false ? fits : { $or: [{ overageAllowed: true }, fits] };
}

const acceptOperation = defineOperation<AcceptPlan>({
  name: 'contract:amend',
  async hold(op): Promise<FieldErrors | null> {
    const p = op.plan;
    const claimed = await AmendmentModel.updateOne(
      { _id: p.amendmentId, status: 'proposed' },
      { $set: { status: 'accepted', answeredAt: new Date(), op: op._id } },
    );
    written();
    if (claimed.modifiedCount !== 1) return { '': ['amendment.notWaiting'] };
    const after = await holdChange(
      ContractModel as never,
      { _id: p.contractId, status: 'active', ...stillCovers(p.changes) },
      p.rev,
      p.changes,
      op._id,
    );
    if (after) return null;
    const now = await ContractModel.findById(p.contractId).select('deliveredQty').lean();
    const committed = p.changes.committedQty;
    if (now && typeof committed === 'number' && now.deliveredQty > committed + QTY_EPSILON)
      return { '': [`amendment.belowDelivered|${JSON.stringify({ delivered: now.deliveredQty })}`] };
    return { '': ['v.concurrentChange'] };
  },
  async release(op) {
    const p = op.plan;
    await releaseChange(ContractModel as never, p.contractId, p.rev, p.before, p.changes, op._id);
    await AmendmentModel.updateOne(
      { _id: p.amendmentId, op: op._id },
      { $set: { status: 'proposed', answeredAt: null, op: null } },
    );
    written();
  },
  apply: (op) => writeAudit(op.plan.audits),
});

/** The other party accepts the proposal (the contract's terms change) or refuses it with a reason. */
export async function answerAmendment(
  scope: Scope,
  contractId: Types.ObjectId,
  amendmentId: Types.ObjectId,
  answer: { accept: true } | { accept: false; reason: string },
  actor: Actor,
): Promise<Outcome<{ id: Types.ObjectId }>> {
  const contract = (await ContractModel.findOne({
    _id: contractId,
    ...contractFilter(scope),
  }).lean()) as ContractDoc | null;
  if (!contract) return refuse('notFound');
  const a = await AmendmentModel.findOne({ _id: amendmentId, contractId }).lean();
  if (!a) return refuse('notFound');
  const party = contract.buyerOrgId.equals(scope.orgId!) || contract.sellerOrgId.equals(scope.orgId!);
  // the other party answers, never the one that proposed
  if (!party || a.proposedByOrgId.equals(scope.orgId!))
    return refuse('invalid', { '': ['amendment.notYours'] });
  if (!answer.accept) {
    const saved = await refusedAs(() =>
      updateRecord(
        AmendmentModel,
        { _id: amendmentId, status: 'proposed' },
        { status: 'refused', answer: answer.reason, answeredAt: new Date() },
        actor,
        { label: (d) => String(d.code) },
      ),
    );
    if (!saved.ok) return saved;
    return saved.value
      ? { ok: true, value: { id: amendmentId } }
      : refuse('conflict', 'amendment.notWaiting');
  }
  return perform(
    acceptOperation,
    { once: actor.once, input: { acceptAmendment: String(amendmentId) } },
    async () => {
      if (a.status !== 'proposed') return refuse('conflict', 'amendment.notWaiting');
      const changes = a.changes as Record<string, unknown>;
      const { rev, before } = snapshot(contract as never, changes);
      const after = { ...contract, ...changes } as never;
      const audits = [
        auditEvent('Contract', 'update', actor, contract as never, after, contract.code),
        auditEvent(
          'Amendment',
          'update',
          actor,
          { ...a, status: 'proposed' } as never,
          { ...a, status: 'accepted' } as never,
          a.code,
        ),
      ].filter((e): e is PlannedAudit => e !== null);
      return {
        ok: true,
        plan: { amendmentId, contractId, rev, changes, before, audits },
        value: { id: amendmentId },
      };
    },
  );
}

export { Types };
