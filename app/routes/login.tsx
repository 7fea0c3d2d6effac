import { getFormProps } from '@conform-to/react';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useSearchParams } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { loginWait, recordFailedLogin, recordSuccessfulLogin, verifyLogin } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, TextField } from '~/components/ui/form';
import { useZodForm } from '~/components/ui/use-zod-form';
import { LoginSchema } from '~/schemas/master-data';
import { clientAddress, requireAnonymous, startSession } from '~/utils/auth.server';
import { invalid, parseForm } from '~/utils/forms.server';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const { submission } = await parseForm(request, LoginSchema);
  if (submission.status !== 'success') return invalid(submission);
  const { username, password, redirectTo } = submission.value;
  const address = clientAddress(context);

  // too soon after failures: refused before the password is even looked at
  const wait = await loginWait(username, address);
  if (wait) {
    const reply = submission.reply({
      formErrors: [`auth.wait|${JSON.stringify({ seconds: wait })}`],
      hideFields: ['password'],
    });
    return data({ result: reply }, { status: 429, headers: { 'Retry-After': String(wait) } });
  }
  const user = await verifyLogin(username, password);
  if (!user) {
    await recordFailedLogin(username, address);
    return invalid(submission, { '': ['auth.invalid'] });
  }
  const failures = await recordSuccessfulLogin(username, address);
  return startSession(request, user._id, redirectTo ?? '/', {
    flash: failures ? `auth.failedSince|${JSON.stringify({ count: failures })}` : undefined,
  });
}

export const handle: PageHandle = { title: 'auth.loginTitle' };

export default function LoginPage() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof LoginSchema>('login', actionData?.result);
  return (
    <div className="narrow">
      <h1>{t('auth.loginTitle')}</h1>
      <p className="muted">{t('app.tagline')}</p>
      {/* a full page load after sign-in: the next page comes in the user's own language and
          with its own scripts, rather than drawn first with the sign-in page's words */}
      <Form method="post" className="card" reloadDocument {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <FormGuard form="login" />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <TextField meta={fields.username} label={t('auth.username')} autoComplete="username" autoFocus />
        <TextField
          meta={fields.password}
          label={t('auth.password')}
          type="password"
          autoComplete="current-password"
        />
        <SubmitButton>{t('auth.login')}</SubmitButton>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
