// Deliveries, confirmation, receipts and payments (issue 9): a cooperative delivers part of a
// lot under a contract, the enterprise confirms exactly once, the receipt follows the
// contract's terms, a payment marks it paid, and editing a stored receipt is caught.
import { afterEach, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { ContractModel } from '#models/trade/contract';
import {
  DeliveryModel,
  confirmDelivery,
  income,
  owed,
  submitDelivery,
  verifyContract,
  type DeliveryInput,
} from '#models/trade/delivery';
import { checkDatabase } from '#models/kernel/checks';
import { buildIndexes } from '#models/kernel/common';
import { LedgerEntryModel, verifyChain } from '#models/kernel/ledger';
import { LotModel } from '#models/lots/lot';
import { OrganizationModel } from '#models/town/organization';
import { crashAfter, onceKey } from '#models/kernel/operation';
import { setPrice } from '#models/trade/price';
import * as deliveryPage from '~/routes/deliveries.$id';
import * as verbRoute from '~/routes/api.v1.deliveries.$id.$verb';
import { issueToken } from '#models/town/api-token';
import * as deliveries from '~/routes/deliveries._index';
import * as newDelivery from '~/routes/deliveries.new';
import * as lotRoute from '~/routes/lots.$code._index';
import * as homeRoute from '~/routes/_index';
import { countDeliveriesWaiting } from '#models/trade/delivery';
import * as publicPage from '~/routes/t.$code';
import { deliveryWorld } from '#tests/factories/deliveries';
import { makeOrg, makeUser } from '#tests/factories';
import {
  args,
  crashAt,
  expectConsistent,
  expectThrownStatus,
  payloadOf,
  requestAs,
  statusOf,
} from '#tests/utils';

const input = (
  w: Awaited<ReturnType<typeof deliveryWorld>>,
  lines: DeliveryInput['lines'],
  extra: Partial<DeliveryInput> = {},
): DeliveryInput => ({
  contractId: w.contract._id,
  deliveredOn: '2026-10-20',
  weighTicket: `BD-${new Types.ObjectId().toHexString().slice(-8)}`,
  grade: 'grade1',
  moisturePct: 16,
  impurityPct: 3,
  lines,
  ...extra,
});

const post = async (user: { _id: Types.ObjectId }, id: string, form: Record<string, string>) =>
  deliveryPage.action(args(await requestAs(user, `/deliveries/${id}`, { form }), { id }));

describe('deliveries', () => {
  it('part of a lot delivered, priced by the contract, confirmed, paid, counted as income', async () => {
    const w = await deliveryWorld({ depositFen: 50_000 });
    await setPrice(
      w.town._id,
      { productId: w.kudzu._id, day: '2026-10-18', fen: 170, source: 'manual', note: '' },
      w.ent,
    );
    const lot = await w.lot(3000);

    // the seller works out the amount first, before the weigh ticket's number is at hand:
    // nothing is written
    const form = {
      contractId: String(w.contract._id),
      deliveredOn: '2026-10-20',
      weighTicket: 'BD-0001',
      grade: 'grade1',
      moisturePct: '16',
      impurityPct: '3',
      lot1: String(lot._id),
      qty1: '1,000',
    };
    const preview = payloadOf<{
      preview: {
        figures: { unitFen: number; payableQty: number; amountFen: number; source: string };
        depositCreditFen: number;
        splits: unknown[];
      };
    }>(
      await newDelivery.action(
        args(
          await requestAs(w.users.cooperative, '/deliveries/new', {
            form: { ...form, weighTicket: '', intent: 'preview' },
          }),
        ),
      ),
    );
    // 1,000 kg at market 1.70 + 0.20 (grade 1); 2 % moisture + 1 % impurity over the allowances
    expect(preview.preview.figures).toMatchObject({
      source: 'market',
      unitFen: 190,
      payableQty: 970,
      amountFen: 184_300,
    });
    expect(preview.preview.depositCreditFen).toBe(50_000);
    expect(preview.preview.splits).toHaveLength(1);
    expect(await DeliveryModel.countDocuments()).toBe(0);
    // sending it needs the number
    const unnumbered = await newDelivery.action(
      args(
        await requestAs(w.users.cooperative, '/deliveries/new', {
          form: { ...form, weighTicket: '', intent: 'submit' },
        }),
      ),
    );
    expect(statusOf(unnumbered)).toBe(400);
    expect(JSON.stringify(payloadOf(unnumbered))).toMatch(/weighTicket.*v\.required/);
    expect(await DeliveryModel.countDocuments()).toBe(0);

    const res = await newDelivery.action(
      args(await requestAs(w.users.cooperative, '/deliveries/new', { form: { ...form, intent: 'submit' } })),
    );
    expect(statusOf(res)).toBe(302);
    const id = (res as Response).headers.get('Location')!.split('/').pop()!;
    const d = (await DeliveryModel.findById(id).lean())!;
    expect(d.status).toBe('pending');
    expect(d.submitted).toMatchObject({ marketFen: 170, unitFen: 190, amountFen: 184_300 });

    // the lot split: the delivered child and the remainder, from the same origin, adding up
    const parent = (await LotModel.findById(lot._id).lean())!;
    expect(parent.status).toBe('split');
    const children = await LotModel.find({ parentLotIds: lot._id }).sort({ quantity: 1 }).lean();
    expect(children.map((c) => [c.quantity, c.status])).toEqual([
      [1000, 'delivering'],
      [2000, 'in_stock'],
    ]);
    expect(
      children.every(
        (c) => c.origin.kind === 'split' && String(c.origin.villageId) === String(w.village._id),
      ),
    ).toBe(true);
    expect(children.reduce((s, c) => s + c.quantity, 0)).toBe(parent.quantity);
    expect((await ContractModel.findById(w.contract._id).lean())!.deliveredQty).toBe(1000);

    // a later price change does not rewrite the delivery
    await setPrice(
      w.town._id,
      { productId: w.kudzu._id, day: '2026-10-20', fen: 250, source: 'manual', note: '' },
      w.ent,
    );
    expect((await DeliveryModel.findById(id).lean())!.submitted.unitFen).toBe(190);

    // the enterprise sees it waiting and confirms in one tap
    const list = payloadOf<{ deliveries: Array<{ id: string; status: string }> }>(
      await deliveries.loader(args(await requestAs(w.users.enterprise, '/deliveries?status=pending'))),
    );
    expect(list.deliveries.map((x) => x.id)).toEqual([id]);
    expect(statusOf(await post(w.users.enterprise, id, { intent: 'confirm' }))).toBe(302);
    const confirmed = (await DeliveryModel.findById(id).lean())!;
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.receipt).toMatchObject({
      amountFen: 184_300,
      depositCreditFen: 50_000,
      dueFen: 134_300,
    });
    expect(confirmed.receipt!.number).toMatch(/-PZ-\d{4}-00001$/);
    const delivered = await LotModel.findById(children[0]!._id).lean();
    expect(delivered).toMatchObject({ status: 'delivered', holderOrgId: w.orgs.enterprise._id });

    // overpaying is refused; paying what is owed marks it paid
    const over = await post(w.users.enterprise, id, {
      intent: 'pay',
      amountYuan: '1343.01',
      paidOn: '2026-10-25',
      method: 'bank',
    });
    expect(statusOf(over)).toBe(400);
    expect((await DeliveryModel.findById(id).lean())!.paidFen).toBe(0);
    expect(
      statusOf(
        await post(w.users.enterprise, id, {
          intent: 'pay',
          amountYuan: '1000',
          paidOn: '2026-10-25',
          method: 'bank',
          reference: 'NO.1',
        }),
      ),
    ).toBe(302);
    let page = payloadOf<{ payState: string; owedFen: number }>(
      await deliveryPage.loader(args(await requestAs(w.users.cooperative, `/deliveries/${id}`), { id })),
    );
    expect(page).toMatchObject({ payState: 'part', owedFen: 34_300 });
    expect(
      statusOf(
        await post(w.users.enterprise, id, {
          intent: 'pay',
          amountYuan: '343',
          paidOn: '2026-10-26',
          method: 'wechat',
        }),
      ),
    ).toBe(302);
    page = payloadOf(
      await deliveryPage.loader(args(await requestAs(w.users.cooperative, `/deliveries/${id}`), { id })),
    );
    expect(page).toMatchObject({ payState: 'paid', owedFen: 0 });

    // the cooperative's income shows the receipt
    const rows = await income(w.coopScope);
    expect(rows).toEqual([expect.objectContaining({ amountFen: 184_300, quantity: 1000, receipts: 1 })]);

    // the chain holds: receipt, payment, payment
    const check = await verifyContract(w.contract._id);
    expect(check).toMatchObject({ ok: true, entries: 3, missing: [] });
    await expectConsistent();

    // someone edits the stored receipt in the database: verify names it
    const receipt = (await LedgerEntryModel.findOne({
      kind: 'receipt',
      chain: String(w.contract._id),
    }).lean())!;
    await LedgerEntryModel.collection.updateOne({ _id: receipt._id }, { $set: { amountFen: 284_300 } });
    const broken = await verifyChain(String(w.contract._id));
    expect(broken).toMatchObject({
      ok: false,
      broken: { number: receipt.number, seq: 1, problem: 'content' },
    });
    // and recomputing its hash too breaks the link to the next entry
    const { entryHash } = await import('#models/kernel/ledger');
    const edited = (await LedgerEntryModel.findById(receipt._id).lean())!;
    await LedgerEntryModel.collection.updateOne(
      { _id: receipt._id },
      { $set: { hash: entryHash(edited as never) } },
    );
    expect((await verifyChain(String(w.contract._id))).broken).toMatchObject({ seq: 2, problem: 'link' });
    // db:check reports it too (and cannot repair it: only a person can say which figure is true)
    const report = await checkDatabase({ exclusive: true, repair: true });
    expect(report.unrepaired.map((p) => p.check)).toEqual(
      expect.arrayContaining(['ledger-chain', 'receipt-missing']),
    );
  });

  it('50 confirmations at once (form posts, API calls, repeats and direct calls) record one receipt', async () => {
    const w = await deliveryWorld();
    const lot = await w.lot(500);
    const submitted = await submitDelivery(
      w.coopScope,
      input(w, [{ lotId: lot._id, quantity: 500 }]),
      w.coop,
    );
    expect(submitted.ok).toBe(true);
    const id = String(submitted.ok && submitted.value.id);
    const clerk2 = await makeUser(w.orgs.enterprise, 'enterprise');
    const { token } = await issueToken(
      { townId: w.town._id, orgId: w.orgs.enterprise._id, role: 'enterprise', name: 'ERP' },
      w.ent,
    );
    const api = (key?: string) =>
      verbRoute.action(
        args(
          new Request(`http://localhost:3000/api/v1/deliveries/${id}/confirm`, {
            method: 'POST',
            headers: {
              Authorization: `Bearer ${token}`,
              'Content-Type': 'application/json',
              ...(key && { 'Idempotency-Key': key }),
            },
            body: '{}',
          }),
          { id, verb: 'confirm' },
        ),
      );
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        if (i % 5 === 4) return api(i % 2 ? 'erp-retry-key-0000000001' : undefined);
        if (i % 3 === 0)
          return post(i % 2 ? clerk2 : w.users.enterprise, id, {
            intent: 'confirm',
            _once: `samekeysamekey${String(i % 2).padStart(4, '0')}`,
          });
        if (i % 3 === 1) return post(clerk2, id, { intent: 'confirm' });
        return confirmDelivery(w.entScope, new Types.ObjectId(id), {
          ...w.ent,
          once: onceKey(w.ent.userId!, `direct-key-${i}-aaaaaaaa`),
        });
      }),
    );
    expect(results).toHaveLength(50);
    expect(
      await LedgerEntryModel.countDocuments({ deliveryId: new Types.ObjectId(id), kind: 'receipt' }),
    ).toBe(1);
    const d = (await DeliveryModel.findById(id).lean())!;
    expect(d.status).toBe('confirmed');
    expect((await verifyContract(w.contract._id)).ok).toBe(true);
    // confirming again says so and changes nothing
    const again = await confirmDelivery(w.entScope, new Types.ObjectId(id), w.ent);
    expect(again).toMatchObject({ ok: false, errors: { '': ['delivery.alreadyConfirmed'] } });
    await expectConsistent();
  });

  it('two deliveries at once cannot overdraw the contract', async () => {
    const w = await deliveryWorld({ committedQty: 1000 });
    const [a, b] = [await w.lot(700), await w.lot(700)];
    const results = await Promise.all([
      submitDelivery(w.coopScope, input(w, [{ lotId: a._id, quantity: 700 }]), w.coop),
      submitDelivery(w.coopScope, input(w, [{ lotId: b._id, quantity: 700 }]), w.coop),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok)!;
    expect(JSON.stringify(refused)).toMatch(/overCommitted/);
    expect((await ContractModel.findById(w.contract._id).lean())!.deliveredQty).toBe(700);
    // the refused delivery's lot is back in stock, and nothing of it remains
    expect(await DeliveryModel.countDocuments({ contractId: w.contract._id })).toBe(1);
    expect(await LotModel.countDocuments({ _id: { $in: [a._id, b._id] }, status: 'in_stock' })).toBe(1);
    await expectConsistent();
  });

  it('an adjustment the seller accepts makes the receipt; a dispute puts the lots back', async () => {
    const w = await deliveryWorld();
    const [a, b] = [await w.lot(1000), await w.lot(800)];
    const one = await submitDelivery(
      w.coopScope,
      input(w, [{ lotId: a._id, quantity: 1000 }], { moisturePct: 14, impurityPct: 2 }),
      w.coop,
    );
    const two = await submitDelivery(w.coopScope, input(w, [{ lotId: b._id, quantity: 800 }]), w.coop);
    const [id1, id2] = [one, two].map((r) => String(r.ok && r.value.id));

    // the buyer weighs 980 kg of grade 2: the seller must answer
    const adjust = {
      intent: 'adjust',
      quantity: '980',
      grade: 'grade2',
      moisturePct: '14',
      impurityPct: '2',
      reason: '复磅少 20 千克，二级',
    };
    expect(statusOf(await post(w.users.enterprise, id1, { ...adjust, quantity: '1001' }))).toBe(400);
    // 计算金额 first: the amount the change comes to, the reason not needed yet, nothing written
    const preview = payloadOf<{ adjustPreview: { figures: { amountFen: number; unitFen: number } } }>(
      await post(w.users.enterprise, id1, { ...adjust, intent: 'previewAdjust', reason: '' }),
    );
    expect(preview.adjustPreview.figures).toMatchObject({ amountFen: 156_800, unitFen: 160 });
    expect((await DeliveryModel.findById(id1).lean())!).toMatchObject({
      status: 'pending',
      adjustment: null,
    });
    await expectThrownStatus(post(w.users.cooperative, id1, { ...adjust, intent: 'previewAdjust' }), 403);
    expect(statusOf(await post(w.users.enterprise, id1, adjust))).toBe(302);
    expect((await DeliveryModel.findById(id1).lean())!).toMatchObject({
      status: 'adjusted',
      adjustment: { quantity: 980, unitFen: 160, amountFen: 156_800 },
    });
    // the page explains both sets of figures step by step from the contract's terms
    type Steps = { unitFen: number; baseFen: number; source: string; deductedQty: number } | null;
    const page = async () =>
      payloadOf<{ steps: { submitted: Steps; adjustment: Steps } }>(
        await deliveryPage.loader(
          args(await requestAs(w.users.cooperative, `/deliveries/${id1}`), { id: id1 }),
        ),
      ).steps;
    const stored = (await DeliveryModel.findById(id1).lean())!;
    const steps = await page();
    expect(steps.submitted).toMatchObject({
      unitFen: stored.submitted.unitFen,
      deductedQty: stored.submitted.deductedQty,
    });
    expect(steps.adjustment).toMatchObject({ unitFen: 160, deductedQty: 0 });
    // terms changed since no longer explain the stored price: the page shows no steps rather than wrong ones
    await ContractModel.updateOne({ _id: w.contract._id }, { $inc: { floorFen: 500 } });
    expect(await page()).toEqual({ submitted: null, adjustment: null });
    await ContractModel.updateOne({ _id: w.contract._id }, { $inc: { floorFen: -500 } });
    // the buyer cannot confirm its own adjustment; the seller accepts it
    const asBuyer = await post(w.users.enterprise, id1, { intent: 'confirm' });
    expect(statusOf(asBuyer)).toBe(302);
    expect((await DeliveryModel.findById(id1).lean())!.status).toBe('adjusted');
    expect(statusOf(await post(w.users.cooperative, id1, { intent: 'accept' }))).toBe(302);
    const d1 = (await DeliveryModel.findById(id1).lean())!;
    expect(d1.receipt).toMatchObject({ quantity: 980, amountFen: 156_800 });
    expect((await ContractModel.findById(w.contract._id).lean())!.deliveredQty).toBe(980 + 800);

    // the buyer disputes the other: its lot is back in the seller's stock, the quantity back to the contract
    expect(statusOf(await post(w.users.enterprise, id2, { intent: 'dispute', reason: '' }))).toBe(400);
    expect(
      statusOf(await post(w.users.enterprise, id2, { intent: 'dispute', reason: '含水过高，拒收' })),
    ).toBe(302);
    expect((await DeliveryModel.findById(id2).lean())!).toMatchObject({
      status: 'disputed',
      disputedBy: 'buyer',
    });
    expect((await LotModel.findById(b._id).lean())!.status).toBe('in_stock');
    expect((await ContractModel.findById(w.contract._id).lean())!.deliveredQty).toBe(980);
    // a receipt is not adjusted
    expect(statusOf(await post(w.users.enterprise, id1, adjust))).toBe(400);
    await expectConsistent();
  });

  it('takes a cooperative’s weights in 斤 from the lot’s page: 交售此批次 prefills the lot, all of it, and the contract', async () => {
    const w = await deliveryWorld();
    const mine = await w.lot(1500);
    // the lot's page offers 交售此批次 to its holder only
    const lotPage = (user: { _id: Types.ObjectId }) =>
      requestAs(user, `/lots/${mine.code}`).then((r) => lotRoute.loader(args(r, { code: mine.code })));
    const own = payloadOf(await lotPage(w.users.cooperative)) as { deliverable: boolean; shownIn: string };
    expect(own).toMatchObject({ deliverable: true, shownIn: 'jin' });
    const buyer = payloadOf(await lotPage(w.users.official)) as { deliverable: boolean };
    expect(buyer.deliverable).toBe(false);
    // a cooperative that weighs in 千克 (set on its organization) reads kg alone
    await OrganizationModel.updateOne({ _id: w.orgs.cooperative._id }, { weightUnit: 'kg' });
    expect(payloadOf(await lotPage(w.users.cooperative))).toMatchObject({ shownIn: 'kg' });
    await OrganizationModel.updateOne({ _id: w.orgs.cooperative._id }, { weightUnit: null });
    // the form it opens: the lot, its 1,500 kg as 3,000 斤, the one contract for its product
    const form = payloadOf(
      await newDelivery.loader(
        args(await requestAs(w.users.cooperative, `/deliveries/new?lot=${encodeURIComponent(mine.code)}`)),
      ),
    ) as { defaults: Record<string, string> };
    expect(form.defaults).toMatchObject({
      lot1: String(mine._id),
      qty1: '3000',
      contractId: String(w.contract._id),
    });
    // sent in 斤: more than the lot holds is refused in 斤, 2,000 斤 is 1,000 kg delivered
    const submit = async (fields: Record<string, string>) =>
      newDelivery.action(
        args(
          await requestAs(w.users.cooperative, '/deliveries/new', {
            form: {
              intent: 'submit',
              contractId: String(w.contract._id),
              deliveredOn: '2026-10-20',
              weighTicket: 'JIN-1',
              grade: 'grade1',
              moisturePct: '10',
              impurityPct: '1',
              lot1: String(mine._id),
              weightUnit: 'jin',
              ...fields,
            },
          }),
        ),
      );
    const over = await submit({ qty1: '3001' });
    expect(statusOf(over)).toBe(400);
    expect(JSON.stringify(payloadOf(over))).toMatch(/moreThanLot.*3000/);
    expect(statusOf(await submit({ qty1: '2000' }))).toBe(302);
    const d = (await DeliveryModel.findOne({ weighTicket: 'JIN-1' }).lean())!;
    expect(d.submitted.quantity).toBe(1000);
    const rest = (await LotModel.findOne({ parentLotIds: mine._id, status: 'in_stock' }).lean())!;
    expect(rest.quantity).toBe(500);
    // the public trace page of the part delivered tells the harvest it came from, not "拆分"
    const sent = (await LotModel.findOne({ parentLotIds: mine._id, status: { $ne: 'in_stock' } }).lean())!;
    expect(sent.origin.kind).toBe('split');
    const shown = (await publicPage.loader(args(new Request(`http://x/t/${sent.code}`), { code: sent.code })))
      .lot;
    expect(shown).toMatchObject({ code: sent.code, originKind: 'harvest' });
    expect(new Date(shown.producedAt).getTime()).toBe(
      (await LotModel.findById(mine._id).lean())!.producedAt.getTime(),
    );
    await expectConsistent();
  });

  it('refuses bad deliveries with a message and writes nothing', async () => {
    const w = await deliveryWorld();
    const mine = await w.lot(1000);
    const other = await makeOrg(w.town._id, {
      type: 'cooperative',
      villageIds: [String(w.village._id)],
      memberHouseholds: 5,
    });
    const theirs = await w.lot(1000, other._id);
    const submit = async (form: Record<string, string>) =>
      newDelivery.action(
        args(
          await requestAs(w.users.cooperative, '/deliveries/new', { form: { intent: 'submit', ...form } }),
        ),
      );
    const base = {
      contractId: String(w.contract._id),
      deliveredOn: '2026-10-20',
      weighTicket: 'BD-1',
      grade: 'grade1',
      moisturePct: '10',
      impurityPct: '1',
      lot1: String(mine._id),
      qty1: '400',
    };
    const errorsOf = (res: unknown) => JSON.stringify(payloadOf(res));
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ lot1: String(theirs._id) }, /v.invalidChoice/],
      [{ qty1: '0' }, /v.positive/],
      [{ qty1: '-5' }, /v.positive/],
      [{ qty1: '1000.5' }, /moreThanLot/],
      [{ moisturePct: '101' }, /v.tooLarge/],
      [{ grade: 'grade3' }, /gradeNotInTable/],
      [{ contractId: new Types.ObjectId().toHexString() }, /v.invalidChoice/],
      [{ weighTicket: '<script>' }, /ticketChars/],
      [{ qty1: '20000' }, /moreThanLot/],
      [{ lot1: '', qty1: '' }, /noLots/],
    ];
    for (const [change, expected] of cases) {
      const res = await submit({ ...base, ...change });
      expect(statusOf(res), JSON.stringify(change)).toBe(400);
      expect(errorsOf(res)).toMatch(expected);
    }
    expect(await DeliveryModel.countDocuments()).toBe(0);
    // a weigh ticket used twice for one buyer
    expect(statusOf(await submit(base))).toBe(302);
    const again = await submit({
      ...base,
      lot1: String((await LotModel.findOne({ parentLotIds: mine._id, status: 'in_stock' }).lean())!._id),
      qty1: '100',
    });
    expect(errorsOf(again)).toMatch(/ticketUsed/);
    // an already delivered lot
    const delivered = (await LotModel.findOne({ parentLotIds: mine._id, status: 'delivering' }).lean())!;
    expect(
      errorsOf(await submit({ ...base, weighTicket: 'BD-2', lot1: String(delivered._id), qty1: '400' })),
    ).toMatch(/lotNotInStock/);
    expect(await DeliveryModel.countDocuments()).toBe(1);
    await expectConsistent();
  });

  it('each side reaches only its own deliveries; other roles and organizations are refused', async () => {
    const w = await deliveryWorld();
    const lot = await w.lot(100);
    const r = await submitDelivery(w.coopScope, input(w, [{ lotId: lot._id, quantity: 100 }]), w.coop);
    const id = String(r.ok && r.value.id);
    const otherEnt = await makeOrg(w.town._id, { type: 'enterprise', level: 'county' });
    const stranger = await makeUser(otherEnt, 'enterprise');
    const load = async (user: { _id: Types.ObjectId }) =>
      deliveryPage.loader(args(await requestAs(user, `/deliveries/${id}`), { id }));
    await expectThrownStatus(load(stranger), 404);
    await expectThrownStatus(load(w.users.plant), 403);
    expect(statusOf(await load(w.users.official))).toBe(200);
    // another enterprise cannot confirm, the seller cannot confirm its own delivery, an official cannot
    await expectThrownStatus(post(stranger, id, { intent: 'confirm' }), 404);
    await expectThrownStatus(post(w.users.cooperative, id, { intent: 'confirm' }), 403);
    await expectThrownStatus(post(w.users.official, id, { intent: 'confirm' }), 403);
    await expectThrownStatus(
      post(w.users.official, id, { intent: 'pay', amountYuan: '1', paidOn: '2026-10-01', method: 'cash' }),
      403,
    );
    // the seller "accepting" a pending delivery (no adjustment) changes nothing
    await post(w.users.cooperative, id, { intent: 'accept' });
    expect((await DeliveryModel.findById(id).lean())!.status).toBe('pending');
    // a forged id is a 404
    await expectThrownStatus(
      post(w.users.enterprise, new Types.ObjectId().toHexString(), { intent: 'confirm' }),
      404,
    );
    // what is owed shows on both sides once confirmed
    await post(w.users.enterprise, id, { intent: 'confirm' });
    expect((await owed(w.coopScope)).totalFen).toBeGreaterThan(0);
    expect((await owed(w.entScope)).totalFen).toBe((await owed(w.coopScope)).totalFen);
  });
});

