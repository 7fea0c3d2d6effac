// Recording a herd event: one operation (models/kernel/operation.ts) that moves the head count
// (guarded), registers or retires ear tags, creates a lot for animals sold, and writes the
// event and its audit trail — all of it, or after a crash none of it.
import { Types } from 'mongoose';
import { LotModel, planLot } from '../../lots/lot';
import {
  clearHold,
  defineOperation,
  holdAmount,
  insertOnce,
  perform,
  releaseAmount,
  writeAudit,
  written,
  type PlannedAudit,
} from '../../kernel/operation';
import { refuse } from '../../kernel/command';
import { TownModel } from '../../town/town';
import { auditEvent } from '../../kernel/write';
import type { Actor } from '../../kernel/audit';
import { checkHerdEvent, currentHead, livestockProduct, type BaseInfo, type HerdErrors } from './base';
import { countId, EarTagModel, HerdCountModel, HerdEventModel, type HerdEvent } from './schema';
import {
  SELLING_KINDS,
  isAdding,
  kindHas,
  parseEarTags,
  yuanToFen,
  type HerdEventInput,
  type HerdEventKind,
} from '~/schemas/herd';
import type { Species } from '~/schemas/roles';
import { shanghaiMidnight } from '~/domain/time';

export type HerdResult =
  { ok: true; id: Types.ObjectId; lotCode: string } | { ok: false; errors: HerdErrors };

interface HerdPlan {
  countId: string;
  baseId: Types.ObjectId;
  townId: Types.ObjectId;
  species: Species;
  delta: number;
  eventId: Types.ObjectId;
  addTags: string[];
  retireTags: { tags: string[]; status: 'dead' | 'sold' };
  lot: (Record<string, unknown> & { _id: Types.ObjectId }) | null;
  event: Record<string, unknown> & { _id: Types.ObjectId };
  audits: PlannedAudit[];
}

export const notEnough = async (baseId: Types.ObjectId, species: Species): Promise<HerdErrors> => ({
  head: [`herd.notEnough|${JSON.stringify({ available: await currentHead(baseId, species) })}`],
});

const recordOperation = defineOperation<HerdPlan>({
  name: 'herd:record',
  async hold(op) {
    const p = op.plan;
    const adding = p.delta > 0;
    const held = await holdAmount(
      HerdCountModel,
      { _id: p.countId, ...(!adding && { head: { $gte: -p.delta } }) },
      'head',
      p.delta,
      op._id,
      adding ? { upsert: { townId: p.townId, baseId: p.baseId, species: p.species } } : {},
    );
    if (!held) return notEnough(p.baseId, p.species);
    if (p.addTags.length) {
      try {
        await EarTagModel.insertMany(
          p.addTags.map((t) => ({
            _id: t,
            baseId: p.baseId,
            species: p.species,
            status: 'alive',
            addedBy: p.eventId,
            removedBy: null,
          })),
          { ordered: false },
        );
      } catch (error) {
        if ((error as { code?: number }).code === 11000) return { earTags: ['herd.tagRace'] };
        throw error;
      }
      written();
    }
    if (p.retireTags.tags.length) {
      const retired = await EarTagModel.updateMany(
        { _id: { $in: p.retireTags.tags }, baseId: p.baseId, status: 'alive' },
        { $set: { status: p.retireTags.status, removedBy: p.eventId } },
      );
      written();
      if (retired.modifiedCount !== p.retireTags.tags.length) return { earTags: ['herd.tagRace'] };
    }
    return null;
  },
  async release(op) {
    const p = op.plan;
    await EarTagModel.updateMany({ removedBy: p.eventId }, { $set: { status: 'alive', removedBy: null } });
    written();
    await EarTagModel.deleteMany({ addedBy: p.eventId });
    written();
    await releaseAmount(HerdCountModel, p.countId, 'head', op._id);
  },
  async apply(op) {
    await Promise.all([
      op.plan.lot && insertOnce(LotModel as never, [op.plan.lot]),
      insertOnce(HerdEventModel as never, [op.plan.event]),
      writeAudit(op.plan.audits),
    ]);
  },
  finish: (op) => clearHold(HerdCountModel, { _id: op.plan.countId }, op._id),
});

