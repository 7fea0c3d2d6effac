// The income figures of households: what the industry paid them, by village, band and kind
// (from the household-year rollups), the trend over years, and the 联农带农 report.
import type { PipelineStage } from 'mongoose';
import { Types } from 'mongoose';

import { ContractModel } from '../trade/contract';
import { OrganizationModel } from '../town/organization';
import { VISIBLE } from '../kernel/staging';
import type { Scope } from '../kernel/scope';

import { HouseholdModel, HouseholdYearModel } from './schema';

import { INCOME_BANDS, INCOME_KINDS, type IncomeKind, averagePerHousehold } from '~/domain/household';
import { rollupRows } from './entries';

export interface IncomeQuery {
  year: number;
  villageId?: Types.ObjectId;
}

type Group = { households: number; totalFen: number; avgFen: number };
const avg = averagePerHousehold;

/**
 * The rollup rows behind the figures: a cooperative counts what it paid its members (the
 * households it reaches); officials count everything paid in the town.
 */
function rollupMatch(scope: Scope, years: number[], villageId?: Types.ObjectId): Record<string, unknown> {
  return {
    ...rollupRows(scope),
    year: years.length === 1 ? years[0] : { $in: years },
    ...(villageId && { villageId }),
  };
}

/**
 * Sums of a household's rows for a year, per household (several payers become one); only
 * what needs the household as a unit (is it linked, its total, its band) is grouped so.
 */
function perHousehold({ kinds = false } = {}): PipelineStage[] {
  return [
    {
      $group: {
        _id: '$householdId',
        villageId: { $first: '$villageId' },
        total: { $sum: '$total' },
        ...(kinds && Object.fromEntries(INCOME_KINDS.map((k) => [k, { $sum: `$${k}` }]))),
      },
    },
    // linked: the household received something from the industry in the period
    { $match: { total: { $gt: 0 } } },
  ];
}

/**
 * The linked households of one year when the rows are already one per household (the
 * all-payers rows, or one payer's): no grouping, and only indexed fields are read.
 */
const linkedRows = (): PipelineStage[] => [
  { $match: { total: { $gt: 0 } } },
  { $project: { _id: '$householdId', villageId: 1, total: 1 } },
];

/** Totals by kind and month need no grouping by household: they add up row by row. */
const sums = (): PipelineStage.FacetPipelineStage[] => [
  {
    $group: {
      _id: null,
      ...Object.fromEntries(INCOME_KINDS.map((k) => [k, { $sum: `$${k}` }])),
      ...Object.fromEntries(
        Array.from({ length: 12 }, (_, i) => [`m${i}`, { $sum: { $arrayElemAt: ['$m', i] } }]),
      ),
    },
  },
];
const counted = (): PipelineStage.FacetPipelineStage[] => [
  { $group: { _id: null, households: { $sum: 1 }, totalFen: { $sum: '$total' } } },
];

type SumsRow = Record<string, number>;
interface CountRow {
  households: number;
  totalFen: number;
}

function readSummary(count: CountRow | undefined, row: SumsRow | undefined) {
  const households = count?.households ?? 0;
  const totalFen = count?.totalFen ?? 0;
  return {
    households,
    totalFen,
    avgFen: avg(totalFen, households),
    byKind: Object.fromEntries(INCOME_KINDS.map((k) => [k, row?.[k] ?? 0])) as Record<IncomeKind, number>,
    months: Array.from({ length: 12 }, (_, i) => row?.[`m${i}`] ?? 0),
  };
}

export async function monitoredIds(scope: Scope) {
  const docs = await HouseholdModel.find({ townId: scope.townId, monitored: true, ...VISIBLE })
    .select('_id')
    .lean();
  return docs.map((d) => d._id);
}

/**
 * The income figures of a year: households linked to the industry (any income from it in the
 * year), their total and average by village, kind and month; the same for 监测户; households
 * by annual income band; and households whose income fell from the year before.
 */
const BAND_BOUNDARIES = [...INCOME_BANDS.map((b) => b.minYuan * 100), Number.MAX_SAFE_INTEGER];

