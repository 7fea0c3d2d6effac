// The records behind a dashboard figure: the plantings of a season's acreage, the receipts of
// a month's sales, the households of the linked count and average income, the harvests of a
// month — with their sum, which is the figure, so an official can check the evidence.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FigureTableView } from '~/components/figure-table';
import { BackLink } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { evidenceParams, evidenceTable } from '~/utils/dashboard-tables.server';
import { filterQuery, readFilter, townNames } from '~/utils/dashboard.server';
import { formatNumber } from '~/utils/format';
import { getLanguage } from '~/utils/i18n.server';
import type { PageHandle } from '~/utils/page-handle';
import { requirePermission } from '~/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'dashboard');
  const lng = await getLanguage(request, user.locale);
  const url = new URL(request.url);
  const names = await townNames(user.townId);
  const { filter, ignored } = readFilter(url, names);
  const { kind, month } = evidenceParams(url);
  const e = await evidenceTable(scope, names, filter, kind, month, lng);
  return {
    kind,
    month: month ?? null,
    ignored,
    query: `${filterQuery(filter, { kind, ...(month && { month }) })}`,
    back: `/dashboard?${filterQuery(filter)}`,
    table: e.table,
    total: e.total,
    shown: e.table.rows.length,
    sum: e.sum,
  };
}

export const handle: PageHandle = { words: ['dashboard'], scripts: false, title: 'dashboard.evidence' };

export default function DashboardRecords() {
  const d = useLoaderData<typeof loader>();
  const { t, lng } = useTranslation();
  return (
    <>
      <BackLink to={d.back}>{t('dashboard.title')}</BackLink>
      <h1>
        {d.table.title} · {t('dashboard.evidence')}
      </h1>
      {d.ignored.map((v) => (
        <p key={v} className="error" role="alert">
          {t('dashboard.badFilter', { value: v })}
        </p>
      ))}
      <p data-sum={d.sum}>
        {t('dashboard.total')}: <strong>{formatNumber(lng, d.sum, 2)}</strong> · {t('dashboard.count')}:{' '}
        {formatNumber(lng, d.total, 0)}
        {d.shown < d.total ? ` (${d.shown})` : ''}
      </p>
      <FigureTableView table={d.table} exportQuery={d.query} exportPath="/dashboard/records/export" open />
      <p>
        <Link to={d.back}>← {t('dashboard.title')}</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
