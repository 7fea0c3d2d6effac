// How a delivery's price and amount follow from its contract: the market price of its day,
// the rule that set the price (floor, market, market premium or agreed), the grade, the
// weight taken off for moisture and impurities, and the deposit credited.
import { useTranslation } from '~/i18n/react';
import { formatDate, formatMoney, unitName, formatWeight } from '~/utils/format';
import { useWeightUnit } from '~/utils/use-weight-unit';

export interface Figures {
  quantity: number;
  grade: string;
  moisturePct: number;
  impurityPct: number;
  marketFen: number | null;
  marketDay: string | null;
  source: string;
  unitFen: number;
  deductedQty: number;
  payableQty: number;
  amountFen: number;
}

export function PriceBreakdown({
  figures: f,
  unit,
  depositCreditFen,
}: {
  figures: Figures;
  unit: 'kg' | 'head';
  depositCreditFen?: number | null;
}) {
  const { t, lng } = useTranslation();
  const shownIn = useWeightUnit();
  const perUnit = (fen: number) => `${formatMoney(lng, fen)}/${unitName(lng, unit, 1)}`;
  return (
    <dl className="props">
      <dt>{t('delivery.netWeight')}</dt>
      <dd>{formatWeight(lng, f.quantity, unit, shownIn)}</dd>
      <dt>{t('harvest.grade')}</dt>
      <dd>{t(`harvest.grades.${f.grade}`)}</dd>
      {unit === 'kg' ? (
        <>
          <dt>{t('delivery.deducted')}</dt>
          <dd>
            {formatWeight(lng, f.deductedQty, unit, shownIn)}{' '}
            <span className="muted">
              {t('delivery.deductedText', { moisture: f.moisturePct, impurity: f.impurityPct })}
            </span>
          </dd>
          <dt>{t('delivery.payableQty')}</dt>
          <dd>{formatWeight(lng, f.payableQty, unit, shownIn)}</dd>
        </>
      ) : null}
      <dt>{t('delivery.marketPrice')}</dt>
      <dd>
        {f.marketFen !== null && f.marketDay
          ? `${perUnit(f.marketFen)}（${formatDate(lng, f.marketDay)}）`
          : t('delivery.noMarket')}
      </dd>
      <dt>{t('delivery.unitPrice')}</dt>
      <dd>
        <strong>{perUnit(f.unitFen)}</strong>{' '}
        <span className="muted">（{t(`delivery.sources.${f.source}`)}）</span>
      </dd>
      <dt>{t('delivery.amount')}</dt>
      <dd>
        <strong>{formatMoney(lng, f.amountFen)}</strong>
      </dd>
      {depositCreditFen ? (
        <>
          <dt>{t('delivery.depositCredit')}</dt>
          <dd>
            −{formatMoney(lng, depositCreditFen)}（{t('delivery.due')}{' '}
            {formatMoney(lng, f.amountFen - depositCreditFen)}）
          </dd>
        </>
      ) : null}
    </dl>
  );
}
