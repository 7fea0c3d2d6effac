// The herd register of a livestock base: what the rest of the app imports. Stored shapes in
// ./schema.ts, the checks in ./base.ts, recording in ./record.ts, voiding in ./reverse.ts.
import { Types } from 'mongoose';
import { byPinyin, toPlain } from '../../kernel/common';
import { OrganizationModel } from '../../town/organization';
import { scopeFilter, type Scope } from '../../kernel/scope';
import { VISIBLE } from '../../kernel/staging';
import { updateRecord } from '../../kernel/write';
import type { Actor } from '../../kernel/audit';
import { type HerdErrors } from './base';
import { storedDetails } from './record';
import { HerdCountModel, HerdEventModel } from './schema';
import { missingDetails, type HerdEventCorrection } from '~/schemas/herd';
import { SPECIES, type Species } from '~/schemas/roles';
import { TIME_ZONE, shanghaiDateString } from '~/domain/time';

export * from './schema';
export * from './base';
export * from './record';
export * from './reverse';

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
