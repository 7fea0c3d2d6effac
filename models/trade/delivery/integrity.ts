// What `npm run db:check` verifies of the delivery path: holds left by dead operations, each
// contract's delivered quantity and deposit used against its deliveries, each delivery's paid
// amount against its payment entries, every hash chain, every confirmed delivery's receipt,
// and that a split lot's children add up to it.
import type { Problem } from '../../kernel/checks';
import type mongoose from 'mongoose';
import type { Types } from 'mongoose';
import { ContractModel, QTY_EPSILON } from '../contract';
import { LedgerEntryModel, verifyChain } from '../../kernel/ledger';
import { LotModel } from '../../lots/lot';
import { clearHold, OperationModel, releaseAmount, type Hold } from '../../kernel/operation';
import { DeliveryModel } from './schema';
import { releaseContract } from './contract-holds';

type Repair = (
  model: mongoose.Model<never>,
  doc: never,
  changes: Record<string, unknown>,
  label: string,
) => Promise<void>;

const round = (n: number) => Math.round(n * 1000) / 1000;

async function orphanHolds(live: Set<string>): Promise<Problem[]> {
  const problems: Problem[] = [];
  const kinds = [
    { model: ContractModel as unknown as mongoose.Model<never>, name: 'Contract' },
    { model: DeliveryModel as unknown as mongoose.Model<never>, name: 'Delivery' },
    { model: LotModel as unknown as mongoose.Model<never>, name: 'Lot' },
  ];
  for (const { model, name } of kinds) {
    const held = (await model
      .find({ 'holds.0': { $exists: true } } as never)
      .select('holds code')
      .lean()) as Array<{
      _id: Types.ObjectId;
      code: string;
      holds: Hold[];
    }>;
    for (const doc of held) {
      for (const hold of doc.holds.filter((h) => !live.has(String(h.op)))) {
        const op = await OperationModel.findById(hold.op).select('state').lean();
        const kept = op?.state === 'done';
        problems.push({
          check: 'hold-orphan',
          record: `${name} ${doc.code}`,
          message: `held for ${hold.op}, which is ${op?.state ?? 'gone'}`,
          repair: async () => {
            if (kept || name === 'Lot') await clearHold(model, { _id: doc._id }, hold.op);
            else if (name === 'Contract') await releaseContract(doc._id, hold.op);
            else await releaseAmount(model, doc._id, 'paidFen', hold.op);
            return kept || name === 'Lot' ? 'hold cleared' : 'held amount returned';
          },
        });
      }
    }
  }
  return problems;
}

async function contractTotals(repairField: Repair): Promise<Problem[]> {
  const problems: Problem[] = [];
  const sums = new Map(
    (
      await DeliveryModel.aggregate<{ _id: Types.ObjectId; qty: number; deposit: number }>([
        { $match: { contractId: { $ne: null }, status: { $in: ['pending', 'adjusted', 'confirmed'] } } },
        {
          $group: {
            _id: '$contractId',
            qty: { $sum: { $ifNull: ['$receipt.quantity', '$submitted.quantity'] } },
            deposit: { $sum: { $ifNull: ['$receipt.depositCreditFen', 0] } },
          },
        },
      ])
    ).map((s) => [String(s._id), s]),
  );
  const contracts = ContractModel.find({ 'holds.0': { $exists: false } })
    .select('code deliveredQty depositUsedFen townId committedQty overageAllowed')
    .lean()
    .cursor();
  for await (const c of contracts) {
    const sum = sums.get(String(c._id));
    const qty = round(sum?.qty ?? 0);
    // no repair: which delivery should not have been taken is for the parties to settle
    if (!c.overageAllowed && Math.max(qty, c.deliveredQty ?? 0) > c.committedQty + QTY_EPSILON) {
      problems.push({
        check: 'contract-over-committed',
        record: `Contract ${c.code}`,
        message: `delivered ${Math.max(qty, c.deliveredQty ?? 0)} against ${c.committedQty} committed, and overage is not allowed`,
      });
    }
    const deposit = sum?.deposit ?? 0;
    if (Math.abs(round(c.deliveredQty ?? 0) - qty) > 1e-6 || (c.depositUsedFen ?? 0) !== deposit) {
      problems.push({
        check: 'contract-total',
        record: `Contract ${c.code}`,
        message: `delivered ${c.deliveredQty}, deposit used ${c.depositUsedFen}; its deliveries add up to ${qty} and ${deposit}`,
        repair: async () => {
          await repairField(
            ContractModel as never,
            c as never,
            { deliveredQty: qty, depositUsedFen: deposit },
            c.code,
          );
          return `deliveredQty ${qty}, depositUsedFen ${deposit}`;
        },
      });
    }
  }
  return problems;
}

