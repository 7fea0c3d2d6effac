// The dashboard's figure of household income: a village's households of a year, from the
// all-payers household-year rows (./rollup.ts). Read by the dashboard and the household pages
// alike. The engine: ../kernel/facts.ts.
import { Types } from 'mongoose';
import { defineFact } from '../kernel/facts';
import { HouseholdYearModel } from './schema';

export interface IncomeRow {
  linked: number; // households with income from the industry in the year
  totalFen: number;
  m: number[]; // fen by month
  firstMonth: number[]; // households whose first income of the year came in each month
  purchase: number;
  wage: number;
  rent: number;
  dividend: number;
}

export const incomeFacts = defineFact<IncomeRow>({
  source: 'income',
  records: {
    HouseholdYear: (doc) => [
      { townId: doc.townId, source: 'income', year: Number(doc.year), part: String(doc.villageId) },
    ],
  },
  fields: ['year', 'villageId'],
  async compute(key) {
    const docs = await HouseholdYearModel.collection
      .find(
        { townId: key.townId, villageId: new Types.ObjectId(key.part), year: key.year, payerOrgId: null },
        { projection: { total: 1, m: 1, purchase: 1, wage: 1, rent: 1, dividend: 1 } },
      )
      .toArray();
    const row: IncomeRow = {
      linked: 0,
      totalFen: 0,
      m: Array(12).fill(0),
      firstMonth: Array(12).fill(0),
      purchase: 0,
      wage: 0,
      rent: 0,
      dividend: 0,
    };
    for (const d of docs) {
      if (!(d.total > 0)) continue;
      row.linked += 1;
      row.totalFen += d.total;
      const m = d.m as number[];
      m.forEach((v, i) => (row.m[i] += v));
      const first = m.findIndex((v) => v > 0);
      if (first >= 0) row.firstMonth[first] += 1;
      for (const k of ['purchase', 'wage', 'rent', 'dividend'] as const) row[k] += d[k] ?? 0;
    }
    return { rows: row.linked || docs.length ? [row] : [], lastAt: null };
  },
  async keysFromRecords(townId) {
    const years = await HouseholdYearModel.collection
      .aggregate([
        { $match: { townId, payerOrgId: null } },
        { $group: { _id: { y: '$year', p: '$villageId' } } },
      ])
      .toArray();
    return years.map((r) => ({ townId, source: 'income', year: r._id.y, part: String(r._id.p) }));
  },
});
