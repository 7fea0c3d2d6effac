// The town dashboard at a county's scale: 100 villages, 50,000 households and 1,000,000
// harvest, receipt and household-ledger records over ten years (plus 40,000 plantings).
// Measured, for each dashboard loader:
//   - the dashboard's figures (the loader's work: names, facts, head counts, targets,
//     fulfilment, overdue) against the raw driver reading the same facts and live figures
//     (the app's overhead), and against the raw driver aggregating the same figures from the
//     records (what the facts save);
//   - the same right after a new planting and a new receipt (two facts recomputed first);
//   - the records behind a month's sales (drill-down) and the monthly dispatch report.
// XL_BENCH_DASHBOARD_RECORDS scales the data set down for a quick run.
import { Types } from 'mongoose';
import { FactMarkModel, FactModel, rebuildFacts, touchFacts, TOWN } from '#models/kernel/facts';
import { HarvestModel, PlantingModel } from '#models/field/planting';
import { HouseholdEntryModel, HouseholdModel } from '#models/households';
import { rebuildRollups } from '#models/households/rollup';
import { DeliveryModel } from '#models/trade/delivery';
import { LedgerEntryModel } from '#models/kernel/ledger';
import { OrganizationModel } from '#models/town/organization';
import { ProductModel } from '#models/town/product';
import type { Scope } from '#models/kernel/scope';
import { TargetModel } from '#models/oversight/target';
import { TownModel } from '#models/town/town';
import { VillageModel } from '#models/town/village';
import { dashboardData, evidenceTable } from '~/utils/dashboard-tables.server';
import { townNames } from '~/utils/dashboard.server';
import { monthlyReport } from '~/utils/monthly-report.server';
import type { OrgType } from '~/schemas/roles';
import type { BenchCase } from './types';

const RECORDS = Number(process.env.XL_BENCH_DASHBOARD_RECORDS ?? 1_000_000);
const VILLAGES = 100;
const HOUSEHOLDS = 50_000;
const YEARS = Array.from({ length: 10 }, (_, i) => 2017 + i);
const YEAR = 2026;
const BATCH = 20_000;
const tz = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d) - 8 * 3_600_000);

interface Ctx {
  scope: Scope;
  townId: Types.ObjectId;
  village: Types.ObjectId;
  product: Types.ObjectId;
  buyer: Types.ObjectId;
  seller: Types.ObjectId;
}

let built: Promise<Ctx> | undefined;

async function insert(
  model: { collection: { insertMany(d: never[], o: object): Promise<unknown> } },
  docs: object[],
) {
  for (let i = 0; i < docs.length; i += BATCH) {
    await model.collection.insertMany(docs.slice(i, i + BATCH) as never[], { ordered: false });
  }
}

