// Income that reaches households: households linked to the industry (any income from it in
// the year), their total and average income by village, kind and month, the same for 监测户,
// the households by annual income band, those whose income fell, and the trend over five
// years. Officials see the town; a cooperative what it paid its own members.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { toObjectId } from '#models/kernel';
import { incomeFigures, incomeTrend } from '#models/households';
import { IncomeBars } from '~/components/charts/income-bars';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { BackLink, Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { INCOME_BANDS, INCOME_KINDS } from '~/domain/household';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { formatMoney, formatNumber } from '~/utils/format';
import { villageNames, yearParam } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { requirePermission } from '~/utils/permissions.server';

const TREND_YEARS = 5;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'household');
  const payScope = requirePermission(user, 'read', 'payout');
  const year = yearParam(request);
  const villageId = toObjectId(new URL(request.url).searchParams.get('village')) ?? undefined;
  const years = Array.from({ length: TREND_YEARS }, (_, i) => year - TREND_YEARS + 1 + i);
  const [figures, trend, villages] = await Promise.all([
    incomeFigures(payScope, { year, villageId }),
    incomeTrend(payScope, years, villageId),
    villageNames(scope.townId),
  ]);
  const last = trend.years[trend.years.length - 2];
  return {
    year,
    village: villageId ? String(villageId) : '',
    villages: villages.options,
    own: user.role !== 'official',
    figures,
    trend: trend.years,
    gainFen: last && last.households > 0 ? figures.all.avgFen - last.avgFen : null,
    byVillage: trend.villages
      .map((v) => ({ ...v, name: villages.names[v.villageId] ?? '—' }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    monitoredByVillage: Object.fromEntries(figures.byVillage.map((v) => [v.villageId, v.monitored])),
  };
}

export const handle: PageHandle = { scripts: false, title: 'hincome.title' };

export default function HouseholdIncomePage() {
  const d = useLoaderData<typeof loader>();
  const { t, lng } = useTranslation();
  const f = d.figures;
  const money = (fen: number) => formatMoney(lng, fen);
  return (
    <>
      <BackLink to="/households">{t('household.register')}</BackLink>
      <h1>{t('hincome.title')}</h1>
      {d.own ? <p className="muted">{t('hincome.ownOnly')}</p> : null}
      <Form method="get" className="filters">
        <label>
          {t('hincome.year')}
          <input type="number" name="year" defaultValue={d.year} min={2000} max={2100} inputMode="numeric" />
        </label>
        <label>
          {t('household.village')}
          <select name="village" defaultValue={d.village}>
            <option value="">{t('household.allVillages')}</option>
            {d.villages.map((v) => (
              <option key={v.value} value={v.value}>
                {v.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="secondary">
          {t('action.filter')}
        </button>
      </Form>

      <section className="card">
        <p className="headline">
          {t('hincome.summary', {
            households: formatNumber(lng, f.all.households),
            avg: d.gainFen === null ? '—' : money(d.gainFen),
          })}
        </p>
        <dl className="props">
          <dt>{t('hincome.linked')}</dt>
          <dd data-figure="linked">{formatNumber(lng, f.all.households)}</dd>
          <dt>{t('hincome.total')}</dt>
          <dd data-figure="total">{money(f.all.totalFen)}</dd>
          <dt>{t('hincome.average')}</dt>
          <dd data-figure="average">{money(f.all.avgFen)}</dd>
          <dt>{t('hincome.averageGain')}</dt>
          <dd data-figure="gain">{d.gainFen === null ? '—' : money(d.gainFen)}</dd>
          <dt>{t('hincome.monitored')}</dt>
          <dd data-figure="monitored">
            {formatNumber(lng, f.monitored.households)} · {t('hincome.average')} {money(f.monitored.avgFen)}
          </dd>
        </dl>
      </section>

      <h2>{t('hincome.trend')}</h2>
      <IncomeBars years={d.trend} />
      <Table
        head={
          <tr>
            <th>{t('hincome.year')}</th>
            <th className="num">{t('hincome.linked')}</th>
            <th className="num">{t('hincome.total')}</th>
            <th className="num">{t('hincome.average')}</th>
          </tr>
        }
      >
        {d.trend.map((y) => (
          <tr key={y.year}>
            <td>{y.year}</td>
            <Cell label={t('hincome.linked')} num>
              {formatNumber(lng, y.households)}
            </Cell>
            <Cell label={t('hincome.total')} num>
              {y.households > 0 ? money(y.totalFen) : <span className="muted">{t('hincome.noData')}</span>}
            </Cell>
            <Cell label={t('hincome.average')} num>
              {y.households > 0 ? money(y.avgFen) : <span className="muted">{t('hincome.noData')}</span>}
            </Cell>
          </tr>
        ))}
      </Table>

      <section id="by-village">
        <h2>{t('hincome.byVillage')}</h2>
        <Table
          cards
          head={
            <tr>
              <th>{t('household.village')}</th>
              {d.trend.slice(-3).map((y) => (
                <th key={y.year} className="num">
                  {y.year} {t('hincome.linked')} / {t('hincome.average')}
                </th>
              ))}
              <th className="num">{t('hincome.monitored')}</th>
            </tr>
          }
        >
          {d.byVillage.length === 0 ? <EmptyRow colSpan={5} /> : null}
          {d.byVillage.map((v) => (
            <tr key={v.villageId}>
              <td>{v.name}</td>
              {v.years.slice(-3).map((y) => (
                <Cell key={y.year} label={String(y.year)} num>
                  {y.households > 0 ? (
                    `${formatNumber(lng, y.households)} / ${money(y.avgFen)}`
                  ) : (
                    <span className="muted">{t('hincome.noData')}</span>
                  )}
                </Cell>
              ))}
              <Cell label={t('hincome.monitored')} num>
                {formatNumber(lng, d.monitoredByVillage[v.villageId] ?? 0)}
              </Cell>
            </tr>
          ))}
        </Table>
      </section>

      <div className="grid">
        <section>
          <h2>{t('hincome.byKind')}</h2>
          <Table
            head={
              <tr>
                <th>{t('payout.kind')}</th>
                <th className="num">{t('hincome.total')}</th>
                <th className="num">{t('hincome.monitored')}</th>
              </tr>
            }
          >
            {INCOME_KINDS.map((k) => (
              <tr key={k}>
                <td>{t(`payout.kinds.${k}`)}</td>
                <Cell label={t('hincome.total')} num>
                  {money(f.all.byKind[k])}
                </Cell>
                <Cell label={t('hincome.monitored')} num>
                  {money(f.monitored.byKind[k])}
                </Cell>
              </tr>
            ))}
          </Table>
        </section>
        <section>
          <h2>{t('hincome.bands')}</h2>
          <Table
            head={
              <tr>
                <th>{t('hincome.total')}</th>
                <th className="num">{t('hincome.households')}</th>
              </tr>
            }
          >
            {INCOME_BANDS.map((b) => (
              <tr key={b.key}>
                <td>{t(`hincome.bandNames.${b.key}`)}</td>
                <Cell label={t('hincome.households')} num>
                  {formatNumber(lng, f.bands[b.key])}
                </Cell>
              </tr>
            ))}
          </Table>
        </section>
      </div>

      <h2>{t('hincome.byMonth')}</h2>
      <Table
        head={
          <tr>
            <th>{t('hincome.byMonth')}</th>
            <th className="num">{t('hincome.total')}</th>
            <th className="num">{t('hincome.monitored')}</th>
          </tr>
        }
      >
        {f.all.months.map((fen, i) => (
          <tr key={i}>
            <td>{t('hincome.month', { m: i + 1 })}</td>
            <Cell label={t('hincome.total')} num>
              {money(fen)}
            </Cell>
            <Cell label={t('hincome.monitored')} num>
              {money(f.monitored.months[i])}
            </Cell>
          </tr>
        ))}
      </Table>

      <h2>{t('hincome.fell')}</h2>
      <p>{t('hincome.fellCount', { count: f.fell.count })}</p>
      <Table
        cards
        head={
          <tr>
            <th>{t('household.number')}</th>
            <th>{t('household.head')}</th>
            <th className="num">{t('hincome.lastYear')}</th>
            <th className="num">{t('hincome.thisYear')}</th>
          </tr>
        }
      >
        {f.fell.top.length === 0 ? <EmptyRow colSpan={4} /> : null}
        {f.fell.top.map((h) => (
          <tr key={h.householdId}>
            <td>
              <Link to={`/households/${h.householdId}`}>{h.number}</Link>
              {h.monitored ? <span className="badge warn">{t('household.monitored')}</span> : null}
            </td>
            <Cell label={t('household.head')}>{h.head}</Cell>
            <Cell label={t('hincome.lastYear')} num>
              {money(h.previousFen)}
            </Cell>
            <Cell label={t('hincome.thisYear')} num>
              {money(h.currentFen)}
            </Cell>
          </tr>
        ))}
      </Table>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
