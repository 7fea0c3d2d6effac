// A payout: a purchase (收购), a wage or land rent owed to a household. One operation: the lot's
// household breakdown (a new collection lot, or a guarded addition to an existing lot's), the
// household-year rollup, then the entry and its audit event.
import { Types } from 'mongoose';
import { ContractModel } from '../../trade/contract';
import { LotModel, planLot, reserveNumber } from '../../lots/lot';
import {
  clearHold,
  defineOperation,
  insertOnce,
  perform,
  writeAudit,
  written,
  type Outcome,
  type PlannedAudit,
} from '../../kernel/operation';
import { msg, refuse } from '../../kernel/command';
import { OrganizationModel } from '../../town/organization';
import { ProductModel } from '../../town/product';
import { VISIBLE } from '../../kernel/staging';
import { TownModel } from '../../town/town';
import { auditEvent } from '../../kernel/write';
import type { Actor } from '../../kernel/audit';
import { type Scope } from '../../kernel/scope';
import { finishIncome, holdIncome, releaseIncome, type IncomeChange } from '../rollup';
import { HouseholdEntryModel, HouseholdModel, PurchasePriceModel, type HouseholdEntry } from '../schema';
import { amountFor, yearMonth } from '~/domain/household';

import { entryForAudit, incomeOf, NUMBER_PREFIX } from '../entries';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };

export type PayoutInput =
  | {
      kind: 'purchase';
      householdId: Types.ObjectId;
      on: string;
      productId: Types.ObjectId;
      grade: string;
      kg: number;
      unitFen: number | null; // null: the price list's
      lotId: Types.ObjectId | null; // null: a new collection lot
      note: string;
    }
  | {
      kind: 'wage';
      householdId: Types.ObjectId;
      on: string;
      worker: string;
      days: number;
      rateFen: number;
      note: string;
    }
  | {
      kind: 'rent';
      householdId: Types.ObjectId;
      on: string;
      areaMu: number;
      rateFen: number;
      rentYear: number;
      note: string;
    };

export interface LotPart {
  lotId: Types.ObjectId;
  newLot: Doc | null; // a new collection lot, inserted whole
  kg: number;
  grows: boolean; // a collection lot grows by the kg; a harvest lot's breakdown must fit in it
}

interface PayoutPlan {
  entry: Doc & HouseholdEntry;
  lot: LotPart | null;
  income: IncomeChange[];
  audits: PlannedAudit[]; // the entry's, and a new collection lot's
}

async function holdLot(
  part: LotPart,
  householdId: Types.ObjectId,
  entryId: Types.ObjectId,
  op: Types.ObjectId,
) {
  if (part.newLot) {
    try {
      await LotModel.collection.insertOne(part.newLot as never);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error; // inserted before a crash
    }
    written();
    return true;
  }
  const res = await LotModel.collection.updateOne(
    {
      _id: part.lotId,
      status: 'in_stock',
      'holds.op': { $ne: op },
      ...(!part.grows && { $expr: { $lte: [{ $add: ['$householdKg', part.kg] }, '$quantity'] } }),
    },
    {
      $inc: { householdKg: part.kg, ...(part.grows && { quantity: part.kg }) },
      $push: { households: { householdId, entryId, kg: part.kg }, holds: { op, amount: part.kg } },
    } as never,
  );
  written();
  return res.modifiedCount === 1;
}

async function releaseLot(part: LotPart, entryId: Types.ObjectId, op: Types.ObjectId) {
  if (part.newLot) {
    await LotModel.collection.deleteOne({ _id: part.lotId });
    written();
    return;
  }
  const res = await LotModel.collection.updateOne({ _id: part.lotId, 'holds.op': op }, {
    $inc: { householdKg: -part.kg, ...(part.grows && { quantity: -part.kg }) },
    $pull: { households: { entryId }, holds: { op } },
  } as never);
  if (res.modifiedCount) written();
}

const payoutOperation = defineOperation<PayoutPlan>({
  name: 'household:payout',
  async hold(op) {
    const { entry, lot } = op.plan;
    if (lot && !(await holdLot(lot, entry.householdId, entry._id, op._id))) {
      return { lotId: [lot.grows ? 'household.lotGone' : 'household.lotFull'] };
    }
    await holdIncome(op.plan.income, op._id);
    return null;
  },
  async release(op) {
    const { entry, lot } = op.plan;
    if (lot) await releaseLot(lot, entry._id, op._id);
    await releaseIncome(op._id);
  },
  async apply(op) {
    await insertOnce(HouseholdEntryModel as never, [op.plan.entry]);
    await writeAudit(op.plan.audits);
  },
  async finish(op) {
    const { lot } = op.plan;
    if (lot && !lot.newLot) await clearHold(LotModel, { _id: lot.lotId }, op._id);
    await finishIncome(op._id);
  },
});

/** The household as a payer may pay it: any active household of its town; for a purchase, a member. */
async function payeeOf(scope: Scope, householdId: Types.ObjectId, memberOf?: Types.ObjectId) {
  return HouseholdModel.findOne({
    _id: householdId,
    townId: scope.townId,
    archivedAt: null,
    ...VISIBLE,
    ...(memberOf && { 'memberships.orgId': memberOf }),
  }).lean();
}

/** The floor price the cooperative's contract for the product promises on that day, if any. */
export async function floorOn(orgId: Types.ObjectId, productId: Types.ObjectId, day: string) {
  const c = await ContractModel.findOne({
    sellerOrgId: orgId,
    productId,
    status: { $in: ['active', 'completed'] },
    windowStart: { $lte: day },
    windowEnd: { $gte: day },
  })
    .select('floorFen unit')
    .sort({ floorFen: -1 })
    .lean();
  return c && c.unit === 'kg' ? c.floorFen : null;
}

