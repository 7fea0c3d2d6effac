import { useEffect, useState } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTranslation } from '~/i18n/react';
import { formatDateTime, formatNumber } from '~/utils/format';

export interface ColdChartProps {
  points: { at: number; tempC: number }[];
  band: { minC: number | null; maxC: number | null };
  excursions: { start: number; end: number | null }[];
  gaps: { start: number; end: number }[];
  label: string;
}

/**
 * The readings against the allowed band (shaded green), excursions shaded red, gaps grey.
 * Rendered in the browser only (recharts measures the DOM); the table below holds the same figures.
 */
export function ColdChart({ points, band, excursions, gaps, label }: ColdChartProps) {
  const { lng } = useTranslation();
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted || points.length === 0) return <div style={{ height: 240 }} aria-hidden />;
  const temps = points.map((p) => p.tempC);
  const lo = Math.floor(Math.min(...temps, band.minC ?? Infinity) - 1);
  const hi = Math.ceil(Math.max(...temps, band.maxC ?? -Infinity) + 1);
  const last = points[points.length - 1]!.at;
  const time = (v: number) => formatDateTime(lng, new Date(v)).slice(5);
  return (
    <div style={{ width: '100%', height: 240 }} role="img" aria-label={label}>
      <ResponsiveContainer>
        <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="at"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={time}
            fontSize={11}
            minTickGap={40}
          />
          <YAxis
            domain={[lo, hi]}
            fontSize={11}
            width={36}
            tickFormatter={(v: number) => formatNumber(lng, v, 1)}
          />
          <ReferenceArea
            y1={band.minC ?? lo}
            y2={band.maxC ?? hi}
            fill="#2f6b3a"
            fillOpacity={0.1}
            ifOverflow="hidden"
          />
          {gaps.map((g) => (
            <ReferenceArea key={`g${g.start}`} x1={g.start} x2={g.end} fill="#888" fillOpacity={0.25} />
          ))}
          {excursions.map((e) => (
            <ReferenceArea
              key={`e${e.start}`}
              x1={e.start}
              x2={e.end ?? last}
              fill="#b3261e"
              fillOpacity={0.18}
            />
          ))}
          <Tooltip
            labelFormatter={(v) => formatDateTime(lng, new Date(Number(v)))}
            formatter={(v) => `${formatNumber(lng, Number(v), 2)} °C`}
          />
          <Line
            type="stepAfter"
            dataKey="tempC"
            stroke="#1f4e79"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
