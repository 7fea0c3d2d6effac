// The dashboard's pages as each role reaches them (issue 11): only officials open the town's
// figures, drill-down, exports and monthly report; filters that name nothing of the town are
// ignored and said; targets refuse a deadline before the start, a negative value, an unknown
// metric or a scope of another town; the problem ledger is followed by whoever raised it and
// closed by officials, and the monthly report counts it; exports open in a spreadsheet.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { Types } from 'mongoose';
import { AuditEventModel } from '#models/kernel/audit';
import { ProblemModel } from '#models/oversight/problem';
import { TargetModel } from '#models/oversight/target';
import { createPlanting } from '#models/field/planting';
import { makeOrg, makeTownWithRoles, makeUser } from '#tests/factories';
import { actorFor, deliveryWorld } from '#tests/factories/deliveries';
import { args, expectThrownStatus, payloadOf, requestAs, statusOf } from '#tests/utils';
import * as dashboard from '~/routes/dashboard._index';
import * as dashboardExport from '~/routes/dashboard.export';
import * as records from '~/routes/dashboard.records';
import * as recordsExport from '~/routes/dashboard.records.export';
import * as problem from '~/routes/problems.$id';
import * as problems from '~/routes/problems._index';
import * as problemsExport from '~/routes/problems.export';
import * as newProblem from '~/routes/problems.new';
import * as report from '~/routes/reports.monthly.$month';
import * as targets from '~/routes/targets._index';
import * as newTarget from '~/routes/targets.new';
import { todayInShanghai } from '~/utils/dates';

const get = async (user: { _id: Types.ObjectId }, path: string) => requestAs(user, path);

describe('who reaches the town’s figures', () => {
  it('officials only: every other role gets 403 on the dashboard, drill-down, exports, targets and the report', async () => {
    const w = await makeTownWithRoles();
    const month = todayInShanghai().slice(0, 7);
    for (const role of ['cooperative', 'enterprise', 'plant', 'carrier', 'base'] as const) {
      const user = w.users[role];
      await expectThrownStatus(dashboard.loader(args(await get(user, '/dashboard'))), 403);
      await expectThrownStatus(records.loader(args(await get(user, '/dashboard/records?kind=sales'))), 403);
      await expectThrownStatus(targets.loader(args(await get(user, '/targets'))), 403);
      await expectThrownStatus(
        report.loader(args(await get(user, `/reports/monthly/${month}`), { month })),
        403,
      );
      expect(
        statusOf(
          await dashboardExport.loader(args(await get(user, '/dashboard/export?table=targets&format=xlsx'))),
        ),
      ).toBe(403);
      expect(
        statusOf(
          await recordsExport.loader(
            args(await get(user, '/dashboard/records/export?kind=households&format=csv')),
          ),
        ),
      ).toBe(403);
      await expectThrownStatus(
        newTarget.action(args(await requestAs(user, '/targets/new', { form: { title: 'x' } }))),
        403,
      );
    }
    const page = await dashboard.loader(args(await get(w.users.official, '/dashboard')));
    expect(page.filter.year).toBe(Number(month.slice(0, 4)));
  });

  it('ignores and names filters that are not the town’s, never a 500', async () => {
    const w = await makeTownWithRoles();
    const other = await makeTownWithRoles();
    const bad = [
      'year=abc',
      'year=1999',
      'year=99999999999',
      `village=${String(other.village._id)}`,
      'village=%24where',
      `enterprise=${String(w.orgs.cooperative._id)}`,
      'crop=' + 'x'.repeat(500),
    ];
    for (const q of bad) {
      const page = await dashboard.loader(args(await get(w.users.official, `/dashboard?${q}`)));
      expect(page.ignored.length, q).toBe(1);
      expect(page.filter).toMatchObject({
        villageId: undefined,
        productId: undefined,
        enterpriseId: undefined,
      });
    }
    const month = await records.loader(
      args(await get(w.users.official, '/dashboard/records?kind=nope&month=13')),
    );
    expect(month.kind).toBe('plantings');
    expect(month.month).toBeNull();
    // a drill-down's title, and so its export's file name, carry the filter
    const inVillage = await records.loader(
      args(
        await get(w.users.official, `/dashboard/records?kind=plantings&year=2026&village=${w.village._id}`),
      ),
    );
    expect(inVillage.table.title).toBe(`种植面积 · 2026 · ${w.village.name}`);
    const file = await recordsExport.loader(
      args(
        await get(
          w.users.official,
          `/dashboard/records/export?kind=plantings&year=2026&village=${w.village._id}&format=csv`,
        ),
      ),
    );
    expect(decodeURIComponent((file as Response).headers.get('Content-Disposition') ?? '')).toContain(
      `种植面积 · 2026 · ${w.village.name}`,
    );
    await expectThrownStatus(
      report.loader(args(await get(w.users.official, '/reports/monthly/2026-13'), { month: '2026-13' })),
      404,
    );
    await expectThrownStatus(
      report.loader(args(await get(w.users.official, '/reports/monthly/1800-01'), { month: '1800-01' })),
      404,
    );
  });
});

