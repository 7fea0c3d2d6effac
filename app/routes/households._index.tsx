// The household register: officials see the town's, a cooperative its members'. Phones are
// shown in full only to officials and the household's own cooperatives (who alone reach
// this page); enterprises, plants and carriers never see households.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { toObjectId } from '#models/kernel';
import { listHouseholds } from '#models/households';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Cell, EmptyRow, Pager, Table } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { orgNames, phoneFor, villageNames } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { can, requirePermission } from '~/utils/permissions.server';
import { pageParam } from '~/utils/records.server';

const FLAGS = ['lifted', 'monitored'] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'household');
  const url = new URL(request.url);
  const villageId = toObjectId(url.searchParams.get('village')) ?? undefined;
  const rawFlag = url.searchParams.get('flag');
  const flag = FLAGS.find((f) => f === rawFlag);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 30);
  const page = pageParam(request);
  const [{ households, total }, villages, coops] = await Promise.all([
    listHouseholds(scope, { villageId, flag, q: q || undefined, page }),
    villageNames(user.townId),
    orgNames(user.townId, ['cooperative']),
  ]);
  const filters = new URLSearchParams();
  if (villageId) filters.set('village', String(villageId));
  if (flag) filters.set('flag', flag);
  if (q) filters.set('q', q);
  return {
    filters: { village: villageId ? String(villageId) : '', flag: flag ?? '', q },
    query: filters.toString(),
    page,
    total,
    hasMore: page * 50 < total,
    villages: villages.options,
    canWrite: can(user, 'write', 'household'),
    official: user.role === 'official',
    households: households.map((h) => ({
      id: h.id,
      village: villages.names[h.villageId] ?? '—',
      number: h.number,
      head: h.head,
      members: h.members,
      phone: phoneFor(user, h.phone, h.memberships),
      lifted: h.lifted,
      monitored: h.monitored,
      coops: h.memberships.map((m) => coops.names[m.orgId] ?? '—'),
    })),
  };
}

export const handle: PageHandle = { scripts: false, title: 'household.register' };

export default function HouseholdsPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const exportTo = (format: string) => `/households/export?format=${format}${d.query ? `&${d.query}` : ''}`;
  return (
    <>
      <h1>{t('household.register')}</h1>
      <div className="actions">
        {d.canWrite ? (
          <Link className="button" to="/households/new">
            {t('household.new')}
          </Link>
        ) : null}
        <Link to="/households/income">{t('household.income')}</Link>
        <Link to="/payouts">{t('household.payouts')}</Link>
        <Link to="/households/dividends">{t('household.dividends')}</Link>
        {d.official ? null : <Link to="/households/prices">{t('household.prices')}</Link>}
        <Link to="/reports/linkage">{t('household.linkage')}</Link>
        {d.canWrite ? <Link to="/imports">{t('household.import')}</Link> : null}
      </div>
      <Form method="get" className="filters">
        <label>
          {t('household.village')}
          <select name="village" defaultValue={d.filters.village}>
            <option value="">{t('household.allVillages')}</option>
            {d.villages.map((v) => (
              <option key={v.value} value={v.value}>
                {v.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('household.flags')}
          <select name="flag" defaultValue={d.filters.flag}>
            <option value="">{t('household.allHouseholds')}</option>
            {FLAGS.map((f) => (
              <option key={f} value={f}>
                {t(`household.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('household.search')}
          <input type="search" name="q" defaultValue={d.filters.q} maxLength={30} />
        </label>
        <button type="submit" className="secondary">
          {t('action.filter')}
        </button>
      </Form>
      <p className="muted">
        {t('household.count', { count: d.total })} ·{' '}
        <a href={exportTo('xlsx')} download>
          {t('household.exportXlsx')}
        </a>{' '}
        ·{' '}
        <a href={exportTo('csv')} download>
          {t('household.exportCsv')}
        </a>
        <br />
        <small>{t('household.exportNote')}</small>
      </p>
      <Table
        cards
        head={
          <tr>
            <th>{t('household.village')}</th>
            <th>{t('household.number')}</th>
            <th>{t('household.head')}</th>
            <th className="num">{t('household.members')}</th>
            <th>{t('household.phone')}</th>
            <th>{t('household.flags')}</th>
            <th>{t('household.cooperative')}</th>
          </tr>
        }
      >
        {d.households.length === 0 ? <EmptyRow colSpan={7} /> : null}
        {d.households.map((h) => (
          <tr key={h.id}>
            <Cell label={t('household.village')}>{h.village}</Cell>
            <Cell label={t('household.number')}>
              <Link to={`/households/${h.id}`}>{h.number}</Link>
            </Cell>
            <Cell label={t('household.head')}>{h.head}</Cell>
            <Cell label={t('household.members')} num>
              {h.members}
            </Cell>
            <Cell label={t('household.phone')}>{h.phone}</Cell>
            <Cell label={t('household.flags')}>
              {h.lifted ? <span className="badge">{t('household.lifted')}</span> : null}{' '}
              {h.monitored ? <span className="badge warn">{t('household.monitored')}</span> : null}
            </Cell>
            <Cell label={t('household.cooperative')}>{h.coops.join('、')}</Cell>
          </tr>
        ))}
      </Table>
      <Pager page={d.page} hasMore={d.hasMore} pages={Math.max(1, Math.ceil(d.total / 50))} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
