// A town with an active kudzu contract between its enterprise and cooperative, and lots in
// the cooperative's stock: what the delivery tests start from.
import { Types } from 'mongoose';
import { SYSTEM_ACTOR, type Actor } from '#models/kernel/audit';
import { ContractModel, createContract } from '#models/trade/contract';
import type { DeliveryInput } from '#models/trade/delivery';
import { LotModel } from '#models/lots/lot';
import { createPlanting, recordHarvest } from '#models/field/planting';
import { makeKudzu, makeTownWithRoles } from './index';
import type { GradeTerm } from '~/domain/pricing';

export const actorFor = (user: {
  _id: Types.ObjectId;
  username: string;
  role: string;
  orgId: Types.ObjectId;
  townId: Types.ObjectId | null;
}): Actor => ({
  userId: user._id,
  username: user.username,
  role: user.role,
  orgId: user.orgId,
  townId: user.townId,
});

export async function deliveryWorld(
  terms: Partial<{
    committedQty: number;
    floorFen: number;
    market: { kind: 'none' | 'higher' | 'premium'; percent: number | null };
    grades: GradeTerm[];
    depositFen: number;
    overageAllowed: boolean;
  }> = {},
) {
  const w = await makeTownWithRoles();
  const kudzu = await makeKudzu(w.town._id);
  const contract = await createContract(
    {
      townId: w.town._id,
      buyerOrgId: w.orgs.enterprise._id,
      sellerOrgId: w.orgs.cooperative._id,
      productId: kudzu._id,
      unit: 'kg',
      committedQty: 10_000,
      windowStart: '2026-01-01',
      windowEnd: '2027-12-31',
      floorFen: 160,
      market: { kind: 'higher', percent: null },
      grades: [
        { grade: 'grade1', kind: 'adjust', fen: 20 },
        { grade: 'grade2', kind: 'adjust', fen: 0 },
      ],
      moistureFreePct: 14,
      impurityFreePct: 2,
      depositFen: 0,
      overageAllowed: false,
      notes: '',
      schedule: [],
      ...terms,
    },
    w.town.code,
    SYSTEM_ACTOR,
    'buyer',
  );
  await ContractModel.updateOne(
    { _id: contract._id },
    { $set: { status: 'active', acceptedBySellerAt: new Date(), activatedAt: new Date() } },
  );
  /** A lot in a stock (the cooperative's unless said), from a harvest as the clerk records it. */
  const plantings = new Map<string, Types.ObjectId>();
  const lot = async (kg: number, holder = w.orgs.cooperative._id) => {
    const scope = { access: 'own' as const, townId: w.town._id, orgId: holder };
    const actor = { ...SYSTEM_ACTOR, orgId: holder, townId: w.town._id };
    let plantingId = plantings.get(String(holder));
    if (!plantingId) {
      const planting = await createPlanting(
        scope,
        {
          villageId: String(w.village._id),
          productId: String(kudzu._id),
          areaMu: 10_000,
          households: 50,
          plantedOn: '2026-03-01',
          plotName: '',
          notes: '',
        },
        actor,
      );
      plantingId = planting._id;
      plantings.set(String(holder), plantingId);
    }
    const harvest = await recordHarvest(
      scope,
      plantingId,
      { harvestedOn: '2026-10-01', quantity: kg, unit: 'kg', grade: 'grade1', notes: '' },
      actor,
    );
    if (!harvest?.ok) throw new Error(`harvest refused: ${JSON.stringify(harvest)}`);
    const doc = (await LotModel.findOne({ code: harvest.lotCode }).lean())!;
    return doc as { _id: Types.ObjectId; code: string };
  };
  const coopScope = { access: 'own' as const, townId: w.town._id, orgId: w.orgs.cooperative._id };
  const entScope = { access: 'own' as const, townId: w.town._id, orgId: w.orgs.enterprise._id };
  return {
    ...w,
    kudzu,
    contract,
    lot,
    coopScope,
    entScope,
    coop: actorFor(w.users.cooperative as never),
    ent: actorFor(w.users.enterprise as never),
  };
}

/** A delivery of `quantity` from one lot under the world's contract, with its own weigh ticket. */
export const deliveryOf = (
  w: Awaited<ReturnType<typeof deliveryWorld>>,
  lotId: Types.ObjectId,
  quantity: number,
): DeliveryInput => ({
  contractId: w.contract._id,
  deliveredOn: '2026-10-20',
  weighTicket: `BD-${new Types.ObjectId().toHexString().slice(-8)}`,
  grade: 'grade1',
  moisturePct: 14,
  impurityPct: 2,
  lines: [{ lotId, quantity }],
});
