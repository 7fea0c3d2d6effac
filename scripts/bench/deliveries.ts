// The delivery path at a county's scale: an enterprise's pending list with 100,000 deliveries
// in the database, a contract's fulfilment over 10,000 receipts (and verifying its chain), and
// confirming a delivery (an operation) against the raw writes of a confirmation.
import { Types } from 'mongoose';
import { AuditEventModel } from '#models/kernel/audit';
import { ContractModel } from '#models/trade/contract';
import {
  confirmDelivery,
  DeliveryModel,
  fulfilment,
  listDeliveries,
  submitDelivery,
  verifyContract,
} from '#models/trade/delivery';
import { entryHash, GENESIS, LedgerEntryModel } from '#models/kernel/ledger';
import { LotModel } from '#models/lots/lot';
import { deliveryWorld } from '#tests/factories/deliveries';
import type { BenchCase } from './types';

const DELIVERIES = 100_000;
const RECEIPTS = 10_000;
const SELLERS = 20;
const LIST_FIELDS =
  'code contractId buyerOrgId sellerOrgId productId productName unit deliveredOn weighTicket submitted.quantity submitted.amountFen status receipt paidFen reversedFen';

async function seedDeliveries() {
  const townId = new Types.ObjectId();
  const buyer = new Types.ObjectId();
  const sellers = Array.from({ length: SELLERS }, () => new Types.ObjectId());
  const productId = new Types.ObjectId();
  const contractId = new Types.ObjectId();
  const start = Date.UTC(2022, 0, 1);
  let prev = GENESIS;
  const entries: Record<string, unknown>[] = [];
  const docs = Array.from({ length: DELIVERIES }, (_, i) => {
    const _id = new Types.ObjectId();
    const inContract = i < RECEIPTS;
    const status = inContract || i % 50 !== 0 ? 'confirmed' : 'pending';
    const day = new Date(start + (i % 1500) * 86_400_000).toISOString().slice(0, 10);
    const figures = {
      quantity: 1000,
      grade: 'grade1',
      moisturePct: 14,
      impurityPct: 2,
      marketFen: 170,
      marketDay: day,
      source: 'market',
      unitFen: 190,
      deductedQty: 0,
      payableQty: 1000,
      amountFen: 190_000,
    };
    const at = new Date(start + (i % 1500) * 86_400_000 + 3600_000);
    if (inContract) {
      const entry = {
        _id: new Types.ObjectId(),
        townId,
        chain: String(contractId),
        seq: i + 1,
        kind: 'receipt',
        number: `BEN-PZ-${i}`,
        deliveryId: _id,
        deliveryCode: `BEN-JS-${i}`,
        contractId,
        buyerOrgId: buyer,
        sellerOrgId: sellers[0],
        productId,
        at,
        byUserId: null,
        unit: 'kg',
        quantity: 1000,
        payableQty: 1000,
        grade: 'grade1',
        unitFen: 190,
        amountFen: 190_000,
        depositCreditFen: 0,
        prevHash: prev,
      };
      prev = entryHash(entry as never);
      entries.push({ ...entry, hash: prev });
    }
    return {
      _id,
      townId,
      code: `BEN-JS-${i}`,
      contractId: inContract ? contractId : null,
      buyerOrgId: buyer,
      sellerOrgId: sellers[i % SELLERS],
      productId,
      productName: '鲜葛根',
      unit: 'kg',
      deliveredOn: day,
      weighTicket: `T${i}`,
      lines: [],
      submitted: figures,
      adjustment: null,
      status,
      statusAt: at,
      disputeReason: '',
      disputedBy: null,
      receipt:
        status === 'confirmed'
          ? {
              entryId: _id,
              number: `BEN-PZ-${i}`,
              at,
              quantity: 1000,
              payableQty: 1000,
              unitFen: 190,
              amountFen: 190_000,
              depositCreditFen: 0,
              dueFen: 190_000,
            }
          : null,
      paidFen: i % 3 === 0 ? 190_000 : 0,
      correction: null,
      reversedFen: 0,
      holds: [],
      submittedBy: null,
      statusOp: null,
    };
  });
  for (let i = 0; i < docs.length; i += 10_000)
    await DeliveryModel.collection.insertMany(docs.slice(i, i + 10_000) as never[]);
  for (let i = 0; i < entries.length; i += 10_000)
    await LedgerEntryModel.collection.insertMany(entries.slice(i, i + 10_000) as never[]);
  await ContractModel.collection.insertOne({
    _id: contractId,
    townId,
    code: 'BEN-HT',
    buyerOrgId: buyer,
    sellerOrgId: sellers[0],
  } as never);
  return { townId, buyer, contractId };
}

let seeded: ReturnType<typeof seedDeliveries> | undefined;
const shared = () => (seeded ??= seedDeliveries());

type Seeded = Awaited<ReturnType<typeof seedDeliveries>>;

