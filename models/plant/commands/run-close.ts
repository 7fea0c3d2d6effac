// Closing a run once it is bagged (days later for starch): the main product and a by-product
// become lots whose inputs are every lot drawn with its kg, the waste is recorded and the water
// lost is what remains, so a run's inputs always equal its outputs and losses; its yield is
// judged against the main product's band, and an official checks a flagged one.
import { Types } from 'mongoose';
import { z } from 'zod';
import { defineCommand, msg, refuse, type FieldErrors, type Refusal } from '../../kernel/command';
import { touchRecords } from '../../kernel/facts';
import {
  defineOperation,
  insertOnce,
  perform,
  writeAudit,
  written,
  type Outcome,
  type PlannedAudit,
} from '../../kernel/operation';
import type { Actor } from '../../kernel/audit';
import type { Scope } from '../../kernel/scope';
import { auditEvent, refusedAs, updateRecord } from '../../kernel/write';
import { LotModel, planLot } from '../../lots';
import { ProductModel, TownModel } from '../../town';
import { yieldOutside, yieldPct } from '~/domain/intake';
import { shanghaiDayOf, shanghaiMidnight } from '~/domain/time';
import { objectId } from '~/schemas/common';
import { RunCheckSchema, RunCloseSchema } from '~/schemas/intake';
import { RunModel, type RunOutput } from '../schema';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };
const kgOf = (t: number) => t / 10;

interface ClosePlan {
  runId: Types.ObjectId;
  set: Record<string, unknown>;
  lots: Doc[];
  audit: PlannedAudit;
  /** the lots' creation events, made from the lots when applied (the plan holds each lot once) */
  lotAuditIds: Types.ObjectId[];
  actor: Actor;
  fact: Record<string, unknown>;
}

const closeOperation = defineOperation<ClosePlan>({
  name: 'plant:run-close',
  async hold(op): Promise<FieldErrors | Refusal | null> {
    const res = await RunModel.updateOne(
      { _id: op.plan.runId, status: 'open' },
      { $set: { ...op.plan.set, statusOp: op._id } },
    );
    written();
    return res.modifiedCount === 1 ? null : refuse('conflict', 'run.notOpen');
  },
  async release(op) {
    await RunModel.updateOne(
      { _id: op.plan.runId, statusOp: op._id },
      {
        $set: {
          status: 'open',
          statusOp: null,
          closedAt: null,
          outputs: [],
          waterLossKg: 0,
          wasteKg: 0,
          yieldPct: null,
          flagged: false,
        },
      },
    );
    written();
  },
  async apply(op) {
    const p = op.plan;
    await insertOnce(LotModel as never, p.lots);
    await touchRecords('Run', p.fact);
    await writeAudit([
      p.audit,
      ...p.lots.map((l, i) => ({
        ...auditEvent('Lot', 'create', p.actor, null, l, String(l.code))!,
        _id: p.lotAuditIds[i]!,
      })),
    ]);
  },
});

export interface CloseInput {
  mainProductId: string;
  mainKg: number;
  byProductId?: string;
  byKg?: number;
  wasteKg: number;
  closedOn?: string;
  notes?: string;
}

/** What closing a run would come to, written nowhere (the form's 计算, and the command's plan). */
export async function planClose(scope: Scope, id: Types.ObjectId, input: CloseInput) {
  const run = await RunModel.findOne({
    _id: id,
    townId: scope.townId,
    plantOrgId: scope.orgId,
    status: { $ne: 'opening' },
  }).lean();
  if (!run) return refuse('notFound');
  if (run.status !== 'open') return refuse('conflict', 'run.notOpen');
  const ids = [input.mainProductId, ...(input.byProductId ? [input.byProductId] : [])];
  const products = await ProductModel.find({
    _id: { $in: ids },
    townId: scope.townId,
    unit: 'kg',
    archivedAt: null,
  })
    .select('code name runYieldPct')
    .lean();
  const main = products.find((p) => String(p._id) === input.mainProductId);
  const by = input.byProductId ? products.find((p) => String(p._id) === input.byProductId) : null;
  if (!main) return refuse('invalid', { mainProductId: ['v.invalidChoice'] });
  if (input.byProductId && !by) return refuse('invalid', { byProductId: ['v.invalidChoice'] });
  const t = (kg: number | undefined) => Math.round((kg ?? 0) * 10);
  const inT = t(run.inputKg);
  const waterT = inT - t(input.mainKg) - t(input.byKg) - t(input.wasteKg);
  if (waterT < 0)
    return refuse('invalid', {
      mainKg: [msg('run.outputsHeavier', { input: run.inputKg, over: kgOf(-waterT) })],
    });
  const pct = yieldPct(input.mainKg, run.inputKg);
  const band = { min: main.runYieldPct?.min ?? null, max: main.runYieldPct?.max ?? null };
  return {
    ok: true as const,
    run,
    main,
    by: by ?? null,
    waterLossKg: kgOf(waterT),
    yieldPct: pct,
    band,
    flagged: yieldOutside(pct, band),
  };
}

