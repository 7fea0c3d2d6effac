import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { Types } from 'mongoose';
import { getOrganization } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { OrganizationForm } from '~/components/forms/organization-form';
import { ArchiveControls, BackLink, StatusBadge } from '~/components/ui/record-page';
import { OrganizationSchema } from '~/schemas/master-data';
import { requireUser } from '~/utils/auth.server';
import { enterpriseOptions, manageableOrgTypes, villageOptions } from '~/utils/organizations.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';
import type { PageHandle } from '~/utils/page-handle';
import { organizationCommands } from '#models/town';
import { recordAction } from '~/utils/commands.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'organization');
  const organization = await getOrganization(scope, idParam(params));
  if (!organization || !manageableOrgTypes(user.role).includes(organization.type)) notFound();
  const townId = organization.townId ? new Types.ObjectId(organization.townId) : null;
  return {
    organization,
    villages: await villageOptions(townId),
    enterprises: organization.type === 'plant' ? await enterpriseOptions(townId) : [],
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return recordAction(request, user, organizationCommands, {
    schema: OrganizationSchema,
    id: idParam(params),
    back: '/organizations',
  });
}

export const handle: PageHandle = { words: ['plant'], title: (_t, _lng, d) => d?.organization.name };

export default function EditOrganizationPage() {
  const { organization, villages, enterprises } = useLoaderData<typeof loader>();
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
        enterprises={enterprises}
        defaultValue={{
          ...rest,
          villageId: villageId ?? undefined,
          memberHouseholds: memberHouseholds ?? undefined,
          level: level ?? undefined,
          weightUnit: rest.weightUnit ?? undefined,
          servesOrgId: rest.servesOrgId ?? undefined,
          tollProcessing: rest.tollProcessing ? 'on' : undefined,
        }}
      />
      {organization.type === 'carrier' || organization.type === 'plant' ? (
        <p>
          <Link to={`/organizations/${organization.id}/devices`}>{t('nav.deviceTokens')}</Link>
        </p>
      ) : null}
      <ArchiveControls archivedAt={organization.archivedAt} recordId={organization.id} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
