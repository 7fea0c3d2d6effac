// The processing plant (issue 20): a delivery weighed in at the gate with its deductions, the
// buyer confirming by the plant's figures, toll processing, runs with their yield and losses,
// the mass balance db:check proves, and every refusal writing nothing.
import { describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { checkDatabase } from '#models/kernel/checks';
import { LotModel } from '#models/lots/lot';
import { DeliveryModel, confirmDelivery } from '#models/trade/delivery';
import {
  IntakeTicketModel,
  RunModel,
  adjustAsWeighed,
  closeRun,
  openRun,
  recordIntake,
  ticketOfDelivery,
} from '#models/plant';
import type { IntakeInput } from '~/schemas/intake';
import { plantWorld } from '#tests/factories/plant';
import { crashAt, expectConsistent } from '#tests/utils';

type World = Awaited<ReturnType<typeof plantWorld>>;

const ticket = (extra: Partial<IntakeInput> = {}): IntakeInput => ({
  number: `T-${new Types.ObjectId().toHexString().slice(-6)}`,
  weighedAt: new Date('2026-10-20T02:30:00Z'),
  lots: [],
  grossKg: 3260.5,
  tareKg: 1050,
  moisturePct: 12,
  impurityPct: 3.2,
  grade: 'grade1',
  ...extra,
});

async function weighIn(w: World, kg = 2250, extra: Partial<IntakeInput> = {}) {
  const { delivery, lot } = await w.deliverToPlant(kg);
  const t = await recordIntake(w.plantScope, ticket({ deliveryId: String(delivery.id), ...extra }), w.plant);
  if (!t.ok) throw new Error(`ticket refused: ${JSON.stringify(t)}`);
  return { delivery, lot, ticket: t.value };
}

const counts = async () => ({
  tickets: await IntakeTicketModel.countDocuments(),
  runs: await RunModel.countDocuments(),
  lots: await LotModel.countDocuments(),
  inStock: await LotModel.countDocuments({ status: 'in_stock' }),
});

describe('intake at the gate', () => {
  it('weighs a delivery in: net, the impurity deduction to 0.1 kg, shrinkage kept beside the lot', async () => {
    const w = await plantWorld();
    const { delivery, lot, ticket: t } = await weighIn(w);
    const stored = (await IntakeTicketModel.findById(t.id).lean())!;
    expect(stored).toMatchObject({
      kind: 'delivery',
      netKg: 2210.5,
      deductedKg: 48.6,
      payableKg: 2161.9,
      recordedKg: 2250,
      shrinkageKg: 39.5,
      supplierOrgId: w.orgs.cooperative._id,
      ownerOrgId: w.orgs.enterprise._id,
      status: 'recorded',
    });
    expect(stored.deductions).toEqual([{ kind: 'linear', measure: 'impurity', pct: 2.2, kg: 48.6 }]);
    // the seller's lot keeps what it was recorded as; the plant holds a new lot of the weighed net
    expect((await LotModel.findById(lot._id).lean())!.quantity).toBe(2250);
    const intakeLot = (await LotModel.findOne({ code: t.lotCode }).lean())!;
    expect(intakeLot).toMatchObject({ quantity: 2210.5, status: 'in_stock', origin: { kind: 'intake' } });
    expect(String(intakeLot.holderOrgId)).toBe(String(w.orgs.plant._id));
    expect(String(intakeLot.ownerOrgId)).toBe(String(w.orgs.enterprise._id));
    expect(intakeLot.inputs).toEqual([{ lotId: lot._id, quantity: 2250 }]);
    // both sides of the delivery see the plant's ticket
    expect((await ticketOfDelivery(w.coopScope, delivery.id))?.number).toBe(t.number);
    expect((await ticketOfDelivery(w.entScope, delivery.id))?.netKg).toBe(2210.5);
    await expectConsistent();
  });

  it('the buyer confirms as weighed: the contract prices the plant’s net less its deduction, 3,891.42 元', async () => {
    const w = await plantWorld();
    const { delivery } = await weighIn(w);
    const adjusted = await adjustAsWeighed(w.entScope, delivery.id, w.ent);
    expect(adjusted.ok).toBe(true);
    const d = (await DeliveryModel.findById(delivery.id).lean())!;
    expect(d.status).toBe('adjusted');
    expect(d.adjustment).toMatchObject({
      quantity: 2210.5,
      deductedQty: 48.6,
      payableQty: 2161.9,
      unitFen: 180,
      amountFen: 389_142,
    });
    // the seller accepts it as any adjustment: the receipt is at the plant's figures
    const confirmed = await confirmDelivery(w.coopScope, delivery.id, w.coop);
    expect(confirmed.ok).toBe(true);
    expect((await DeliveryModel.findById(delivery.id).lean())!.receipt?.amountFen).toBe(389_142);
    // another enterprise cannot confirm by a ticket it does not own
    const other = { ...w.entScope, orgId: new Types.ObjectId() };
    expect((await adjustAsWeighed(other, delivery.id, w.ent)).ok).toBe(false);
    await expectConsistent();
  });

  it('refuses bad tickets with the reason and writes nothing', async () => {
    const w = await plantWorld();
    const { delivery } = await w.deliverToPlant(1000);
    const id = String(delivery.id);
    const before = await counts();
    const refused = async (extra: Partial<IntakeInput>) => {
      const r = await recordIntake(w.plantScope, ticket({ deliveryId: id, ...extra }), w.plant);
      expect(r.ok).toBe(false);
      return r.ok ? {} : r.errors;
    };
    expect(await refused({ tareKg: 3260.5 })).toEqual({ tareKg: ['intake.tareNotBelowGross'] });
    expect(await refused({ grossKg: 1000.25 })).toEqual({ grossKg: ['intake.tenths'] });
    // the product's reject threshold, named
    expect((await refused({ impurityPct: 9.5 })).impurityPct?.[0]).toMatch(
      /^intake\.rejected\.impurity\|.*"above":8.*"measured":9\.5/,
    );
    // a lot of another town, or not known at all
    expect(
      (await refused({ deliveryId: undefined, lots: [{ code: 'ZZ-GG-20261001-001' }] })).lotCodes?.[0],
    ).toMatch(/^intake\.lotUnknown/);
    expect(await counts()).toEqual(before);
    // a ticket number is used once per plant; a delivery is taken in once
    const first = await recordIntake(w.plantScope, ticket({ deliveryId: id, number: 'T-1' }), w.plant);
    expect(first.ok).toBe(true);
    const after = await counts();
    const { delivery: second } = await w.deliverToPlant(500);
    expect(
      await (async () => {
        const r = await recordIntake(
          w.plantScope,
          ticket({ deliveryId: String(second.id), number: 'T-1' }),
          w.plant,
        );
        return r.ok ? null : r.errors;
      })(),
    ).toEqual({ number: ['intake.numberUsed'] });
    const again = await recordIntake(w.plantScope, ticket({ deliveryId: id, number: 'T-2' }), w.plant);
    expect(again.ok ? null : again.code).toBe('conflict');
    expect((await counts()).tickets).toBe(after.tickets);
    await expectConsistent();
  });

  it('refuses a lot in a delivery to someone else, and a lot the plant already took in', async () => {
    const w = await plantWorld();
    const lot = await w.lot(800);
    const { submitDelivery } = await import('#models/trade/delivery');
    // delivered to the enterprise itself, not to the plant
    const d = await submitDelivery(
      w.coopScope,
      {
        contractId: w.contract._id,
        deliveredOn: '2026-10-20',
        weighTicket: 'BD-X1',
        grade: 'grade1',
        moisturePct: 14,
        impurityPct: 1,
        lines: [{ lotId: lot._id, quantity: 800 }],
      },
      w.coop,
    );
    expect(d.ok).toBe(true);
    const r = await recordIntake(w.plantScope, ticket({ lots: [{ code: lot.code }] }), w.plant);
    expect(r.ok ? null : r.errors.lotCodes?.[0]).toMatch(/^intake\.lotInOtherDelivery/);
    // toll: a lot taken in cannot be taken in again
    const own = await w.lot(600);
    const t1 = await recordIntake(
      w.plantScope,
      ticket({ lots: [{ code: own.code }], grossKg: 1600, tareKg: 1010, impurityPct: 0 }),
      w.plant,
    );
    expect(t1.ok).toBe(true);
    const t2 = await recordIntake(
      w.plantScope,
      ticket({ lots: [{ code: own.code }], grossKg: 1600, tareKg: 1010, impurityPct: 0 }),
      w.plant,
    );
    expect(t2.ok ? null : t2.errors.lotCodes?.[0]).toMatch(/^intake\.lotAlreadyIn/);
  });

  it('toll processing: part of a cooperative’s lot splits off, stays its own, and the fee is owed to the plant', async () => {
    const w = await plantWorld();
    const lot = await w.lot(3000);
    const t = await recordIntake(
      w.plantScope,
      ticket({
        lots: [{ code: lot.code, kg: 1000 }],
        grossKg: 2040.2,
        tareKg: 1050,
        impurityPct: 0.5,
        feeFenPerKg: 10,
      }),
      w.plant,
    );
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    const stored = (await IntakeTicketModel.findById(t.value.id).lean())!;
    expect(stored).toMatchObject({
      kind: 'toll',
      netKg: 990.2,
      recordedKg: 1000,
      shrinkageKg: 9.8,
      feeFen: 9902,
    });
    expect(String(stored.ownerOrgId)).toBe(String(w.orgs.cooperative._id));
    const parent = (await LotModel.findById(lot._id).lean())!;
    expect(parent.status).toBe('split');
    const kids = await LotModel.find({ parentLotIds: lot._id, 'origin.kind': 'split' }).lean();
    expect(kids.map((k) => [k.quantity, k.status]).sort()).toEqual([
      [1000, 'taken_in'],
      [2000, 'in_stock'],
    ]);
    // the products of its run go back to the cooperative as holder
    const run = await openRun(w.plantScope, { lots: [{ code: t.value.lotCode }] }, w.plant);
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    const closed = await closeRun(
      w.plantScope,
      run.value.id,
      {
        mainProductId: String(w.starch._id),
        mainKg: 180,
        byProductId: String(w.residue._id),
        byKg: 300,
        wasteKg: 10,
      },
      w.plant,
    );
    expect(closed.ok).toBe(true);
    const outputs = (await RunModel.findById(run.value.id).lean())!.outputs;
    for (const o of outputs) {
      const made = (await LotModel.findById(o.lotId).lean())!;
      expect(String(made.holderOrgId)).toBe(String(w.orgs.cooperative._id));
    }
    await expectConsistent();
  });
});

describe('processing runs', () => {
  it('2,210.5 kg in → 398.0 kg starch + 610.0 kg residue: 18.0 %, every kilogram accounted for', async () => {
    const w = await plantWorld();
    const { ticket: t } = await weighIn(w);
    const run = await openRun(w.plantScope, { lots: [{ code: t.lotCode }] }, w.plant);
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect((await LotModel.findOne({ code: t.lotCode }).lean())!.status).toBe('consumed');
    const closed = await closeRun(
      w.plantScope,
      run.value.id,
      {
        mainProductId: String(w.starch._id),
        mainKg: 398,
        byProductId: String(w.residue._id),
        byKg: 610,
        wasteKg: 0,
      },
      w.plant,
    );
    expect(closed.ok && closed.value).toMatchObject({ yieldPct: 18, flagged: false });
    const r = (await RunModel.findById(run.value.id).lean())!;
    expect(r).toMatchObject({ status: 'closed', inputKg: 2210.5, waterLossKg: 1202.5, wasteKg: 0 });
    const starch = (await LotModel.findById(r.outputs[0]!.lotId).lean())!;
    expect(starch).toMatchObject({ quantity: 398, productName: '葛根粉', origin: { kind: 'processing' } });
    expect(starch.inputs).toEqual([{ lotId: r.inputs[0]!.lotId, quantity: 2210.5 }]);
    expect(String(starch.holderOrgId)).toBe(String(w.orgs.plant._id));
    // closed twice: refused, nothing more made
    const lots = await LotModel.countDocuments();
    const twice = await closeRun(
      w.plantScope,
      run.value.id,
      { mainProductId: String(w.starch._id), mainKg: 1, wasteKg: 0 },
      w.plant,
    );
    expect(twice.ok ? null : twice.code).toBe('conflict');
    expect(await LotModel.countDocuments()).toBe(lots);
    await expectConsistent();
  });

  it.each([
    [240, 10.9],
    [560, 25.3],
  ])('a yield of %s kg (%s per cent) is saved and flagged', async (mainKg, pct) => {
    const w = await plantWorld();
    const { ticket: t } = await weighIn(w);
    const run = await openRun(w.plantScope, { lots: [{ code: t.lotCode }] }, w.plant);
    if (!run.ok) throw new Error('not opened');
    const closed = await closeRun(
      w.plantScope,
      run.value.id,
      { mainProductId: String(w.starch._id), mainKg, wasteKg: 0 },
      w.plant,
    );
    expect(closed.ok && closed.value).toMatchObject({ yieldPct: pct, flagged: true });
  });

  it('outputs heavier than the inputs are refused; part of a lot drawn leaves the rest in stock', async () => {
    const w = await plantWorld();
    const { ticket: t } = await weighIn(w);
    const run = await openRun(w.plantScope, { lots: [{ code: t.lotCode, kg: 1000 }] }, w.plant);
    if (!run.ok) throw new Error('not opened');
    const rest = await LotModel.findOne({
      parentLotIds: (await LotModel.findOne({ code: t.lotCode }).lean())!._id,
      status: 'in_stock',
    }).lean();
    expect(rest?.quantity).toBe(1210.5);
    const heavy = await closeRun(
      w.plantScope,
      run.value.id,
      {
        mainProductId: String(w.starch._id),
        mainKg: 600,
        byProductId: String(w.residue._id),
        byKg: 400.1,
        wasteKg: 0,
      },
      w.plant,
    );
    expect(heavy.ok ? null : heavy.errors.mainKg?.[0]).toMatch(/^run\.outputsHeavier/);
    expect((await RunModel.findById(run.value.id).lean())!.status).toBe('open');
    // a lot the plant does not hold cannot be drawn
    const coopLot = await w.lot(100);
    const foreign = await openRun(w.plantScope, { lots: [{ code: coopLot.code }] }, w.plant);
    expect(foreign.ok ? null : foreign.errors.lotCodes?.[0]).toMatch(/^run\.lotNotHeld/);
    // more than the lot holds
    const more = await openRun(w.plantScope, { lots: [{ code: rest!.code, kg: 1300 }] }, w.plant);
    expect(more.ok ? null : more.errors.lotCodes?.[0]).toMatch(/^run\.moreThanLot/);
    await expectConsistent();
  });

  it('two runs drawing the same lot at the same moment: one draws it, the other is refused', async () => {
    const w = await plantWorld();
    const { ticket: t } = await weighIn(w);
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        openRun(w.plantScope, { lots: [{ code: t.lotCode, kg: 2000 }] }, w.plant),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual([
      'conflict',
      'conflict',
      'conflict',
    ]);
    expect(await RunModel.countDocuments({ status: 'open' })).toBe(1);
    await expectConsistent();
  });
});

describe('mass balance and crashes', () => {
  it('db:check finds a run whose losses do not balance, and repairs it from its lots', async () => {
    const w = await plantWorld();
    const { ticket: t } = await weighIn(w);
    const run = await openRun(w.plantScope, { lots: [{ code: t.lotCode }] }, w.plant);
    if (!run.ok) throw new Error('not opened');
    await closeRun(
      w.plantScope,
      run.value.id,
      { mainProductId: String(w.starch._id), mainKg: 398, wasteKg: 0 },
      w.plant,
    );
    await RunModel.updateOne({ _id: run.value.id }, { $set: { waterLossKg: 1000 } });
    await IntakeTicketModel.updateOne({ number: t.number }, { $set: { shrinkageKg: 0 } });
    const report = await checkDatabase({ exclusive: true });
    expect(report.problems.map((p) => p.check).sort()).toEqual(['intake-shrinkage', 'run-balance']);
    await checkDatabase({ exclusive: true, repair: true });
    expect((await RunModel.findById(run.value.id).lean())!.waterLossKg).toBe(1812.5);
    await expectConsistent();
  });

  it('an intake, a run opened and a run closed, cut off after every write, are finished or undone', async () => {
    const w = await plantWorld();
    for (let n = 1; n < 40; n++) {
      const { delivery } = await w.deliverToPlant(1000);
      const crashed = await crashAt(n, () =>
        recordIntake(w.plantScope, ticket({ deliveryId: String(delivery.id) }), w.plant),
      );
      await expectConsistent();
      const t = await IntakeTicketModel.findOne({ deliveryId: delivery.id }).lean();
      const taken =
        t ??
        (await recordIntake(w.plantScope, ticket({ deliveryId: String(delivery.id) }), w.plant),
        await IntakeTicketModel.findOne({ deliveryId: delivery.id }).lean());
      expect(taken?.status).toBe('recorded');
      const opened = await crashAt(n, () =>
        openRun(w.plantScope, { lots: [{ code: taken!.intakeLotCode, kg: 500 }] }, w.plant),
      );
      await expectConsistent();
      const run = await RunModel.findOne({ 'inputs.fromLotCode': taken!.intakeLotCode }).lean();
      if (run) {
        await crashAt(n, () =>
          closeRun(
            w.plantScope,
            run._id,
            { mainProductId: String(w.starch._id), mainKg: 90, wasteKg: 0 },
            w.plant,
          ),
        );
        await expectConsistent();
      }
      if (!crashed && !opened) break;
    }
  });
});
