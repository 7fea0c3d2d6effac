// Parts of the delivery page: what an adjustment changes, and the buyer's payment form.
import { Form } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { ConfirmField, FormErrors, SelectField, TextField } from '~/components/ui/form';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm, type resultFor } from '~/components/ui/use-zod-form';
import { PAYMENT_METHODS } from '~/domain/delivery';
import { useTranslation } from '~/i18n/react';
import type { PaymentSchema } from '~/schemas/delivery';
import { formatMoney, formatWeight } from '~/utils/format';
import { useWeightUnit } from '~/utils/use-weight-unit';

/** What an adjustment changes against the seller's figures, in the reader's unit and in 元, with signs. */
export function Difference({
  from,
  to,
  unit,
}: {
  from: { payableQty: number; amountFen: number };
  to: { payableQty: number; amountFen: number };
  unit: 'kg' | 'head';
}) {
  const { t, lng } = useTranslation();
  const shownIn = useWeightUnit();
  const sign = (v: number) => (v > 0 ? '+' : v < 0 ? '−' : '±');
  const qty = to.payableQty - from.payableQty;
  const fen = to.amountFen - from.amountFen;
  return (
    <p className="difference" data-difference>
      {t('delivery.difference', {
        qty: `${sign(qty)}${formatWeight(lng, Math.abs(qty), unit, shownIn)}`,
        amount: `${sign(fen)}${formatMoney(lng, Math.abs(fen))}`,
      })}
    </p>
  );
}

export function PaymentForm({
  owedFen,
  today,
  result,
}: {
  owedFen: number;
  today: string;
  result: ReturnType<typeof resultFor>;
}) {
  const { t } = useTranslation();
  const [payForm, payFields] = useZodForm<typeof PaymentSchema>('pay', result, {
    amountYuan: String(owedFen / 100),
    paidOn: today,
    method: 'bank',
  });
  return (
    <section className="card">
      <h2>{t('payment.record')}</h2>
      <Form method="post" {...getFormProps(payForm)}>
        <FormGuard form="pay" />
        <FormErrors id={payForm.errorId} errors={payForm.errors} />
        <TextField meta={payFields.amountYuan} label={t('payment.amountYuan')} inputMode="decimal" />
        <TextField meta={payFields.paidOn} label={t('payment.paidOn')} type="date" />
        <SelectField
          meta={payFields.method}
          label={t('payment.method')}
          options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`payment.methods.${m}`) }))}
        />
        <TextField meta={payFields.reference} label={t('payment.reference')} autoComplete="off" />
        <ConfirmField meta={payFields.confirmRepeat} label={t('payment.confirmRepeat')} />
        <SubmitButton name="intent" value="pay">
          {t('payment.record')}
        </SubmitButton>
      </Form>
    </section>
  );
}
