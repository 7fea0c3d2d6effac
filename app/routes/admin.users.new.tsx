import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { UserForm } from '~/components/forms/user-form';
import { BackLink } from '~/components/ui/record-page';
import { UserCreateSchema } from '~/schemas/master-data';
import { requireUser } from '~/utils/auth.server';
import { requirePermission } from '~/utils/permissions.server';
import { organizationOptions } from '~/utils/users.server';
import type { PageHandle } from '~/utils/page-handle';
import { userCommands } from '#models/town';
import { recordAction } from '~/utils/commands.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'user');
  return { organizations: await organizationOptions(scope) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return recordAction(request, user, userCommands, { schema: UserCreateSchema, back: '/admin/users' });
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
