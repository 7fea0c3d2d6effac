// Voiding a herd event entered by mistake: a reversing event of the same kind with the opposite
// change, on the same date, so that the history is right at every moment. The mistaken event
// stays (marked voided by the reversal) and both are left out of the figures by kind. Ear tags
// go back to what they were, and a lot made for animals sold is voided (while it has not moved).
// One operation: after a crash, all of it is done or none.
import { Types } from 'mongoose';
import { LotModel } from '../../lots/lot';
import {
  clearHold,
  defineOperation,
  holdAmount,
  insertOnce,
  perform,
  releaseAmount,
  writeAudit,
  written,
  type FieldErrors,
  type PlannedAudit,
} from '../../kernel/operation';
import { refuse, type Refusal } from '../../kernel/command';
import { auditEvent } from '../../kernel/write';
import type { Actor } from '../../kernel/audit';
import { currentHead, dailyDeltas, lowestFrom, type BaseInfo } from './base';
import { countId, EarTagModel, HerdCountModel, HerdEventModel } from './schema';
import { isAdding } from '~/schemas/herd';
import type { Species } from '~/schemas/roles';

interface ReversePlan {
  originalId: Types.ObjectId;
  reversalId: Types.ObjectId;
  countId: string;
  baseId: Types.ObjectId;
  species: Species;
  delta: number; // the reversal's change: the original's, opposite
  addedTags: string[]; // registered by the original: voided, then removed
  retiredTags: { tags: string[]; status: 'dead' | 'sold' }; // retired by the original: alive again
  lotId: Types.ObjectId | null;
  reversal: Record<string, unknown> & { _id: Types.ObjectId };
  audits: PlannedAudit[];
}

const reverseOperation = defineOperation<ReversePlan>({
  name: 'herd:reverse',
  async hold(op): Promise<FieldErrors | null> {
    const p = op.plan;
    // once: the original is claimed by this reversal, or someone voided it first
    const claimed = await HerdEventModel.updateOne(
      { _id: p.originalId, reversedBy: null },
      { $set: { reversedBy: p.reversalId } },
    );
    written();
    if (claimed.modifiedCount !== 1) return { '': ['herd.alreadyReversed'] };
    const removing = p.delta < 0;
    const held = await holdAmount(
      HerdCountModel,
      { _id: p.countId, ...(removing && { head: { $gte: -p.delta } }) },
      'head',
      p.delta,
      op._id,
    );
    if (!held) {
      const now = await currentHead(p.baseId, p.species);
      return { '': [`herd.reverseNotEnough|${JSON.stringify({ head: -p.delta, now })}`] };
    }
    if (p.addedTags.length) {
      const voided = await EarTagModel.updateMany(
        { _id: { $in: p.addedTags }, addedBy: p.originalId, status: 'alive' },
        { $set: { status: 'voided', removedBy: p.reversalId } },
      );
      written();
      if (voided.modifiedCount !== p.addedTags.length) return { '': ['herd.reverseTagsGone'] };
    }
    if (p.retiredTags.tags.length) {
      await EarTagModel.updateMany(
        { _id: { $in: p.retiredTags.tags }, removedBy: p.originalId },
        { $set: { status: 'alive', removedBy: null } },
      );
      written();
    }
    if (p.lotId) {
      const lot = await LotModel.updateOne(
        { _id: p.lotId, movedAt: null, status: 'in_stock' },
        { $set: { status: 'voided', movedAt: new Date() } },
      );
      written();
      if (lot.modifiedCount !== 1) return { '': ['herd.reverseLotMoved'] };
    }
    return null;
  },
  async release(op) {
    const p = op.plan;
    if (p.lotId) {
      await LotModel.updateOne(
        { _id: p.lotId, status: 'voided' },
        { $set: { status: 'in_stock', movedAt: null } },
      );
    }
    if (p.retiredTags.tags.length) {
      await EarTagModel.updateMany(
        { _id: { $in: p.retiredTags.tags }, status: 'alive', removedBy: null },
        { $set: { status: p.retiredTags.status, removedBy: p.originalId } },
      );
    }
    await EarTagModel.updateMany(
      { removedBy: p.reversalId, status: 'voided' },
      { $set: { status: 'alive', removedBy: null } },
    );
    await releaseAmount(HerdCountModel, p.countId, 'head', op._id);
    await HerdEventModel.updateOne(
      { _id: p.originalId, reversedBy: p.reversalId },
      { $set: { reversedBy: null } },
    );
    written();
  },
  async apply(op) {
    await Promise.all([insertOnce(HerdEventModel as never, [op.plan.reversal]), writeAudit(op.plan.audits)]);
    // the mistaken tags are freed for the animals that really carry them
    await EarTagModel.deleteMany({ removedBy: op.plan.reversalId, status: 'voided' });
    written();
  },
  finish: (op) => clearHold(HerdCountModel, { _id: op.plan.countId }, op._id),
});

