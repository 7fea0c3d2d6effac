// An official's planting list over a county-sized history, unfiltered and filtered by crop
// and by village, against the raw driver running the same queries.
import { Types } from 'mongoose';
import { PlantingModel, listPlantings, type PlantingFilters } from '#models/field/planting';
import type { BenchCase } from './types';

const PLANTINGS = 100_000;

async function seed() {
  const townId = new Types.ObjectId();
  const villages = Array.from({ length: 30 }, () => new Types.ObjectId());
  const crops = Array.from({ length: 4 }, () => new Types.ObjectId());
  const orgs = Array.from({ length: 25 }, () => new Types.ObjectId());
  const start = Date.UTC(2019, 0, 1);
  const docs = Array.from({ length: PLANTINGS }, (_, i) => {
    const plantedOn = new Date(start + (i % 2500) * 86_400_000);
    return {
      townId,
      orgId: orgs[i % 25],
      ref: `BEN-${i}`,
      villageId: villages[i % 30],
      productId: crops[i % 4],
      areaMu: (i % 40) + 1,
      households: (i % 9) + 1,
      plantedOn,
      expectedHarvestOn: null,
      season: plantedOn.getUTCFullYear(),
      plotName: '',
      notes: '',
      harvestedKg: i % 3000,
      importHolds: [],
      importId: null,
    };
  });
  for (let i = 0; i < docs.length; i += 10_000)
    await PlantingModel.collection.insertMany(docs.slice(i, i + 10_000));
  return { townId, crop: crops[1], village: villages[7], org: orgs[3] };
}

type Ctx = Awaited<ReturnType<typeof seed>>;
const scope = (c: Ctx) => ({ access: 'town' as const, townId: c.townId, orgId: null });

function rawList(c: Ctx, f: PlantingFilters) {
  const filter = { townId: c.townId, staged: { $ne: true }, ...f };
  return Promise.all([
    PlantingModel.collection.find(filter).sort({ plantedOn: -1 }).limit(51).toArray(),
    PlantingModel.collection
      .aggregate([
        { $match: filter },
        {
          $group: {
            _id: '$productId',
            a: { $sum: '$areaMu' },
            h: { $sum: '$households' },
            k: { $sum: '$harvestedKg' },
            n: { $sum: 1 },
          },
        },
      ])
      .toArray(),
  ]);
}

let seeded: Promise<Ctx> | undefined;
const shared = () => (seeded ??= seed());

const variants: [string, (c: Ctx) => PlantingFilters][] = [
  ['all of the town', () => ({})],
  ['one crop', (c) => ({ productId: c.crop })],
  ['one village, one year', (c) => ({ villageId: c.village, season: 2023 })],
];

export const plantingCases: BenchCase<Ctx>[] = variants.map(([label, filters]) => ({
  name: `official's planting list (a page) with totals by crop: ${label}`,
  size: `${PLANTINGS.toLocaleString()} plantings, 30 villages, 7 years`,
  budget: 3,
  setup: shared,
  app: (c) => listPlantings(scope(c), filters(c)),
  raw: (c) => rawList(c, filters(c)),
}));
