// The demo cold chain (issue 21): 利福塔冷链物流 carries 青龙's 小香薯 to 九天 and 康茜's chilled
// pork to 乡滋味 over the season, each truck with its logger's readings; one 小香薯 truck chilled
// below 12.5 °C at night, which raised an alert to the carrier's 企业微信 group that failed twice
// (45009, then a timeout) and went out on the third attempt; one truck on the road now; the
// plant's cold store with a week of readings. Readings are stored as the API stores them.
import type { Types } from 'mongoose';
import type { Actor } from '#models/kernel/audit';
import { writeAudit } from '#models/kernel/operation';
import { auditEvent } from '#models/kernel/write';
import { LotModel, planLot } from '#models/lots/lot';
import {
  ColdStoreModel,
  arriveShipment,
  createShipment,
  departShipment,
  createStore,
  judgeDue,
  receiveShipment,
  storeReadings,
} from '#models/coldchain';
import { OutboxMessageModel, addWebhook } from '#models/outbox';
import { issueToken } from '#models/town/api-token';
import { TownModel } from '#models/town/town';
import { DEMO_DEVICE_TOKEN } from './accounts';

interface Demo {
  town: { _id: Types.ObjectId };
  villages: Record<string, { _id: Types.ObjectId }>;
  products: Record<string, { _id: Types.ObjectId }>;
  orgs: Record<string, { _id: Types.ObjectId; townId: Types.ObjectId | null }>;
  users: Record<string, { _id: Types.ObjectId; username: string }>;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** A day's midnight in Shanghai, `days` before today. */
function daysAgo(days: number, now = new Date()) {
  const today = new Date(`${now.toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' })}T00:00:00+08:00`);
  return new Date(today.getTime() - days * DAY);
}

/** A logger's series: every `every` minutes from `from` to `to`, the temperature a function of time. */
function series(
  from: Date,
  to: Date,
  every: number,
  temp: (t: Date, i: number) => number,
  humidity: number | null,
) {
  const out = [];
  for (let t = from.getTime(), i = 0; t <= to.getTime(); t += every * MIN, i++) {
    const at = new Date(t);
    out.push({ at, tempC: Math.round(temp(at, i) * 10) / 10, humidity });
  }
  return out;
}

/** A steady load: the middle of the band with a small wobble. */
const steady =
  (mid: number, wobble = 0.4) =>
  (_: Date, i: number) =>
    mid + wobble * Math.sin(i / 5);

export async function seedColdChain(d: Demo) {
  const townId = d.town._id;
  const { qinglong, kangqian, jiutian, xiangziwei, carrier, plant } = d.orgs;
  const town = (await TownModel.findById(townId).select('code').lean())!;
  const actor = (
    user: { _id: Types.ObjectId; username: string },
    role: string,
    org: { _id: Types.ObjectId },
  ): Actor => ({
    userId: user._id,
    username: user.username,
    role,
    orgId: org._id,
    townId,
  });
  const scope = (org: { _id: Types.ObjectId }) => ({ access: 'own' as const, townId, orgId: org._id });
  const dispatcher = actor(d.users.carrier, 'carrier', carrier);
  const base = actor(d.users.base, 'base', kangqian);
  const buyers = {
    jiutian: actor(d.users.entJiutian, 'enterprise', jiutian),
    xiangziwei: actor(d.users.entXiangziwei, 'enterprise', xiangziwei),
  };
  const device = await issueToken(
    { townId, orgId: carrier._id, role: 'carrier', name: '车载温度记录仪 7 号（演示）' },
    dispatcher,
    DEMO_DEVICE_TOKEN,
  );
  // the carrier's dispatch group (a 企业微信 robot) and 九天's
  await addWebhook(
    scope(carrier),
    {
      kind: 'wecom',
      name: '冷链调度群',
      url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo-lft-dispatch',
      secret: '',
    },
    dispatcher,
  );

  // 青龙's 小香薯, bought from its member households (the lots in its stock): part of one per truck
  const potatoLot = async (_daysBack: number, kg: number) => {
    const lot = await LotModel.findOne({
      holderOrgId: qinglong._id,
      productId: d.products.sweetPotato._id,
      status: 'in_stock',
      quantity: { $gte: kg },
    })
      .sort({ producedAt: 1 })
      .select('code')
      .lean();
    if (!lot) throw new Error('the demo has no 小香薯 lot left to ship');
    return { code: lot.code, kg };
  };
  // 康茜's chilled pork, cut and packed at the base
  const porkLot = async (daysBack: number, kg: number) => {
    const lot = await planLot({
      townCode: town.code,
      townId,
      orgId: kangqian._id,
      productId: d.products.chilledPork._id,
      productCode: 'LXZR',
      productName: '冷鲜猪肉',
      unit: 'kg',
      quantity: kg,
      grade: 'grade1',
      producedAt: daysAgo(daysBack),
      origin: {
        kind: 'processing',
        plantingId: null,
        harvestId: null,
        herdEventId: null,
        villageId: null,
        cooperativeId: null,
        baseId: kangqian._id,
      },
      holderOrgId: kangqian._id,
      ownerOrgId: null,
    });
    await LotModel.collection.insertOne(lot as never);
    await writeAudit([auditEvent('Lot', 'create', base, null, lot, String(lot.code))!]);
    return { code: String(lot.code) };
  };

  interface Trip {
    lot: { code: string; kg?: number };
    consignee: { _id: Types.ObjectId };
    buyer: Actor;
    depart: Date;
    hours: number;
    every: number;
    temp: (t: Date, i: number) => number;
    humidity: number | null;
    arrive?: boolean;
  }
  const trip = async (t: Trip) => {
    const s = await createShipment(
      scope(carrier),
      {
        lotCodes: [t.lot],
        vehiclePlate: t.every === 5 ? '贵AL7702' : '贵A58L31',
        driverName: t.every === 5 ? '陈师傅' : '王师傅',
        driverPhone: '',
        originOrgId: undefined,
        originAddress: t.every === 5 ? '康茜养殖基地分割车间' : '青龙村冷链集货点',
        destinationOrgId: String(t.consignee._id),
        destinationAddress: '',
        consigneeOrgId: String(t.consignee._id),
        plannedDepartureAt: t.depart,
        plannedArrivalAt: new Date(t.depart.getTime() + t.hours * HOUR),
        notes: '',
      },
      dispatcher,
    );
    if (!s.ok) throw new Error(`demo shipment refused: ${JSON.stringify(s)}`);
    const first = t.temp(t.depart, 0);
    await departShipment(
      scope(carrier),
      s.value.id,
      { at: t.depart, handedBy: '装车员', receivedBy: '司机', tempC: Math.round(first * 10) / 10 },
      dispatcher,
    );
    const end =
      t.arrive === false ? new Date(Date.now() - 5 * MIN) : new Date(t.depart.getTime() + t.hours * HOUR);
    const readings = series(new Date(t.depart.getTime() + t.every * MIN), end, t.every, t.temp, t.humidity);
    for (let i = 0; i < readings.length; i += 1000)
      await storeReadings(readings.slice(i, i + 1000), {
        subject: { kind: 'shipment', id: s.value.id, townId },
        device: `dev:${String(device.id)}`,
        source: 'device',
      });
    if (t.arrive !== false) {
      const last = readings[readings.length - 1]!;
      await arriveShipment(
        scope(carrier),
        s.value.id,
        { at: end, handedBy: '司机', receivedBy: '仓管', tempC: last.tempC },
        dispatcher,
      );
      await receiveShipment(scope(t.consignee), s.value.id, { decision: 'accept', reason: '' }, t.buyer);
    }
    return s.value;
  };

  // the season's 小香薯 trucks to 九天 (12.5–15 °C), every 10 minutes
  const potatoDays = [52, 45, 38, 31, 24, 17];
  for (const [i, back] of potatoDays.entries()) {
    await trip({
      lot: await potatoLot(back + 1, 2_500 + i * 200),
      consignee: jiutian,
      buyer: buyers.jiutian,
      depart: new Date(daysAgo(back).getTime() + 9 * HOUR),
      hours: 6,
      every: 10,
      temp: steady(13.8),
      humidity: 88,
    });
  }
  // the night the truck's unit over-cooled: below 12.5 °C from about 01:10 for 90 minutes
  const night = new Date(daysAgo(10).getTime() + 20 * HOUR);
  const chilled = await trip({
    lot: await potatoLot(11, 3_000),
    consignee: jiutian,
    buyer: buyers.jiutian,
    depart: night,
    hours: 9,
    every: 10,
    temp: (t) => {
      const h = (t.getTime() - night.getTime()) / HOUR;
      if (h >= 5.1 && h < 6.6) return 11.6 + 0.3 * Math.cos(h * 3);
      return 13.6 + 0.3 * Math.sin(h);
    },
    humidity: 87,
  });
  // chilled pork to 乡滋味 (0–4 °C), every 5 minutes
  for (const back of [40, 26, 12, 5]) {
    await trip({
      lot: await porkLot(back, 800),
      consignee: xiangziwei,
      buyer: buyers.xiangziwei,
      depart: new Date(daysAgo(back).getTime() + 5 * HOUR),
      hours: 4,
      every: 5,
      temp: steady(2.2, 0.6),
      humidity: null,
    });
  }
  // on the road now: left three hours ago, the logger still posting
  await trip({
    lot: await potatoLot(1, 2_800),
    consignee: jiutian,
    buyer: buyers.jiutian,
    depart: new Date(Date.now() - 3 * HOUR),
    hours: 6,
    every: 10,
    temp: steady(13.9, 0.3),
    humidity: 88,
    arrive: false,
  });

  // the plant's cold store for fresh kudzu (4–15 °C), every 30 minutes for a week
  const keeper = actor(d.users.plant, 'plant', plant);
  const made = await createStore(
    scope(plant),
    {
      code: `${town.code}-LK-01`,
      name: '加工厂 1 号冷库',
      address: '利福塔葛根加工厂',
      productId: String(d.products.freshKudzu._id),
    },
    keeper,
  );
  if (!made.ok) throw new Error(`demo store refused: ${JSON.stringify(made)}`);
  const store = (await ColdStoreModel.findOne({ code: made.value.code }).lean())!;
  await storeReadings(series(daysAgo(7), new Date(Date.now() - 10 * MIN), 10, steady(8.5, 1.2), 90), {
    subject: { kind: 'store', id: store._id, townId },
    device: `file:${String(store._id)}`,
    source: 'file',
    fileName: '1号冷库-导出.csv',
  });

  // judged as the app's job judges them: the night's excursion raises its two alerts
  await judgeDue(new Date());
  // its 企业微信 message went out on the third attempt (45009, then a timeout); the demo's robot
  // is not reachable from here, so what the outbox holds is set as the worker would have left it
  const sentAt = new Date(night.getTime() + 6 * HOUR + 20 * MIN);
  await OutboxMessageModel.updateMany(
    { key: new RegExp(`^${String(chilled.id)}:`) },
    {
      $set: {
        state: 'sent',
        attempts: 3,
        sentAt,
        lastError: { code: 'network', message: 'timeout', at: new Date(sentAt.getTime() - 2 * MIN) },
      },
    },
  );
  // every other message of the demo has nowhere to go: none waits on a robot that is not there
  await OutboxMessageModel.updateMany({ state: 'pending' }, { $set: { state: 'sent', sentAt: new Date() } });
  return { device: device.id, chilled: chilled.code };
}
