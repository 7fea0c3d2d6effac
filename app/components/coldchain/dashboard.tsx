// The dashboard's section on the cold chain: the year's share of trips kept in band, the trucks
// out of range now and the alerts that failed, then the tables (drill-down and export each).
import { Link } from '@remix-run/react';
import { FigureTableView } from '~/components/figure-table';
import type { FigureTable } from '~/utils/dashboard-tables.server';
import { useTranslation } from '~/i18n/react';
import { formatNumber } from '~/utils/format';

export function ColdSection({
  year,
  figures,
  tables,
  exportQuery,
}: {
  year: number;
  figures: { share: number | null; shipments: number; open: number; failed: number };
  tables: FigureTable[];
  exportQuery: string;
}) {
  const { t, lng } = useTranslation();
  const table = (id: string) => tables.find((x) => x.id === id)!;
  return (
    <section aria-labelledby="cold-chain">
      <h2 id="cold-chain">{t('dashboard.coldSection')}</h2>
      <p className="muted small">{t('dashboard.coldSectionHint')}</p>
      <ul className="stat-cards work">
        <li className="stat">
          <Link to="/shipments">
            <span className="muted">{t('dashboard.coldShareYear', { year: String(year) })}</span>
            <span className="value" data-cold-share>
              {figures.share === null ? '—' : `${formatNumber(lng, figures.share, 1)}%`}
            </span>
            <span className="muted">{t('dashboard.coldTrips', { count: figures.shipments })}</span>
          </Link>
        </li>
        <li className="stat">
          <Link to="/shipments?status=in_transit">
            <span className="muted">{t('dashboard.coldOpen')}</span>
            <span className={figures.open ? 'value flag' : 'value'}>{figures.open}</span>
          </Link>
        </li>
        <li className="stat">
          <Link to="/outbox">
            <span className="muted">{t('dashboard.coldFailed')}</span>
            <span className={figures.failed ? 'value flag' : 'value'}>{figures.failed}</span>
          </Link>
        </li>
      </ul>
      <FigureTableView table={table('cold-compliance')} exportQuery={exportQuery} open />
      <FigureTableView table={table('cold-open')} exportQuery={exportQuery} />
      <FigureTableView table={table('cold-failed')} exportQuery={exportQuery} />
    </section>
  );
}
