// What buyers still owe, by buyer and age, read from the owed facts (the dashboard's table).
import type { Types } from 'mongoose';
import { AGE_BUCKETS, type AgeBucket } from '~/domain/delivery';
import { FactModel, readFacts } from '../kernel/facts';
import { owedFacts } from '../trade/delivery/facts';

/**
 * What buyers owe on receipts, by age of the receipt (0–30, 31–60, 61–90, > 90 days), and
 * past 30 days by buyer: the owed facts (one per month of receipts) added up in the database,
 * which returns a row per buyer and age.
 */
export async function overdue(townId: Types.ObjectId, today: string) {
  await readFacts(townId, owedFacts, undefined, { rows: false }); // recompute what writes marked
  const rows = await FactModel.aggregate<{
    _id: { b: string; a: AgeBucket };
    receipts: number;
    fen: number;
    oldest: number;
  }>([
    { $match: { townId, source: 'owed' } },
    { $unwind: '$rows' },
    {
      $project: {
        b: '$rows.buyerOrgId',
        receipts: '$rows.receipts',
        fen: '$rows.owedFen',
        days: {
          $dateDiff: {
            startDate: { $dateFromString: { dateString: '$rows.day', timezone: 'UTC' } },
            endDate: new Date(`${today}T00:00:00Z`),
            unit: 'day',
          },
        },
      },
    },
    {
      $group: {
        _id: {
          b: '$b',
          a: {
            $switch: {
              branches: [
                { case: { $lte: ['$days', 30] }, then: 'd0_30' },
                { case: { $lte: ['$days', 60] }, then: 'd31_60' },
                { case: { $lte: ['$days', 90] }, then: 'd61_90' },
              ],
              default: 'd90plus',
            },
          },
        },
        receipts: { $sum: '$receipts' },
        fen: { $sum: '$fen' },
        oldest: { $max: '$days' },
      },
    },
  ]);
  const buckets = Object.fromEntries(AGE_BUCKETS.map((b) => [b, { count: 0, fen: 0 }])) as Record<
    AgeBucket,
    { count: number; fen: number }
  >;
  const byBuyer = new Map<string, { fen: number; count: number; oldestDays: number }>();
  let count = 0;
  let fen = 0;
  for (const r of rows) {
    buckets[r._id.a].count += r.receipts;
    buckets[r._id.a].fen += r.fen;
    if (r._id.a === 'd0_30') continue;
    count += r.receipts;
    fen += r.fen;
    const b = byBuyer.get(r._id.b) ?? { fen: 0, count: 0, oldestDays: 0 };
    b.fen += r.fen;
    b.count += r.receipts;
    b.oldestDays = Math.max(b.oldestDays, r.oldest);
    byBuyer.set(r._id.b, b);
  }
  return {
    count,
    fen,
    buckets,
    byBuyer: [...byBuyer].map(([buyerOrgId, v]) => ({ buyerOrgId, ...v })).sort((a, b) => b.fen - a.fen),
  };
}
