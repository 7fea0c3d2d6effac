// The dashboard's figures of trade: a month's confirmed sales by buyer and by seller, and what
// buyers still owe on a month's receipts. The engine: ../../kernel/facts.ts.
import type { Types } from 'mongoose';
import {
  defineFact,
  maxDate,
  monthStart,
  pad2,
  round2,
  shanghaiYearMonth,
  type FactKey,
} from '../../kernel/facts';
import { LedgerEntryModel } from '../../kernel/ledger';
import { DeliveryModel } from './schema';

/**
 * A month's sales by buyer and product (`sales`: the dashboard's filters) or by seller and
 * product (`sellerSales`: an organization's targets, read only when one asks) — never by all
 * three, which grows with buyers × sellers.
 */
export interface SalesRow {
  by: 'buyer' | 'seller';
  orgId: string;
  productId: string;
  amountFen: number;
  quantity: number;
  receipts: number;
}

/** What buyers still owe on a month's receipts, by buyer and day of the receipt. */
export interface OwedRow {
  buyerOrgId: string;
  day: string; // YYYY-MM-DD (Asia/Shanghai)
  receipts: number;
  owedFen: number;
}

const SALES_KINDS = ['receipt', 'reversal'];

/** The months (Shanghai) in which a town has receipts or reversals. */
async function salesMonths(townId: Types.ObjectId) {
  return LedgerEntryModel.collection
    .aggregate([
      { $match: { townId, kind: { $in: SALES_KINDS } } },
      {
        $group: {
          _id: {
            y: { $year: { date: '$at', timezone: 'Asia/Shanghai' } },
            m: { $month: { date: '$at', timezone: 'Asia/Shanghai' } },
          },
        },
      },
    ])
    .toArray();
}

function salesFact(source: 'sales' | 'sellerSales', by: 'buyer' | 'seller') {
  return defineFact<SalesRow>({
    source,
    records: {
      LedgerEntry: (doc) => {
        if (!SALES_KINDS.includes(String(doc.kind))) return [];
        const { year, month } = shanghaiYearMonth(doc.at as Date);
        return [{ townId: doc.townId, source, year, part: pad2(month) }];
      },
    },
    fields: ['kind', 'at'],
    async compute(key) {
      const month = Number(key.part);
      const out = await LedgerEntryModel.collection
        .aggregate([
          {
            $match: {
              townId: key.townId,
              kind: { $in: SALES_KINDS },
              at: { $gte: monthStart(key.year, month), $lt: monthStart(key.year, month + 1) },
            },
          },
          {
            $group: {
              _id: { o: by === 'buyer' ? '$buyerOrgId' : '$sellerOrgId', p: '$productId' },
              amountFen: { $sum: '$amountFen' },
              quantity: { $sum: { $cond: [{ $eq: ['$kind', 'receipt'] }, '$quantity', 0] } },
              receipts: { $sum: { $cond: [{ $eq: ['$kind', 'receipt'] }, 1, 0] } },
              lastAt: { $max: '$at' },
            },
          },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      const rows = out.map((r) => ({
        by,
        orgId: String(r._id.o),
        productId: String(r._id.p),
        amountFen: r.amountFen,
        quantity: round2(r.quantity),
        receipts: r.receipts,
      }));
      return { rows, lastAt: maxDate(out.map((r) => r.lastAt)) };
    },
    async keysFromRecords(townId) {
      return (await salesMonths(townId)).map((r) => ({ townId, source, year: r._id.y, part: pad2(r._id.m) }));
    },
  });
}

export const salesFacts = salesFact('sales', 'buyer');
export const sellerSalesFacts = salesFact('sellerSales', 'seller');

/** The month of a delivery's receipt, whose owed fact a payment or a correction changes. */
async function receiptMonth(townId: Types.ObjectId, deliveryId: unknown): Promise<FactKey[]> {
  if (!deliveryId) return [];
  const receipt = await LedgerEntryModel.collection.findOne(
    { deliveryId, kind: 'receipt' },
    { projection: { at: 1 } },
  );
  if (!receipt) return [];
  const { year, month } = shanghaiYearMonth(receipt.at);
  return [{ townId, source: 'owed', year, part: pad2(month) }];
}

export const owedFacts = defineFact<OwedRow>({
  source: 'owed',
  records: {
    // a receipt is owed from its month; a payment or a correction changes its receipt's month
    LedgerEntry: (doc) => {
      if (doc.kind !== 'receipt') return receiptMonth(doc.townId, doc.deliveryId);
      const { year, month } = shanghaiYearMonth(doc.at as Date);
      return [{ townId: doc.townId, source: 'owed', year, part: pad2(month) }];
    },
  },
  fields: ['kind', 'at', 'deliveryId'],
  async compute(key) {
    const month = Number(key.part);
    const rows = await DeliveryModel.collection
      .aggregate([
        {
          $match: {
            townId: key.townId,
            status: 'confirmed',
            'receipt.at': { $gte: monthStart(key.year, month), $lt: monthStart(key.year, month + 1) },
          },
        },
        {
          $project: {
            buyerOrgId: 1,
            day: { $dateToString: { date: '$receipt.at', format: '%Y-%m-%d', timezone: 'Asia/Shanghai' } },
            owed: {
              $subtract: ['$receipt.dueFen', { $add: ['$paidFen', { $ifNull: ['$reversedFen', 0] }] }],
            },
          },
        },
        { $match: { owed: { $gt: 0 } } },
        {
          $group: { _id: { b: '$buyerOrgId', d: '$day' }, receipts: { $sum: 1 }, owedFen: { $sum: '$owed' } },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    return {
      rows: rows.map((r) => ({
        buyerOrgId: String(r._id.b),
        day: r._id.d,
        receipts: r.receipts,
        owedFen: r.owedFen,
      })),
      lastAt: null,
    };
  },
  async keysFromRecords(townId) {
    const months = await DeliveryModel.collection
      .aggregate([
        { $match: { townId, status: 'confirmed', receipt: { $ne: null } } },
        {
          $group: {
            _id: {
              y: { $year: { date: '$receipt.at', timezone: 'Asia/Shanghai' } },
              m: { $month: { date: '$receipt.at', timezone: 'Asia/Shanghai' } },
            },
          },
        },
      ])
      .toArray();
    return months.map((r) => ({ townId, source: 'owed', year: r._id.y, part: pad2(r._id.m) }));
  },
});
