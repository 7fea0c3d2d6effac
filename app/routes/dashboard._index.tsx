// The town dashboard (the official's home): progress toward each target with where the trend
// takes it, and the town's figures as charts with their tables — acreage by year and crop and
// by village, cumulative confirmed sales against the target line and last year, head count
// against its target, households linked and average income by month and village, contract
// fulfilment by buyer, overdue payments, and how fresh each village's records are. Filters
// (year, village, crop, buyer) live in the URL; every figure leads to its records.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ComboChart, PALETTE } from '~/components/charts/dashboard-charts';
import { FigureTableView } from '~/components/figure-table';
import { PlantSection } from '~/components/plant-dashboard';
import { ColdSection } from '~/components/coldchain/dashboard';
import { DashboardFilters } from '~/components/dashboard-filters';
import { IncomeBars } from '~/components/charts/income-bars';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { dashboardData, projectionText } from '~/utils/dashboard-tables.server';
import { filterQuery, readFilter, townNames } from '~/utils/dashboard.server';
import { formatDate, formatMoney, formatNumber } from '~/utils/format';
import { getLanguage } from '~/utils/i18n.server';
import type { PageHandle } from '~/utils/page-handle';
import { requirePermission } from '~/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'dashboard');
  const lng = await getLanguage(request, user.locale);
  const names = await townNames(user.townId);
  const { filter, ignored } = readFilter(new URL(request.url), names);
  const d = await dashboardData(scope, names, filter, lng);
  const product = (id: string) => names.products[id]?.[lng] ?? '—';
  const headTargets = d.targets.filter((p) => p.target.metric === 'headCount');
  // a target's line belongs only on a chart of what the target counts: the town's sales chart
  // draws a town-wide sales target, never a base's or a cooperative's (the card names what counts)
  const salesTarget = d.targets.find(
    (p) =>
      p.target.metric === 'annualSales' &&
      p.target.scopeKind === 'town' &&
      !filter.enterpriseId &&
      !filter.productId,
  );
  const scopeName = (kind: string, id: string | null) =>
    kind === 'town'
      ? null
      : kind === 'village'
        ? (names.villages[id ?? ''] ?? '—')
        : kind === 'product'
          ? product(id ?? '')
          : (names.orgs[id ?? ''] ?? '—');
  return {
    filter,
    ignored,
    query: filterQuery(filter),
    options: {
      villages: names.villageOptions,
      products: names.productOptions.map((p) => ({
        value: p.value,
        label: lng === 'en' ? p.labelEn : p.label,
      })),
      enterprises: names.enterpriseOptions,
      years: Array.from({ length: 8 }, (_, i) => d.now.year - i),
    },
    now: d.now,
    targets: d.targets.map((p) => ({
      id: p.target.id,
      title: p.target.title,
      metric: p.target.metric,
      unit: p.target.unit,
      value: p.target.value,
      deadline: p.target.deadline,
      current: p.current,
      progress: p.progress,
      status: p.projection.status,
      projection: projectionText(p, lng),
      // what the figure counts: the town, or the one village, base, cooperative or product
      scope: scopeName(p.target.scopeKind, p.target.scopeId),
    })),
    headline: {
      acreage: d.a.total,
      salesFen: d.s.totalFen,
      lastYearSalesFen: d.s.lastYearFen,
      linked: d.inc.linked,
      avgFen: d.inc.avgFen,
      lastYearAvgFen: d.inc.lastYearAvgFen,
      head: d.heads.reduce((a, h) => a + h.head, 0),
      overdueFen: d.late.fen,
      overdueCount: d.late.count,
      staleVillages: d.tables
        .find((x) => x.id === 'freshness')!
        .rows.filter((r) => r.cells[2] === null || Number(r.cells[2]) > 30).length,
    },
    charts: {
      crops: d.crops.map((c) => ({ key: c, name: product(c) })),
      acreageByYear: d.a.bySeason.map((x) => ({ year: String(x.year), ...x.byCrop })),
      acreageByVillage: d.a.byVillage.map((v) => ({
        village: names.villages[v.villageId] ?? '—',
        villageId: v.villageId,
        areaMu: v.areaMu,
      })),
      sales: d.s.months.map((m) => ({
        month: String(m.month),
        thisYear: m.cumFen === null ? null : m.cumFen / 1_000_000,
        lastYear: m.cumLastYearFen / 1_000_000,
        monthFen: m.fen,
      })),
      salesTarget: salesTarget ? { value: salesTarget.target.value / 10_000 } : null,
      heads: d.heads.map((h) => ({
        base: names.orgs[h.baseId] ?? '—',
        months: h.months.slice(-36),
        target: headTargets.find((p) => p.target.scopeId === h.baseId)?.target.value ?? null,
      })),
      incomeTrend: d.inc.trend,
      incomeToDate: {
        toMonth: d.inc.toMonth,
        avgFen: d.inc.avgFen,
        linked: d.inc.linked,
        lastYearAvgFen: d.inc.lastYearToDateAvgFen,
        lastYearLinked: d.inc.lastYearToDateLinked,
      },
      fulfilment: d.fulfil.map((b) => ({
        buyer: names.orgs[b.buyerOrgId] ?? '—',
        committed: b.committed,
        confirmed: b.confirmed,
      })),
    },
    tables: d.tables,
    plant: {
      intakeKg: d.plant.intakeByMonth.reduce((sum, m) => sum + m.netKg, 0),
      tickets: d.plant.intakeByMonth.reduce((sum, m) => sum + m.tickets, 0),
      yieldPct: d.plant.yieldPct,
      flagged: d.plant.flagged.length,
    },
    cold: d.cold,
  };
}

