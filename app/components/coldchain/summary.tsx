// What a judgment of the readings found, for the shipment's (and store's) page: first the verdict
// in words, then the figures a consignee needs before signing.
import { useTranslation } from '~/i18n/react';
import { formatDateTime, formatNumber } from '~/utils/format';

interface Excursion {
  start: string | Date;
  end: string | Date | null;
  minutes: number;
  direction: 'high' | 'low' | 'both';
  peakC: number;
}

export interface JudgmentView {
  readings: number;
  coveredMinutes: number;
  gapMinutes: number;
  gaps: { start: string | Date; end: string | Date; minutes: number }[];
  highMinutes: number;
  lowMinutes: number;
  excursions: Excursion[];
  budgetUsedAt: string | Date | null;
  minC: number | null;
  maxC: number | null;
  meanC: number | null;
  mktC: number | null;
  compliant: boolean;
}

export function bandText(band: { minC: number | null; maxC: number | null }) {
  const { minC, maxC } = band;
  if (minC !== null && maxC !== null) return `${minC}–${maxC} °C`;
  if (maxC !== null) return `≤ ${maxC} °C`;
  if (minC !== null) return `≥ ${minC} °C`;
  return '—';
}

export function ComplianceSummary({
  j,
  profile,
}: {
  j: JudgmentView;
  profile: {
    minC: number | null;
    maxC: number | null;
    toleranceMinutes: number;
    budgetMinutes: number | null;
    intervalMinutes: number;
  };
}) {
  const { t, lng } = useTranslation();
  const min = (v: number) => t('cold.minutes', { count: Math.round(v) });
  const c = (v: number | null) => (v === null ? '—' : `${formatNumber(lng, v, 2)} °C`);
  const verdict =
    j.readings === 0
      ? 'cold.verdictNoReadings'
      : j.compliant
        ? 'cold.verdictKept'
        : j.excursions.length
          ? 'cold.verdictExcursion'
          : j.budgetUsedAt
            ? 'cold.verdictBudget'
            : 'cold.verdictGaps';
  return (
    <section
      className={j.compliant ? 'card' : 'card warn'}
      aria-labelledby="cold-summary"
      data-compliance={j.compliant ? 'kept' : 'not-kept'}
    >
      <h2 id="cold-summary">{t('cold.summary')}</h2>
      <p className="lead">
        <strong>{t(verdict)}</strong>
        {' · '}
        {t('cold.band', { band: bandText(profile) })}
      </p>
      <dl className="props">
        <dt>{t('cold.readings')}</dt>
        <dd>{formatNumber(lng, j.readings, 0)}</dd>
        <dt>{t('cold.covered')}</dt>
        <dd>{min(j.coveredMinutes)}</dd>
        <dt>{t('cold.gaps')}</dt>
        <dd>
          {j.gaps.length
            ? `${min(j.gapMinutes)}（${t('cold.gapCount', { count: j.gaps.length })}）`
            : t('cold.none')}
        </dd>
        <dt>{t('cold.outHigh')}</dt>
        <dd>{min(j.highMinutes)}</dd>
        <dt>{t('cold.outLow')}</dt>
        <dd>{min(j.lowMinutes)}</dd>
        <dt>{t('cold.budget')}</dt>
        <dd>
          {profile.budgetMinutes === null
            ? t('cold.noBudget')
            : `${min(j.highMinutes + j.lowMinutes)} / ${min(profile.budgetMinutes)}${j.budgetUsedAt ? ` · ${t('cold.budgetUsed', { at: formatDateTime(lng, j.budgetUsedAt) })}` : ''}`}
        </dd>
        <dt>{t('cold.minMax')}</dt>
        <dd>
          {c(j.minC)} / {c(j.maxC)}
        </dd>
        <dt>{t('cold.mean')}</dt>
        <dd>{c(j.meanC)}</dd>
        <dt>
          <abbr title={t('cold.mktHint')}>{t('cold.mkt')}</abbr>
        </dt>
        <dd data-mkt>{c(j.mktC)}</dd>
      </dl>
      {j.excursions.length ? (
        <>
          <h3>{t('cold.excursions', { count: j.excursions.length })}</h3>
          <ul className="plain" data-list="excursions">
            {j.excursions.map((e) => (
              <li key={String(e.start)}>
                <span className="badge flag">{t(`cold.direction.${e.direction}`)}</span>{' '}
                {formatDateTime(lng, e.start)} – {e.end ? formatDateTime(lng, e.end) : t('cold.ongoing')} ·{' '}
                {min(e.minutes)} · {t('cold.peak', { value: c(e.peakC) })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {j.gaps.length ? (
        <details open={j.gaps.length <= 5}>
          <summary>
            {t('cold.gapList')} · {t('cold.gapCount', { count: j.gaps.length })}
          </summary>
          <ul className="plain" data-list="gaps">
            {j.gaps.slice(0, 50).map((g) => (
              <li key={String(g.start)}>
                {formatDateTime(lng, g.start)} – {formatDateTime(lng, g.end)} · {min(g.minutes)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <p className="hint">
        {t('cold.rules', {
          tolerance: min(profile.toleranceMinutes),
          interval: min(profile.intervalMinutes),
        })}
      </p>
    </section>
  );
}
