// The town's figures (issue 11): known records in, exact figures out; facts kept in step with
// writes (a new receipt or planting shows at once, even one that commits after its mark);
// db:check finds a fact that differs from its records.
import { describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { SYSTEM_ACTOR } from '#models/kernel/audit';
import {
  acreage,
  freshness,
  harvests,
  headCounts,
  householdIncome,
  loadFacts,
  measureTarget,
  overdue,
  sales,
} from '#models/oversight';
import { confirmDelivery, DeliveryModel, payDelivery, submitDelivery } from '#models/trade/delivery';
import { FactMarkModel, FactModel, readFacts, touchFacts } from '#models/kernel/facts';
import { salesFacts } from '#models/trade/delivery/facts';
import { getBase, recordHerdEvent } from '#models/field/herd';
import { createHousehold, recordPayout } from '#models/households';
import { checkDatabase } from '#models/kernel/checks';
import { appendEntry, chainOf, LedgerEntryModel } from '#models/kernel/ledger';
import { createPlanting } from '#models/field/planting';
import { toPlain } from '#models/kernel/common';
import { createTarget } from '#models/oversight/target';
import { projectionText } from '~/utils/dashboard-tables.server';
import '~/i18n/messages.server';
import { makeProduct, makeVillage } from '#tests/factories';
import { actorFor, deliveryWorld } from '#tests/factories/deliveries';
import type { HerdEventInput } from '~/schemas/herd';

async function world() {
  const w = await deliveryWorld();
  const village2 = await makeVillage(w.town._id);
  const potato = await makeProduct(w.town._id, { category: 'crop', unit: 'kg', code: 'XXS' });
  const coopActor = { ...SYSTEM_ACTOR, orgId: w.orgs.cooperative._id, townId: w.town._id };
  const plant = (villageId: Types.ObjectId, productId: Types.ObjectId, areaMu: number, plantedOn: string) =>
    createPlanting(
      w.coopScope,
      {
        villageId: String(villageId),
        productId: String(productId),
        areaMu,
        households: 5,
        plantedOn,
        plotName: '',
        notes: '',
      },
      coopActor,
    );
  let n = 0;
  /** A receipt (or a reversal, when negative) recorded at a chosen time, as the ledger appends it. */
  const receipt = (at: string, amountFen: number, quantity = 100) => {
    n += 1;
    const d = {
      contractId: w.contract._id,
      buyerOrgId: w.orgs.enterprise._id,
      sellerOrgId: w.orgs.cooperative._id,
    };
    return appendEntry({
      _id: new Types.ObjectId(),
      townId: w.town._id,
      chain: `test:${chainOf(d)}`,
      kind: amountFen < 0 ? 'reversal' : 'receipt',
      number: `T-PZ-${w.town.code}-${n}-${new Types.ObjectId().toHexString().slice(-6)}`,
      deliveryId: new Types.ObjectId(),
      deliveryCode: `T-${n}`,
      ...d,
      productId: w.kudzu._id,
      at: new Date(`${at}T12:00:00+08:00`),
      byUserId: null,
      unit: 'kg',
      quantity: amountFen < 0 ? 0 : quantity,
      amountFen,
    });
  };
  return { ...w, village2, potato, plant, receipt, coopActor };
}

const TODAY = { year: 2026, month: 11, date: '2026-11-29' };

describe('the town dashboard figures', () => {
  it('adds up acreage, harvests, sales, household income and head count exactly', async () => {
    const w = await world();
    await w.plant(w.village._id, w.kudzu._id, 100, '2025-03-10');
    await w.plant(w.village._id, w.kudzu._id, 150.5, '2026-03-10');
    await w.plant(w.village2._id, w.kudzu._id, 50, '2026-04-01');
    await w.plant(w.village2._id, w.potato._id, 30, '2026-04-20');
    await w.lot(1_000); // a harvest of 1,000 kg on 2026-10-01 (and a 10,000 亩 planting in 2026)
    await w.lot(500);

    await w.receipt('2025-03-05', 80_000);
    await w.receipt('2026-03-02', 100_000);
    await w.receipt('2026-03-31', 50_000, 50);
    await w.receipt('2026-07-15', 200_000, 300);
    await w.receipt('2026-07-20', -20_000);

    const official = { access: 'town' as const, townId: w.town._id, orgId: w.orgs.government._id };
    const baseScope = { access: 'own' as const, townId: w.town._id, orgId: w.orgs.base._id };
    const h1 = await createHousehold(
      w.town._id,
      {
        villageId: w.village._id,
        number: 'D-1',
        head: '甲',
        members: 3,
        phone: '',
        memberships: [{ orgId: w.orgs.cooperative._id, joinedOn: '2024-01-01', cashFen: 0, landMu: 0 }],
      },
      actorFor(w.users.official as never),
    );
    const h2 = await createHousehold(
      w.town._id,
      {
        villageId: w.village2._id,
        number: 'D-2',
        head: '乙',
        members: 2,
        phone: '',
        memberships: [{ orgId: w.orgs.cooperative._id, joinedOn: '2024-01-01', cashFen: 0, landMu: 0 }],
      },
      actorFor(w.users.official as never),
    );
    const wage = async (householdId: Types.ObjectId, on: string, days: number) => {
      const r = await recordPayout(
        baseScope,
        { kind: 'wage', householdId, on, worker: '', days, rateFen: 10_000, note: '' },
        actorFor(w.users.base as never),
      );
      expect(r.ok).toBe(true);
    };
    await wage(h1._id, '2025-06-01', 8); // 800 元 in 2025
    await wage(h1._id, '2026-02-10', 10); // 1,000 元
    await wage(h1._id, '2026-05-10', 5); // 500 元
    await wage(h2._id, '2026-05-12', 3); // 300 元

    const base = (await getBase(w.orgs.base._id))!;
    const herd = async (e: Partial<HerdEventInput>) => {
      const r = await recordHerdEvent(
        base,
        { species: 'pig', earTags: '', cause: '', buyer: '', notes: '', ...e } as HerdEventInput,
        actorFor(w.users.base as never),
      );
      expect(r.ok).toBe(true);
    };
    await herd({ kind: 'purchase', date: '2025-12-10', head: 100 });
    await herd({ kind: 'birth', date: '2026-06-01', head: 50 });
    await herd({ kind: 'death', date: '2026-06-20', head: 5 });

    const facts = await loadFacts(w.town._id, 2026, 2026, { sellers: true });
    const year = 2026;
    const kudzu = String(w.kudzu._id);
    const potato = String(w.potato._id);

    const a = acreage(facts, { year });
    expect(a.bySeason).toEqual([
      { year: 2025, byCrop: { [kudzu]: 100 }, total: 100 },
      { year: 2026, byCrop: { [kudzu]: 10_200.5, [potato]: 30 }, total: 10_230.5 },
    ]);
    expect(a.byVillage).toEqual([
      { villageId: String(w.village._id), areaMu: 10_150.5, plantings: 2, households: 55 },
      { villageId: String(w.village2._id), areaMu: 80, plantings: 2, households: 10 },
    ]);
    // filtered by village and crop
    expect(acreage(facts, { year, villageId: String(w.village2._id), productId: potato }).total).toBe(30);

    const h = harvests(facts, { year });
    expect(h.totalKg).toBe(1_500);
    expect(h.months[9]).toEqual({ month: 10, kg: 1_500, harvests: 2 });

    const s = sales(facts, { year }, TODAY);
    expect(s.months[2]).toMatchObject({ month: 3, fen: 150_000, lastYearFen: 80_000, cumFen: 150_000 });
    expect(s.months[6]).toMatchObject({ month: 7, fen: 180_000, cumFen: 330_000 });
    expect(s.months[10].cumFen).toBe(330_000);
    expect(s.months[11].cumFen).toBeNull(); // December has not come yet
    expect(s.totalFen).toBe(330_000);
    expect(s.lastYearFen).toBe(80_000);
    expect(s.byBuyer).toEqual([
      { buyerOrgId: String(w.orgs.enterprise._id), fen: 330_000, quantity: 450, receipts: 3 },
    ]);
    // another buyer: nothing
    expect(sales(facts, { year, enterpriseId: String(new Types.ObjectId()) }, TODAY).totalFen).toBe(0);

    const inc = householdIncome(facts, { year });
    expect(inc).toMatchObject({ linked: 2, totalFen: 180_000, avgFen: 90_000, lastYearAvgFen: 80_000 });
    expect(inc.months[1]).toEqual({ month: 2, linked: 1, totalFen: 100_000, avgFen: 100_000 });
    expect(inc.months[4]).toEqual({ month: 5, linked: 2, totalFen: 180_000, avgFen: 90_000 });
    expect(inc.byKind.wage).toBe(180_000);
    expect(inc.byVillage).toEqual([
      {
        villageId: String(w.village._id),
        linked: 1,
        totalFen: 150_000,
        avgFen: 150_000,
        lastYearAvgFen: 80_000,
      },
      { villageId: String(w.village2._id), linked: 1, totalFen: 30_000, avgFen: 30_000, lastYearAvgFen: 0 },
    ]);
    expect(householdIncome(facts, { year, villageId: String(w.village2._id) }).avgFen).toBe(30_000);
    // five years to the filter's year, a year without records as 0 households (drawn as 无数据)
    expect(inc.trend).toEqual([
      { year: 2022, households: 0, totalFen: 0, avgFen: 0 },
      { year: 2023, households: 0, totalFen: 0, avgFen: 0 },
      { year: 2024, households: 0, totalFen: 0, avgFen: 0 },
      { year: 2025, households: 1, totalFen: 80_000, avgFen: 80_000 },
      { year: 2026, households: 2, totalFen: 180_000, avgFen: 90_000 },
    ]);
    // this year so far beside last year to the same month: by May of 2025 nobody had been paid,
    // by June the one household had
    expect(householdIncome(facts, { year }, { year: 2026, month: 5 })).toMatchObject({
      toMonth: 5,
      lastYearToDateLinked: 0,
      lastYearToDateAvgFen: 0,
    });
    expect(householdIncome(facts, { year }, { year: 2026, month: 6 })).toMatchObject({
      toMonth: 6,
      lastYearToDateLinked: 1,
      lastYearToDateAvgFen: 80_000,
    });
    // a past year is compared whole
    expect(householdIncome(facts, { year: 2025 }, { year: 2026, month: 6 }).toMonth).toBe(12);

    const heads = await headCounts(w.town._id);
    expect(heads).toEqual([
      {
        baseId: String(w.orgs.base._id),
        head: 145,
        months: [
          { month: '2025-12', head: 100 },
          { month: '2026-06', head: 145 },
        ],
      },
    ]);

    const fresh = freshness(facts);
    expect(fresh.map((f) => f.villageId).sort()).toEqual(
      [String(w.village._id), String(w.village2._id)].sort(),
    );
    expect(fresh.every((f) => f.latest instanceof Date)).toBe(true);

    // targets: acreage 2025 → 2026 grew by 10,130.5 亩 a year; 30,000 亩 is reached in 2028
    const official_ = actorFor(w.users.official as never);
    const acreageTarget = await createTarget(
      w.town._id,
      {
        title: '葛根面积',
        metric: 'acreage',
        scopeKind: 'town',
        productId: kudzu,
        value: 30_000,
        baseline: 100,
        baselineOn: '2025-12-31',
        startOn: '2026-01-01',
        deadline: '2028-12-31',
        notes: '',
      },
      official_,
    );
    const m = measureTarget(toPlain(acreageTarget), facts, heads, TODAY);
    expect(m.current).toBe(10_200.5);
    expect(m.series).toEqual([
      { label: '2025', value: 100 },
      { label: '2026', value: 10_200.5 },
    ]);
    expect(m.projection.status).toBe('onTrack');
    if (m.projection.status === 'onTrack') {
      // 10,200.5 + 10,100.5 × (t − 2026) = 30,000 → t = 2027.96…
      expect(m.projection.reachAt).toBeCloseTo(2026 + (30_000 - 10_200.5) / 10_100.5, 6);
    }
    // head count: 145 now, 100 → 145 over half a year; 5,000 by 2026-12-31 is late
    const headTarget = await createTarget(
      w.town._id,
      {
        title: '存栏',
        metric: 'headCount',
        scopeKind: 'base',
        scopeId: String(w.orgs.base._id),
        value: 5_000,
        baseline: 0,
        baselineOn: '2025-12-01',
        startOn: '2026-01-01',
        deadline: '2026-12-31',
        notes: '',
      },
      official_,
    );
    const hm = measureTarget(toPlain(headTarget), facts, heads, TODAY);
    expect(hm.current).toBe(145);
    expect(hm.progress).toBeCloseTo(145 / 5_000, 9);
    expect(hm.projection.status).toBe('late');
    // as of a past month's end (the monthly report of May): the 100 bought in December, not today's 145
    const inMay = measureTarget(toPlain(headTarget), facts, heads, {
      year: 2026,
      month: 5,
      date: '2026-05-31',
    });
    expect(inMay.current).toBe(100);
    expect(inMay.series.map((x) => x.label).every((l) => l <= '2026-05')).toBe(true);
    // 45 head in half a year to 5,000 is decades away: said as not reached, not as a date to plan by
    expect(hm.projection.status === 'late' && hm.projection.reachAt).toBeGreaterThan(2029);
    expect(projectionText(hm, 'zh')).toMatch(/^按当前趋势，期限前无法完成（以此速度要到 \d{4} 年）$/);
    expect(
      projectionText({ ...hm, projection: { status: 'late', reachAt: 2027.5 } } as typeof hm, 'zh'),
    ).toBe('按当前趋势将晚于期限，预计 2027-07 完成');
    // trailing-12-month sales of the cooperative: 330,000 fen = 3,300 元 by November 2026
    const salesTarget = await createTarget(
      w.town._id,
      {
        title: '销售',
        metric: 'annualSales',
        scopeKind: 'cooperative',
        scopeId: String(w.orgs.cooperative._id),
        value: 3_000,
        baseline: 0,
        baselineOn: '2025-01-01',
        startOn: '2026-01-01',
        deadline: '2027-12-31',
        notes: '',
      },
      official_,
    );
    const sm = measureTarget(toPlain(salesTarget), facts, heads, TODAY);
    expect(sm.current).toBe(3_300);
    expect(sm.projection.status).toBe('reached');
    expect(sm.series.at(-1)).toEqual({ label: '2026-11', value: 3_300 });
    // the March 2025 receipt is in the window until February 2026
    expect(sm.series.find((p) => p.label === '2026-02')?.value).toBe(800);
    expect(sm.series.find((p) => p.label === '2026-03')?.value).toBe(1_500);

    // every fact agrees with its records
    const report = await checkDatabase();
    expect(report.problems.filter((p) => p.check === 'dashboard-fact')).toEqual([]);
    void official;
  });

  it('a new planting or receipt shows at once; so does a write that commits after its mark', async () => {
    const w = await world();
    await w.plant(w.village._id, w.kudzu._id, 10, '2026-03-01');
    const first = acreage(await loadFacts(w.town._id, 2026, 2026, { sellers: true }), { year: 2026 });
    expect(first.total).toBe(10);
    await w.plant(w.village._id, w.kudzu._id, 5, '2026-03-02');
    expect(acreage(await loadFacts(w.town._id, 2026, 2026, { sellers: true }), { year: 2026 }).total).toBe(
      15,
    );
    await w.receipt('2026-05-05', 12_345);
    expect(
      sales(await loadFacts(w.town._id, 2026, 2026, { sellers: true }), { year: 2026 }, TODAY).totalFen,
    ).toBe(12_345);

    // a writer marks, a reader recomputes before the write commits, then the write commits:
    // the mark stays (it is younger than the grace period) and the next read counts the write
    const key = { townId: w.town._id, source: 'sales' as const, year: 2026, part: '06' };
    await touchFacts([key]);
    expect(
      sales(await loadFacts(w.town._id, 2026, 2026, { sellers: true }), { year: 2026 }, TODAY).months[5].fen,
    ).toBe(0);
    await LedgerEntryModel.collection.insertOne({
      ...(await LedgerEntryModel.findOne({ townId: w.town._id }).lean())!,
      _id: new Types.ObjectId(),
      number: 'LATE-1',
      seq: 999,
      at: new Date('2026-06-10T12:00:00+08:00'),
      amountFen: 777,
    } as never);
    expect(
      sales(await loadFacts(w.town._id, 2026, 2026, { sellers: true }), { year: 2026 }, TODAY).months[5].fen,
    ).toBe(777);

    // once a recomputation started a grace period after the mark, the mark goes
    await FactMarkModel.updateMany({ townId: w.town._id }, { $set: { at: new Date(Date.now() - 120_000) } });
    await readFacts(w.town._id, salesFacts);
    expect(await FactMarkModel.countDocuments({ townId: w.town._id, source: 'sales' })).toBe(0);
    expect(
      sales(await loadFacts(w.town._id, 2026, 2026, { sellers: true }), { year: 2026 }, TODAY).totalFen,
    ).toBe(12_345 + 777);
  });

  it('what buyers owe on receipts, by age, follows payments at once', async () => {
    const w = await world();
    const lot = await w.lot(1_000);
    const submitted = await submitDelivery(
      w.coopScope,
      {
        contractId: w.contract._id,
        deliveredOn: '2026-09-01',
        weighTicket: 'OD-1',
        grade: 'grade1',
        moisturePct: 14,
        impurityPct: 2,
        lines: [{ lotId: lot._id, quantity: 1_000 }],
      },
      w.coop,
    );
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
    const id = submitted.value.id;
    await confirmDelivery(w.entScope, id, w.ent, { now: new Date('2026-09-02T10:00:00+08:00') });
    const due = (await DeliveryModel.findById(id).lean())!.receipt!.dueFen;
    const late = () => overdue(w.town._id, '2026-11-29');
    expect(await late()).toMatchObject({
      count: 1,
      fen: due,
      byBuyer: [{ buyerOrgId: String(w.orgs.enterprise._id), fen: due, count: 1, oldestDays: 88 }],
    });
    expect((await late()).buckets.d61_90).toEqual({ count: 1, fen: due });
    const pay = (amountFen: number) =>
      payDelivery(w.entScope, id, { amountFen, paidOn: '2026-11-20', method: 'bank', reference: 'X' }, w.ent);
    await pay(50_000);
    expect((await late()).fen).toBe(due - 50_000);
    await pay(due - 50_000);
    expect(await late()).toMatchObject({ count: 0, fen: 0, byBuyer: [] });
  });

  it('db:check finds a fact that differs from its records, and repairs it', async () => {
    const w = await world();
    await w.plant(w.village._id, w.kudzu._id, 10, '2026-03-01');
    await loadFacts(w.town._id, 2026, 2026, { sellers: true });
    await FactMarkModel.deleteMany({ townId: w.town._id });
    await FactModel.updateOne(
      { townId: w.town._id, source: 'planting', year: 2026 },
      { $set: { 'rows.0.areaMu': 99 } },
    );
    const report = await checkDatabase();
    const found = report.problems.filter((p) => p.check === 'dashboard-fact');
    expect(found).toHaveLength(1);
    expect(found[0].message).toMatch(/differs/);
    const repaired = await checkDatabase({ repair: true });
    expect(repaired.problems.filter((p) => p.check === 'dashboard-fact')).toEqual([]);
    expect(acreage(await loadFacts(w.town._id, 2026, 2026, { sellers: true }), { year: 2026 }).total).toBe(
      10,
    );
  });
});