describe('what waits, and the list behind each count', () => {
  it('each count on the home page opens exactly the records it counts; the age buckets open theirs', async () => {
    const w = await deliveryWorld();
    const [a, b, c] = [await w.lot(1000), await w.lot(800), await w.lot(500)];
    // entered out of date order: the list still reads newest delivery first
    const submit = async (lotId: Types.ObjectId, quantity: number, deliveredOn: string) => {
      const r = await submitDelivery(w.coopScope, input(w, [{ lotId, quantity }], { deliveredOn }), w.coop);
      return String(r.ok && r.value.id);
    };
    const confirmed = await submit(a._id, 1000, '2026-10-20');
    const adjusted = await submit(b._id, 800, '2026-07-15');
    const pending = await submit(c._id, 500, '2026-11-30');
    expect(statusOf(await post(w.users.enterprise, confirmed, { intent: 'confirm' }))).toBe(302);
    const adjust = {
      intent: 'adjust',
      quantity: '780',
      grade: 'grade1',
      moisturePct: '16',
      impurityPct: '3',
      reason: '复磅',
    };
    expect(statusOf(await post(w.users.enterprise, adjusted, adjust))).toBe(302);
    // the receipt is 40 days old
    await DeliveryModel.updateOne(
      { _id: confirmed },
      { $set: { 'receipt.at': new Date(Date.now() - 40 * 86_400_000) } },
    );

    const list = async (user: { _id: Types.ObjectId }, path: string) =>
      payloadOf<{
        deliveries: Array<{ id: string; owedFen: number; owedDays: number | null; side: string | null }>;
        owedCards: Array<{
          side: string | null;
          totalFen: number;
          buckets: Record<string, { count: number }>;
        }>;
      }>(await deliveries.loader(args(await requestAs(user, path))));
    const home = async (user: { _id: Types.ObjectId }) =>
      payloadOf<{ home: { work: Array<{ labelKey: string; to: string; count?: number; fen?: number }> } }>(
        await homeRoute.loader(args(await requestAs(user, '/'))),
      ).home.work;

    // newest delivery first by its date, not by when it was entered
    expect((await list(w.users.cooperative, '/deliveries')).deliveries.map((d) => d.id)).toEqual([
      pending,
      confirmed,
      adjusted,
    ]);
    for (const [user, expected] of [
      [
        w.users.cooperative,
        {
          'home.work.submitted': [pending],
          'home.work.toAnswer': [adjusted],
          'home.work.unpaid': [confirmed],
        },
      ],
      [w.users.enterprise, { 'home.work.toConfirm': [pending], 'home.work.due': [confirmed] }],
    ] as const) {
      const work = await home(user);
      for (const [key, ids] of Object.entries(expected)) {
        const item = work.find((i) => i.labelKey === key)!;
        expect(item.count, key).toBe(ids.length);
        expect(
          (await list(user, item.to)).deliveries.map((d) => d.id),
          key,
        ).toEqual(ids);
      }
    }
    // the enterprise's home lists the delivery it is to confirm, one tap from its page
    const entHome = payloadOf<{ home: { toConfirm: Array<{ id: string; amountFen: number }> } }>(
      await homeRoute.loader(args(await requestAs(w.users.enterprise, '/'))),
    ).home;
    expect(entHome.toConfirm.map((d) => d.id)).toEqual([pending]);
    // the seller's card says what it is owed, the buyer's what it owes; a row says how much and how long
    const coop = await list(w.users.cooperative, '/deliveries');
    expect(coop.owedCards.map((c) => c.side)).toEqual(['seller']);
    const owedFen = (await DeliveryModel.findById(confirmed).lean())!.receipt!.dueFen;
    expect(coop.owedCards[0]).toMatchObject({ totalFen: owedFen, buckets: { d31_60: { count: 1 } } });
    expect(coop.deliveries.find((d) => d.id === confirmed)).toMatchObject({ owedFen, owedDays: 40 });
    expect(coop.deliveries.find((d) => d.id === pending)).toMatchObject({ owedFen: 0, owedDays: null });
    expect((await list(w.users.enterprise, '/deliveries')).owedCards.map((c) => c.side)).toEqual(['buyer']);
    expect((await list(w.users.enterprise, '/deliveries')).deliveries.every((d) => d.side === 'buyer')).toBe(
      true,
    );
    // a bucket opens its receipts, and only those
    expect(
      (await list(w.users.cooperative, '/deliveries?side=seller&age=d31_60')).deliveries.map((d) => d.id),
    ).toEqual([confirmed]);
    expect((await list(w.users.cooperative, '/deliveries?side=seller&age=d0_30')).deliveries).toEqual([]);
    expect(
      (await list(w.users.enterprise, '/deliveries?side=buyer&age=d31_60')).deliveries.map((d) => d.id),
    ).toEqual([confirmed]);
    // the menu's count is each side's own tasks: the seller's answer, the buyer's confirmations and
    // the receipts it has not paid for a month (not the seller's, who waits for the money)
    expect((await countDeliveriesWaiting(w.orgs.cooperative._id)).total).toBe(1);
    expect((await countDeliveriesWaiting(w.orgs.enterprise._id)).total).toBe(2);
  });
});

