// Offtake contracts (issue 9, first part): drafted by the buyer or registered by an official,
// active once both parties accept, terms frozen, seen only by the two parties and the town.
import { describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { AuditEventModel, SYSTEM_ACTOR } from '#models/kernel/audit';
import { ContractModel } from '#models/trade/contract';
import { checkDatabase } from '#models/kernel/checks';
import { setPrice } from '#models/trade/price';
import * as root from '~/root';
import * as contractPage from '~/routes/contracts.$id';
import * as contracts from '~/routes/contracts._index';
import * as newContract from '~/routes/contracts.new';
import { makeKudzu, makeOrg, makeTownWithRoles, makeUser } from '#tests/factories';
import { args, expectThrownStatus, payloadOf, requestAs, statusOf } from '#tests/utils';

async function setup() {
  const w = await makeTownWithRoles();
  const kudzu = await makeKudzu(w.town._id);
  const terms = (extra: Record<string, string> = {}) => ({
    sellerOrgId: String(w.orgs.cooperative._id),
    productId: String(kudzu._id),
    committedQty: '500,000',
    windowStart: '2026-09-01',
    windowEnd: '2027-01-31',
    floorYuan: '1.6',
    marketRule: 'higher',
    grade1Kind: 'adjust',
    grade1Yuan: '0.2',
    grade2Kind: 'base',
    grade3Kind: 'adjust',
    grade3Yuan: '-0.3',
    mixedKind: 'base',
    moistureFreePct: '14',
    impurityFreePct: '2',
    depositYuan: '50000',
    overageAllowed: 'on',
    ...extra,
  });
  const create = async (user: { _id: Types.ObjectId }, form: Record<string, string>) =>
    newContract.action(args(await requestAs(user, '/contracts/new', { form })));
  const post = async (user: { _id: Types.ObjectId }, id: string, form: Record<string, string>) =>
    contractPage.action(args(await requestAs(user, `/contracts/${id}`, { form }), { id }));
  return { ...w, kudzu, terms, create, post };
}

const idOf = (res: unknown) => (res as Response).headers.get('Location')!.split('/').pop()!;

describe('contracts', () => {
  it('an enterprise drafts one (accepted by writing it); the seller’s acceptance makes it active', async () => {
    const w = await setup();
    const res = await w.create(w.users.enterprise, w.terms());
    expect(statusOf(res)).toBe(302);
    const id = idOf(res);
    const stored = (await ContractModel.findById(id).lean())!;
    expect(stored).toMatchObject({
      status: 'draft',
      buyerOrgId: w.orgs.enterprise._id,
      sellerOrgId: w.orgs.cooperative._id,
      unit: 'kg',
      committedQty: 500_000,
      floorFen: 160,
      market: { kind: 'higher', percent: null },
      grades: [
        { grade: 'grade1', kind: 'adjust', fen: 20 },
        { grade: 'grade3', kind: 'adjust', fen: -30 },
      ],
      depositFen: 5_000_000,
      overageAllowed: true,
    });
    expect(stored.code).toMatch(/^[A-Z]+-HT-2026-001$/);
    expect(stored.acceptedByBuyerAt).toBeInstanceOf(Date);
    expect(stored.acceptedBySellerAt).toBeNull();

    // the seller sees it and accepts: active
    const page = payloadOf<{ canAccept: boolean }>(
      await contractPage.loader(args(await requestAs(w.users.cooperative, `/contracts/${id}`), { id })),
    );
    expect(page.canAccept).toBe(true);
    // the menu counts what waits for the seller (and nothing for the buyer, who has accepted)
    const waitingFor = async (user: { _id: Types.ObjectId }) =>
      payloadOf<{ waiting: Record<string, number> }>(await root.loader(args(await requestAs(user, '/'))))
        .waiting;
    expect(await waitingFor(w.users.cooperative)).toEqual({ '/contracts': 1 });
    expect(await waitingFor(w.users.enterprise)).toEqual({ '/contracts': 0 });
    expect(await waitingFor(w.users.official)).toEqual({});
    expect(statusOf(await w.post(w.users.cooperative, id, { intent: 'accept' }))).toBe(302);
    const active = (await ContractModel.findById(id).lean())!;
    expect(active.status).toBe('active');
    expect(active.activatedAt).toBeInstanceOf(Date);
    expect(await waitingFor(w.users.cooperative)).toEqual({ '/contracts': 0 });
    // a second acceptance changes nothing
    await w.post(w.users.cooperative, id, { intent: 'accept' });
    expect((await ContractModel.findById(id).lean())!.__v).toBe(active.__v);
    // every step is in the audit trail
    const events = await AuditEventModel.find({ recordId: active._id }).sort({ at: 1 }).lean();
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'update']);
  });

  it('two acceptances at the same moment make one active contract', async () => {
    const w = await setup();
    const id = idOf(await w.create(w.users.official, w.terms({ buyerOrgId: String(w.orgs.enterprise._id) })));
    expect((await ContractModel.findById(id).lean())!.acceptedByBuyerAt).toBeNull(); // an official accepts for no one
    await Promise.all([
      w.post(w.users.cooperative, id, { intent: 'accept' }),
      w.post(w.users.enterprise, id, { intent: 'accept' }),
    ]);
    const c = (await ContractModel.findById(id).lean())!;
    expect(c.status).toBe('active');
    const activations = await AuditEventModel.countDocuments({
      recordId: c._id,
      action: 'update',
      changed: 'status',
    });
    expect(activations).toBe(1);
  });

  it('refuses a seller that is no cooperative or base, another town’s product, a window backwards, a grade price missing', async () => {
    const w = await setup();
    const other = await makeTownWithRoles();
    const otherKudzu = await makeKudzu(other.town._id);
    const bad = async (extra: Record<string, string>) =>
      payloadOf<{ result: { error: Record<string, string[]> } }>(
        await w.create(w.users.enterprise, w.terms(extra)),
      ).result.error;
    expect(await bad({ sellerOrgId: String(w.orgs.carrier._id) })).toMatchObject({
      sellerOrgId: ['contract.sellerType'],
    });
    expect(await bad({ sellerOrgId: String(other.orgs.cooperative._id) })).toMatchObject({
      sellerOrgId: ['contract.sellerType'],
    });
    expect(await bad({ productId: String(otherKudzu._id) })).toMatchObject({
      productId: ['contract.productChoice'],
    });
    expect(await bad({ windowEnd: '2026-08-01' })).toMatchObject({ windowEnd: ['contract.windowBackwards'] });
    expect(await bad({ grade2Kind: 'price' })).toMatchObject({ grade2Yuan: ['v.required'] });
    expect(await bad({ floorYuan: '0' })).toMatchObject({ floorYuan: ['v.positive'] });
    // an enterprise is always the buyer itself, whatever it sends
    const res = await w.create(
      w.users.enterprise,
      w.terms({ buyerOrgId: String(other.orgs.enterprise._id) }),
    );
    expect((await ContractModel.findById(idOf(res)).lean())!.buyerOrgId).toEqual(w.orgs.enterprise._id);
    expect(await ContractModel.countDocuments()).toBe(1);
  });

  it('only the parties and the town’s officials see a contract; others get 404, and no one else may accept', async () => {
    const w = await setup();
    const id = idOf(await w.create(w.users.enterprise, w.terms()));
    const otherCoop = await makeOrg(w.town._id, {
      type: 'cooperative',
      villageIds: [String(w.village._id)],
      memberHouseholds: 10,
    });
    const stranger = await makeUser(otherCoop, 'cooperative');
    const other = await makeTownWithRoles();
    for (const user of [stranger, w.users.base, other.users.official, w.users.plant]) {
      const list = payloadOf<{ contracts: unknown[] }>(
        await contracts.loader(args(await requestAs(user, '/contracts'))).catch((e) => e),
      );
      if (Array.isArray(list?.contracts)) expect(list.contracts).toEqual([]);
      await expectThrownStatus(
        contractPage.loader(args(await requestAs(user, `/contracts/${id}`), { id })),
        user === w.users.plant ? 403 : 404,
      );
    }
    await expectThrownStatus(w.post(stranger, id, { intent: 'accept' }), 404);
    await expectThrownStatus(w.post(w.users.official, id, { intent: 'accept' }), 403);
    await expectThrownStatus(
      w.post(w.users.cooperative, 'ffffffffffffffffffffffff', { intent: 'accept' }),
      404,
    );
    expect((await ContractModel.findById(id).lean())!.status).toBe('draft');
    // the town's official and both parties list it
    for (const user of [w.users.official, w.users.enterprise, w.users.cooperative]) {
      const list = payloadOf<{ contracts: Array<{ id: string }> }>(
        await contracts.loader(args(await requestAs(user, '/contracts'))),
      );
      expect(list.contracts.map((c) => c.id)).toEqual([id]);
    }
  });

  it('a party terminates with a reason; a terminated contract cannot be accepted', async () => {
    const w = await setup();
    const id = idOf(await w.create(w.users.enterprise, w.terms()));
    const noReason = payloadOf<{ result: { error: Record<string, string[]> } }>(
      await w.post(w.users.cooperative, id, { intent: 'terminate', reason: '  ' }),
    );
    expect(noReason.result.error.reason).toEqual(['v.required']);
    expect(
      statusOf(await w.post(w.users.cooperative, id, { intent: 'terminate', reason: '价格谈不拢' })),
    ).toBe(302);
    const c = (await ContractModel.findById(id).lean())!;
    expect(c).toMatchObject({ status: 'terminated', terminationReason: '价格谈不拢' });
    await w.post(w.users.cooperative, id, { intent: 'accept' });
    expect((await ContractModel.findById(id).lean())!.acceptedBySellerAt).toBeNull();
  });

  it('shows what a delivery would be paid today, grade by grade, from the floor or the market', async () => {
    const w = await setup();
    const id = idOf(await w.create(w.users.enterprise, w.terms()));
    const previewOf = async () =>
      payloadOf<{
        preview: {
          market: { fen: number } | null;
          rows: Array<{ grade: string; unitFen: number; source: string }>;
        };
      }>(await contractPage.loader(args(await requestAs(w.users.cooperative, `/contracts/${id}`), { id })))
        .preview;
    // no reference price: the floor (1.60) with the grade adjustments
    expect((await previewOf()).rows).toEqual([
      { grade: 'grade1', unitFen: 180, source: 'floor' },
      { grade: 'grade3', unitFen: 130, source: 'floor' },
    ]);
    // the market above the floor: the market price is the base
    await setPrice(
      w.town._id,
      { productId: w.kudzu._id, day: '2026-10-01', fen: 175, source: 'manual', note: '' },
      SYSTEM_ACTOR,
    );
    const preview = await previewOf();
    expect(preview.market?.fen).toBe(175);
    expect(preview.rows).toEqual([
      { grade: 'grade1', unitFen: 195, source: 'market' },
      { grade: 'grade3', unitFen: 145, source: 'market' },
    ]);
  });

  it('db:check activates a draft both parties accepted (a crash between acceptance and activation)', async () => {
    const w = await setup();
    const id = idOf(await w.create(w.users.enterprise, w.terms()));
    expect((await checkDatabase()).problems).toEqual([]);
    // the seller's acceptance was written; the process died before the activation
    await ContractModel.collection.updateOne(
      { _id: new Types.ObjectId(id) },
      { $set: { acceptedBySellerAt: new Date() } },
    );
    const found = await checkDatabase();
    expect(found.problems.map((p) => p.check)).toEqual(['contract-state']);
    const repaired = await checkDatabase({ repair: true });
    expect(repaired.unrepaired).toEqual([]);
    const c = (await ContractModel.findById(id).lean())!;
    expect(c.status).toBe('active');
    expect(await AuditEventModel.countDocuments({ recordId: c._id, action: 'repair' })).toBe(1);
  });

  it('keeps a monthly delivery plan and shows it beside what was delivered', async () => {
    const w = await setup();
    const bad = async (schedule: string, message: RegExp) => {
      const res = await w.create(w.users.enterprise, w.terms({ schedule }));
      expect(statusOf(res)).toBe(400);
      expect(JSON.stringify(payloadOf(res))).toMatch(message);
    };
    await bad('2026-13 5000', /scheduleLine.*line.*1/);
    await bad('2026-10 1000\nten tons in november', /scheduleLine.*line.*2/);
    await bad('2026-10 400000\n2026-11 200000', /scheduleTooMuch/);
    await bad('2026-10 1000\n2026-10 1000', /scheduleTwice/);
    await bad('2027-05 1000', /scheduleOutside/);
    expect(await ContractModel.countDocuments()).toBe(0);
    const res = await w.create(w.users.enterprise, w.terms({ schedule: '2026-11：300,000\n2026-9 200000' }));
    expect(statusOf(res)).toBe(302);
    const id = idOf(res);
    expect((await ContractModel.findById(id).lean())!.schedule).toEqual([
      { month: '2026-09', qty: 200_000 },
      { month: '2026-11', qty: 300_000 },
    ]);
    const page = payloadOf<{ contract: { schedule: unknown[] } }>(
      await contractPage.loader(args(await requestAs(w.users.official, `/contracts/${id}`), { id })),
    );
    expect(page.contract.schedule).toHaveLength(2);
  });
});

