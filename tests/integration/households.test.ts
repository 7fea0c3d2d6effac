// Households and their income (issue 10): the register and who may see it, purchases into
// lots, wages, rent, payments, dividends by the law's split, the ledger and the income
// figures — known data in, exact figures out — and each write whole or undone after a crash.
import { afterEach, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { Types } from 'mongoose';
import { AuditEventModel } from '#models/kernel/audit';
import {
  approveDividend,
  createHousehold,
  DistributionModel,
  HouseholdEntryModel,
  HouseholdModel,
  HouseholdYearModel,
  householdLedger,
  incomeFigures,
  incomeTrend,
  linkageReport,
  payEntry,
  recordPayout,
  reverseEntries,
  setPurchasePrice,
  type PayoutInput,
} from '#models/households';
import { checkDatabase } from '#models/kernel/checks';
import { LotModel } from '#models/lots/lot';
import { correctHarvest, HarvestModel } from '#models/field/planting';
import { crashAfter } from '#models/kernel/operation';
import { makeOrg, makeUser, makeVillage } from '#tests/factories';
import { actorFor, deliveryWorld } from '#tests/factories/deliveries';
import {
  args,
  crashAt,
  expectConsistent,
  expectThrownStatus,
  payloadOf,
  requestAs,
  statusOf,
} from '#tests/utils';
import * as edit from '~/routes/households.$id.edit';
import * as detail from '~/routes/households.$id._index';
import * as exportRoute from '~/routes/households.export';
import * as list from '~/routes/households._index';
import * as newHousehold from '~/routes/households.new';
import * as newDividend from '~/routes/households.dividends.new';
import * as payouts from '~/routes/payouts._index';
import * as newPayout from '~/routes/payouts.new';
import * as payoutPage from '~/routes/payouts.$id';

const PHONE = '13812345678';

/** A town with two cooperatives, a base and a plant, two villages and a few households. */
async function world() {
  const w = await deliveryWorld();
  const village2 = await makeVillage(w.town._id);
  const coop2 = await makeOrg(w.town._id, {
    type: 'cooperative',
    villageIds: [String(village2._id)],
    memberHouseholds: 10,
  });
  const coop2User = await makeUser(coop2, 'cooperative');
  const coop2Scope = { access: 'own' as const, townId: w.town._id, orgId: coop2._id };
  const scopeOf = (org: { _id: Types.ObjectId }) => ({
    access: 'own' as const,
    townId: w.town._id,
    orgId: org._id,
  });
  const official = { access: 'town' as const, townId: w.town._id, orgId: w.orgs.government._id };
  const member = (orgId: Types.ObjectId, cashFen = 0, landMu = 0) => ({
    orgId,
    joinedOn: '2024-01-01',
    cashFen,
    landMu,
  });
  let n = 0;
  const household = async (
    villageId: Types.ObjectId,
    memberships: ReturnType<typeof member>[],
    extra: { monitored?: boolean; lifted?: boolean } = {},
  ) =>
    createHousehold(
      w.town._id,
      {
        villageId,
        number: `H-${(n += 1)}`,
        head: `户主${n}`,
        members: 3,
        phone: PHONE,
        memberships,
        ...extra,
      },
      actorFor(w.users.official as never),
    );
  return {
    ...w,
    village2,
    coop2,
    coop2User,
    coop2Scope,
    coop2Actor: actorFor(coop2User as never),
    baseScope: scopeOf(w.orgs.base),
    plantScope: scopeOf(w.orgs.plant),
    base: actorFor(w.users.base as never),
    plantActor: actorFor(w.users.plant as never),
    official,
    member,
    household,
  };
}

type World = Awaited<ReturnType<typeof world>>;

const purchase = (
  w: World,
  householdId: Types.ObjectId,
  kg: number,
  extra: Partial<Extract<PayoutInput, { kind: 'purchase' }>> = {},
): PayoutInput => ({
  kind: 'purchase',
  householdId,
  on: '2026-10-20',
  productId: w.kudzu._id,
  grade: 'grade1',
  kg,
  unitFen: null,
  lotId: null,
  note: '',
  ...extra,
});

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; errors: unknown } | null>) {
  const r = await p;
  if (!r || !r.ok) throw new Error(`refused: ${JSON.stringify(r)}`);
  return r.value;
}