async function paidAndReceipts(repairField: Repair): Promise<Problem[]> {
  const problems: Problem[] = [];
  const sumsOf = async (kind: 'payment' | 'reversal') =>
    new Map(
      (
        await LedgerEntryModel.aggregate<{ _id: Types.ObjectId; fen: number }>([
          { $match: { kind } },
          { $group: { _id: '$deliveryId', fen: { $sum: { $abs: '$amountFen' } } } },
        ])
      ).map((p) => [String(p._id), p.fen]),
    );
  const [payments, reversals] = await Promise.all([sumsOf('payment'), sumsOf('reversal')]);
  const receipts = new Map(
    (await LedgerEntryModel.find({ kind: 'receipt' }).select('deliveryId amountFen quantity').lean()).map(
      (e) => [String(e.deliveryId), e],
    ),
  );
  const deliveries = DeliveryModel.find({ $or: [{ status: 'confirmed' }, { paidFen: { $ne: 0 } }] })
    .select('code status receipt paidFen reversedFen holds townId')
    .lean()
    .cursor();
  for await (const d of deliveries) {
    if (d.holds?.length) continue; // judged as a hold
    const paid = payments.get(String(d._id)) ?? 0;
    const reversed = reversals.get(String(d._id)) ?? 0;
    if (reversed !== (d.reversedFen ?? 0)) {
      problems.push({
        check: 'delivery-reversed',
        record: `Delivery ${d.code}`,
        message: `corrections took off ${d.reversedFen} fen but its reversing entries add up to ${reversed}`,
        repair: async () => {
          await repairField(DeliveryModel as never, d as never, { reversedFen: reversed }, d.code);
          return `reversedFen set to ${reversed}`;
        },
      });
    }
    if (paid !== d.paidFen) {
      problems.push({
        check: 'delivery-paid',
        record: `Delivery ${d.code}`,
        message: `paid ${d.paidFen} fen but its payments add up to ${paid}`,
        repair: async () => {
          await repairField(DeliveryModel as never, d as never, { paidFen: paid }, d.code);
          return `paidFen set to ${paid}`;
        },
      });
    }
    // what was paid and what corrections took off never pass what the receipt made due
    if (d.receipt && paid + reversed > d.receipt.dueFen) {
      problems.push({
        check: 'delivery-overpaid',
        record: `Delivery ${d.code}`,
        message: `paid ${paid} fen and corrected ${reversed} fen off a receipt of ${d.receipt.dueFen} fen due`,
      });
    }
    const entry = receipts.get(String(d._id));
    if (
      d.status === 'confirmed' &&
      (!entry || entry.amountFen !== d.receipt?.amountFen || entry.quantity !== d.receipt?.quantity)
    ) {
      problems.push({
        check: 'receipt-missing',
        record: `Delivery ${d.code}`,
        message: entry
          ? 'its receipt differs from the entry in the chain'
          : 'confirmed without a receipt in the chain',
      });
    }
  }
  return problems;
}

async function chains(): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const chain of (await LedgerEntryModel.distinct('chain')) as string[]) {
    const check = await verifyChain(chain);
    if (!check.ok) {
      problems.push({
        check: 'ledger-chain',
        record: check.broken!.number,
        message: `chain ${chain} breaks at entry ${check.broken!.seq} (${check.broken!.problem})`,
      });
    }
  }
  return problems;
}

async function splits(): Promise<Problem[]> {
  const rows = await LotModel.aggregate<{
    _id: Types.ObjectId;
    code: string;
    quantity: number;
    children: number;
  }>([
    { $match: { status: 'split', 'holds.0': { $exists: false } } },
    {
      $lookup: {
        from: 'lots',
        localField: '_id',
        foreignField: 'parentLotIds',
        as: 'c',
        pipeline: [{ $project: { quantity: 1 } }],
      },
    },
    { $project: { code: 1, quantity: 1, children: { $sum: '$c.quantity' } } },
  ]);
  return rows
    .filter((r) => Math.abs(round(r.quantity) - round(r.children)) > 1e-6)
    .map((r) => ({
      check: 'lot-split',
      record: `Lot ${r.code}`,
      message: `${r.quantity} split into parts adding up to ${r.children}`,
    }));
}

export async function deliveryChecks(live: Set<string>, repairField: Repair): Promise<Problem[]> {
  return [
    ...(await orphanHolds(live)),
    ...(await contractTotals(repairField)),
    ...(await paidAndReceipts(repairField)),
    ...(await chains()),
    ...(await splits()),
  ];
}
