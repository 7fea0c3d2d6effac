// A contract's derived amounts (delivered quantity, deposit used), moved by delivery operations
// under one hold per operation, so that both go back together on release.
import { Types } from 'mongoose';
import { ContractModel } from '../contract';

import { clearHold, written } from '../../kernel/operation';

/**
 * Moves a contract's delivered quantity and deposit used by what one operation adds (one
 * hold per operation and contract, so both go back together on release).
 */
export async function holdContract(
  contractId: Types.ObjectId,
  op: Types.ObjectId,
  add: { qty: number; deposit: number },
  guard: Record<string, unknown> = {},
) {
  const res = await ContractModel.collection.updateOne(
    { _id: contractId, 'holds.op': { $ne: op }, ...guard },
    {
      $inc: { deliveredQty: add.qty, depositUsedFen: add.deposit },
      $push: { holds: { op, amount: add.qty, deposit: add.deposit } } as never,
    },
  );
  written();
  return res.modifiedCount === 1;
}

export async function releaseContract(contractId: Types.ObjectId | null, op: Types.ObjectId) {
  if (!contractId) return;
  const doc = await ContractModel.collection.findOne(
    { _id: contractId, 'holds.op': op },
    { projection: { holds: 1 } },
  );
  const hold = (
    doc?.holds as Array<{ op: Types.ObjectId; amount: number; deposit?: number }> | undefined
  )?.find((h) => h.op.equals(op));
  if (!hold) return;
  await ContractModel.collection.updateOne({ _id: contractId, 'holds.op': op }, {
    $inc: { deliveredQty: -hold.amount, depositUsedFen: -(hold.deposit ?? 0) },
    $pull: { holds: { op } },
  } as never);
  written();
}

export const finishContract = (contractId: Types.ObjectId | null, op: Types.ObjectId) =>
  contractId ? clearHold(ContractModel, { _id: contractId }, op) : Promise.resolve();

/** What a contract can still take, for the message that refuses a delivery. */
export async function leftOf(contractId: Types.ObjectId) {
  const c = await ContractModel.findById(contractId).select('committedQty deliveredQty').lean();
  return Math.max(0, (c?.committedQty ?? 0) - (c?.deliveredQty ?? 0));
}