describe('targets', () => {
  const form = (over: Record<string, string> = {}) => ({
    title: '葛根面积',
    metric: 'acreage',
    scopeKind: 'town',
    scopeId: '',
    productId: '',
    value: '1000',
    baseline: '100',
    baselineOn: '2025-12-31',
    startOn: '2026-01-01',
    deadline: '2027-12-31',
    notes: '',
    ...over,
  });

  it('refuses a deadline before its start, a negative value, an unknown metric and another town’s scope', async () => {
    const w = await makeTownWithRoles();
    const other = await makeTownWithRoles();
    const kudzu = String((await deliveryWorld()).kudzu._id); // a product of another town
    const post = async (over: Record<string, string>) =>
      JSON.stringify(
        payloadOf(
          await newTarget.action(
            args(await requestAs(w.users.official, '/targets/new', { form: form(over) })),
          ),
        ),
      );
    expect(await post({ deadline: '2025-06-01', productId: kudzu })).toMatch(/target.deadlineBeforeStart/);
    expect(await post({ value: '-5' })).toMatch(/v.tooSmall|v.positive/);
    expect(await post({ metric: 'happiness' })).toMatch(/v.invalidChoice/);
    expect(await post({ metric: 'headCount', scopeKind: 'town' })).toMatch(/target.scopeNotForMetric/);
    expect(await post({ productId: kudzu })).toMatch(/v.invalidChoice/);
    expect(
      await post({ metric: 'householdsLinked', scopeKind: 'village', scopeId: String(other.village._id) }),
    ).toMatch(/v.invalidChoice/);
    expect(await TargetModel.countDocuments({ townId: w.town._id })).toBe(0);
    // a good one is saved and listed with its figure
    const saved = await newTarget.action(
      args(
        await requestAs(w.users.official, '/targets/new', {
          form: form({
            metric: 'householdsLinked',
            scopeKind: 'village',
            scopeId: String(w.village._id),
            value: '50',
            baseline: '0',
          }),
        }),
      ),
    );
    expect(statusOf(saved)).toBe(302);
    const list = await targets.loader(args(await get(w.users.official, '/targets')));
    expect(list.table.rows).toHaveLength(1);
    expect(list.table.rows[0].cells[3]).toBe(0); // no household has income yet
    // a later one the official pins (置顶) comes first on the list and the dashboard
    const pinned = await newTarget.action(
      args(
        await requestAs(w.users.official, '/targets/new', {
          form: form({
            title: '置顶目标',
            metric: 'householdsLinked',
            scopeKind: 'town',
            value: '80',
            baseline: '0',
            deadline: '2029-12-31',
            pinned: 'on',
          }),
        }),
      ),
    );
    expect(statusOf(pinned)).toBe(302);
    expect((await TargetModel.findOne({ title: '置顶目标' }).lean())!.pinned).toBe(true);
    const board = await dashboard.loader(args(await get(w.users.official, '/dashboard')));
    expect(board.targets.map((x: { title: string }) => x.title)[0]).toBe('置顶目标');
    expect(board.targets).toHaveLength(2);
  });
});

