// Money limits that hold under races and repeats (issue 17): a lowered amendment never lets a
// contract pass what is committed, a correction never leaves more paid than owed, an amount
// below one 分 is refused, a payment like one just recorded asks first, a repeated one-time key
// with another body is a refusal and never a 500, and db:check reports each broken state.
import { afterEach, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { answerAmendment, proposeAmendment } from '#models/trade/amendment';
import { ContractModel } from '#models/trade/contract';
import { DeliveryModel, submitDelivery } from '#models/trade/delivery';
import { checkDatabase } from '#models/kernel/checks';
import { LedgerEntryModel } from '#models/kernel/ledger';
import { crashAfter } from '#models/kernel/operation';
import { raiseProblem } from '#models/oversight/problem';
import * as deliveryPage from '~/routes/deliveries.$id';
import * as problemPage from '~/routes/problems.$id';
import { deliveryOf, deliveryWorld } from '#tests/factories/deliveries';
import { args, expectConsistent, payloadOf, requestAs, statusOf } from '#tests/utils';

afterEach(() => {
  crashAfter.writes = null;
});

type World = Awaited<ReturnType<typeof deliveryWorld>>;

const input = deliveryOf;

const post = async (user: { _id: Types.ObjectId }, id: string, form: Record<string, string>) =>
  deliveryPage.action(args(await requestAs(user, `/deliveries/${id}`, { form }), { id }));

const formErrors = (res: unknown) =>
  JSON.stringify(payloadOf<{ result?: { error?: Record<string, string[]> } }>(res).result?.error ?? {});

const problemsOf = async () => (await checkDatabase({ exclusive: true })).problems.map((p) => p.check);

/** A delivery of `kg` confirmed by the buyer; its id. */
async function confirmedDelivery(w: World, kg: number) {
  const lot = await w.lot(kg);
  const sent = await submitDelivery(w.coopScope, input(w, lot._id, kg), w.coop);
  if (!sent.ok) throw new Error(JSON.stringify(sent.errors));
  const id = String(sent.value.id);
  expect(statusOf(await post(w.users.enterprise, id, { intent: 'confirm' }))).toBe(302);
  return id;
}

describe('a contract never passes what is committed', () => {
  it('an amendment lowering the quantity, accepted while deliveries are sent, leaves delivered within it', async () => {
    for (let round = 0; round < 4; round += 1) {
      const w = await deliveryWorld({ committedQty: 400, overageAllowed: false });
      const lots = [];
      for (let i = 0; i < 4; i += 1) lots.push(await w.lot(100));
      const first = await submitDelivery(w.coopScope, input(w, lots[0]!._id, 100), w.coop);
      expect(first.ok).toBe(true);
      const c = (await ContractModel.findById(w.contract._id).lean())!;
      const proposed = await proposeAmendment(
        w.entScope,
        c._id,
        {
          committedQty: 200,
          windowEnd: c.windowEnd,
          floorFen: c.floorFen,
          overageAllowed: false,
          schedule: c.schedule ?? [],
        },
        '减产',
        w.ent,
      );
      expect(proposed?.ok).toBe(true);
      const amendmentId = (proposed as { value: { id: Types.ObjectId } }).value.id;
      // the seller accepts three times and sends three deliveries of 100 kg, all at once
      const outcomes = await Promise.all([
        answerAmendment(w.coopScope, c._id, amendmentId, { accept: true }, w.coop),
        submitDelivery(w.coopScope, input(w, lots[1]!._id, 100), w.coop),
        answerAmendment(w.coopScope, c._id, amendmentId, { accept: true }, w.coop),
        submitDelivery(w.coopScope, input(w, lots[2]!._id, 100), w.coop),
        answerAmendment(w.coopScope, c._id, amendmentId, { accept: true }, w.coop),
        submitDelivery(w.coopScope, input(w, lots[3]!._id, 100), w.coop),
      ]);
      const after = (await ContractModel.findById(c._id).lean())!;
      const accepted = outcomes.filter((o, i) => i % 2 === 0 && o?.ok).length;
      const delivered = outcomes.filter((o, i) => i % 2 === 1 && o?.ok).length;
      expect(accepted).toBeLessThanOrEqual(1);
      expect(after.deliveredQty).toBe(100 + delivered * 100);
      expect(after.deliveredQty).toBeLessThanOrEqual(after.committedQty);
      if (accepted === 1) expect(after.committedQty).toBe(200);
      await expectConsistent();
    }
  });

  it('db:check reports a contract delivered past its committed quantity', async () => {
    const w = await deliveryWorld({ committedQty: 400, overageAllowed: false });
    const lot = await w.lot(300);
    expect((await submitDelivery(w.coopScope, input(w, lot._id, 300), w.coop)).ok).toBe(true);
    expect(await problemsOf()).toEqual([]);
    // the state of the race above, forced into the database
    await ContractModel.collection.updateOne({ _id: w.contract._id }, { $set: { committedQty: 200 } });
    expect(await problemsOf()).toContain('contract-over-committed');
  });
});

describe('what is paid never passes what is owed', () => {
  it('a correction after full payment is refused, at proposal and at acceptance, and says why', async () => {
    const w = await deliveryWorld({ floorFen: 191, market: { kind: 'none', percent: null } });
    const id = await confirmedDelivery(w, 30);
    const due = (await DeliveryModel.findById(id).lean())!.receipt!.dueFen;
    expect(due).toBe(6330); // 30 kg at 1.91 + 0.20 (grade 1) 元
    const yuan = (fen: number) => (fen / 100).toFixed(2);
    // proposed while unpaid, then paid in full before the seller answers
    expect(
      statusOf(
        await post(w.users.enterprise, id, { intent: 'correct', amountYuan: yuan(due / 2), reason: '多算' }),
      ),
    ).toBe(302);
    expect(
      statusOf(
        await post(w.users.enterprise, id, {
          intent: 'pay',
          amountYuan: yuan(due),
          paidOn: '2026-10-21',
          method: 'bank',
          reference: 'NX-1',
        }),
      ),
    ).toBe(302);
    const accept = await post(w.users.cooperative, id, { intent: 'acceptCorrection' });
    expect(statusOf(accept)).toBe(302); // back to the page, with the reason as its message
    let d = (await DeliveryModel.findById(id).lean())!;
    expect(d.reversedFen ?? 0).toBe(0);
    expect(d.correction?.status).toBe('proposed');
    expect(await LedgerEntryModel.countDocuments({ deliveryId: d._id, kind: 'reversal' })).toBe(0);
    // the seller refuses it; a new one is refused at once, naming what was paid
    expect(
      statusOf(await post(w.users.cooperative, id, { intent: 'refuseCorrection', reason: '已付清' })),
    ).toBe(302);
    const again = await post(w.users.enterprise, id, { intent: 'correct', amountYuan: '1', reason: '多算' });
    expect(statusOf(again)).toBe(400);
    expect(formErrors(again)).toContain('reversal.unpaidOnly');
    d = (await DeliveryModel.findById(id).lean())!;
    expect(d.paidFen + (d.reversedFen ?? 0)).toBeLessThanOrEqual(d.receipt!.dueFen);
    await expectConsistent();
  });

  it('db:check reports a receipt with more paid and corrected than was due', async () => {
    const w = await deliveryWorld();
    const id = await confirmedDelivery(w, 30);
    await post(w.users.enterprise, id, {
      intent: 'pay',
      amountYuan: '10',
      paidOn: '2026-10-21',
      method: 'cash',
      reference: '',
    });
    expect(await problemsOf()).toEqual([]);
    // the state issue 17 met (more paid and taken off than due), forced into the database
    await DeliveryModel.collection.updateOne(
      { _id: new Types.ObjectId(id) },
      { $set: { 'receipt.dueFen': 500 } },
    );
    expect(await problemsOf()).toContain('delivery-overpaid');
  });

  it('an amount below one 分, or with part of a 分, is refused with a message and writes nothing', async () => {
    const w = await deliveryWorld();
    const id = await confirmedDelivery(w, 30);
    for (const [amountYuan, message] of [
      ['0.001', 'v.belowFen'],
      ['0.004', 'v.belowFen'],
      ['1.234', 'v.wholeFen'],
    ] as const) {
      const res = await post(w.users.enterprise, id, {
        intent: 'pay',
        amountYuan,
        paidOn: '2026-10-21',
        method: 'cash',
        reference: '',
      });
      expect(statusOf(res)).toBe(400);
      expect(formErrors(res)).toContain(message);
    }
    expect(await LedgerEntryModel.countDocuments({ kind: 'payment' })).toBe(0);
    expect((await DeliveryModel.findById(id).lean())!.paidFen).toBe(0);
  });

  it('a payment like one recorded on the receipt within a day asks to be confirmed first', async () => {
    const w = await deliveryWorld();
    const id = await confirmedDelivery(w, 3000);
    const pay = (extra: Record<string, string> = {}) =>
      post(w.users.enterprise, id, {
        intent: 'pay',
        amountYuan: '100',
        paidOn: '2026-10-21',
        method: 'bank',
        reference: 'NX-TEST-1',
        ...extra,
      });
    expect(statusOf(await pay())).toBe(302);
    const second = await pay();
    expect(statusOf(second)).toBe(400);
    expect(formErrors(second)).toContain('payment.looksRepeated');
    expect(await LedgerEntryModel.countDocuments({ kind: 'payment' })).toBe(1);
    // another reference is another payment; the same one confirmed is recorded
    expect(statusOf(await pay({ reference: 'NX-TEST-2' }))).toBe(302);
    expect(statusOf(await pay({ confirmRepeat: 'on' }))).toBe(302);
    expect(await LedgerEntryModel.countDocuments({ kind: 'payment' })).toBe(3);
    expect((await DeliveryModel.findById(id).lean())!.paidFen).toBe(30_000);
  });

  it('a progress note the same as one recorded within a day asks to be confirmed first', async () => {
    const w = await deliveryWorld();
    const p = await raiseProblem(
      { townId: w.town._id, orgId: w.orgs.government._id, raisedBy: '镇干部' },
      {
        title: '道路',
        villageId: '',
        source: 'meeting',
        raisedOn: '2026-10-01',
        category: 'road',
        description: '',
      } as never,
      w.coop,
    );
    const id = String((p as { _id: Types.ObjectId })._id);
    const note = async (extra: Record<string, string> = {}) =>
      problemPage.action(
        args(
          await requestAs(w.users.official, `/problems/${id}`, {
            form: { intent: 'note', on: '2026-10-02', note: '已联系施工队', ...extra },
          }),
          { id },
        ),
      );
    expect(statusOf(await note())).toBe(302);
    const again = await note();
    expect(statusOf(again)).toBe(400);
    expect(formErrors(again)).toContain('problem.noteRepeated');
    expect(statusOf(await note({ confirmRepeat: 'on' }))).toBe(302);
  });
});

describe('a refusal is an answer, never a 500', () => {
  it('adjust, proposeCorrection and refuseCorrection sent again with one key and another body', async () => {
    const w = await deliveryWorld();
    const lot = await w.lot(300);
    const sent = await submitDelivery(w.coopScope, input(w, lot._id, 300), w.coop);
    const id = String((sent as { value: { id: Types.ObjectId } }).value.id);
    const key = { _once: 'k'.repeat(24) };
    const adjust = (quantity: string) =>
      post(w.users.enterprise, id, {
        ...key,
        intent: 'adjust',
        quantity,
        grade: 'grade2',
        moisturePct: '14',
        impurityPct: '2',
        reason: '复秤',
      });
    expect(statusOf(await adjust('290'))).toBe(302);
    // the same key again with the same body answers as the first time; with another, a refusal
    expect(statusOf(await adjust('290'))).toBe(302);
    const other = await adjust('280');
    expect(statusOf(other)).toBe(400);
    expect(formErrors(other)).toContain('v.alreadySubmitted');
    expect((await DeliveryModel.findById(id).lean())!.adjustment?.quantity).toBe(290);

    const id2 = await confirmedDelivery(w, 300);
    const key2 = { _once: 'c'.repeat(24) };
    const correct = (amountYuan: string) =>
      post(w.users.enterprise, id2, { ...key2, intent: 'correct', amountYuan, reason: '多算' });
    expect(statusOf(await correct('1'))).toBe(302);
    expect(statusOf(await correct('2'))).toBe(400);
    const key3 = { _once: 'r'.repeat(24) };
    const refuse = (reason: string) =>
      post(w.users.cooperative, id2, { ...key3, intent: 'refuseCorrection', reason });
    expect(statusOf(await refuse('不同意'))).toBe(302);
    expect(statusOf(await refuse('另一个理由'))).toBe(400);
    expect((await DeliveryModel.findById(id2).lean())!.correction).toMatchObject({
      status: 'refused',
      answer: '不同意',
      amountFen: 100,
    });
  });
});

describe('links a delivery shows (found by the fuzz)', () => {
  it('the buyer is not linked to lots the seller still holds; once received, it is', async () => {
    const w = await deliveryWorld();
    const lot = await w.lot(300);
    const sent = await submitDelivery(w.coopScope, input(w, lot._id, 300), w.coop);
    const id = String((sent as { value: { id: Types.ObjectId } }).value.id);
    const page = async (user: { _id: Types.ObjectId }) =>
      payloadOf<{ openableLots: string[] }>(
        await deliveryPage.loader(args(await requestAs(user, `/deliveries/${id}`), { id })),
      ).openableLots;
    expect(await page(w.users.cooperative)).toEqual([String(lot._id)]);
    expect(await page(w.users.enterprise)).toEqual([]);
    expect(statusOf(await post(w.users.enterprise, id, { intent: 'confirm' }))).toBe(302);
    expect(await page(w.users.enterprise)).toEqual([String(lot._id)]);
  });
});
