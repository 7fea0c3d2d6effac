import { getFormProps, getInputProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { FormErrors, SelectField, TextField, type Option } from '~/components/ui/form';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import type { HouseholdSchema } from '~/schemas/household';

/**
 * A household's register entry. Officials also set the flags and may name the cooperative;
 * a cooperative's clerk registers its own members (with their shares) and sees no flags.
 * Editing (`editing`) leaves memberships to their own form.
 */
export function HouseholdForm({
  lastResult,
  defaultValue,
  villages,
  cooperatives,
  official,
  editing = false,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Record<string, unknown>;
  villages: Option[];
  cooperatives: Option[];
  official: boolean;
  editing?: boolean;
}) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof HouseholdSchema>('household', lastResult, defaultValue);
  const lifted = getInputProps(fields.lifted, { type: 'checkbox' });
  const monitored = getInputProps(fields.monitored, { type: 'checkbox' });
  const num = { type: 'number' as const, inputMode: 'decimal' as const, step: 'any', min: 0 };
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <FormGuard form={form.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid">
        <SelectField meta={fields.villageId} label={t('household.village')} options={villages} />
        <TextField meta={fields.number} label={t('household.number')} autoComplete="off" />
        <TextField meta={fields.head} label={t('household.head')} autoComplete="off" />
        <TextField
          meta={fields.members}
          label={t('household.members')}
          type="number"
          inputMode="numeric"
          min={1}
        />
        <TextField
          meta={fields.phone}
          label={t('household.phone')}
          type="tel"
          inputMode="tel"
          autoComplete="off"
        />
      </div>
      {official ? (
        <fieldset className="field">
          <legend>{t('household.flags')}</legend>
          <label className="checkbox">
            <input {...lifted} key={lifted.key} />
            {t('household.lifted')}
          </label>
          <label className="checkbox">
            <input {...monitored} key={monitored.key} />
            {t('household.monitored')}
          </label>
          <small className="hint">{t('household.flagsHint')}</small>
        </fieldset>
      ) : null}
      {editing && official ? null : (
        <fieldset className="grid">
          <legend>{t('household.memberships')}</legend>
          {official ? (
            <SelectField meta={fields.orgId} label={t('household.cooperative')} options={cooperatives} />
          ) : null}
          <TextField meta={fields.joinedOn} label={t('household.joinedOn')} type="date" />
          <TextField meta={fields.cashYuan} label={t('household.cashYuan')} {...num} />
          <TextField meta={fields.landMu} label={t('household.landMu')} {...num} />
        </fieldset>
      )}
      <SubmitButton>{t('action.save')}</SubmitButton>
    </Form>
  );
}
