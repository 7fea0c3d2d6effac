// How a delivery's price and amount follow from its contract: the market price of its day,
// the rule that set the price (floor, market, market premium or agreed), the grade, the
// weight taken off for moisture and impurities, and the deposit credited.
import type { PriceSteps } from '~/domain/pricing';
import { useTranslation } from '~/i18n/react';
import { paren, formatDate, formatMoney, formatNumber, unitName, formatWeight } from '~/utils/format';
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
  steps,
}: {
  figures: Figures;
  unit: 'kg' | 'head';
  depositCreditFen?: number | null;
  /** how the price follows from the contract; without it, the market price and the rule's name */
  steps?: PriceSteps | null;
}) {
  const { t, lng } = useTranslation();
  const shownIn = useWeightUnit();
  const perUnit = (fen: number) => `${formatMoney(lng, fen)}/${unitName(lng, unit, 1)}`;
  if (steps) return <PriceStepList f={f} steps={steps} unit={unit} depositCreditFen={depositCreditFen} />;
  return (
    <dl className="props">
      <dt>{t(unit === 'head' ? 'delivery.headCount' : 'delivery.netWeight')}</dt>
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
          ? `${perUnit(f.marketFen)}${paren(lng, formatDate(lng, f.marketDay))}`
          : t('delivery.noMarket')}
      </dd>
      <dt>{t('delivery.unitPrice')}</dt>
      <dd>
        <strong>{perUnit(f.unitFen)}</strong>{' '}
        <span className="muted">{paren(lng, t(`delivery.sources.${f.source}`))}</span>
      </dd>
      <dt>{t('delivery.amount')}</dt>
      <dd>
        <strong>{formatMoney(lng, f.amountFen)}</strong>
      </dd>
      {depositCreditFen ? (
        <>
          <dt>{t('delivery.depositCredit')}</dt>
          <dd>
            −{formatMoney(lng, depositCreditFen)}
            {paren(lng, `${t('delivery.due')} ${formatMoney(lng, f.amountFen - depositCreditFen)}`)}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** Each step from the floor and the market to the amount, with its sign. */
function PriceStepList({
  f,
  steps: s,
  unit,
  depositCreditFen,
}: {
  f: Figures;
  steps: PriceSteps;
  unit: 'kg' | 'head';
  depositCreditFen?: number | null;
}) {
  const { t, lng } = useTranslation();
  const shownIn = useWeightUnit();
  const perUnit = (fen: number) => `${formatMoney(lng, fen)}/${unitName(lng, unit, 1)}`;
  const signed = (fen: number) => `${fen < 0 ? '−' : '+'}${perUnit(Math.abs(fen))}`;
  const grade = t(`harvest.grades.${f.grade}`);
  const market =
    s.marketFen === null || !f.marketDay
      ? t('delivery.noMarket')
      : t('delivery.steps.market', { price: perUnit(s.marketFen), date: formatDate(lng, f.marketDay) });
  const rule =
    s.market.kind === 'none'
      ? t('delivery.steps.ruleNone')
      : s.market.kind === 'premium' && s.ruledFen !== null
        ? t('delivery.steps.rulePremium', { percent: s.market.percent, price: perUnit(s.ruledFen) })
        : t('delivery.steps.ruleHigher');
  return (
    <>
      <dl className="props">
        <dt>{t(unit === 'head' ? 'delivery.headCount' : 'delivery.netWeight')}</dt>
        <dd>{formatWeight(lng, f.quantity, unit, shownIn)}</dd>
        <dt>{t('harvest.grade')}</dt>
        <dd>{grade}</dd>
      </dl>
      <ol className="price-steps" data-steps>
        <li data-step="floor">
          {s.gradeOwnPrice
            ? t('delivery.steps.floorGrade', { grade, price: perUnit(s.floorFen) })
            : t('delivery.steps.floor', { price: perUnit(s.floorFen) })}
        </li>
        <li data-step="market">
          {market}
          {lng === 'zh' ? '；' : '; '}
          {rule}
        </li>
        <li data-step="base">{t(`delivery.steps.base.${s.source}`, { price: perUnit(s.baseFen) })}</li>
        <li data-step="grade">
          {s.gradeAdjustFen !== null
            ? t('delivery.steps.gradeAdjust', { grade, amount: signed(s.gradeAdjustFen) })
            : s.gradeOwnPrice
              ? t('delivery.steps.gradeOwn', { grade })
              : t('delivery.steps.gradeNone', { grade })}
          {' → '}
          <strong>{t('delivery.steps.unit', { price: perUnit(s.unitFen) })}</strong>
          {/* a clerk who weighs in 斤 reads the price per 斤 too (the contract's terms stay per kg) */}
          {unit === 'kg' && shownIn === 'jin'
            ? paren(lng, t('delivery.steps.perJin', { price: formatNumber(lng, s.unitFen / 200, 3) }))
            : null}
        </li>
        {unit === 'kg' ? (
          <li data-step="deduction">
            {t('delivery.steps.deduction', {
              moisture: s.moisture.pct,
              moistureFree: s.moisture.free,
              impurity: s.impurity.pct,
              impurityFree: s.impurity.free,
              over: Math.round((s.moisture.over + s.impurity.over) * 100) / 100,
              qty: `−${formatWeight(lng, s.deductedQty, unit, shownIn)}`,
            })}
          </li>
        ) : null}
        <li data-step="amount">
          {t('delivery.steps.amount', {
            qty: formatWeight(lng, s.payableQty, unit, shownIn),
            price: perUnit(s.unitFen),
          })}{' '}
          <strong>{formatMoney(lng, f.amountFen)}</strong>
        </li>
        {depositCreditFen ? (
          <li data-step="deposit">
            {t('delivery.depositCredit')} −{formatMoney(lng, depositCreditFen)} → {t('delivery.due')}{' '}
            <strong>{formatMoney(lng, f.amountFen - depositCreditFen)}</strong>
          </li>
        ) : null}
      </ol>
    </>
  );
}