describe('indexes', () => {
  it('the lists’ former indexes are dropped where a database still has them; the new ones are built', async () => {
    await DeliveryModel.createIndexes();
    await DeliveryModel.collection.createIndex({ buyerOrgId: 1, status: 1, _id: -1 });
    await DeliveryModel.collection.createIndex({ townId: 1, _id: -1 });
    const dropped = await buildIndexes();
    expect(dropped.sort()).toEqual(['Delivery.buyerOrgId_1_status_1__id_-1', 'Delivery.townId_1__id_-1']);
    const keys = (await DeliveryModel.collection.indexes()).map((i) => JSON.stringify(i.key));
    expect(keys).not.toContain(JSON.stringify({ townId: 1, _id: -1 }));
    expect(keys).toContain(JSON.stringify({ townId: 1, deliveredOn: -1, _id: -1 }));
    // nothing left to drop the second time
    expect(await buildIndexes()).toEqual([]);
  });

  it('an index declared anew under the same name (an option changed) is replaced, not a failed start', async () => {
    await DeliveryModel.collection.dropIndex('plantOrgId_1_status_1_deliveredOn_-1').catch(() => null);
    await DeliveryModel.collection.createIndex(
      { plantOrgId: 1, status: 1, deliveredOn: -1 },
      { partialFilterExpression: { plantOrgId: { $type: 'objectId' } } },
    );
    expect(await buildIndexes()).toEqual(['Delivery.plantOrgId_1_status_1_deliveredOn_-1']);
    const index = (await DeliveryModel.collection.indexes()).find(
      (i) => i.name === 'plantOrgId_1_status_1_deliveredOn_-1',
    );
    expect(index?.partialFilterExpression).toBeUndefined();
    expect(await buildIndexes()).toEqual([]);
  });
});

