// The herd register of a livestock base. The head count per (base, species) lives in one
// document moved only by conditional atomic $inc, so it can never go below zero, however
// many removals race. Ear tags are a collection with the tag as _id: a tag exists once.
import { Schema, Types } from 'mongoose';
import { byPinyin, defineModel, toPlain } from './common';
import { LotModel, planLot } from './lot';
import { OrganizationModel } from './organization';
import { ProductModel } from './product';
import { scopeFilter, type Scope } from './scope';
import { VISIBLE } from './staging';
import { TownModel } from './town';
import {
  clearHold,
  defineOperation,
  holdAmount,
  holdsField,
  insertOnce,
  perform,
  releaseAmount,
  writeAudit,
  written,
  type Hold,
  type PlannedAudit,
} from './operation';
import { auditEvent, updateRecord } from './write';
import type { Actor } from './audit';
import {
  HERD_EVENT_KINDS,
  LIVESTOCK_PRODUCT_CODE,
  SELLING_KINDS,
  isAdding,
  kindHas,
  missingDetails,
  parseEarTags,
  yuanToFen,
  type HerdEventCorrection,
  type HerdEventInput,
  type HerdEventKind,
} from '~/schemas/herd';
import { SPECIES, type Species } from '~/schemas/roles';
import { shanghaiMidnight } from '~/utils/dates';
import { TIME_ZONE, shanghaiDateString } from '~/utils/format';

export interface HerdEvent {
  townId: Types.ObjectId;
  orgId: Types.ObjectId; // the base
  species: Species;
  kind: HerdEventKind;
  date: Date;
  head: number;
  delta: number; // +head for births and purchases, −head for the rest
  earTags: string[];
  cause: string;
  buyer: string;
  weightKg: number | null;
  priceFen: number | null;
  notes: string;
  lotId: Types.ObjectId | null;
  lotCode: string;
  importId: Types.ObjectId | null;
}

const herdEventSchema = new Schema<HerdEvent>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    species: { type: String, enum: SPECIES, required: true },
    kind: { type: String, enum: HERD_EVENT_KINDS, required: true },
    date: { type: Date, required: true },
    head: { type: Number, required: true, min: 1 },
    delta: { type: Number, required: true },
    earTags: { type: [String], default: [] },
    cause: { type: String, default: '' },
    buyer: { type: String, default: '' },
    weightKg: { type: Number, default: null },
    priceFen: { type: Number, default: null },
    notes: { type: String, default: '' },
    lotId: { type: Schema.Types.ObjectId, default: null },
    lotCode: { type: String, default: '' },
    importId: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true },
);
// a base's events of one species in date order (history, back-dating checks)
herdEventSchema.index({ orgId: 1, species: 1, date: 1 });
// a base's event list, newest first
herdEventSchema.index({ orgId: 1, date: -1 });
// a town's events by month (dashboards)
herdEventSchema.index({ townId: 1, date: 1 });
herdEventSchema.index({ importId: 1 }, { sparse: true });

export const HerdEventModel = defineModel('HerdEvent', herdEventSchema);

interface HerdCount {
  _id: string; // `${baseId}:${species}`
  townId: Types.ObjectId;
  baseId: Types.ObjectId;
  species: Species;
  head: number;
  holds: Hold[]; // head added (or taken) by operations and imports not yet finished
}
const herdCountSchema = new Schema<HerdCount>(
  {
    _id: String,
    townId: { type: Schema.Types.ObjectId, required: true },
    baseId: { type: Schema.Types.ObjectId, required: true },
    species: { type: String, enum: SPECIES, required: true },
    head: { type: Number, required: true, min: 0 },
    holds: holdsField,
  },
  { versionKey: false },
);
// head counts of a town's bases (officials' overview)
herdCountSchema.index({ townId: 1, baseId: 1 });
export const HerdCountModel = defineModel('HerdCount', herdCountSchema);