export type ReverseResult = { ok: true; id: Types.ObjectId } | Refusal | null;

/** Voids one of a base's events by a reversing entry; null when the event is not the base's. */
export async function reverseHerdEvent(
  base: BaseInfo,
  eventId: Types.ObjectId,
  note: string,
  actor: Actor,
): Promise<ReverseResult> {
  const outcome = await perform(
    reverseOperation,
    { once: actor.once, input: { eventId, note } },
    async () => {
      const original = await HerdEventModel.findOne({
        _id: eventId,
        orgId: base._id,
        staged: { $ne: true },
      }).lean();
      if (!original) return refuse('notFound');
      if (original.reverses) return refuse('conflict', 'herd.reversalOfReversal');
      if (original.reversedBy) return refuse('conflict', 'herd.alreadyReversed');
      const delta = -original.delta;
      if (delta < 0) {
        // taking animals out on the original's date must not take the history below zero
        const days = await dailyDeltas(base._id, original.species);
        const available = Math.min(
          await currentHead(base._id, original.species),
          lowestFrom(days, original.date),
        );
        if (-delta > available) {
          return {
            ok: false,
            code: 'invalid',
            errors: {
              '': [`herd.reverseNotEnough|${JSON.stringify({ head: -delta, now: Math.max(0, available) })}`],
            },
          };
        }
      }
      const reversalId = new Types.ObjectId();
      const now = new Date();
      const reversal = {
        _id: reversalId,
        townId: original.townId,
        orgId: original.orgId,
        species: original.species,
        kind: original.kind,
        date: original.date,
        head: original.head,
        delta,
        earTags: [],
        cause: '',
        buyer: '',
        weightKg: null,
        priceFen: null,
        notes: note,
        lotId: null,
        lotCode: '',
        reverses: original._id,
        reversedBy: null,
        importId: null,
        createdAt: now,
        updatedAt: now,
      };
      const adding = isAdding(original.kind);
      const label = `${original.kind} ${original.head}`;
      const audits = [
        auditEvent('HerdEvent', 'create', actor, null, reversal, `${label} (冲正)`),
        auditEvent(
          'HerdEvent',
          'update',
          actor,
          original as never,
          { ...original, reversedBy: reversalId } as never,
          label,
        ),
      ].filter((e): e is PlannedAudit => e !== null);
      const plan: ReversePlan = {
        originalId: original._id,
        reversalId,
        countId: countId(base._id, original.species),
        baseId: base._id,
        species: original.species,
        delta,
        addedTags: adding ? original.earTags : [],
        retiredTags: {
          tags: adding ? [] : original.earTags,
          status: original.kind === 'death' ? 'dead' : 'sold',
        },
        lotId: original.lotId,
        reversal,
        audits,
      };
      return { ok: true as const, plan, value: { id: reversalId } };
    },
  );
  if (outcome.ok) return { ok: true, id: outcome.value.id };
  if (outcome.code === 'notFound') return null;
  return outcome;
}
