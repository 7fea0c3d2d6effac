import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { createUser } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { UserForm } from '~/components/forms/user-form';
import { BackLink } from '~/components/ui/record-page';
import { UserCreateSchema } from '~/schemas/master-data';
import { actorOf, requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseForm, saveForm } from '~/utils/forms.server';
import { requirePermission } from '~/utils/permissions.server';
import { organizationOptions, resolveUserOrg } from '~/utils/users.server';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'user');
  return { organizations: await organizationOptions(scope) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'user');
  const { formData, submission } = await parseForm(request, UserCreateSchema);
  if (submission.status !== 'success') return invalid(submission);
  const org = await resolveUserOrg(submission.value);
  if (org.errors) return invalid(submission, org.errors);
  const saved = await saveForm(
    submission,
    () => createUser({ ...submission.value, orgId: org.orgId, townId: org.townId }, actorOf(user, formData)),
    { username: 'v.duplicateUsername' },
  );
  if (!saved.ok) return saved.response;
  return redirectWithFlash('/admin/users', 'common.saved');
}

export const handle: PageHandle = { title: 'user.new' };

export default function NewUserPage() {
  const { organizations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <BackLink to="/admin/users">{t('nav.users')}</BackLink>
      <h1>{t('user.new')}</h1>
      <UserForm lastResult={actionData?.result} organizations={organizations} isNew />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
