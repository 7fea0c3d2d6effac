import { Types } from 'mongoose';
import { getEnv } from './env.server';
import { HerdEventModel } from '#models/field/herd';
import { HouseholdModel } from '#models/households';
import { OrganizationModel } from '#models/town/organization';
import { HarvestModel, PlantingModel } from '#models/field/planting';
import { ProductModel } from '#models/town/product';
import { VillageModel } from '#models/town/village';
import type { SessionUser } from './auth.server';
import { can } from './permissions.server';

/**
 * What a lot's page shows besides the lot: the names it refers to (only those), the product in
 * both languages, the quantity as the clerk entered it, a sale's buyer, weight and price, and
 * whether this user may still correct the harvest behind it.
 */
export async function lotDetails(user: SessionUser, lot: LotLike) {
  const o = lot.origin;
  const orgIds = [lot.holderOrgId, o.cooperativeId, o.baseId].filter((id): id is string => !!id);
  const [orgs, village, product, harvest, sale, planting] = await Promise.all([
    organizationNames(orgIds),
    o.villageId ? VillageModel.findById(new Types.ObjectId(o.villageId)).select('name').lean() : null,
    ProductModel.findById(new Types.ObjectId(lot.productId)).select('name nameEn').lean(),
    o.harvestId
      ? HarvestModel.findById(new Types.ObjectId(o.harvestId)).select('enteredQuantity enteredUnit').lean()
      : null,
    o.herdEventId
      ? HerdEventModel.findById(new Types.ObjectId(o.herdEventId))
          .select('kind buyer weightKg priceFen reversedBy')
          .lean()
      : null,
    o.plantingId ? PlantingModel.findById(new Types.ObjectId(o.plantingId)).select('ref').lean() : null,
  ]);
  const ownHarvest = !!harvest && lot.orgId === String(user.orgId) && can(user, 'write', 'harvest');
  return {
    orgs,
    village: village?.name ?? null,
    product: {
      zh: product?.name ?? lot.productName,
      en: product?.nameEn || product?.name || lot.productName,
    },
    entered: harvest && { quantity: harvest.enteredQuantity, unit: harvest.enteredUnit },
    correctHarvestId: ownHarvest && !lot.movedAt ? String(o.harvestId) : null,
    sale: sale && {
      kind: sale.kind,
      buyer: sale.buyer,
      weightKg: sale.weightKg,
      priceFen: sale.priceFen,
      voided: !!sale.reversedBy,
    },
    plantingRef: planting?.ref ?? null,
    canSeeHerdEvent: can(user, 'read', 'herd'),
    canSeePlanting: can(user, 'read', 'planting'),
  };
}

interface LotLike {
  orgId: string;
  productId: string;
  productName: string;
  holderOrgId: string;
  movedAt: Date | string | null;
  origin: {
    villageId: string | null;
    cooperativeId: string | null;
    baseId: string | null;
    harvestId: string | null;
    herdEventId: string | null;
    plantingId: string | null;
  };
}

/** These products' names in both languages (lists show them in the reader's). */
export async function productNames(ids: string[]) {
  const unique = [...new Set(ids)].map((id) => new Types.ObjectId(id));
  const products = await ProductModel.find({ _id: { $in: unique } })
    .select('name nameEn')
    .lean();
  return Object.fromEntries(
    products.map((p) => [String(p._id), { zh: p.name, en: p.nameEn || p.name }]),
  ) as Record<string, { zh: string; en: string }>;
}

/** The names of these organizations (a list shows them; it sends no others). */
export async function organizationNames(ids: string[]) {
  const unique = [...new Set(ids)].map((id) => new Types.ObjectId(id));
  const orgs = await OrganizationModel.find({ _id: { $in: unique } })
    .select('name')
    .lean();
  return Object.fromEntries(orgs.map((o) => [String(o._id), o.name])) as Record<string, string>;
}

/**
 * The public address QR codes and links point at: PUBLIC_URL, never the host a request came
 * in on (a label printed from the office PC must open on a farmer's phone).
 */
export function publicOrigin() {
  return getEnv().PUBLIC_URL;
}

/**
 * The households whose produce is in a lot (its purchases from them): names for officials and
 * the cooperative that bought; anyone else who may see the lot (a buyer) learns only how many
 * households and how many kg — enterprises never see households.
 */
export async function householdBreakdown(
  user: SessionUser,
  lotOrgId: string,
  parts: Array<{ householdId: string; entryId: string; kg: number }> | undefined,
) {
  const list = parts ?? [];
  const kg = Math.round(list.reduce((a, p) => a + p.kg, 0) * 100) / 100;
  const count = new Set(list.map((p) => p.householdId)).size;
  const named = user.role === 'official' || String(user.orgId) === lotOrgId;
  if (!named || list.length === 0) return { count, kg, rows: null };
  const hs = await HouseholdModel.find({ _id: { $in: list.map((p) => p.householdId) } })
    .select('villageId number head')
    .lean();
  const villages = await VillageModel.find({ _id: { $in: hs.map((h) => h.villageId) } })
    .select('name')
    .lean();
  const vName = new Map(villages.map((v) => [String(v._id), v.name]));
  const byId = new Map(hs.map((h) => [String(h._id), h]));
  return {
    count,
    kg,
    rows: list.map((p) => {
      const h = byId.get(p.householdId);
      return {
        entryId: p.entryId,
        kg: p.kg,
        village: h ? (vName.get(String(h.villageId)) ?? '') : '',
        number: h?.number ?? '',
        head: h?.head ?? '',
      };
    }),
  };
}
