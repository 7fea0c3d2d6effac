import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { AuditEventModel } from '#models/kernel/audit';
import { ImportJobModel } from '#models/kernel/import';
import { OrganizationModel } from '#models/town/organization';
import { LotModel } from '#models/lots/lot';
import { HarvestModel, PlantingModel } from '#models/field/planting';
import * as importPage from '~/routes/imports.$id';
import * as imports from '~/routes/imports._index';
import * as template from '~/routes/imports.template.$kind';
import * as plantingList from '~/routes/plantings._index';
import { actorOf } from '~/utils/auth.server';
import { importKind } from '~/utils/imports/index.server';
import { recoverImports, STALE_AFTER_MS, waitForImport } from '~/utils/imports/run.server';
import { makeProduct, makeTownWithRoles, makeVillage } from '#tests/factories';
import { args, expectThrownStatus, payloadOf, requestAs, statusOf } from '#tests/utils';

const HEADER = '村名,作物,面积（亩）,参与户数,种植日期,预计采收日期,年度,地块名称,备注';

async function setup() {
  const w = await makeTownWithRoles();
  const qinglong = await makeVillage(w.town._id, { name: '青龙村' });
  // the cooperative serves 青龙村 too; 白龙村 it does not
  await OrganizationModel.updateOne({ _id: w.orgs.cooperative._id }, { $push: { villageIds: qinglong._id } });
  await makeVillage(w.town._id, { name: '白龙村' });
  const sweetPotato = await makeProduct(w.town._id, {
    code: 'XXS',
    name: '小香薯',
    category: 'crop',
    unit: 'kg',
    yieldMinKgPerMu: 1000,
    yieldMaxKgPerMu: 2500,
  });
  return { ...w, qinglong, sweetPotato };
}

/** What an import runs with, for a role's user of a test town (as the upload action builds it). */
function importContext(w: Awaited<ReturnType<typeof makeTownWithRoles>>, role: 'cooperative' | 'base') {
  const org = w.orgs[role];
  const user = {
    id: w.users[role]._id,
    username: w.users[role].username,
    displayName: '',
    role,
    orgId: org._id,
    orgName: org.name,
    weightUnit: 'kg' as const,
    townId: w.town._id,
    locale: 'zh' as const,
    sessionId: '',
  };
  const scope = { access: 'own' as const, townId: w.town._id, orgId: org._id };
  return { user, scope, actor: actorOf(user), townId: w.town._id, orgId: org._id };
}

async function upload(
  user: { _id: Types.ObjectId },
  kind: string,
  bytes: Uint8Array | string,
  name = 'file.csv',
) {
  const form = new FormData();
  form.set('kind', kind);
  form.set('file', new File([bytes as BlobPart], name));
  const result = await imports.action(args(await requestAs(user, '/imports', { body: form })));
  if (result instanceof Response && result.status === 302) {
    const id = result.headers.get('Location')!.split('/').pop()!;
    await waitForImport(id);
    return { id, job: (await ImportJobModel.findById(id).lean())!, error: null };
  }
  return { id: null, job: null, error: payloadOf<{ error: string }>(result).error, status: statusOf(result) };
}

const rows = (n: number, extra = '') =>
  [
    HEADER,
    ...Array.from(
      { length: n },
      (_, i) =>
        `青龙村,小香薯,${(i % 9) + 1},${(i % 5) + 1},2026-03-${String((i % 28) + 1).padStart(2, '0')},,,地块${i},${extra}`,
    ),
  ].join('\r\n');

