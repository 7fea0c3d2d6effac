// What `npm run db:check` proves of the plant (issue 20): every kilogram accounted for. A
// ticket's net is its gross less its tare, its intake lot holds that net, its lots are what
// they were recorded as and its shrinkage is the difference; a run's inputs are the lots it
// consumed, and its outputs with its losses add up to its inputs; a lot split in two (part
// taken in, drawn or delivered) is the sum of its children. So for every lot a plant has held,
// received = used in runs + in stock + recorded losses. Derivable figures are repaired.
import type { Types } from 'mongoose';
import { auditedModels, defineCheck, repairField, type Problem } from '../kernel/checks';
import { LotModel } from '../lots';
import { IntakeTicketModel, RunModel } from './schema';

auditedModels('IntakeTicket', 'Run');

const t = (kg: number) => Math.round(kg * 10);
const BATCH = 2000;

async function lotQuantities(ids: Types.ObjectId[]) {
  const docs = await LotModel.collection
    .find({ _id: { $in: ids } }, { projection: { quantity: 1, status: 1 } })
    .toArray();
  return new Map(docs.map((d) => [String(d._id), d as unknown as { quantity: number; status: string }]));
}

async function ticketChecks(): Promise<Problem[]> {
  const problems: Problem[] = [];
  let batch: Array<Record<string, unknown>> = [];
  const flush = async () => {
    const lots = await lotQuantities(
      batch.flatMap((d) => [
        d.intakeLotId as Types.ObjectId,
        ...(d.lines as Array<{ lotId: Types.ObjectId }>).map((l) => l.lotId),
      ]),
    );
    for (const d of batch) {
      const label = String(d.number);
      const lines = d.lines as Array<{ lotId: Types.ObjectId; lotCode: string; recordedKg: number }>;
      if (t(d.grossKg as number) - t(d.tareKg as number) !== t(d.netKg as number))
        problems.push({
          check: 'intake-net',
          record: label,
          message: `net ${d.netKg} is not gross ${d.grossKg} less tare ${d.tareKg}`,
        });
      const recordedT = lines.reduce((s, l) => s + t(l.recordedKg), 0);
      if (
        recordedT !== t(d.recordedKg as number) ||
        recordedT - t(d.netKg as number) !== t(d.shrinkageKg as number)
      ) {
        const shrinkageKg = (recordedT - t(d.netKg as number)) / 10;
        problems.push({
          check: 'intake-shrinkage',
          record: label,
          message: `recorded ${d.recordedKg} / shrinkage ${d.shrinkageKg}, the lines say ${recordedT / 10} / ${shrinkageKg}`,
          repair: async () => {
            await repairField(
              IntakeTicketModel as never,
              d as never,
              { recordedKg: recordedT / 10, shrinkageKg },
              label,
            );
            return `recorded ${recordedT / 10} kg, shrinkage ${shrinkageKg} kg`;
          },
        });
      }
      const lot = lots.get(String(d.intakeLotId));
      if (!lot || t(lot.quantity) !== t(d.netKg as number))
        problems.push({
          check: 'intake-lot',
          record: label,
          message: `intake lot ${String(d.intakeLotCode)} holds ${lot?.quantity ?? 'nothing'}, the ticket's net is ${d.netKg}`,
        });
      for (const line of lines) {
        const l = lots.get(String(line.lotId));
        if (!l || t(l.quantity) !== t(line.recordedKg))
          problems.push({
            check: 'intake-line',
            record: label,
            message: `lot ${line.lotCode} holds ${l?.quantity ?? 'nothing'}, taken in as ${line.recordedKg}`,
          });
      }
    }
    batch = [];
  };
  for await (const d of IntakeTicketModel.collection.find({ status: 'recorded' })) {
    batch.push(d);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length) await flush();
  return problems;
}