/** The two aggregations behind the figures (the benchmark runs the same on the raw driver). */
export function incomePipelines(scope: Scope, q: IncomeQuery, monitored: Types.ObjectId[]) {
  const match = { $match: rollupMatch(scope, [q.year], q.villageId) };
  const totals: PipelineStage[] = [
    match,
    { $facet: { all: sums(), monitored: [{ $match: { householdId: { $in: monitored } } }, ...sums()] } },
  ];
  const current: PipelineStage[] = [
    match,
    ...linkedRows(),
    {
      $facet: {
        all: counted(),
        // (a $match on the ids, not an $in expression per household: a set lookup, not a scan)
        monitored: [{ $match: { _id: { $in: monitored } } }, ...counted()],
        byVillage: [{ $group: { _id: '$villageId', households: { $sum: 1 }, totalFen: { $sum: '$total' } } }],
        monitoredByVillage: [
          { $match: { _id: { $in: monitored } } },
          { $group: { _id: '$villageId', households: { $sum: 1 } } },
        ],
        bands: [
          {
            $bucket: {
              groupBy: '$total',
              boundaries: BAND_BOUNDARIES,
              default: 'other',
              output: { count: { $sum: 1 } },
            },
          },
        ],
      },
    },
  ];
  const fell: PipelineStage[] = [
    { $match: rollupMatch(scope, [q.year, q.year - 1], q.villageId) },
    {
      $group: {
        _id: '$householdId',
        villageId: { $first: '$villageId' },
        cur: { $sum: { $cond: [{ $eq: ['$year', q.year] }, '$total', 0] } },
        prev: { $sum: { $cond: [{ $eq: ['$year', q.year - 1] }, '$total', 0] } },
      },
    },
    { $match: { prev: { $gt: 0 }, $expr: { $lt: ['$cur', '$prev'] } } },
    { $addFields: { drop: { $subtract: ['$prev', '$cur'] } } },
    { $sort: { drop: -1, _id: 1 } },
    { $facet: { count: [{ $count: 'n' }], top: [{ $limit: 50 }] } },
  ];
  return { totals, current, fell };
}

/**
 * The income figures of a year: households linked to the industry (any income from it in the
 * year), their total and average by village, kind and month; the same for 监测户; households
 * by annual income band; and households whose income fell from the year before.
 */
export async function incomeFigures(scope: Scope, q: IncomeQuery) {
  const monitored = await monitoredIds(scope);
  const pipelines = incomePipelines(scope, q, monitored);
  const [[totals], [current], fellRows] = await Promise.all([
    HouseholdYearModel.aggregate<{ all: SumsRow[]; monitored: SumsRow[] }>(pipelines.totals),
    HouseholdYearModel.aggregate<{
      all: CountRow[];
      monitored: CountRow[];
      byVillage: Array<{ _id: Types.ObjectId; households: number; totalFen: number }>;
      monitoredByVillage: Array<{ _id: Types.ObjectId; households: number }>;
      bands: Array<{ _id: number; count: number }>;
    }>(pipelines.current),
    HouseholdYearModel.aggregate<{
      count: Array<{ n: number }>;
      top: Array<{ _id: Types.ObjectId; cur: number; prev: number; villageId: Types.ObjectId }>;
    }>(pipelines.fell),
  ]);
  const fell = fellRows[0] ?? { count: [], top: [] };
  const fellHouseholds = await HouseholdModel.find({ _id: { $in: fell.top.map((r) => r._id) } })
    .select('number head monitored')
    .lean();
  const hById = new Map(fellHouseholds.map((h) => [String(h._id), h]));
  const byBand = Object.fromEntries(INCOME_BANDS.map((b) => [b.key, 0])) as Record<string, number>;
  for (const b of current?.bands ?? []) {
    const i = BAND_BOUNDARIES.indexOf(b._id);
    if (i >= 0 && i < INCOME_BANDS.length) byBand[INCOME_BANDS[i].key] = b.count;
  }
  const monitoredIn = new Map((current?.monitoredByVillage ?? []).map((v) => [String(v._id), v.households]));
  return {
    year: q.year,
    all: readSummary(current?.all[0], totals?.all[0]),
    monitored: readSummary(current?.monitored[0], totals?.monitored[0]),
    byVillage: (current?.byVillage ?? []).map((v) => ({
      villageId: String(v._id),
      households: v.households,
      monitored: monitoredIn.get(String(v._id)) ?? 0,
      totalFen: v.totalFen,
      avgFen: avg(v.totalFen, v.households),
    })),
    bands: byBand as Record<(typeof INCOME_BANDS)[number]['key'], number>,
    fell: {
      count: fell.count[0]?.n ?? 0,
      top: fell.top.map((r) => {
        const h = hById.get(String(r._id));
        return {
          householdId: String(r._id),
          villageId: String(r.villageId),
          number: h?.number ?? '',
          head: h?.head ?? '',
          monitored: h?.monitored ?? false,
          currentFen: r.cur,
          previousFen: r.prev,
        };
      }),
    },
  };
}

/**
 * Households linked and average income per household, year by year (the trend of 户均增收),
 * for the whole scope and for each village (a household belongs to one village, so the
 * villages add up to the whole).
 */
