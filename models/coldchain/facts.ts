// The dashboard's figures of the cold chain (issue 21), kept in step with the shipments like every
// other fact (docs/decisions/0010): a month's finished trips (received or refused, by the month
// they arrived) by product, with how many kept their band throughout, how many had an excursion,
// used up their budget or had gaps. The engine: ../kernel/facts.ts.
import type { Types } from 'mongoose';
import { defineFact, maxDate, monthStart, pad2, shanghaiYearMonth } from '../kernel/facts';
import { ShipmentModel } from './schema';

export interface ColdRow {
  productId: string;
  shipments: number;
  kept: number;
  excursion: number;
  budgetUsed: number;
  gaps: number;
}

const FINISHED = ['delivered', 'rejected'];

export const coldShipmentsFact = defineFact<ColdRow>({
  source: 'coldShipments',
  records: {
    Shipment: (doc) => {
      if (!FINISHED.includes(String(doc.status)) || !doc.arrivedAt) return [];
      const { year, month } = shanghaiYearMonth(doc.arrivedAt as Date);
      return [{ townId: doc.townId, source: 'coldShipments', year, part: pad2(month) }];
    },
  },
  fields: ['status', 'arrivedAt', 'summary'],
  async compute(key) {
    const out = await ShipmentModel.collection
      .aggregate([
        {
          $match: {
            townId: key.townId,
            status: { $in: FINISHED },
            arrivedAt: {
              $gte: monthStart(key.year, Number(key.part)),
              $lt: monthStart(key.year, Number(key.part) + 1),
            },
          },
        },
        {
          $group: {
            _id: '$productId',
            shipments: { $sum: 1 },
            kept: { $sum: { $cond: ['$summary.compliant', 1, 0] } },
            excursion: { $sum: { $cond: [{ $gt: ['$summary.excursions', 0] }, 1, 0] } },
            budgetUsed: { $sum: { $cond: ['$summary.budgetUsed', 1, 0] } },
            gaps: { $sum: { $cond: [{ $gt: ['$summary.gapMinutes', 0] }, 1, 0] } },
            lastAt: { $max: '$updatedAt' },
          },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    return {
      rows: out.map((r) => ({
        productId: String(r._id),
        shipments: r.shipments,
        kept: r.kept,
        excursion: r.excursion,
        budgetUsed: r.budgetUsed,
        gaps: r.gaps,
      })),
      lastAt: maxDate(out.map((r) => r.lastAt)),
    };
  },
  async keysFromRecords(townId: Types.ObjectId) {
    const months = await ShipmentModel.collection
      .aggregate<{ _id: { y: number; m: number } }>([
        { $match: { townId, status: { $in: FINISHED }, arrivedAt: { $ne: null } } },
        {
          $group: {
            _id: {
              y: { $year: { date: '$arrivedAt', timezone: 'Asia/Shanghai' } },
              m: { $month: { date: '$arrivedAt', timezone: 'Asia/Shanghai' } },
            },
          },
        },
      ])
      .toArray();
    return months.map((r) => ({ townId, source: 'coldShipments', year: r._id.y, part: pad2(r._id.m) }));
  },
});
