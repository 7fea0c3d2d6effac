// A subject's readings: the chart against the band (excursions red, gaps grey) and the same
// figures as a table, for a shipment's page and a store's.
import { lazy, Suspense } from 'react';
import { Cell, Table } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { formatDateTime, formatNumber } from '~/utils/format';
import { bandText, type JudgmentView } from './summary';

// recharts is fetched once the page is up: the page's own script stays a form page's size
const ColdChart = lazy(() =>
  import('~/components/charts/cold-chart').then((m) => ({ default: m.ColdChart })),
);

export function ColdReadings({
  judgment,
  chart,
  table,
  total,
  band,
}: {
  judgment: JudgmentView;
  chart: { at: number; tempC: number }[];
  table: { at: string | Date; tempC: number; humidity: number | null }[];
  total: number;
  band: { minC: number | null; maxC: number | null };
}) {
  const { t, lng } = useTranslation();
  const ms = (d: string | Date) => new Date(d).getTime();
  const c = (v: number | null) => (v === null ? '—' : `${formatNumber(lng, v, 2)} °C`);
  return (
    <section aria-labelledby="chart-title">
      <h2 id="chart-title">{t('cold.chart')}</h2>
      <Suspense fallback={<div style={{ height: 240 }} aria-hidden />}>
        <ColdChart
          points={chart}
          band={band}
          excursions={judgment.excursions.map((e) => ({ start: ms(e.start), end: e.end ? ms(e.end) : null }))}
          gaps={judgment.gaps.map((g) => ({ start: ms(g.start), end: ms(g.end) }))}
          label={t('cold.chartLabel', { band: bandText(band) })}
        />
      </Suspense>
      <p className="hint">{t('cold.chartHint')}</p>
      <details>
        <summary>{t('cold.table', { count: total, shown: table.length })}</summary>
        <Table
          head={
            <tr>
              <th>{t('reading.at')}</th>
              <th className="num">{t('reading.tempC')}</th>
              <th className="num">{t('reading.humidity')}</th>
            </tr>
          }
        >
          {table.map((r) => (
            <tr key={ms(r.at)}>
              <Cell label={t('reading.at')}>{formatDateTime(lng, r.at)}</Cell>
              <Cell label={t('reading.tempC')} num>
                {c(r.tempC)}
              </Cell>
              <Cell label={t('reading.humidity')} num>
                {r.humidity === null ? '—' : `${formatNumber(lng, r.humidity, 1)}%`}
              </Cell>
            </tr>
          ))}
        </Table>
      </details>
    </section>
  );
}