const readCases: BenchCase<Seeded>[] = [
  {
    name: 'pending deliveries of an enterprise (its list page), newest page',
    size: `${DELIVERIES.toLocaleString()} deliveries, ${SELLERS} sellers, 4 years`,
    budget: 3,
    setup: shared,
    app: ({ townId, buyer }) =>
      listDeliveries({ access: 'own', townId, orgId: buyer }, { status: 'pending' }),
    raw: ({ townId, buyer }) =>
      DeliveryModel.collection
        .find({ townId, $or: [{ buyerOrgId: buyer }, { sellerOrgId: buyer }], status: 'pending' })
        .sort({ deliveredOn: -1, _id: -1 })
        .limit(51)
        .project(Object.fromEntries(LIST_FIELDS.split(' ').map((f) => [f, 1])))
        .toArray(),
  },
  {
    name: 'a contract’s fulfilment by month',
    size: `${RECEIPTS.toLocaleString()} receipts of ${DELIVERIES.toLocaleString()}`,
    budget: 3,
    setup: shared,
    app: ({ contractId }) => fulfilment(contractId),
    raw: ({ contractId }) =>
      DeliveryModel.collection
        .aggregate([
          { $match: { contractId, status: { $in: ['pending', 'adjusted', 'confirmed'] } } },
          {
            $group: {
              _id: { $substrBytes: ['$deliveredOn', 0, 7] },
              qty: { $sum: '$receipt.quantity' },
              fen: { $sum: '$receipt.amountFen' },
              paid: { $sum: '$paidFen' },
            },
          },
          { $sort: { _id: 1 } },
        ])
        .toArray(),
  },
  {
    name: 'verify a contract’s receipt chain (recompute every hash) vs reading it',
    size: `${RECEIPTS.toLocaleString()} receipts`,
    runs: 5,
    setup: shared,
    app: ({ contractId }) => verifyContract(contractId),
    raw: ({ contractId }) =>
      LedgerEntryModel.collection
        .find({ chain: String(contractId) })
        .sort({ seq: 1 })
        .toArray(),
  },
];

const confirmCase = {
  name: 'confirm a delivery: the operation vs the same raw writes without guarantees',
  size: 'claim, deposit, receipt in the chain, lots, audit event',
  budget: 6,
  async setup() {
    const w = await deliveryWorld({ committedQty: 1_000_000, depositFen: 100_000 });
    const ids: Types.ObjectId[] = [];
    const raw: Types.ObjectId[] = [];
    for (let i = 0; i < 17; i += 1) {
      const lot = await w.lot(100);
      const r = await submitDelivery(
        w.coopScope,
        {
          contractId: w.contract._id,
          deliveredOn: '2026-10-20',
          weighTicket: `B${i}`,
          grade: 'grade1',
          moisturePct: 14,
          impurityPct: 2,
          lines: [{ lotId: lot._id, quantity: 100 }],
        },
        w.coop,
      );
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      ids.push(r.value.id);
      const copy = (await DeliveryModel.findById(r.value.id).lean())!;
      const rawId = new Types.ObjectId();
      await DeliveryModel.collection.insertOne({
        ...copy,
        _id: rawId,
        code: `${copy.code}-R`,
        weighTicket: `R${i}`,
      } as never);
      raw.push(rawId);
    }
    return { w, ids, raw } as never;
  },
  app: (ctx: never, run: number) => {
    const { w, ids } = ctx as { w: Awaited<ReturnType<typeof deliveryWorld>>; ids: Types.ObjectId[] };
    return confirmDelivery(w.entScope, ids[run]!, w.ent);
  },
  raw: async (ctx: never, run: number) => {
    const { w, raw } = ctx as { w: Awaited<ReturnType<typeof deliveryWorld>>; raw: Types.ObjectId[] };
    const id = raw[run]!;
    const d = (await DeliveryModel.collection.findOne({ _id: id, status: 'pending' }))!;
    await DeliveryModel.collection.updateOne(
      { _id: id, status: 'pending' },
      { $set: { status: 'confirmed' } },
    );
    await ContractModel.collection.updateOne({ _id: w.contract._id }, { $inc: { depositUsedFen: 0 } });
    await LedgerEntryModel.collection.insertOne({
      chain: `raw-${id}`,
      seq: 1,
      number: `RAW-${id}`,
      deliveryId: id,
    } as never);
    await DeliveryModel.collection.updateOne({ _id: id }, { $set: { receipt: { number: `RAW-${id}` } } });
    await LotModel.collection.updateMany(
      { _id: { $in: (d.lines as Array<{ lotId: Types.ObjectId }>).map((l) => l.lotId) } },
      { $set: { status: 'delivered' } },
    );
    await AuditEventModel.collection.insertOne({ recordId: id, action: 'update' } as never);
  },
};

export const deliveryCases = [...readCases, confirmCase] as unknown as BenchCase<never>[];
