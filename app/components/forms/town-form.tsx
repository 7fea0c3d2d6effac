import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { FormErrors, TextField } from '~/components/ui/form';
import { useZodForm } from '~/components/ui/use-zod-form';
import type { TownSchema } from '~/schemas/master-data';
import { FormGuard, SubmitButton } from '~/components/ui/submit';

export function TownForm({
  lastResult,
  defaultValue,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Record<string, unknown>;
}) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof TownSchema>('town', lastResult, defaultValue);
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <FormGuard form={form.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.name} label={t('town.name')} />
      <TextField meta={fields.code} label={t('town.code')} placeholder="LFT" />
      <TextField meta={fields.county} label={t('town.county')} />
      <TextField
        meta={fields.countyCode}
        label={t('town.countyCode')}
        inputMode="numeric"
        placeholder="430822"
      />
      <SubmitButton>{t('action.save')}</SubmitButton>
    </Form>
  );
}
