// What a herd event is checked against: the base, its head count now and along its history,
// its ear tags, its livestock products.
import { Types } from 'mongoose';
import { OrganizationModel } from '../../town/organization';
import { ProductModel } from '../../town/product';
import { VISIBLE } from '../../kernel/staging';
import { TownModel } from '../../town/town';
import { countId, EarTagModel, HerdCountModel, HerdEventModel } from './schema';
import {
  LIVESTOCK_PRODUCT_CODE,
  SELLING_KINDS,
  isAdding,
  parseEarTags,
  type HerdEventInput,
} from '~/schemas/herd';
import type { Species } from '~/schemas/roles';
import { shanghaiMidnight } from '~/domain/time';

export interface BaseInfo {
  _id: Types.ObjectId;
  townId: Types.ObjectId;
  species: Species[];
  villageId: Types.ObjectId | null;
  countyCode: string; // the town's county: digits 2–7 of every ear tag
}

/** An active livestock base, or null (archived, or not a base). */
export async function getBase(id: Types.ObjectId): Promise<BaseInfo | null> {
  const org = await OrganizationModel.findOne({ _id: id, type: 'base', archivedAt: null }).lean();
  if (!org) return null;
  const town = await TownModel.findById(org.townId).select('countyCode').lean();
  return {
    _id: org._id,
    townId: org.townId!,
    species: org.species,
    villageId: org.villageId,
    countyCode: town?.countyCode ?? '',
  };
}

export async function currentHead(baseId: Types.ObjectId, species: Species) {
  const c = await HerdCountModel.findById(countId(baseId, species)).lean();
  return c?.head ?? 0;
}

/** Net change per day (Shanghai midnights) of a base's species, oldest first. */
export async function dailyDeltas(baseId: Types.ObjectId, species: Species) {
  return HerdEventModel.aggregate<{ _id: Date; delta: number }>([
    { $match: { orgId: baseId, species, ...VISIBLE } },
    { $group: { _id: '$date', delta: { $sum: '$delta' } } },
    { $sort: { _id: 1 } },
  ]);
}

/**
 * The lowest end-of-day head count from `date` on, counting all recorded events: a removal
 * dated `date` must not exceed it, or the history would go negative on some day. Events of
 * one day have no order, so animals bought or born that day may leave that day.
 */
export function lowestFrom(days: { _id: Date; delta: number }[], date: Date) {
  let running = 0;
  let lowest = Number.POSITIVE_INFINITY;
  for (const d of days) {
    // before a later day's change, `running` is the count at the end of the previous day
    if (d._id > date) lowest = Math.min(lowest, running);
    running += d.delta;
  }
  return Math.min(lowest, running);
}

export type HerdErrors = Record<string, string[]>;

/** Checks that need the database: species of the base, tags' county and state, enough animals. */
export async function checkHerdEvent(base: BaseInfo, input: HerdEventInput): Promise<HerdErrors> {
  const errors: HerdErrors = {};
  if (!base.species.includes(input.species)) errors.species = ['herd.speciesNotKept'];
  const tags = parseEarTags(input.earTags);
  if (tags.length) {
    const county = base.countyCode;
    const wrongCounty = tags.filter((t) => t.slice(1, 7) !== county);
    if (wrongCounty.length) {
      errors.earTags = [
        `herd.tagCounty|${JSON.stringify({ tags: wrongCounty.slice(0, 3).join(', '), county })}`,
      ];
    } else if (isAdding(input.kind)) {
      const taken = await EarTagModel.find({ _id: { $in: tags } })
        .select('_id')
        .lean();
      if (taken.length)
        errors.earTags = [
          `herd.tagTaken|${JSON.stringify({
            tags: taken
              .slice(0, 3)
              .map((t) => t._id)
              .join(', '),
          })}`,
        ];
    } else {
      const alive = await EarTagModel.find({
        _id: { $in: tags },
        baseId: base._id,
        species: input.species,
        status: 'alive',
      })
        .select('_id')
        .lean();
      const missing = tags.filter((t) => !alive.some((a) => a._id === t));
      if (missing.length)
        errors.earTags = [`herd.tagNotInHerd|${JSON.stringify({ tags: missing.slice(0, 3).join(', ') })}`];
    }
  }
  if (!isAdding(input.kind) && !errors.species) {
    const date = shanghaiMidnight(input.date)!;
    const [now, lowest] = await Promise.all([
      currentHead(base._id, input.species),
      dailyDeltas(base._id, input.species).then((days) => lowestFrom(days, date)),
    ]);
    const available = Math.max(0, Math.min(now, lowest));
    if (input.head > available) {
      // say why when the history, not today's count, is what limits it
      errors.head = [
        lowest < now
          ? `herd.notEnoughThen|${JSON.stringify({ available, now, date: input.date })}`
          : `herd.notEnough|${JSON.stringify({ available })}`,
      ];
    }
  }
  if (SELLING_KINDS.includes(input.kind) && !errors.species) {
    const product = await livestockProduct(base.townId, input.species);
    if (!product)
      errors.kind = [`herd.noProduct|${JSON.stringify({ code: LIVESTOCK_PRODUCT_CODE[input.species] })}`];
  }
  return errors;
}

export function livestockProduct(townId: Types.ObjectId, species: Species) {
  return ProductModel.findOne({ townId, code: LIVESTOCK_PRODUCT_CODE[species], archivedAt: null }).lean();
}