describe('deliveries after a crash at any write', () => {
  afterEach(() => {
    crashAfter.writes = null;
  });

  it('submit (with a split), confirm, pay, dispute and a correction are each whole or undone', async () => {
    const w = await deliveryWorld({ depositFen: 10_000 });
    for (let n = 1; ; n += 1) {
      const lot = await w.lot(300);
      const before = await DeliveryModel.countDocuments();
      const crashed = await crashAt(n, () =>
        submitDelivery(w.coopScope, input(w, [{ lotId: lot._id, quantity: 100 }]), w.coop),
      );
      await expectConsistent();
      const made = (await DeliveryModel.countDocuments()) - before;
      const parent = (await LotModel.findById(lot._id).lean())!;
      // all of it (a pending delivery, the lot split) or none of it (the lot whole, in stock)
      if (made === 1) expect(parent.status).toBe('split');
      else
        expect([made, parent.status, await LotModel.countDocuments({ parentLotIds: lot._id })]).toEqual([
          0,
          'in_stock',
          0,
        ]);
      if (!crashed) break;
    }
    // confirm: one receipt or none, the deposit credited once
    for (let n = 1; ; n += 1) {
      const lot = await w.lot(50);
      const made = await submitDelivery(w.coopScope, input(w, [{ lotId: lot._id, quantity: 50 }]), w.coop);
      const d = { _id: made.ok ? made.value.id : new Types.ObjectId() };
      const crashed = await crashAt(n, () => confirmDelivery(w.entScope, d._id, w.ent));
      await expectConsistent();
      const after = (await DeliveryModel.findById(d._id).lean())!;
      const entries = await LedgerEntryModel.countDocuments({ deliveryId: d._id });
      expect([after.status, entries]).toEqual(
        after.status === 'confirmed' ? ['confirmed', 1] : ['pending', 0],
      );
      if (!crashed) break;
    }
    const receipt = (await DeliveryModel.findOne({ status: 'confirmed' }).lean())!;
    const { payDelivery } = await import('#models/trade/delivery');
    for (let n = 1; ; n += 1) {
      const crashed = await crashAt(n, () =>
        payDelivery(
          w.entScope,
          receipt._id,
          { amountFen: 100, paidOn: '2026-10-21', method: 'cash', reference: '' },
          w.ent,
        ),
      );
      await expectConsistent();
      if (!crashed) break;
    }
    const { disputeDelivery } = await import('#models/trade/delivery');
    for (let n = 1; ; n += 1) {
      const lot = await w.lot(50);
      const made = await submitDelivery(w.coopScope, input(w, [{ lotId: lot._id, quantity: 50 }]), w.coop);
      const d = { _id: made.ok ? made.value.id : new Types.ObjectId() };
      const crashed = await crashAt(n, () => disputeDelivery(w.entScope, d._id, '不合格', w.ent));
      await expectConsistent();
      if (!crashed) break;
    }
    // a correction's reversing entry: whole or undone
    const { answerCorrection, proposeCorrection } = await import('#models/trade/delivery');
    for (let n = 1; ; n += 1) {
      const lot = await w.lot(50);
      const made = await submitDelivery(w.coopScope, input(w, [{ lotId: lot._id, quantity: 50 }]), w.coop);
      const id = made.ok ? made.value.id : new Types.ObjectId();
      await confirmDelivery(w.entScope, id, w.ent);
      await proposeCorrection(w.entScope, id, { amountFen: 100, reason: '更正' }, w.ent);
      const crashed = await crashAt(n, () => answerCorrection(w.coopScope, id, { accept: true }, w.coop));
      await expectConsistent();
      const d = (await DeliveryModel.findById(id).lean())!;
      const entries = await LedgerEntryModel.countDocuments({ deliveryId: id, kind: 'reversal' });
      expect([d.correction?.status, d.reversedFen, entries]).toEqual(
        d.reversedFen ? ['accepted', 100, 1] : ['proposed', 0, 0],
      );
      if (!crashed) break;
    }
    expect((await verifyContract(w.contract._id)).ok).toBe(true);
  }, 120_000); // five operations, each cut at every one of its writes and checked after each
});

