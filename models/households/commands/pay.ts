// Paying a household: the entry's paid amount (guarded by what is owed), then the payment entry.
import { Types } from 'mongoose';

import { reserveNumber } from '../../lots/lot';
import {
  clearHold,
  defineOperation,
  insertOnce,
  perform,
  releaseAmount,
  writeAudit,
  written,
  type Outcome,
  type PlannedAudit,
  recentTwinPayment,
} from '../../kernel/operation';
import { msg, refuse } from '../../kernel/command';

import { TownModel } from '../../town/town';
import { auditEvent } from '../../kernel/write';
import type { Actor } from '../../kernel/audit';
import { type Scope } from '../../kernel/scope';

import { HouseholdEntryModel, isIncomeKind } from '../schema';
import { yearMonth, type HouseholdPayMethod, owedOnEntry } from '~/domain/household';

import { entryForAudit, NUMBER_PREFIX, payoutFilter } from '../entries';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };

export interface HouseholdPaymentInput {
  amountFen: number;
  paidOn: string;
  method: HouseholdPayMethod;
  reference: string;
  /** the user confirmed that a payment like one recorded within a day is another one */
  confirmRepeat?: boolean;
}

interface PayPlan {
  entryId: Types.ObjectId;
  amountFen: number;
  payment: Doc;
  audit: PlannedAudit;
}

const payOperation = defineOperation<PayPlan>({
  name: 'household:pay',
  async hold(op) {
    const { entryId, amountFen } = op.plan;
    const res = await HouseholdEntryModel.collection.updateOne(
      {
        _id: entryId,
        'holds.op': { $ne: op._id },
        $expr: { $lte: [{ $add: ['$paidFen', amountFen] }, { $subtract: ['$amountFen', '$reversedFen'] }] },
      },
      { $inc: { paidFen: amountFen }, $push: { holds: { op: op._id, amount: amountFen } } } as never,
    );
    written();
    if (res.modifiedCount === 1) return null;
    const now = await HouseholdEntryModel.findById(entryId)
      .select('kind amountFen paidFen reversedFen')
      .lean();
    const owed = now ? owedOnEntry(now) : 0;
    return { amountYuan: [msg('household.overpay', { owed: Math.max(0, owed) / 100 })] };
  },
  release: (op) => releaseAmount(HouseholdEntryModel, op.plan.entryId, 'paidFen', op._id),
  async apply(op) {
    await insertOnce(HouseholdEntryModel as never, [op.plan.payment]);
    await writeAudit([op.plan.audit]);
  },
  finish: (op) => clearHold(HouseholdEntryModel, { _id: op.plan.entryId }, op._id),
});

/** The payer records a payment of what it owes on an entry (never more than is owed). */
export async function payEntry(
  scope: Scope,
  entryId: Types.ObjectId,
  input: HouseholdPaymentInput,
  actor: Actor,
): Promise<Outcome<{ id: string }> | null> {
  const entry = await HouseholdEntryModel.findOne({ _id: entryId, ...payoutFilter(scope) }).lean();
  if (!entry || !isIncomeKind(entry.kind) || entry.amountFen <= 0) return null;
  return perform(payOperation, { once: actor.once, input: { pay: String(entryId), ...input } }, async () => {
    if (!Number.isInteger(input.amountFen) || input.amountFen < 1)
      return refuse('invalid', { amountYuan: ['v.belowFen'] });
    const owed = owedOnEntry(entry);
    if (owed <= 0) return refuse('invalid', { '': ['household.nothingOwed'] });
    if (input.amountFen > owed)
      return refuse('invalid', { amountYuan: [msg('household.overpay', { owed: owed / 100 })] });
    if (input.paidOn < entry.on) return refuse('invalid', { paidOn: ['household.paidBeforeEarned'] });
    if (!input.confirmRepeat) {
      const twin = await recentTwinPayment(HouseholdEntryModel, { pays: entry._id }, input);
      if (twin)
        return refuse('invalid', { confirmRepeat: [msg('household.looksRepeated', { number: twin })] });
    }
    const town = await TownModel.findById(entry.townId).select('code').lean();
    const { year, month } = yearMonth(input.paidOn);
    const payment = {
      _id: new Types.ObjectId(),
      townId: entry.townId,
      villageId: entry.villageId,
      householdId: entry.householdId,
      payerOrgId: entry.payerOrgId,
      kind: 'payment',
      number: await reserveNumber(`${town!.code}-${NUMBER_PREFIX.payment}-${year}`, 6),
      on: input.paidOn,
      year,
      month,
      amountFen: input.amountFen,
      note: '',
      at: new Date(),
      byUserId: actor.userId,
      pays: entry._id,
      method: input.method,
      reference: input.reference,
      paidFen: 0,
      reversedFen: 0,
      holds: [],
    };
    const audit = auditEvent(
      'HouseholdEntry',
      'create',
      actor,
      null,
      entryForAudit(payment),
      payment.number,
    )!;
    return {
      ok: true,
      plan: { entryId: entry._id, amountFen: input.amountFen, payment, audit },
      value: { id: String(payment._id) },
    };
  });
}

/** What a scope reaches of the ledger: the entries its organization owes or paid; officials the town. */
