// Importing plantings and harvests from a cooperative's spreadsheet.
import { coerceFormValue as coerce } from '~/schemas/coerce';
import { Types } from 'mongoose';
import type { RowError } from '#models/kernel/import';
import { harvestOrigin, lotDocument, LotModel, reserveLotCodes } from '#models/lots/lot';
import {
  HarvestModel,
  PlantingModel,
  bearableKg,
  checkHarvest,
  plantingFields,
  reflagHarvests,
  reservePlantingRefs,
  villagesServedBy,
} from '#models/field/planting';
import { ProductModel } from '#models/town/product';
import { clearHold, holdAmount, releaseAmount } from '#models/kernel/operation';
import { commitStaged, insertStaged, rollbackStaged, VISIBLE } from '#models/kernel/staging';
import { TownModel } from '#models/town/town';
import { VillageModel } from '#models/town/village';
import {
  GRADE_WORDS,
  HarvestRowSchema,
  PlantingRowSchema,
  UNIT_WORDS,
  toKg,
  type HarvestRow,
  type PlantingRow,
} from '~/schemas/planting';
import { shanghaiMidnight } from '~/utils/dates';
import { registerImportKind, type ImportKind, type ParsedRow } from './kinds.server';
import type { Column } from './parse.server';

const groupBy = <T, K extends string>(items: T[], key: (t: T) => K) => {
  const map = new Map<K, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
};

// ---------------------------------------------------------------- plantings

const plantingColumns: Column[] = [
  { key: 'village', header: '村名', headerEn: 'Village', required: true, example: '青龙村' },
  { key: 'crop', header: '作物', headerEn: 'Crop', required: true, example: '小香薯' },
  { key: 'areaMu', header: '面积（亩）', headerEn: 'Area (mu)', required: true, example: '12.5' },
  { key: 'households', header: '参与户数', headerEn: 'Households', required: true, example: '8' },
  { key: 'plantedOn', header: '种植日期', headerEn: 'Planted on', required: true, example: '2026-03-15' },
  {
    key: 'expectedHarvestOn',
    header: '预计采收日期',
    headerEn: 'Expected harvest',
    required: false,
    example: '2026-09-20',
  },
  { key: 'season', header: '年度', headerEn: 'Year', required: false, example: '2026' },
  { key: 'plotName', header: '地块名称', headerEn: 'Plot', required: false, example: '河边一号地' },
  { key: 'notes', header: '备注', headerEn: 'Notes', required: false, example: '' },
];

async function townLookups(townId: Types.ObjectId) {
  const [villages, crops] = await Promise.all([
    VillageModel.find({ townId, archivedAt: null }).select('name').lean(),
    ProductModel.find({ townId, category: 'crop', archivedAt: null }).select('name nameEn code').lean(),
  ]);
  const village = new Map(villages.map((v) => [v.name, v._id]));
  const crop = new Map<string, Types.ObjectId>();
  for (const p of crops)
    for (const name of [p.name, p.code, p.nameEn.toLowerCase()]) if (name) crop.set(name, p._id);
  return { village, crop };
}

type ResolvedPlanting = { villageId: Types.ObjectId; productId: Types.ObjectId };
const resolvedPlantings = new WeakMap<ParsedRow<PlantingRow>, ResolvedPlanting>();

export const plantingImport: ImportKind<PlantingRow> = {
  name: 'plantings',
  entity: 'planting',
  columns: plantingColumns,
  rowSchema: coerce(PlantingRowSchema) as never,
  async check(ctx, rows) {
    const [{ village, crop }, served] = await Promise.all([
      townLookups(ctx.townId),
      villagesServedBy(ctx.orgId),
    ]);
    const errors: RowError[] = [];
    for (const row of rows) {
      const villageId = village.get(row.value.village);
      const productId = crop.get(row.value.crop) ?? crop.get(row.value.crop.toLowerCase());
      if (!villageId) errors.push({ line: row.line, column: '村名', message: 'v.villageNotFound' });
      else if (!served.has(String(villageId)))
        errors.push({ line: row.line, column: '村名', message: 'planting.villageNotServed' });
      if (!productId) errors.push({ line: row.line, column: '作物', message: 'planting.cropNotFound' });
      if (villageId && productId) resolvedPlantings.set(row, { villageId, productId });
    }
    return errors;
  },
  async stage(ctx, importId, rows, progress) {
    const now = new Date();
    const docs = rows.map((row) => ({
      row,
      ...resolvedPlantings.get(row)!,
      fields: plantingFields(row.value),
    }));
    // an expected harvest left empty is proposed from the crop's growing period
    const growing = new Map(
      (await ProductModel.find({ townId: ctx.townId }).select('growingDays').lean()).map((p) => [
        String(p._id),
        p.growingDays,
      ]),
    );
    for (const d of docs) {
      const days = growing.get(String(d.productId));
      if (!d.fields.expectedHarvestOn && days) {
        d.fields.expectedHarvestOn = new Date(d.fields.plantedOn.getTime() + days * 86_400_000);
      }
    }
    // references are reserved per crop and planting day, in file order
    for (const group of groupBy(docs, (d) => `${d.productId}:${d.fields.plantedOn.toISOString()}`).values()) {
      const refs = await reservePlantingRefs(
        ctx.townId,
        group[0].productId,
        group[0].fields.plantedOn,
        group.length,
      );
      group.forEach((d, i) => Object.assign(d, { ref: refs[i] }));
    }
    await insertStaged(
      PlantingModel,
      docs.map((d) => ({
        _id: new Types.ObjectId(),
        townId: ctx.townId,
        orgId: ctx.orgId,
        ref: (d as unknown as { ref: string }).ref,
        villageId: d.villageId,
        productId: d.productId,
        ...d.fields,
        harvestedKg: 0,
        holds: [],
        createdAt: now,
        updatedAt: now,
      })),
      importId,
      progress,
    );
  },
  commit: (importId, actor) => commitStaged(PlantingModel as never, importId, actor, (d) => String(d.ref)),
  rollback: (importId) => rollbackStaged(PlantingModel as never, importId),
  async created(importId, limit) {
    const docs = await PlantingModel.find({ importId, ...VISIBLE })
      .sort({ _id: 1 })
      .limit(limit)
      .select('ref')
      .lean();
    return docs.map((p) => ({ label: p.ref, href: `/plantings/${p._id}` }));
  },
};