export const EAR_TAG_STATUSES = ['alive', 'dead', 'sold'] as const;
interface EarTag {
  _id: string; // the 15-digit tag
  baseId: Types.ObjectId;
  species: Species;
  status: (typeof EAR_TAG_STATUSES)[number];
  addedBy: Types.ObjectId;
  removedBy: Types.ObjectId | null;
  importId: Types.ObjectId | null; // registered by an import still being written
  removedByImport: Types.ObjectId | null;
}
const earTagSchema = new Schema<EarTag>(
  {
    _id: String,
    baseId: { type: Schema.Types.ObjectId, required: true },
    species: { type: String, enum: SPECIES, required: true },
    status: { type: String, enum: EAR_TAG_STATUSES, required: true },
    addedBy: { type: Schema.Types.ObjectId, required: true },
    removedBy: { type: Schema.Types.ObjectId, default: null },
    importId: { type: Schema.Types.ObjectId, default: null },
    removedByImport: { type: Schema.Types.ObjectId, default: null },
  },
  { versionKey: false },
);
// undoing an import's tags
earTagSchema.index({ importId: 1 }, { sparse: true });
earTagSchema.index({ removedByImport: 1 }, { sparse: true });
export const EarTagModel = defineModel('EarTag', earTagSchema);

export const countId = (baseId: Types.ObjectId, species: string) => `${baseId}:${species}`;

// ---------------------------------------------------------------------------------------

export interface BaseInfo {
  _id: Types.ObjectId;
  townId: Types.ObjectId;
  species: Species[];
  villageId: Types.ObjectId | null;
  countyCode: string; // the town's county: digits 2–7 of every ear tag
}

/** An active livestock base, or null (archived, or not a base). */
export async function getBase(id: Types.ObjectId): Promise<BaseInfo | null> {
  const org = await OrganizationModel.findOne({ _id: id, type: 'base', archivedAt: null }).lean();
  if (!org) return null;
  const town = await TownModel.findById(org.townId).select('countyCode').lean();
  return {
    _id: org._id,
    townId: org.townId!,
    species: org.species,
    villageId: org.villageId,
    countyCode: town?.countyCode ?? '',
  };
}

export async function currentHead(baseId: Types.ObjectId, species: Species) {
  const c = await HerdCountModel.findById(countId(baseId, species)).lean();
  return c?.head ?? 0;
}

/** Net change per day (Shanghai midnights) of a base's species, oldest first. */
export async function dailyDeltas(baseId: Types.ObjectId, species: Species) {
  return HerdEventModel.aggregate<{ _id: Date; delta: number }>([
    { $match: { orgId: baseId, species, ...VISIBLE } },
    { $group: { _id: '$date', delta: { $sum: '$delta' } } },
    { $sort: { _id: 1 } },
  ]);
}

/**
 * The lowest end-of-day head count from `date` on, counting all recorded events: a removal
 * dated `date` must not exceed it, or the history would go negative on some day. Events of
 * one day have no order, so animals bought or born that day may leave that day.
 */
export function lowestFrom(days: { _id: Date; delta: number }[], date: Date) {
  let running = 0;
  let lowest = Number.POSITIVE_INFINITY;
  for (const d of days) {
    // before a later day's change, `running` is the count at the end of the previous day
    if (d._id > date) lowest = Math.min(lowest, running);
    running += d.delta;
  }
  return Math.min(lowest, running);
}

export type HerdErrors = Record<string, string[]>;

/** Checks that need the database: species of the base, tags' county and state, enough animals. */
export async function checkHerdEvent(base: BaseInfo, input: HerdEventInput): Promise<HerdErrors> {
  const errors: HerdErrors = {};
  if (!base.species.includes(input.species)) errors.species = ['herd.speciesNotKept'];
  const tags = parseEarTags(input.earTags);
  if (tags.length) {
    const county = base.countyCode;
    const wrongCounty = tags.filter((t) => t.slice(1, 7) !== county);
    if (wrongCounty.length) {
      errors.earTags = [
        `herd.tagCounty|${JSON.stringify({ tags: wrongCounty.slice(0, 3).join(', '), county })}`,
      ];
    } else if (isAdding(input.kind)) {
      const taken = await EarTagModel.find({ _id: { $in: tags } })
        .select('_id')
        .lean();
      if (taken.length)
        errors.earTags = [
          `herd.tagTaken|${JSON.stringify({
            tags: taken
              .slice(0, 3)
              .map((t) => t._id)
              .join(', '),
          })}`,
        ];
    } else {
      const alive = await EarTagModel.find({
        _id: { $in: tags },
        baseId: base._id,
        species: input.species,
        status: 'alive',
      })
        .select('_id')
        .lean();
      const missing = tags.filter((t) => !alive.some((a) => a._id === t));
      if (missing.length)
        errors.earTags = [`herd.tagNotInHerd|${JSON.stringify({ tags: missing.slice(0, 3).join(', ') })}`];
    }
  }
  if (!isAdding(input.kind) && !errors.species) {
    const date = shanghaiMidnight(input.date)!;
    const [now, lowest] = await Promise.all([
      currentHead(base._id, input.species),
      dailyDeltas(base._id, input.species).then((days) => lowestFrom(days, date)),
    ]);
    const available = Math.min(now, lowest);
    if (input.head > available)
      errors.head = [`herd.notEnough|${JSON.stringify({ available: Math.max(0, available) })}`];
  }
  if (SELLING_KINDS.includes(input.kind) && !errors.species) {
    const product = await livestockProduct(base.townId, input.species);
    if (!product)
      errors.kind = [`herd.noProduct|${JSON.stringify({ code: LIVESTOCK_PRODUCT_CODE[input.species] })}`];
  }
  return errors;
}

