import { Types } from 'mongoose';
import { countActiveVillages } from '#models/town/village';
import type { OrganizationInput } from '~/schemas/master-data';
import type { OrgType } from '~/schemas/roles';
import type { SessionUser } from './auth.server';

/** Organization types a user may create or edit: officials never touch the platform or government. */
export function manageableOrgTypes(user: SessionUser): OrgType[] {
  const all: OrgType[] = ['cooperative', 'enterprise', 'plant', 'carrier', 'base', 'government', 'platform'];
  return user.role === 'admin' ? all : all.filter((t) => t !== 'platform' && t !== 'government');
}

/**
 * The checks zod cannot make: the type is one this user may manage, and the villages named
 * are active villages of the organization's town. Returns field errors (empty when fine).
 */
export async function checkOrganization(
  user: SessionUser,
  townId: Types.ObjectId | null,
  input: OrganizationInput,
): Promise<Record<string, string[]>> {
  const errors: Record<string, string[]> = {};
  if (!manageableOrgTypes(user).includes(input.type)) errors.type = ['v.invalidChoice'];
  if (input.type === 'platform' ? townId !== null : townId === null) errors.type = ['v.invalidChoice'];
  const ids =
    input.type === 'cooperative'
      ? input.villageIds
      : input.type === 'base' && input.villageId
        ? [input.villageId]
        : [];
  if (ids.length && townId) {
    const found = await countActiveVillages(
      townId,
      ids.map((id) => new Types.ObjectId(id)),
    );
    if (found !== new Set(ids).size)
      errors[input.type === 'base' ? 'villageId' : 'villageIds'] = ['v.villageNotFound'];
  }
  return errors;
}

/** The village choices of a town, for the cooperative and base fields. */
export async function villageOptions(townId: Types.ObjectId | null) {
  if (!townId) return [];
  const { listVillages } = await import('#models/town/village');
  const villages = await listVillages({ access: 'any', townId: null, orgId: null }, { townId });
  return villages.map((v) => ({ value: v.id, label: v.name }));
}