describe('the household register', () => {
  it('a cooperative registers its members; numbers are unique per village; other roles are kept out', async () => {
    const w = await world();
    const form = {
      villageId: String(w.village._id),
      number: '03-12',
      head: '张建国',
      members: '4',
      phone: PHONE,
      joinedOn: '2024-03-01',
      cashYuan: '2000',
      landMu: '1.5',
      monitored: 'on', // a cooperative cannot set flags: ignored
    };
    const made = await newHousehold.action(
      args(await requestAs(w.users.cooperative, '/households/new', { form })),
    );
    expect(statusOf(made)).toBe(302);
    const h = (await HouseholdModel.findOne({ number: '03-12' }).lean())!;
    expect(h.monitored).toBe(false);
    expect(h.memberships).toEqual([
      { orgId: w.orgs.cooperative._id, joinedOn: '2024-03-01', cashFen: 200_000, landMu: 1.5 },
    ]);
    expect(await AuditEventModel.countDocuments({ recordId: h._id, action: 'create' })).toBe(1);

    // the same number in the same village: refused, nothing written
    const again = await newHousehold.action(
      args(await requestAs(w.users.cooperative, '/households/new', { form: { ...form, head: '李四' } })),
    );
    expect(statusOf(again)).toBe(400);
    expect(JSON.stringify(payloadOf(again))).toContain('household.numberUsed');
    expect(await HouseholdModel.countDocuments({ number: '03-12' })).toBe(1);
    // the same number in another village is another household
    const other = await newHousehold.action(
      args(
        await requestAs(w.users.cooperative, '/households/new', {
          form: { ...form, villageId: String(w.village2._id) },
        }),
      ),
    );
    expect(statusOf(other)).toBe(302);
    // a village of another town, or a forged one: refused
    const forged = await newHousehold.action(
      args(
        await requestAs(w.users.cooperative, '/households/new', {
          form: { ...form, number: '09-09', villageId: String(new Types.ObjectId()) },
        }),
      ),
    );
    expect(statusOf(forged)).toBe(400);

    // another cooperative does not see it, by list or by forged id, and cannot edit it
    const id = String(h._id);
    const theirs = await list.loader(args(await requestAs(w.coop2User, '/households')));
    expect(theirs.households.map((x) => x.id)).not.toContain(id);
    await expectThrownStatus(
      detail.loader(args(await requestAs(w.coop2User, `/households/${id}`), { id })),
      404,
    );
    await expectThrownStatus(
      edit.action(
        args(await requestAs(w.coop2User, `/households/${id}/edit`, { form: { ...form, head: '改' } }), {
          id,
        }),
      ),
      404,
    );
    expect((await HouseholdModel.findById(id).lean())!.head).toBe('张建国');
    await expectThrownStatus(
      detail.loader(args(await requestAs(w.users.official, '/households/x'), { id: 'not-an-id' })),
      404,
    );
    // enterprises, plants and carriers never see households
    for (const user of [w.users.enterprise, w.users.plant, w.users.carrier]) {
      await expectThrownStatus(list.loader(args(await requestAs(user, '/households'))), 403);
      await expectThrownStatus(detail.loader(args(await requestAs(user, `/households/${id}`), { id })), 403);
      // (a file route answers with the error page rather than throwing)
      expect(statusOf(await exportRoute.loader(args(await requestAs(user, '/households/export'))))).toBe(403);
    }
  });

  it('phones are whole only for officials and the household’s cooperative; flags are officials’', async () => {
    const w = await world();
    const h = await w.household(w.village._id, [w.member(w.orgs.cooperative._id)]);
    const id = String(h._id);
    const own = await list.loader(args(await requestAs(w.users.cooperative, '/households')));
    expect(own.households.find((x) => x.id === id)?.phone).toBe(PHONE);
    const town = await list.loader(args(await requestAs(w.users.official, '/households')));
    expect(town.households.find((x) => x.id === id)?.phone).toBe(PHONE);
    // the base pays the household wages: its payouts list shows whom, with the phone masked
    await ok(
      recordPayout(
        w.baseScope,
        {
          kind: 'wage',
          householdId: h._id,
          on: '2026-10-01',
          worker: '',
          days: 2,
          rateFen: 15_000,
          note: '',
        },
        w.base,
      ),
    );
    const basePage = await payouts.loader(args(await requestAs(w.users.base, '/payouts')));
    expect(basePage.entries[0].phone).toBe('138****5678');
    expect(JSON.stringify(basePage)).not.toContain(PHONE);
    // one rule on every page: the household's own cooperative and officials see it whole on the
    // payouts list and a payout's page too (the base, masked there as well)
    await ok(
      recordPayout(
        w.coopScope,
        {
          kind: 'wage',
          householdId: h._id,
          on: '2026-10-02',
          worker: '',
          days: 1,
          rateFen: 15_000,
          note: '',
        },
        w.coop,
      ),
    );
    for (const [user, expected] of [
      [w.users.cooperative, PHONE],
      [w.users.official, PHONE],
      [w.users.base, '138****5678'],
    ] as const) {
      const page = await payouts.loader(args(await requestAs(user, '/payouts')));
      for (const e of page.entries) expect(e.phone).toBe(expected);
      const one = await payoutPage.loader(
        args(await requestAs(user, `/payouts/${page.entries[0].id}`), { id: page.entries[0].id }),
      );
      expect(one.e.household?.phone).toBe(expected);
    }

    // the cooperative's clerk cannot flag; an official can
    const form = {
      villageId: String(w.village._id),
      number: h.number,
      head: h.head,
      members: '3',
      phone: PHONE,
      joinedOn: '2024-01-01',
      monitored: 'on',
    };
    await edit.action(args(await requestAs(w.users.cooperative, `/households/${id}/edit`, { form }), { id }));
    expect((await HouseholdModel.findById(id).lean())!.monitored).toBe(false);
    await edit.action(args(await requestAs(w.users.official, `/households/${id}/edit`, { form }), { id }));
    expect((await HouseholdModel.findById(id).lean())!.monitored).toBe(true);
    // and only an official adds a household to a cooperative
    const join = { intent: 'join', orgId: String(w.coop2._id), joinedOn: '2025-01-01', cashYuan: '500' };
    await expectThrownStatus(
      edit.action(
        args(await requestAs(w.users.cooperative, `/households/${id}/edit`, { form: join }), { id }),
      ),
      403,
    );
    await edit.action(
      args(await requestAs(w.users.official, `/households/${id}/edit`, { form: join }), { id }),
    );
    expect((await HouseholdModel.findById(id).lean())!.memberships.map((m) => String(m.orgId))).toEqual([
      String(w.orgs.cooperative._id),
      String(w.coop2._id),
    ]);
  });

  it('every export of household data is recorded in the audit trail', async () => {
    const w = await world();
    await w.household(w.village._id, [w.member(w.orgs.cooperative._id)]);
    await w.household(w.village2._id, [w.member(w.coop2._id)]);
    const before = await AuditEventModel.countDocuments({ action: 'export' });
    const res = (await exportRoute.loader(
      args(await requestAs(w.users.cooperative, '/households/export?format=csv')),
    )) as Response;
    const csv = iconv.decode(Buffer.from(await res.arrayBuffer()), 'gb18030');
    expect(csv.split('\r\n')[0]).toContain('户号');
    // the cooperative's own member only
    expect(csv.trim().split('\r\n')).toHaveLength(2);
    expect(csv).toContain(PHONE);
    const events = await AuditEventModel.find({ action: 'export' }).lean();
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({ entity: 'Household', after: { format: 'csv', households: 1 } });
    const xlsx = (await exportRoute.loader(
      args(await requestAs(w.users.official, '/households/export')),
    )) as Response;
    expect(xlsx.headers.get('Content-Type')).toContain('spreadsheetml');
    expect(await AuditEventModel.countDocuments({ action: 'export' })).toBe(before + 2);
  });
});