export function livestockProduct(townId: Types.ObjectId, species: Species) {
  return ProductModel.findOne({ townId, code: LIVESTOCK_PRODUCT_CODE[species], archivedAt: null }).lean();
}

export type HerdResult =
  { ok: true; id: Types.ObjectId; lotCode: string } | { ok: false; errors: HerdErrors };

interface HerdPlan {
  countId: string;
  baseId: Types.ObjectId;
  townId: Types.ObjectId;
  species: Species;
  delta: number;
  eventId: Types.ObjectId;
  addTags: string[];
  retireTags: { tags: string[]; status: 'dead' | 'sold' };
  lot: (Record<string, unknown> & { _id: Types.ObjectId }) | null;
  event: Record<string, unknown> & { _id: Types.ObjectId };
  audits: PlannedAudit[];
}

const notEnough = async (baseId: Types.ObjectId, species: Species): Promise<HerdErrors> => ({
  head: [`herd.notEnough|${JSON.stringify({ available: await currentHead(baseId, species) })}`],
});

const recordOperation = defineOperation<HerdPlan>({
  name: 'herd:record',
  async hold(op) {
    const p = op.plan;
    const adding = p.delta > 0;
    const held = await holdAmount(
      HerdCountModel,
      { _id: p.countId, ...(!adding && { head: { $gte: -p.delta } }) },
      'head',
      p.delta,
      op._id,
      adding ? { upsert: { townId: p.townId, baseId: p.baseId, species: p.species } } : {},
    );
    if (!held) return notEnough(p.baseId, p.species);
    if (p.addTags.length) {
      try {
        await EarTagModel.insertMany(
          p.addTags.map((t) => ({
            _id: t,
            baseId: p.baseId,
            species: p.species,
            status: 'alive',
            addedBy: p.eventId,
            removedBy: null,
          })),
          { ordered: false },
        );
      } catch (error) {
        if ((error as { code?: number }).code === 11000) return { earTags: ['herd.tagRace'] };
        throw error;
      }
      written();
    }
    if (p.retireTags.tags.length) {
      const retired = await EarTagModel.updateMany(
        { _id: { $in: p.retireTags.tags }, baseId: p.baseId, status: 'alive' },
        { $set: { status: p.retireTags.status, removedBy: p.eventId } },
      );
      written();
      if (retired.modifiedCount !== p.retireTags.tags.length) return { earTags: ['herd.tagRace'] };
    }
    return null;
  },
  async release(op) {
    const p = op.plan;
    await EarTagModel.updateMany({ removedBy: p.eventId }, { $set: { status: 'alive', removedBy: null } });
    written();
    await EarTagModel.deleteMany({ addedBy: p.eventId });
    written();
    await releaseAmount(HerdCountModel, p.countId, 'head', op._id);
  },
  async apply(op) {
    await Promise.all([
      op.plan.lot && insertOnce(LotModel as never, [op.plan.lot]),
      insertOnce(HerdEventModel as never, [op.plan.event]),
      writeAudit(op.plan.audits),
    ]);
  },
  finish: (op) => clearHold(HerdCountModel, { _id: op.plan.countId }, op._id),
});

/**
 * Records an event as one operation: the head count (guarded so it never goes below zero),
 * the ear tags registered or retired, a lot for animals sold, the event and its audit trail.
 */
