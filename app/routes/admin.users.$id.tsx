import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { revokeUserSessions, archiveUser, getUser, restoreUser, updateUser } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { UserForm } from '~/components/forms/user-form';
import { ArchiveControls, BackLink, StatusBadge } from '~/components/ui/record-page';
import { UserUpdateSchema } from '~/schemas/master-data';
import { actorOf, requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseSubmission, readForm, saveForm } from '~/utils/forms.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { handleArchiveIntent, idParam } from '~/utils/records.server';
import { organizationOptions, resolveUserOrg } from '~/utils/users.server';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'user');
  const target = await getUser(scope, idParam(params));
  if (!target) notFound();
  return { target, organizations: await organizationOptions(scope) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'user');
  const id = idParam(params);
  const before = await getUser(scope, id);
  if (!before) notFound();
  const formData = await readForm(request);
  const actor = actorOf(user, formData);
  if (formData.get('intent') === 'archive' && id.equals(user.id)) {
    return redirectWithFlash(`/admin/users/${id}`, 'user.cannotArchiveSelf');
  }
  const archived = await handleArchiveIntent(
    formData,
    {
      archive: async () => {
        const done = await archiveUser(scope, id, actor);
        if (done) await revokeUserSessions(id);
        return done;
      },
      restore: () => restoreUser(scope, id, actor),
    },
    '/admin/users',
  );
  if (archived) return archived;

  const submission = parseSubmission(formData, UserUpdateSchema);
  if (submission.status !== 'success') return invalid(submission);
  const org = await resolveUserOrg(submission.value);
  if (org.errors) return invalid(submission, org.errors);
  const saved = await saveForm(
    submission,
    () => updateUser(scope, id, { ...submission.value, orgId: org.orgId, townId: org.townId }, actor),
    { username: 'v.duplicateUsername' },
  );
  if (!saved.ok) return saved.response;
  if (!saved.value) notFound();
  // A reset password, or a move to another organization or role, ends the user's sessions.
  if (
    submission.value.password ||
    before.role !== submission.value.role ||
    before.orgId !== submission.value.orgId
  ) {
    await revokeUserSessions(id);
  }
  return redirectWithFlash('/admin/users', 'common.saved');
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
