// 磅单: a plant's weigh tickets, newest first, with what is arriving at its gate; a supplier's
// and an owner's tickets; the town's for officials.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { arrivingDeliveries, listTickets, ticketPeriod } from '#models/plant';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { ArrivingList } from '~/components/plant-home';
import { Cell, EmptyRow, Pager, Table } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { formatDateTime, formatMoney, formatWeight } from '~/utils/format';
import type { PageHandle } from '~/utils/page-handle';
import { can, requirePermission } from '~/utils/permissions.server';
import { pageParam } from '~/utils/records.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'intake');
  const page = pageParam(request);
  // the dashboard's drill-down: a month (2026-11) or a year of tickets
  const params = new URL(request.url).searchParams;
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(params.get('month') ?? '');
  const year = /^(20\d{2})$/.exec(params.get('year') ?? '');
  const range = month
    ? ticketPeriod(Number(month[1]), Number(month[2]))
    : year
      ? ticketPeriod(Number(year[1]))
      : {};
  const canWrite = can(user, 'write', 'intake');
  const [{ tickets, names, hasMore }, arriving] = await Promise.all([
    listTickets(scope, { page, ...range }),
    canWrite && page === 1 ? arrivingDeliveries(scope) : Promise.resolve([]),
  ]);
  return {
    canWrite,
    period: month?.[0] ?? year?.[0] ?? null,
    arriving,
    page,
    hasMore,
    tickets: tickets.map((tk) => ({
      ...tk,
      plant: names[tk.plantOrgId] ?? '—',
      supplier: names[tk.supplierOrgId] ?? '—',
    })),
  };
}

export const handle: PageHandle = { words: ['plant'], scripts: false, title: 'intake.title' };

export default function IntakeListPage() {
  const { tickets, arriving, canWrite, page, hasMore, period } = useLoaderData<typeof loader>();
  const { t, lng } = useTranslation();
  const kg = (v: number) => formatWeight(lng, v, 'kg', 'kg');
  return (
    <>
      <h1>
        {t('intake.title')}
        {period ? ` · ${period}` : ''}
      </h1>
      {canWrite ? (
        <div className="actions">
          <Link to="/intake/new" className="button">
            {t('intake.new')}
          </Link>
          <Link to="/runs">{t('run.title')}</Link>
        </div>
      ) : null}
      {canWrite ? (
        <section className="card">
          <ArrivingList arriving={arriving} />
        </section>
      ) : null}
      <Table
        cards
        head={
          <tr>
            <th>{t('intake.number')}</th>
            <th>{t('intake.weighedAt')}</th>
            <th>{t('intake.supplier')}</th>
            <th>{t('intake.product')}</th>
            <th className="num">{t('intake.netKg')}</th>
            <th className="num">{t('intake.payable')}</th>
            <th className="num">{t('intake.shrinkage')}</th>
            <th>{t('intake.kind')}</th>
          </tr>
        }
      >
        {tickets.length === 0 ? <EmptyRow colSpan={8} /> : null}
        {tickets.map((tk) => (
          <tr key={tk.id}>
            <Cell label={t('intake.number')}>
              <Link to={`/intake/${tk.id}`}>{tk.number}</Link>
            </Cell>
            <Cell label={t('intake.weighedAt')}>{formatDateTime(lng, tk.weighedAt)}</Cell>
            <Cell label={t('intake.supplier')}>{tk.supplier}</Cell>
            <Cell label={t('intake.product')}>{tk.productName}</Cell>
            <Cell label={t('intake.netKg')} num>
              {kg(tk.netKg)}
            </Cell>
            <Cell label={t('intake.payable')} num>
              {kg(tk.payableKg)}
            </Cell>
            <Cell label={t('intake.shrinkage')} num>
              {kg(tk.shrinkageKg)}
            </Cell>
            <Cell label={t('intake.kind')}>
              {t(`intake.kinds.${tk.kind}`)}
              {tk.feeFen ? ` · ${t('intake.fee')} ${formatMoney(lng, tk.feeFen)}` : ''}
            </Cell>
          </tr>
        ))}
      </Table>
      <Pager page={page} hasMore={hasMore} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
