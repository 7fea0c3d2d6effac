// The problem ledger (问题台账): what holds the industry back, who leads on it, for how long it
// has been open. Officials see the town's; a cooperative or an enterprise the ones it raised.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { listProblems } from '#models/oversight';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FigureTableView } from '~/components/figure-table';
import { FilterSelect } from '~/components/ui/filter-select';
import { PROBLEM_STATUSES } from '~/domain/problem';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { villageNames } from '~/utils/households.server';
import { getLanguage } from '~/utils/i18n.server';
import type { PageHandle } from '~/utils/page-handle';
import { can, requirePermission } from '~/utils/permissions.server';
import { problemFilter, problemMonth, problemsTable } from '~/utils/problems.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'problem');
  const url = new URL(request.url);
  const filter = problemFilter(url);
  const today = todayInShanghai();
  const [problems, all, villages, lng] = await Promise.all([
    listProblems(scope, filter),
    listProblems(scope),
    villageNames(user.townId),
    getLanguage(request, user.locale),
  ]);
  const totals = problemMonth(all, today.slice(0, 7), today);
  return {
    table: problemsTable(problems, villages.names, lng, today),
    villages: villages.options,
    status: filter.status ?? '',
    village: filter.villageId ? String(filter.villageId) : '',
    query: url.searchParams.toString(),
    totals: {
      raised: totals.totalRaised,
      solved: totals.totalSolved,
      unsolvable: totals.totalUnsolvable,
      open: totals.open.length,
    },
    canWrite: can(user, 'write', 'problem'),
    canReport: can(user, 'read', 'dashboard'),
  };
}

export const handle: PageHandle = { words: ['dashboard'], scripts: false, title: 'problem.title' };

export default function ProblemsPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('problem.title')}</h1>
      {d.canWrite ? (
        <p className="actions">
          <Link className="button" to="/problems/new">
            {t('problem.new')}
          </Link>
        </p>
      ) : null}
      <p data-summary>
        <strong>{t('problem.summary', d.totals)}</strong>
      </p>
      <Form method="get" className="filters">
        <FilterSelect
          label={t('problem.status')}
          name="status"
          value={d.status}
          options={['active', ...PROBLEM_STATUSES].map((s) => ({
            value: s,
            label: s === 'active' ? t('problem.active') : t(`problem.statuses.${s}`),
          }))}
          all
        />
        <FilterSelect
          label={t('problem.village')}
          name="village"
          value={d.village}
          options={d.villages}
          all
        />
        <button type="submit">{t('dashboard.apply')}</button>
      </Form>
      <FigureTableView table={d.table} exportQuery={d.query} exportPath="/problems/export" open />
      {d.canReport ? (
        <p>
          <Link to="/reports/monthly">{t('nav.monthlyReport')}</Link>
        </p>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
