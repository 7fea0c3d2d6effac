// Importing a livestock base's herd events. The whole file is checked against the recorded
// history as one timeline (a sale in row 9 may rely on a purchase in row 3); head counts and
// ear tags are held under the import's id while it is written, so a rollback can return them.
import { coerceFormValue as coerce } from '~/schemas/coerce';
import { Types } from 'mongoose';
import type { RowError } from '#models/kernel/import';
import {
  EarTagModel,
  HerdCountModel,
  HerdEventModel,
  countId,
  dailyDeltas,
  getBase,
  herdEventDoc,
  livestockProduct,
  type BaseInfo,
} from '#models/field/herd';
import { LotModel, reserveLotCodes } from '#models/lots/lot';
import { clearHold, holdAmount, releaseAmount } from '#models/kernel/operation';
import { commitStaged, insertStaged, rollbackStaged } from '#models/kernel/staging';
import { TownModel } from '#models/town/town';
import {
  HerdEventRowSchema,
  KIND_WORDS,
  LIVESTOCK_PRODUCT_CODE,
  SPECIES_WORDS,
  SELLING_KINDS,
  isAdding,
  parseEarTags,
  type HerdEventInput,
} from '~/schemas/herd';
import type { Species } from '~/schemas/roles';
import { shanghaiMidnight } from '~/utils/dates';
import { shanghaiDateString } from '~/utils/format';

const KIND_LABEL = Object.fromEntries(Object.entries(KIND_WORDS).map(([word, kind]) => [kind, word]));
import { registerImportKind, type ImportKind, type ParsedRow } from './kinds.server';
import type { Column } from './parse.server';

const columns: Column[] = [
  {
    key: 'kind',
    header: '类型',
    headerEn: 'Event',
    required: true,
    example: '出生',
    allowed: Object.keys(KIND_WORDS),
  },
  {
    key: 'species',
    header: '品种',
    headerEn: 'Species',
    required: true,
    example: '生猪',
    allowed: Object.keys(SPECIES_WORDS),
  },
  { key: 'date', header: '日期', headerEn: 'Date', required: true, example: '2026-03-15' },
  { key: 'head', header: '头数', headerEn: 'Head', required: true, example: '12' },
  { key: 'earTags', header: '耳标号', headerEn: 'Ear tags', required: false, example: '' },
  { key: 'cause', header: '死亡原因', headerEn: 'Cause of death', required: false, example: '' },
  { key: 'buyer', header: '买方', headerEn: 'Buyer', required: false, example: '' },
  { key: 'weightKg', header: '总重（千克）', headerEn: 'Total weight (kg)', required: false, example: '' },
  { key: 'priceYuan', header: '总价（元）', headerEn: 'Total price (CNY)', required: false, example: '' },
  { key: 'notes', header: '备注', headerEn: 'Notes', required: false, example: '' },
];

const HEADER_OF: Record<string, string> = Object.fromEntries(columns.map((c) => [c.key, c.header]));
const err = (line: number, field: string, message: string): RowError => ({
  line,
  column: HEADER_OF[field] ?? field,
  message,
});

type Row = ParsedRow<HerdEventInput>;

const ordered = (rows: Row[]) =>
  [...rows].sort((a, b) => a.value.date.localeCompare(b.value.date) || a.line - b.line);

