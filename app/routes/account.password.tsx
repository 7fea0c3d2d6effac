import { getFormProps } from '@conform-to/react';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { revokeUserSessions, changeOwnPassword, verifyPassword } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, TextField } from '~/components/ui/form';
import { useZodForm } from '~/components/ui/use-zod-form';
import { ChangePasswordSchema } from '~/schemas/master-data';
// Changing one's own password is the session's own business, like signing in (no role's
// permission; docs/decisions/0012): not a command.
// eslint-disable-next-line no-restricted-imports
import { actorOf, requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
// eslint-disable-next-line no-restricted-imports
import { invalid, parseForm, saveForm } from '~/utils/forms.server';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import type { PageHandle } from '~/utils/page-handle';

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

export const handle: PageHandle = { title: 'nav.changePassword' };

export default function ChangePasswordPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof ChangePasswordSchema>('change-password', actionData?.result);
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