function county(): Promise<Ctx> {
  built ??= (async () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
    const town = await TownModel.create({
      name: '基准县',
      code: 'BCH',
      county: '基准县',
      countyCode: '430000',
    });
    const townId = town._id;
    const villages = (
      await VillageModel.insertMany(
        Array.from({ length: VILLAGES }, (_, i) => ({ townId, name: `村${i}`, households: 500 })),
      )
    ).map((v) => v._id);
    const products = (
      await ProductModel.insertMany(
        ['GG', 'XXS', 'GGF'].map((code) => ({
          townId,
          code,
          name: code,
          category: 'crop',
          unit: 'kg',
          coldChain: { minC: 0, maxC: 20, toleranceMinutes: 60 },
        })),
      )
    ).map((p) => p._id);
    const org = (type: OrgType, i: number) => ({ townId, type, name: `${type}${i}`, villageIds: [] });
    const coops = (
      await OrganizationModel.insertMany(Array.from({ length: 50 }, (_, i) => org('cooperative', i)))
    ).map((o) => o._id);
    const buyers = (
      await OrganizationModel.insertMany(Array.from({ length: 10 }, (_, i) => org('enterprise', i)))
    ).map((o) => o._id);
    const government = (await OrganizationModel.create(org('government', 0)))._id;

    // 4 % plantings, 26 % harvests, 20 % deliveries and their 20 % receipts, 30 % household entries
    const n = {
      plantings: RECORDS * 0.04,
      harvests: RECORDS * 0.26,
      receipts: RECORDS * 0.2,
      entries: RECORDS * 0.3,
    };
    const plantings = Array.from({ length: n.plantings }, (_, i) => {
      const season = YEARS[i % YEARS.length];
      return {
        _id: new Types.ObjectId(),
        townId,
        orgId: pick(coops),
        ref: `P-${i}`,
        villageId: villages[Math.floor(i / YEARS.length) % VILLAGES],
        productId: pick(products),
        areaMu: Math.round(rnd() * 5000) / 100 + 1,
        households: 1 + Math.floor(rnd() * 10),
        plantedOn: tz(season, 3, 1 + Math.floor(rnd() * 28)),
        season,
        harvestedKg: 0,
        finishedAt: null,
        holds: [],
        importId: null,
        createdAt: new Date(),
        updatedAt: new Date(),
      };
    });
    await insert(PlantingModel, plantings);
    await insert(
      HarvestModel,
      Array.from({ length: n.harvests }, (_, i) => {
        const p = plantings[i % plantings.length];
        return {
          townId,
          orgId: p.orgId,
          plantingId: p._id,
          productId: p.productId,
          villageId: p.villageId,
          harvestedOn: tz(p.season, 8 + Math.floor(rnd() * 4), 1 + Math.floor(rnd() * 28)),
          quantityKg: Math.round(rnd() * 100_000) / 100,
          enteredQuantity: 1,
          enteredUnit: 'kg',
          grade: 'grade1',
          notes: '',
          lotId: new Types.ObjectId(),
          lotCode: `L-${i}`,
          flag: null,
          yieldKgPerMu: 0,
          importId: null,
          createdAt: new Date(),
          updatedAt: new Date(),
        };
      }),
    );
    const receipts = Array.from({ length: n.receipts }, (_, i) => ({
      townId,
      chain: `bench:${i % 500}`,
      seq: Math.floor(i / 500) + 1,
      kind: 'receipt',
      number: `R-${i}`,
      deliveryId: new Types.ObjectId(),
      deliveryCode: `D-${i}`,
      contractId: null,
      buyerOrgId: pick(buyers),
      sellerOrgId: pick(coops),
      productId: pick(products),
      at: tz(pick(YEARS), 1 + Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28)),
      byUserId: null,
      unit: 'kg',
      quantity: Math.round(rnd() * 1_000_000) / 100,
      amountFen: Math.floor(rnd() * 5_000_000),
      prevHash: '0',
      hash: '0',
    }));
    await insert(LedgerEntryModel, receipts);
    // each receipt's delivery: nine in ten paid in full
    await insert(
      DeliveryModel,
      receipts.map((r, i) => ({
        _id: r.deliveryId,
        townId,
        code: r.deliveryCode,
        contractId: null,
        buyerOrgId: r.buyerOrgId,
        sellerOrgId: r.sellerOrgId,
        productId: r.productId,
        weighTicket: `W-${i}`,
        status: 'confirmed',
        receipt: {
          entryId: new Types.ObjectId(),
          number: r.number,
          at: r.at,
          amountFen: r.amountFen,
          dueFen: r.amountFen,
        },
        paidFen: i % 10 === 0 ? 0 : r.amountFen,
        reversedFen: 0,
        holds: [],
      })),
    );
    const households = Array.from({ length: HOUSEHOLDS }, (_, i) => ({
      _id: new Types.ObjectId(),
      townId,
      villageId: villages[i % VILLAGES],
      number: String(i),
      head: `户主${i}`,
      members: 3,
      phone: '',
      lifted: false,
      monitored: i % 40 === 0,
      memberships: [{ orgId: coops[i % coops.length], joinedOn: '2016-01-01', cashFen: 0, landMu: 0 }],
      importId: null,
      archivedAt: null,
    }));
    await insert(HouseholdModel, households);
    await insert(
      HouseholdEntryModel,
      Array.from({ length: n.entries }, (_, i) => {
        const h = households[Math.floor(rnd() * HOUSEHOLDS)];
        const year = pick(YEARS);
        const month = 1 + Math.floor(rnd() * 12);
        const amountFen = 10_000 + Math.floor(rnd() * 500_000);
        return {
          townId,
          number: `E-${i}`,
          kind: 'purchase',
          householdId: h._id,
          villageId: h.villageId,
          payerOrgId: h.memberships[0].orgId,
          on: `${year}-${String(month).padStart(2, '0')}-10`,
          year,
          month,
          amountFen,
          note: '',
          at: new Date(),
          byUserId: null,
          paidFen: amountFen,
          reversedFen: 0,
          holds: [],
        };
      }),
    );
    await rebuildRollups(townId);
    await rebuildFacts(townId);
    await TargetModel.insertMany([
      {
        townId,
        title: '面积',
        metric: 'acreage',
        scopeKind: 'town',
        productId: products[0],
        value: 100_000,
        unit: 'mu',
        baseline: 0,
        baselineOn: '2016-12-31',
        startOn: '2017-01-01',
        deadline: '2030-12-31',
      },
      {
        townId,
        title: '销售额',
        metric: 'annualSales',
        scopeKind: 'town',
        value: 8_000_000_000,
        unit: 'yuan',
        baseline: 0,
        baselineOn: '2016-12-31',
        startOn: '2017-01-01',
        deadline: '2030-12-31',
      },
      {
        townId,
        title: '带动农户',
        metric: 'householdsLinked',
        scopeKind: 'town',
        value: 50_000,
        unit: 'households',
        baseline: 0,
        baselineOn: '2016-12-31',
        startOn: '2017-01-01',
        deadline: '2030-12-31',
      },
    ]);
    return {
      scope: { access: 'town' as const, townId, orgId: government },
      townId,
      village: villages[0],
      product: products[0],
      buyer: buyers[0],
      seller: coops[0],
    };
  })();
  return built;
}

