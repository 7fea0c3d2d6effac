// What each role's home page starts with: the work they come to do.
import { coldHome } from '#models/coldchain';
import { ContractModel } from '#models/trade/contract';
import { headCounts, measureTarget } from '#models/oversight';
import { countDeliveriesWaiting, DeliveryModel, listDeliveries, owed } from '#models/trade/delivery';
import { contractNames } from './contracts.server';
import { getBase, herdOverview } from '#models/field/herd';
import { HouseholdYearModel, owedToHouseholds } from '#models/households';
import { listTargets } from '#models/oversight/target';
import { projectionText } from './dashboard-tables.server';
import { today } from './dashboard.server';
import { listLots } from '#models/lots/lot';
import { plantHome } from '#models/plant';
import { harvestablePlantings } from '#models/field/planting';
import { listProducts } from '#models/town/product';
import type { Scope } from '#models/kernel/scope';
import { listVillages } from '#models/town/village';
import type { SessionUser } from './auth.server';
import { productNames } from './lots.server';

const ownScope = (user: SessionUser): Scope => ({ access: 'own', townId: user.townId, orgId: user.orgId });
const townScope = (user: SessionUser): Scope => ({ access: 'town', townId: user.townId, orgId: user.orgId });

/** A cooperative: the plantings it is harvesting (one tap to record a harvest) and its latest lots. */
async function cooperativeHome(user: SessionUser) {
  const [plantings, villages, crops, lots, work] = await Promise.all([
    harvestablePlantings(user.orgId),
    listVillages(townScope(user), { includeArchived: true }),
    listProducts(townScope(user), { category: 'crop', includeArchived: true }),
    listLots(ownScope(user), { limit: 5 }),
    sellerWork(user),
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
    work,
  };
}

export interface WorkItem {
  labelKey: string;
  to: string;
  count?: number;
  fen?: number;
  head?: number;
}

/** A seller's work waiting: deliveries the buyer has not answered, adjustments to answer, money owed. */
async function sellerWork(user: SessionUser): Promise<WorkItem[]> {
  const year = today().year;
  const [waiting, submitted, owing, members, toMembers] = await Promise.all([
    countDeliveriesWaiting(user.orgId),
    DeliveryModel.countDocuments({ sellerOrgId: user.orgId, status: 'pending' }),
    owed(ownScope(user), { side: 'seller' }),
    HouseholdYearModel.aggregate<{ linked: number; fen: number }>([
      { $match: { payerOrgId: user.orgId, year, total: { $gt: 0 } } },
      { $group: { _id: null, linked: { $sum: 1 }, fen: { $sum: '$total' } } },
    ]),
    owedToHouseholds(ownScope(user)),
  ]);
  // each count links to exactly the records it counts
  return [
    { labelKey: 'home.work.submitted', to: '/deliveries?side=seller&status=pending', count: submitted },
    { labelKey: 'home.work.toAnswer', to: '/deliveries?view=toAnswer', count: waiting.toAnswer },
    {
      labelKey: 'home.work.unpaid',
      to: '/deliveries?side=seller&view=owed',
      count: owing.rows.length,
      fen: owing.totalFen,
    },
    {
      labelKey: 'home.work.members',
      to: '/households/income',
      count: members[0]?.linked ?? 0,
      fen: members[0]?.fen ?? 0,
    },
    {
      labelKey: 'home.work.owedMembers',
      to: '/payouts?unpaid=1',
      count: toMembers.count,
      fen: toMembers.totalFen,
    },
  ];
}

/** An enterprise: deliveries to confirm, its contracts' fulfilment, what it owes. */
async function enterpriseWork(user: SessionUser): Promise<WorkItem[]> {
  const [waiting, owing, contracts] = await Promise.all([
    countDeliveriesWaiting(user.orgId),
    owed(ownScope(user), { side: 'buyer' }),
    ContractModel.find({ buyerOrgId: user.orgId, status: 'active' })
      .select('committedQty deliveredQty')
      .lean(),
  ]);
  const committed = contracts.reduce((a, c) => a + c.committedQty, 0);
  const delivered = contracts.reduce((a, c) => a + c.deliveredQty, 0);
  return [
    {
      labelKey: 'home.work.toConfirm',
      to: '/deliveries?side=buyer&status=pending',
      count: waiting.toConfirm,
    },
    {
      labelKey: 'home.work.fulfilment',
      to: '/contracts',
      count: contracts.length,
      head: committed > 0 ? Math.round((delivered / committed) * 1000) / 10 : 0,
    },
    {
      labelKey: 'home.work.due',
      to: '/deliveries?side=buyer&view=owed',
      count: owing.rows.length,
      fen: owing.totalFen,
    },
  ];
}

/** Lots with their product's name in both languages (a lot keeps only the Chinese one). */
async function withProductNames<L extends { productId: string; productName: string }>(lots: L[]) {
  const names = await productNames(lots.map((l) => l.productId));
  return lots.map((l) => ({ ...l, product: names[l.productId] ?? { zh: l.productName, en: l.productName } }));
}

/** A livestock base: its head count and the events it records most. */
async function baseHome(user: SessionUser) {
  const [base, { bases }, heads, targets, work] = await Promise.all([
    getBase(user.orgId),
    herdOverview(ownScope(user)),
    headCounts(user.townId!),
    listTargets(townScope(user)),
    sellerWork(user),
  ]);
  const now = today();
  const noFacts = { planting: [], harvest: [], sales: [], sellerSales: [], income: [] };
  const mine = targets
    .filter((x) => x.metric === 'headCount' && x.scopeId === String(user.orgId))
    .map((x) => {
      const m = measureTarget(
        x,
        noFacts,
        heads.filter((h) => h.baseId === String(user.orgId)),
        now,
      );
      return {
        id: x.id,
        title: x.title,
        value: x.value,
        deadline: x.deadline,
        current: m.current,
        progress: m.progress,
        projection: projectionText(m, user.locale),
      };
    });
  return {
    kind: 'base' as const,
    counts: bases[0]?.counts ?? [],
    species: base?.species ?? [],
    targets: mine,
    work: work.slice(0, 3),
  };
}

/** Enterprises, plants and carriers: what they hold; an enterprise, the deliveries it is to confirm. */
async function holderHome(user: SessionUser) {
  const enterprise = user.role === 'enterprise';
  const [{ lots }, work, waiting, shipments] = await Promise.all([
    listLots(ownScope(user), { limit: 10 }),
    enterprise ? enterpriseWork(user) : Promise.resolve([] as WorkItem[]),
    enterprise
      ? listDeliveries(ownScope(user), { side: 'buyer', status: 'pending' })
      : Promise.resolve({ deliveries: [] }),
    coldHome(ownScope(user), enterprise ? 'consignee' : 'carrier'),
  ]);
  const first = waiting.deliveries.slice(0, 5);
  const names = await contractNames(first);
  return {
    kind: 'holder' as const,
    lots: await withProductNames(lots),
    shipments,
    work,
    // the five latest (the count above opens them all)
    toConfirm: first.map((d) => ({
      id: d.id,
      code: d.code,
      deliveredOn: d.deliveredOn,
      seller: names.orgs[d.sellerOrgId] ?? '—',
      product: names.products[d.productId] ?? { zh: d.productName, en: d.productName },
      quantity: d.submitted.quantity,
      unit: d.unit,
      amountFen: d.submitted.amountFen,
    })),
  };
}

/** A plant: today's tickets, what is arriving at the gate, open runs with their age, stock, the season's yield. */
async function plantHomeOf(user: SessionUser) {
  return { kind: 'plant' as const, ...(await plantHome(ownScope(user))) };
}

export async function homeFor(user: SessionUser) {
  if (user.role === 'plant') return plantHomeOf(user);
  if (user.role === 'cooperative') return cooperativeHome(user);
  if (user.role === 'base') return baseHome(user);
  if (user.role === 'enterprise' || user.role === 'carrier') return holderHome(user);
  return { kind: 'links' as const };
}
