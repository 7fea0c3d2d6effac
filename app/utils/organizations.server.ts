import { Types } from 'mongoose';

export { manageableOrgTypes } from '#models/town';

/** The village choices of a town, for the cooperative and base fields. */
export async function villageOptions(townId: Types.ObjectId | null) {
  if (!townId) return [];
  const { listVillages } = await import('#models/town/village');
  const villages = await listVillages({ access: 'any', townId: null, orgId: null }, { townId });
  return villages.map((v) => ({ value: v.id, label: v.name }));
}
