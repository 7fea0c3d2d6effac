// A cooperative's dividend (二次返利): the distribution (one approved per cooperative and year,
// unique), the rollups, then every household's dividend entry.
import { Types } from 'mongoose';

import { reserveNumber } from '../../lots/lot';
import {
  defineOperation,
  insertOnce,
  perform,
  writeAudit,
  written,
  type PlannedAudit,
} from '../../kernel/operation';
import { refuse } from '../../kernel/command';

import { VISIBLE } from '../../kernel/staging';
import { TownModel } from '../../town/town';
import { auditEvent } from '../../kernel/write';
import type { Actor } from '../../kernel/audit';
import { type Scope } from '../../kernel/scope';
import { finishIncome, holdIncome, releaseIncome, type IncomeChange } from '../rollup';
import { DistributionModel, HouseholdEntryModel, HouseholdModel, HouseholdYearModel } from '../schema';
import { splitDividend, yearMonth } from '~/domain/household';

import { entryForAudit, incomeOf } from '../entries';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };

export interface DividendInput {
  year: number;
  surplusFen: number;
  volumePct: number;
  landFenPerMu: number;
  paidOn: string;
}

/** The proposed split of a cooperative's surplus over its members (nothing is written). */
export async function proposeDividend(scope: Scope, input: DividendInput) {
  const orgId = scope.orgId!;
  const [members, volumes] = await Promise.all([
    HouseholdModel.find({ 'memberships.orgId': orgId, townId: scope.townId, archivedAt: null, ...VISIBLE })
      .select('villageId number head memberships')
      .sort({ villageId: 1, number: 1 })
      .lean(),
    HouseholdYearModel.find({ payerOrgId: orgId, year: input.year }).select('householdId purchase').lean(),
  ]);
  const volumeOf = new Map(volumes.map((v) => [String(v.householdId), v.purchase]));
  const rows = members.map((h) => {
    const m = h.memberships.find((x) => x.orgId.equals(orgId))!;
    return {
      householdId: String(h._id),
      villageId: h.villageId,
      number: h.number,
      head: h.head,
      cashFen: m.cashFen,
      landMu: m.landMu,
      volumeFen: Math.max(0, volumeOf.get(String(h._id)) ?? 0),
      shareFen: m.cashFen + Math.round(m.landMu * input.landFenPerMu),
    };
  });
  const split = splitDividend(input.surplusFen, input.volumePct, rows);
  return { rows, split };
}

interface DividendPlan {
  distribution: Doc;
  entries: Doc[];
  income: IncomeChange[];
  audits: PlannedAudit[];
}

const dividendOperation = defineOperation<DividendPlan>({
  name: 'household:dividend',
  async hold(op) {
    try {
      await DistributionModel.collection.insertOne(op.plan.distribution as never);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      const mine = await DistributionModel.collection.findOne({ _id: op.plan.distribution._id });
      if (!mine) return { year: ['dividend.exists'] };
    }
    written();
    await holdIncome(op.plan.income, op._id);
    return null;
  },
  async release(op) {
    await releaseIncome(op._id);
    await DistributionModel.collection.deleteOne({ _id: op.plan.distribution._id });
    written();
  },
  async apply(op) {
    await insertOnce(HouseholdEntryModel as never, op.plan.entries);
    await writeAudit(op.plan.audits);
  },
  finish: (op) => finishIncome(op._id),
});

/** Approves the split: it becomes a dividend payable to each household, and never changes. */
export async function approveDividend(scope: Scope, input: DividendInput, actor: Actor) {
  const orgId = scope.orgId!;
  return perform(dividendOperation, { once: actor.once, input: { dividend: input } }, async () => {
    if (input.paidOn.slice(0, 4) < String(input.year))
      return refuse('invalid', { paidOn: ['dividend.paidBeforeYear'] });
    const exists = await DistributionModel.exists({ orgId, year: input.year, state: 'approved' });
    if (exists) return refuse('invalid', { year: ['dividend.exists'] });
    const { rows, split } = await proposeDividend(scope, input);
    if (!split.ok)
      return refuse('invalid', {
        [split.error === 'belowFloor' ? 'volumePct' : 'surplusYuan']: [`dividend.${split.error}`],
      });
    const town = await TownModel.findById(scope.townId).select('code').lean();
    const { year, month } = yearMonth(input.paidOn);
    const distributionId = new Types.ObjectId();
    const number = await reserveNumber(`${town!.code}-FP-${input.year}`);
    const now = new Date();
    const lines = split.lines
      .map((l, i) => ({ ...l, villageId: rows[i].villageId }))
      .filter((l) => l.amountFen > 0)
      .map((l) => ({
        householdId: new Types.ObjectId(l.householdId),
        villageId: l.villageId,
        volumeFen: l.volumeFen,
        shareFen: l.shareFen,
        byVolumeFen: l.byVolumeFen,
        bySharesFen: l.bySharesFen,
        amountFen: l.amountFen,
        entryId: new Types.ObjectId(),
      }));
    const entries = lines.map((l, i) => ({
      _id: l.entryId,
      townId: scope.townId,
      villageId: l.villageId,
      householdId: l.householdId,
      payerOrgId: orgId,
      kind: 'dividend',
      number: `${number}-${String(i + 1).padStart(4, '0')}`,
      on: input.paidOn,
      year,
      month,
      amountFen: l.amountFen,
      note: '',
      at: now,
      byUserId: actor.userId,
      distributionId,
      paidFen: 0,
      reversedFen: 0,
      holds: [],
    }));
    const distribution = {
      _id: distributionId,
      townId: scope.townId,
      orgId,
      number,
      year: input.year,
      surplusFen: input.surplusFen,
      volumePct: split.volumePct,
      landFenPerMu: input.landFenPerMu,
      byVolumeFen: split.byVolumeFen,
      bySharesFen: split.bySharesFen,
      paidOn: input.paidOn,
      state: 'approved',
      lines,
      approvedAt: now,
      approvedBy: actor.userId,
      reversedAt: null,
      reason: '',
    };
    const { lines: _l, ...summary } = distribution;
    const audits = [
      auditEvent('Distribution', 'create', actor, null, { ...summary, households: lines.length }, number)!,
      ...entries.map((e) => auditEvent('HouseholdEntry', 'create', actor, null, entryForAudit(e), e.number)!),
    ];
    return {
      ok: true,
      plan: { distribution, entries, income: entries.map((e) => incomeOf(e as never)), audits },
      value: { id: String(distributionId), number },
    };
  });
}
