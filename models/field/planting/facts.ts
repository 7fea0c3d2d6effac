// The dashboard's figures of the field: a season's plantings of the whole town, a village's
// harvests of a year (docs/decisions/0010-dashboard-facts.md; the engine: ../../kernel/facts.ts).
import { Types } from 'mongoose';
import { defineFact, maxDate, monthStart, round2, shanghaiYearMonth, TOWN } from '../../kernel/facts';
import { VISIBLE } from '../../kernel/staging';
import { HarvestModel, PlantingModel } from './schema';

export interface PlantingRow {
  villageId: string;
  productId: string;
  lastOn: Date; // the latest planting date: how fresh the village's reporting is
  areaMu: number;
  plantings: number;
  households: number;
}

export interface HarvestRow {
  productId: string;
  month: number;
  kg: number;
  harvests: number;
}

export const plantingFacts = defineFact<PlantingRow>({
  source: 'planting',
  records: {
    Planting: (doc) => [{ townId: doc.townId, source: 'planting', year: Number(doc.season), part: TOWN }],
  },
  fields: ['season'],
  async compute(key) {
    const rows = await PlantingModel.collection
      .aggregate([
        { $match: { townId: key.townId, season: key.year, ...VISIBLE } },
        {
          $group: {
            _id: { v: '$villageId', p: '$productId' },
            areaMu: { $sum: '$areaMu' },
            plantings: { $sum: 1 },
            households: { $sum: '$households' },
            lastAt: { $max: '$plantedOn' },
          },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    return {
      rows: rows.map((r) => ({
        villageId: String(r._id.v),
        productId: String(r._id.p),
        lastOn: r.lastAt,
        areaMu: round2(r.areaMu),
        plantings: r.plantings,
        households: r.households,
      })),
      lastAt: maxDate(rows.map((r) => r.lastAt)),
    };
  },
  async keysFromRecords(townId) {
    const seasons = await PlantingModel.collection
      .aggregate([{ $match: { townId, ...VISIBLE } }, { $group: { _id: { y: '$season' } } }])
      .toArray();
    return seasons.map((r) => ({ townId, source: 'planting', year: r._id.y, part: TOWN }));
  },
});

export const harvestFacts = defineFact<HarvestRow>({
  source: 'harvest',
  records: {
    Harvest: (doc) => [
      {
        townId: doc.townId,
        source: 'harvest',
        year: shanghaiYearMonth(doc.harvestedOn as Date).year,
        part: String(doc.villageId),
      },
    ],
  },
  fields: ['villageId', 'harvestedOn'],
  async compute(key) {
    const rows = await HarvestModel.collection
      .aggregate([
        {
          $match: {
            townId: key.townId,
            villageId: new Types.ObjectId(key.part),
            harvestedOn: { $gte: monthStart(key.year, 1), $lt: monthStart(key.year, 13) },
            ...VISIBLE,
          },
        },
        {
          $group: {
            _id: {
              p: '$productId',
              m: { $month: { date: '$harvestedOn', timezone: 'Asia/Shanghai' } },
            },
            kg: { $sum: '$quantityKg' },
            harvests: { $sum: 1 },
            lastAt: { $max: '$harvestedOn' },
          },
        },
        { $sort: { '_id.m': 1, '_id.p': 1 } },
      ])
      .toArray();
    return {
      rows: rows.map((r) => ({
        productId: String(r._id.p),
        month: r._id.m,
        kg: round2(r.kg),
        harvests: r.harvests,
      })),
      lastAt: maxDate(rows.map((r) => r.lastAt)),
    };
  },
  async keysFromRecords(townId) {
    const years = await HarvestModel.collection
      .aggregate([
        { $match: { townId, ...VISIBLE } },
        {
          $group: {
            _id: { y: { $year: { date: '$harvestedOn', timezone: 'Asia/Shanghai' } }, p: '$villageId' },
          },
        },
      ])
      .toArray();
    return years.map((r) => ({ townId, source: 'harvest', year: r._id.y, part: String(r._id.p) }));
  },
});