export async function incomeTrend(scope: Scope, years: number[], villageId?: Types.ObjectId) {
  // one row per household and year (the payer is fixed): no grouping by household
  const rows = await HouseholdYearModel.aggregate<{
    _id: { y: number; v: Types.ObjectId };
    households: number;
    totalFen: number;
  }>([
    { $match: { ...rollupMatch(scope, years, villageId), total: { $gt: 0 } } },
    {
      $group: { _id: { y: '$year', v: '$villageId' }, households: { $sum: 1 }, totalFen: { $sum: '$total' } },
    },
  ]);
  const point = (year: number, list: typeof rows) => {
    const households = list.reduce((a, r) => a + r.households, 0);
    const totalFen = list.reduce((a, r) => a + r.totalFen, 0);
    return { year, households, totalFen, avgFen: avg(totalFen, households) } satisfies Group & {
      year: number;
    };
  };
  const villageIds = [...new Set(rows.map((r) => String(r._id.v)))];
  return {
    years: years.map((y) =>
      point(
        y,
        rows.filter((r) => r._id.y === y),
      ),
    ),
    villages: villageIds.map((v) => ({
      villageId: v,
      years: years.map((y) =>
        point(
          y,
          rows.filter((r) => r._id.y === y && String(r._id.v) === v),
        ),
      ),
    })),
  };
}

// ---------------------------------------------------------------- 联农带农 report

/**
 * An organization's 联农带农 figures for a year. A cooperative: the member households it paid
 * (purchases, wages, rent, dividends). An enterprise: the households its contracts reach —
 * the members paid by the cooperatives it bought from that year, and what they were paid.
 */
export async function linkageReport(orgId: Types.ObjectId, townId: Types.ObjectId, year: number) {
  const org = await OrganizationModel.findOne({ _id: orgId, townId }).select('type name').lean();
  if (!org) return null;
  let payers: Types.ObjectId[] = [orgId];
  if (org.type === 'enterprise') {
    const contracts = await ContractModel.find({
      buyerOrgId: orgId,
      status: { $in: ['active', 'completed'] },
      windowStart: { $lte: `${year}-12-31` },
      windowEnd: { $gte: `${year}-01-01` },
    })
      .select('sellerOrgId')
      .lean();
    payers = [...new Set(contracts.map((c) => String(c.sellerOrgId)))].map((id) => new Types.ObjectId(id));
  }
  const rows = await HouseholdYearModel.aggregate<{
    _id: Types.ObjectId;
    households: number;
    totalFen: number;
    purchase: number;
    wage: number;
    rent: number;
    dividend: number;
  }>([
    { $match: { payerOrgId: { $in: payers }, year } },
    ...perHousehold({ kinds: true }),
    {
      $group: {
        _id: '$villageId',
        households: { $sum: 1 },
        totalFen: { $sum: '$total' },
        ...Object.fromEntries(INCOME_KINDS.map((k) => [k, { $sum: `$${k}` }])),
      },
    },
  ]);
  const monitoredCount = await HouseholdYearModel.aggregate<{ n: number }>([
    { $match: { payerOrgId: { $in: payers }, year, total: { $gt: 0 } } },
    { $group: { _id: '$householdId' } },
    {
      $lookup: {
        from: 'households',
        localField: '_id',
        foreignField: '_id',
        as: 'h',
        pipeline: [{ $project: { monitored: 1, lifted: 1 } }],
      },
    },
    { $unwind: '$h' },
    {
      $group: {
        _id: null,
        monitored: { $sum: { $cond: ['$h.monitored', 1, 0] } },
        lifted: { $sum: { $cond: ['$h.lifted', 1, 0] } },
      },
    },
  ]);
  const flagged = (monitoredCount[0] ?? {}) as { monitored?: number; lifted?: number };
  const villages = rows.map((r) => ({
    villageId: String(r._id),
    households: r.households,
    totalFen: r.totalFen,
    avgFen: avg(r.totalFen, r.households),
    byKind: Object.fromEntries(INCOME_KINDS.map((k) => [k, r[k]])) as Record<IncomeKind, number>,
  }));
  const households = villages.reduce((a, v) => a + v.households, 0);
  const totalFen = villages.reduce((a, v) => a + v.totalFen, 0);
  return {
    org: { id: String(org._id), name: org.name, type: org.type },
    year,
    cooperatives: org.type === 'enterprise' ? payers.map(String) : [],
    households,
    monitored: flagged.monitored ?? 0,
    lifted: flagged.lifted ?? 0,
    totalFen,
    avgFen: avg(totalFen, households),
    byKind: Object.fromEntries(
      INCOME_KINDS.map((k) => [k, villages.reduce((a, v) => a + v.byKind[k], 0)]),
    ) as Record<IncomeKind, number>,
    villages,
  };
}