describe('purchases, wages, rent and payments', () => {
  it('a purchase from a member at the listed price, into a new collection lot and then into that lot', async () => {
    const w = await world();
    const a = await w.household(w.village._id, [w.member(w.orgs.cooperative._id)]);
    const b = await w.household(w.village._id, [w.member(w.orgs.cooperative._id)]);
    await setPurchasePrice(w.coopScope, { productId: w.kudzu._id, grade: 'grade1', unitFen: 150 }, w.coop);
    const first = await ok(recordPayout(w.coopScope, purchase(w, a._id, 300), w.coop));
    const e1 = (await HouseholdEntryModel.findById(first.id).lean())!;
    // 300 kg × 1.50 = 450.00 元, under the contract's 1.60 floor: flagged
    expect(e1).toMatchObject({ kind: 'purchase', amountFen: 45_000, unitFen: 150, floorFen: 160, kg: 300 });
    expect(e1.number).toMatch(/-SG-2026-\d{6}$/);
    const lot = (await LotModel.findById(e1.lotId).lean())!;
    expect(lot).toMatchObject({
      quantity: 300,
      householdKg: 300,
      status: 'in_stock',
      origin: { kind: 'collection' },
    });
    // a typed price, into the same collection lot: it grows; 1.70 is above the floor
    const second = await ok(
      recordPayout(w.coopScope, purchase(w, b._id, 200, { unitFen: 170, lotId: lot._id }), w.coop),
    );
    const e2 = (await HouseholdEntryModel.findById(second.id).lean())!;
    expect(e2.amountFen).toBe(34_000);
    expect(e2.floorFen).toBeUndefined();
    const grown = (await LotModel.findById(lot._id).lean())!;
    expect(grown.quantity).toBe(500);
    expect(grown.households.map((x) => [String(x.householdId), x.kg])).toEqual([
      [String(a._id), 300],
      [String(b._id), 200],
    ]);
    await expectConsistent();
  });

  it('a harvest lot is broken down by household up to its quantity; bad purchases change nothing', async () => {
    const w = await world();
    const a = await w.household(w.village._id, [w.member(w.orgs.cooperative._id)]);
    const outsider = await w.household(w.village2._id, [w.member(w.coop2._id)]);
    const harvest = await w.lot(1000);
    await ok(
      recordPayout(w.coopScope, purchase(w, a._id, 600, { unitFen: 160, lotId: harvest._id }), w.coop),
    );
    const count = await HouseholdEntryModel.countDocuments();
    const over = await recordPayout(
      w.coopScope,
      purchase(w, a._id, 500, { unitFen: 160, lotId: harvest._id }),
      w.coop,
    );
    expect(over).toEqual({ ok: false, code: 'invalid', errors: { kg: ['household.lotFull|{"left":400}'] } });
    // not a member of this cooperative; another cooperative's lot; no price listed
    const notMember = await recordPayout(
      w.coopScope,
      purchase(w, outsider._id, 10, { unitFen: 100 }),
      w.coop,
    );
    expect(notMember).toEqual({
      ok: false,
      code: 'invalid',
      errors: { householdId: ['household.notMember'] },
    });
    const theirLot = await recordPayout(
      w.coop2Scope,
      purchase(w, outsider._id, 10, { unitFen: 100, lotId: harvest._id }),
      w.coop2Actor,
    );
    expect(theirLot.ok).toBe(false);
    const noPrice = await recordPayout(w.coopScope, purchase(w, a._id, 10, { grade: 'grade3' }), w.coop);
    expect(noPrice).toEqual({ ok: false, code: 'invalid', errors: { priceYuan: ['household.noPrice'] } });
    expect(await HouseholdEntryModel.countDocuments()).toBe(count);
    expect((await LotModel.findById(harvest._id).lean())!.householdKg).toBe(600);
    // nor can the harvest be corrected below what households sold into it
    const h = (await HarvestModel.findOne({ lotId: harvest._id }).lean())!;
    const input = { harvestedOn: '2026-10-01', unit: 'kg' as const, grade: 'grade1' as const, notes: '' };
    expect(await correctHarvest(w.coopScope, h._id, { ...input, quantity: 500 }, w.coop)).toMatchObject({
      ok: false,
      errors: { quantity: ['harvest.belowHouseholds|{"kg":600}'] },
    });
    expect(await correctHarvest(w.coopScope, h._id, { ...input, quantity: 700 }, w.coop)).toMatchObject({
      ok: true,
    });
    expect((await LotModel.findById(harvest._id).lean())!.quantity).toBe(700);

    // through the form: negative kg, a negative price, a forged household — 400, nothing written
    for (const bad of [
      { quantity: '-5' },
      { priceYuan: '-1' },
      { householdId: String(new Types.ObjectId()) },
      { householdId: 'abc' },
    ]) {
      const res = await newPayout.action(
        args(
          await requestAs(w.users.cooperative, '/payouts/new?kind=purchase', {
            form: {
              householdId: String(a._id),
              on: '2026-10-20',
              productId: String(w.kudzu._id),
              grade: 'grade1',
              quantity: '100',
              weightUnit: 'kg',
              priceYuan: '1.6',
              ...bad,
            },
          }),
        ),
      );
      expect(statusOf(res)).toBe(400);
    }
    expect(await HouseholdEntryModel.countDocuments()).toBe(count);
    // 500 斤 is 250 kg
    const jin = await newPayout.action(
      args(
        await requestAs(w.users.cooperative, '/payouts/new?kind=purchase', {
          form: {
            householdId: String(a._id),
            on: '2026-10-21',
            productId: String(w.kudzu._id),
            grade: 'grade1',
            quantity: '500',
            weightUnit: 'jin',
            priceYuan: '1.6',
          },
        }),
      ),
    );
    expect(statusOf(jin)).toBe(302);
    expect((await HouseholdEntryModel.findOne({ on: '2026-10-21' }).lean())!).toMatchObject({
      kg: 250,
      amountFen: 40_000,
    });
    // only cooperatives purchase
    await expectThrownStatus(
      newPayout.loader(args(await requestAs(w.users.base, '/payouts/new?kind=purchase'))),
      404,
    );
  });

  it('wages and land rent for households of any village; payments never exceed what is owed', async () => {
    const w = await world();
    const h = await w.household(w.village2._id, []);
    const wage = await ok(
      recordPayout(
        w.plantScope,
        {
          kind: 'wage',
          householdId: h._id,
          on: '2026-10-31',
          worker: '张三',
          days: 20,
          rateFen: 15_000,
          note: '',
        },
        w.plantActor,
      ),
    );
    const rent = await ok(
      recordPayout(
        w.baseScope,
        {
          kind: 'rent',
          householdId: h._id,
          on: '2026-01-15',
          areaMu: 2.5,
          rateFen: 70_000,
          rentYear: 2026,
          note: '',
        },
        w.base,
      ),
    );
    expect((await HouseholdEntryModel.findById(wage.id).lean())!.amountFen).toBe(300_000);
    expect((await HouseholdEntryModel.findById(rent.id).lean())!.amountFen).toBe(175_000);
    const wageId = new Types.ObjectId(wage.id);
    const pay = (amountFen: number, actor = w.plantActor) =>
      payEntry(
        w.plantScope,
        wageId,
        { amountFen, paidOn: '2026-11-05', method: 'wechat', reference: '' },
        actor,
      );
    expect((await pay(100_000))?.ok).toBe(true);
    expect(await pay(200_001)).toEqual({
      ok: false,
      code: 'invalid',
      errors: { amountYuan: ['household.overpay|{"owed":2000}'] },
    });
    // the base cannot pay the plant's entry
    expect(
      await payEntry(
        w.baseScope,
        wageId,
        { amountFen: 1, paidOn: '2026-11-05', method: 'cash', reference: '' },
        w.base,
      ),
    ).toBeNull();
    // twenty clerks pay the rest at once: one payment
    const results = await Promise.all(Array.from({ length: 20 }, () => pay(200_000)));
    expect(results.filter((r) => r?.ok)).toHaveLength(1);
    expect((await HouseholdEntryModel.findById(wageId).lean())!.paidFen).toBe(300_000);
    expect(await HouseholdEntryModel.countDocuments({ pays: wageId })).toBe(2);
    await expectConsistent();
  });
});