describe('importing plantings', () => {
  it('a clean CSV is written whole, visible and audited, with one planting reference each', async () => {
    const w = await setup();
    // the file's name decides nothing (an `=` in it once made the upload unreadable)
    const { job } = await upload(w.users.cooperative, 'plantings', rows(40), '种植=2026 春.csv');
    expect(job).toMatchObject({
      status: 'complete',
      rowCount: 40,
      written: 40,
      errorCount: 0,
      encoding: 'utf-8',
      fileName: '种植=2026 春.csv',
    });
    const plantings = await PlantingModel.find({ orgId: w.orgs.cooperative._id }).lean();
    expect(plantings).toHaveLength(40);
    expect(plantings.every((p) => p.villageId.equals(w.qinglong._id) && !('staged' in p))).toBe(true);
    expect(new Set(plantings.map((p) => p.ref)).size).toBe(40);
    expect(await AuditEventModel.countDocuments({ entity: 'Planting', action: 'create' })).toBe(40);
    const list = await plantingList.loader(args(await requestAs(w.users.cooperative, '/plantings')));
    expect(list.count).toBe(40);
  });

  it('one bad row writes nothing and is named by its line', async () => {
    const w = await setup();
    const lines = rows(30).split('\r\n');
    lines[17] = '青龙村,小香薯,-3,2,2026-03-01,,,,'; // spreadsheet line 18
    lines[25] = '不存在村,小香薯,3,2,2026-03-01,,,,'; // line 26
    lines[27] = '白龙村,小香薯,3,2,2026-03-01,,,,'; // line 28: a village this cooperative does not serve
    lines[5] = '青龙村,小香薯,0x10,2,2026-03-01,,,,'; // line 6: not read as 16
    lines[6] = '青龙村,小香薯,1e2,2,2026-03-01,,,,'; // line 7: not read as 100
    lines[7] = '青龙村,小香薯,１２．５,２,2026-03-01,,,,'; // line 8: full-width digits are 12.5 and 2
    const { job } = await upload(w.users.cooperative, 'plantings', lines.join('\n'));
    expect(job!.status).toBe('invalid');
    expect(job!.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [6, '面积（亩）', 'v.number'],
      [7, '面积（亩）', 'v.number'],
      [18, '面积（亩）', 'v.positive'],
      [26, '村名', 'v.villageNotFound'],
      [28, '村名', 'planting.villageNotServed'],
    ]);
    expect(await PlantingModel.countDocuments()).toBe(0);
    const page = await importPage.loader(
      args(await requestAs(w.users.cooperative, `/imports/${job!._id}`), { id: String(job!._id) }),
    );
    expect(page.job.errorCount).toBe(5);
  });

  it('reads GBK from Excel and XLSX alike', async () => {
    const w = await setup();
    const gbk = iconv.encode(rows(3), 'gbk');
    const first = await upload(w.users.cooperative, 'plantings', new Uint8Array(gbk));
    expect(first.job).toMatchObject({ status: 'complete', encoding: 'gb18030' });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('种植');
    ws.addRow(HEADER.split(','));
    ws.addRow(['青龙村', '小香薯', 2.5, 3, new Date(Date.UTC(2026, 2, 1))]);
    const second = await upload(
      w.users.cooperative,
      'plantings',
      new Uint8Array(await wb.xlsx.writeBuffer()),
      'p.xlsx',
    );
    expect(second.job).toMatchObject({ status: 'complete', encoding: 'xlsx', rowCount: 1 });
    expect(await PlantingModel.countDocuments()).toBe(4);
    expect(await PlantingModel.countDocuments({ areaMu: 2.5 })).toBe(1);
  });

  it('refuses wrong headers, empty files, oversize files and the same file twice', async () => {
    const w = await setup();
    const wrong = await upload(w.users.cooperative, 'plantings', '村,作物\n青龙村,小香薯\n');
    expect(wrong.error).toMatch(/^import\.badHeaders/);
    expect((await upload(w.users.cooperative, 'plantings', '')).error).toBe('import.noFile');
    expect((await upload(w.users.cooperative, 'plantings', `${HEADER}\n\n\n`)).error).toBe('import.noRows');
    const huge = new Uint8Array(50 * 1024 * 1024).fill(0x41);
    expect((await upload(w.users.cooperative, 'plantings', huge)).error).toMatch(/^import\.tooLarge/);
    const file = rows(2);
    expect((await upload(w.users.cooperative, 'plantings', file)).job!.status).toBe('complete');
    expect((await upload(w.users.cooperative, 'plantings', file)).error).toBe('import.alreadyImported');
    expect(await PlantingModel.countDocuments()).toBe(2);
    expect(await ImportJobModel.countDocuments({ status: { $in: ['writing', 'committing'] } })).toBe(0);
  });

  it('a crash while writing leaves nothing visible, and the file can be imported again', async () => {
    const w = await setup();
    const kind = importKind('plantings')!;
    const ctx = importContext(w, 'cooperative');
    const user = ctx.user;
    // a process that validated the file and wrote half of it, then died
    const job = await ImportJobModel.create({
      townId: w.town._id,
      orgId: w.orgs.cooperative._id,
      userId: user.id,
      kind: 'plantings',
      fileHash: 'x'.repeat(64),
      status: 'writing',
      rowCount: 5,
      heartbeatAt: new Date(Date.now() - STALE_AFTER_MS - 1000),
    });
    const parsed = [1, 2, 3].map((i) => ({
      line: i + 1,
      value: {
        village: '青龙村',
        crop: '小香薯',
        areaMu: i,
        households: 1,
        plantedOn: '2026-03-01',
        plotName: '',
        notes: '',
      },
    }));
    expect(await kind.check(ctx, parsed as never)).toEqual([]);
    await kind.stage(ctx, job._id, parsed as never, async () => {});
    expect(await PlantingModel.countDocuments({ importId: job._id })).toBe(3);
    expect((await plantingList.loader(args(await requestAs(w.users.cooperative, '/plantings')))).count).toBe(
      0,
    );

    expect(await recoverImports(importKind)).toBe(1);
    expect(await PlantingModel.countDocuments()).toBe(0);
    expect((await ImportJobModel.findById(job._id).lean())?.status).toBe('rolled_back');
    expect(await AuditEventModel.countDocuments({ entity: 'Planting' })).toBe(0);

    // one that died after its commit point is finished instead
    const committing = await ImportJobModel.create({
      townId: w.town._id,
      orgId: w.orgs.cooperative._id,
      userId: user.id,
      kind: 'plantings',
      fileHash: 'y'.repeat(64),
      status: 'writing',
      rowCount: 3,
      heartbeatAt: new Date(),
    });
    await kind.check(ctx, parsed as never);
    await kind.stage(ctx, committing._id, parsed as never, async () => {});
    await ImportJobModel.updateOne(
      { _id: committing._id },
      { $set: { status: 'committing', heartbeatAt: new Date(0) } },
    );
    await recoverImports(importKind);
    await recoverImports(importKind); // repeating recovery changes nothing
    expect(await PlantingModel.countDocuments({ staged: { $ne: true } })).toBe(3);
    expect(await AuditEventModel.countDocuments({ entity: 'Planting' })).toBe(3);
    expect((await ImportJobModel.findById(committing._id).lean())?.status).toBe('complete');
  });

  it('offers Chinese templates, and only the kinds a role may write', async () => {
    const w = await setup();
    const csv = await template.loader(
      args(await requestAs(w.users.cooperative, '/imports/template/plantings?format=csv'), {
        kind: 'plantings',
      }),
    );
    expect(
      new TextDecoder('utf-8', { ignoreBOM: true })
        .decode(await csv.arrayBuffer())
        .startsWith(`\uFEFF${HEADER}`),
    ).toBe(true);
    const page = await imports.loader(args(await requestAs(w.users.cooperative, '/imports')));
    expect(page.kinds.map((k) => k.name)).toEqual(['plantings', 'harvests', 'households']);
    // every column, what it takes, and the words a choice allows
    const unit = page.kinds[1].columns.find((c) => c.header === '单位');
    expect(unit).toMatchObject({ required: false, allowed: ['千克', '公斤', '斤', '吨'] });
    await expectThrownStatus(imports.loader(args(await requestAs(w.users.enterprise, '/imports'))), 403);
    // a file route answers a page with the status, in the user's language, not a bare error
    const refused = await template.loader(
      args(await requestAs(w.users.official, '/imports/template/plantings'), { kind: 'plantings' }),
    );
    expect(refused.status).toBe(403);
    expect(refused.headers.get('Content-Type')).toContain('text/html');
    expect(await refused.text()).toContain('你没有权限执行此操作');
    const unknown = await template.loader(
      args(await requestAs(w.users.cooperative, '/imports/template/nope'), { kind: 'nope' }),
    );
    expect(unknown.status).toBe(404);
    const forged = await upload(w.users.base, 'plantings', rows(1)).catch((e) => e);
    expect(statusOf(forged)).toBe(403);
    expect(await PlantingModel.countDocuments()).toBe(0);
  });
});

