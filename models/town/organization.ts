import { Schema, Types } from 'mongoose';
import { archivable, byPinyin, defineModel, toPlain } from '../kernel/common';
import { scopeFilter, type Scope } from '../kernel/scope';
import { archiveRecord, createRecord, restoreRecord, updateRecord } from '../kernel/write';
import type { Actor } from '../kernel/audit';
import {
  ENTERPRISE_LEVELS,
  ORG_TYPES,
  SPECIES,
  type EnterpriseLevel,
  type OrgType,
  type Species,
} from '~/schemas/roles';
import type { OrganizationInput } from '~/schemas/master-data';
import { WEIGHT_UNITS, type WeightUnit } from '~/domain/planting';

export interface Organization {
  townId: Types.ObjectId | null; // null only for the platform operator
  type: OrgType;
  name: string;
  contactName: string;
  phone: string;
  // cooperative
  villageIds: Types.ObjectId[];
  memberHouseholds: number | null;
  // enterprise
  level: EnterpriseLevel | null;
  // plant
  owner: string;
  /** the enterprise whose receiving site the plant is (利福塔葛根加工厂 for 九天), or null */
  servesOrgId: Types.ObjectId | null;
  /** the plant also processes others' goods for a fee (来料加工) */
  tollProcessing: boolean;
  // base
  villageId: Types.ObjectId | null;
  site: string;
  species: Species[];
  // the unit its people weigh in (null: the type's usual one, see weightUnitOf)
  weightUnit: WeightUnit | null;
  archivedAt: Date | null;
}

const organizationSchema = new Schema<Organization>(
  {
    townId: { type: Schema.Types.ObjectId, ref: 'Town', default: null },
    type: { type: String, enum: ORG_TYPES, required: true },
    name: { type: String, required: true, trim: true },
    contactName: { type: String, default: '' },
    phone: { type: String, default: '' },
    villageIds: { type: [Schema.Types.ObjectId], ref: 'Village', default: [] },
    memberHouseholds: { type: Number, min: 0, default: null },
    level: { type: String, enum: [...ENTERPRISE_LEVELS, null], default: null },
    owner: { type: String, default: '' },
    servesOrgId: { type: Schema.Types.ObjectId, ref: 'Organization', default: null },
    tollProcessing: { type: Boolean, default: false },
    villageId: { type: Schema.Types.ObjectId, ref: 'Village', default: null },
    site: { type: String, default: '' },
    species: { type: [String], enum: SPECIES, default: [] },
    weightUnit: { type: String, enum: [...WEIGHT_UNITS, null], default: null },
    ...archivable,
  },
  { timestamps: true },
);
// natural key; also serves the organization list of a town by name
organizationSchema.index({ townId: 1, name: 1 }, { unique: true });
// organizations of one type in a town (cooperatives for a contract form, bases for targets)
organizationSchema.index({ townId: 1, type: 1, archivedAt: 1 });

export const OrganizationModel = defineModel('Organization', organizationSchema);

/** Organizations are "owned" by themselves: `own` access means the user's own organization. */
const inScope = (scope: Scope) => scopeFilter(scope, { orgField: '_id' });

function normalize(input: OrganizationInput): Partial<Organization> {
  const t = input.type;
  return {
    type: t,
    name: input.name,
    contactName: input.contactName,
    phone: input.phone,
    villageIds: t === 'cooperative' ? input.villageIds.map((id) => new Types.ObjectId(id)) : [],
    memberHouseholds: t === 'cooperative' ? (input.memberHouseholds ?? null) : null,
    level: t === 'enterprise' ? (input.level ?? null) : null,
    owner: t === 'plant' ? input.owner : '',
    servesOrgId: t === 'plant' && input.servesOrgId ? new Types.ObjectId(input.servesOrgId) : null,
    tollProcessing: t === 'plant' && input.tollProcessing,
    villageId: t === 'base' && input.villageId ? new Types.ObjectId(input.villageId) : null,
    site: t === 'base' ? input.site : '',
    species: t === 'base' ? input.species : [],
    weightUnit: input.weightUnit ?? null,
  };
}

export async function listOrganizations(
  scope: Scope,
  {
    includeArchived = false,
    type,
    townId,
  }: { includeArchived?: boolean; type?: OrgType; townId?: Types.ObjectId } = {},
) {
  const docs = await OrganizationModel.find({
    ...inScope(scope),
    ...(townId && { townId }),
    ...(type && { type }),
    ...(!includeArchived && { archivedAt: null }),
  })
    .sort({ type: 1, name: 1 })
    .lean();
  return docs.map(toPlain).sort(byPinyin);
}

export async function getOrganization(scope: Scope, id: Types.ObjectId) {
  const doc = await OrganizationModel.findOne({ _id: id, ...inScope(scope) }).lean();
  return doc && toPlain(doc);
}

export async function findActiveOrganization(id: Types.ObjectId) {
  const doc = await OrganizationModel.findOne({ _id: id, archivedAt: null }).lean();
  return doc && toPlain(doc);
}

export const createOrganization = (townId: Types.ObjectId | null, input: OrganizationInput, actor: Actor) =>
  createRecord(OrganizationModel, { ...normalize(input), townId }, actor);
export const updateOrganization = (
  scope: Scope,
  id: Types.ObjectId,
  input: OrganizationInput,
  actor: Actor,
) => updateRecord(OrganizationModel, { _id: id, ...inScope(scope) }, normalize(input), actor);
export const archiveOrganization = (scope: Scope, id: Types.ObjectId, actor: Actor) =>
  archiveRecord(OrganizationModel, { _id: id, ...inScope(scope) }, actor);
export const restoreOrganization = (scope: Scope, id: Types.ObjectId, actor: Actor) =>
  restoreRecord(OrganizationModel, { _id: id, ...inScope(scope) }, actor);

/** The town's enterprises still in business: the buyers a delivery or a sale may name. */
export async function townEnterprises(townId: Types.ObjectId | null) {
  const docs = await OrganizationModel.find({ townId, type: 'enterprise', archivedAt: null })
    .select('name')
    .lean();
  return docs.map((d) => ({ id: d._id, name: d.name }));
}

/** The plants of a town that receive for an enterprise: where a delivery to it may go. */
export async function receivingPlants(townId: Types.ObjectId | null, enterpriseId?: Types.ObjectId) {
  const docs = await OrganizationModel.find({
    townId,
    type: 'plant',
    archivedAt: null,
    servesOrgId: enterpriseId ?? { $ne: null },
  })
    .select('name servesOrgId tollProcessing')
    .lean();
  return docs.map((d) => ({ id: d._id, name: d.name, servesOrgId: d.servesOrgId! }));
}

/** An organization of this town and type (archived ones too unless `active`), or null. */
export async function townOrganization(
  townId: Types.ObjectId | null,
  id: Types.ObjectId | string,
  type: Organization['type'],
  { active = false } = {},
) {
  const doc = await OrganizationModel.findOne({ _id: id, townId, type, ...(active && { archivedAt: null }) })
    .select('name')
    .lean();
  return doc && { id: doc._id, name: doc.name };
}