describe('dividends', () => {
  /** Three members: volumes 1,000 and 3,000 元 and none; shares 0, 1,000 元 cash, 2 亩 land. */
  async function members(w: World) {
    const hs = [
      await w.household(w.village._id, [w.member(w.orgs.cooperative._id)]),
      await w.household(w.village._id, [w.member(w.orgs.cooperative._id, 100_000)]),
      await w.household(w.village2._id, [w.member(w.orgs.cooperative._id, 0, 2)]),
    ];
    await ok(
      recordPayout(w.coopScope, purchase(w, hs[0]._id, 1000, { unitFen: 100, on: '2025-10-01' }), w.coop),
    );
    await ok(
      recordPayout(w.coopScope, purchase(w, hs[1]._id, 2000, { unitFen: 150, on: '2025-10-02' }), w.coop),
    );
    return hs;
  }
  const input = (surplusFen: number, volumePct = 60) => ({
    year: 2025,
    surplusFen,
    volumePct,
    landFenPerMu: 50_000,
    paidOn: '2026-03-01',
  });

  it('splits at least 60 % by volume and the rest by shares, to the 分, and never changes once approved', async () => {
    const w = await world();
    const hs = await members(w);
    // 100.01 元: 60.01 by volume (1:3 → 15.00 and 45.01), 40.00 by shares (0:1,000:1,000 → 0, 20, 20)
    const made = await ok(approveDividend(w.coopScope, input(10_001), w.coop));
    const d = (await DistributionModel.findById(made.id).lean())!;
    expect(d.byVolumeFen).toBe(6_001);
    expect(d.bySharesFen).toBe(4_000);
    expect(d.lines.map((l) => [String(l.householdId), l.byVolumeFen, l.bySharesFen, l.amountFen])).toEqual([
      [String(hs[0]._id), 1_500, 0, 1_500],
      [String(hs[1]._id), 4_501, 2_000, 6_501],
      [String(hs[2]._id), 0, 2_000, 2_000],
    ]);
    const entries = await HouseholdEntryModel.find({ distributionId: d._id }).lean();
    expect(entries.map((e) => e.amountFen).reduce((a, b) => a + b)).toBe(10_001);
    // the year's rollups count it as dividend income (paid on 2026-03-01)
    const year = await HouseholdYearModel.findOne({ householdId: hs[2]._id, year: 2026 }).lean();
    expect(year).toMatchObject({ dividend: 2_000, total: 2_000 });
    // a second distribution of the year is refused
    expect(await approveDividend(w.coopScope, input(5_000), w.coop)).toEqual({
      ok: false,
      code: 'invalid',
      errors: { year: ['dividend.exists'] },
    });
    // under 60 % by volume is refused by the form (and by the split itself)
    const form = {
      intent: 'preview',
      year: '2025',
      surplusYuan: '100',
      volumePct: '55',
      paidOn: '2026-03-01',
    };
    const refused = await newDividend.action(
      args(await requestAs(w.users.cooperative, '/households/dividends/new', { form })),
    );
    expect(statusOf(refused)).toBe(400);
    expect(JSON.stringify(payloadOf(refused))).toContain('dividend.belowFloor');
    // officials and other cooperatives cannot approve one
    await expectThrownStatus(
      newDividend.action(
        args(
          await requestAs(w.users.official, '/households/dividends/new', {
            form: { ...form, intent: 'approve' },
          }),
        ),
      ),
      403,
    );

    // a correction reverses it whole (nothing paid yet); the year can then be distributed again
    const reversed = await reverseEntries(w.coopScope, { distributionId: d._id }, '盈余算错', w.coop);
    expect(reversed).toEqual({ ok: true, value: { count: 3 } });
    expect((await DistributionModel.findById(d._id).lean())!.state).toBe('reversed');
    expect((await HouseholdYearModel.findOne({ householdId: hs[2]._id, year: 2026 }).lean())!.dividend).toBe(
      0,
    );
    const again = await ok(approveDividend(w.coopScope, input(20_000, 80), w.coop));
    // paid in part: it can no longer be reversed
    const line = (await HouseholdEntryModel.findOne({
      distributionId: new Types.ObjectId(again.id),
    }).lean())!;
    await ok(
      payEntry(
        w.coopScope,
        line._id,
        { amountFen: 1, paidOn: '2026-03-05', method: 'cash', reference: '' },
        w.coop,
      ),
    );
    expect(
      await reverseEntries(w.coopScope, { distributionId: new Types.ObjectId(again.id) }, '再改', w.coop),
    ).toEqual({ ok: false, code: 'conflict', errors: { '': ['household.reversePaid'] } });
    await expectConsistent();
  });
});

