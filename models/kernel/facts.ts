// Pre-aggregated figures for dashboards ("facts"), kept in step with the records they add up
// (docs/decisions/0010-dashboard-facts.md).
//
// A fact is one small document per (town, source, year, part): the town's plantings of a
// season, a village's harvests of a year, a month's sales, a village's household income of a
// year. It is never edited by a write: a write *marks* the fact it changes (in the same step
// that acknowledges it, and again when recovery finishes or undoes it), and the next read
// recomputes every marked fact from its records — a few hundred records at most — before
// answering. So a dashboard reads a few hundred small documents instead of a county's history,
// and a figure is never older than the last acknowledged write.
//
// A mark stays until a recomputation has started at least GRACE after the mark's last touch,
// so that a write which marked first and committed a moment later is always counted.
import { Schema, Types } from 'mongoose';
import { defineModel } from './common';
import { written } from './operation';
import { VISIBLE } from './staging';

export const FACT_SOURCES = ['planting', 'harvest', 'sales', 'sellerSales', 'income', 'owed'] as const;
export type FactSource = (typeof FACT_SOURCES)[number];

/** A town's facts of one source come in one batch (a county has a few thousand). */
const FIND_BATCH = 20_000;

/** How long after its last touch a mark can still see a write commit (well over the driver's timeouts). */
export const GRACE_MS = 60_000;

export interface FactKey {
  townId: Types.ObjectId;
  source: FactSource;
  year: number;
  /** 'town' (planting: a season of the whole town), a village's id (harvest, income) or the month "01"–"12" (sales, owed) */
  part: string;
}

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
/**
 * A month's sales by buyer and product (`sales`: the dashboard's filters) or by seller and
 * product (`sellerSales`: an organization's targets, read only when one asks) — never by all
 * three, which grows with buyers × sellers.
 */
export interface SalesRow {
  by: 'buyer' | 'seller';
  orgId: string;
  productId: string;
  amountFen: number;
  quantity: number;
  receipts: number;
}
export interface IncomeRow {
  linked: number; // households with income from the industry in the year
  totalFen: number;
  m: number[]; // fen by month
  firstMonth: number[]; // households whose first income of the year came in each month
  purchase: number;
  wage: number;
  rent: number;
  dividend: number;
}
/** What buyers still owe on a month's receipts, by buyer and day of the receipt. */
export interface OwedRow {
  buyerOrgId: string;
  day: string; // YYYY-MM-DD (Asia/Shanghai)
  receipts: number;
  owedFen: number;
}
export interface FactRows {
  owed: OwedRow;
  planting: PlantingRow;
  harvest: HarvestRow;
  sales: SalesRow;
  sellerSales: SalesRow;
  income: IncomeRow;
}

export interface Fact<S extends FactSource = FactSource> extends FactKey {
  source: S;
  rows: FactRows[S][];
  lastAt: Date | null; // the latest day its records are about: how fresh the village's reporting is
  computedAt: Date; // when the recomputation that wrote it started
  gen: number;
}

interface StoredFact extends FactKey {
  rows: unknown[];
  lastAt: Date | null;
  computedAt: Date;
  gen: number;
}

const factSchema = new Schema<StoredFact>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    source: { type: String, enum: FACT_SOURCES, required: true },
    year: { type: Number, required: true },
    part: { type: String, required: true },
    rows: { type: Array, default: [] },
    lastAt: { type: Date, default: null },
    computedAt: { type: Date, required: true },
    gen: { type: Number, default: 1 },
  },
  { versionKey: false },
);
factSchema.index({ townId: 1, source: 1, year: 1, part: 1 }, { unique: true });
export const FactModel = defineModel('Fact', factSchema);

interface FactMark extends FactKey {
  v: number;
  at: Date;
}
const markSchema = new Schema<FactMark>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    source: { type: String, enum: FACT_SOURCES, required: true },
    year: { type: Number, required: true },
    part: { type: String, required: true },
    v: { type: Number, default: 0 },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
markSchema.index({ townId: 1, source: 1, year: 1, part: 1 }, { unique: true });
export const FactMarkModel = defineModel('FactMark', markSchema);

