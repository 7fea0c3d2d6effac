import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { FormErrors, SelectField, TextAreaField, TextField } from '~/components/ui/form';
import { useZodForm } from '~/components/ui/use-zod-form';
import { GRADES, toKg, WEIGHT_UNITS, type WeightUnit } from '~/domain/planting';
import { formatNumber } from '~/utils/format';
import type { HarvestSchema } from '~/schemas/planting';
import { todayInShanghai } from '~/utils/dates';
import { FormGuard, SubmitButton } from '~/components/ui/submit';

export function HarvestForm({
  lastResult,
  defaultValue,
  action,
  submitLabel,
  focusQuantity = false,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Record<string, unknown>;
  action?: string;
  submitLabel: string;
  /** The quantity is all there is to type: the keyboard comes up for it at once. */
  focusQuantity?: boolean;
}) {
  const { t, lng } = useTranslation();
  const [form, fields] = useZodForm<typeof HarvestSchema>(
    'harvest',
    lastResult,
    defaultValue ?? { unit: 'kg', grade: 'mixed' },
  );
  return (
    <Form method="post" action={action} className="card" {...getFormProps(form)}>
      <FormGuard form={form.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid">
        <TextField
          meta={fields.harvestedOn}
          label={t('harvest.harvestedOn')}
          type="date"
          max={todayInShanghai()}
        />
        <TextField
          meta={fields.quantity}
          label={t('harvest.quantity')}
          type="number"
          inputMode="decimal"
          step="any"
          min="0"
          autoFocus={focusQuantity}
        />
        <SelectField
          meta={fields.unit}
          label={t('harvest.unit')}
          options={WEIGHT_UNITS.map((u) => ({ value: u, label: t(`harvest.unitOptions.${u}`) }))}
        />
        <SelectField
          meta={fields.grade}
          label={t('harvest.grade')}
          options={GRADES.map((g) => ({ value: g, label: t(`harvest.grades.${g}`) }))}
        />
      </div>
      <TextAreaField meta={fields.notes} label={t('planting.notes')} />
      {fields.quantity.errors?.some((e) => e.startsWith('harvest.confirmHigh')) ? (
        <ConfirmHigh quantity={fields.quantity.value} unit={fields.unit.value} lng={lng} />
      ) : null}
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}

/**
 * Asked once when a quantity is far beyond what the crop bears: the figure in words (a 100×
 * typo shows at a glance) and a button that saves exactly that figure.
 */
function ConfirmHigh({ quantity, unit, lng }: { quantity?: string; unit?: string; lng: 'zh' | 'en' }) {
  const { t } = useTranslation();
  const value = Number(String(quantity ?? '').replace(/,/g, ''));
  const u = (WEIGHT_UNITS as readonly string[]).includes(unit ?? '') ? (unit as WeightUnit) : 'kg';
  if (!(value > 0)) return null;
  const words = new Intl.NumberFormat(lng === 'zh' ? 'zh-CN' : 'en', {
    notation: 'compact',
    compactDisplay: 'long',
    maximumFractionDigits: 2,
  }).format(value);
  const unitName = t(`harvest.unitOptions.${u}`);
  return (
    <div className="confirm-high" role="alert">
      <p>
        {t('harvest.confirmWords', {
          words: `${words}${lng === 'zh' ? '' : ' '}${unitName}`,
          tonnes: formatNumber(lng, toKg(value, u) / 1000, 1),
        })}
      </p>
      <SubmitButton name="confirmHigh" value="on" className="secondary">
        {t('harvest.confirmSave', { qty: `${formatNumber(lng, value, 3)} ${unitName}` })}
      </SubmitButton>
    </div>
  );
}
