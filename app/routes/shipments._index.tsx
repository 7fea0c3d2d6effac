// 冷链运输: the carrier's shipments (in transit first, with their latest reading and open
// excursions), the consignee's and the sender's, the town's for officials.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { listShipments, SHIPMENT_STATUSES } from '#models/coldchain';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { formatDateTime, formatNumber } from '~/utils/format';
import type { PageHandle } from '~/utils/page-handle';
import { can, requirePermission } from '~/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'shipment');
  const url = new URL(request.url);
  const status = SHIPMENT_STATUSES.find((s) => s === url.searchParams.get('status'));
  const [moving, all] = await Promise.all([
    status ? Promise.resolve({ rows: [], more: false }) : listShipments(scope, { status: 'in_transit' }),
    listShipments(scope, { status }),
  ]);
  return {
    moving: moving.rows,
    rows: all.rows,
    more: all.more,
    status: status ?? null,
    canWrite: can(user, 'write', 'shipment'),
    alerts: can(user, 'read', 'alert'),
  };
}

export const handle: PageHandle = { words: ['coldchain'], scripts: false, title: 'shipment.title' };

export default function ShipmentsPage() {
  const { moving, rows, canWrite, status, alerts } = useLoaderData<typeof loader>();
  const { t, lng } = useTranslation();
  const temp = (v: number | null) => (v === null ? '—' : `${formatNumber(lng, v, 1)} °C`);
  return (
    <>
      <h1>{t('shipment.title')}</h1>
      <div className="actions">
        {canWrite ? (
          <Link to="/shipments/new" className="button">
            {t('shipment.new')}
          </Link>
        ) : null}
        {alerts ? <Link to="/alerts">{t('nav.alerts')}</Link> : null}
      </div>
      {status ? null : (
        <>
          <h2 id="in-transit">{t('shipment.inTransit')}</h2>
          {moving.length === 0 ? (
            <p className="muted">{t('shipment.noneInTransit')}</p>
          ) : (
            <ul className="tap-list" aria-labelledby="in-transit" data-list="in-transit">
              {moving.map((s) => (
                <li key={s.id}>
                  <Link to={`/shipments/${s.code}`}>
                    <strong>{s.code}</strong> · {s.productName} · {s.vehiclePlate}
                    {s.summary.openExcursion ? (
                      <span className="badge flag"> {t('shipment.openExcursion')}</span>
                    ) : null}
                    <span className="muted">
                      {t('shipment.latest', {
                        temp: temp(s.summary.lastTempC),
                        at: formatDateTime(lng, s.summary.lastAt),
                      })}{' '}
                      · {s.consignee}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <h2>{t('shipment.all')}</h2>
      <Table
        cards
        head={
          <tr>
            <th>{t('shipment.status')}</th>
            <th>{t('shipment.code')}</th>
            <th>{t('shipment.product')}</th>
            <th>{t('shipment.plannedDeparture')}</th>
            <th>{t('shipment.consignee')}</th>
            <th>{t('shipment.compliance')}</th>
          </tr>
        }
      >
        {rows.length === 0 ? <EmptyRow colSpan={6} /> : null}
        {rows.map((s) => (
          <tr key={s.id}>
            <Cell label={t('shipment.status')} status>
              {t(`shipment.statuses.${s.status}`)}
            </Cell>
            <Cell label={t('shipment.code')}>
              <Link to={`/shipments/${s.code}`}>{s.code}</Link>
            </Cell>
            <Cell label={t('shipment.product')}>
              {s.productName} · {s.vehiclePlate}
            </Cell>
            <Cell label={t('shipment.plannedDeparture')}>{formatDateTime(lng, s.plannedDepartureAt)}</Cell>
            <Cell label={t('shipment.consignee')}>{s.consignee}</Cell>
            <Cell label={t('shipment.compliance')}>
              {s.summary.readings === 0
                ? t('shipment.noReadings')
                : s.summary.compliant
                  ? t('shipment.kept')
                  : s.summary.excursions
                    ? t('shipment.excursionCount', { count: s.summary.excursions })
                    : t('shipment.notKept')}
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