export const handle: PageHandle = { words: ['plant', 'dashboard'], title: 'dashboard.title' };

type Data = Awaited<ReturnType<typeof loader>>;

export default function Dashboard() {
  const d = useLoaderData<typeof loader>();
  const { t, lng } = useTranslation();
  const table = (id: string) => d.tables.find((x) => x.id === id)!;
  const year = d.filter.year;
  const wan = (fen: number) => formatNumber(lng, fen / 1_000_000, 2);
  const records = (kind: string, extra: Record<string, string> = {}) =>
    `/dashboard/records?${d.query}&${new URLSearchParams({ kind, ...extra })}`;
  return (
    <div className="dashboard">
      <h1>{t('dashboard.title')}</h1>
      <p className="muted">{t('dashboard.asOf', { date: formatDate(lng, d.now.date) })}</p>
      {/* the targets first (the two pinned ones fill a phone's first screen), then the filters
          for the figures below them */}
      <section aria-labelledby="targets">
        <h2 id="targets">{t('dashboard.targets')}</h2>
        {d.targets.length === 0 ? (
          <p className="muted">
            {t('dashboard.noTargets')} <Link to="/targets/new">{t('dashboard.setTargets')}</Link>
          </p>
        ) : (
          <ul className="target-cards">
            {d.targets.map((p) => (
              <li key={p.id} className={`target-card ${p.status}`} data-target={p.metric}>
                <Link to={`/targets/${p.id}`}>
                  <strong>{p.title}</strong>
                </Link>
                <span className="figure">
                  {/* money in 万元 on a card, with its unit always said */}
                  {p.unit === 'yuan'
                    ? `${formatNumber(lng, p.current / 10_000, 2)} / ${formatNumber(lng, p.value / 10_000, 2)} ${t('target.units.wanYuan')}`
                    : `${formatNumber(lng, p.current, 2)} / ${formatNumber(lng, p.value, 2)} ${t(`target.units.${p.unit}`)}`}
                </span>
                <progress max={1} value={Math.min(1, p.progress)} aria-label={t('target.progress')} />
                <span className="muted">
                  {formatNumber(lng, p.progress * 100, 1)}% · {t('target.deadline')}{' '}
                  {formatDate(lng, p.deadline)}
                </span>
                <span className="projection">{p.projection}</span>
                <span className="muted small" data-scope>
                  {p.scope ? t('target.countsOnly', { scope: p.scope }) : t('target.countsTown')}
                </span>
              </li>
            ))}
          </ul>
        )}
        <p className="muted small">{t('dashboard.method')}</p>
      </section>

      <DashboardFilters d={d} />

      <section aria-labelledby="headline">
        <h2 id="headline">{t('dashboard.headline')}</h2>
        <dl className="headline">
          <div>
            <dt>{t('dashboard.acreage')}</dt>
            <dd data-figure="acreage">
              <Link to={records('plantings')}>
                {formatNumber(lng, d.headline.acreage, 2)} {t('dashboard.mu')}
              </Link>
            </dd>
          </div>
          <div>
            <dt>{t('dashboard.sales')}</dt>
            <dd data-figure="sales">
              <Link to={records('sales')}>
                {wan(d.headline.salesFen)} {t('dashboard.wanYuan')}
              </Link>
              <small className="muted">
                {' '}
                · {t('dashboard.lastYear', { year: String(year - 1) })} {wan(d.headline.lastYearSalesFen)}{' '}
                {t('dashboard.wanYuan')}
              </small>
            </dd>
          </div>
          <div>
            <dt>{t('dashboard.headCount')}</dt>
            <dd data-figure="head">
              <Link to="/herd">
                {formatNumber(lng, d.headline.head, 0)} {t('dashboard.head')}
              </Link>
            </dd>
          </div>
          <div>
            <dt>{t('dashboard.householdsLinked')}</dt>
            <dd data-figure="linked">
              <Link to={records('households')}>
                {formatNumber(lng, d.headline.linked, 0)} {t('dashboard.households')}
              </Link>
            </dd>
          </div>
          <div>
            <dt>{t('dashboard.avgIncome')}</dt>
            <dd data-figure="avg">
              {formatNumber(lng, d.headline.avgFen / 100, 2)} {t('dashboard.yuan')}
              <small className="muted">
                {' '}
                · {t('dashboard.lastYear', { year: String(year - 1) })}{' '}
                {formatNumber(lng, d.headline.lastYearAvgFen / 100, 2)} {t('dashboard.yuan')}
              </small>
            </dd>
          </div>
          <div>
            <dt>{t('dashboard.overdue')}</dt>
            <dd data-figure="overdue">
              <Link to="/deliveries">
                {formatNumber(lng, d.headline.overdueFen / 100, 2)} {t('dashboard.yuan')} (
                {d.headline.overdueCount})
              </Link>
              <small>
                {' '}
                · <Link to="/payouts?unpaid=1">{t('dashboard.overdueHouseholds')}</Link>
              </small>
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="acreage">
        <h2 id="acreage">{t('dashboard.acreage')}</h2>
        <ComboChart
          label={t('dashboard.acreageByYear')}
          data={d.charts.acreageByYear}
          xKey="year"
          stacked
          unit={t('dashboard.mu')}
          series={d.charts.crops.map((c, i) => ({ key: c.key, name: c.name, color: PALETTE[i] }))}
          linkOf={(row) =>
            `/dashboard/records?${new URLSearchParams({ ...params(d), year: String(row.year), kind: 'plantings' })}`
          }
        />
        <FigureTableView table={table('acreage-by-year')} exportQuery={d.query} />
        <ComboChart
          label={t('dashboard.acreageByVillage', { year: String(year) })}
          data={d.charts.acreageByVillage}
          xKey="village"
          unit={t('dashboard.mu')}
          series={[{ key: 'areaMu', name: t('dashboard.acreage') }]}
          linkOf={(row) => records('plantings', { village: String(row.villageId) })}
        />
        <FigureTableView table={table('acreage-by-village')} exportQuery={d.query} />
      </section>

      <section aria-labelledby="sales">
        <h2 id="sales">{t('dashboard.sales')}</h2>
        <ComboChart
          label={t('dashboard.salesCumulative', { year: String(year) })}
          data={d.charts.sales}
          xKey="month"
          unit={t('dashboard.wanYuan')}
          series={[
            { key: 'thisYear', name: t('dashboard.thisYear', { year: String(year) }), kind: 'line' },
            {
              key: 'lastYear',
              name: t('dashboard.lastYear', { year: String(year - 1) }),
              kind: 'line',
              dashed: true,
            },
          ]}
          target={
            d.charts.salesTarget
              ? {
                  value: d.charts.salesTarget.value,
                  label: t('dashboard.salesLine', {
                    value: formatNumber(lng, d.charts.salesTarget.value, 0),
                  }),
                }
              : undefined
          }
          linkOf={(row) =>
            Number(row.monthFen) !== 0 ? records('sales', { month: String(row.month) }) : null
          }
        />
        <FigureTableView table={table('sales-by-month')} exportQuery={d.query} />
        <FigureTableView table={table('sales-by-buyer')} exportQuery={d.query} open />
      </section>

      <section aria-labelledby="herd">
        <h2 id="herd">{t('dashboard.headCount')}</h2>
        {d.charts.heads.map((h) => (
          <ComboChart
            key={h.base}
            label={t('dashboard.headOverTime', { base: h.base })}
            data={h.months}
            xKey="month"
            unit={t('dashboard.head')}
            series={[{ key: 'head', name: t('dashboard.headOverTime', { base: h.base }), kind: 'line' }]}
            target={
              h.target
                ? {
                    value: h.target,
                    label: t('dashboard.targetLine', { value: formatNumber(lng, h.target, 0) }),
                  }
                : undefined
            }
          />
        ))}
      </section>

      <section aria-labelledby="income">
        <h2 id="income">{t('dashboard.householdsLinked')}</h2>
        {/* average per linked household, year by year: readable at a glance, drawn on the server */}
        <IncomeBars years={d.charts.incomeTrend} caption={t('dashboard.incomeByYear')} />
        <p className="income-to-date" data-figure="income-to-date">
          {d.charts.incomeToDate.toMonth === 0
            ? null
            : t('dashboard.incomeToDate', {
                year: String(year),
                month: String(d.charts.incomeToDate.toMonth),
                avg: formatMoney(lng, d.charts.incomeToDate.avgFen),
                linked: formatNumber(lng, d.charts.incomeToDate.linked, 0),
                lastYear: d.charts.incomeToDate.lastYearLinked
                  ? formatMoney(lng, d.charts.incomeToDate.lastYearAvgFen)
                  : t('hincome.noData'),
                lastLinked: formatNumber(lng, d.charts.incomeToDate.lastYearLinked, 0),
              })}
        </p>
        <FigureTableView table={table('income-by-year')} exportQuery={d.query} />
        <FigureTableView table={table('income-by-month')} exportQuery={d.query} />
        <FigureTableView table={table('income-by-village')} exportQuery={d.query} open />
      </section>

      <section aria-labelledby="fulfilment">
        <h2 id="fulfilment">{t('dashboard.fulfilment', { year: String(year) })}</h2>
        <ComboChart
          label={t('dashboard.fulfilment', { year: String(year) })}
          data={d.charts.fulfilment}
          xKey="buyer"
          unit={t('dashboard.kg')}
          series={[
            { key: 'committed', name: t('dashboard.committed'), color: '#9aa59a' },
            { key: 'confirmed', name: t('dashboard.confirmed') },
          ]}
        />
        <FigureTableView table={table('fulfilment')} exportQuery={d.query} />
      </section>

      <section aria-labelledby="overdue">
        <h2 id="overdue">{t('dashboard.overdue')}</h2>
        <FigureTableView table={table('overdue')} exportQuery={d.query} open />
      </section>

      <section aria-labelledby="freshness">
        <h2 id="freshness">{t('dashboard.freshness')}</h2>
        <p className="muted small">{t('dashboard.freshnessHint')}</p>
        <FigureTableView table={table('freshness')} exportQuery={d.query} open staleAfter={30} />
      </section>

      <PlantSection year={year} figures={d.plant} tables={d.tables} exportQuery={d.query} />
      <ColdSection year={year} figures={d.cold} tables={d.tables} exportQuery={d.query} />
    </div>
  );
}

const params = (d: Data) => Object.fromEntries(new URLSearchParams(d.query));

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
