import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { Types } from 'mongoose';
import { archiveOrganization, getOrganization, restoreOrganization, updateOrganization } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { OrganizationForm } from '~/components/forms/organization-form';
import { ArchiveControls, BackLink, StatusBadge } from '~/components/ui/record-page';
import { OrganizationSchema } from '~/schemas/master-data';
import { actorOf, requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseSubmission, readForm, saveForm } from '~/utils/forms.server';
import { checkOrganization, manageableOrgTypes, villageOptions } from '~/utils/organizations.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { handleArchiveIntent, idParam } from '~/utils/records.server';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'organization');
  const organization = await getOrganization(scope, idParam(params));
  if (!organization || !manageableOrgTypes(user).includes(organization.type)) notFound();
  const townId = organization.townId ? new Types.ObjectId(organization.townId) : null;
  return { organization, villages: await villageOptions(townId) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'organization');
  const id = idParam(params);
  const existing = await getOrganization(scope, id);
  if (!existing || !manageableOrgTypes(user).includes(existing.type)) notFound();
  const form = await readForm(request);
  const actor = actorOf(user, form);
  const archived = await handleArchiveIntent(
    form,
    {
      archive: () => archiveOrganization(scope, id, actor),
      restore: () => restoreOrganization(scope, id, actor),
    },
    '/organizations',
  );
  if (archived) return archived;

  const submission = parseSubmission(form, OrganizationSchema);
  if (submission.status !== 'success') return invalid(submission);
  const townId = existing.townId ? new Types.ObjectId(existing.townId) : null;
  const problems = await checkOrganization(user, townId, submission.value);
  // An organization keeps its type: its users' roles depend on it.
  if (submission.value.type !== existing.type) problems.type = ['v.invalidChoice'];
  if (Object.keys(problems).length) return invalid(submission, problems);
  const saved = await saveForm(submission, () => updateOrganization(scope, id, submission.value, actor), {
    name: 'v.duplicate',
  });
  if (!saved.ok) return saved.response;
  return redirectWithFlash('/organizations', 'common.saved');
}

export const handle: PageHandle = { title: (_t, _lng, d) => d?.organization.name };

export default function EditOrganizationPage() {
  const { organization, villages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const { villageId, memberHouseholds, level, ...rest } = organization;
  return (
    <>
      <BackLink to="/organizations">{t('nav.organizations')}</BackLink>
      <h1>
        {organization.name} <StatusBadge archivedAt={organization.archivedAt} />
      </h1>
      <OrganizationForm
        lastResult={actionData?.result}
        types={[organization.type]}
        villages={villages}
        defaultValue={{
          ...rest,
          villageId: villageId ?? undefined,
          memberHouseholds: memberHouseholds ?? undefined,
          level: level ?? undefined,
        }}
      />
      <ArchiveControls archivedAt={organization.archivedAt} recordId={organization.id} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
