// The writes of households' money, each one operation (models/kernel/operation.ts, decision 0006):
//   payout    a purchase (收购), wage or land rent: the lot's household breakdown (a new
//             collection lot, or a guarded addition to an existing lot's), the household-year
//             rollup, then the entry and its audit event
//   pay       the entry's paid amount (guarded by what is owed), then the payment entry
//   dividend  the distribution (one approved per cooperative and year, unique), the rollups,
//             then every household's dividend entry
//   reverse   entries taken back (guarded: nothing paid), the rollups and lots, the
//             distribution marked reversed, then the reversing entries
// The register itself (households) is written through models/kernel/write.ts like every record.
import { Types } from 'mongoose';
import { ContractModel } from '../trade/contract';
import { LotModel, planLot, reserveNumber } from '../lots/lot';
import {
  clearHold,
  defineOperation,
  insertOnce,
  perform,
  releaseAmount,
  storedActor,
  writeAudit,
  written,
  type Outcome,
  type PlannedAudit,
} from '../kernel/operation';
import { msg, refuse } from '../kernel/command';
import { OrganizationModel } from '../town/organization';
import { ProductModel } from '../town/product';
import { VISIBLE } from '../kernel/staging';
import { TownModel } from '../town/town';
import { auditEvent, createRecord, updateRecord } from '../kernel/write';
import type { Actor } from '../kernel/audit';
import { scopeFilter, type Scope } from '../kernel/scope';
import { finishIncome, holdIncome, releaseIncome, type IncomeChange } from './rollup';
import {
  DistributionModel,
  HouseholdEntryModel,
  HouseholdModel,
  HouseholdYearModel,
  PurchasePriceModel,
  isIncomeKind,
  type Household,
  type HouseholdEntry,
  type Membership,
} from './schema';
import {
  amountFor,
  splitDividend,
  yearMonth,
  type HouseholdPayMethod,
  type IncomeKind,
} from '~/domain/household';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };

/** Households a scope reaches: a cooperative its members, officials the town. */
export const householdFilter = (scope: Scope) => scopeFilter(scope, { orgField: 'memberships.orgId' });

// ---------------------------------------------------------------- the register

export interface HouseholdInput {
  villageId: Types.ObjectId;
  number: string;
  head: string;
  members: number;
  phone: string;
  lifted?: boolean;
  monitored?: boolean;
  memberships: Membership[];
}

const label = (doc: Doc) => `${doc.number} ${doc.head}`;

export function createHousehold(townId: Types.ObjectId, input: HouseholdInput, actor: Actor) {
  return createRecord(
    HouseholdModel,
    { ...input, townId, lifted: input.lifted ?? false, monitored: input.monitored ?? false },
    actor,
    { label },
  );
}

/** Changes a household within the scope (a cooperative reaches only its members). */
export function updateHousehold(scope: Scope, id: Types.ObjectId, changes: Partial<Household>, actor: Actor) {
  return updateRecord(HouseholdModel, { _id: id, ...householdFilter(scope) }, changes, actor, { label });
}

// ---------------------------------------------------------------- purchase prices

export async function setPurchasePrice(
  scope: Scope,
  input: { productId: Types.ObjectId; grade: string; unitFen: number },
  actor: Actor,
) {
  const existing = await PurchasePriceModel.findOne({
    orgId: scope.orgId,
    productId: input.productId,
    grade: input.grade,
  }).lean();
  if (existing) {
    return updateRecord(
      PurchasePriceModel,
      { _id: existing._id, orgId: scope.orgId },
      { unitFen: input.unitFen },
      actor,
      {
        label: () => `${input.grade} ${input.unitFen / 100}`,
      },
    );
  }
  return createRecord(PurchasePriceModel, { ...input, townId: scope.townId!, orgId: scope.orgId! }, actor, {
    label: () => `${input.grade} ${input.unitFen / 100}`,
  });
}

// ---------------------------------------------------------------- payouts: purchase, wage, rent

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

