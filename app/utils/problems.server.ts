// The problem ledger as a table (the page and its export), and its counts for a month (the
// monthly dispatch report): raised, solved, still open, each open item's days.
import type { Problem } from '#models/oversight/problem';
import type { PlainDoc } from '#models/kernel/common';
import { toObjectId } from '#models/kernel/common';
import { CLOSED_STATUSES, PROBLEM_STATUSES, type ProblemStatus } from '~/domain/problem';
import { translator, type Language } from '~/i18n';
import type { FigureTable } from './dashboard-tables.server';

type Row = PlainDoc<Problem>;

export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Days a problem has been open on a day (to its closing day, once closed). */
export const daysOpen = (p: Row, today: string) => daysBetween(p.raisedOn, p.closedOn ?? today);

export function problemsTable(
  problems: Row[],
  villages: Record<string, string>,
  lng: Language,
  today: string,
): FigureTable {
  const t = translator(lng);
  return {
    id: 'problems',
    title: t('problem.title'),
    columns: [
      { header: t('problem.number'), num: true, decimals: 0 },
      { header: t('problem.name'), wrap: true },
      { header: t('problem.village') },
      { header: t('problem.category') },
      { header: t('problem.source') },
      { header: t('problem.raisedOn'), date: true },
      { header: t('problem.leadUnit'), wrap: true },
      { header: t('problem.deadline'), date: true },
      { header: t('problem.status') },
      { header: t('problem.closedOn'), date: true },
      { header: t('problem.daysOpenHeader'), num: true, decimals: 0 },
    ],
    rows: problems.map((p) => ({
      cells: [
        p.number,
        p.title,
        p.villageId ? (villages[p.villageId] ?? '—') : t('problem.noVillage'),
        t(`problem.categories.${p.category}`),
        t(`problem.sources.${p.source}`),
        p.raisedOn,
        p.leadUnit || null,
        p.deadline,
        // an open problem past its deadline says so in the list and its export
        p.deadline !== null && p.closedOn === null && p.deadline < today
          ? `${t(`problem.statuses.${p.status}`)} · ${t('problem.overdue')}`
          : t(`problem.statuses.${p.status}`),
        p.closedOn,
        daysOpen(p, today),
      ],
      link: `/problems/${p.id}`,
    })),
  };
}

/** The ledger's counts for a month (YYYY-MM) and in total up to its end. */
export function problemMonth(problems: Row[], month: string, today: string) {
  const end = `${month}-31`;
  const inMonth = (d: string | null) => d !== null && d.slice(0, 7) === month;
  const upTo = problems.filter((p) => p.raisedOn <= end);
  const closedBy = (p: Row) => p.closedOn !== null && p.closedOn <= end && CLOSED_STATUSES.includes(p.status);
  const [y, m] = month.split('-').map(Number);
  const lastDay = `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
  const asOf = today < lastDay ? today : lastDay;
  const open = upTo.filter((p) => !closedBy(p));
  return {
    raised: problems.filter((p) => inMonth(p.raisedOn)).length,
    solved: problems.filter((p) => inMonth(p.closedOn) && p.status === 'solved').length,
    totalRaised: upTo.length,
    totalSolved: upTo.filter((p) => closedBy(p) && p.status === 'solved').length,
    // closed as 无法解决: named, so that raised = solved + unsolvable + still open adds up
    unsolvable: problems.filter((p) => inMonth(p.closedOn) && p.status === 'unsolvable').length,
    totalUnsolvable: upTo.filter((p) => closedBy(p) && p.status === 'unsolvable').length,
    open: open
      .map((p) => ({
        id: p.id,
        number: p.number,
        title: p.title,
        leadUnit: p.leadUnit,
        deadline: p.deadline,
        days: daysBetween(p.raisedOn, asOf),
      }))
      .sort((a, b) => b.days - a.days),
  };
}

/** The list's filters from the URL (unknown values ignored). */
export function problemFilter(url: URL) {
  const s = url.searchParams.get('status');
  const status = s === 'active' ? ('active' as const) : PROBLEM_STATUSES.find((x) => x === s);
  return {
    status: status as ProblemStatus | 'active' | undefined,
    villageId: toObjectId(url.searchParams.get('village')) ?? undefined,
  };
}
