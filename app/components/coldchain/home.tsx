// The cold chain on a home page: the carrier's trucks on the road (latest reading, open
// excursions first), the consignee's loads on their way or waiting for its receipt.
import { Link } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { formatDateTime, formatNumber } from '~/utils/format';

interface Row {
  code: string;
  status: string;
  productName: string;
  vehiclePlate: string;
  consignee: string;
  plannedArrivalAt: string | Date | null;
  lastTempC: number | null;
  lastAt: string | Date | null;
  openExcursion: boolean;
  excursions: number;
}

export function ColdHome({ shipments, carrier }: { shipments: Row[]; carrier: boolean }) {
  const { t, lng } = useTranslation();
  if (!carrier && shipments.length === 0) return null;
  const rows = [...shipments].sort((a, b) => Number(b.openExcursion) - Number(a.openExcursion));
  return (
    <>
      <h2 id="cold-home">{t(carrier ? 'shipment.onTheRoad' : 'shipment.arriving')}</h2>
      {rows.length === 0 ? (
        <p className="muted">
          {t('shipment.noneInTransit')} <Link to="/shipments/new">{t('shipment.new')}</Link>
        </p>
      ) : (
        <ul className="tap-list" aria-labelledby="cold-home" data-list="cold-home">
          {rows.map((s) => (
            <li key={s.code}>
              <Link to={`/shipments/${s.code}`}>
                <strong>{s.code}</strong> · {t(`shipment.statuses.${s.status}`)}
                {s.openExcursion ? <span className="badge flag"> {t('shipment.openExcursion')}</span> : null}
                <span className="muted">
                  {s.productName} · {s.vehiclePlate}
                  {carrier ? ` · ${s.consignee}` : ''}
                  {s.lastAt
                    ? ` · ${t('shipment.latest', { temp: `${formatNumber(lng, s.lastTempC, 1)} °C`, at: formatDateTime(lng, s.lastAt) })}`
                    : ''}
                  {!carrier && s.plannedArrivalAt
                    ? ` · ${t('shipment.plannedArrival')} ${formatDateTime(lng, s.plannedArrivalAt)}`
                    : ''}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