const size = `${VILLAGES} villages, ${HOUSEHOLDS.toLocaleString('en')} households, ${RECORDS.toLocaleString('en')} records, ${YEARS.length} years`;
const filter = { year: YEAR };

/** The dashboard loader's work (names, then every figure and table). */
async function loader(ctx: Ctx) {
  const names = await townNames(ctx.townId);
  return dashboardData(ctx.scope, names, filter, 'zh');
}

/** The raw driver reading what the loader reads: the facts, marks, head counts, targets, names. */
async function rawFacts(ctx: Ctx) {
  const db = FactModel.db;
  const townId = ctx.townId;
  return Promise.all([
    db.collection('facts').find({ townId, source: 'planting' }, { batchSize: 20_000 }).toArray(),
    db.collection('facts').find({ townId, source: 'harvest', year: YEAR }).toArray(),
    db
      .collection('facts')
      .find({ townId, source: 'sales', year: { $gte: YEAR - 2 } })
      .toArray(),
    db
      .collection('facts')
      .find({ townId, source: 'income', year: { $gte: YEAR - 4 } })
      .toArray(),
    db.collection('facts').find({ townId, source: 'owed' }).toArray(),
    db.collection('factmarks').find({ townId }).toArray(),
    db.collection('herdcounts').find({ townId }).toArray(),
    db
      .collection('herdevents')
      .aggregate([{ $match: { townId } }, { $group: { _id: '$orgId', d: { $sum: '$delta' } } }])
      .toArray(),
    db.collection('targets').find({ townId, archivedAt: null }).toArray(),
    db.collection('villages').find({ townId }).toArray(),
    db.collection('organizations').find({ townId }).toArray(),
    db.collection('products').find({ townId }).toArray(),
    db.collection('contracts').find({ townId }).toArray(),
  ]);
}

