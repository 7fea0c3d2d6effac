// The register of households and a cooperative's purchase price list, written through the
// audited record path (models/kernel/write.ts) like every record.
import { Types } from 'mongoose';

import { createRecord, updateRecord } from '../kernel/write';
import type { Actor } from '../kernel/audit';
import { type Scope } from '../kernel/scope';

import { HouseholdModel, PurchasePriceModel, type Household, type Membership } from './schema';

import { householdFilter } from './entries';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };

// ---------------------------------------------------------------- the register

export interface HouseholdInput {
  villageId: Types.ObjectId;
  number: string;
  head: string;
  members: number;
  phone: string;
  lifted?: boolean;
  monitored?: boolean;
  memberships: Membership[];
}

const label = (doc: Doc) => `${doc.number} ${doc.head}`;

export function createHousehold(townId: Types.ObjectId, input: HouseholdInput, actor: Actor) {
  return createRecord(
    HouseholdModel,
    { ...input, townId, lifted: input.lifted ?? false, monitored: input.monitored ?? false },
    actor,
    { label },
  );
}

/** Changes a household within the scope (a cooperative reaches only its members). */
export function updateHousehold(scope: Scope, id: Types.ObjectId, changes: Partial<Household>, actor: Actor) {
  return updateRecord(HouseholdModel, { _id: id, ...householdFilter(scope) }, changes, actor, { label });
}

// ---------------------------------------------------------------- purchase prices

export async function setPurchasePrice(
  scope: Scope,
  input: { productId: Types.ObjectId; grade: string; unitFen: number },
  actor: Actor,
) {
  const existing = await PurchasePriceModel.findOne({
    orgId: scope.orgId,
    productId: input.productId,
    grade: input.grade,
  }).lean();
  if (existing) {
    return updateRecord(
      PurchasePriceModel,
      { _id: existing._id, orgId: scope.orgId },
      { unitFen: input.unitFen },
      actor,
      {
        label: () => `${input.grade} ${input.unitFen / 100}`,
      },
    );
  }
  return createRecord(PurchasePriceModel, { ...input, townId: scope.townId!, orgId: scope.orgId! }, actor, {
    label: () => `${input.grade} ${input.unitFen / 100}`,
  });
}
