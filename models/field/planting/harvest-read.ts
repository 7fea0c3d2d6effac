// Reading harvests: a planting's, a lot's, one, those flagged for a check, and the check itself.
import { Types } from 'mongoose';

import { scopeFilter, type Scope } from '../../kernel/scope';

import { VISIBLE } from '../../kernel/staging';

import { updateRecord } from '../../kernel/write';
import type { Actor } from '../../kernel/audit';
import { FLAG_REASONS, HarvestModel } from './schema';
import { toPlain } from '../../kernel/common';

/** What a scope reaches of plantings and their harvests: in its town or organization, not staged. */
export const harvestScope = (scope: Scope) => ({ ...scopeFilter(scope), ...VISIBLE });

export async function listHarvestsOfPlanting(plantingId: Types.ObjectId) {
  const docs = await HarvestModel.find({ plantingId, ...VISIBLE })
    .sort({ harvestedOn: 1, _id: 1 })
    .lean();
  return docs.map(toPlain);
}

/** The harvest a lot came from, as the clerk is told about it after saving. */
export async function getHarvestOfLot(scope: Scope, lotCode: string) {
  const doc = await HarvestModel.findOne({ lotCode, ...harvestScope(scope) })
    .select('flag yieldKgPerMu productId lotCode')
    .lean();
  return doc && toPlain(doc);
}

export async function getHarvest(scope: Scope, id: Types.ObjectId) {
  const doc = await HarvestModel.findOne({ _id: id, ...harvestScope(scope) }).lean();
  return doc && toPlain(doc);
}

/** Flagged harvests, newest first: those no official has checked yet, or all of them. */
export async function listFlaggedHarvests(scope: Scope, { checked = false, limit = 200 } = {}) {
  const docs = await HarvestModel.find({
    ...harvestScope(scope),
    flag: { $in: FLAG_REASONS },
    ...(!checked && { flagCheck: null }),
  })
    .sort({ harvestedOn: -1 })
    .limit(limit)
    .lean();
  return docs.map(toPlain);
}

/** An official has looked at a flagged harvest: who, when, and what they found. */
export function checkHarvestFlag(scope: Scope, id: Types.ObjectId, note: string, actor: Actor) {
  return updateRecord(
    HarvestModel,
    { _id: id, ...harvestScope(scope), flag: { $in: FLAG_REASONS } },
    { flagCheck: { at: new Date(), by: actor.username, note } },
    actor,
    { label: (d) => String(d.lotCode), input: { id, note } },
  );
}
