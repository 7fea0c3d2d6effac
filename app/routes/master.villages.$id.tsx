import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { getVillage } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { VillageForm } from '~/components/forms/village-form';
import { ArchiveControls, BackLink, StatusBadge } from '~/components/ui/record-page';
import { VillageSchema } from '~/schemas/master-data';
import { requireUser } from '~/utils/auth.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';
import type { PageHandle } from '~/utils/page-handle';
import { villageCommands } from '#models/town';
import { recordAction } from '~/utils/commands.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'village');
  const village = await getVillage(scope, idParam(params));
  if (!village) notFound();
  return { village };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params);
  return recordAction(request, user, villageCommands, {
    schema: VillageSchema,
    id,
    back: '/master/villages',
  });
}

export const handle: PageHandle = { title: (_t, _lng, d) => d?.village.name };

export default function EditVillagePage() {
  const { village } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <BackLink to="/master/villages">{t('nav.villages')}</BackLink>
      <h1>
        {village.name} <StatusBadge archivedAt={village.archivedAt} />
      </h1>
      <VillageForm lastResult={actionData?.result} defaultValue={village} />
      <ArchiveControls archivedAt={village.archivedAt} recordId={village.id} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
