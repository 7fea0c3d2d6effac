import { Schema, Types } from 'mongoose';
import { archivable, byPinyin, defineModel, toPlain } from '../kernel/common';
import type { Scope } from '../kernel/scope';
import { archiveRecord, createRecord, restoreRecord, updateRecord } from '../kernel/write';
import type { Actor } from '../kernel/audit';
import { recordCommands } from '../kernel/record-commands';
import { TownSchema, type TownInput } from '~/schemas/master-data';

export interface Town {
  name: string;
  code: string; // short uppercase code used in lot codes, e.g. LFT
  county: string;
  countyCode: string; // 6-digit administrative division code (ear tags use it)
  archivedAt: Date | null;
}

const townSchema = new Schema<Town>(
  {
    name: { type: String, required: true, trim: true },
    code: { type: String, required: true, uppercase: true, trim: true },
    county: { type: String, default: '' },
    countyCode: { type: String, default: '' },
    ...archivable,
  },
  { timestamps: true },
);
townSchema.index({ code: 1 }, { unique: true });
townSchema.index({ name: 1 }, { unique: true });

export const TownModel = defineModel('Town', townSchema);

const townScope = (scope: Scope) => (scope.access === 'any' ? {} : { _id: scope.townId });

export async function listTowns(scope: Scope, { includeArchived = false } = {}) {
  const docs = await TownModel.find({ ...townScope(scope), ...(!includeArchived && { archivedAt: null }) })
    .sort({ name: 1 })
    .lean();
  return docs.map(toPlain).sort(byPinyin);
}

export async function getTown(scope: Scope, id: Types.ObjectId) {
  const doc = await TownModel.findOne({ _id: id, ...townScope(scope) }).lean();
  return doc && toPlain(doc);
}

export const createTown = (input: TownInput, actor: Actor) => createRecord(TownModel, input, actor);
export const updateTown = (scope: Scope, id: Types.ObjectId, input: TownInput, actor: Actor) =>
  updateRecord(TownModel, { _id: id, ...townScope(scope) }, input, actor);
export const archiveTown = (scope: Scope, id: Types.ObjectId, actor: Actor) =>
  archiveRecord(TownModel, { _id: id, ...townScope(scope) }, actor);
export const restoreTown = (scope: Scope, id: Types.ObjectId, actor: Actor) =>
  restoreRecord(TownModel, { _id: id, ...townScope(scope) }, actor);

/** A town's form (administrators): a name or a code used twice is refused. */
export const townCommands = recordCommands({
  entity: 'town',
  input: TownSchema,
  create: (_scope, input, actor) => createTown(input, actor),
  update: updateTown,
  archive: archiveTown,
  restore: restoreTown,
  duplicates: { name: 'v.duplicate', code: 'v.duplicateCode' },
});
