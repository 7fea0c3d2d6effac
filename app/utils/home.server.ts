// What each role's home page starts with: the work they come to do.
import { getBase, herdOverview } from '#models/herd';
import { listLots } from '#models/lot';
import { harvestablePlantings } from '#models/planting';
import { listProducts } from '#models/product';
import type { Scope } from '#models/scope';
import { listVillages } from '#models/village';
import type { SessionUser } from './auth.server';
import { productNames } from './lots.server';

const ownScope = (user: SessionUser): Scope => ({ access: 'own', townId: user.townId, orgId: user.orgId });
const townScope = (user: SessionUser): Scope => ({ access: 'town', townId: user.townId, orgId: user.orgId });

/** A cooperative: the plantings it is harvesting (one tap to record a harvest) and its latest lots. */
async function cooperativeHome(user: SessionUser) {
  const [plantings, villages, crops, lots] = await Promise.all([
    harvestablePlantings(user.orgId),
    listVillages(townScope(user), { includeArchived: true }),
    listProducts(townScope(user), { category: 'crop', includeArchived: true }),
    listLots(ownScope(user), { limit: 5 }),
  ]);
  const village = new Map(villages.map((v) => [v.id, v.name]));
  const crop = new Map(crops.map((c) => [c.id, { zh: c.name, en: c.nameEn || c.name }]));
  return {
    kind: 'cooperative' as const,
    plantings: plantings.map((p) => ({
      id: p.id,
      village: village.get(p.villageId) ?? '—',
      crop: crop.get(p.productId) ?? { zh: '—', en: '—' },
      areaMu: p.areaMu,
      plotName: p.plotName,
      plantedOn: p.plantedOn,
      harvestedKg: p.harvestedKg,
      finished: p.finishedAt !== null,
    })),
    lots: await withProductNames(lots.lots),
  };
}

/** Lots with their product's name in both languages (a lot keeps only the Chinese one). */
async function withProductNames<L extends { productId: string; productName: string }>(lots: L[]) {
  const names = await productNames(lots.map((l) => l.productId));
  return lots.map((l) => ({ ...l, product: names[l.productId] ?? { zh: l.productName, en: l.productName } }));
}

/** A livestock base: its head count and the events it records most. */
async function baseHome(user: SessionUser) {
  const base = await getBase(user.orgId);
  const { bases } = await herdOverview(ownScope(user));
  return { kind: 'base' as const, counts: bases[0]?.counts ?? [], species: base?.species ?? [] };
}

/** Enterprises, plants and carriers: what they hold. */
async function holderHome(user: SessionUser) {
  const { lots } = await listLots(ownScope(user), { limit: 10 });
  return { kind: 'holder' as const, lots: await withProductNames(lots) };
}

export async function homeFor(user: SessionUser) {
  if (user.role === 'cooperative') return cooperativeHome(user);
  if (user.role === 'base') return baseHome(user);
  if (user.role === 'enterprise' || user.role === 'plant' || user.role === 'carrier') return holderHome(user);
  return { kind: 'links' as const };
}