describe('corrections of a receipt', () => {
  it('the buyer proposes, the seller accepts a reversing entry or refuses; the receipt never changes', async () => {
    const w = await deliveryWorld();
    const lot = await w.lot(1000);
    const r = await submitDelivery(
      w.coopScope,
      input(w, [{ lotId: lot._id, quantity: 1000 }], { moisturePct: 14, impurityPct: 2 }),
      w.coop,
    );
    const id = String(r.ok && r.value.id);
    // no correction before there is a receipt
    expect(
      statusOf(await post(w.users.enterprise, id, { intent: 'correct', amountYuan: '10', reason: '多算' })),
    ).toBe(400);
    await post(w.users.enterprise, id, { intent: 'confirm' });
    const receipt = (await DeliveryModel.findById(id).lean())!.receipt!;
    expect(receipt.amountFen).toBe(180_000); // 1,000 kg × 1.80 (floor 1.60 + 0.20)

    // more than the receipt is refused; the seller cannot propose; a correction waits for the seller
    expect(
      statusOf(await post(w.users.enterprise, id, { intent: 'correct', amountYuan: '1800.01', reason: 'x' })),
    ).toBe(400);
    await expectThrownStatus(
      post(w.users.cooperative, id, { intent: 'correct', amountYuan: '1', reason: 'x' }),
      403,
    );
    expect(
      statusOf(
        await post(w.users.enterprise, id, {
          intent: 'correct',
          amountYuan: '100',
          reason: '磅秤误差，多计 55 千克',
        }),
      ),
    ).toBe(302);
    // the buyer cannot accept its own correction; the seller refuses this one
    await expectThrownStatus(post(w.users.enterprise, id, { intent: 'acceptCorrection' }), 403);
    expect(
      statusOf(await post(w.users.cooperative, id, { intent: 'refuseCorrection', reason: '复核无误' })),
    ).toBe(302);
    expect((await DeliveryModel.findById(id).lean())!).toMatchObject({
      reversedFen: 0,
      correction: { status: 'refused', answer: '复核无误' },
    });

    // a second proposal, accepted: a reversing entry pointing at the receipt, in the chain
    expect(
      statusOf(
        await post(w.users.enterprise, id, {
          intent: 'correct',
          amountYuan: '99',
          reason: '磅秤误差，多计 55 千克',
        }),
      ),
    ).toBe(302);
    expect(statusOf(await post(w.users.cooperative, id, { intent: 'acceptCorrection' }))).toBe(302);
    const after = (await DeliveryModel.findById(id).lean())!;
    expect(after.receipt).toEqual(receipt); // the receipt itself is untouched
    expect(after.reversedFen).toBe(9_900);
    const reversal = (await LedgerEntryModel.findOne({ deliveryId: after._id, kind: 'reversal' }).lean())!;
    expect(reversal).toMatchObject({
      amountFen: -9_900,
      reverses: receipt.entryId,
      number: expect.stringMatching(/-CZ-/),
    });
    // accepting twice does nothing more
    expect(statusOf(await post(w.users.cooperative, id, { intent: 'acceptCorrection' }))).toBe(302);
    expect(await LedgerEntryModel.countDocuments({ deliveryId: after._id, kind: 'reversal' })).toBe(1);
    // what is owed and the income both count it; paying the old amount is refused
    expect((await owed(w.entScope)).totalFen).toBe(180_000 - 9_900);
    expect((await income(w.coopScope))[0]!.amountFen).toBe(180_000 - 9_900);
    expect(
      statusOf(
        await post(w.users.enterprise, id, {
          intent: 'pay',
          amountYuan: '1800',
          paidOn: '2026-10-25',
          method: 'bank',
        }),
      ),
    ).toBe(400);
    expect(
      statusOf(
        await post(w.users.enterprise, id, {
          intent: 'pay',
          amountYuan: '1701',
          paidOn: '2026-10-25',
          method: 'bank',
        }),
      ),
    ).toBe(302);
    expect((await verifyContract(w.contract._id)).ok).toBe(true);
    await expectConsistent();
  });
});

