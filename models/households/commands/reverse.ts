// Reversals: entries taken back (guarded: nothing paid), the rollups and lots, the distribution
// marked reversed, then the reversing entries.
import { Types } from 'mongoose';

import { LotModel } from '../../lots/lot';
import {
  clearHold,
  defineOperation,
  insertOnce,
  perform,
  releaseAmount,
  storedActor,
  writeAudit,
  written,
  type Outcome,
  type PlannedAudit,
} from '../../kernel/operation';
import { refuse } from '../../kernel/command';

import { auditEvent } from '../../kernel/write';
import type { Actor } from '../../kernel/audit';
import { scopeFilter, type Scope } from '../../kernel/scope';
import { finishIncome, holdIncome, releaseIncome, type IncomeChange } from '../rollup';
import { DistributionModel, HouseholdEntryModel, isIncomeKind, type HouseholdEntry } from '../schema';

import { type LotPart } from './payout';
import { entryForAudit, incomeOf, payoutFilter } from '../entries';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };

interface ReversePlan {
  entries: Array<{ id: Types.ObjectId; amountFen: number; lot: LotPart | null; householdId: Types.ObjectId }>;
  reversals: Doc[];
  income: IncomeChange[];
  distributionId: Types.ObjectId | null;
  reason: string;
  audits: PlannedAudit[];
}

const reverseOperation = defineOperation<ReversePlan>({
  name: 'household:reverse',
  async hold(op) {
    for (const e of op.plan.entries) {
      const res = await HouseholdEntryModel.collection.updateOne(
        { _id: e.id, paidFen: 0, reversedFen: 0, 'holds.op': { $ne: op._id } },
        {
          $inc: { reversedFen: e.amountFen },
          $push: { holds: { op: op._id, amount: e.amountFen } },
        } as never,
      );
      written();
      if (res.modifiedCount !== 1) return { '': ['household.reversePaid'] };
      if (e.lot) {
        const res2 = await LotModel.collection.updateOne(
          { _id: e.lot.lotId, status: 'in_stock', 'households.entryId': e.id, 'holds.op': { $ne: op._id } },
          {
            $inc: { householdKg: -e.lot.kg, ...(e.lot.grows && { quantity: -e.lot.kg }) },
            $pull: { households: { entryId: e.id } },
            $push: { holds: { op: op._id, amount: -e.lot.kg } },
          } as never,
        );
        written();
        if (res2.modifiedCount !== 1) return { '': ['household.lotMoved'] };
      }
    }
    await holdIncome(op.plan.income, op._id);
    if (op.plan.distributionId) {
      const res = await DistributionModel.collection.updateOne(
        { _id: op.plan.distributionId, state: 'approved' },
        { $set: { state: 'reversed', reversedAt: new Date(), reason: op.plan.reason, reversedOp: op._id } },
      );
      written();
      if (res.modifiedCount !== 1) return { '': ['dividend.alreadyReversed'] };
    }
    return null;
  },
  async release(op) {
    if (op.plan.distributionId) {
      await DistributionModel.collection.updateOne(
        { _id: op.plan.distributionId, reversedOp: op._id },
        { $set: { state: 'approved', reversedAt: null, reason: '' }, $unset: { reversedOp: '' } },
      );
      written();
    }
    await releaseIncome(op._id);
    for (const e of op.plan.entries) {
      if (e.lot) {
        const res = await LotModel.collection.updateOne({ _id: e.lot.lotId, 'holds.op': op._id }, {
          $inc: { householdKg: e.lot.kg, ...(e.lot.grows && { quantity: e.lot.kg }) },
          $push: { households: { householdId: e.householdId, entryId: e.id, kg: e.lot.kg } },
          $pull: { holds: { op: op._id } },
        } as never);
        if (res.modifiedCount) written();
      }
      await releaseAmount(HouseholdEntryModel, e.id, 'reversedFen', op._id);
    }
  },
  async apply(op) {
    await insertOnce(HouseholdEntryModel as never, op.plan.reversals);
    await writeAudit(op.plan.audits);
  },
  async finish(op) {
    await clearHold(HouseholdEntryModel, { _id: { $in: op.plan.entries.map((e) => e.id) } }, op._id);
    const lots = op.plan.entries.filter((e) => e.lot).map((e) => e.lot!.lotId);
    if (lots.length) await clearHold(LotModel, { _id: { $in: lots } }, op._id);
    await finishIncome(op._id);
  },
});

