import { Types } from 'mongoose';
import { getEnv } from './env.server';
import { listOrganizations, OrganizationModel } from '#models/organization';
import { PlantingModel } from '#models/planting';
import { listVillages } from '#models/village';
import type { SessionUser } from './auth.server';

/** Names of the organizations and villages a lot page refers to. */
export async function lotNames(user: SessionUser) {
  const scope = { access: 'town' as const, townId: user.townId, orgId: user.orgId };
  const [orgs, villages] = await Promise.all([
    listOrganizations(scope, { includeArchived: true }),
    listVillages(scope, { includeArchived: true }),
  ]);
  return {
    orgs: Object.fromEntries(orgs.map((o) => [o.id, o.name])),
    villages: Object.fromEntries(villages.map((v) => [v.id, v.name])),
  };
}

/** The names of these organizations (a list shows them; it sends no others). */
export async function organizationNames(ids: string[]) {
  const unique = [...new Set(ids)].map((id) => new Types.ObjectId(id));
  const orgs = await OrganizationModel.find({ _id: { $in: unique } })
    .select('name')
    .lean();
  return Object.fromEntries(orgs.map((o) => [String(o._id), o.name])) as Record<string, string>;
}

export async function plantingRefOf(id: string | null) {
  if (!id) return null;
  const p = await PlantingModel.findById(new Types.ObjectId(id)).select('ref').lean();
  return p?.ref ?? null;
}

/**
 * The public address QR codes and links point at: PUBLIC_URL, never the host a request came
 * in on (a label printed from the office PC must open on a farmer's phone).
 */
export function publicOrigin() {
  return getEnv().PUBLIC_URL;
}
