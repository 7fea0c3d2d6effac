import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { FormErrors, SelectField, TextAreaField, TextField, type Option } from '~/components/ui/form';
import { useZodForm } from '~/components/ui/use-zod-form';
import type { PlantingSchema } from '~/schemas/planting';
import { todayInShanghai } from '~/utils/dates';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useLanguage } from '~/utils/use-language';

export function PlantingForm({
  lastResult,
  defaultValue,
  villages,
  crops,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Record<string, unknown>;
  villages: Option[];
  crops: Array<Option & { labelEn?: string }>;
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const cropOptions = crops.map((c) => ({
    value: c.value,
    label: lng === 'en' && c.labelEn ? c.labelEn : c.label,
  }));
  const [form, fields] = useZodForm<typeof PlantingSchema>('planting', lastResult, defaultValue);
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <FormGuard form={form.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid">
        <SelectField meta={fields.villageId} label={t('planting.village')} options={villages} />
        <SelectField meta={fields.productId} label={t('planting.crop')} options={cropOptions} />
        <TextField
          meta={fields.areaMu}
          label={t('planting.areaMu')}
          type="number"
          inputMode="decimal"
          step="any"
          min="0"
        />
        <TextField
          meta={fields.households}
          label={t('planting.households')}
          type="number"
          inputMode="numeric"
          min="1"
        />
        <TextField
          meta={fields.plantedOn}
          label={t('planting.plantedOn')}
          type="date"
          max={todayInShanghai()}
        />
        <TextField
          meta={fields.expectedHarvestOn}
          label={t('planting.expectedHarvestOn')}
          hint={t('planting.expectedHarvestHint')}
          type="date"
        />
        <TextField meta={fields.season} label={t('planting.season')} type="number" inputMode="numeric" />
        <TextField meta={fields.plotName} label={t('planting.plotName')} />
      </div>
      <TextAreaField meta={fields.notes} label={t('planting.notes')} />
      <SubmitButton>{t('action.save')}</SubmitButton>
    </Form>
  );
}