describe('importing harvests', () => {
  it('creates lots per harvest, holds the plot’s capacity across rows, and rejects what it cannot bear', async () => {
    const w = await setup();
    await upload(w.users.cooperative, 'plantings', `${HEADER}\n青龙村,小香薯,2,3,2026-03-01,,,,`);
    const planting = (await PlantingModel.findOne().lean())!;
    // 2 亩 × 2500 × 3 = 15,000 kg at most
    const over = `种植编号,采收日期,数量,单位,等级\n${planting.ref},2026-09-01,8,吨,一级\n${planting.ref},2026-09-02,8000,千克,统货\n`;
    const bad = await upload(w.users.cooperative, 'harvests', over);
    expect(bad.job!.errors.map((e) => [e.line, e.column, e.message.split('|')[0]])).toEqual([
      [3, '数量', 'harvest.tooLarge'],
    ]);
    expect(await LotModel.countDocuments()).toBe(0);

    const ok = `种植编号,采收日期,数量,单位,等级\n${planting.ref},2026-09-01,5,吨,一级\n${planting.ref},2026-09-01,4000,斤,统货\nZZ-NOPE,2026-09-01,1,吨,一级\n`;
    const missing = await upload(w.users.cooperative, 'harvests', ok);
    expect(missing.job!.errors.map((e) => [e.line, e.message])).toEqual([[4, 'import.plantingNotFound']]);
    const good = await upload(w.users.cooperative, 'harvests', ok.split('\n').slice(0, 3).join('\n'));
    expect(good.job!.status).toBe('complete');
    const lots = await LotModel.find().sort({ code: 1 }).lean();
    expect(lots.map((l) => [l.code, l.quantity, l.grade])).toEqual([
      [`${w.town.code}-XXS-20260901-001`, 5000, 'grade1'],
      [`${w.town.code}-XXS-20260901-002`, 2000, 'mixed'],
    ]);
    const after = (await PlantingModel.findById(planting._id).lean())!;
    expect(after.harvestedKg).toBe(7000);
    expect(after.holds).toEqual([]);
    // 7,000 kg on 2 亩 is 3,500 kg/亩, beyond 1.25 × 2,500: the second harvest is flagged
    expect((await HarvestModel.find().sort({ lotCode: 1 }).lean()).map((h) => h.flag)).toEqual([
      null,
      'yieldHigh',
    ]);
  });
});