describe('income figures', () => {
  it('linked households, totals and averages by village, kind and month; 监测户; bands; who earned less', async () => {
    const w = await world();
    const a = await w.household(w.village._id, [w.member(w.orgs.cooperative._id)]);
    const b = await w.household(w.village._id, [w.member(w.orgs.cooperative._id)], { monitored: true });
    const c = await w.household(w.village2._id, []);
    await w.household(w.village2._id, []); // never paid: not linked
    // 2025: a 6,000 元 of purchases; c 2,000 元 of wages
    await ok(recordPayout(w.coopScope, purchase(w, a._id, 4000, { unitFen: 150, on: '2025-10-01' }), w.coop));
    const wage = (h: Types.ObjectId, on: string, days: number) =>
      recordPayout(
        w.baseScope,
        { kind: 'wage', householdId: h, on, worker: '', days, rateFen: 10_000, note: '' },
        w.base,
      );
    await ok(wage(c._id, '2025-06-30', 20));
    // 2026: a 3,000 元 (fell), b 800 元 + 12,000 元 of wages, c 1,500 元 rent
    await ok(recordPayout(w.coopScope, purchase(w, a._id, 2000, { unitFen: 150, on: '2026-10-01' }), w.coop));
    await ok(recordPayout(w.coopScope, purchase(w, b._id, 500, { unitFen: 160, on: '2026-11-01' }), w.coop));
    await ok(wage(b._id, '2026-06-30', 120));
    await ok(
      recordPayout(
        w.baseScope,
        {
          kind: 'rent',
          householdId: c._id,
          on: '2026-01-15',
          areaMu: 3,
          rateFen: 50_000,
          rentYear: 2026,
          note: '',
        },
        w.base,
      ),
    );
    // a payment is not income
    const e = (await HouseholdEntryModel.findOne({ householdId: a._id, year: 2026 }).lean())!;
    await ok(
      payEntry(
        w.coopScope,
        e._id,
        { amountFen: 100_000, paidOn: '2026-10-05', method: 'cash', reference: '' },
        w.coop,
      ),
    );

    const f = await incomeFigures(w.official, { year: 2026 });
    expect(f.all).toEqual({
      households: 3,
      totalFen: 300_000 + 80_000 + 1_200_000 + 150_000,
      avgFen: Math.round(1_730_000 / 3),
      byKind: { purchase: 380_000, wage: 1_200_000, rent: 150_000, dividend: 0 },
      months: [150_000, 0, 0, 0, 0, 1_200_000, 0, 0, 0, 300_000, 80_000, 0],
    });
    expect(f.monitored).toMatchObject({ households: 1, totalFen: 1_280_000, avgFen: 1_280_000 });
    expect(f.byVillage.sort((x, y) => x.households - y.households)).toEqual([
      { villageId: String(w.village2._id), households: 1, monitored: 0, totalFen: 150_000, avgFen: 150_000 },
      { villageId: String(w.village._id), households: 2, monitored: 1, totalFen: 1_580_000, avgFen: 790_000 },
    ]);
    // a 3,000 and c 1,500 元: 1,000–5,000; b 12,800 元: over 10,000
    expect(f.bands).toEqual({ lt1k: 0, k1_5: 2, k5_10: 0, gt10k: 1 });
    expect(f.fell.count).toBe(2); // a: 6,000 → 3,000; c: 2,000 → 1,500
    expect(f.fell.top.map((r) => [r.householdId, r.previousFen, r.currentFen])).toEqual([
      [String(a._id), 600_000, 300_000],
      [String(c._id), 200_000, 150_000],
    ]);
    const trend = await incomeTrend(w.official, [2025, 2026]);
    expect(trend.years).toEqual([
      { year: 2025, households: 2, totalFen: 800_000, avgFen: 400_000 },
      { year: 2026, households: 3, totalFen: 1_730_000, avgFen: Math.round(1_730_000 / 3) },
    ]);
    // the cooperative sees what it paid its own members
    const own = await incomeFigures(w.coopScope, { year: 2026 });
    expect(own.all).toMatchObject({ households: 2, totalFen: 380_000, avgFen: 190_000 });
    // one household's ledger: totals per year and kind, the change from last year
    const ledger = await householdLedger(w.official, a._id);
    expect(ledger.years.map((y) => [y.year, y.byKind.purchase, y.total, y.change])).toEqual([
      [2026, 300_000, 300_000, -0.5],
      [2025, 600_000, 600_000, null],
    ]);
    expect(ledger.owedFen).toBe(600_000 + 300_000 - 100_000);
    // 联农带农: the cooperative; the enterprise through its contract with the cooperative
    const coopReport = (await linkageReport(w.orgs.cooperative._id, w.town._id, 2026))!;
    expect(coopReport).toMatchObject({ households: 2, monitored: 1, totalFen: 380_000, avgFen: 190_000 });
    const entReport = (await linkageReport(w.orgs.enterprise._id, w.town._id, 2026))!;
    expect(entReport).toMatchObject({
      households: 2,
      totalFen: 380_000,
      cooperatives: [String(w.orgs.cooperative._id)],
    });
  });
});