describe('amendments', () => {
  it('one party proposes new terms, the other accepts (one write) or refuses; the old terms stay readable', async () => {
    const w = await setup();
    const id = idOf(await w.create(w.users.enterprise, w.terms()));
    const amend = (user: { _id: Types.ObjectId }, form: Record<string, string>) =>
      w.post(user, id, {
        intent: 'amend',
        committedQty: '600000',
        windowEnd: '2027-02-28',
        floorYuan: '1.7',
        overageAllowed: 'on',
        schedule: '',
        reason: '扩种后增加收购量',
        ...form,
      });
    // only an active contract can be amended
    expect(statusOf(await amend(w.users.enterprise, {}))).toBe(400);
    await w.post(w.users.cooperative, id, { intent: 'accept' });
    // a reason is needed; unchanged terms are refused; an outsider gets 404
    expect(statusOf(await amend(w.users.enterprise, { reason: '' }))).toBe(400);
    expect(
      statusOf(
        await amend(w.users.enterprise, {
          committedQty: '500000',
          windowEnd: '2027-01-31',
          floorYuan: '1.6',
        }),
      ),
    ).toBe(400);
    const stranger = await makeUser(
      await makeOrg(w.town._id, { type: 'enterprise', level: 'county' }),
      'enterprise',
    );
    await expectThrownStatus(amend(stranger, {}), 404);
    expect(statusOf(await amend(w.users.enterprise, {}))).toBe(302);
    // the other party's menu counts it
    const waiting = payloadOf<{ waiting: Record<string, number> }>(
      await root.loader(args(await requestAs(w.users.cooperative, '/'))),
    ).waiting;
    expect(waiting['/contracts']).toBe(1);
    // one proposal at a time; the proposer cannot accept its own
    expect(statusOf(await amend(w.users.enterprise, { committedQty: '700000' }))).toBe(400);
    const { AmendmentModel } = await import('#models/trade/amendment');
    const a = (await AmendmentModel.findOne({ contractId: new Types.ObjectId(id) }).lean())!;
    expect(a).toMatchObject({
      status: 'proposed',
      changes: { committedQty: 600_000, windowEnd: '2027-02-28', floorFen: 170 },
      before: { committedQty: 500_000, windowEnd: '2027-01-31', floorFen: 160 },
    });
    await w.post(w.users.enterprise, id, { intent: 'acceptAmendment', amendmentId: String(a._id) });
    expect((await ContractModel.findById(id).lean())!.committedQty).toBe(500_000);
    // two acceptances at once: the terms change once
    await Promise.all([
      w.post(w.users.cooperative, id, { intent: 'acceptAmendment', amendmentId: String(a._id) }),
      w.post(w.users.cooperative, id, { intent: 'acceptAmendment', amendmentId: String(a._id) }),
    ]);
    const c = (await ContractModel.findById(id).lean())!;
    expect(c).toMatchObject({
      committedQty: 600_000,
      windowEnd: '2027-02-28',
      floorFen: 170,
      status: 'active',
    });
    expect((await AmendmentModel.findById(a._id).lean())!.status).toBe('accepted');
    // a second one, refused by the seller with a reason: nothing changes
    expect(statusOf(await amend(w.users.enterprise, { committedQty: '650000' }))).toBe(302);
    const b = (await AmendmentModel.findOne({ status: 'proposed' }).lean())!;
    expect(
      statusOf(
        await w.post(w.users.cooperative, id, {
          intent: 'refuseAmendment',
          amendmentId: String(b._id),
          reason: '产量不够',
        }),
      ),
    ).toBe(302);
    expect((await ContractModel.findById(id).lean())!.committedQty).toBe(600_000);
    const page = payloadOf<{ amendments: Array<{ status: string; before: Record<string, unknown> }> }>(
      await contractPage.loader(args(await requestAs(w.users.official, `/contracts/${id}`), { id })),
    );
    expect(page.amendments.map((x) => x.status)).toEqual(['accepted', 'refused']);
    expect(page.amendments[0]!.before.committedQty).toBe(500_000);
    const report = await checkDatabase({ exclusive: true });
    expect(report.problems.map((p) => `${p.check} ${p.record}: ${p.message}`)).toEqual([]);
  });
});
