import { Types } from 'mongoose';
import { listOrganizations, OrganizationModel } from '#models/town/organization';
import { listProducts, ProductModel } from '#models/town/product';
import type { Scope } from '#models/kernel/scope';
import { listVillages, VillageModel } from '#models/town/village';
import type { SessionUser } from './auth.server';

/** Villages (those the cooperative serves first) and the town's crops, for forms and filters. */
export async function plantingChoices(user: SessionUser, { servedOnly = false } = {}) {
  const townScope: Scope = { access: 'town', townId: user.townId, orgId: user.orgId };
  const [villages, crops, orgs] = await Promise.all([
    listVillages(townScope),
    listProducts(townScope, { category: 'crop' }),
    listOrganizations(townScope, { type: 'cooperative', includeArchived: true }),
  ]);
  const served = new Set(orgs.find((o) => o.id === String(user.orgId))?.villageIds ?? []);
  // a cooperative records plantings only where it serves; others see them first
  const ordered = [
    ...villages.filter((v) => served.has(v.id)),
    ...(servedOnly && user.role === 'cooperative' ? [] : villages.filter((v) => !served.has(v.id))),
  ];
  return {
    villages: ordered.map((v) => ({ value: v.id, label: v.name })),
    crops: crops.map((p) => ({ value: p.id, label: p.name, labelEn: p.nameEn || p.name })),
    // a cooperative sees its own name only: which other cooperatives exist is not its business
    cooperatives: orgs
      .filter((o) => user.role !== 'cooperative' || o.id === String(user.orgId))
      .map((o) => ({ value: o.id, label: o.name })),
  };
}

/** The names a planting's pages show: its village, its crop in both languages, its cooperative. */
export async function plantingNames(
  user: SessionUser,
  planting: { villageId: string; productId: string; orgId: string },
) {
  const [village, crop, org] = await Promise.all([
    VillageModel.findById(new Types.ObjectId(planting.villageId)).select('name').lean(),
    ProductModel.findById(new Types.ObjectId(planting.productId)).select('name nameEn').lean(),
    OrganizationModel.findById(new Types.ObjectId(planting.orgId)).select('name').lean(),
  ]);
  return {
    village: village?.name ?? '—',
    crop: { zh: crop?.name ?? '—', en: crop?.nameEn || crop?.name || '—' },
    cooperative: org?.name ?? '—',
  };
}

export { namesOf } from './names';

export const asObjectId = (value: string | null) =>
  value && /^[0-9a-f]{24}$/i.test(value) ? new Types.ObjectId(value) : undefined;
