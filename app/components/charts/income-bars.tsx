// Average income per linked household by year, drawn on the server: the households page and
// the dashboard read the same bars.
import { useTranslation } from '~/i18n/react';
import { formatMoney } from '~/utils/format';

/**
 * Average income per linked household, year by year, as bars drawn on the server (the page
 * runs no script): read at a glance, each bar with its figure; a year without records says so
 * instead of drawing a zero.
 */
export function IncomeBars({
  years,
  caption,
}: {
  years: Array<{ year: number; households: number; avgFen: number }>;
  caption?: string;
}) {
  const { t, lng } = useTranslation();
  const top = Math.max(1, ...years.map((y) => (y.households > 0 ? y.avgFen : 0)));
  return (
    <figure className="income-bars card" aria-label={caption ?? t('hincome.trendChart')}>
      <figcaption>{caption ?? t('hincome.trendChart')}</figcaption>
      <ol>
        {years.map((y) => (
          <li key={y.year} data-year={y.year}>
            <span className="year">{y.year}</span>
            {y.households > 0 ? (
              <>
                <span className="bar" style={{ width: `${Math.max(2, (y.avgFen / top) * 100)}%` }} />
                <span className="value">{formatMoney(lng, y.avgFen)}</span>
              </>
            ) : (
              <span className="value muted">{t('hincome.noData')}</span>
            )}
          </li>
        ))}
      </ol>
    </figure>
  );
}
