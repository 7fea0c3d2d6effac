import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { archiveTown, getTown, restoreTown, updateTown } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { TownForm } from '~/components/forms/town-form';
import { ArchiveControls, BackLink, StatusBadge } from '~/components/ui/record-page';
import { TownSchema } from '~/schemas/master-data';
import { actorOf, requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseSubmission, readForm, saveForm } from '~/utils/forms.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { handleArchiveIntent, idParam } from '~/utils/records.server';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const scope = requirePermission(await requireUser(request), 'write', 'town');
  const town = await getTown(scope, idParam(params));
  if (!town) notFound();
  return { town };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'town');
  const id = idParam(params);
  const form = await readForm(request);
  const actor = actorOf(user, form);
  const archived = await handleArchiveIntent(
    form,
    { archive: () => archiveTown(scope, id, actor), restore: () => restoreTown(scope, id, actor) },
    '/admin/towns',
  );
  if (archived) return archived;
  const submission = parseSubmission(form, TownSchema);
  if (submission.status !== 'success') return invalid(submission);
  const saved = await saveForm(submission, () => updateTown(scope, id, submission.value, actor), {
    name: 'v.duplicate',
    code: 'v.duplicateCode',
  });
  if (!saved.ok) return saved.response;
  if (!saved.value) notFound();
  return redirectWithFlash('/admin/towns', 'common.saved');
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