describe('spot purchases', () => {
  it('a delivery without a contract at an agreed price goes the same way: confirmed, paid, verified', async () => {
    const w = await deliveryWorld();
    const lot = await w.lot(400);
    const submit = async (form: Record<string, string>) =>
      newDelivery.action(
        args(
          await requestAs(w.users.cooperative, '/deliveries/new', { form: { intent: 'submit', ...form } }),
        ),
      );
    const base = {
      contractId: 'spot',
      deliveredOn: '2026-10-20',
      weighTicket: 'XH-1',
      grade: 'mixed',
      lot1: String(lot._id),
      qty1: '400',
    };
    // the buyer and the price are needed, and the buyer must be an enterprise of the town
    expect(JSON.stringify(payloadOf(await submit(base)))).toMatch(/buyerOrgId.*v\.required|agreedYuan/);
    const notBuyer = await submit({ ...base, buyerOrgId: String(w.orgs.plant._id), agreedYuan: '2.1' });
    expect(JSON.stringify(payloadOf(notBuyer))).toMatch(/v.invalidChoice/);
    expect(await DeliveryModel.countDocuments()).toBe(0);
    const res = await submit({ ...base, buyerOrgId: String(w.orgs.enterprise._id), agreedYuan: '2.1' });
    expect(statusOf(res)).toBe(302);
    const id = (res as Response).headers.get('Location')!.split('/').pop()!;
    expect((await DeliveryModel.findById(id).lean())!).toMatchObject({
      contractId: null,
      buyerOrgId: w.orgs.enterprise._id,
      submitted: { source: 'agreed', unitFen: 210, amountFen: 84_000 },
    });
    expect(statusOf(await post(w.users.enterprise, id, { intent: 'confirm' }))).toBe(302);
    expect(
      statusOf(
        await post(w.users.enterprise, id, {
          intent: 'pay',
          amountYuan: '840',
          paidOn: '2026-10-21',
          method: 'cash',
        }),
      ),
    ).toBe(302);
    const { verifyTownContracts } = await import('#models/trade/delivery');
    const checks = await verifyTownContracts(w.town._id);
    expect(checks).toEqual([expect.objectContaining({ ok: true, entries: 2, id: '' })]);
    expect((await LotModel.findById(lot._id).lean())!).toMatchObject({
      status: 'delivered',
      holderOrgId: w.orgs.enterprise._id,
    });
    await expectConsistent();
  });
});