/** The raw driver aggregating the same figures from the records themselves (no facts). */
async function rawRecords(ctx: Ctx) {
  const db = FactModel.db;
  const townId = ctx.townId;
  const year = (y: number) => ({ $gte: tz(y, 1, 1), $lt: tz(y + 1, 1, 1) });
  return Promise.all([
    db
      .collection('plantings')
      .aggregate([
        { $match: { townId } },
        {
          $group: {
            _id: { s: '$season', v: '$villageId', p: '$productId' },
            a: { $sum: '$areaMu' },
            last: { $max: '$plantedOn' },
          },
        },
      ])
      .toArray(),
    db
      .collection('harvests')
      .aggregate([
        { $match: { townId, harvestedOn: year(YEAR) } },
        { $group: { _id: { v: '$villageId', m: { $month: '$harvestedOn' } }, kg: { $sum: '$quantityKg' } } },
      ])
      .toArray(),
    db
      .collection('ledgerentries')
      .aggregate([
        {
          $match: {
            townId,
            kind: { $in: ['receipt', 'reversal'] },
            at: { $gte: tz(YEAR - 2, 1, 1), $lt: tz(YEAR + 1, 1, 1) },
          },
        },
        {
          $group: {
            _id: { m: { $dateToString: { date: '$at', format: '%Y-%m' } }, b: '$buyerOrgId' },
            f: { $sum: '$amountFen' },
          },
        },
      ])
      .toArray(),
    db
      .collection('deliveries')
      .aggregate([
        { $match: { townId, status: 'confirmed' } },
        {
          $project: {
            b: '$buyerOrgId',
            at: '$receipt.at',
            owed: { $subtract: ['$receipt.dueFen', '$paidFen'] },
          },
        },
        { $match: { owed: { $gt: 0 } } },
        { $group: { _id: '$b', f: { $sum: '$owed' }, n: { $sum: 1 }, oldest: { $min: '$at' } } },
      ])
      .toArray(),
    db
      .collection('householdyears')
      .aggregate([
        { $match: { townId, payerOrgId: null, year: { $in: [YEAR - 1, YEAR] }, total: { $gt: 0 } } },
        { $group: { _id: { y: '$year', v: '$villageId' }, n: { $sum: 1 }, t: { $sum: '$total' } } },
      ])
      .toArray(),
  ]);
}

export const dashboardCases: BenchCase<Ctx>[] = [
  {
    name: 'dashboard: the town dashboard vs the raw driver reading the same facts',
    size,
    setup: county,
    app: loader,
    raw: rawFacts,
  },
  {
    name: 'dashboard: the town dashboard vs the raw driver aggregating the records',
    size,
    setup: county,
    app: loader,
    raw: rawRecords,
  },
  {
    name: 'dashboard: after a new planting and receipt (2 facts recomputed) vs raw facts',
    size,
    setup: county,
    async app(ctx) {
      // a write marks its facts; the next read recomputes them before answering
      await touchFacts([
        { townId: ctx.townId, source: 'planting', year: YEAR, part: TOWN },
        { townId: ctx.townId, source: 'sales', year: YEAR, part: '11' },
      ]);
      return loader(ctx);
    },
    raw: rawFacts,
    async teardown(ctx) {
      await FactMarkModel.deleteMany({ townId: ctx.townId });
    },
  },
  {
    name: 'dashboard: receipts behind a month of sales (drill-down) vs raw find',
    size,
    setup: county,
    async app(ctx) {
      return evidenceTable(ctx.scope, await townNames(ctx.townId), filter, 'sales', 11, 'zh');
    },
    async raw(ctx) {
      const q = {
        townId: ctx.townId,
        kind: { $in: ['receipt', 'reversal'] },
        at: { $gte: tz(YEAR, 11, 1), $lt: tz(YEAR, 12, 1) },
      };
      const c = LedgerEntryModel.collection;
      return Promise.all([c.find(q).sort({ at: 1 }).limit(500).toArray(), c.countDocuments(q)]);
    },
  },
  {
    name: 'dashboard: monthly dispatch report vs raw facts',
    size,
    setup: county,
    app: (ctx) => monthlyReport(ctx.scope, `${YEAR}-11`, 'zh'),
    raw: rawFacts,
  },
];
