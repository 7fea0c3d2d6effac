// The cold-chain record beside a delivery: each truck that carried its lots and whether the load
// stayed in its band (the shipment's page has the chart). Few words: the delivery page is a form
// page and carries the common words only.
import { Link } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { formatNumber } from '~/utils/format';

export interface DeliveryShipment {
  code: string;
  vehiclePlate: string;
  band: { minC: number | null; maxC: number | null };
  summary: { readings: number; compliant: boolean; excursions: number; mktC: number | null };
}

export function ColdChainCard({ shipments }: { shipments: DeliveryShipment[] }) {
  const { t, lng } = useTranslation();
  if (!shipments.length) return null;
  return (
    <section className="card" aria-labelledby="cold-record" data-cold-record>
      <h2 id="cold-record">{t('coldRecord.title')}</h2>
      <ul className="plain">
        {shipments.map((s) => (
          <li key={s.code}>
            <Link to={`/shipments/${s.code}`}>{s.code}</Link> · {s.vehiclePlate} ·{' '}
            <strong>
              {s.summary.readings === 0
                ? t('coldRecord.noReadings')
                : s.summary.compliant
                  ? t('coldRecord.kept')
                  : s.summary.excursions
                    ? t('coldRecord.excursions', { count: s.summary.excursions })
                    : t('coldRecord.notKept')}
            </strong>
            {s.summary.mktC === null ? '' : ` · MKT ${formatNumber(lng, s.summary.mktC, 1)} °C`}
          </li>
        ))}
      </ul>
    </section>
  );
}