/**
 * Records an event as one operation: the head count (guarded so it never goes below zero),
 * the ear tags registered or retired, a lot for animals sold, the event and its audit trail.
 */
export async function recordHerdEvent(
  base: BaseInfo,
  input: HerdEventInput,
  actor: Actor,
): Promise<HerdResult> {
  const outcome = await perform(recordOperation, { once: actor.once, input }, async () => {
    const errors = await checkHerdEvent(base, input);
    if (Object.keys(errors).length) return refuse('invalid', errors);
    const eventId = new Types.ObjectId();
    const adding = isAdding(input.kind);
    const tags = parseEarTags(input.earTags);
    const date = shanghaiMidnight(input.date)!;
    let lot = null;
    if (SELLING_KINDS.includes(input.kind)) {
      const [product, town] = await Promise.all([
        livestockProduct(base.townId, input.species),
        TownModel.findById(base.townId).select('code').lean(),
      ]);
      lot = await planLot({
        townCode: town!.code,
        townId: base.townId,
        orgId: base._id,
        productId: product!._id,
        productCode: product!.code,
        productName: product!.name,
        unit: 'head',
        quantity: input.head,
        grade: '',
        producedAt: date,
        origin: {
          kind: 'herd_sale',
          plantingId: null,
          harvestId: null,
          herdEventId: eventId,
          villageId: base.villageId,
          cooperativeId: null,
          baseId: base._id,
        },
      });
    }
    const now = new Date();
    const event = {
      ...herdEventDoc(base, input, eventId, date, lot && { _id: lot._id, code: String(lot.code) }),
      createdAt: now,
      updatedAt: now,
    };
    const audits = [
      lot && auditEvent('Lot', 'create', actor, null, lot, String(lot.code)),
      auditEvent('HerdEvent', 'create', actor, null, event, `${event.kind} ${event.head}`),
    ].filter((e): e is PlannedAudit => e !== null);
    const plan: HerdPlan = {
      countId: countId(base._id, input.species),
      baseId: base._id,
      townId: base.townId,
      species: input.species,
      delta: adding ? input.head : -input.head,
      eventId,
      addTags: adding ? tags : [],
      retireTags: { tags: adding ? [] : tags, status: input.kind === 'death' ? 'dead' : 'sold' },
      lot,
      event,
      audits,
    };
    return { ok: true, plan, value: { id: eventId, lotCode: lot ? String(lot.code) : '' } };
  });
  return outcome.ok ? { ok: true, ...outcome.value } : { ok: false, errors: outcome.errors };
}

/** The stored event for an input (the form and the import build it the same way). */
export function herdEventDoc(
  base: BaseInfo,
  input: HerdEventInput,
  id: Types.ObjectId,
  date: Date,
  lot: { _id: Types.ObjectId; code: string } | null | undefined,
): Partial<HerdEvent> & { _id: Types.ObjectId } {
  return {
    _id: id,
    townId: base.townId,
    orgId: base._id,
    species: input.species,
    kind: input.kind,
    date,
    head: input.head,
    delta: isAdding(input.kind) ? input.head : -input.head,
    earTags: parseEarTags(input.earTags),
    ...storedDetails(input.kind, input),
    notes: input.notes,
    lotId: lot?._id ?? null,
    lotCode: lot?.code ?? '',
    importId: null,
  };
}

/** The details a kind of event keeps; a price typed on a birth is not stored. */
export function storedDetails(
  kind: HerdEventKind,
  d: { cause?: string; buyer?: string; weightKg?: number; priceYuan?: number },
) {
  return {
    cause: kindHas(kind, 'cause') ? (d.cause ?? '') : '',
    buyer: kindHas(kind, 'buyer') ? (d.buyer ?? '') : '',
    weightKg: kindHas(kind, 'weightKg') ? (d.weightKg ?? null) : null,
    priceFen: kindHas(kind, 'priceYuan') && d.priceYuan !== undefined ? yuanToFen(d.priceYuan) : null,
  };
}
