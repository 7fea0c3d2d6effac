import { useEffect, useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from '~/i18n/react';
import { formatNumber, formatQuantity } from '~/utils/format';

/** Month-end head counts. Rendered in the browser only (recharts measures the DOM). */
export function HerdHistoryChart({
  data,
  label,
}: {
  data: { month: string; head: number }[];
  label: string;
}) {
  const { t, lng } = useTranslation();
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted || data.length === 0) return <div style={{ height: 220 }} aria-hidden />;
  return (
    <div style={{ width: '100%', height: 220 }} role="img" aria-label={label}>
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" fontSize={12} />
          <YAxis
            allowDecimals={false}
            fontSize={12}
            width={56}
            tickFormatter={(v: number) => formatNumber(lng, v, 0)}
          />
          <Tooltip formatter={(v) => formatQuantity(lng, Number(v), 'head')} />
          <Line
            type="stepAfter"
            dataKey="head"
            name={t('herd.headCount')}
            stroke="#2f6b3a"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
