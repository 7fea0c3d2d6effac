// The monthly dispatch report, one printable page (the browser's print makes the PDF).
import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FigureTableView } from '~/components/figure-table';
import { Cell, Table } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { formatDate, formatNumber } from '~/utils/format';
import { getLanguage } from '~/utils/i18n.server';
import { MONTH, monthlyReport } from '~/utils/monthly-report.server';
import type { PageHandle } from '~/utils/page-handle';
import { requirePermission } from '~/utils/permissions.server';

const shift = (month: string, by: number) => {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + m - 1 + by;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'dashboard');
  const month = params.month ?? '';
  const y = Number(month.slice(0, 4));
  if (!MONTH.test(month) || y < 2000 || y > new Date().getFullYear() + 1) {
    throw data({ error: 'not_found' }, { status: 404 });
  }
  const lng = await getLanguage(request, user.locale);
  return { ...(await monthlyReport(scope, month, lng)), prev: shift(month, -1), next: shift(month, 1) };
}

// a page to read and print: no scripts (the browser's own print makes the PDF)
export const handle: PageHandle = {
  words: ['dashboard'],
  scripts: false,
  title: (t, _l, d) =>
    d ? t('report.monthly', { year: String(d.year), month: String(d.mon) }) : t('nav.monthlyReport'),
};

export default function MonthlyReport() {
  const r = useLoaderData<typeof loader>();
  const { t, lng } = useTranslation();
  const yuan = (fen: number) => `${formatNumber(lng, fen / 100, 2)} ${t('dashboard.yuan')}`;
  return (
    <article className="report">
      <nav className="no-print actions">
        <Link to={`/reports/monthly/${r.prev}`}>← {t('report.prev')}</Link>
        <Link to={`/reports/monthly/${r.next}`}>{t('report.next')} →</Link>
        <span className="muted">{t('report.print')}</span>
      </nav>
      <h1>
        {r.town} · {t('report.monthly', { year: String(r.year), month: String(r.mon) })}
      </h1>
      <h2>{t('report.targets')}</h2>
      <p className="muted" data-as-of>
        {t('report.asOf', { date: formatDate(lng, r.targetsAsOf) })}
      </p>
      <FigureTableView table={r.targets} exportQuery="" exportPath="/targets/export" open />
      <h2>{t('report.month')}</h2>
      <Table
        head={
          <tr>
            <th>{t('dashboard.headline')}</th>
            <th className="num">{t('dashboard.total')}</th>
          </tr>
        }
      >
        <tr>
          <Cell label={t('dashboard.headline')}>{t('report.planted')}</Cell>
          <Cell label={t('dashboard.total')} num>
            {formatNumber(lng, r.figures.plantedMu, 2)} {t('dashboard.mu')} ({r.figures.plantings})
          </Cell>
        </tr>
        <tr>
          <Cell label={t('dashboard.headline')}>{t('report.harvested')}</Cell>
          <Cell label={t('dashboard.total')} num>
            {formatNumber(lng, r.figures.harvestedKg, 2)} {t('dashboard.kg')}
          </Cell>
        </tr>
        <tr>
          <Cell label={t('dashboard.headline')}>{t('report.sold')}</Cell>
          <Cell label={t('dashboard.total')} num>
            <span data-figure="month-sales">{yuan(r.figures.soldFen)}</span>
          </Cell>
        </tr>
        <tr>
          <Cell label={t('dashboard.headline')}>{t('report.yearSold')}</Cell>
          <Cell label={t('dashboard.total')} num>
            {yuan(r.figures.yearSoldFen)}
          </Cell>
        </tr>
        {r.figures.head.map((b) => (
          <tr key={b.base}>
            <Cell label={t('dashboard.headline')}>
              {t('report.headEnd')} · {b.base}
            </Cell>
            <Cell label={t('dashboard.total')} num>
              {formatNumber(lng, b.head, 0)} {t('dashboard.head')}
            </Cell>
          </tr>
        ))}
        <tr>
          <Cell label={t('dashboard.headline')}>{t('report.income')}</Cell>
          <Cell label={t('dashboard.total')} num>
            {yuan(r.figures.incomeFen)}
          </Cell>
        </tr>
        <tr>
          <Cell label={t('dashboard.headline')}>{t('report.linkedSoFar')}</Cell>
          <Cell label={t('dashboard.total')} num>
            {formatNumber(lng, r.figures.linked, 0)} {t('dashboard.households')}
          </Cell>
        </tr>
        <tr>
          <Cell label={t('dashboard.headline')}>{t('report.overdue')}</Cell>
          <Cell label={t('dashboard.total')} num>
            {yuan(r.figures.overdueFen)} ({r.figures.overdueCount})
          </Cell>
        </tr>
      </Table>
      <h2>{t('report.problems')}</h2>
      <p data-summary>
        <strong>
          {t('problem.summary', {
            raised: r.problems.totalRaised,
            solved: r.problems.totalSolved,
            unsolvable: r.problems.totalUnsolvable,
            open: r.problems.open.length,
          })}
        </strong>
      </p>
      <Table
        head={
          <tr>
            <th />
            <th className="num">{t('report.raisedMonth')}</th>
            <th className="num">{t('report.solvedMonth')}</th>
            <th className="num">{t('report.unsolvableMonth')}</th>
            <th className="num">{t('report.openNow')}</th>
          </tr>
        }
      >
        <tr data-row="month">
          <Cell label="">{t('dashboard.monthN', { month: r.mon })}</Cell>
          <Cell label={t('report.raisedMonth')} num>
            {r.problems.raised}
          </Cell>
          <Cell label={t('report.solvedMonth')} num>
            {r.problems.solved}
          </Cell>
          <Cell label={t('report.unsolvableMonth')} num>
            {r.problems.unsolvable}
          </Cell>
          <Cell label={t('report.openNow')} num>
            {r.problems.open.length}
          </Cell>
        </tr>
        <tr data-row="total">
          <Cell label="">{t('report.totals')}</Cell>
          <Cell label={t('report.raisedMonth')} num>
            {r.problems.totalRaised}
          </Cell>
          <Cell label={t('report.solvedMonth')} num>
            {r.problems.totalSolved}
          </Cell>
          <Cell label={t('report.unsolvableMonth')} num>
            {r.problems.totalUnsolvable}
          </Cell>
          <Cell label={t('report.openNow')} num>
            {r.problems.open.length}
          </Cell>
        </tr>
      </Table>
      <h3>{t('report.openItems')}</h3>
      <Table
        head={
          <tr>
            <th>{t('problem.name')}</th>
            <th>{t('problem.leadUnit')}</th>
            <th className="num">{t('problem.daysOpenHeader')}</th>
          </tr>
        }
      >
        {r.problems.open.map((p) => (
          <tr key={p.id}>
            <Cell label={t('problem.name')}>
              <Link to={`/problems/${p.id}`}>
                #{p.number} {p.title}
              </Link>
            </Cell>
            <Cell label={t('problem.leadUnit')}>{p.leadUnit || '—'}</Cell>
            <Cell label={t('problem.daysOpenHeader')} num>
              {p.days}
            </Cell>
          </tr>
        ))}
      </Table>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
