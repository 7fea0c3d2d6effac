// Harvests: each one creates a lot and adds its kg to its planting's total. Recording and
// correcting one are operations (models/kernel/operation.ts): the planting's total is held first
// (guarded by what the planting can bear), then the lot, the harvest and their audit events
// are written with ids fixed in the plan, so a crash at any point leaves all or none.
import { Types } from 'mongoose';
import { harvestOrigin, LotModel, planLot } from '../../lots/lot';
import {
  clearHold,
  defineOperation,
  holdAmount,
  insertOnce,
  perform,
  releaseAmount,
  writeAudit,
  type FieldErrors,
  type Outcome,
  type PlannedAudit,
} from '../../kernel/operation';
import { refuse, type Refusal } from '../../kernel/command';
import { ProductModel } from '../../town/product';
import { type Scope } from '../../kernel/scope';
import { touchRecords } from '../../kernel/facts';

import { TownModel } from '../../town/town';
import { auditEvent, holdChange, releaseChange, runDerivations, snapshot } from '../../kernel/write';
import type { Actor } from '../../kernel/audit';
import { HarvestModel, PlantingModel } from './schema';

import { toKg, type HarvestInput } from '~/schemas/planting';
import { shanghaiMidnight } from '~/domain/time';

import { bearableKg, reflag, yieldFlag } from './yield';
import { harvestScope } from './harvest-read';
export * from './yield';
export * from './harvest-read';

/** Field errors for a harvest of this planting (dates; what the planting can bear). */
export function checkHarvest(
  planting: { plantedOn: Date | string; areaMu: number; harvestedKg: number },
  maxYieldKgPerMu: number | null,
  harvestedOn: Date,
  kg: number,
  alreadyCountedKg = 0,
): FieldErrors {
  const errors: FieldErrors = {};
  if (harvestedOn < new Date(planting.plantedOn)) errors.harvestedOn = ['harvest.beforePlanting'];
  const cap = bearableKg(maxYieldKgPerMu, planting.areaMu);
  if (planting.harvestedKg - alreadyCountedKg + kg > cap) {
    errors.quantity = [
      `harvest.tooLarge|${JSON.stringify({ max: Math.floor(cap - planting.harvestedKg + alreadyCountedKg) })}`,
    ];
  }
  return errors;
}

export type HarvestResult = { ok: true; harvest: Types.ObjectId; lotCode: string } | Refusal;

function harvestResult(outcome: Outcome<{ harvest: Types.ObjectId; lotCode: string }>): HarvestResult | null {
  if (outcome.ok) return { ok: true, ...outcome.value };
  if (outcome.code === 'notFound') return null;
  return outcome;
}

/** The most a planting can still take, as the field error a form shows. */
async function tooLarge(plantingId: Types.ObjectId, cap: number, field = 'quantity'): Promise<FieldErrors> {
  const now = await PlantingModel.findById(plantingId).select('harvestedKg').lean();
  const max = Math.max(0, Math.floor(cap - (now?.harvestedKg ?? 0)));
  return { [field]: [`harvest.tooLarge|${JSON.stringify({ max })}`] };
}

/** The fields of a harvest that come from what the clerk entered. */
function enteredHarvest(input: HarvestInput, harvestedOn: Date, kg: number) {
  return {
    harvestedOn,
    quantityKg: kg,
    enteredQuantity: input.quantity,
    enteredUnit: input.unit,
    grade: input.grade,
    notes: input.notes,
  };
}

// ---------------------------------------------------------------- recording a harvest

interface RecordPlan {
  plantingId: Types.ObjectId;
  kg: number;
  cap: number | null; // null: the crop has no top yield
  lot: Record<string, unknown> & { _id: Types.ObjectId };
  harvest: Record<string, unknown> & { _id: Types.ObjectId };
  audits: PlannedAudit[];
}

const recordOperation = defineOperation<RecordPlan>({
  name: 'harvest:record',
  async hold(op) {
    const { plantingId, kg, cap } = op.plan;
    const guard = cap === null ? {} : { harvestedKg: { $lte: cap - kg } };
    if (await holdAmount(PlantingModel, { _id: plantingId, ...guard }, 'harvestedKg', kg, op._id))
      return null;
    return tooLarge(plantingId, cap ?? Number.POSITIVE_INFINITY);
  },
  release: (op) => releaseAmount(PlantingModel, op.plan.plantingId, 'harvestedKg', op._id),
  async apply(op) {
    // independent of one another, and each repeatable: written side by side
    await Promise.all([
      insertOnce(LotModel as never, [op.plan.lot]),
      insertOnce(HarvestModel as never, [op.plan.harvest]),
      writeAudit(op.plan.audits),
    ]);
    await touchRecords('Harvest', op.plan.harvest);
    await runDerivations([reflag(op.plan.plantingId)]);
  },
  finish: (op) => clearHold(PlantingModel, { _id: op.plan.plantingId }, op._id),
});

