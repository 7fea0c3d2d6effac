import { Types } from 'mongoose';

export { manageableOrgTypes } from '#models/town';

/** The village choices of a town, for the cooperative and base fields. */
export async function villageOptions(townId: Types.ObjectId | null) {
  if (!townId) return [];
  const { listVillages } = await import('#models/town/village');
  const villages = await listVillages({ access: 'any', townId: null, orgId: null }, { townId });
  return villages.map((v) => ({ value: v.id, label: v.name }));
}

/** The enterprise choices of a town, for the plant's 收货加工企业. */
export async function enterpriseOptions(townId: Types.ObjectId | null) {
  if (!townId) return [];
  const { townEnterprises } = await import('#models/town');
  return (await townEnterprises(townId)).map((e) => ({ value: String(e.id), label: e.name }));
}
