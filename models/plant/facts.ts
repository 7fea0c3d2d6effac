// The dashboard's figures of the plants (issue 20), kept in step with their records like every
// other fact (docs/decisions/0010): a month's intake by plant, supplier, village and product,
// and a month's closed runs by plant and main product. The engine: ../kernel/facts.ts.
import type { Types } from 'mongoose';
import { defineFact, maxDate, monthStart, pad2, round2, shanghaiYearMonth } from '../kernel/facts';
import { IntakeTicketModel, RunModel } from './schema';

export interface IntakeRow {
  plantOrgId: string;
  supplierOrgId: string;
  villageId: string; // '' when the ticket's lots came from several villages or none
  productId: string;
  tickets: number;
  netKg: number;
  payableKg: number;
  shrinkageKg: number;
}

export interface RunRow {
  plantOrgId: string;
  productId: string; // the main product
  runs: number;
  inputKg: number;
  mainKg: number;
  byKg: number;
  lossKg: number;
  flagged: number;
}

async function monthsOf(
  model: typeof IntakeTicketModel | typeof RunModel,
  field: string,
  townId: Types.ObjectId,
  match: Record<string, unknown>,
) {
  return (model.collection as unknown as import('mongodb').Collection)
    .aggregate<{ _id: { y: number; m: number } }>([
      { $match: { townId, ...match } },
      {
        $group: {
          _id: {
            y: { $year: { date: `$${field}`, timezone: 'Asia/Shanghai' } },
            m: { $month: { date: `$${field}`, timezone: 'Asia/Shanghai' } },
          },
        },
      },
    ])
    .toArray();
}

const monthRange = (year: number, part: string) => ({
  $gte: monthStart(year, Number(part)),
  $lt: monthStart(year, Number(part) + 1),
});

export const plantIntakeFact = defineFact<IntakeRow>({
  source: 'plantIntake',
  records: {
    IntakeTicket: (doc) => {
      if (doc.status !== 'recorded') return [];
      const { year, month } = shanghaiYearMonth(doc.weighedAt as Date);
      return [{ townId: doc.townId, source: 'plantIntake', year, part: pad2(month) }];
    },
  },
  fields: ['status', 'weighedAt'],
  async compute(key) {
    const out = await IntakeTicketModel.collection
      .aggregate([
        { $match: { townId: key.townId, status: 'recorded', weighedAt: monthRange(key.year, key.part) } },
        {
          $group: {
            _id: {
              plant: '$plantOrgId',
              supplier: '$supplierOrgId',
              village: { $cond: [{ $eq: [{ $size: '$villageIds' }, 1] }, { $first: '$villageIds' }, ''] },
              product: '$productId',
            },
            tickets: { $sum: 1 },
            netKg: { $sum: '$netKg' },
            payableKg: { $sum: '$payableKg' },
            shrinkageKg: { $sum: '$shrinkageKg' },
            lastAt: { $max: '$weighedAt' },
          },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    return {
      rows: out.map((r) => ({
        plantOrgId: String(r._id.plant),
        supplierOrgId: String(r._id.supplier),
        villageId: r._id.village ? String(r._id.village) : '',
        productId: String(r._id.product),
        tickets: r.tickets,
        netKg: round2(r.netKg),
        payableKg: round2(r.payableKg),
        shrinkageKg: round2(r.shrinkageKg),
      })),
      lastAt: maxDate(out.map((r) => r.lastAt)),
    };
  },
  async keysFromRecords(townId) {
    return (await monthsOf(IntakeTicketModel, 'weighedAt', townId, { status: 'recorded' })).map((r) => ({
      townId,
      source: 'plantIntake',
      year: r._id.y,
      part: pad2(r._id.m),
    }));
  },
});

export const plantRunsFact = defineFact<RunRow>({
  source: 'plantRuns',
  records: {
    Run: (doc) => {
      if (doc.status !== 'closed' || !doc.closedAt) return [];
      const { year, month } = shanghaiYearMonth(doc.closedAt as Date);
      return [{ townId: doc.townId, source: 'plantRuns', year, part: pad2(month) }];
    },
  },
  fields: ['status', 'closedAt'],
  async compute(key) {
    const out = await RunModel.collection
      .aggregate([
        { $match: { townId: key.townId, status: 'closed', closedAt: monthRange(key.year, key.part) } },
        {
          $project: {
            plantOrgId: 1,
            inputKg: 1,
            flagged: 1,
            closedAt: 1,
            loss: { $add: ['$waterLossKg', '$wasteKg'] },
            main: { $first: { $filter: { input: '$outputs', cond: { $eq: ['$$this.role', 'main'] } } } },
            byKg: {
              $sum: {
                $map: {
                  input: { $filter: { input: '$outputs', cond: { $eq: ['$$this.role', 'by'] } } },
                  in: '$$this.kg',
                },
              },
            },
          },
        },
        {
          $group: {
            _id: { plant: '$plantOrgId', product: '$main.productId' },
            runs: { $sum: 1 },
            inputKg: { $sum: '$inputKg' },
            mainKg: { $sum: '$main.kg' },
            byKg: { $sum: '$byKg' },
            lossKg: { $sum: '$loss' },
            flagged: { $sum: { $cond: ['$flagged', 1, 0] } },
            lastAt: { $max: '$closedAt' },
          },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    return {
      rows: out.map((r) => ({
        plantOrgId: String(r._id.plant),
        productId: String(r._id.product),
        runs: r.runs,
        inputKg: round2(r.inputKg),
        mainKg: round2(r.mainKg),
        byKg: round2(r.byKg),
        lossKg: round2(r.lossKg),
        flagged: r.flagged,
      })),
      lastAt: maxDate(out.map((r) => r.lastAt)),
    };
  },
  async keysFromRecords(townId) {
    return (await monthsOf(RunModel, 'closedAt', townId, { status: 'closed' })).map((r) => ({
      townId,
      source: 'plantRuns',
      year: r._id.y,
      part: pad2(r._id.m),
    }));
  },
});