const plantingScope = harvestScope;

/** Records a harvest and its lot. */
export async function recordHarvest(
  scope: Scope,
  plantingId: Types.ObjectId,
  input: HarvestInput,
  actor: Actor,
  /** a quantity far beyond what the crop bears is asked about before it is saved (forms ask; imports flag) */
  { askIfHigh = false }: { askIfHigh?: boolean } = {},
): Promise<HarvestResult | null> {
  const outcome = await perform(
    recordOperation,
    { once: actor.once, input: { plantingId, ...input } },
    async () => {
      const planting = await PlantingModel.findOne({ _id: plantingId, ...plantingScope(scope) }).lean();
      if (!planting) return refuse('notFound');
      const [product, town] = await Promise.all([
        ProductModel.findById(planting.productId).lean(),
        TownModel.findById(planting.townId).select('code').lean(),
      ]);
      const kg = toKg(input.quantity, input.unit);
      const harvestedOn = shanghaiMidnight(input.harvestedOn)!;
      const errors = checkHarvest(planting, product!.yieldKgPerMu.max, harvestedOn, kg);
      if (Object.keys(errors).length) return refuse('invalid', errors);
      const y = (planting.harvestedKg + kg) / planting.areaMu;
      if (askIfHigh && yieldFlag(product!.yieldKgPerMu, y) === 'yieldHigh') {
        const params = { yield: Math.round(y), max: product!.yieldKgPerMu.max };
        return refuse('invalid', { quantity: [`harvest.confirmHigh|${JSON.stringify(params)}`] });
      }

      const harvestId = new Types.ObjectId();
      const lot = await planLot({
        townCode: town!.code,
        townId: planting.townId,
        orgId: planting.orgId,
        productId: product!._id,
        productCode: product!.code,
        productName: product!.name,
        unit: 'kg',
        quantity: kg,
        grade: input.grade,
        producedAt: harvestedOn,
        origin: harvestOrigin({
          plantingId,
          harvestId,
          villageId: planting.villageId,
          cooperativeId: planting.orgId,
        }),
      });
      const harvest = {
        _id: harvestId,
        townId: planting.townId,
        orgId: planting.orgId,
        plantingId,
        productId: product!._id,
        villageId: planting.villageId,
        ...enteredHarvest(input, harvestedOn, kg),
        lotId: lot._id,
        lotCode: lot.code as string,
        flag: yieldFlag(product!.yieldKgPerMu, y),
        yieldKgPerMu: y,
        importId: null,
        createdAt: new Date(),
        updatedAt: new Date(),
      };
      const cap = bearableKg(product!.yieldKgPerMu.max, planting.areaMu);
      const audits = [
        auditEvent('Lot', 'create', actor, null, lot, String(lot.code)),
        auditEvent('Harvest', 'create', actor, null, harvest, harvest.lotCode),
      ] as PlannedAudit[];
      return {
        ok: true,
        plan: { plantingId, kg, cap: Number.isFinite(cap) ? cap : null, lot, harvest, audits },
        value: { harvest: harvestId, lotCode: harvest.lotCode },
      };
    },
  );
  return harvestResult(outcome);
}

// ---------------------------------------------------------------- correcting a harvest

interface CorrectPlan {
  harvestId: Types.ObjectId;
  lotId: Types.ObjectId;
  plantingId: Types.ObjectId;
  delta: number;
  cap: number | null;
  harvest: { rev: number | null; before: Record<string, unknown>; changes: Record<string, unknown> };
  lot: { rev: number | null; before: Record<string, unknown>; changes: Record<string, unknown> };
  audits: PlannedAudit[]; // completed while holding
}

