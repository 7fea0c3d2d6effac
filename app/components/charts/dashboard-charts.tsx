// The dashboard's charts (recharts). Only the dashboard imports this module, so only its page
// loads the charting library. Every chart is drawn in the browser (recharts measures the DOM),
// fits a 360 px screen (short axis labels, legend below), names itself for screen readers,
// and stands beside a table of the same numbers. A click on a bar or point opens its records.
import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from '@remix-run/react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTranslation } from '~/i18n/react';
import { formatNumber } from '~/utils/format';

export const PALETTE = ['#2f6b3a', '#c7782a', '#3b6ea8', '#8a4f9e', '#b23b3b', '#5b8c85', '#7a7a2a'];

export interface Series {
  key: string;
  name: string;
  color?: string;
  kind?: 'bar' | 'line';
  axis?: 'left' | 'right';
  dashed?: boolean;
}

type Row = Record<string, string | number | null>;

function useMounted() {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

function Frame({ label, height, children }: { label: string; height: number; children: ReactNode }) {
  const mounted = useMounted();
  const { t } = useTranslation();
  return (
    <div className="chart" style={{ width: '100%', height }} role="img" aria-label={label}>
      {mounted ? (
        <ResponsiveContainer>{children as never}</ResponsiveContainer>
      ) : (
        // without JavaScript this is what stays: the table below holds the same figures
        <p className="muted">{t('dashboard.chartNoScript')}</p>
      )}
    </div>
  );
}

/** Short numbers for a narrow axis: 12,000 → 1.2万 (zh) or 12k (en). */
function useShort() {
  const { lng } = useTranslation();
  return (v: number) => {
    const a = Math.abs(v);
    if (lng === 'zh') return a >= 10_000 ? `${formatNumber(lng, v / 10_000, 1)}万` : formatNumber(lng, v, 0);
    return a >= 1_000 ? `${formatNumber(lng, v / 1_000, 1)}k` : formatNumber(lng, v, 0);
  };
}

/**
 * Bars (stacked when `stacked`) and lines over a category axis, with an optional target line.
 * `linkOf` gives the records behind a category (a click on its bar or point opens them).
 */
export function ComboChart({
  label,
  data,
  xKey,
  series,
  stacked = false,
  target,
  linkOf,
  height = 260,
  unit,
}: {
  label: string;
  data: Row[];
  xKey: string;
  series: Series[];
  stacked?: boolean;
  target?: { value: number; label: string };
  linkOf?: (row: Row) => string | null;
  height?: number;
  unit?: string;
}) {
  const navigate = useNavigate();
  const short = useShort();
  const { lng } = useTranslation();
  const open = (payload: unknown) => {
    const row = (payload as { payload?: Row })?.payload;
    const to = row && linkOf?.(row);
    if (to) navigate(to);
  };
  const right = series.some((s) => s.axis === 'right');
  const onlyLines = series.every((s) => s.kind === 'line');
  const Chart = onlyLines ? LineChart : series.every((s) => s.kind !== 'line') ? BarChart : ComposedChart;
  return (
    <Frame label={label} height={height}>
      <Chart data={data} margin={{ top: 8, right: right ? 4 : 12, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey={xKey}
          fontSize={11}
          interval={data.length <= 8 ? 0 : 'preserveStartEnd'}
          tickMargin={4}
          // long names (buyers) are cut on a narrow axis; the tooltip and the table have them whole
          tickFormatter={(v: string) => (String(v).length > 7 ? `${String(v).slice(0, 6)}…` : String(v))}
        />
        <YAxis
          yAxisId="left"
          fontSize={11}
          width={44}
          tickFormatter={short}
          allowDecimals={false}
          // the target line stays in view however far the figures are from it
          domain={target ? [0, (max: number) => Math.ceil(Math.max(max, target.value * 1.05))] : undefined}
        />
        {right ? (
          <YAxis
            yAxisId="right"
            orientation="right"
            fontSize={11}
            width={44}
            tickFormatter={short}
            allowDecimals={false}
          />
        ) : null}
        <Tooltip
          formatter={(v) => `${formatNumber(lng, Number(v), 2)}${unit ? ` ${unit}` : ''}`}
          wrapperStyle={{ fontSize: 12 }}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {target ? (
          <ReferenceLine
            yAxisId="left"
            y={target.value}
            stroke="#b23b3b"
            strokeDasharray="6 3"
            label={{ value: target.label, position: 'insideTopLeft', fontSize: 11, fill: '#b23b3b' }}
          />
        ) : null}
        {series.map((s, i) =>
          s.kind === 'line' ? (
            <Line
              key={s.key}
              yAxisId={s.axis ?? 'left'}
              type="monotone"
              dataKey={s.key}
              name={s.name}
              stroke={s.color ?? PALETTE[i % PALETTE.length]}
              strokeWidth={2}
              strokeDasharray={s.dashed ? '5 4' : undefined}
              dot={{ r: 2 }}
              activeDot={{
                r: 5,
                onClick: (_e: unknown, p: unknown) => open(p),
                cursor: linkOf ? 'pointer' : undefined,
              }}
              connectNulls={false}
              isAnimationActive={false}
            />
          ) : (
            <Bar
              key={s.key}
              yAxisId={s.axis ?? 'left'}
              dataKey={s.key}
              name={s.name}
              fill={s.color ?? PALETTE[i % PALETTE.length]}
              stackId={stacked ? 'stack' : undefined}
              onClick={(p) => open(p)}
              cursor={linkOf ? 'pointer' : undefined}
              isAnimationActive={false}
            />
          ),
        )}
      </Chart>
    </Frame>
  );
}