// ---------------------------------------------------------------- time

const SHANGHAI_MS = 8 * 3_600_000; // UTC+8, no daylight saving

/** The instant a Shanghai calendar month starts (month 1–12; 13 = next year's January). */
export const monthStart = (year: number, month: number) =>
  new Date(Date.UTC(year, month - 1, 1) - SHANGHAI_MS);

/** Year and month (1–12) of an instant in Asia/Shanghai. */
export function shanghaiYearMonth(at: Date) {
  const d = new Date(at.getTime() + SHANGHAI_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

// ---------------------------------------------------------------- marks

const keyString = (k: FactKey) => `${k.townId}:${k.source}:${k.year}:${k.part}`;
const keyFilter = (k: FactKey) => ({ townId: k.townId, source: k.source, year: k.year, part: k.part });

/** Says that these facts may have changed. Call it after the write, before acknowledging it. */
export async function touchFacts(keys: FactKey[]) {
  const seen = new Set<string>();
  for (const key of keys) {
    const s = keyString(key);
    if (seen.has(s)) continue;
    seen.add(s);
    await FactMarkModel.collection.updateOne(
      keyFilter(key),
      { $inc: { v: 1 }, $set: { at: new Date() } },
      { upsert: true },
    );
    written();
  }
}

type Doc = Record<string, unknown>;

/** The part of a fact that covers the whole town (a season's plantings: a few thousand at most). */
export const TOWN = 'town';

/** The models whose records count in facts. */
export const FACT_MODELS = new Set(['Planting', 'Harvest', 'LedgerEntry', 'HouseholdYear']);
const id = (v: unknown) => (v instanceof Types.ObjectId ? v : new Types.ObjectId(String(v)));

/** The facts a stored record counts in, by its model (records of other models count in none). */
export function factKeysOf(model: string, doc: Doc | null | undefined): FactKey[] {
  if (!doc || doc.staged === true || !doc.townId) return [];
  const townId = id(doc.townId);
  switch (model) {
    case 'Planting':
      return [{ townId, source: 'planting', year: Number(doc.season), part: TOWN }];
    case 'Harvest':
      return [
        {
          townId,
          source: 'harvest',
          year: shanghaiYearMonth(doc.harvestedOn as Date).year,
          part: String(doc.villageId),
        },
      ];
    case 'LedgerEntry': {
      if (doc.kind !== 'receipt' && doc.kind !== 'reversal') return [];
      const { year, month } = shanghaiYearMonth(doc.at as Date);
      const keys: FactKey[] = [
        { townId, source: 'sales', year, part: pad2(month) },
        { townId, source: 'sellerSales', year, part: pad2(month) },
      ];
      // a receipt is owed from its month (payments and corrections mark it through touchOwed)
      if (doc.kind === 'receipt') keys.push({ townId, source: 'owed', year, part: pad2(month) });
      return keys;
    }
    case 'HouseholdYear':
      return [{ townId, source: 'income', year: Number(doc.year), part: String(doc.villageId) }];
    default:
      return [];
  }
}

/**
 * Marks what is owed on a delivery's receipt (a payment or a correction changes it): the fact
 * of the receipt's month.
 */
export async function touchOwed(townId: Types.ObjectId, deliveryId: Types.ObjectId) {
  const receipt = await FactModel.db
    .collection('ledgerentries')
    .findOne({ deliveryId, kind: 'receipt' }, { projection: { at: 1 } });
  if (!receipt) return;
  const { year, month } = shanghaiYearMonth(receipt.at);
  await touchFacts([{ townId, source: 'owed', year, part: pad2(month) }]);
}

/** Marks the facts of records before and after a change (either may be null). */
export async function touchRecords(model: string, ...docs: Array<object | null | undefined>) {
  const keys = docs.flatMap((d) => factKeysOf(model, d as Doc | null | undefined));
  if (keys.length) await touchFacts(keys);
}

// ---------------------------------------------------------------- recomputation

async function compute(key: FactKey): Promise<{ rows: unknown[]; lastAt: Date | null }> {
  const db = FactModel.db;
  if (key.source === 'planting') {
    const rows = await db
      .collection('plantings')
      .aggregate([
        {
          $match: { townId: key.townId, season: key.year, ...VISIBLE },
        },
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
  }
  if (key.source === 'harvest') {
    const rows = await db
      .collection('harvests')
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
  }
  if (key.source === 'sales' || key.source === 'sellerSales') {
    const month = Number(key.part);
    const by = key.source === 'sales' ? 'buyer' : 'seller';
    const sum = {
      amountFen: { $sum: '$amountFen' },
      quantity: { $sum: { $cond: [{ $eq: ['$kind', 'receipt'] }, '$quantity', 0] } },
      receipts: { $sum: { $cond: [{ $eq: ['$kind', 'receipt'] }, 1, 0] } },
      lastAt: { $max: '$at' },
    };
    const out = await db
      .collection('ledgerentries')
      .aggregate([
        {
          $match: {
            townId: key.townId,
            kind: { $in: ['receipt', 'reversal'] },
            at: { $gte: monthStart(key.year, month), $lt: monthStart(key.year, month + 1) },
          },
        },
        { $group: { _id: { o: by === 'buyer' ? '$buyerOrgId' : '$sellerOrgId', p: '$productId' }, ...sum } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    const rows = out.map((r) => ({
      by,
      orgId: String(r._id.o),
      productId: String(r._id.p),
      amountFen: r.amountFen,
      quantity: round2(r.quantity),
      receipts: r.receipts,
    }));
    return { rows, lastAt: maxDate(out.map((r) => r.lastAt)) };
  }
  if (key.source === 'owed') {
    const month = Number(key.part);
    const rows = await db
      .collection('deliveries')
      .aggregate([
        {
          $match: {
            townId: key.townId,
            status: 'confirmed',
            'receipt.at': { $gte: monthStart(key.year, month), $lt: monthStart(key.year, month + 1) },
          },
        },
        {
          $project: {
            buyerOrgId: 1,
            day: { $dateToString: { date: '$receipt.at', format: '%Y-%m-%d', timezone: 'Asia/Shanghai' } },
            owed: {
              $subtract: ['$receipt.dueFen', { $add: ['$paidFen', { $ifNull: ['$reversedFen', 0] }] }],
            },
          },
        },
        { $match: { owed: { $gt: 0 } } },
        {
          $group: { _id: { b: '$buyerOrgId', d: '$day' }, receipts: { $sum: 1 }, owedFen: { $sum: '$owed' } },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    return {
      rows: rows.map((r) => ({
        buyerOrgId: String(r._id.b),
        day: r._id.d,
        receipts: r.receipts,
        owedFen: r.owedFen,
      })),
      lastAt: null,
    };
  }
  // income: the village's all-payers household-year rows (models/households/rollup.ts)
  const docs = await db
    .collection('householdyears')
    .find(
      { townId: key.townId, villageId: new Types.ObjectId(key.part), year: key.year, payerOrgId: null },
      { projection: { total: 1, m: 1, purchase: 1, wage: 1, rent: 1, dividend: 1 } },
    )
    .toArray();
  const row: IncomeRow = {
    linked: 0,
    totalFen: 0,
    m: Array(12).fill(0),
    firstMonth: Array(12).fill(0),
    purchase: 0,
    wage: 0,
    rent: 0,
    dividend: 0,
  };
  for (const d of docs) {
    if (!(d.total > 0)) continue;
    row.linked += 1;
    row.totalFen += d.total;
    const m = d.m as number[];
    m.forEach((v, i) => (row.m[i] += v));
    const first = m.findIndex((v) => v > 0);
    if (first >= 0) row.firstMonth[first] += 1;
    for (const k of ['purchase', 'wage', 'rent', 'dividend'] as const) row[k] += d[k] ?? 0;
  }
  return { rows: row.linked || docs.length ? [row] : [], lastAt: null };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
function maxDate(dates: Array<Date | null | undefined>): Date | null {
  let max: Date | null = null;
  for (const d of dates) if (d && (!max || d > max)) max = d;
  return max;
}

/** Recomputes one fact and stores it, unless another reader stored a newer one meanwhile. */
async function refresh(key: FactKey, seen: Fact | undefined): Promise<Fact> {
  const computedAt = new Date();
  const { rows, lastAt } = await compute(key);
  const fact = { ...keyFilter(key), rows, lastAt, computedAt } as Fact;
  if (seen) {
    const res = await FactModel.collection.updateOne(
      { _id: (seen as Fact & { _id: Types.ObjectId })._id, gen: seen.gen },
      { $set: { rows, lastAt, computedAt }, $inc: { gen: 1 } },
    );
    return res.modifiedCount === 1 ? { ...fact, gen: seen.gen + 1 } : { ...fact, gen: -1 };
  }
  try {
    await FactModel.collection.insertOne({ ...fact, gen: 1 } as never);
    return { ...fact, gen: 1 };
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    return { ...fact, gen: -1 }; // another reader stored it first
  }
}

/**
 * The town's facts of a source (for some years, or all), each as its records add it up now:
 * marked facts are recomputed first. A mark is removed once a recomputation started GRACE
 * after it, and only if no write touched it meanwhile.
 */
export async function readFacts<S extends FactSource>(
  townId: Types.ObjectId,
  source: S,
  years?: number[],
  { rows = true } = {},
): Promise<Fact<S>[]> {
  const filter: Doc = { townId, source };
  if (years) filter.year = { $in: years };
  // the raw driver: these are read on every dashboard view, and mongoose's casting of a few
  // thousand small rows costs more than reading them; in one batch (the default first batch of
  // 101 documents costs a round trip per hundred facts)
  const [facts, marks] = await Promise.all([
    FactModel.collection
      .find(filter, { batchSize: FIND_BATCH, ...(!rows && { projection: { rows: 0 } }) })
      .toArray() as Promise<unknown> as Promise<Fact[]>,
    FactMarkModel.collection.find(filter, { batchSize: FIND_BATCH }).toArray() as Promise<unknown> as Promise<
      Array<FactMark & { _id: Types.ObjectId }>
    >,
  ]);
  const byKey = new Map(facts.map((f) => [keyString(f), f]));
  await Promise.all(
    marks.map(async (mark) => {
      const k = keyString(mark);
      const seen = byKey.get(k);
      const settled = mark.at.getTime() + GRACE_MS;
      if (seen && seen.computedAt.getTime() >= settled) {
        await FactMarkModel.deleteOne({ _id: mark._id, v: mark.v });
        return;
      }
      const fresh = await refresh(mark, seen);
      byKey.set(k, fresh);
      if (fresh.gen > 0 && fresh.computedAt.getTime() >= settled) {
        await FactMarkModel.deleteOne({ _id: mark._id, v: mark.v });
      }
    }),
  );
  return [...byKey.values()] as Fact<S>[];
}

// ---------------------------------------------------------------- verification and rebuild

/** Every fact a town's records make, as keys (db:check, rebuilds). */
export async function factKeysFromRecords(townId: Types.ObjectId): Promise<FactKey[]> {
  const db = FactModel.db;
  const [plantings, harvests, sales, income, owed] = await Promise.all([
    db
      .collection('plantings')
      .aggregate([{ $match: { townId, ...VISIBLE } }, { $group: { _id: { y: '$season' } } }])
      .toArray(),
    db
      .collection('harvests')
      .aggregate([
        { $match: { townId, ...VISIBLE } },
        {
          $group: {
            _id: { y: { $year: { date: '$harvestedOn', timezone: 'Asia/Shanghai' } }, p: '$villageId' },
          },
        },
      ])
      .toArray(),
    db
      .collection('ledgerentries')
      .aggregate([
        { $match: { townId, kind: { $in: ['receipt', 'reversal'] } } },
        {
          $group: {
            _id: {
              y: { $year: { date: '$at', timezone: 'Asia/Shanghai' } },
              m: { $month: { date: '$at', timezone: 'Asia/Shanghai' } },
            },
          },
        },
      ])
      .toArray(),
    db
      .collection('householdyears')
      .aggregate([
        { $match: { townId, payerOrgId: null } },
        { $group: { _id: { y: '$year', p: '$villageId' } } },
      ])
      .toArray(),
    db
      .collection('deliveries')
      .aggregate([
        { $match: { townId, status: 'confirmed', receipt: { $ne: null } } },
        {
          $group: {
            _id: {
              y: { $year: { date: '$receipt.at', timezone: 'Asia/Shanghai' } },
              m: { $month: { date: '$receipt.at', timezone: 'Asia/Shanghai' } },
            },
          },
        },
      ])
      .toArray(),
  ]);
  return [
    ...plantings.map((r) => ({ townId, source: 'planting' as const, year: r._id.y, part: TOWN })),
    ...harvests.map((r) => ({ townId, source: 'harvest' as const, year: r._id.y, part: String(r._id.p) })),
    ...sales.flatMap((r) =>
      (['sales', 'sellerSales'] as const).map((source) => ({
        townId,
        source,
        year: r._id.y,
        part: pad2(r._id.m),
      })),
    ),
    ...income.map((r) => ({ townId, source: 'income' as const, year: r._id.y, part: String(r._id.p) })),
    ...owed.map((r) => ({ townId, source: 'owed' as const, year: r._id.y, part: pad2(r._id.m) })),
  ];
}

const comparable = (f: { rows: unknown[]; lastAt: Date | null } | undefined) =>
  JSON.stringify({ rows: f?.rows ?? [], lastAt: f?.lastAt ? new Date(f.lastAt).toISOString() : null });

export interface FactProblem {
  key: FactKey;
  problem: 'differs' | 'missing';
}

/**
 * Every stored fact of the town, and every fact its records make, against a recomputation.
 * Facts still marked are skipped (the next read recomputes them anyway).
 */
export async function checkFacts(townId: Types.ObjectId): Promise<FactProblem[]> {
  const [stored, marks, fromRecords] = await Promise.all([
    FactModel.find({ townId }).lean<Fact[]>(),
    FactMarkModel.find({ townId }).lean<FactMark[]>(),
    factKeysFromRecords(townId),
  ]);
  const marked = new Set(marks.map(keyString));
  const byKey = new Map(stored.map((f) => [keyString(f), f]));
  const keys = new Map<string, FactKey>();
  for (const k of [...fromRecords, ...stored]) keys.set(keyString(k), keyFilter(k) as FactKey);
  const problems: FactProblem[] = [];
  for (const [k, key] of keys) {
    if (marked.has(k)) continue;
    const fresh = await compute(key);
    const have = byKey.get(k);
    const empty = fresh.rows.length === 0 && fresh.lastAt === null;
    if (!have) {
      if (!empty) problems.push({ key, problem: 'missing' });
    } else if (comparable(have) !== comparable(fresh)) {
      problems.push({ key, problem: 'differs' });
    }
  }
  return problems;
}

/** Marks every fact of the town (the next read recomputes them): after raw bulk writes, and repairs. */
export async function markAllFacts(townId: Types.ObjectId) {
  const stored = await FactModel.find({ townId }).select('townId source year part').lean<FactKey[]>();
  await touchFacts([...(await factKeysFromRecords(townId)), ...stored.map((k) => keyFilter(k) as FactKey)]);
}

/** Recomputes and stores every fact of the town now, and clears its marks (seed, bench, repair). */
export async function rebuildFacts(townId: Types.ObjectId) {
  const keys = await factKeysFromRecords(townId);
  await FactModel.deleteMany({ townId });
  await FactMarkModel.deleteMany({ townId });
  for (let i = 0; i < keys.length; i += 8) {
    await Promise.all(keys.slice(i, i + 8).map((k) => refresh(k, undefined)));
  }
}

/** Recomputes one fact from its records now (db:check --repair). */
export async function repairFact(key: FactKey) {
  const seen = (await FactModel.findOne(keyFilter(key)).lean<Fact>()) ?? undefined;
  const fresh = await refresh(key, seen);
  return fresh.gen > 0 ? 'recomputed from its records' : 'changed meanwhile; recomputed at the next read';
}