interface LotPart {
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

const NUMBER_PREFIX: Record<IncomeKind | 'payment', string> = {
  purchase: 'SG',
  wage: 'GZ',
  rent: 'ZJ',
  dividend: 'FH',
  payment: 'HF',
};

export const incomeOf = (e: {
  townId: Types.ObjectId;
  villageId: Types.ObjectId;
  householdId: Types.ObjectId;
  payerOrgId: Types.ObjectId;
  year: number;
  month: number;
  kind: string;
  amountFen: number;
}): IncomeChange => ({
  townId: e.townId,
  villageId: e.villageId,
  householdId: e.householdId,
  payerOrgId: e.payerOrgId,
  year: e.year,
  month: e.month,
  kind: e.kind as IncomeKind,
  amountFen: e.amountFen,
});

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

/** An entry as the audit trail shows it (without the fields of the operation's bookkeeping). */
function entryForAudit(entry: Doc) {
  const { holds: _holds, paidFen: _paid, reversedFen: _rev, at: _at, ...rest } = entry;
  return rest as Doc;
}

// ---------------------------------------------------------------- payments

export interface HouseholdPaymentInput {
  amountFen: number;
  paidOn: string;
  method: HouseholdPayMethod;
  reference: string;
  /** the user confirmed that a payment like one recorded within a day is another one */
  confirmRepeat?: boolean;
}

interface PayPlan {
  entryId: Types.ObjectId;
  amountFen: number;
  payment: Doc;
  audit: PlannedAudit;
}

const payOperation = defineOperation<PayPlan>({
  name: 'household:pay',
  async hold(op) {
    const { entryId, amountFen } = op.plan;
    const res = await HouseholdEntryModel.collection.updateOne(
      {
        _id: entryId,
        'holds.op': { $ne: op._id },
        $expr: { $lte: [{ $add: ['$paidFen', amountFen] }, { $subtract: ['$amountFen', '$reversedFen'] }] },
      },
      { $inc: { paidFen: amountFen }, $push: { holds: { op: op._id, amount: amountFen } } } as never,
    );
    written();
    if (res.modifiedCount === 1) return null;
    const now = await HouseholdEntryModel.findById(entryId).select('amountFen paidFen reversedFen').lean();
    const owed = now ? now.amountFen - now.reversedFen - now.paidFen : 0;
    return { amountYuan: [msg('household.overpay', { owed: Math.max(0, owed) / 100 })] };
  },
  release: (op) => releaseAmount(HouseholdEntryModel, op.plan.entryId, 'paidFen', op._id),
  async apply(op) {
    await insertOnce(HouseholdEntryModel as never, [op.plan.payment]);
    await writeAudit([op.plan.audit]);
  },
  finish: (op) => clearHold(HouseholdEntryModel, { _id: op.plan.entryId }, op._id),
});

/** The payer records a payment of what it owes on an entry (never more than is owed). */
export async function payEntry(
  scope: Scope,
  entryId: Types.ObjectId,
  input: HouseholdPaymentInput,
  actor: Actor,
): Promise<Outcome<{ id: string }> | null> {
  const entry = await HouseholdEntryModel.findOne({ _id: entryId, ...payoutFilter(scope) }).lean();
  if (!entry || !isIncomeKind(entry.kind) || entry.amountFen <= 0) return null;
  return perform(payOperation, { once: actor.once, input: { pay: String(entryId), ...input } }, async () => {
    if (!Number.isInteger(input.amountFen) || input.amountFen < 1)
      return refuse('invalid', { amountYuan: ['v.belowFen'] });
    const owed = entry.amountFen - entry.reversedFen - entry.paidFen;
    if (owed <= 0) return refuse('invalid', { '': ['household.nothingOwed'] });
    if (input.amountFen > owed)
      return refuse('invalid', { amountYuan: [msg('household.overpay', { owed: owed / 100 })] });
    if (input.paidOn < entry.on) return refuse('invalid', { paidOn: ['household.paidBeforeEarned'] });
    if (!input.confirmRepeat) {
      const twin = await HouseholdEntryModel.findOne({
        pays: entry._id,
        kind: 'payment',
        amountFen: input.amountFen,
        reference: input.reference,
        at: { $gte: new Date(Date.now() - 24 * 3600_000) },
      })
        .select('number')
        .lean();
      if (twin)
        return refuse('invalid', {
          confirmRepeat: [msg('household.looksRepeated', { number: twin.number })],
        });
    }
    const town = await TownModel.findById(entry.townId).select('code').lean();
    const { year, month } = yearMonth(input.paidOn);
    const payment = {
      _id: new Types.ObjectId(),
      townId: entry.townId,
      villageId: entry.villageId,
      householdId: entry.householdId,
      payerOrgId: entry.payerOrgId,
      kind: 'payment',
      number: await reserveNumber(`${town!.code}-${NUMBER_PREFIX.payment}-${year}`, 6),
      on: input.paidOn,
      year,
      month,
      amountFen: input.amountFen,
      note: '',
      at: new Date(),
      byUserId: actor.userId,
      pays: entry._id,
      method: input.method,
      reference: input.reference,
      paidFen: 0,
      reversedFen: 0,
      holds: [],
    };
    const audit = auditEvent(
      'HouseholdEntry',
      'create',
      actor,
      null,
      entryForAudit(payment),
      payment.number,
    )!;
    return {
      ok: true,
      plan: { entryId: entry._id, amountFen: input.amountFen, payment, audit },
      value: { id: String(payment._id) },
    };
  });
}

/** What a scope reaches of the ledger: the entries its organization owes or paid; officials the town. */
export const payoutFilter = (scope: Scope) => scopeFilter(scope, { orgField: 'payerOrgId' });

// ---------------------------------------------------------------- dividends

export interface DividendInput {
  year: number;
  surplusFen: number;
  volumePct: number;
  landFenPerMu: number;
  paidOn: string;
}

/** The proposed split of a cooperative's surplus over its members (nothing is written). */
export async function proposeDividend(scope: Scope, input: DividendInput) {
  const orgId = scope.orgId!;
  const [members, volumes] = await Promise.all([
    HouseholdModel.find({ 'memberships.orgId': orgId, townId: scope.townId, archivedAt: null, ...VISIBLE })
      .select('villageId number head memberships')
      .sort({ villageId: 1, number: 1 })
      .lean(),
    HouseholdYearModel.find({ payerOrgId: orgId, year: input.year }).select('householdId purchase').lean(),
  ]);
  const volumeOf = new Map(volumes.map((v) => [String(v.householdId), v.purchase]));
  const rows = members.map((h) => {
    const m = h.memberships.find((x) => x.orgId.equals(orgId))!;
    return {
      householdId: String(h._id),
      villageId: h.villageId,
      number: h.number,
      head: h.head,
      cashFen: m.cashFen,
      landMu: m.landMu,
      volumeFen: Math.max(0, volumeOf.get(String(h._id)) ?? 0),
      shareFen: m.cashFen + Math.round(m.landMu * input.landFenPerMu),
    };
  });
  const split = splitDividend(input.surplusFen, input.volumePct, rows);
  return { rows, split };
}

interface DividendPlan {
  distribution: Doc;
  entries: Doc[];
  income: IncomeChange[];
  audits: PlannedAudit[];
}

const dividendOperation = defineOperation<DividendPlan>({
  name: 'household:dividend',
  async hold(op) {
    try {
      await DistributionModel.collection.insertOne(op.plan.distribution as never);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      const mine = await DistributionModel.collection.findOne({ _id: op.plan.distribution._id });
      if (!mine) return { year: ['dividend.exists'] };
    }
    written();
    await holdIncome(op.plan.income, op._id);
    return null;
  },
  async release(op) {
    await releaseIncome(op._id);
    await DistributionModel.collection.deleteOne({ _id: op.plan.distribution._id });
    written();
  },
  async apply(op) {
    await insertOnce(HouseholdEntryModel as never, op.plan.entries);
    await writeAudit(op.plan.audits);
  },
  finish: (op) => finishIncome(op._id),
});

/** Approves the split: it becomes a dividend payable to each household, and never changes. */
export async function approveDividend(scope: Scope, input: DividendInput, actor: Actor) {
  const orgId = scope.orgId!;
  return perform(dividendOperation, { once: actor.once, input: { dividend: input } }, async () => {
    if (input.paidOn.slice(0, 4) < String(input.year))
      return refuse('invalid', { paidOn: ['dividend.paidBeforeYear'] });
    const exists = await DistributionModel.exists({ orgId, year: input.year, state: 'approved' });
    if (exists) return refuse('invalid', { year: ['dividend.exists'] });
    const { rows, split } = await proposeDividend(scope, input);
    if (!split.ok)
      return refuse('invalid', {
        [split.error === 'belowFloor' ? 'volumePct' : 'surplusYuan']: [`dividend.${split.error}`],
      });
    const town = await TownModel.findById(scope.townId).select('code').lean();
    const { year, month } = yearMonth(input.paidOn);
    const distributionId = new Types.ObjectId();
    const number = await reserveNumber(`${town!.code}-FP-${input.year}`);
    const now = new Date();
    const lines = split.lines
      .map((l, i) => ({ ...l, villageId: rows[i].villageId }))
      .filter((l) => l.amountFen > 0)
      .map((l) => ({
        householdId: new Types.ObjectId(l.householdId),
        villageId: l.villageId,
        volumeFen: l.volumeFen,
        shareFen: l.shareFen,
        byVolumeFen: l.byVolumeFen,
        bySharesFen: l.bySharesFen,
        amountFen: l.amountFen,
        entryId: new Types.ObjectId(),
      }));
    const entries = lines.map((l, i) => ({
      _id: l.entryId,
      townId: scope.townId,
      villageId: l.villageId,
      householdId: l.householdId,
      payerOrgId: orgId,
      kind: 'dividend',
      number: `${number}-${String(i + 1).padStart(4, '0')}`,
      on: input.paidOn,
      year,
      month,
      amountFen: l.amountFen,
      note: '',
      at: now,
      byUserId: actor.userId,
      distributionId,
      paidFen: 0,
      reversedFen: 0,
      holds: [],
    }));
    const distribution = {
      _id: distributionId,
      townId: scope.townId,
      orgId,
      number,
      year: input.year,
      surplusFen: input.surplusFen,
      volumePct: split.volumePct,
      landFenPerMu: input.landFenPerMu,
      byVolumeFen: split.byVolumeFen,
      bySharesFen: split.bySharesFen,
      paidOn: input.paidOn,
      state: 'approved',
      lines,
      approvedAt: now,
      approvedBy: actor.userId,
      reversedAt: null,
      reason: '',
    };
    const { lines: _l, ...summary } = distribution;
    const audits = [
      auditEvent('Distribution', 'create', actor, null, { ...summary, households: lines.length }, number)!,
      ...entries.map((e) => auditEvent('HouseholdEntry', 'create', actor, null, entryForAudit(e), e.number)!),
    ];
    return {
      ok: true,
      plan: { distribution, entries, income: entries.map((e) => incomeOf(e as never)), audits },
      value: { id: String(distributionId), number },
    };
  });
}

// ---------------------------------------------------------------- reversals

interface ReversePlan {
  entries: Array<{ id: Types.ObjectId; amountFen: number; lot: LotPart | null; householdId: Types.ObjectId }>;
  reversals: Doc[];
  income: IncomeChange[];
  distributionId: Types.ObjectId | null;
  reason: string;
  audits: PlannedAudit[];
}

const reverseOperation = defineOperation<ReversePlan>({
  name: 'household:reverse',
  async hold(op) {
    for (const e of op.plan.entries) {
      const res = await HouseholdEntryModel.collection.updateOne(
        { _id: e.id, paidFen: 0, reversedFen: 0, 'holds.op': { $ne: op._id } },
        {
          $inc: { reversedFen: e.amountFen },
          $push: { holds: { op: op._id, amount: e.amountFen } },
        } as never,
      );
      written();
      if (res.modifiedCount !== 1) return { '': ['household.reversePaid'] };
      if (e.lot) {
        const res2 = await LotModel.collection.updateOne(
          { _id: e.lot.lotId, status: 'in_stock', 'households.entryId': e.id, 'holds.op': { $ne: op._id } },
          {
            $inc: { householdKg: -e.lot.kg, ...(e.lot.grows && { quantity: -e.lot.kg }) },
            $pull: { households: { entryId: e.id } },
            $push: { holds: { op: op._id, amount: -e.lot.kg } },
          } as never,
        );
        written();
        if (res2.modifiedCount !== 1) return { '': ['household.lotMoved'] };
      }
    }
    await holdIncome(op.plan.income, op._id);
    if (op.plan.distributionId) {
      const res = await DistributionModel.collection.updateOne(
        { _id: op.plan.distributionId, state: 'approved' },
        { $set: { state: 'reversed', reversedAt: new Date(), reason: op.plan.reason, reversedOp: op._id } },
      );
      written();
      if (res.modifiedCount !== 1) return { '': ['dividend.alreadyReversed'] };
    }
    return null;
  },
  async release(op) {
    if (op.plan.distributionId) {
      await DistributionModel.collection.updateOne(
        { _id: op.plan.distributionId, reversedOp: op._id },
        { $set: { state: 'approved', reversedAt: null, reason: '' }, $unset: { reversedOp: '' } },
      );
      written();
    }
    await releaseIncome(op._id);
    for (const e of op.plan.entries) {
      if (e.lot) {
        const res = await LotModel.collection.updateOne({ _id: e.lot.lotId, 'holds.op': op._id }, {
          $inc: { householdKg: e.lot.kg, ...(e.lot.grows && { quantity: e.lot.kg }) },
          $push: { households: { householdId: e.householdId, entryId: e.id, kg: e.lot.kg } },
          $pull: { holds: { op: op._id } },
        } as never);
        if (res.modifiedCount) written();
      }
      await releaseAmount(HouseholdEntryModel, e.id, 'reversedFen', op._id);
    }
  },
  async apply(op) {
    await insertOnce(HouseholdEntryModel as never, op.plan.reversals);
    await writeAudit(op.plan.audits);
  },
  async finish(op) {
    await clearHold(HouseholdEntryModel, { _id: { $in: op.plan.entries.map((e) => e.id) } }, op._id);
    const lots = op.plan.entries.filter((e) => e.lot).map((e) => e.lot!.lotId);
    if (lots.length) await clearHold(LotModel, { _id: { $in: lots } }, op._id);
    await finishIncome(op._id);
  },
});

/**
 * Takes back unpaid entries with reversing entries (same kind, opposite amount, same day so
 * that the income figures of that month are corrected); a purchase's kg leave its lot, which
 * must still be in stock. A distribution is reversed whole.
 */
export async function reverseEntries(
  scope: Scope,
  target: { entryId: Types.ObjectId } | { distributionId: Types.ObjectId },
  reason: string,
  actor: Actor,
): Promise<Outcome<{ count: number }> | null> {
  const filter = payoutFilter(scope);
  let distributionId: Types.ObjectId | null = null;
  let entries: Array<HouseholdEntry & { _id: Types.ObjectId }>;
  if ('distributionId' in target) {
    const d = await DistributionModel.findOne({
      _id: target.distributionId,
      ...scopeFilter(scope, { orgField: 'orgId' }),
    }).lean();
    if (!d) return null;
    distributionId = d._id;
    entries = await HouseholdEntryModel.find({
      distributionId: d._id,
      kind: 'dividend',
      amountFen: { $gt: 0 },
    }).lean();
  } else {
    const e = await HouseholdEntryModel.findOne({ _id: target.entryId, ...filter }).lean();
    if (!e || !isIncomeKind(e.kind) || e.amountFen <= 0 || e.distributionId) return null;
    entries = [e];
  }
  return perform(reverseOperation, { once: actor.once, input: { reverse: target, reason } }, async () => {
    if (entries.some((e) => e.paidFen > 0)) return refuse('conflict', 'household.reversePaid');
    if (entries.some((e) => e.reversedFen > 0)) return refuse('conflict', 'household.alreadyReversed');
    const lots = await LotModel.find({ _id: { $in: entries.flatMap((e) => (e.lotId ? [e.lotId] : [])) } })
      .select('origin.kind status')
      .lean();
    const lotOf = new Map(lots.map((l) => [String(l._id), l]));
    const now = new Date();
    const reversals = entries.map((e) => ({
      ...e,
      _id: new Types.ObjectId(),
      number: `${e.number}-CX`,
      amountFen: -e.amountFen,
      ...(e.kg !== undefined && { kg: -e.kg }),
      note: reason,
      at: now,
      byUserId: actor.userId,
      reverses: e._id,
      paidFen: 0,
      reversedFen: 0,
      holds: [],
    }));
    const plan: ReversePlan = {
      entries: entries.map((e) => {
        const l = e.lotId ? lotOf.get(String(e.lotId)) : undefined;
        return {
          id: e._id,
          amountFen: e.amountFen,
          householdId: e.householdId,
          lot:
            e.lotId && l
              ? { lotId: e.lotId, newLot: null, kg: e.kg ?? 0, grows: l.origin.kind === 'collection' }
              : null,
        };
      }),
      reversals,
      income: reversals.map((r) => incomeOf(r)),
      distributionId,
      reason,
      audits: [
        ...reversals.map((r) =>
          auditEvent('HouseholdEntry', 'create', actor, null, entryForAudit(r), r.number)!,
        ),
        ...(distributionId
          ? [
              {
                _id: new Types.ObjectId(),
                at: now,
                actor: storedActor(actor),
                action: 'update' as const,
                entity: 'Distribution',
                recordId: distributionId,
                townId: scope.townId,
                label: String(entries[0]?.number ?? '').replace(/-\d{4}$/, ''),
                before: { state: 'approved' },
                after: { state: 'reversed', reason },
                changed: ['state', 'reason'],
              },
            ]
          : []),
      ],
    };
    return { ok: true, plan, value: { count: reversals.length } };
  });
}