async function runChecks(live: Set<string>): Promise<Problem[]> {
  const problems: Problem[] = [];
  let batch: Array<Record<string, unknown>> = [];
  const flush = async () => {
    const lots = await lotQuantities(
      batch.flatMap((r) => [
        ...(r.inputs as Array<{ lotId: Types.ObjectId }>).map((i) => i.lotId),
        ...(r.outputs as Array<{ lotId: Types.ObjectId }>).map((o) => o.lotId),
      ]),
    );
    for (const r of batch) {
      if (r.statusOp && live.has(String(r.statusOp))) continue;
      const label = String(r.number);
      const inputs = r.inputs as Array<{ lotId: Types.ObjectId; lotCode: string; kg: number }>;
      const outputs = r.outputs as Array<{ lotId: Types.ObjectId; lotCode: string; kg: number }>;
      const inT = inputs.reduce((s, i) => s + t(i.kg), 0);
      if (inT !== t(r.inputKg as number))
        problems.push({
          check: 'run-input',
          record: label,
          message: `input ${r.inputKg} kg, its lots say ${inT / 10}`,
          repair: async () => {
            await repairField(RunModel as never, r as never, { inputKg: inT / 10 }, label);
            return `input ${inT / 10} kg`;
          },
        });
      for (const i of inputs) {
        const lot = lots.get(String(i.lotId));
        if (!lot || lot.status !== 'consumed' || t(lot.quantity) !== t(i.kg))
          problems.push({
            check: 'run-draw',
            record: label,
            message: `lot ${i.lotCode} drawn ${i.kg} kg but it ${lot ? `holds ${lot.quantity} (${lot.status})` : 'is missing'}`,
          });
      }
      if (r.status !== 'closed') continue;
      const outT = outputs.reduce((s, o) => s + t(o.kg), 0);
      const waterT = inT - outT - t(r.wasteKg as number);
      if (waterT < 0)
        problems.push({
          check: 'run-balance',
          record: label,
          message: `outputs ${outT / 10} kg and waste ${r.wasteKg} kg are more than the input ${inT / 10} kg`,
        });
      else if (waterT !== t(r.waterLossKg as number))
        problems.push({
          check: 'run-balance',
          record: label,
          message: `water lost ${r.waterLossKg} kg, the balance says ${waterT / 10}`,
          repair: async () => {
            await repairField(RunModel as never, r as never, { waterLossKg: waterT / 10 }, label);
            return `water lost ${waterT / 10} kg`;
          },
        });
      for (const o of outputs) {
        const lot = lots.get(String(o.lotId));
        if (!lot || t(lot.quantity) !== t(o.kg))
          problems.push({
            check: 'run-output',
            record: label,
            message: `output lot ${o.lotCode} holds ${lot?.quantity ?? 'nothing'}, the run made ${o.kg} kg`,
          });
      }
    }
    batch = [];
  };
  for await (const r of RunModel.collection.find({ status: { $in: ['open', 'closed'] } })) {
    batch.push(r);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length) await flush();
  return problems;
}

/** A split lot is the sum of its children (to the gram): nothing lost or made in a split. */
async function splitBalance(): Promise<Problem[]> {
  const problems: Problem[] = [];
  const sums = LotModel.collection.aggregate<{
    _id: Types.ObjectId;
    kids: number;
    parentQty: number;
    code: string;
    holds: number;
  }>(
    [
      { $match: { 'origin.kind': 'split', staged: { $ne: true } } },
      { $unwind: '$inputs' },
      { $group: { _id: '$inputs.lotId', kids: { $sum: '$inputs.quantity' } } },
      { $lookup: { from: 'lots', localField: '_id', foreignField: '_id', as: 'parent' } },
      { $unwind: '$parent' },
      { $match: { 'parent.status': 'split' } },
      {
        $project: {
          kids: 1,
          parentQty: '$parent.quantity',
          code: '$parent.code',
          holds: { $size: { $ifNull: ['$parent.holds', []] } },
        },
      },
    ],
    { allowDiskUse: true },
  );
  for await (const s of sums) {
    if (s.holds > 0) continue; // an operation is still splitting it
    if (Math.round(s.kids * 1000) !== Math.round(s.parentQty * 1000))
      problems.push({
        check: 'lot-split-balance',
        record: s.code,
        message: `holds ${s.parentQty}, its parts add up to ${s.kids}`,
      });
  }
  return problems;
}

export const plantBalanceCheck = defineCheck({
  name: 'plant-mass-balance',
  run: async ({ live }) => [...(await ticketChecks()), ...(await runChecks(live)), ...(await splitBalance())],
});
