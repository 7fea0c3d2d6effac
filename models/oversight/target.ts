// Targets the town sets (head count at the base, new annual sales, acreage per crop, household
// income) and the progress toward them (models/oversight/dashboard.ts measures them).
import { Schema, Types } from 'mongoose';
import { archivable, defineModel, toObjectId, toPlain } from '../kernel/common';
import { scopeFilter, type Scope } from '../kernel/scope';
import { archiveRecord, createRecord, restoreRecord, updateRecord } from '../kernel/write';
import type { Actor } from '../kernel/audit';
import { recordCommands } from '../kernel/record-commands';
import { OrganizationModel } from '../town/organization';
import { ProductModel } from '../town/product';
import { VillageModel } from '../town/village';
import {
  METRIC_UNITS,
  SCOPE_KINDS,
  TARGET_METRICS,
  type ScopeKind,
  type TargetMetric,
} from '~/domain/target';
import { TargetSchema, type TargetInput } from '~/schemas/target';

export interface Target {
  townId: Types.ObjectId;
  title: string;
  metric: TargetMetric;
  scopeKind: ScopeKind;
  scopeId: Types.ObjectId | null;
  productId: Types.ObjectId | null;
  value: number; // in the metric's unit (元 for money)
  unit: string;
  baseline: number;
  baselineOn: string; // YYYY-MM-DD
  startOn: string;
  deadline: string;
  notes: string;
  pinned: boolean; // 置顶: first on the dashboard and the list
  archivedAt: Date | null;
}

const targetSchema = new Schema<Target>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true },
    metric: { type: String, enum: TARGET_METRICS, required: true },
    scopeKind: { type: String, enum: SCOPE_KINDS, required: true },
    scopeId: { type: Schema.Types.ObjectId, default: null },
    productId: { type: Schema.Types.ObjectId, default: null },
    value: { type: Number, required: true, min: 0 },
    unit: { type: String, required: true },
    baseline: { type: Number, default: 0, min: 0 },
    baselineOn: { type: String, required: true },
    startOn: { type: String, required: true },
    deadline: { type: String, required: true },
    notes: { type: String, default: '' },
    pinned: { type: Boolean, default: false },
    ...archivable,
  },
  { timestamps: true },
);
targetSchema.index({ townId: 1, archivedAt: 1, deadline: 1 });

export const TargetModel = defineModel('Target', targetSchema);

const inScope = (scope: Scope) => scopeFilter(scope, { orgField: null });

const fieldsOf = (input: TargetInput) => ({
  ...input,
  scopeId: input.scopeKind === 'town' || !input.scopeId ? null : new Types.ObjectId(input.scopeId),
  productId: input.productId ? new Types.ObjectId(input.productId) : null,
  unit: METRIC_UNITS[input.metric],
  pinned: input.pinned ?? false,
});

export async function listTargets(scope: Scope, { includeArchived = false } = {}) {
  const docs = await TargetModel.find({ ...inScope(scope), ...(!includeArchived && { archivedAt: null }) })
    .sort({ pinned: -1, deadline: 1, _id: 1 })
    .lean();
  return docs.map(toPlain);
}

export async function getTarget(scope: Scope, id: Types.ObjectId) {
  const doc = await TargetModel.findOne({ _id: id, ...inScope(scope) }).lean();
  return doc && toPlain(doc);
}

export const createTarget = (townId: Types.ObjectId, input: TargetInput, actor: Actor) =>
  createRecord(TargetModel, { ...fieldsOf(input), townId }, actor, { label: (d) => String(d.title) });
export const updateTarget = (scope: Scope, id: Types.ObjectId, input: TargetInput, actor: Actor) =>
  updateRecord(TargetModel, { _id: id, ...inScope(scope) }, fieldsOf(input), actor, {
    label: (d) => String(d.title),
  });
export const archiveTarget = (scope: Scope, id: Types.ObjectId, actor: Actor) =>
  archiveRecord(TargetModel, { _id: id, ...inScope(scope) }, actor);
export const restoreTarget = (scope: Scope, id: Types.ObjectId, actor: Actor) =>
  restoreRecord(TargetModel, { _id: id, ...inScope(scope) }, actor);

/** Field errors when the scope or product is not the town's own of the right kind. */
async function checkTargetRefs(townId: Types.ObjectId | null, input: TargetInput) {
  const errors: Record<string, string[]> = {};
  const scopeId = toObjectId(input.scopeId);
  if (input.scopeKind === 'village' && !(await VillageModel.exists({ _id: scopeId, townId }))) {
    errors.scopeId = ['v.invalidChoice'];
  }
  if (input.scopeKind === 'base' || input.scopeKind === 'cooperative') {
    if (!(await OrganizationModel.exists({ _id: scopeId, townId, type: input.scopeKind }))) {
      errors.scopeId = ['v.invalidChoice'];
    }
  }
  if (input.productId && !(await ProductModel.exists({ _id: toObjectId(input.productId), townId }))) {
    errors.productId = ['v.invalidChoice'];
  }
  return errors;
}

/** A target's form: its scope and product must be the town's own. */
export const targetCommands = recordCommands({
  entity: 'target',
  input: TargetSchema,
  check: (scope, input) => checkTargetRefs(scope.townId, input),
  create: (scope, input, actor) => createTarget(scope.townId!, input, actor),
  update: updateTarget,
  archive: archiveTarget,
  restore: restoreTarget,
});
