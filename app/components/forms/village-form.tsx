import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { FormErrors, TextField } from '~/components/ui/form';
import { useZodForm } from '~/components/ui/use-zod-form';
import type { VillageSchema } from '~/schemas/master-data';
import { FormGuard, SubmitButton } from '~/components/ui/submit';

export function VillageForm({
  lastResult,
  defaultValue,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: { name: string; households: number };
}) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof VillageSchema>('village', lastResult, defaultValue);
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <FormGuard form={form.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.name} label={t('village.name')} />
      <TextField
        meta={fields.households}
        label={t('village.households')}
        type="number"
        inputMode="numeric"
        min={0}
      />
      <SubmitButton>{t('action.save')}</SubmitButton>
    </Form>
  );
}
