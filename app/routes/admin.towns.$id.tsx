import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { getTown } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { TownForm } from '~/components/forms/town-form';
import { ArchiveControls, BackLink, StatusBadge } from '~/components/ui/record-page';
import { TownSchema } from '~/schemas/master-data';
import { requireUser } from '~/utils/auth.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';
import type { PageHandle } from '~/utils/page-handle';
import { townCommands } from '#models/town';
import { recordAction } from '~/utils/commands.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const scope = requirePermission(await requireUser(request), 'write', 'town');
  const town = await getTown(scope, idParam(params));
  if (!town) notFound();
  return { town };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params);
  return recordAction(request, user, townCommands, { schema: TownSchema, id, back: '/admin/towns' });
}

export const handle: PageHandle = { title: (_t, _lng, d) => d?.town.name };

export default function EditTownPage() {
  const { town } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <BackLink to="/admin/towns">{t('nav.towns')}</BackLink>
      <h1>
        {town.name} <StatusBadge archivedAt={town.archivedAt} />
      </h1>
      <TownForm lastResult={actionData?.result} defaultValue={town} />
      <ArchiveControls archivedAt={town.archivedAt} recordId={town.id} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