describe('households after a crash at any write', () => {
  afterEach(() => {
    crashAfter.writes = null;
  });

  it('a purchase, a payment, a dividend and a reversal are each whole or undone', async () => {
    const w = await world();
    const a = await w.household(w.village._id, [w.member(w.orgs.cooperative._id, 10_000)]);
    const harvest = await w.lot(100_000);
    for (const lotId of [null, harvest._id]) {
      for (let n = 1; ; n += 1) {
        const before = await HouseholdEntryModel.countDocuments();
        const crashed = await crashAt(n, () =>
          recordPayout(
            w.coopScope,
            purchase(w, a._id, 10, { unitFen: 150, lotId, on: '2025-10-01' }),
            w.coop,
          ),
        );
        await expectConsistent();
        expect((await HouseholdEntryModel.countDocuments()) - before).toBeLessThanOrEqual(1);
        if (!crashed) break;
      }
    }
    const entry = (await HouseholdEntryModel.findOne({ kind: 'purchase' }).lean())!;
    for (let n = 1; ; n += 1) {
      const crashed = await crashAt(n, () =>
        payEntry(
          w.coopScope,
          entry._id,
          { amountFen: 100, paidOn: '2025-10-02', method: 'cash', reference: '' },
          w.coop,
        ),
      );
      await expectConsistent();
      if (!crashed) break;
    }
    for (let n = 1; ; n += 1) {
      const crashed = await crashAt(n, () =>
        approveDividend(
          w.coopScope,
          { year: 2025, surplusFen: 1_000, volumePct: 60, landFenPerMu: 0, paidOn: '2026-01-10' },
          w.coop,
        ),
      );
      await expectConsistent();
      const d = await DistributionModel.findOne({ state: 'approved' }).lean();
      // all of it (a distribution and its entries) or none
      expect(await HouseholdEntryModel.countDocuments({ kind: 'dividend' })).toBe(d ? d.lines.length : 0);
      if (!crashed) break;
    }
    const d = (await DistributionModel.findOne({ state: 'approved' }).lean())!;
    for (let n = 1; ; n += 1) {
      const crashed = await crashAt(n, () =>
        reverseEntries(w.coopScope, { distributionId: d._id }, '更正', w.coop),
      );
      await expectConsistent();
      if (!crashed) break;
    }
    expect((await DistributionModel.findById(d._id).lean())!.state).toBe('reversed');
  }, 120_000);

  it('db:check finds a rollup, a lot breakdown or a paid amount that no longer matches its entries', async () => {
    const w = await world();
    const a = await w.household(w.village._id, [w.member(w.orgs.cooperative._id)]);
    const made = await ok(recordPayout(w.coopScope, purchase(w, a._id, 100, { unitFen: 150 }), w.coop));
    const e = (await HouseholdEntryModel.findById(made.id).lean())!;
    await HouseholdYearModel.collection.updateOne(
      { householdId: a._id },
      { $inc: { total: 1, purchase: 1 } },
    );
    await LotModel.collection.updateOne({ _id: e.lotId }, { $inc: { householdKg: 5 } });
    await HouseholdEntryModel.collection.updateOne({ _id: e._id }, { $set: { paidFen: 7 } });
    const report = await checkDatabase({ exclusive: true });
    const checks = report.problems.map((p) => p.check);
    expect(checks).toEqual(expect.arrayContaining(['household-rollup', 'lot-households', 'household-paid']));
    // the rollup and the paid amount are repaired from the entries
    const repaired = await checkDatabase({ exclusive: true, repair: true });
    expect(repaired.problems.map((p) => p.check)).toEqual(['lot-households']);
  });
});
