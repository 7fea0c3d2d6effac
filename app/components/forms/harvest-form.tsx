import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { FormErrors, SelectField, TextAreaField, TextField } from '~/components/ui/form';
import { useZodForm } from '~/components/ui/use-zod-form';
import { GRADES, WEIGHT_UNITS } from '~/domain/planting';
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
  const { t } = useTranslation();
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
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}