async function checkRows(base: BaseInfo, rows: Row[]): Promise<RowError[]> {
  const errors: RowError[] = [];
  const town = await TownModel.findById(base.townId).select('countyCode').lean();
  const county = town?.countyCode ?? '';
  const usable: Row[] = [];
  for (const row of rows) {
    const v = row.value;
    if (!base.species.includes(v.species)) errors.push(err(row.line, 'species', 'herd.speciesNotKept'));
    else if (SELLING_KINDS.includes(v.kind) && !(await livestockProduct(base.townId, v.species))) {
      errors.push(
        err(
          row.line,
          'kind',
          `herd.noProduct|${JSON.stringify({ code: LIVESTOCK_PRODUCT_CODE[v.species] })}`,
        ),
      );
    } else usable.push(row);
    const wrongCounty = parseEarTags(v.earTags).filter((t) => t.slice(1, 7) !== county);
    if (wrongCounty.length) {
      errors.push(
        err(
          row.line,
          'earTags',
          `herd.tagCounty|${JSON.stringify({ tags: wrongCounty.slice(0, 3).join(', '), county })}`,
        ),
      );
    }
  }

  // ear tags along the file's timeline, starting from what is registered
  const allTags = [...new Set(rows.flatMap((r) => parseEarTags(r.value.earTags)))];
  const known = new Map(
    (await EarTagModel.find({ _id: { $in: allTags } }).lean()).map((t) => [
      t._id,
      t.baseId.equals(base._id) && t.status === 'alive' ? 'alive' : 'gone',
    ]),
  );
  for (const row of ordered(usable)) {
    const tags = parseEarTags(row.value.earTags);
    if (isAdding(row.value.kind)) {
      const taken = tags.filter((t) => known.has(t));
      if (taken.length)
        errors.push(
          err(row.line, 'earTags', `herd.tagTaken|${JSON.stringify({ tags: taken.slice(0, 3).join(', ') })}`),
        );
      tags.forEach((t) => known.set(t, 'alive'));
    } else {
      const missing = tags.filter((t) => known.get(t) !== 'alive');
      if (missing.length)
        errors.push(
          err(
            row.line,
            'earTags',
            `herd.tagNotInHerd|${JSON.stringify({ tags: missing.slice(0, 3).join(', ') })}`,
          ),
        );
      tags.forEach((t) => known.set(t, 'gone'));
    }
  }

  // head counts: recorded history and the file's rows as one timeline per species
  for (const species of base.species) {
    const mine = ordered(usable.filter((r) => r.value.species === species));
    if (!mine.length) continue;
    const history = (await dailyDeltas(base._id, species)).map((d) => ({
      at: d._id.getTime(),
      delta: d.delta,
      row: null as Row | null,
    }));
    const timeline = [
      ...history,
      ...mine.map((r) => ({
        at: shanghaiMidnight(r.value.date)!.getTime(),
        delta: isAdding(r.value.kind) ? r.value.head : -r.value.head,
        row: r,
      })),
    ].sort((a, b) => a.at - b.at || (a.row ? 1 : 0) - (b.row ? 1 : 0));
    let running = 0;
    let lastRemoval: Row | null = null;
    const blamed = new Set<Row>();
    for (const entry of timeline) {
      running += entry.delta;
      if (entry.row && entry.delta < 0) lastRemoval = entry.row;
      if (running < 0 && lastRemoval && !blamed.has(lastRemoval)) {
        blamed.add(lastRemoval);
        errors.push(
          err(
            lastRemoval.line,
            'head',
            `herd.notEnough|${JSON.stringify({ available: Math.max(0, running + lastRemoval.value.head) })}`,
          ),
        );
      }
    }
  }
  return errors;
}