describe('harvest rows as clerks write them', () => {
  it('name their planting by village, crop, date (and plot), are told the allowed words, and the import lists its lots', async () => {
    const w = await setup();
    await upload(
      w.users.cooperative,
      'plantings',
      `${HEADER}\n青龙村,小香薯,2,3,2026-03-01,,,东坡,\n青龙村,小香薯,2,3,2026-03-01,,,西坡,\n青龙村,小香薯,1,1,2026-03-05,,,,`,
    );
    const head = '村名,作物,种植日期,地块名称,采收日期,数量,单位,等级';
    const file = [
      head,
      '青龙村,小香薯,2026-03-05,,2026-09-01,300,斤,一级', // line 2: the only planting that day
      '青龙村,小香薯,2026-03-01,东坡,2026-09-01,400,千克,二级', // line 3: one of two, told apart by plot
      '青龙村,小香薯,2026-03-01,,2026-09-01,100,千克,一级', // line 4: which of the two?
      '青龙村,小香薯,2026-04-01,,2026-09-01,100,千克,一级', // line 5: none that day
      '青龙村,小香薯,2026-03-05,,2026-09-01,100,公吨,特级', // line 6: words the template does not have
      ',小香薯,2026-03-05,,2026-09-01,100,千克,一级', // line 7: no village, no ref
    ].join('\n');
    const bad = await upload(w.users.cooperative, 'harvests', file);
    expect(bad.job!.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [4, '村名', 'import.plantingAmbiguous'],
      [5, '村名', 'import.plantingNotFound'],
      [6, '单位', 'v.oneOf|{"values":"千克、公斤、斤、吨"}'],
      [6, '等级', 'v.oneOf|{"values":"一级、二级、三级、统货"}'],
      [7, '村名', 'import.plantingNamed'],
    ]);
    const good = await upload(w.users.cooperative, 'harvests', file.split('\n').slice(0, 3).join('\n'));
    expect(good.job!.status).toBe('complete');
    const lots = await LotModel.find().sort({ code: 1 }).lean();
    expect(lots.map((l) => l.quantity)).toEqual([150, 400]);
    const page = await importPage.loader(
      args(await requestAs(w.users.cooperative, `/imports/${good.id}`), { id: good.id! }),
    );
    expect(page.created.map((c) => c.href).sort()).toEqual(lots.map((l) => `/lots/${l.code}`).sort());
  });
});

