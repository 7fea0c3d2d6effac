import { Types } from 'mongoose';
import { LotModel, listLots } from '#models/lots/lot';
import type { BenchCase } from './types';

const LOTS = 100_000;
const LIST_FIELDS = {
  code: 1,
  productName: 1,
  quantity: 1,
  unit: 1,
  producedAt: 1,
  holderOrgId: 1,
  status: 1,
};
const ORGS = 40;

async function seedLots() {
  const townId = new Types.ObjectId();
  const orgs = Array.from({ length: ORGS }, () => new Types.ObjectId());
  const productId = new Types.ObjectId();
  const start = Date.UTC(2021, 0, 1);
  const docs = Array.from({ length: LOTS }, (_, i) => ({
    townId,
    orgId: orgs[i % ORGS],
    holderOrgId: orgs[(i * 7) % ORGS],
    code: `BEN-GG-${i}`,
    productId,
    productCode: 'GG',
    productName: '鲜葛根',
    unit: 'kg',
    quantity: 1000 + (i % 500),
    grade: '一级',
    producedAt: new Date(start + (i % 1800) * 86_400_000),
    origin: { kind: 'harvest' },
    parentLotIds: [],
    status: 'in_stock',
    movedAt: null,
    importId: null,
  }));
  for (let i = 0; i < docs.length; i += 10_000)
    await LotModel.collection.insertMany(docs.slice(i, i + 10_000));
  return { townId, org: orgs[3] };
}

let seeded: ReturnType<typeof seedLots> | undefined;
const shared = () => (seeded ??= seedLots());

export const lotCases: BenchCase<Awaited<ReturnType<typeof seedLots>>>[] = [
  {
    name: 'lot list of one organization (own + held), newest page',
    size: `${LOTS.toLocaleString()} lots, ${ORGS} orgs, 5 years`,
    budget: 3,
    setup: shared,
    app: ({ townId, org }) => listLots({ access: 'own', townId, orgId: org }),
    raw: ({ townId, org }) =>
      LotModel.collection
        .find({
          townId,
          $or: [{ orgId: org }, { holderOrgId: org }, { ownerOrgId: org }],
          staged: { $ne: true },
        })
        .sort({ producedAt: -1 })
        .limit(51)
        .project(LIST_FIELDS)
        .toArray(),
  },
];

lotCases.push({
  name: 'lot list of a whole town (officials), newest page',
  size: `${LOTS.toLocaleString()} lots, 5 years`,
  budget: 3,
  setup: shared,
  app: ({ townId }) => listLots({ access: 'town', townId, orgId: null }),
  raw: ({ townId }) =>
    LotModel.collection
      .find({ townId, staged: { $ne: true } })
      .sort({ producedAt: -1 })
      .limit(51)
      .project(LIST_FIELDS)
      .toArray(),
});