// ---------------------------------------------------------------- harvests

const harvestColumns: Column[] = [
  { key: 'village', header: '村名', headerEn: 'Village', required: false, example: '青龙村' },
  { key: 'crop', header: '作物', headerEn: 'Crop', required: false, example: '小香薯' },
  { key: 'plantedOn', header: '种植日期', headerEn: 'Planted on', required: false, example: '2026-03-15' },
  { key: 'plotName', header: '地块名称', headerEn: 'Plot', required: false, example: '河边一号地' },
  {
    key: 'plantingRef',
    header: '种植编号',
    headerEn: 'Planting ref',
    required: false,
    example: 'ZZ-LFT-XXS-20260315-001',
    note: '可代替村名、作物、种植日期',
  },
  { key: 'harvestedOn', header: '采收日期', headerEn: 'Harvested on', required: true, example: '2026-09-20' },
  { key: 'quantity', header: '数量', headerEn: 'Quantity', required: true, example: '1500' },
  {
    key: 'unit',
    header: '单位',
    headerEn: 'Unit',
    required: false,
    example: '千克',
    allowed: Object.keys(UNIT_WORDS),
    note: '不填为千克',
  },
  {
    key: 'grade',
    header: '等级',
    headerEn: 'Grade',
    required: false,
    example: '一级',
    allowed: Object.keys(GRADE_WORDS),
    note: '不填为统货',
  },
  { key: 'notes', header: '备注', headerEn: 'Notes', required: false, example: '' },
];

interface PlantingDoc {
  _id: Types.ObjectId;
  productId: Types.ObjectId;
  villageId: Types.ObjectId;
  orgId: Types.ObjectId;
  townId: Types.ObjectId;
  plantedOn: Date;
  areaMu: number;
  harvestedKg: number;
}
const resolvedHarvests = new WeakMap<
  ParsedRow<HarvestRow>,
  { planting: PlantingDoc; kg: number; date: Date }
>();

