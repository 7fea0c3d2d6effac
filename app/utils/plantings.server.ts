import { Types } from 'mongoose';
import { listOrganizations } from '#models/organization';
import { listProducts } from '#models/product';
import type { Scope } from '#models/scope';
import { listVillages } from '#models/village';
import type { SessionUser } from './auth.server';

/** Villages (those the cooperative serves first) and the town's crops, for forms and filters. */
export async function plantingChoices(user: SessionUser) {
  const townScope: Scope = { access: 'town', townId: user.townId, orgId: user.orgId };
  const [villages, crops, orgs] = await Promise.all([
    listVillages(townScope),
    listProducts(townScope, { category: 'crop' }),
    listOrganizations(townScope, { type: 'cooperative', includeArchived: true }),
  ]);
  const served = new Set(orgs.find((o) => o.id === String(user.orgId))?.villageIds ?? []);
  const ordered = [...villages.filter((v) => served.has(v.id)), ...villages.filter((v) => !served.has(v.id))];
  return {
    villages: ordered.map((v) => ({ value: v.id, label: v.name })),
    crops: crops.map((p) => ({ value: p.id, label: p.name, labelEn: p.nameEn || p.name })),
    // a cooperative sees its own name only: which other cooperatives exist is not its business
    cooperatives: orgs
      .filter((o) => user.role !== 'cooperative' || o.id === String(user.orgId))
      .map((o) => ({ value: o.id, label: o.name })),
  };
}

export { namesOf } from './names';

export const asObjectId = (value: string | null) =>
  value && /^[0-9a-f]{24}$/i.test(value) ? new Types.ObjectId(value) : undefined;