describe('importing herd events', () => {
  const HERD_HEADER = '类型,品种,日期,头数,耳标号,死亡原因,买方,总重（千克）,总价（元）,备注';
  const tag = (n: number) => `1430822${String(n).padStart(8, '0')}`;

  async function herdSetup() {
    const w = await makeTownWithRoles();
    await makeProduct(w.town._id, { code: 'SZ', name: '生猪', category: 'livestock', unit: 'head' });
    const head = async () =>
      (await (await import('#models/field/herd')).HerdCountModel.findOne({ baseId: w.orgs.base._id }).lean())
        ?.head ?? 0;
    return { ...w, head };
  }

  it('checks the file as one timeline and writes it whole: counts, tags, lots', async () => {
    const w = await herdSetup();
    const file = [
      HERD_HEADER,
      `出售,生猪,2026-04-10,4,,,九天食品,420,8000,`, // relies on the purchase below, dated earlier
      `购入,生猪,2026-04-01,10,,,,,,`,
      `出生,生猪,2026-04-05,2,"${tag(1)},${tag(2)}",,,,,`,
      `死亡,生猪,2026-04-06,1,${tag(2)},病死,,,,`,
    ].join('\n');
    const { job } = await upload(w.users.base, 'herd', file);
    expect(job).toMatchObject({ status: 'complete', rowCount: 4 });
    expect(await w.head()).toBe(7);
    const { HerdEventModel, EarTagModel, HerdCountModel } = await import('#models/field/herd');
    expect(await HerdEventModel.countDocuments({ staged: { $ne: true } })).toBe(4);
    expect((await EarTagModel.findById(tag(2)).lean())?.status).toBe('dead');
    expect((await HerdCountModel.findOne().lean())?.holds).toEqual([]);
    const lot = await LotModel.findOne({ unit: 'head' }).lean();
    expect(lot).toMatchObject({ code: `${w.town.code}-SZ-20260410-001`, quantity: 4 });
  });

  it('a removal the herd cannot cover, or a bad tag, writes nothing and names the line', async () => {
    const w = await herdSetup();
    const file = [
      HERD_HEADER,
      `购入,生猪,2026-04-01,3,,,,,,`,
      `出售,生猪,2026-04-02,5,,,九天食品,,,`,
      `出生,生猪,2026-04-03,1,1430822123,,,,,`,
      `出生,牛,2026-04-03,1,,,,,,`,
    ].join('\n');
    const { job } = await upload(w.users.base, 'herd', file);
    expect(job!.status).toBe('invalid');
    expect(job!.errors.map((e) => [e.line, e.column, e.message.split('|')[0]])).toEqual([
      [3, '头数', 'herd.notEnough'],
      [4, '耳标号', 'herd.tagFormat'],
      [5, '品种', 'herd.speciesNotKept'],
    ]);
    expect(await w.head()).toBe(0);
    expect(await LotModel.countDocuments()).toBe(0);
  });

  it('a rolled-back herd import gives back the counts and tags it held', async () => {
    const w = await herdSetup();
    await upload(w.users.base, 'herd', `${HERD_HEADER}\n购入,生猪,2026-04-01,10,,,,,,`);
    const kind = importKind('herd')!;
    const ctx = importContext(w, 'base');
    const user = ctx.user;
    const job = await ImportJobModel.create({
      townId: w.town._id,
      orgId: w.orgs.base._id,
      userId: user.id,
      kind: 'herd',
      fileHash: 'z'.repeat(64),
      status: 'writing',
      rowCount: 2,
      heartbeatAt: new Date(0),
    });
    const parsed = [
      {
        line: 2,
        value: {
          kind: 'birth',
          species: 'pig',
          date: '2026-04-02',
          head: 1,
          earTags: tag(7),
          cause: '',
          buyer: '',
          notes: '',
        },
      },
      {
        line: 3,
        value: {
          kind: 'sale',
          species: 'pig',
          date: '2026-04-03',
          head: 6,
          earTags: '',
          cause: '',
          buyer: 'x',
          notes: '',
        },
      },
    ];
    expect(await kind.check(ctx, parsed as never)).toEqual([]);
    await kind.stage(ctx, job._id, parsed as never, async () => {});
    expect(await w.head()).toBe(5);
    await recoverImports(importKind);
    expect(await w.head()).toBe(10);
    const { EarTagModel, HerdEventModel } = await import('#models/field/herd');
    expect(await EarTagModel.countDocuments()).toBe(0);
    expect(await HerdEventModel.countDocuments()).toBe(1);
    expect(await LotModel.countDocuments()).toBe(0);
  });
});
