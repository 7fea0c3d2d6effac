import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { getUser } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { UserForm } from '~/components/forms/user-form';
import { ArchiveControls, BackLink, StatusBadge } from '~/components/ui/record-page';
import { UserUpdateSchema } from '~/schemas/master-data';
import { requireUser } from '~/utils/auth.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';
import { organizationOptions } from '~/utils/users.server';
import type { PageHandle } from '~/utils/page-handle';
import { userCommands } from '#models/town';
import { recordAction } from '~/utils/commands.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'user');
  const target = await getUser(scope, idParam(params));
  if (!target) notFound();
  return { target, organizations: await organizationOptions(scope) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return recordAction(request, user, userCommands, {
    schema: UserUpdateSchema,
    id: idParam(params),
    back: '/admin/users',
  });
}

export const handle: PageHandle = { title: (_t, _lng, d) => d?.target.username };

export default function EditUserPage() {
  const { target, organizations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <BackLink to="/admin/users">{t('nav.users')}</BackLink>
      <h1>
        {target.username} <StatusBadge archivedAt={target.archivedAt} />
      </h1>
      <UserForm
        lastResult={actionData?.result}
        organizations={organizations}
        isNew={false}
        defaultValue={{
          username: target.username,
          displayName: target.displayName,
          role: target.role,
          orgId: target.orgId,
        }}
      />
      <ArchiveControls archivedAt={target.archivedAt} recordId={target.id} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