export const harvestImport: ImportKind<HarvestRow> = {
  name: 'harvests',
  entity: 'harvest',
  columns: harvestColumns,
  rowSchema: coerce(HarvestRowSchema) as never,
  async check(ctx, rows) {
    // the cooperative's plantings, found by reference or by village, crop, planting day (and plot)
    const [plantings, { village, crop }] = await Promise.all([
      PlantingModel.find({ orgId: ctx.orgId, ...VISIBLE }).lean(),
      townLookups(ctx.townId),
    ]);
    const byRef = new Map(plantings.map((p) => [p.ref, p]));
    const named = (v: HarvestRow) => {
      const villageId = village.get(v.village);
      const productId = crop.get(v.crop) ?? crop.get(v.crop.toLowerCase());
      const day = v.plantedOn && shanghaiMidnight(v.plantedOn)?.getTime();
      return plantings.filter(
        (p) =>
          villageId?.equals(p.villageId) &&
          productId?.equals(p.productId) &&
          p.plantedOn.getTime() === day &&
          (!v.plotName || p.plotName === v.plotName),
      );
    };
    const products = await ProductModel.find({ _id: { $in: plantings.map((p) => p.productId) } }).lean();
    const maxYield = new Map(products.map((p) => [String(p._id), p.yieldKgPerMu.max]));
    const running = new Map<string, number>(); // kg added by earlier rows of this file
    const errors: RowError[] = [];
    for (const row of rows) {
      let planting = row.value.plantingRef ? byRef.get(row.value.plantingRef) : undefined;
      if (row.value.plantingRef && !planting) {
        errors.push({ line: row.line, column: '种植编号', message: 'import.plantingNotFound' });
        continue;
      }
      if (!planting) {
        const matches = named(row.value);
        if (matches.length !== 1) {
          errors.push({
            line: row.line,
            column: '村名',
            message: matches.length ? 'import.plantingAmbiguous' : 'import.plantingNotFound',
          });
          continue;
        }
        planting = matches[0];
      }
      const kg = toKg(row.value.quantity, row.value.unit);
      const date = shanghaiMidnight(row.value.harvestedOn)!;
      const already = planting.harvestedKg + (running.get(planting.ref) ?? 0);
      const problems = checkHarvest(
        { ...planting, harvestedKg: already },
        maxYield.get(String(planting.productId)) ?? null,
        date,
        kg,
      );
      for (const [field, messages] of Object.entries(problems)) {
        errors.push({
          line: row.line,
          column: field === 'harvestedOn' ? '采收日期' : '数量',
          message: messages[0],
        });
      }
      running.set(planting.ref, (running.get(planting.ref) ?? 0) + kg);
      resolvedHarvests.set(row, { planting, kg, date });
    }
    return errors;
  },
  async stage(ctx, importId, rows, progress) {
    const town = await TownModel.findById(ctx.townId).select('code').lean();
    const items = rows.map((row) => ({ row, ...resolvedHarvests.get(row)! }));
    const products = new Map(
      (await ProductModel.find({ _id: { $in: items.map((i) => i.planting.productId) } }).lean()).map((p) => [
        String(p._id),
        p,
      ]),
    );
    // reserve what each planting can bear, marked with this import so a rollback can return it
    for (const group of groupBy(items, (i) => String(i.planting._id)).values()) {
      const planting = group[0].planting;
      const kg = group.reduce((s, i) => s + i.kg, 0);
      const cap = bearableKg(products.get(String(planting.productId))!.yieldKgPerMu.max, planting.areaMu);
      const guard = Number.isFinite(cap) ? { harvestedKg: { $lte: cap - kg } } : {};
      if (!(await holdAmount(PlantingModel, { _id: planting._id, ...guard }, 'harvestedKg', kg, importId)))
        throw new Error(`planting ${planting._id} can no longer bear this import`);
    }
    const codes = new Map<ParsedRow<HarvestRow>, string>();
    for (const group of groupBy(items, (i) => `${i.planting.productId}:${i.date.toISOString()}`).values()) {
      const product = products.get(String(group[0].planting.productId))!;
      const reserved = await reserveLotCodes(town!.code, product.code, group[0].date, group.length);
      group.forEach((item, n) => codes.set(item.row, reserved[n]));
    }
    const now = new Date();
    const lots = [];
    const harvests = [];
    for (const item of items) {
      const product = products.get(String(item.planting.productId))!;
      const lotId = new Types.ObjectId();
      const harvestId = new Types.ObjectId();
      const code = codes.get(item.row)!;
      lots.push(
        lotDocument(
          {
            _id: lotId,
            townId: ctx.townId,
            orgId: ctx.orgId,
            productId: product._id,
            productCode: product.code,
            productName: product.name,
            unit: 'kg',
            quantity: item.kg,
            grade: item.row.value.grade,
            producedAt: item.date,
            origin: harvestOrigin({
              plantingId: item.planting._id,
              harvestId,
              villageId: item.planting.villageId,
              cooperativeId: ctx.orgId,
            }),
          },
          code,
        ),
      );
      harvests.push({
        _id: harvestId,
        townId: ctx.townId,
        orgId: ctx.orgId,
        plantingId: item.planting._id,
        productId: product._id,
        villageId: item.planting.villageId,
        harvestedOn: item.date,
        quantityKg: item.kg,
        enteredQuantity: item.row.value.quantity,
        enteredUnit: item.row.value.unit,
        grade: item.row.value.grade,
        notes: item.row.value.notes,
        lotId,
        lotCode: code,
        flag: null, // set by the commit, once the planting's totals are known
        yieldKgPerMu: 0,
        createdAt: now,
        updatedAt: now,
      });
    }
    await insertStaged(LotModel, lots, importId, (n) => progress(Math.floor(n / 2)));
    await insertStaged(HarvestModel, harvests, importId, (n) =>
      progress(Math.floor(rows.length / 2 + n / 2)),
    );
  },
  async commit(importId, actor) {
    await commitStaged(LotModel as never, importId, actor, (d) => String(d.code));
    await commitStaged(HarvestModel as never, importId, actor, (d) => String(d.lotCode));
    const held = await PlantingModel.find({ 'holds.op': importId }).select('_id').lean();
    await clearHold(PlantingModel, {}, importId);
    for (const p of held) await reflagHarvests(p._id);
  },
  async rollback(importId) {
    await rollbackStaged(HarvestModel as never, importId);
    await rollbackStaged(LotModel as never, importId);
    const held = await PlantingModel.find({ 'holds.op': importId }).select('_id').lean();
    for (const p of held) await releaseAmount(PlantingModel, p._id, 'harvestedKg', importId);
  },
  async created(importId, limit) {
    const docs = await LotModel.find({ importId, ...VISIBLE })
      .sort({ _id: 1 })
      .limit(limit)
      .select('code')
      .lean();
    return docs.map((l) => ({ label: l.code, href: `/lots/${l.code}` }));
  },
};

registerImportKind(plantingImport);
registerImportKind(harvestImport);