describe('the problem ledger', () => {
  it('a cooperative raises and follows its own; officials assign and close; the monthly report counts', async () => {
    const w = await makeTownWithRoles();
    const coop2 = await makeOrg(w.town._id, {
      type: 'cooperative',
      villageIds: [String(w.village._id)],
      memberHouseholds: 5,
    });
    const coop2User = await makeUser(coop2, 'cooperative');
    const today = todayInShanghai();
    // bad input changes nothing
    for (const over of [
      { title: '' },
      { category: 'weather' },
      { raisedOn: '2999-01-01' },
      { villageId: String(new Types.ObjectId()) },
    ]) {
      const res = await newProblem.action(
        args(
          await requestAs(w.users.cooperative, '/problems/new', {
            form: {
              title: 't',
              villageId: '',
              source: 'cooperative',
              raisedOn: today,
              category: 'road',
              ...over,
            },
          }),
        ),
      );
      expect(statusOf(res), JSON.stringify(over)).toBe(400);
    }
    expect(await ProblemModel.countDocuments({ townId: w.town._id })).toBe(0);
    const created = await newProblem.action(
      args(
        await requestAs(w.users.cooperative, '/problems/new', {
          form: {
            title: '产业路未硬化',
            villageId: String(w.village._id),
            source: 'cooperative',
            raisedOn: today,
            category: 'road',
          },
        }),
      ),
    );
    expect(statusOf(created)).toBe(302);
    const p = (await ProblemModel.findOne({ townId: w.town._id }).lean())!;
    expect(p).toMatchObject({ number: 1, status: 'open', orgId: w.orgs.cooperative._id });
    const id = String(p._id);

    // another cooperative cannot see it; the raising one can, and notes progress
    await expectThrownStatus(problem.loader(args(await get(coop2User, `/problems/${id}`), { id })), 404);
    expect((await problems.loader(args(await get(coop2User, '/problems')))).table.rows).toHaveLength(0);
    const note = await problem.action(
      args(
        await requestAs(w.users.cooperative, `/problems/${id}`, {
          form: { intent: 'note', on: today, note: '村里已测量' },
        }),
        { id },
      ),
    );
    expect(statusOf(note)).toBe(302);
    // open past its deadline: the ledger flags it (and only then)
    const statusCell = async () =>
      (await problems.loader(args(await get(w.users.official, '/problems')))).table.rows[0].cells[8];
    expect(await statusCell()).not.toMatch(/已超期/);
    await ProblemModel.updateOne({ _id: p._id }, { deadline: '2020-01-31' });
    expect(await statusCell()).toMatch(/ · 已超期$/);
    await ProblemModel.updateOne({ _id: p._id }, { deadline: null });
    // only officials assign and close
    const assign = {
      intent: 'assign',
      leadUnit: '镇交通办',
      cooperatingUnits: '村委会',
      deadline: '',
      status: 'solved',
      reason: '',
    };
    await expectThrownStatus(
      problem.action(args(await requestAs(w.users.cooperative, `/problems/${id}`, { form: assign }), { id })),
      403,
    );
    const noReason = await problem.action(
      args(
        await requestAs(w.users.official, `/problems/${id}`, { form: { ...assign, status: 'unsolvable' } }),
        { id },
      ),
    );
    expect(JSON.stringify(payloadOf(noReason))).toMatch(/problem.reasonRequired/);
    expect(
      statusOf(
        await problem.action(
          args(await requestAs(w.users.official, `/problems/${id}`, { form: assign }), { id }),
        ),
      ),
    ).toBe(302);
    const closed = (await ProblemModel.findById(id).lean())!;
    expect(closed).toMatchObject({ status: 'solved', closedOn: today, leadUnit: '镇交通办' });
    // 牵头单位 is offered from the town's organizations and the units already named
    const page = await problem.loader(args(await get(w.users.official, `/problems/${id}`), { id }));
    expect(page.leadUnits).toEqual(expect.arrayContaining([w.orgs.cooperative.name, '镇交通办']));
    expect(
      (await problem.loader(args(await get(w.users.cooperative, `/problems/${id}`), { id }))).leadUnits,
    ).toEqual([]);
    expect(closed.notes.map((n) => n.note)).toEqual(['村里已测量']);

    // a second, still open; the report says 2 raised, 1 solved, 1 open with its lead unit
    await newProblem.action(
      args(
        await requestAs(w.users.official, '/problems/new', {
          form: {
            title: '冷库电力不足',
            villageId: '',
            source: 'meeting',
            raisedOn: today,
            category: 'power',
          },
        }),
      ),
    );
    const month = today.slice(0, 7);
    const r = await report.loader(args(await get(w.users.official, `/reports/monthly/${month}`), { month }));
    // this month's targets stand as of today; a past month's as of its last day
    expect(r.targetsAsOf).toBe(today);
    const past = await report.loader(
      args(await get(w.users.official, '/reports/monthly/2026-02'), { month: '2026-02' }),
    );
    expect(past.targetsAsOf).toBe('2026-02-28');
    expect(r.problems).toMatchObject({
      raised: 2,
      solved: 1,
      totalRaised: 2,
      totalSolved: 1,
      totalUnsolvable: 0,
    });
    // raised = solved + unsolvable + still open, each named
    expect(r.problems.totalRaised).toBe(
      r.problems.totalSolved + r.problems.totalUnsolvable + r.problems.open.length,
    );
    expect(r.problems.open.map((o) => o.title)).toEqual(['冷库电力不足']);

    // the ledger exports: GB18030 CSV with its Chinese header
    const csv = await problemsExport.loader(args(await get(w.users.official, '/problems/export?format=csv')));
    const text = iconv.decode(Buffer.from(await (csv as Response).arrayBuffer()), 'gb18030');
    expect(text.split('\r\n')[0]).toMatch(/^编号,问题,所在村/);
    expect(text).toContain('产业路未硬化');
  });
});

