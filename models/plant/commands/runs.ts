// Processing runs (生产批次): opened when material goes into the line — kg drawn from lots the
// plant holds, part of a lot splitting off as in deliveries — and closed when the product is
// bagged, days later for starch: the main product and a by-product become lots whose inputs are
// every lot drawn with its kg, the waste is recorded and the water lost is what remains, so a
// run's inputs always equal its outputs and losses. Two runs drawing the same lot at once: the
// lot's guarded update lets one through, the other is refused (409 in the API).
import { Types } from 'mongoose';
import { z } from 'zod';
import { defineCommand, msg, refuse, type FieldErrors, type Refusal } from '../../kernel/command';
import { touchRecords } from '../../kernel/facts';
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
import type { Actor } from '../../kernel/audit';
import type { Scope } from '../../kernel/scope';
import { auditEvent, refusedAs, updateRecord } from '../../kernel/write';
import { LotModel, planLot, reserveNumber, type Lot } from '../../lots';
import { ProductModel, TownModel } from '../../town';
import { tenths, yieldOutside, yieldPct } from '~/domain/intake';
import { shanghaiDateString, shanghaiDayOf, shanghaiMidnight } from '~/domain/time';
import { objectId } from '~/schemas/common';
import { RunCheckSchema, RunCloseSchema } from '~/schemas/intake';
import { RunModel, type RunInput, type RunOutput } from '../schema';
import { plantOf } from './intake';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };
type LotDoc = Lot & { _id: Types.ObjectId };

interface Draw {
  lotId: Types.ObjectId;
  expectQty: number;
  status: 'consumed' | 'split';
  movedAt: Date | null;
}

interface OpenPlan {
  run: Doc;
  draws: Draw[];
  children: Doc[];
  audits: PlannedAudit[];
}

const openOperation = defineOperation<OpenPlan>({
  name: 'plant:run-open',
  async hold(op): Promise<FieldErrors | Refusal | null> {
    const p = op.plan;
    await RunModel.collection.insertOne(p.run as never);
    written();
    const now = new Date();
    for (const d of p.draws) {
      const res = await LotModel.updateOne(
        {
          _id: d.lotId,
          status: 'in_stock',
          holderOrgId: p.run.plantOrgId as Types.ObjectId,
          quantity: d.expectQty,
          'holds.op': { $ne: op._id },
        },
        {
          $set: { status: d.status, movedAt: d.movedAt ?? now },
          $push: { holds: { op: op._id, amount: 0 } },
        },
      );
      written();
      if (res.modifiedCount !== 1) return refuse('conflict', 'run.lotTaken');
    }
    return null;
  },
  async release(op) {
    for (const d of op.plan.draws) {
      await LotModel.updateOne(
        { _id: d.lotId, 'holds.op': op._id },
        { $set: { status: 'in_stock', movedAt: d.movedAt }, $pull: { holds: { op: op._id } } },
      );
      written();
    }
    await RunModel.collection.deleteOne({ _id: op.plan.run._id, status: 'opening' });
    written();
  },
  async apply(op) {
    const p = op.plan;
    await insertOnce(LotModel as never, p.children);
    await RunModel.updateOne({ _id: p.run._id, status: 'opening' }, { $set: { status: 'open' } });
    written();
    await writeAudit(p.audits);
  },
  finish: (op) => clearHold(LotModel, { _id: { $in: op.plan.draws.map((d) => d.lotId) } } as never, op._id),
});

const kgOf = (t: number) => t / 10;