/** A cooperative's purchase price for a product and grade (its price list), in 分 per kg. */
export async function listedPrice(orgId: Types.ObjectId, productId: Types.ObjectId, grade: string) {
  const p = await PurchasePriceModel.findOne({ orgId, productId, grade, archivedAt: null }).lean();
  return p?.unitFen ?? null;
}

/** Records a purchase, wage or land rent the organization owes a household. */
export async function recordPayout(
  scope: Scope,
  input: PayoutInput,
  actor: Actor,
): Promise<Outcome<{ id: string; number: string }>> {
  const orgId = scope.orgId!;
  return perform(payoutOperation, { once: actor.once, input }, async () => {
    const [org, town] = await Promise.all([
      OrganizationModel.findById(orgId).select('type').lean(),
      TownModel.findById(scope.townId).select('code').lean(),
    ]);
    if (!org || !town) return refuse('invalid', { '': ['v.invalidChoice'] });
    if (input.kind === 'purchase' && org.type !== 'cooperative')
      return refuse('invalid', { '': ['household.onlyCooperatives'] });
    const household = await payeeOf(scope, input.householdId, input.kind === 'purchase' ? orgId : undefined);
    if (!household) {
      return refuse('invalid', {
        householdId: [input.kind === 'purchase' ? 'household.notMember' : 'v.invalidChoice'],
      });
    }
    const { year, month } = yearMonth(input.on);
    const _id = new Types.ObjectId();
    const base = {
      _id,
      townId: household.townId,
      villageId: household.villageId,
      householdId: household._id,
      payerOrgId: orgId,
      kind: input.kind,
      on: input.on,
      year,
      month,
      note: input.note,
      at: new Date(),
      byUserId: actor.userId,
      paidFen: 0,
      reversedFen: 0,
      holds: [],
    };
    let entry: Doc & HouseholdEntry;
    let lot: LotPart | null = null;
    if (input.kind === 'purchase') {
      const product = await ProductModel.findOne({
        _id: input.productId,
        townId: scope.townId,
        archivedAt: null,
      }).lean();
      if (!product || product.unit !== 'kg') return refuse('invalid', { productId: ['v.invalidChoice'] });
      const unitFen = input.unitFen ?? (await listedPrice(orgId, product._id, input.grade));
      if (unitFen === null) return refuse('invalid', { priceYuan: ['household.noPrice'] });
      const floorFen = await floorOn(orgId, product._id, input.on);
      if (input.lotId) {
        const target = await LotModel.findOne({
          _id: input.lotId,
          orgId,
          holderOrgId: orgId,
          productId: product._id,
          status: 'in_stock',
          'origin.kind': { $in: ['harvest', 'collection'] },
          ...VISIBLE,
        }).lean();
        if (!target) return refuse('invalid', { lotId: ['v.invalidChoice'] });
        const grows = target.origin.kind === 'collection';
        if (!grows && (target.householdKg ?? 0) + input.kg > target.quantity + 1e-9) {
          return refuse('invalid', {
            kg: [
              msg('household.lotFull', { left: Math.max(0, target.quantity - (target.householdKg ?? 0)) }),
            ],
          });
        }
        lot = { lotId: target._id, newLot: null, kg: input.kg, grows };
      } else {
        const newLot = await planLot({
          townCode: town.code,
          townId: household.townId,
          orgId,
          productId: product._id,
          productCode: product.code,
          productName: product.name,
          unit: 'kg',
          quantity: input.kg,
          grade: input.grade,
          producedAt: new Date(`${input.on}T00:00:00+08:00`),
          origin: {
            kind: 'collection',
            plantingId: null,
            harvestId: null,
            herdEventId: null,
            villageId: household.villageId,
            cooperativeId: orgId,
            baseId: null,
          },
          households: [{ householdId: household._id, entryId: _id, kg: input.kg }],
          householdKg: input.kg,
        });
        lot = { lotId: newLot._id, newLot, kg: input.kg, grows: true };
      }
      entry = {
        ...base,
        number: await reserveNumber(`${town.code}-${NUMBER_PREFIX.purchase}-${year}`, 6),
        amountFen: amountFor(input.kg, unitFen),
        productId: product._id,
        grade: input.grade,
        kg: input.kg,
        unitFen,
        lotId: lot.lotId,
        ...(floorFen !== null && unitFen < floorFen && { floorFen }),
      } as Doc & HouseholdEntry;
    } else if (input.kind === 'wage') {
      entry = {
        ...base,
        number: await reserveNumber(`${town.code}-${NUMBER_PREFIX.wage}-${year}`, 6),
        amountFen: amountFor(input.days, input.rateFen),
        worker: input.worker || household.head,
        days: input.days,
        rateFen: input.rateFen,
      } as Doc & HouseholdEntry;
    } else {
      entry = {
        ...base,
        number: await reserveNumber(`${town.code}-${NUMBER_PREFIX.rent}-${year}`, 6),
        amountFen: amountFor(input.areaMu, input.rateFen),
        areaMu: input.areaMu,
        rateFen: input.rateFen,
        rentYear: input.rentYear,
      } as Doc & HouseholdEntry;
    }
    if (entry.amountFen <= 0) return refuse('invalid', { '': ['household.zeroAmount'] });
    const audits = [auditEvent('HouseholdEntry', 'create', actor, null, entryForAudit(entry), entry.number)!];
    if (lot?.newLot) {
      const { holds: _holds, ...shown } = lot.newLot;
      audits.push(auditEvent('Lot', 'create', actor, null, shown as Doc, String(lot.newLot.code))!);
    }
    return {
      ok: true,
      plan: { entry, lot, income: [incomeOf(entry)], audits },
      value: { id: String(_id), number: entry.number },
    };
  });
}