/**
 * Takes back unpaid entries with reversing entries (same kind, opposite amount, same day so
 * that the income figures of that month are corrected); a purchase's kg leave its lot, which
 * must still be in stock. A distribution is reversed whole.
 */
export async function reverseEntries(
  scope: Scope,
  target: { entryId: Types.ObjectId } | { distributionId: Types.ObjectId },
  reason: string,
  actor: Actor,
): Promise<Outcome<{ count: number }> | null> {
  const filter = payoutFilter(scope);
  let distributionId: Types.ObjectId | null = null;
  let entries: Array<HouseholdEntry & { _id: Types.ObjectId }>;
  if ('distributionId' in target) {
    const d = await DistributionModel.findOne({
      _id: target.distributionId,
      ...scopeFilter(scope, { orgField: 'orgId' }),
    }).lean();
    if (!d) return null;
    distributionId = d._id;
    entries = await HouseholdEntryModel.find({
      distributionId: d._id,
      kind: 'dividend',
      amountFen: { $gt: 0 },
    }).lean();
  } else {
    const e = await HouseholdEntryModel.findOne({ _id: target.entryId, ...filter }).lean();
    if (!e || !isIncomeKind(e.kind) || e.amountFen <= 0 || e.distributionId) return null;
    entries = [e];
  }
  return perform(reverseOperation, { once: actor.once, input: { reverse: target, reason } }, async () => {
    if (entries.some((e) => e.paidFen > 0)) return refuse('conflict', 'household.reversePaid');
    if (entries.some((e) => e.reversedFen > 0)) return refuse('conflict', 'household.alreadyReversed');
    const lots = await LotModel.find({ _id: { $in: entries.flatMap((e) => (e.lotId ? [e.lotId] : [])) } })
      .select('origin.kind status')
      .lean();
    const lotOf = new Map(lots.map((l) => [String(l._id), l]));
    const now = new Date();
    const reversals = entries.map((e) => ({
      ...e,
      _id: new Types.ObjectId(),
      number: `${e.number}-CX`,
      amountFen: -e.amountFen,
      ...(e.kg !== undefined && { kg: -e.kg }),
      note: reason,
      at: now,
      byUserId: actor.userId,
      reverses: e._id,
      paidFen: 0,
      reversedFen: 0,
      holds: [],
    }));
    const plan: ReversePlan = {
      entries: entries.map((e) => {
        const l = e.lotId ? lotOf.get(String(e.lotId)) : undefined;
        return {
          id: e._id,
          amountFen: e.amountFen,
          householdId: e.householdId,
          lot:
            e.lotId && l
              ? { lotId: e.lotId, newLot: null, kg: e.kg ?? 0, grows: l.origin.kind === 'collection' }
              : null,
        };
      }),
      reversals,
      income: reversals.map((r) => incomeOf(r)),
      distributionId,
      reason,
      audits: [
        ...reversals.map((r) =>
          auditEvent('HouseholdEntry', 'create', actor, null, entryForAudit(r), r.number)!,
        ),
        ...(distributionId
          ? [
              {
                _id: new Types.ObjectId(),
                at: now,
                actor: storedActor(actor),
                action: 'update' as const,
                entity: 'Distribution',
                recordId: distributionId,
                townId: scope.townId,
                label: String(entries[0]?.number ?? '').replace(/-\d{4}$/, ''),
                before: { state: 'approved' },
                after: { state: 'reversed', reason },
                changed: ['state', 'reason'],
              },
            ]
          : []),
      ],
    };
    return { ok: true, plan, value: { count: reversals.length } };
  });
}