/** Closes an open run once: its product lots made, its losses recorded, its yield judged. */
export async function closeRun(
  scope: Scope,
  id: Types.ObjectId,
  input: CloseInput,
  actor: Actor,
  { now }: { now?: Date } = {},
): Promise<Outcome<{ id: Types.ObjectId; flagged: boolean; yieldPct: number }>> {
  return perform(closeOperation, { once: actor.once, input: { close: String(id), ...input } }, async () => {
    const planned = await planClose(scope, id, input);
    if (!planned.ok) return planned;
    const { run, main, by } = planned;
    const at = now ?? (input.closedOn ? shanghaiMidnight(input.closedOn) : null) ?? new Date();
    const town = await TownModel.findById(scope.townId).select('code').lean();
    const day = shanghaiDayOf(at);
    const plantId = scope.orgId!;
    const lotOf = (product: { _id: Types.ObjectId; code: string; name: string }, kg: number) =>
      planLot({
        townCode: town!.code,
        townId: scope.townId!,
        orgId: plantId,
        productId: product._id,
        productCode: product.code,
        productName: product.name,
        unit: 'kg',
        quantity: kg,
        grade: '',
        producedAt: day,
        origin: {
          kind: 'processing',
          plantingId: null,
          harvestId: null,
          herdEventId: null,
          villageId: null,
          cooperativeId: null,
          baseId: null,
        },
        parentLotIds: run.inputs.map((i) => i.lotId),
        inputs: run.inputs.map((i) => ({ lotId: i.lotId, quantity: i.kg })),
        // toll processing: the products go back to the customer as holder; else the plant keeps
        // them for the enterprise it works for
        holderOrgId: run.toll ? run.ownerOrgId : plantId,
        ownerOrgId: run.toll || run.ownerOrgId.equals(plantId) ? null : run.ownerOrgId,
      });
    const lots = [
      await lotOf(main, input.mainKg),
      ...(by && input.byKg ? [await lotOf(by, input.byKg)] : []),
    ];
    const outputs: RunOutput[] = lots.map((l, i) => ({
      role: i === 0 ? 'main' : 'by',
      lotId: l._id,
      lotCode: String(l.code),
      productId: l.productId as Types.ObjectId,
      productName: String(l.productName),
      kg: Number(l.quantity),
    }));
    const set = {
      status: 'closed',
      closedAt: at,
      outputs,
      waterLossKg: planned.waterLossKg,
      wasteKg: input.wasteKg,
      yieldPct: planned.yieldPct,
      band: planned.band,
      flagged: planned.flagged,
      ...(input.notes && { notes: input.notes }),
    };
    // the run's audit event compares only what closing sets (its inputs stay as they were)
    const before = Object.fromEntries(
      Object.keys(set).map((k) => [k, (run as unknown as Record<string, unknown>)[k]]),
    );
    const audit = auditEvent(
      'Run',
      'update',
      actor,
      { _id: run._id, townId: run.townId, ...before },
      { _id: run._id, townId: run.townId, ...set },
      run.number,
    )!;
    return {
      ok: true,
      plan: {
        runId: run._id,
        set,
        lots,
        audit,
        lotAuditIds: lots.map(() => new Types.ObjectId()),
        actor: {
          userId: actor.userId,
          username: actor.username,
          role: actor.role,
          orgId: actor.orgId,
          townId: actor.townId,
        },
        // what the run's fact key reads
        fact: { townId: run.townId, status: 'closed', closedAt: at },
      },
      value: { id: run._id, flagged: planned.flagged, yieldPct: planned.yieldPct },
    };
  });
}

/** An official marks a flagged run checked, with what was found (as flagged harvests). */
export async function checkRun(scope: Scope, id: Types.ObjectId, note: string, actor: Actor, by: string) {
  const saved = await refusedAs(() =>
    updateRecord(
      RunModel,
      { _id: id, townId: scope.townId, flagged: true, flagCheck: null },
      { flagCheck: { at: new Date(), byUserId: actor.userId, by, note } } as never,
      actor,
      { label: (d) => String((d as { number?: string }).number ?? id) },
    ),
  );
  if (!saved.ok) return saved;
  if (!saved.value) return refuse('conflict', 'run.notFlagged');
  return { ok: true as const, value: { id } };
}

export const closeRunCommand = defineCommand({
  name: 'run/close',
  permission: ['write', 'run'],
  input: z.intersection(RunCloseSchema, z.object({ id: objectId })),
  run: ({ id, ...input }, { scope, actor }) => closeRun(scope, new Types.ObjectId(id), input, actor),
});

export const checkRunCommand = defineCommand({
  name: 'run/check',
  permission: ['check', 'run'],
  input: RunCheckSchema.extend({ id: objectId }),
  run: ({ id, note }, { scope, actor, person }) =>
    checkRun(scope, new Types.ObjectId(id), note, actor, `${person.name} · ${person.org}`),
});
