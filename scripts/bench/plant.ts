// The plant at county scale (issue 20): its intake list and stock over ten years (50,000
// tickets, 200,000 lots held), closing a run that drew on 1,000 collection lots, and db:check's
// mass balance over 100,000 lots — each against the raw driver doing the same reads or writes.
import { Types } from 'mongoose';
import { SYSTEM_ACTOR } from '#models/kernel/audit';
import { LotModel } from '#models/lots/lot';
import {
  IntakeTicketModel,
  RunModel,
  closeRun,
  listTickets,
  plantBalanceCheck,
  stockByProduct,
} from '#models/plant';
import { createTown } from '#models/town/town';
import { makeOrg, makeProduct } from '#tests/factories';
import type { BenchCase } from './types';

const TICKETS = 50_000;
const HELD = 200_000;
const DAY = 86_400_000;
const start = Date.UTC(2017, 0, 1);

async function seedPlant() {
  const town = await createTown(
    { name: '基准加工镇', code: 'BPL', county: '基准县', countyCode: '430822' },
    SYSTEM_ACTOR,
  );
  const plant = await makeOrg(town._id, { type: 'plant', name: '基准加工厂' });
  const products = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
  const names = ['鲜葛根', '葛根粉', '葛渣'];
  const supplier = new Types.ObjectId();
  for (let i = 0; i < TICKETS; i += 10_000) {
    await IntakeTicketModel.collection.insertMany(
      Array.from({ length: Math.min(10_000, TICKETS - i) }, (_, k) => {
        const n = i + k;
        return {
          townId: town._id,
          plantOrgId: plant._id,
          number: `B-${n}`,
          weighedAt: new Date(start + Math.floor((n / TICKETS) * 3650) * DAY + (n % 600) * 60_000),
          kind: 'delivery',
          supplierOrgId: supplier,
          ownerOrgId: supplier,
          productId: products[0],
          productName: names[0],
          villageIds: [],
          lines: [
            {
              lotId: new Types.ObjectId(),
              lotCode: `L-${n}`,
              fromLotId: new Types.ObjectId(),
              fromLotCode: `L-${n}`,
              recordedKg: 10_000,
            },
          ],
          recordedKg: 10_000,
          grossKg: 15_000,
          tareKg: 5_050,
          netKg: 9_950,
          deductedKg: 0,
          payableKg: 9_950,
          shrinkageKg: 50,
          feeFen: 0,
          intakeLotId: new Types.ObjectId(),
          intakeLotCode: `I-${n}`,
          status: 'recorded',
        };
      }),
    );
  }
  for (let i = 0; i < HELD; i += 20_000) {
    await LotModel.collection.insertMany(
      Array.from({ length: 20_000 }, (_, k) => {
        const n = i + k;
        return {
          townId: town._id,
          orgId: plant._id,
          holderOrgId: plant._id,
          code: `BPL-GG-${n}`,
          productId: products[n % 3],
          productCode: 'GG',
          productName: names[n % 3],
          unit: 'kg',
          quantity: 1000,
          producedAt: new Date(start + Math.floor((n / HELD) * 3650) * DAY),
          origin: { kind: 'intake' },
          // ten years of lots: most consumed long ago, the last weeks' in stock
          status: n > HELD - 600 ? 'in_stock' : 'consumed',
          holds: [],
        };
      }),
    );
  }
  return { townId: town._id, plantId: plant._id };
}

let seeded: ReturnType<typeof seedPlant> | undefined;
const shared = () => (seeded ??= seedPlant());
const scopeOf = (c: { townId: Types.ObjectId; plantId: Types.ObjectId }) => ({
  access: 'own' as const,
  townId: c.townId,
  orgId: c.plantId,
});

