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

/** A fact's source: one kind of figure, defined by the module that owns its records. */
export type FactSource = string;

/** A town's facts of one source come in one batch (a county has a few thousand). */
const FIND_BATCH = 20_000;

/** How long after its last touch a mark can still see a write commit (well over the driver's timeouts). */
export const GRACE_MS = 60_000;

export interface FactKey {
  townId: Types.ObjectId;
  source: FactSource;
  year: number;
  /** 'town' (a season of the whole town), a village's id or the month "01"–"12": the source says */
  part: string;
}

type Doc = Record<string, unknown>;

/**
 * One kind of figure, registered by the module whose records it adds up (`defineFact`): the
 * facts engine knows no source by name.
 */
export interface FactDefinition<Row = unknown> {
  source: FactSource;
  /** For each model whose records it counts, the facts a stored record counts in. */
  records: Record<string, (doc: Doc & { townId: Types.ObjectId }) => FactKey[] | Promise<FactKey[]>>;
  /** The fields `records` reads (an import's staged rows are read with only these). */
  fields: string[];
  /** The fact's rows as its records add them up now. */
  compute(key: FactKey): Promise<{ rows: Row[]; lastAt: Date | null }>;
  /** Every fact of this source the town's records make (db:check, rebuilds). */
  keysFromRecords(townId: Types.ObjectId): Promise<FactKey[]>;
}

const definitions = new Map<FactSource, FactDefinition>();

/** Registers a source of facts; the handle it returns is what readers pass to `readFacts`. */
export function defineFact<Row>(definition: FactDefinition<Row>): FactDefinition<Row> {
  const known = definitions.get(definition.source);
  if (known && known !== definition) throw new Error(`fact source ${definition.source} defined twice`);
  definitions.set(definition.source, definition as FactDefinition);
  return definition;
}

function definitionOf(source: FactSource) {
  const definition = definitions.get(source);
  if (!definition) throw new Error(`unknown fact source ${source}`);
  return definition;
}

export interface Fact<Row = unknown> extends FactKey {
  rows: Row[];
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
    source: { type: String, required: true },
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
    source: { type: String, required: true },
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

export const pad2 = (n: number) => String(n).padStart(2, '0');

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

/** The part of a fact that covers the whole town (a season's plantings: a few thousand at most). */
export const TOWN = 'town';

/** The models whose records count in some fact. */
export function countsInFacts(model: string) {
  for (const d of definitions.values()) if (d.records[model]) return true;
  return false;
}

/** The fields of a model's records that say which facts they count in. */
export function factFields(model: string) {
  const fields = new Set(['townId']);
  for (const d of definitions.values()) if (d.records[model]) for (const f of d.fields) fields.add(f);
  return [...fields];
}

const asId = (v: unknown) => (v instanceof Types.ObjectId ? v : new Types.ObjectId(String(v)));

/** The facts a stored record counts in, by its model (records of other models count in none). */
export async function factKeysOf(model: string, doc: Doc | null | undefined): Promise<FactKey[]> {
  if (!doc || doc.staged === true || !doc.townId) return [];
  const record = { ...doc, townId: asId(doc.townId) };
  const keys: FactKey[] = [];
  for (const d of definitions.values()) {
    const of = d.records[model];
    if (of) keys.push(...(await of(record)));
  }
  return keys;
}

/** Marks the facts of records before and after a change (either may be null). */
export async function touchRecords(model: string, ...docs: Array<object | null | undefined>) {
  const keys = (await Promise.all(docs.map((d) => factKeysOf(model, d as Doc | null | undefined)))).flat();
  if (keys.length) await touchFacts(keys);
}

// ---------------------------------------------------------------- recomputation

const compute = (key: FactKey) => definitionOf(key.source).compute(key);

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
export async function readFacts<Row>(
  townId: Types.ObjectId,
  { source }: FactDefinition<Row>,
  years?: number[],
  { rows = true } = {},
): Promise<Fact<Row>[]> {
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
  return [...byKey.values()] as Fact<Row>[];
}

// ---------------------------------------------------------------- verification and rebuild

/** Every fact a town's records make, as keys (db:check, rebuilds). */
export async function factKeysFromRecords(townId: Types.ObjectId): Promise<FactKey[]> {
  const all = await Promise.all([...definitions.values()].map((d) => d.keysFromRecords(townId)));
  return all.flat();
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

/** The latest of some dates (null when there are none). */
export function maxDate(dates: Array<Date | null | undefined>): Date | null {
  let max: Date | null = null;
  for (const d of dates) if (d && (!max || d > max)) max = d;
  return max;
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
