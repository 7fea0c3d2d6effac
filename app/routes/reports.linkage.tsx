// The 联农带农 report of a cooperative or an enterprise for a year: the households it drove,
// by village, and the income they received from it, by kind — the evidence that support for
// new agricultural businesses is now tied to (推动新型农业经营主体扶持政策同带动农户增收挂钩).
// A cooperative and an enterprise see their own; officials choose the business. No names or
// phones: only counts and sums.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { toObjectId } from '#models/kernel';
import { linkageReport } from '#models/households';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { INCOME_KINDS } from '~/domain/household';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { formatMoney, formatNumber } from '~/utils/format';
import { orgNames, villageNames, yearParam } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { requirePermission } from '~/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'linkage');
  const year = yearParam(request);
  const [orgs, villages] = await Promise.all([
    orgNames(user.townId, ['cooperative', 'enterprise']),
    villageNames(user.townId),
  ]);
  // own access: the user's organization, whatever `?org=` says
  const asked = toObjectId(new URL(request.url).searchParams.get('org'));
  const orgId = scope.access === 'own' ? user.orgId : asked && orgs.names[String(asked)] ? asked : null;
  const report = orgId ? await linkageReport(orgId, user.townId!, year) : null;
  return {
    year,
    chooseOrg: scope.access !== 'own',
    org: orgId ? String(orgId) : '',
    orgs: orgs.options,
    report: report && {
      ...report,
      cooperativeNames: report.cooperatives.map((id) => orgs.names[id] ?? '—'),
      villages: report.villages
        .map((v) => ({ ...v, name: villages.names[v.villageId] ?? '—' }))
        .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    },
  };
}

export const handle: PageHandle = { scripts: false, title: 'linkage.title' };

export default function LinkageReportPage() {
  const d = useLoaderData<typeof loader>();
  const { t, lng } = useTranslation();
  const r = d.report;
  const money = (fen: number) => formatMoney(lng, fen);
  return (
    <article className="report">
      <h1>{t('linkage.title')}</h1>
      <Form method="get" className="filters no-print">
        {d.chooseOrg ? (
          <label>
            {t('linkage.org')}
            <select name="org" defaultValue={d.org}>
              <option value="">{t('linkage.chooseOrg')}</option>
              {d.orgs.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          {t('linkage.year')}
          <input type="number" name="year" defaultValue={d.year} min={2000} max={2100} inputMode="numeric" />
        </label>
        <button type="submit" className="secondary">
          {t('action.filter')}
        </button>
      </Form>
      {r ? (
        <>
          <h2>{t('linkage.intro', { org: r.org.name, year: String(r.year) })}</h2>
          {r.org.type === 'enterprise' ? (
            <p className="muted">
              {t('linkage.throughCoops', { names: r.cooperativeNames.join('、') || '—' })}
              <br />
              {t('linkage.enterpriseNote')}
            </p>
          ) : null}
          <dl className="props card">
            <dt>{t('linkage.households')}</dt>
            <dd data-figure="households">{formatNumber(lng, r.households)}</dd>
            <dt>{t('linkage.monitored')}</dt>
            <dd>{formatNumber(lng, r.monitored)}</dd>
            <dt>{t('linkage.lifted')}</dt>
            <dd>{formatNumber(lng, r.lifted)}</dd>
            <dt>{t('linkage.total')}</dt>
            <dd data-figure="total">{money(r.totalFen)}</dd>
            <dt>{t('linkage.average')}</dt>
            <dd>{money(r.avgFen)}</dd>
          </dl>
          <h3>{t('linkage.byKind')}</h3>
          <Table
            head={
              <tr>
                {INCOME_KINDS.map((k) => (
                  <th key={k} className="num">
                    {t(`payout.kinds.${k}`)}
                  </th>
                ))}
              </tr>
            }
          >
            <tr>
              {INCOME_KINDS.map((k) => (
                <Cell key={k} label={t(`payout.kinds.${k}`)} num>
                  {money(r.byKind[k])}
                </Cell>
              ))}
            </tr>
          </Table>
          <h3>{t('linkage.byVillage')}</h3>
          <Table
            cards
            head={
              <tr>
                <th>{t('household.village')}</th>
                <th className="num">{t('linkage.households')}</th>
                {INCOME_KINDS.map((k) => (
                  <th key={k} className="num">
                    {t(`payout.kinds.${k}`)}
                  </th>
                ))}
                <th className="num">{t('linkage.total')}</th>
                <th className="num">{t('linkage.average')}</th>
              </tr>
            }
          >
            {r.villages.length === 0 ? <EmptyRow colSpan={INCOME_KINDS.length + 4} /> : null}
            {r.villages.map((v) => (
              <tr key={v.villageId}>
                <td>{v.name}</td>
                <Cell label={t('linkage.households')} num>
                  {formatNumber(lng, v.households)}
                </Cell>
                {INCOME_KINDS.map((k) => (
                  <Cell key={k} label={t(`payout.kinds.${k}`)} num>
                    {money(v.byKind[k])}
                  </Cell>
                ))}
                <Cell label={t('linkage.total')} num>
                  {money(v.totalFen)}
                </Cell>
                <Cell label={t('linkage.average')} num>
                  {money(v.avgFen)}
                </Cell>
              </tr>
            ))}
          </Table>
          {r.households === 0 ? <p>{t('linkage.none')}</p> : null}
        </>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
