import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { CheckboxGroup, FormErrors, SelectField, TextField, type Option } from '~/components/ui/form';
import { useZodForm } from '~/components/ui/use-zod-form';
import type { OrganizationSchema } from '~/schemas/master-data';
import { ENTERPRISE_LEVELS, SPECIES } from '~/schemas/roles';
import { WEIGHT_UNITS } from '~/domain/planting';
import { unitName } from '~/utils/format';
import { FormGuard, SubmitButton } from '~/components/ui/submit';

export function OrganizationForm({
  lastResult,
  defaultValue,
  types,
  villages,
  enterprises = [],
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Record<string, unknown>;
  types: string[];
  villages: Option[];
  /** the town's enterprises, which a plant may receive for */
  enterprises?: Option[];
}) {
  const { t, lng } = useTranslation();
  const [form, fields] = useZodForm<typeof OrganizationSchema>('organization', lastResult, defaultValue);
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <FormGuard form={form.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid">
        <SelectField
          meta={fields.type}
          label={t('org.type')}
          options={types.map((v) => ({ value: v, label: t(`orgType.${v}`) }))}
        />
        <TextField meta={fields.name} label={t('org.name')} />
        <TextField meta={fields.contactName} label={t('org.contactName')} />
        <TextField meta={fields.phone} label={t('org.phone')} type="tel" inputMode="tel" />
        <SelectField
          meta={fields.weightUnit}
          label={t('org.weightUnit')}
          hint={t('org.weightUnitHint')}
          options={WEIGHT_UNITS.map((u) => ({ value: u, label: unitName(lng, u) }))}
        />
      </div>
      <fieldset className="card">
        <legend>{t('orgType.cooperative')}</legend>
        <CheckboxGroup meta={fields.villageIds} label={t('org.villageIds')} options={villages} />
        <TextField
          meta={fields.memberHouseholds}
          label={t('org.memberHouseholds')}
          type="number"
          inputMode="numeric"
        />
      </fieldset>
      <fieldset className="card">
        <legend>{t('orgType.enterprise')}</legend>
        <SelectField
          meta={fields.level}
          label={t('org.level')}
          options={ENTERPRISE_LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))}
        />
      </fieldset>
      <fieldset className="card">
        <legend>{t('orgType.plant')}</legend>
        <TextField meta={fields.owner} label={t('org.owner')} />
        <SelectField
          meta={fields.servesOrgId}
          label={t('org.servesOrgId')}
          hint={t('org.servesOrgIdHint')}
          options={enterprises}
        />
        <CheckboxGroup
          meta={fields.tollProcessing}
          label={t('orgType.plant')}
          options={[{ value: 'on', label: t('org.tollProcessing') }]}
        />
      </fieldset>
      <fieldset className="card">
        <legend>{t('orgType.base')}</legend>
        <SelectField meta={fields.villageId} label={t('org.villageId')} options={villages} />
        <TextField meta={fields.site} label={t('org.site')} />
        <CheckboxGroup
          meta={fields.species}
          label={t('org.species')}
          options={SPECIES.map((s) => ({ value: s, label: t(`species.${s}`) }))}
        />
      </fieldset>
      <SubmitButton>{t('action.save')}</SubmitButton>
    </Form>
  );
}