/** Opens a run: the lots drawn (whole, or part of each), all of one owner, held by this plant. */
export async function openRun(
  scope: Scope,
  input: { lots: Array<{ code: string; kg?: number }>; notes?: string },
  actor: Actor,
  { now }: { now?: Date } = {},
): Promise<Outcome<{ id: Types.ObjectId; number: string }>> {
  return perform(openOperation, { once: actor.once, input }, async () => {
    const plant = await plantOf(scope);
    if (!plant) return refuse('forbidden', 'intake.notAPlant');
    const codes = input.lots.map((l) => l.code);
    if (new Set(codes).size !== codes.length) return refuse('invalid', { lotCodes: ['intake.lotTwice'] });
    const lots = (await LotModel.find({
      code: { $in: codes },
      townId: scope.townId,
      staged: { $ne: true },
    }).lean()) as LotDoc[];
    const byCode = new Map(lots.map((l) => [l.code, l]));
    const taken: Array<{ lot: LotDoc; kg: number }> = [];
    for (const line of input.lots) {
      const lot = byCode.get(line.code);
      if (!lot || !lot.holderOrgId.equals(scope.orgId!))
        return refuse('invalid', { lotCodes: [msg('run.lotNotHeld', { code: line.code })] });
      if (lot.status !== 'in_stock')
        return refuse('invalid', { lotCodes: [msg('run.lotNotInStock', { code: lot.code })] });
      if (lot.unit !== 'kg') return refuse('invalid', { lotCodes: ['intake.onlyKg'] });
      const kg = line.kg ?? lot.quantity;
      if (kg > lot.quantity + 1e-9)
        return refuse('invalid', {
          lotCodes: [msg('run.moreThanLot', { code: lot.code, max: lot.quantity })],
        });
      taken.push({ lot, kg });
    }
    const owners = new Set(taken.map((t) => String(t.lot.ownerOrgId ?? scope.orgId)));
    if (owners.size > 1) return refuse('invalid', { lotCodes: ['run.oneOwner'] });
    const ownerOrgId = taken[0]!.lot.ownerOrgId ?? scope.orgId!;
    const at = now ?? new Date();
    const town = await TownModel.findById(scope.townId).select('code').lean();
    const draws: Draw[] = [];
    const children: Doc[] = [];
    const inputs: RunInput[] = [];
    for (const { lot, kg } of taken) {
      const whole = Math.abs(kg - lot.quantity) < 1e-9;
      draws.push({
        lotId: lot._id,
        expectQty: lot.quantity,
        status: whole ? 'consumed' : 'split',
        movedAt: lot.movedAt ?? null,
      });
      const line = {
        fromLotId: lot._id,
        fromLotCode: lot.code,
        productId: lot.productId,
        productName: lot.productName,
        kg,
      };
      if (whole) {
        inputs.push({ lotId: lot._id, lotCode: lot.code, ...line });
        continue;
      }
      const child = (qty: number, status: Lot['status']) =>
        planLot({
          townCode: town!.code,
          townId: lot.townId,
          orgId: lot.orgId,
          productId: lot.productId,
          productCode: lot.productCode,
          productName: lot.productName,
          unit: lot.unit,
          quantity: qty,
          grade: lot.grade,
          producedAt: lot.producedAt,
          origin: { ...lot.origin, kind: 'split' },
          parentLotIds: [lot._id],
          inputs: [{ lotId: lot._id, quantity: qty }],
          holderOrgId: lot.holderOrgId,
          ownerOrgId: lot.ownerOrgId ?? null,
          status,
        });
      const drawn = await child(kg, 'consumed');
      drawn.movedAt = at;
      children.push(drawn, await child(Math.round((lot.quantity - kg) * 1000) / 1000, 'in_stock'));
      inputs.push({ lotId: drawn._id, lotCode: String(drawn.code), ...line });
    }
    const number = await reserveNumber(`${town!.code}-SC-${shanghaiDateString(at).slice(0, 4)}`, 4);
    const inputT = inputs.reduce((s, i) => s + (tenths(i.kg) ?? Math.round(i.kg * 10)), 0);
    const run: Doc = {
      _id: new Types.ObjectId(),
      townId: scope.townId,
      plantOrgId: scope.orgId,
      number,
      ownerOrgId,
      toll: !ownerOrgId.equals(scope.orgId!) && !ownerOrgId.equals(plant.servesOrgId ?? scope.orgId!),
      status: 'opening',
      openedAt: at,
      closedAt: null,
      inputs,
      inputKg: kgOf(inputT),
      outputs: [],
      waterLossKg: 0,
      wasteKg: 0,
      yieldPct: null,
      band: { min: null, max: null },
      flagged: false,
      flagCheck: null,
      notes: input.notes ?? '',
      byUserId: actor.userId,
      statusOp: null,
      holds: [],
      createdAt: at,
      updatedAt: at,
      __v: 0,
    };
    const audits = [
      auditEvent('Run', 'create', actor, null, { ...run, status: 'open' }, number)!,
      ...children.map((c) => auditEvent('Lot', 'create', actor, null, c, String(c.code))!),
    ];
    return {
      ok: true,
      plan: { run, draws, children, audits },
      value: { id: run._id as Types.ObjectId, number },
    };
  });
}

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

export const openRunCommand = defineCommand({
  name: 'run/open',
  permission: ['write', 'run'],
  // the open form's values, made one list of lots (RunOpenSchema)
  input: z.object({
    lots: z
      .array(z.object({ code: z.string().max(60), kg: z.number().positive().optional() }))
      .min(1)
      .max(200),
    notes: z.string().max(300).optional(),
  }),
  run: (input, { scope, actor }) => openRun(scope, input, actor),
});

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