export const plantCases: BenchCase<never>[] = [
  {
    name: "plant's intake list, newest page",
    size: `${TICKETS.toLocaleString()} tickets, 10 years`,
    budget: 3,
    setup: shared as never,
    app: ((c: Awaited<ReturnType<typeof seedPlant>>) => listTickets(scopeOf(c))) as never,
    raw: ((c: Awaited<ReturnType<typeof seedPlant>>) =>
      IntakeTicketModel.collection
        .find({
          townId: c.townId,
          $or: [{ plantOrgId: c.plantId }, { supplierOrgId: c.plantId }, { ownerOrgId: c.plantId }],
          status: 'recorded',
        })
        .sort({ weighedAt: -1, _id: -1 })
        .limit(51)
        .project({
          number: 1,
          weighedAt: 1,
          kind: 1,
          supplierOrgId: 1,
          netKg: 1,
          payableKg: 1,
          shrinkageKg: 1,
        })
        .toArray()) as never,
  },
  {
    name: "plant's stock by product",
    size: `${HELD.toLocaleString()} lots held over 10 years, 600 in stock`,
    budget: 3,
    setup: shared as never,
    app: ((c: Awaited<ReturnType<typeof seedPlant>>) =>
      stockByProduct(scopeOf(c), { holder: c.plantId })) as never,
    raw: ((c: Awaited<ReturnType<typeof seedPlant>>) =>
      LotModel.collection
        .aggregate([
          { $match: { holderOrgId: c.plantId, status: 'in_stock' } },
          {
            $group: {
              _id: '$productId',
              lots: { $sum: 1 },
              kg: { $sum: '$quantity' },
              oldest: { $min: '$producedAt' },
            },
          },
        ])
        .toArray()) as never,
  },
  (() => {
    const INPUTS = 1000;
    interface Ctx {
      townId: Types.ObjectId;
      plantId: Types.ObjectId;
      runs: Types.ObjectId[];
      starch: Types.ObjectId;
      residue: Types.ObjectId;
      inputs: Array<{ lotId: Types.ObjectId; kg: number }>;
    }
    return {
      name: 'close a run that drew on 1,000 collection lots: the operation vs the same raw writes',
      // raw: the run updated, its 2 lots and 3 audit events inserted, no operation record, no checks
      size: `${INPUTS} inputs → 2 lots, each with every input`,
      runs: 9,
      budget: 5,
      async setup(): Promise<Ctx> {
        const base = await shared();
        const starch = await makeProduct(base.townId, {
          code: 'BGF',
          name: '基准葛根粉',
          category: 'processed',
          runYieldMinPct: 12,
          runYieldMaxPct: 22,
        });
        const residue = await makeProduct(base.townId, {
          code: 'BGZ',
          name: '基准葛渣',
          category: 'processed',
        });
        const inputs = Array.from({ length: INPUTS }, () => ({ lotId: new Types.ObjectId(), kg: 25 }));
        const runs = Array.from({ length: 12 }, () => new Types.ObjectId());
        await RunModel.collection.insertMany(
          runs.map((id, i) => ({
            _id: id,
            townId: base.townId,
            plantOrgId: base.plantId,
            number: `BPL-SC-B-${i}`,
            ownerOrgId: base.plantId,
            toll: false,
            status: 'open',
            openedAt: new Date(),
            closedAt: null,
            inputs: inputs.map((x, k) => ({
              ...x,
              lotCode: `C-${k}`,
              fromLotId: x.lotId,
              fromLotCode: `C-${k}`,
              productId: base.plantId,
              productName: '鲜葛根',
            })),
            inputKg: INPUTS * 25,
            outputs: [],
            waterLossKg: 0,
            wasteKg: 0,
            band: { min: null, max: null },
            flagged: false,
            flagCheck: null,
            holds: [],
          })),
        );
        return { ...base, runs, starch: starch._id, residue: residue._id, inputs };
      },
      app: ((c: Ctx, i: number) =>
        closeRun(
          scopeOf(c),
          c.runs[i]!,
          {
            mainProductId: String(c.starch),
            mainKg: 4500,
            byProductId: String(c.residue),
            byKg: 7000,
            wasteKg: 100,
          },
          SYSTEM_ACTOR,
        )) as never,
      raw: (async (c: Ctx) => {
        const lot = () => ({
          _id: new Types.ObjectId(),
          townId: c.townId,
          code: `RAW-${new Types.ObjectId().toHexString()}`,
          quantity: 4500,
          parentLotIds: c.inputs.map((x) => x.lotId),
          inputs: c.inputs.map((x) => ({ lotId: x.lotId, quantity: x.kg })),
        });
        await RunModel.collection.updateOne(
          { _id: new Types.ObjectId() },
          { $set: { status: 'closed', outputs: [] } },
        );
        const made = [lot(), lot()];
        await LotModel.collection.insertMany(made);
        // the audit events: the run's change and each lot's creation, as the operation writes them
        await LotModel.db
          .collection('auditevents_bench')
          .insertMany([{ change: 'closed' }, ...made.map((m) => ({ after: { ...m, _id: undefined } }))]);
      }) as never,
    } as unknown as BenchCase<never>;
  })(),
  {
    name: "db:check's mass balance (tickets, runs, split lots)",
    size: '100,000 lots (50,000 split in two), 50,000 tickets',
    runs: 3,
    budget: 3,
    async setup() {
      const base = await shared();
      const docs = [];
      for (let n = 0; n < 33_334; n++) {
        const parent = new Types.ObjectId();
        docs.push(
          {
            _id: parent,
            townId: base.townId,
            code: `SPL-P-${n}`,
            quantity: 2000,
            status: 'split',
            origin: { kind: 'harvest' },
            holds: [],
          },
          {
            townId: base.townId,
            code: `SPL-A-${n}`,
            quantity: 1200,
            status: 'consumed',
            origin: { kind: 'split' },
            inputs: [{ lotId: parent, quantity: 1200 }],
            holds: [],
          },
          {
            townId: base.townId,
            code: `SPL-B-${n}`,
            quantity: 800,
            status: 'in_stock',
            origin: { kind: 'split' },
            inputs: [{ lotId: parent, quantity: 800 }],
            holds: [],
          },
        );
      }
      for (let i = 0; i < docs.length; i += 20_000)
        await LotModel.collection.insertMany(docs.slice(i, i + 20_000));
      return base as never;
    },
    app: (() => plantBalanceCheck.run({ live: new Set() })) as never,
    // the same reads, compared with nothing
    raw: (async () => {
      for await (const d of IntakeTicketModel.collection.find({ status: 'recorded' })) void d;
      for await (const d of RunModel.collection.find({ status: { $in: ['open', 'closed'] } })) void d;
      await LotModel.collection
        .aggregate(
          [
            { $match: { 'origin.kind': 'split' } },
            { $unwind: '$inputs' },
            { $group: { _id: '$inputs.lotId', kids: { $sum: '$inputs.quantity' } } },
            { $lookup: { from: 'lots', localField: '_id', foreignField: '_id', as: 'parent' } },
          ],
          { allowDiskUse: true },
        )
        .toArray();
    }) as never,
  },
];
