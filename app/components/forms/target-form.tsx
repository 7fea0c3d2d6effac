import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { FormErrors, SelectField, TextAreaField, TextField, type Option } from '~/components/ui/form';
import { useZodForm } from '~/components/ui/use-zod-form';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { SCOPE_KINDS, TARGET_METRICS } from '~/domain/target';
import type { TargetSchema } from '~/schemas/target';

export type TargetFormValues = {
  title: string;
  metric: string;
  scopeKind: string;
  scopeId?: string;
  productId?: string;
  value: number;
  baseline: number;
  baselineOn: string;
  startOn: string;
  deadline: string;
  notes: string;
  pinned?: boolean;
};

export function TargetForm({
  lastResult,
  defaultValue,
  scopes,
  products,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: TargetFormValues;
  /** villages, bases and cooperatives, each labelled with its kind */
  scopes: Option[];
  products: Option[];
}) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof TargetSchema>('target', lastResult, defaultValue);
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <FormGuard form={form.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.title} label={t('target.name')} />
      <SelectField
        meta={fields.metric}
        label={t('target.metric')}
        options={TARGET_METRICS.map((m) => ({ value: m, label: t(`target.metrics.${m}`) }))}
      />
      <SelectField
        meta={fields.scopeKind}
        label={t('target.scopeKind')}
        options={SCOPE_KINDS.map((s) => ({ value: s, label: t(`target.scopes.${s}`) }))}
      />
      <SelectField meta={fields.scopeId} label={t('target.scopeId')} options={scopes} placeholder="—" />
      <SelectField meta={fields.productId} label={t('target.product')} options={products} placeholder="—" />
      <TextField meta={fields.value} label={t('target.value')} inputMode="decimal" />
      <TextField meta={fields.baseline} label={t('target.baseline')} inputMode="decimal" />
      <TextField meta={fields.baselineOn} label={t('target.baselineOn')} type="date" />
      <TextField meta={fields.startOn} label={t('target.startOn')} type="date" />
      <TextField meta={fields.deadline} label={t('target.deadline')} type="date" />
      <TextAreaField meta={fields.notes} label={t('target.notes')} />
      <label className="checkbox field">
        <input
          type="checkbox"
          name={fields.pinned.name}
          value="on"
          defaultChecked={fields.pinned.initialValue === 'on' || defaultValue?.pinned === true}
        />
        {t('target.pinned')}
      </label>
      <SubmitButton>{t('action.save')}</SubmitButton>
    </Form>
  );
}
