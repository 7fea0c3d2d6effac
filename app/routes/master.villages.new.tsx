import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { createVillage } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { VillageForm } from '~/components/forms/village-form';
import { BackLink } from '~/components/ui/record-page';
import { VillageSchema } from '~/schemas/master-data';
import { actorOf, requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseForm, saveForm } from '~/utils/forms.server';
import { requirePermission } from '~/utils/permissions.server';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'village');
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'village');
  const { formData, submission } = await parseForm(request, VillageSchema);
  if (submission.status !== 'success') return invalid(submission);
  const saved = await saveForm(
    submission,
    () => createVillage(scope.townId!, submission.value, actorOf(user, formData)),
    { name: 'v.duplicate' },
  );
  if (!saved.ok) return saved.response;
  return redirectWithFlash('/master/villages', 'common.saved');
}

export const handle: PageHandle = { title: 'village.new' };

export default function NewVillagePage() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <BackLink to="/master/villages">{t('nav.villages')}</BackLink>
      <h1>{t('village.new')}</h1>
      <VillageForm lastResult={actionData?.result} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
