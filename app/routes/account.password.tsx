import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { revokeUserSessions } from '#models/session';
import { changeOwnPassword, verifyPassword } from '#models/user';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, TextField } from '~/components/ui/form';
import { ChangePasswordSchema } from '~/schemas/master-data';
import { actorOf, requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseForm, saveForm } from '~/utils/forms.server';
import { FormGuard, SubmitButton } from '~/components/ui/submit';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { formData, submission } = await parseForm(request, ChangePasswordSchema);
  if (submission.status !== 'success') return invalid(submission);
  if (!(await verifyPassword(user.id, submission.value.currentPassword))) {
    return invalid(submission, { currentPassword: ['auth.wrongCurrent'] });
  }
  const saved = await saveForm(submission, () =>
    changeOwnPassword(user.id, submission.value.newPassword, actorOf(user, formData)),
  );
  if (!saved.ok) return saved.response;
  await revokeUserSessions(user.id, user.sessionId);
  return redirectWithFlash('/', 'auth.passwordChanged');
}

export default function ChangePasswordPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: 'change-password',
    lastResult: actionData?.result,
    constraint: getZodConstraint(ChangePasswordSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
    shouldRevalidate: 'onBlur',
  });
  return (
    <div className="narrow">
      <h1>{t('nav.changePassword')}</h1>
      <Form method="post" className="card" {...getFormProps(form)}>
        <FormGuard form={form.id} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField
          meta={fields.currentPassword}
          label={t('auth.currentPassword')}
          type="password"
          autoComplete="current-password"
        />
        <TextField
          meta={fields.newPassword}
          label={t('auth.newPassword')}
          type="password"
          autoComplete="new-password"
        />
        <TextField
          meta={fields.confirmPassword}
          label={t('auth.confirmPassword')}
          type="password"
          autoComplete="new-password"
        />
        <SubmitButton>{t('action.save')}</SubmitButton>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
