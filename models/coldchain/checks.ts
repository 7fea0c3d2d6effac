// The cold chain's invariants (db:check): the lots a shipment moves stand as its status says, no
// batch of readings is left half stored, and each finished trip's summary is its readings' judgment.
import { auditedModels, defineCheck, type Problem } from '../kernel/checks';
import { LotModel } from '../lots';
import { judge } from '~/domain/cold-chain';
import { readingsOf, recoverReadingBatches } from './readings';
import { judgeSubject } from './judge';
import { ReadingBatchModel, ShipmentModel, summaryOf, type ShipmentDoc } from './schema';

auditedModels('Shipment', 'ColdStore', 'Webhook');

const LOT_STATUS: Record<string, string> = {
  planned: 'shipped',
  in_transit: 'shipped',
  arrived: 'shipped',
  delivered: 'in_stock',
  rejected: 'in_stock',
};

async function shipmentLots(): Promise<Problem[]> {
  const problems: Problem[] = [];
  for await (const s of ShipmentModel.find({ status: { $ne: 'creating' } })
    .select('code status consigneeOrgId senderOrgId lines receivedAt')
    .lean()
    .cursor()) {
    const ids = s.lines.filter((l) => !l.underDelivery).map((l) => l.lotId);
    if (!ids.length) continue;
    const lots = await LotModel.find({ _id: { $in: ids } })
      .select('code status holderOrgId movedAt')
      .lean();
    for (const lot of lots) {
      // a lot received moves on afterwards (delivered, split, taken in): only one still 'shipped' is wrong
      const finished = s.status === 'delivered' || s.status === 'rejected';
      if (finished ? lot.status === 'shipped' : lot.status !== LOT_STATUS[s.status])
        problems.push({
          check: 'coldchain-lots',
          record: `${s.code} ${lot.code}`,
          message: `lot is ${lot.status} on a shipment ${s.status}`,
        });
    }
  }
  return problems;
}

async function stuckBatches(): Promise<Problem[]> {
  const stuck = await ReadingBatchModel.countDocuments({
    state: 'storing',
    leaseUntil: { $lte: new Date() },
  });
  if (!stuck) return [];
  return [
    {
      check: 'coldchain-readings',
      record: `${stuck} batches`,
      message: 'readings left half stored by a crash',
      repair: async () => `${await recoverReadingBatches()} batches stored`,
    },
  ];
}

/** A finished trip's kept summary is what its readings say (the dashboard counts it). */
async function summaries(): Promise<Problem[]> {
  const problems: Problem[] = [];
  for await (const s of ShipmentModel.find({ status: { $in: ['delivered', 'rejected'] }, judgeDue: null })
    .select('code profile departedAt arrivedAt summary')
    .lean()
    .cursor()) {
    const readings = await readingsOf(s._id);
    const j = judge(readings, s.profile, { from: s.departedAt, to: s.arrivedAt });
    const want = summaryOf(j, readings.length ? readings[readings.length - 1]! : null);
    if (
      want.compliant !== s.summary.compliant ||
      want.excursions !== s.summary.excursions ||
      want.readings !== s.summary.readings
    )
      problems.push({
        check: 'coldchain-summary',
        record: s.code,
        message: `summary says ${s.summary.excursions} excursions over ${s.summary.readings} readings; the readings say ${want.excursions} over ${want.readings}`,
        repair: async () => {
          const doc = await ShipmentModel.findById(s._id).lean();
          if (doc) await judgeSubject({ kind: 'shipment', doc: doc as unknown as ShipmentDoc });
          return 'judged again';
        },
      });
  }
  return problems;
}

export const coldChainCheck = defineCheck({
  name: 'coldchain',
  run: async () => [...(await shipmentLots()), ...(await stuckBatches()), ...(await summaries())],
});
