// A town whose plant receives kudzu for the enterprise under its contract with the cooperative,
// and also processes for others: what the plant tests start from.
import { Types } from 'mongoose';
import { SYSTEM_ACTOR } from '#models/kernel/audit';
import { ContractModel } from '#models/trade/contract';
import { submitDelivery } from '#models/trade/delivery';
import { OrganizationModel } from '#models/town/organization';
import { ProductModel } from '#models/town/product';
import { actorFor, deliveryWorld } from './deliveries';
import { makeProduct } from './index';

export async function plantWorld() {
  const w = await deliveryWorld();
  // the vector's terms: 1.80 元/kg for grade 1, impurity free to 1.0 %
  await ContractModel.updateOne(
    { _id: w.contract._id },
    { $set: { impurityFreePct: 1, moistureFreePct: 14 } },
  );
  await OrganizationModel.updateOne(
    { _id: w.orgs.plant._id },
    { $set: { servesOrgId: w.orgs.enterprise._id, tollProcessing: true } },
  );
  await ProductModel.updateOne(
    { _id: w.kudzu._id },
    { $set: { intakeRules: [{ kind: 'reject', measure: 'impurity', abovePct: 8 }] } },
  );
  const starch = await makeProduct(w.town._id, {
    code: 'GF',
    name: '葛根粉',
    category: 'processed',
    runYieldMinPct: 12,
    runYieldMaxPct: 22,
  });
  const residue = await makeProduct(w.town._id, { code: 'GZ', name: '葛渣', category: 'processed' });
  const plantScope = { access: 'own' as const, townId: w.town._id, orgId: w.orgs.plant._id };
  const plant = actorFor(w.users.plant as never);
  /** A delivery of a whole lot to the enterprise, sent to its plant. */
  const deliverToPlant = async (kg: number) => {
    const lot = await w.lot(kg);
    const d = await submitDelivery(
      w.coopScope,
      {
        contractId: w.contract._id,
        deliveredOn: '2026-10-20',
        weighTicket: `BD-${new Types.ObjectId().toHexString().slice(-8)}`,
        plantOrgId: w.orgs.plant._id,
        grade: 'grade1',
        moisturePct: 14,
        impurityPct: 1,
        lines: [{ lotId: lot._id, quantity: kg }],
      },
      w.coop,
    );
    if (!d.ok) throw new Error(`delivery refused: ${JSON.stringify(d)}`);
    return { delivery: d.value, lot };
  };
  return { ...w, starch, residue, plantScope, plant, deliverToPlant, system: SYSTEM_ACTOR };
}
