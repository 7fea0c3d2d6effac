import { Schema, Types } from 'mongoose';
import { archivable, byPinyin, defineModel, toPlain } from '../kernel/common';
import { scopeFilter, type Scope } from '../kernel/scope';
import { archiveRecord, createRecord, restoreRecord, updateRecord } from '../kernel/write';
import type { Actor } from '../kernel/audit';
import { recordCommands } from '../kernel/record-commands';
import { VillageSchema, type VillageInput } from '~/schemas/master-data';

export interface Village {
  townId: Types.ObjectId;
  name: string;
  households: number;
  archivedAt: Date | null;
}

const villageSchema = new Schema<Village>(
  {
    townId: { type: Schema.Types.ObjectId, ref: 'Town', required: true },
    name: { type: String, required: true, trim: true },
    households: { type: Number, required: true, min: 0 },
    ...archivable,
  },
  { timestamps: true },
);
// natural key; also serves the village list of a town sorted by name
villageSchema.index({ townId: 1, name: 1 }, { unique: true });

export const VillageModel = defineModel('Village', villageSchema);

const inScope = (scope: Scope) => scopeFilter(scope, { orgField: null });

export async function listVillages(
  scope: Scope,
  { includeArchived = false, townId }: { includeArchived?: boolean; townId?: Types.ObjectId } = {},
) {
  const docs = await VillageModel.find({
    ...inScope(scope),
    ...(townId && { townId }),
    ...(!includeArchived && { archivedAt: null }),
  })
    .sort({ name: 1 })
    .lean();
  return docs.map(toPlain).sort(byPinyin);
}

export async function getVillage(scope: Scope, id: Types.ObjectId) {
  const doc = await VillageModel.findOne({ _id: id, ...inScope(scope) }).lean();
  return doc && toPlain(doc);
}

/** Active villages of a town whose ids are all in `ids` (validates a form's choices). */
export async function countActiveVillages(townId: Types.ObjectId, ids: Types.ObjectId[]) {
  return VillageModel.countDocuments({ townId, _id: { $in: ids }, archivedAt: null });
}

export const createVillage = (townId: Types.ObjectId, input: VillageInput, actor: Actor) =>
  createRecord(VillageModel, { ...input, townId }, actor);
export const updateVillage = (scope: Scope, id: Types.ObjectId, input: VillageInput, actor: Actor) =>
  updateRecord(VillageModel, { _id: id, ...inScope(scope) }, input, actor);
export const archiveVillage = (scope: Scope, id: Types.ObjectId, actor: Actor) =>
  archiveRecord(VillageModel, { _id: id, ...inScope(scope) }, actor);
export const restoreVillage = (scope: Scope, id: Types.ObjectId, actor: Actor) =>
  restoreRecord(VillageModel, { _id: id, ...inScope(scope) }, actor);

/** A village's form: created in the official's town; a name used twice in a town is refused. */
export const villageCommands = recordCommands({
  entity: 'village',
  input: VillageSchema,
  create: (scope, input, actor) => createVillage(scope.townId!, input, actor),
  update: updateVillage,
  archive: archiveVillage,
  restore: restoreVillage,
  duplicates: { name: 'v.duplicate' },
});
