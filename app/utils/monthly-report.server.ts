// The monthly dispatch report (一月一调度): the town's targets and their progress, the month's
// acreage, harvests, sales, head count and household income, what is overdue, and the problem
// ledger — raised, solved and still open this month and in total, each open item with its lead
// unit and the days it has been open.
import { harvests, householdIncome, overdue, plantedInMonth, sales } from '#models/oversight';
import { listProblems } from '#models/oversight/problem';
import type { Scope } from '#models/kernel/scope';
import { TownModel } from '#models/town/town';
import type { Language } from '~/i18n';
import { targetsTable } from './dashboard-tables.server';
import { today as todayOf, townFigures, townNames } from './dashboard.server';
import { problemMonth } from './problems.server';

export const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export async function monthlyReport(scope: Scope, month: string, lng: Language) {
  const [, y, m] = MONTH.exec(month)!;
  const year = Number(y);
  const mon = Number(m);
  const now = todayOf();
  // a past month's report gives its targets as they stood at the month's end, with that date
  const past = year * 12 + mon < now.year * 12 + now.month;
  const lastDay = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  const asOf = past ? { year, month: mon, date: `${month}-${String(lastDay).padStart(2, '0')}` } : now;
  const townId = scope.townId!;
  const [{ facts, heads, targets }, names, town, planted, problems, late] = await Promise.all([
    townFigures(scope, asOf, { year }),
    townNames(townId),
    TownModel.findById(townId).select('name').lean(),
    plantedInMonth(townId, year, mon),
    listProblems(scope),
    overdue(townId, now.date),
  ]);
  const f = { year };
  const h = harvests(facts, f);
  const s = sales(facts, f, { year, month: mon });
  const inc = householdIncome(facts, f);
  const headAt = (baseMonths: { month: string; head: number }[]) =>
    [...baseMonths].reverse().find((x) => x.month <= month)?.head ?? 0;
  return {
    town: town?.name ?? '',
    month,
    year,
    mon,
    targets: targetsTable(targets, lng),
    targetsAsOf: asOf.date,
    figures: {
      plantedMu: planted.areaMu,
      plantings: planted.plantings,
      harvestedKg: h.months[mon - 1].kg,
      soldFen: s.months[mon - 1].fen,
      yearSoldFen: s.months[mon - 1].cumFen ?? s.months.slice(0, mon).reduce((a, x) => a + x.fen, 0),
      head: heads.map((b) => ({ base: names.orgs[b.baseId] ?? '—', head: headAt(b.months) })),
      incomeFen: inc.months[mon - 1].totalFen - (mon > 1 ? inc.months[mon - 2].totalFen : 0),
      linked: inc.months[mon - 1].linked,
      overdueFen: late.fen,
      overdueCount: late.count,
    },
    problems: problemMonth(problems, month, now.date),
  };
}
