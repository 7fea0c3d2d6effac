// Opening a processing run (生产批次): material goes into the line — kg drawn from lots the plant
// holds, of one owner, part of a lot splitting off as in deliveries. Two runs drawing the same
// lot at once: the lot's guarded update lets one through, the other is refused (409 in the API).
import { Types } from 'mongoose';
import { z } from 'zod';
import { defineCommand, msg, refuse, type FieldErrors, type Refusal } from '../../kernel/command';
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
import { auditEvent } from '../../kernel/write';
import {
  LotModel,
  planSplit,
  releaseLots,
  reservationOf,
  reserveLots,
  reserveNumber,
  type Lot,
  type LotReservation,
} from '../../lots';
import { TownModel } from '../../town';
import { tenths } from '~/domain/intake';
import { shanghaiDateString } from '~/domain/time';
import { RunModel, type RunInput } from '../schema';
import { plantOf } from './intake-plan';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };
type LotDoc = Lot & { _id: Types.ObjectId };

interface OpenPlan {
  run: Doc;
  draws: LotReservation[];
  children: Doc[];
  audits: PlannedAudit[];
}

const openOperation = defineOperation<OpenPlan>({
  name: 'plant:run-open',
  async hold(op): Promise<FieldErrors | Refusal | null> {
    const p = op.plan;
    await RunModel.collection.insertOne(p.run as never);
    written();
    if (!(await reserveLots(p.draws, op._id))) return refuse('conflict', 'run.lotTaken');
    return null;
  },
  async release(op) {
    await releaseLots(op.plan.draws, op._id);
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
    const draws: LotReservation[] = [];
    const children: Doc[] = [];
    const inputs: RunInput[] = [];
    for (const { lot, kg } of taken) {
      const draw = reservationOf(lot, kg, 'consumed');
      draws.push(draw);
      const line = {
        fromLotId: lot._id,
        fromLotCode: lot.code,
        productId: lot.productId,
        productName: lot.productName,
        kg,
      };
      if (draw.status !== 'split') {
        inputs.push({ lotId: lot._id, lotCode: lot.code, ...line });
        continue;
      }
      const { taken: drawn, rest } = await planSplit(town!.code, lot, kg, 'consumed');
      drawn.movedAt = at;
      children.push(drawn, rest);
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