describe('the weigh ticket photo', () => {
  it('is kept with the delivery when it is an image within 2 MB, shown only to the parties', async () => {
    const w = await deliveryWorld();
    const lot = await w.lot(500);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(200, 7),
    ]);
    const send = async (file: Blob | null, extra: Record<string, string> = {}) => {
      const form = new FormData();
      const fields = {
        intent: 'submit',
        contractId: String(w.contract._id),
        deliveredOn: '2026-10-20',
        weighTicket: 'PH-1',
        grade: 'grade1',
        lot1: String(lot._id),
        qty1: '500',
        ...extra,
      };
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      if (file) form.append('photo', file, 'ticket.png');
      return newDelivery.action(
        args(await requestAs(w.users.cooperative, '/deliveries/new', { body: form })),
      );
    };
    // not an image (whatever its name says), or over 2 MB: refused, nothing written
    const notImage = await send(new Blob([Buffer.from('%PDF-1.4 not an image')], { type: 'image/png' }));
    expect(JSON.stringify(payloadOf(notImage))).toMatch(/photoType/);
    const big = await send(new Blob([png, Buffer.alloc(2 * 1024 * 1024)], { type: 'image/png' }));
    expect(JSON.stringify(payloadOf(big))).toMatch(/photoTooLarge/);
    expect(await DeliveryModel.countDocuments()).toBe(0);

    const res = await send(new Blob([png], { type: 'application/octet-stream' }));
    expect(statusOf(res)).toBe(302);
    const id = (res as Response).headers.get('Location')!.split('/').pop()!;
    const photoRoute = await import('~/routes/deliveries_.$id.photo');
    const got = (await photoRoute.loader(
      args(await requestAs(w.users.enterprise, `/deliveries/${id}/photo`), { id }),
    )) as Response;
    expect(got.headers.get('Content-Type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
    const otherEnt = await makeOrg(w.town._id, { type: 'enterprise', level: 'county' });
    await expectThrownStatus(
      photoRoute.loader(
        args(await requestAs(await makeUser(otherEnt, 'enterprise'), `/deliveries/${id}/photo`), { id }),
      ),
      404,
    );
    await expectConsistent();
  });
});