export async function recordHerdEvent(
  base: BaseInfo,
  input: HerdEventInput,
  actor: Actor,
): Promise<HerdResult> {
  const outcome = await perform(recordOperation, { once: actor.once, input }, async () => {
    const errors = await checkHerdEvent(base, input);
    if (Object.keys(errors).length) return { ok: false, errors };
    const eventId = new Types.ObjectId();
    const adding = isAdding(input.kind);
    const tags = parseEarTags(input.earTags);
    const date = shanghaiMidnight(input.date)!;
    let lot = null;
    if (SELLING_KINDS.includes(input.kind)) {
      const [product, town] = await Promise.all([
        livestockProduct(base.townId, input.species),
        TownModel.findById(base.townId).select('code').lean(),
      ]);
      lot = await planLot({
        townCode: town!.code,
        townId: base.townId,
        orgId: base._id,
        productId: product!._id,
        productCode: product!.code,
        productName: product!.name,
        unit: 'head',
        quantity: input.head,
        grade: '',
        producedAt: date,
        origin: {
          kind: 'herd_sale',
          plantingId: null,
          harvestId: null,
          herdEventId: eventId,
          villageId: base.villageId,
          cooperativeId: null,
          baseId: base._id,
        },
      });
    }
    const now = new Date();
    const event = {
      ...herdEventDoc(base, input, eventId, date, lot && { _id: lot._id, code: String(lot.code) }),
      createdAt: now,
      updatedAt: now,
    };
    const audits = [
      lot && auditEvent('Lot', 'create', actor, null, lot, String(lot.code)),
      auditEvent('HerdEvent', 'create', actor, null, event, `${event.kind} ${event.head}`),
    ].filter((e): e is PlannedAudit => e !== null);
    const plan: HerdPlan = {
      countId: countId(base._id, input.species),
      baseId: base._id,
      townId: base.townId,
      species: input.species,
      delta: adding ? input.head : -input.head,
      eventId,
      addTags: adding ? tags : [],
      retireTags: { tags: adding ? [] : tags, status: input.kind === 'death' ? 'dead' : 'sold' },
      lot,
      event,
      audits,
    };
    return { ok: true, plan, value: { id: eventId, lotCode: lot ? String(lot.code) : '' } };
  });
  return outcome.ok ? { ok: true, ...outcome.value } : { ok: false, errors: outcome.errors };
}

/** The stored event for an input (the form and the import build it the same way). */
export function herdEventDoc(
  base: BaseInfo,
  input: HerdEventInput,
  id: Types.ObjectId,
  date: Date,
  lot: { _id: Types.ObjectId; code: string } | null | undefined,
): Partial<HerdEvent> & { _id: Types.ObjectId } {
  return {
    _id: id,
    townId: base.townId,
    orgId: base._id,
    species: input.species,
    kind: input.kind,
    date,
    head: input.head,
    delta: isAdding(input.kind) ? input.head : -input.head,
    earTags: parseEarTags(input.earTags),
    ...storedDetails(input.kind, input),
    notes: input.notes,
    lotId: lot?._id ?? null,
    lotCode: lot?.code ?? '',
    importId: null,
  };
}

/** The details a kind of event keeps; a price typed on a birth is not stored. */
function storedDetails(
  kind: HerdEventKind,
  d: { cause?: string; buyer?: string; weightKg?: number; priceYuan?: number },
) {
  return {
    cause: kindHas(kind, 'cause') ? (d.cause ?? '') : '',
    buyer: kindHas(kind, 'buyer') ? (d.buyer ?? '') : '',
    weightKg: kindHas(kind, 'weightKg') ? (d.weightKg ?? null) : null,
    priceFen: kindHas(kind, 'priceYuan') && d.priceYuan !== undefined ? yuanToFen(d.priceYuan) : null,
  };
}

const eventScope = (scope: Scope) => ({ ...scopeFilter(scope), ...VISIBLE });

export async function listHerdEvents(
  scope: Scope,
  { baseId, limit = 50 }: { baseId?: Types.ObjectId; limit?: number } = {},
) {
  const docs = await HerdEventModel.find({ ...eventScope(scope), ...(baseId && { orgId: baseId }) })
    .sort({ date: -1 })
    .limit(limit)
    .lean();
  return docs.map(toPlain);
}

export async function getHerdEvent(scope: Scope, id: Types.ObjectId) {
  const doc = await HerdEventModel.findOne({ _id: id, ...eventScope(scope) }).lean();
  return doc && toPlain(doc);
}

