// The cold chain (issue 21): a shipment's life with its lots, readings stored once whatever the
// number of attempts (and after a crash between the guard and the readings), the judgment of
// excursions and the alerts it raises once per event, into the outbox of each party.
import { describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { LotModel } from '#models/lots/lot';
import {
  AlertModel,
  ReadingBatchModel,
  ReadingKeyModel,
  ReadingModel,
  ShipmentModel,
  arriveShipment,
  countUnseenAlerts,
  getShipment,
  judgeDue,
  markAlertsSeen,
  receiveShipment,
  recordDeviceReadings,
  recordFormReading,
  recoverReadingBatches,
  storeReadings,
  uploadLoggerFile,
} from '#models/coldchain';
import { OutboxMessageModel, WebhookModel } from '#models/outbox';
import { crashAfter, SimulatedCrash } from '#models/kernel/operation';
import { coldWorld } from '#tests/factories/coldchain';
import { expectConsistent } from '#tests/utils';

const MIN = 60_000;
/** readings every 10 minutes from `start` */
const every10 = (start: Date, temps: number[]) =>
  temps.map((tempC, i) => ({ at: new Date(start.getTime() + i * 10 * MIN), tempC, humidity: null }));

describe('shipments', () => {
  it('a shipment of part of a lot: the part splits off, travels, and the consignee holds it once received', async () => {
    const w = await coldWorld();
    const lot = await w.lot(1000);
    const { createShipment } = await import('#models/coldchain');
    const s = await createShipment(
      w.carrierScope,
      {
        lotCodes: [{ code: lot.code, kg: 400 }],
        vehiclePlate: '贵A12345',
        driverName: '王师傅',
        driverPhone: '',
        originOrgId: String(w.orgs.cooperative._id),
        originAddress: '',
        destinationOrgId: undefined,
        destinationAddress: '遵义市 九天食品仓库',
        consigneeOrgId: String(w.orgs.enterprise._id),
        plannedDepartureAt: new Date(Date.now() - 3 * 3600_000),
        notes: '',
      },
      w.carrier,
    );
    if (!s.ok) throw new Error(JSON.stringify(s));
    expect(s.value.code).toMatch(/^[A-Z]+-YS-\d{8}-\d{3}$/);
    const doc = (await ShipmentModel.findById(s.value.id).lean())!;
    expect(doc).toMatchObject({ status: 'planned', profile: { minC: 12.5, maxC: 15, intervalMinutes: 10 } });
    expect(doc.lines).toHaveLength(1);
    expect(doc.lines[0]!.quantity).toBe(400);
    expect((await LotModel.findById(lot._id).lean())!.status).toBe('split');
    const part = (await LotModel.findById(doc.lines[0]!.lotId).lean())!;
    expect(part).toMatchObject({ status: 'shipped', quantity: 400 });
    // the rest stays in the cooperative's stock
    expect(await LotModel.countDocuments({ parentLotIds: lot._id, status: 'in_stock', quantity: 600 })).toBe(
      1,
    );
    // a lot already on a shipment cannot be loaded on another
    const again = await createShipment(
      w.carrierScope,
      {
        lotCodes: [{ code: part.code }],
        vehiclePlate: '贵A54321',
        driverName: '',
        driverPhone: '',
        originAddress: '',
        destinationAddress: 'x',
        consigneeOrgId: String(w.orgs.enterprise._id),
        plannedDepartureAt: new Date(),
        notes: '',
      },
      w.carrier,
    );
    expect(again.ok).toBe(false);

    const { departShipment } = await import('#models/coldchain');
    const t0 = new Date(Date.now() - 2 * 3600_000);
    expect(
      (
        await departShipment(
          w.carrierScope,
          s.value.id,
          { at: t0, handedBy: '李', receivedBy: '王', tempC: 13.2 },
          w.carrier,
        )
      ).ok,
    ).toBe(true);
    // the enterprise cannot receive what has not arrived
    expect(
      await receiveShipment(w.consigneeScope, s.value.id, { decision: 'accept', reason: '' }, w.enterprise),
    ).toMatchObject({ ok: false, code: 'conflict' });
    const t1 = new Date(Date.now() - 10 * MIN);
    expect(
      (
        await arriveShipment(
          w.carrierScope,
          s.value.id,
          { at: t1, handedBy: '王', receivedBy: '张', tempC: 13.8 },
          w.carrier,
        )
      ).ok,
    ).toBe(true);
    // the cooperative (the sender) may not receive it; the enterprise does
    expect(
      (await receiveShipment(w.coopScope, s.value.id, { decision: 'accept', reason: '' }, w.coop)).ok,
    ).toBe(false);
    expect(
      (await receiveShipment(w.consigneeScope, s.value.id, { decision: 'accept', reason: '' }, w.enterprise))
        .ok,
    ).toBe(true);
    const received = (await LotModel.findById(part._id).lean())!;
    expect(received.status).toBe('in_stock');
    expect(String(received.holderOrgId)).toBe(String(w.orgs.enterprise._id));
    // the handovers' temperatures are readings of the trip
    const page = (await getShipment(w.consigneeScope, s.value.code))!;
    expect(page.judgment.readings).toBe(2);
    expect(page.shipment.status).toBe('delivered');
    await expectConsistent();
  });

  it('refused at arrival with a reason: the lots go back to the sender as holder', async () => {
    const w = await coldWorld();
    const s = await w.shipAndDepart();
    await arriveShipment(
      w.carrierScope,
      s.id,
      { at: new Date(Date.now() - MIN), handedBy: '王', receivedBy: '张' },
      w.carrier,
    );
    expect(
      await receiveShipment(w.consigneeScope, s.id, { decision: 'reject', reason: '' }, w.enterprise),
    ).toMatchObject({ ok: false });
    const r = await receiveShipment(
      w.consigneeScope,
      s.id,
      { decision: 'reject', reason: '夜间温度过低，薯块冻伤' },
      w.enterprise,
    );
    expect(r.ok).toBe(true);
    const lot = (await LotModel.findById(s.lot._id).lean())!;
    expect(lot.status).toBe('in_stock');
    expect(String(lot.holderOrgId)).toBe(String(w.orgs.cooperative._id));
    expect((await ShipmentModel.findById(s.id).lean())!).toMatchObject({
      status: 'rejected',
      rejectionReason: '夜间温度过低，薯块冻伤',
    });
  });
});

describe('readings are stored once', () => {
  it('a device batch posted three times stores its readings once', async () => {
    const w = await coldWorld();
    const s = await w.shipAndDepart(new Date(Date.now() - 20 * 3600_000));
    const batch = every10(
      new Date(Date.now() - 18 * 3600_000),
      Array.from({ length: 100 }, () => 13.5),
    );
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(
        await recordDeviceReadings(w.carrierScope, { kind: 'shipment', code: s.code }, batch, 'tok1'),
      );
    expect(answers.map((a) => a.ok && a.value)).toEqual([
      { received: 100, new: 100 },
      { received: 100, new: 0 },
      { received: 100, new: 0 },
    ]);
    // the loading handover's reading and the device's hundred
    expect(await ReadingModel.countDocuments({ m: s.id })).toBe(101);
    // another device at the same times is another series
    const other = await recordDeviceReadings(
      w.carrierScope,
      { kind: 'shipment', code: s.code },
      batch.slice(0, 5),
      'tok2',
    );
    expect(other.ok && other.value.new).toBe(5);
  });

  it('the readings collection is a time-series collection', async () => {
    await coldWorld();
    const info = await mongoose.connection
      .db!.listCollections({ name: ReadingModel.collection.name })
      .toArray();
    expect(info[0]?.type).toBe('timeseries');
  });

  it('a crash between the guard and the readings: recovery stores each reading once', async () => {
    const w = await coldWorld();
    const s = await w.shipAndDepart(new Date(Date.now() - 20 * 3600_000));
    const batch = every10(new Date(Date.now() - 10 * 3600_000), [13, 13.1, 13.2, 13.3]);
    const subject = { kind: 'shipment' as const, id: s.id, townId: w.town._id };
    // cut off after the batch and the keys are written: the readings never reached the collection
    crashAfter.writes = 2;
    await expect(storeReadings(batch, { subject, device: 'dev:x', source: 'device' })).rejects.toBeInstanceOf(
      SimulatedCrash,
    );
    crashAfter.writes = null;
    expect(await ReadingKeyModel.countDocuments({ _id: /^dev:x/ })).toBe(4);
    const before = await ReadingModel.countDocuments({ m: s.id, src: 'device' });
    expect(before).toBe(0);
    // a retry meanwhile finds the keys taken: nothing new, nothing twice
    const retry = await storeReadings(batch, { subject, device: 'dev:x', source: 'device' });
    expect(retry.new).toBe(0);
    // once the batch's lease has run out, recovery stores what the crash cut off
    await recoverReadingBatches(new Date(Date.now() + 5 * MIN));
    expect(await ReadingModel.countDocuments({ m: s.id, src: 'device' })).toBe(4);
    await recoverReadingBatches(new Date(Date.now() + 10 * MIN));
    expect(await ReadingModel.countDocuments({ m: s.id, src: 'device' })).toBe(4);
    expect(await ReadingBatchModel.countDocuments({ state: 'storing' })).toBe(0);
  });

  it('refuses readings from the future, before the shipment, and after a delivered shipment arrived', async () => {
    const w = await coldWorld();
    const s = await w.shipAndDepart(new Date(Date.now() - 5 * 3600_000));
    const ref = { kind: 'shipment' as const, code: s.code };
    const future = await recordDeviceReadings(
      w.carrierScope,
      ref,
      [{ at: new Date(Date.now() + 30 * MIN), tempC: 13, humidity: null }],
      't',
    );
    expect(future).toMatchObject({
      ok: false,
      code: 'invalid',
      errors: { 'readings.0.at': ['reading.future'] },
    });
    const early = await recordDeviceReadings(
      w.carrierScope,
      ref,
      [{ at: new Date(Date.now() - 30 * 3600_000), tempC: 13, humidity: null }],
      't',
    );
    expect(early).toMatchObject({ ok: false, errors: { 'readings.0.at': ['reading.beforeShipment'] } });
    const arrived = new Date(Date.now() - 60 * MIN);
    await arriveShipment(w.carrierScope, s.id, { at: arrived, handedBy: '王', receivedBy: '张' }, w.carrier);
    await receiveShipment(w.consigneeScope, s.id, { decision: 'accept', reason: '' }, w.enterprise);
    const late = await recordDeviceReadings(
      w.carrierScope,
      ref,
      [{ at: new Date(Date.now() - 30 * MIN), tempC: 13, humidity: null }],
      't',
    );
    expect(late).toMatchObject({ ok: false, code: 'conflict' });
    // logged before the arrival: still taken (a logger read out after the trip)
    const logged = await recordDeviceReadings(
      w.carrierScope,
      ref,
      [{ at: new Date(Date.now() - 90 * MIN), tempC: 13, humidity: null }],
      't',
    );
    expect(logged.ok).toBe(true);
    // another carrier's token reaches nothing of this shipment
    const otherScope = { ...w.carrierScope, orgId: w.newId() };
    expect(
      await recordDeviceReadings(
        otherScope,
        ref,
        [{ at: new Date(Date.now() - 90 * MIN), tempC: 13, humidity: null }],
        't',
      ),
    ).toMatchObject({ ok: false, code: 'notFound' });
    const stored = await ReadingModel.countDocuments({ m: s.id });
    expect(stored).toBe(2); // the loading handover's and the logged one (the unloading took no temperature)
  });

  it('a logger file uploaded twice: the second stores nothing new and reports duplicates', async () => {
    const w = await coldWorld();
    const s = await w.shipAndDepart(new Date('2026-11-08T07:00:00+08:00'));
    const fs = await import('node:fs');
    const bytes = new Uint8Array(fs.readFileSync('tests/fixtures/loggers/elitech-utf8-bom.csv'));
    const first = await uploadLoggerFile(
      w.carrierScope,
      { kind: 'shipment', code: s.code },
      { name: 'a.csv', bytes },
      'carrier',
    );
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect(first.value).toMatchObject({ rows: 6, stored: 4, duplicate: 0 });
    expect(first.value.refused.map((r) => r.line)).toEqual([8, 10]);
    const second = await uploadLoggerFile(
      w.carrierScope,
      { kind: 'shipment', code: s.code },
      { name: 'a.csv', bytes },
      'carrier',
    );
    expect(second.ok && second.value).toMatchObject({ stored: 0, duplicate: 4 });
    const unknown = await uploadLoggerFile(
      w.carrierScope,
      { kind: 'shipment', code: s.code },
      { name: 'x.csv', bytes: new Uint8Array(fs.readFileSync('tests/fixtures/loggers/unknown-layout.csv')) },
      'carrier',
    );
    expect(unknown).toMatchObject({
      ok: false,
      errors: { file: ['coldchain.fileLayoutUnknown|{"lines":21}'] },
    });
    expect(await ReadingModel.countDocuments({ m: s.id, src: 'file' })).toBe(4);
  });
});

describe('judging and alerts', () => {
  it('a chilling excursion raises one alert per event to both parties, into each webhook once', async () => {
    const w = await coldWorld();
    await WebhookModel.create({
      townId: w.town._id,
      orgId: w.orgs.carrier._id,
      kind: 'wecom',
      name: '车队群',
      url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1',
    });
    await WebhookModel.create({
      townId: w.town._id,
      orgId: w.orgs.enterprise._id,
      kind: 'json',
      name: 'ERP',
      url: 'https://erp.example.com/hooks/cold',
    });
    const start = new Date(Date.now() - 10 * 3600_000);
    const s = await w.shipAndDepart(start);
    const ref = { kind: 'shipment' as const, code: s.code };
    // 13 °C, then 12.0 °C for 50 min (tolerance 30), then back in the band
    const temps = [13, 13, 12, 12, 12, 12, 12, 13, 13];
    await recordDeviceReadings(
      w.carrierScope,
      ref,
      every10(new Date(start.getTime() + 10 * MIN), temps),
      'logger',
    );
    expect(await judgeDue()).toBe(2); // started, ended
    const alerts = await AlertModel.find({ subjectId: s.id }).sort({ at: 1 }).lean();
    expect(alerts.map((a) => [a.kind, a.direction, a.peakC])).toEqual([
      ['excursion_started', 'low', 12],
      ['excursion_ended', 'low', 12],
    ]);
    expect(alerts[0]!.orgIds.map(String).sort()).toEqual(
      [String(w.orgs.carrier._id), String(w.orgs.enterprise._id)].sort(),
    );
    // one message per alert and webhook
    const messages = await OutboxMessageModel.find().sort({ _id: 1 }).lean();
    expect(messages).toHaveLength(4);
    expect(messages[0]!.payload.title).toContain('温度超标');
    expect(messages[0]!.payload.text).toContain('低于下限');
    // judging again (new readings in band, a restart) raises nothing twice
    await recordDeviceReadings(
      w.carrierScope,
      ref,
      every10(new Date(start.getTime() + 100 * MIN), [13, 13]),
      'logger',
    );
    expect(await judgeDue()).toBe(0);
    expect(await AlertModel.countDocuments()).toBe(2);
    expect(await OutboxMessageModel.countDocuments()).toBe(4);
    // the summary the lists show
    const doc = (await ShipmentModel.findById(s.id).lean())!;
    expect(doc.summary).toMatchObject({
      excursions: 1,
      compliant: false,
      lowMinutes: 50,
      openExcursion: false,
    });
    expect(doc.judgeDue).toBeNull();
    // the menu's count, per organization
    expect(await countUnseenAlerts(w.carrierScope)).toBe(2);
    await markAlertsSeen(w.carrierScope);
    expect(await countUnseenAlerts(w.carrierScope)).toBe(0);
    expect(await countUnseenAlerts(w.consigneeScope)).toBe(2);
    expect(await countUnseenAlerts(w.coopScope)).toBe(0);
  });

  it('the cumulative budget used up raises its own alert, once', async () => {
    const w = await coldWorld();
    const start = new Date(Date.now() - 20 * 3600_000);
    const s = await w.shipAndDepart(start);
    // five 30-minute runs at 16 °C (none over the tolerance), 150 min in all over a budget of 120
    const temps = Array.from({ length: 5 }, () => [16, 16, 16, 14]).flat();
    await recordDeviceReadings(
      w.carrierScope,
      { kind: 'shipment', code: s.code },
      every10(new Date(start.getTime() + 10 * MIN), temps),
      'd',
    );
    await judgeDue();
    expect((await AlertModel.find({ subjectId: s.id }).lean()).map((a) => a.kind)).toEqual(['budget_used']);
  });

  it('a form reading is checked like any other and judged', async () => {
    const w = await coldWorld();
    const s = await w.shipAndDepart(new Date(Date.now() - 3 * 3600_000));
    const r = await recordFormReading(
      w.carrierScope,
      { kind: 'shipment', code: s.code },
      { at: new Date(Date.now() - 60 * MIN), tempC: 14.2 },
      'carrier',
    );
    expect(r).toMatchObject({ ok: true, value: { new: 1 } });
    const page = (await getShipment(w.carrierScope, s.code))!;
    expect(page.judgment.readings).toBe(2);
    expect(page.chart.length).toBe(2);
    // the enterprise sees it too; a stranger does not
    expect(await getShipment(w.consigneeScope, s.code)).not.toBeNull();
    expect(
      await getShipment({ access: 'own', townId: w.town._id, orgId: w.orgs.base._id }, s.code),
    ).toBeNull();
  });
});

describe('a delivery names its shipment', () => {
  it('a lot travelling under a delivery is carried, not moved; the delivery shows the shipment', async () => {
    const w = await coldWorld();
    const { submitDelivery } = await import('#models/trade/delivery');
    const { createShipment, shipmentsOfDelivery } = await import('#models/coldchain');
    const lot = await w.lot(900);
    const d = await submitDelivery(
      w.coopScope,
      {
        contractId: w.contract._id,
        deliveredOn: '2026-10-20',
        weighTicket: 'BD-COLD-0001',
        grade: 'grade1',
        moisturePct: 14,
        impurityPct: 1,
        lines: [{ lotId: lot._id, quantity: 900 }],
      },
      w.coop,
    );
    if (!d.ok) throw new Error(JSON.stringify(d));
    const s = await createShipment(
      w.carrierScope,
      {
        lotCodes: [{ code: lot.code }],
        vehiclePlate: '贵A12345',
        driverName: '',
        driverPhone: '',
        originAddress: '青龙村',
        destinationAddress: '九天仓库',
        consigneeOrgId: String(w.orgs.enterprise._id),
        plannedDepartureAt: new Date(Date.now() - 3600_000),
        notes: '',
      },
      w.carrier,
    );
    if (!s.ok) throw new Error(JSON.stringify(s));
    const stored = (await ShipmentModel.findById(s.value.id).lean())!;
    expect(stored.lines[0]!.underDelivery).toBe(true);
    expect(stored.deliveryIds.map(String)).toEqual([String(d.value.id)]);
    // the delivery moves the lot, not the shipment
    expect((await LotModel.findById(lot._id).lean())!.status).toBe('delivering');
    const seen = await shipmentsOfDelivery(w.entScope, d.value.id);
    expect(seen.map((x) => x.code)).toEqual([s.value.code]);
    expect(
      await shipmentsOfDelivery({ access: 'own', townId: w.town._id, orgId: w.orgs.base._id }, d.value.id),
    ).toEqual([]);
  });
});