const correctOperation = defineOperation<CorrectPlan, { actor: Actor }>({
  name: 'harvest:correct',
  async hold(op, { actor }): Promise<FieldErrors | null> {
    const p = op.plan;
    // the lot must still be in stock at the moment it changes
    // nor below what has been broken down by household (purchases into it)
    const lotAfter = await holdChange(
      LotModel as never,
      { _id: p.lotId, movedAt: null, householdKg: { $not: { $gt: p.lot.changes.quantity } } },
      p.lot.rev,
      p.lot.changes,
      op._id,
    );
    if (!lotAfter) {
      const now = await LotModel.findById(p.lotId).select('movedAt householdKg').lean();
      if ((now?.householdKg ?? 0) > Number(p.lot.changes.quantity)) {
        return { quantity: [`harvest.belowHouseholds|${JSON.stringify({ kg: now!.householdKg })}`] };
      }
      return { '': [now?.movedAt ? 'harvest.lockedMoved' : 'v.concurrentChange'] };
    }
    const guard = p.cap === null ? {} : { harvestedKg: { $lte: p.cap - p.delta } };
    if (!(await holdAmount(PlantingModel, { _id: p.plantingId, ...guard }, 'harvestedKg', p.delta, op._id))) {
      return { quantity: ['harvest.tooLargeNow'] };
    }
    const harvestAfter = await holdChange(
      HarvestModel as never,
      { _id: p.harvestId },
      p.harvest.rev,
      p.harvest.changes,
      op._id,
    );
    if (!harvestAfter) return { '': ['v.concurrentChange'] };
    p.audits = [
      auditEvent('Lot', 'update', actor, { ...lotAfter, ...p.lot.before }, lotAfter, String(lotAfter.code)),
      auditEvent(
        'Harvest',
        'update',
        actor,
        { ...harvestAfter, ...p.harvest.before },
        harvestAfter,
        String(harvestAfter.lotCode),
      ),
    ].filter((e): e is PlannedAudit => e !== null);
    return null;
  },
  async release(op) {
    const p = op.plan;
    await releaseChange(
      HarvestModel as never,
      p.harvestId,
      p.harvest.rev,
      p.harvest.before,
      p.harvest.changes,
      op._id,
    );
    await releaseAmount(PlantingModel, p.plantingId, 'harvestedKg', op._id);
    await releaseChange(LotModel as never, p.lotId, p.lot.rev, p.lot.before, p.lot.changes, op._id);
    await touchHarvest(p);
  },
  async apply(op) {
    await touchHarvest(op.plan);
    await writeAudit(op.plan.audits);
    await runDerivations([reflag(op.plan.plantingId)]);
  },
  finish: (op) => clearHold(PlantingModel, { _id: op.plan.plantingId }, op._id),
});

/** Marks the facts the harvest counted in before the correction and counts in now. */
async function touchHarvest(p: CorrectPlan) {
  const now = await HarvestModel.findById(p.harvestId).lean();
  if (now) await touchRecords('Harvest', now, { ...now, ...p.harvest.before });
}

/**
 * Corrects a harvest while its lot has not moved on. The lot follows (quantity, grade, date);
 * its code stays, since labels may already be printed.
 */
export async function correctHarvest(
  scope: Scope,
  id: Types.ObjectId,
  input: HarvestInput,
  actor: Actor,
): Promise<HarvestResult | null> {
  const outcome = await perform(correctOperation, { once: actor.once, input: { id, ...input } }, async () => {
    const harvest = await HarvestModel.findOne({ _id: id, ...harvestScope(scope) }).lean();
    if (!harvest) return refuse('notFound');
    const lot = await LotModel.findById(harvest.lotId).lean();
    if (!lot || lot.movedAt) return refuse('conflict', 'harvest.lockedMoved');
    const planting = (await PlantingModel.findById(harvest.plantingId).lean())!;
    const product = await ProductModel.findById(harvest.productId).lean();
    const kg = toKg(input.quantity, input.unit);
    const harvestedOn = shanghaiMidnight(input.harvestedOn)!;
    const errors = checkHarvest(planting, product!.yieldKgPerMu.max, harvestedOn, kg, harvest.quantityKg);
    if ((lot.householdKg ?? 0) > kg) {
      errors.quantity = [`harvest.belowHouseholds|${JSON.stringify({ kg: lot.householdKg })}`];
    }
    if (Object.keys(errors).length) return refuse('invalid', errors);
    const cap = bearableKg(product!.yieldKgPerMu.max, planting.areaMu);
    const harvestChanges = enteredHarvest(input, harvestedOn, kg);
    const lotChanges = { quantity: kg, grade: input.grade, producedAt: harvestedOn };
    const plan: CorrectPlan = {
      harvestId: id,
      lotId: lot._id,
      plantingId: planting._id,
      delta: kg - harvest.quantityKg,
      cap: Number.isFinite(cap) ? cap : null,
      harvest: { ...snapshot(harvest as never, harvestChanges), changes: harvestChanges },
      lot: { ...snapshot(lot as never, lotChanges), changes: lotChanges },
      audits: [],
    };
    return { ok: true, plan, value: { harvest: id, lotCode: harvest.lotCode }, context: { actor } };
  });
  return harvestResult(outcome);
}