async function stageRows(
  base: BaseInfo,
  importId: Types.ObjectId,
  rows: Row[],
  progress: (n: number) => Promise<void>,
) {
  const now = new Date();
  const town = await TownModel.findById(base.townId).select('code').lean();
  const items = ordered(rows).map((row) => ({
    row,
    id: new Types.ObjectId(),
    date: shanghaiMidnight(row.value.date)!,
  }));

  // head counts: each species' net change, held with this import's id
  const net = new Map<Species, number>();
  for (const { row } of items)
    net.set(
      row.value.species,
      (net.get(row.value.species) ?? 0) + (isAdding(row.value.kind) ? row.value.head : -row.value.head),
    );
  for (const [species, delta] of net) {
    const held = await holdAmount(
      HerdCountModel,
      { _id: countId(base._id, species), ...(delta < 0 && { head: { $gte: -delta } }) },
      'head',
      delta,
      importId,
      delta >= 0 ? { upsert: { townId: base.townId, baseId: base._id, species } } : {},
    );
    if (!held) throw new Error(`the ${species} count changed since the file was checked`);
  }

  // ear tags: registered, then retired, in the file's order
  const added = items
    .filter((i) => isAdding(i.row.value.kind))
    .flatMap((i) =>
      parseEarTags(i.row.value.earTags).map((tag) => ({
        _id: tag,
        baseId: base._id,
        species: i.row.value.species,
        status: 'alive' as const,
        addedBy: i.id,
        removedBy: null,
        importId,
        removedByImport: null,
      })),
    );
  if (added.length) await EarTagModel.insertMany(added);
  for (const i of items.filter((x) => !isAdding(x.row.value.kind))) {
    const tags = parseEarTags(i.row.value.earTags);
    if (!tags.length) continue;
    const res = await EarTagModel.updateMany(
      { _id: { $in: tags }, baseId: base._id, status: 'alive' },
      {
        $set: {
          status: i.row.value.kind === 'death' ? 'dead' : 'sold',
          removedBy: i.id,
          removedByImport: importId,
        },
      },
    );
    if (res.modifiedCount !== tags.length) throw new Error('ear tags changed since the file was checked');
  }

  // lots for animals sold
  const lots = [];
  const lotOf = new Map<Types.ObjectId, { _id: Types.ObjectId; code: string }>();
  for (const i of items.filter((x) => SELLING_KINDS.includes(x.row.value.kind))) {
    const product = (await livestockProduct(base.townId, i.row.value.species))!;
    const [code] = await reserveLotCodes(town!.code, product.code, i.date);
    const lotId = new Types.ObjectId();
    lotOf.set(i.id, { _id: lotId, code });
    lots.push({
      _id: lotId,
      townId: base.townId,
      orgId: base._id,
      code,
      productId: product._id,
      productCode: product.code,
      productName: product.name,
      unit: 'head' as const,
      quantity: i.row.value.head,
      grade: '',
      producedAt: i.date,
      origin: {
        kind: 'herd_sale' as const,
        plantingId: null,
        harvestId: null,
        herdEventId: i.id,
        villageId: base.villageId,
        cooperativeId: null,
        baseId: base._id,
      },
      parentLotIds: [],
      holderOrgId: base._id,
      status: 'in_stock' as const,
      movedAt: null,
      createdAt: now,
      updatedAt: now,
    });
  }
  await insertStaged(LotModel, lots, importId);
  await insertStaged(
    HerdEventModel,
    items.map(({ row, id, date }) => ({
      ...herdEventDoc(base, row.value, id, date, lotOf.get(id)),
      createdAt: now,
      updatedAt: now,
    })),
    importId,
    progress,
  );
}

export const herdImport: ImportKind<HerdEventInput> = {
  name: 'herd',
  entity: 'herd',
  columns,
  rowSchema: coerce(HerdEventRowSchema) as never,
  async check(ctx, rows) {
    const base = await getBase(ctx.orgId);
    if (!base) return [{ line: 0, column: '', message: 'error.403' }];
    return checkRows(base, rows);
  },
  async stage(ctx, importId, rows, progress) {
    await stageRows((await getBase(ctx.orgId))!, importId, rows, progress);
  },
  async commit(importId, actor) {
    await commitStaged(LotModel as never, importId, actor, (d) => String(d.code));
    await commitStaged(HerdEventModel as never, importId, actor, (d) => `${d.kind} ${d.head}`);
    await clearHold(HerdCountModel, {}, importId);
    await EarTagModel.updateMany({ importId }, { $set: { importId: null } });
    await EarTagModel.updateMany({ removedByImport: importId }, { $set: { removedByImport: null } });
  },
  async rollback(importId) {
    await rollbackStaged(HerdEventModel as never, importId);
    await rollbackStaged(LotModel as never, importId);
    await EarTagModel.updateMany(
      { removedByImport: importId },
      { $set: { status: 'alive', removedBy: null, removedByImport: null } },
    );
    await EarTagModel.deleteMany({ importId });
    const held = await HerdCountModel.find({ 'holds.op': importId }).select('_id').lean();
    for (const c of held) await releaseAmount(HerdCountModel, c._id, 'head', importId);
  },
  async created(importId, limit) {
    const docs = await HerdEventModel.find({ importId, staged: { $ne: true } })
      .sort({ date: 1, _id: 1 })
      .limit(limit)
      .select('kind head date lotCode')
      .lean();
    return docs.map((e) => ({
      label: `${shanghaiDateString(e.date)} ${KIND_LABEL[e.kind]} ${e.head} 头${e.lotCode ? ` · ${e.lotCode}` : ''}`,
      href: `/herd/events/${e._id}`,
    }));
  },
};

registerImportKind(herdImport);
