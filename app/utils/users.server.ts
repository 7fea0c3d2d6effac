import { Types } from 'mongoose';
import { findActiveOrganization, listOrganizations } from '#models/town/organization';
import type { Scope } from '#models/kernel/scope';
import { listTowns } from '#models/town/town';
import type { UserCreateInput } from '~/schemas/master-data';
import { ROLE_ORG_TYPE } from '~/schemas/roles';

/**
 * The user's organization must exist, be active and be of the type the role belongs to.
 * Returns the organization's town (users take it from their organization) or field errors.
 */
type OrgResult =
  | { errors: Record<string, string[]>; orgId?: undefined; townId?: undefined }
  | { errors?: undefined; orgId: Types.ObjectId; townId: Types.ObjectId | null };

export async function resolveUserOrg(input: Pick<UserCreateInput, 'role' | 'orgId'>): Promise<OrgResult> {
  const org = await findActiveOrganization(new Types.ObjectId(input.orgId));
  if (!org) return { errors: { orgId: ['v.orgNotFound'] } };
  if (ROLE_ORG_TYPE[input.role] !== org.type) return { errors: { role: ['v.roleOrgMismatch'] } };
  return { orgId: new Types.ObjectId(org.id), townId: org.townId ? new Types.ObjectId(org.townId) : null };
}

/** Every active organization as "town · name", for the user form. */
export async function organizationOptions(scope: Scope) {
  const [orgs, towns] = await Promise.all([
    listOrganizations(scope),
    listTowns(scope, { includeArchived: true }),
  ]);
  const townName = Object.fromEntries(towns.map((t) => [t.id, t.name]));
  return orgs.map((o) => ({ value: o.id, label: `${o.townId ? townName[o.townId] : '—'} · ${o.name}` }));
}
