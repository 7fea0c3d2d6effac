// Importing a village's household register from a spreadsheet (hundreds of rows come from
// Excel). A cooperative's clerk imports its members (every row joins its cooperative); an
// official imports any village's register and may name each row's cooperative and flags.
import { Types } from 'mongoose';
import { HouseholdModel } from '#models/households';
import type { RowError } from '#models/kernel/import';
import { OrganizationModel } from '#models/town/organization';
import { commitStaged, insertStaged, rollbackStaged, VISIBLE } from '#models/kernel/staging';
import { VillageModel } from '#models/town/village';
import { coerceFormValue as coerce } from '~/schemas/coerce';
import { HouseholdRowSchema, type HouseholdRow } from '~/schemas/household';
import { membershipOf } from '#models/households';
import { registerImportKind, type ImportKind, type ParsedRow } from './kinds.server';
import type { Column } from './parse.server';

const columns: Column[] = [
  { key: 'village', header: '村名', headerEn: 'Village', required: true, example: '青龙村' },
  { key: 'number', header: '户号', headerEn: 'Household no.', required: true, example: '03-12' },
  { key: 'head', header: '户主', headerEn: 'Head', required: true, example: '张建国' },
  { key: 'members', header: '家庭人口', headerEn: 'Members', required: true, example: '4' },
  { key: 'phone', header: '联系电话', headerEn: 'Phone', required: false, example: '13812345678' },
  {
    key: 'cooperative',
    header: '合作社',
    headerEn: 'Cooperative',
    required: false,
    example: '青龙小香薯专业合作社',
    note: '镇干部导入时填写；合作社导入时一律为本社',
  },
  { key: 'joinedOn', header: '入社日期', headerEn: 'Joined on', required: false, example: '2024-03-01' },
  {
    key: 'cashYuan',
    header: '现金入股（元）',
    headerEn: 'Cash shares (yuan)',
    required: false,
    example: '2000',
  },
  { key: 'landMu', header: '土地入股（亩）', headerEn: 'Land shares (mu)', required: false, example: '1.5' },
  {
    key: 'lifted',
    header: '脱贫户',
    headerEn: 'Lifted',
    required: false,
    example: '否',
    allowed: ['是', '否'],
    note: '只有镇干部导入时有效',
  },
  {
    key: 'monitored',
    header: '监测户',
    headerEn: 'Monitored',
    required: false,
    example: '否',
    allowed: ['是', '否'],
    note: '只有镇干部导入时有效',
  },
];

interface Resolved {
  villageId: Types.ObjectId;
  orgId: Types.ObjectId | null;
}
const resolved = new WeakMap<ParsedRow<HouseholdRow>, Resolved>();

export const householdImport: ImportKind<HouseholdRow> = {
  name: 'households',
  entity: 'household',
  columns,
  rowSchema: coerce(HouseholdRowSchema) as never,
  async check(ctx, rows) {
    const official = ctx.user.role === 'official';
    const [villages, coops] = await Promise.all([
      VillageModel.find({ townId: ctx.townId, archivedAt: null }).select('name').lean(),
      official
        ? OrganizationModel.find({ townId: ctx.townId, type: 'cooperative', archivedAt: null })
            .select('name')
            .lean()
        : [],
    ]);
    const village = new Map(villages.map((v) => [v.name, v._id]));
    const coop = new Map(coops.map((c) => [c.name, c._id]));
    const errors: RowError[] = [];
    const seen = new Set<string>();
    const wanted: Array<{ villageId: Types.ObjectId; number: string; line: number }> = [];
    for (const row of rows) {
      const villageId = village.get(row.value.village);
      if (!villageId) {
        errors.push({ line: row.line, column: '村名', message: 'v.villageNotFound' });
        continue;
      }
      const key = `${villageId}:${row.value.number}`;
      if (seen.has(key)) errors.push({ line: row.line, column: '户号', message: 'household.numberTwice' });
      seen.add(key);
      let orgId: Types.ObjectId | null = official ? null : ctx.orgId;
      if (official && row.value.cooperative) {
        orgId = coop.get(row.value.cooperative) ?? null;
        if (!orgId) errors.push({ line: row.line, column: '合作社', message: 'household.coopNotFound' });
      }
      if (orgId && !row.value.joinedOn)
        errors.push({ line: row.line, column: '入社日期', message: 'v.required' });
      wanted.push({ villageId, number: row.value.number, line: row.line });
      resolved.set(row, { villageId, orgId });
    }
    // a household number already in the register
    const existing = await HouseholdModel.find({
      $or: wanted.map((w) => ({ villageId: w.villageId, number: w.number })),
    })
      .select('villageId number')
      .lean();
    const taken = new Set(existing.map((h) => `${h.villageId}:${h.number}`));
    for (const w of wanted) {
      if (taken.has(`${w.villageId}:${w.number}`))
        errors.push({ line: w.line, column: '户号', message: 'household.numberUsed' });
    }
    return errors;
  },
  async stage(ctx, importId, rows, progress) {
    const official = ctx.user.role === 'official';
    const now = new Date();
    await insertStaged(
      HouseholdModel,
      rows.map((row) => {
        const { villageId, orgId } = resolved.get(row)!;
        const v = row.value;
        return {
          _id: new Types.ObjectId(),
          townId: ctx.townId,
          villageId,
          number: v.number,
          head: v.head,
          members: v.members,
          phone: v.phone,
          lifted: official ? v.lifted : false,
          monitored: official ? v.monitored : false,
          memberships: orgId && v.joinedOn ? [membershipOf(orgId, { ...v, joinedOn: v.joinedOn })] : [],
          archivedAt: null,
          createdAt: now,
          updatedAt: now,
        };
      }),
      importId,
      progress,
    );
  },
  commit: (importId, actor) =>
    commitStaged(HouseholdModel as never, importId, actor, (d) => `${String(d.number)} ${String(d.head)}`),
  rollback: (importId) => rollbackStaged(HouseholdModel as never, importId),
  async created(importId, limit) {
    const docs = await HouseholdModel.find({ importId, ...VISIBLE })
      .sort({ _id: 1 })
      .limit(limit)
      .select('number head')
      .lean();
    return docs.map((h) => ({ label: `${h.number} ${h.head}`, href: `/households/${h._id}` }));
  },
};

registerImportKind(householdImport);
