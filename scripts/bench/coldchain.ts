// The cold chain at scale (issue 21): readings posted through the devices' API in batches of
// 1,000 against the raw inserts of the same documents into the same two collections (the guard
// and the time series), and the shipment page over 100,000 readings (judged in full, the chart
// downsampled) against reading them raw.
import { Types } from 'mongoose';
import { SYSTEM_ACTOR } from '#models/kernel/audit';
import { getShipment, ReadingKeyModel, ReadingModel, ShipmentModel, emptySummary } from '#models/coldchain';
import { issueToken } from '#models/town/api-token';
import { createTown } from '#models/town/town';
import { makeOrg } from '#tests/factories';
import * as readingsRoute from '~/routes/api.v1.readings';
import type { BenchCase } from './types';

const BATCH = 1000;
const PER_RUN = 100_000;
const PAGE_READINGS = 100_000;
const MIN = 60_000;

async function seed() {
  const town = await createTown(
    { name: '基准冷链镇', code: 'BCC', county: '基准县', countyCode: '430823' },
    SYSTEM_ACTOR,
  );
  const carrier = await makeOrg(town._id, { type: 'carrier', name: '基准冷链' });
  const consignee = await makeOrg(town._id, { type: 'enterprise', name: '基准企业', level: 'county' });
  const actor = { ...SYSTEM_ACTOR, townId: town._id, orgId: carrier._id };
  const { token } = await issueToken(
    { townId: town._id, orgId: carrier._id, role: 'carrier', name: '基准记录仪' },
    actor,
  );
  const shipment = async (code: string, departed: Date) => {
    const _id = new Types.ObjectId();
    await ShipmentModel.collection.insertOne({
      _id,
      townId: town._id,
      carrierOrgId: carrier._id,
      code,
      status: 'in_transit',
      senderOrgId: consignee._id,
      consigneeOrgId: consignee._id,
      productId: new Types.ObjectId(),
      productName: '小香薯',
      profile: {
        name: '小香薯',
        minC: 12.5,
        maxC: 15,
        toleranceMinutes: 60,
        budgetMinutes: 180,
        intervalMinutes: 1,
      },
      lines: [],
      vehiclePlate: '贵A00000',
      plannedDepartureAt: departed,
      departedAt: departed,
      arrivedAt: null,
      summary: emptySummary(),
      judgeDue: null,
      holds: [],
      deliveryIds: [],
      createdAt: new Date(),
      updatedAt: new Date(),
    } as never);
    return _id;
  };
  // a long trip for the ingest: a reading a second, run after run, a fresh stretch each time
  const ingestFrom = Date.now() - 200 * 86_400_000;
  const ingestId = await shipment('BCC-YS-20260101-001', new Date(ingestFrom));
  // the page: 100,000 readings a minute apart (69 days), an excursion a day
  const pageFrom = Date.now() - 80 * 86_400_000;
  const pageId = await shipment('BCC-YS-20260101-002', new Date(pageFrom));
  const batch = new Types.ObjectId();
  for (let i = 0; i < PAGE_READINGS; i += 10_000)
    await ReadingModel.collection.insertMany(
      Array.from({ length: 10_000 }, (_, k) => {
        const n = i + k;
        return {
          at: new Date(pageFrom + n * MIN),
          m: pageId,
          t: n % 1440 < 90 ? 11.8 : 13.5 + (n % 7) / 10,
          h: 88,
          src: 'device',
          b: batch,
        };
      }) as never[],
    );
  return {
    token,
    ingestFrom,
    ingestId,
    scope: { access: 'own' as const, townId: town._id, orgId: carrier._id },
  };
}

type Ctx = Awaited<ReturnType<typeof seed>>;
let seeded: Promise<Ctx> | undefined;
const shared = () => (seeded ??= seed());

// each run (app or raw) takes a stretch of time of its own: every reading is new
let stretch = 0;
const nextStretch = (c: Ctx) => c.ingestFrom + stretch++ * PER_RUN * 1000;

export const coldChainCases: BenchCase<never>[] = [
  {
    name: 'ingest 100,000 readings through the API, batches of 1,000 (the guard, the time series, the batch)',
    size: `${PER_RUN.toLocaleString()} readings a run (${(PER_RUN * 12).toLocaleString()} in all)`,
    runs: 10,
    budget: 2,
    setup: shared as never,
    app: (async (c: Ctx) => {
      const from = nextStretch(c);
      for (let b = 0; b < PER_RUN / BATCH; b++) {
        const readings = Array.from({ length: BATCH }, (_, i) => ({
          at: new Date(from + (b * BATCH + i) * 1000).toISOString(),
          tempC: 13.4,
          humidity: 88,
        }));
        const request = new Request('http://localhost/api/v1/readings', {
          method: 'POST',
          headers: { Authorization: `Bearer ${c.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ shipment: 'BCC-YS-20260101-001', readings }),
        });
        const res = (await readingsRoute.action({ request, params: {}, context: {} } as never)) as Response;
        const body = (await res.json()) as { new: number };
        if (body.new !== BATCH) throw new Error(`ingest: ${JSON.stringify(body)}`);
      }
    }) as never,
    raw: (async (c: Ctx) => {
      const from = nextStretch(c);
      const b = new Types.ObjectId();
      for (let k = 0; k < PER_RUN / BATCH; k++) {
        const keys = Array.from({ length: BATCH }, (_, i) => {
          const at = new Date(from + (k * BATCH + i) * 1000);
          return { _id: `raw|${at.getTime()}`, m: c.ingestId, at, t: 13.4, h: 88, src: 'device', b };
        });
        await ReadingKeyModel.collection.insertMany(keys as never[], { ordered: false });
        await ReadingModel.collection.insertMany(
          keys.map((x) => ({ at: x.at, m: x.m, t: x.t, h: x.h, src: x.src, b: x.b })) as never[],
          { ordered: false },
        );
      }
    }) as never,
  },
  {
    name: "a shipment's page over 100,000 readings: judged in full, the chart at most 600 points",
    size: `${PAGE_READINGS.toLocaleString()} readings, 69 days a minute apart`,
    runs: 7,
    budget: 3,
    setup: shared as never,
    app: (async (c: Ctx) => {
      const page = await getShipment(c.scope, 'BCC-YS-20260101-002');
      if (!page || page.chart.length > 600 || page.judgment.readings !== PAGE_READINGS)
        throw new Error(`page: ${page?.chart.length} points, ${page?.judgment.readings} readings`);
    }) as never,
    raw: (async () => {
      const s = (await ShipmentModel.collection.findOne({ code: 'BCC-YS-20260101-002' }))!;
      await ReadingModel.collection
        .find({ m: s._id }, { projection: { _id: 0, at: 1, t: 1, h: 1, src: 1 } })
        .sort({ at: 1 })
        .toArray();
    }) as never,
  },
];