describe('exports and drill-down', () => {
  it('a month’s sales lead to their receipts, which add up to it; the tables open in a spreadsheet', async () => {
    const w = await deliveryWorld();
    const actor = actorFor(w.users.cooperative as never);
    await createPlanting(
      w.coopScope,
      {
        villageId: String(w.village._id),
        productId: String(w.kudzu._id),
        areaMu: 12.5,
        households: 3,
        plantedOn: '2026-03-01',
        plotName: '',
        notes: '',
      },
      actor,
    );
    const page = await dashboard.loader(args(await get(w.users.official, '/dashboard?year=2026')));
    const byVillage = page.tables.find((t) => t.id === 'acreage-by-village')!;
    expect(byVillage.rows[0].cells[1]).toBe(12.5);
    // the drill-down behind that row lists the planting, summing to the figure
    const link = byVillage.rows[0].link!;
    const behind = await records.loader(args(await get(w.users.official, link)));
    expect(behind.kind).toBe('plantings');
    expect(behind.sum).toBe(12.5);
    expect(behind.table.rows).toHaveLength(1);

    // XLSX: Chinese headers, numbers as numbers
    const file = await dashboardExport.loader(
      args(await get(w.users.official, '/dashboard/export?year=2026&table=acreage-by-village&format=xlsx')),
    );
    expect((file as Response).headers.get('Content-Type')).toMatch(/spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await (file as Response).arrayBuffer()) as never);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('村');
    expect(String(sheet.getRow(1).getCell(2).value)).toMatch(/（亩）/);
    expect(sheet.getRow(2).getCell(2).value).toBe(12.5);
    expect(typeof sheet.getRow(2).getCell(3).value).toBe('number');

    // household names behind the income figure: exporting them is audited first
    const before = await AuditEventModel.countDocuments({ action: 'export' });
    const res = await recordsExport.loader(
      args(await get(w.users.official, '/dashboard/records/export?year=2026&kind=households&format=csv')),
    );
    expect(statusOf(res)).toBe(200);
    expect(await AuditEventModel.countDocuments({ action: 'export' })).toBe(before + 1);
  });
});
