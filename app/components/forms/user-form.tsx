import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { FormErrors, SelectField, TextField, type Option } from '~/components/ui/form';
import { useZodForm } from '~/components/ui/use-zod-form';
import type { UserCreateSchema } from '~/schemas/master-data';
import { ROLES } from '~/schemas/roles';
import { FormGuard, SubmitButton } from '~/components/ui/submit';

export function UserForm({
  lastResult,
  defaultValue,
  organizations,
  isNew,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Record<string, unknown>;
  organizations: Option[];
  isNew: boolean;
}) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof UserCreateSchema>('user', lastResult, defaultValue);
  return (
    <Form method="post" className="card" autoComplete="off" {...getFormProps(form)}>
      <FormGuard form={form.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid">
        <TextField meta={fields.username} label={t('user.username')} autoComplete="off" />
        <TextField meta={fields.displayName} label={t('user.displayName')} />
        <SelectField
          meta={fields.role}
          label={t('user.role')}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
        <SelectField meta={fields.orgId} label={t('user.org')} options={organizations} />
        <TextField
          meta={fields.password}
          label={isNew ? t('user.password') : t('user.newPassword')}
          type="password"
          autoComplete="new-password"
        />
      </div>
      <SubmitButton>{t('action.save')}</SubmitButton>
    </Form>
  );
}