async function listHerdCounts(scope: Scope) {
  const filter =
    scope.access === 'own'
      ? { baseId: scope.orgId }
      : scope.access === 'town'
        ? { townId: scope.townId }
        : {};
  const docs = await HerdCountModel.find(filter).sort({ baseId: 1, species: 1 }).lean();
  return docs.map((d) => ({ baseId: String(d.baseId), species: d.species, head: d.head }));
}

/**
 * The bases in scope (a base: itself; an official: every base of the town) with the head
 * count of each species they keep (0 before any event), and the totals per species.
 */
export async function herdOverview(scope: Scope) {
  const [orgs, counts] = await Promise.all([
    OrganizationModel.find({ ...scopeFilter(scope, { orgField: '_id' }), type: 'base' })
      .select('name site species archivedAt')
      .lean(),
    listHerdCounts(scope),
  ]);
  const bases = orgs
    .map((b) => {
      const id = String(b._id);
      const held = counts.filter((c) => c.baseId === id);
      const species = [...new Set([...b.species, ...held.map((c) => c.species)])];
      return {
        id,
        name: b.name,
        site: b.site,
        archived: Boolean(b.archivedAt),
        counts: species.map((s) => ({ species: s, head: held.find((c) => c.species === s)?.head ?? 0 })),
      };
    })
    .sort(byPinyin);
  const totals = SPECIES.map((species) => ({
    species,
    head: counts.filter((c) => c.species === species).reduce((sum, c) => sum + c.head, 0),
  })).filter((t) => bases.some((b) => b.counts.some((c) => c.species === t.species)));
  return { bases, totals };
}

/** Head count at the end of each month (Asia/Shanghai), every month from the first event to now. */
export async function herdHistory(scope: Scope, baseId: Types.ObjectId, species: Species, now = new Date()) {
  return fillMonths(await monthlyHerd(scope, baseId, species), shanghaiDateString(now).slice(0, 7));
}

/** Months without events carry the previous month's count, so the chart's axis is even. */
export function fillMonths(rows: { month: string; head: number }[], until: string) {
  if (rows.length === 0) return [];
  const byMonth = new Map(rows.map((r) => [r.month, r.head]));
  const out: { month: string; head: number }[] = [];
  let [y, m] = rows[0].month.split('-').map(Number);
  const last = until > rows[rows.length - 1].month ? until : rows[rows.length - 1].month;
  let head = 0;
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    head = byMonth.get(month) ?? head;
    out.push({ month, head });
    if (month >= last) break;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

async function monthlyHerd(scope: Scope, baseId: Types.ObjectId, species: Species) {
  const rows = await HerdEventModel.aggregate<{ month: string; delta: number; head: number }>([
    { $match: { ...eventScope(scope), orgId: baseId, species } },
    {
      $group: {
        _id: { $dateTrunc: { date: '$date', unit: 'month', timezone: TIME_ZONE } },
        delta: { $sum: '$delta' },
      },
    },
    { $sort: { _id: 1 } },
    {
      $setWindowFields: {
        sortBy: { _id: 1 },
        output: { head: { $sum: '$delta', window: { documents: ['unbounded', 'current'] } } },
      },
    },
    {
      $project: {
        _id: 0,
        month: { $dateToString: { date: '$_id', format: '%Y-%m', timezone: TIME_ZONE } },
        delta: 1,
        head: 1,
      },
    },
  ]);
  return rows;
}

/**
 * Corrects what nothing depends on: cause, buyer, price, notes (those the event's kind keeps).
 * Head, date, kind and species never change: the head count, ear tags, the history and a
 * lot sold follow them; a mistake there is put right by recording a reversing event.
 * Returns null when the event is not in scope.
 */
export async function correctHerdEvent(
  scope: Scope,
  id: Types.ObjectId,
  input: HerdEventCorrection,
  actor: Actor,
): Promise<{ ok: true } | { ok: false; errors: HerdErrors } | null> {
  const filter = { _id: id, ...eventScope(scope) };
  const event = await HerdEventModel.findOne(filter).select('kind').lean();
  if (!event) return null;
  const errors = missingDetails(event.kind, input);
  if (Object.keys(errors).length) return { ok: false, errors };
  const d = storedDetails(event.kind, input);
  const updated = await updateRecord(
    HerdEventModel,
    filter,
    { cause: d.cause, buyer: d.buyer, priceFen: d.priceFen, notes: input.notes },
    actor,
    { label: (doc) => `${doc.kind} ${doc.head}` },
  );
  return updated && { ok: true };
}
