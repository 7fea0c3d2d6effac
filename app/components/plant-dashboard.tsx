// The dashboard's section on the processing plants: the year's intake, the average yield and
// the runs to check, then the tables (each with its drill-down and export).
import { Link } from '@remix-run/react';
import { FigureTableView } from '~/components/figure-table';
import type { FigureTable } from '~/utils/dashboard-tables.server';
import { useTranslation } from '~/i18n/react';
import { formatNumber, formatWeight } from '~/utils/format';

export function PlantSection({
  year,
  figures,
  tables,
  exportQuery,
}: {
  year: number;
  figures: { intakeKg: number; tickets: number; yieldPct: number | null; flagged: number };
  tables: FigureTable[];
  exportQuery: string;
}) {
  const { t, lng } = useTranslation();
  const table = (id: string) => tables.find((x) => x.id === id)!;
  return (
    <section aria-labelledby="plants">
      <h2 id="plants">{t('dashboard.plantSection')}</h2>
      <p className="muted small">{t('dashboard.plantSectionHint')}</p>
      <ul className="stat-cards work">
        <li className="stat">
          <Link to="/intake">
            <span className="muted">{t('dashboard.plantIntakeYear', { year: String(year) })}</span>
            <span className="value" data-plant-intake>
              {formatWeight(lng, figures.intakeKg, 'kg', 'kg')}
            </span>
            <span className="muted">{t('plantHome.tickets', { count: figures.tickets })}</span>
          </Link>
        </li>
        <li className="stat">
          <Link to="/runs">
            <span className="muted">{t('dashboard.plantYield')}</span>
            <span className="value" data-plant-yield>
              {figures.yieldPct === null ? '—' : `${formatNumber(lng, figures.yieldPct)}%`}
            </span>
          </Link>
        </li>
        <li className="stat">
          <Link to="/runs">
            <span className="muted">{t('dashboard.plantFlaggedCount')}</span>
            <span className={figures.flagged ? 'value flag' : 'value'}>{figures.flagged}</span>
          </Link>
        </li>
      </ul>
      <FigureTableView table={table('plant-intake-by-month')} exportQuery={exportQuery} open />
      <FigureTableView table={table('plant-intake-by-supplier')} exportQuery={exportQuery} />
      <FigureTableView table={table('plant-output')} exportQuery={exportQuery} open />
      <FigureTableView table={table('plant-flagged')} exportQuery={exportQuery} />
      <FigureTableView table={table('plant-stock')} exportQuery={exportQuery} />
    </section>
  );
}
